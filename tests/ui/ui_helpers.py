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


def open_and_wait_for_videos(qtbot, window, root, **kwargs) -> None:
    """Open `root` and wait until its page is on screen as rendered with the vault's videos listed (a note's
    strip comes with them): the page shown after `videos_changed`, which always shows the page once more."""
    seen = {"videos": False, "shown": False}

    def listed(_videos) -> None:
        seen["videos"] = True

    def shown(_location) -> None:
        seen["shown"] = seen["shown"] or seen["videos"]

    window.session.videos_changed.connect(listed)
    window.page_shown.connect(shown)
    try:
        window.open_vault(root, **kwargs)
        qtbot.waitUntil(lambda: seen["shown"], timeout=20000)
    finally:
        window.session.videos_changed.disconnect(listed)
        window.page_shown.disconnect(shown)
