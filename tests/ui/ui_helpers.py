"""Helpers shared by the UI tests that build their own window."""

from __future__ import annotations


def wait_for_first_page(qapp, window) -> None:
    """Poll until the window shows its first page (module fixtures have no qtbot to wait with)."""
    shown = []
    window.page_shown.connect(shown.append)
    for _ in range(400):
        if shown:
            break
        qapp.processEvents()
        qapp.thread().msleep(25)
    window.page_shown.disconnect(shown.append)
    assert shown, "the vault did not load"
