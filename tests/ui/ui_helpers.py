"""Helpers shared by the UI tests that build their own window."""

from __future__ import annotations


def wait_for_first_page(qapp, window) -> None:
    """Poll until the window shows its first page from the full index (module fixtures have no qtbot).

    Vaults open in two stages; tests start once links, topics and backlinks are in and nothing is loading.
    """
    shown = []
    window.page_shown.connect(shown.append)
    for _ in range(400):
        if shown and window.index is not None and window.index.complete and not window.loader.busy:
            break
        qapp.processEvents()
        qapp.thread().msleep(25)
    window.page_shown.disconnect(shown.append)
    assert shown, "the vault did not load"
