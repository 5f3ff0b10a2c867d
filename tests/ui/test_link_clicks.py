"""Links the router hands elsewhere (a stamp chip, a web link) open there and leave no false error behind,
clicked for real inside Chromium (Tab to the link, Enter)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings
from ui_helpers import open_and_wait_for_videos

LINKS = """---
title: Links
videoId: abcdefghijk
---
A web link [the web](https://example.org/page) then a stamp <a class="yt-timestamp" data-t="00:01:05"></a>.
"""


@pytest.fixture
def web_window(qtbot, tmp_path):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "links.md").write_text(LINKS, encoding="utf-8")
    win = MainWindow(renderer="web", settings=AppSettings(tmp_path / "settings.ini"), staged=False)
    qtbot.addWidget(win)
    win.show()
    open_and_wait_for_videos(qtbot, win, root)  # the page shows again with its video strip
    return win


def activate_link(qtbot, window, tabs: int, browser: list[str]) -> None:
    """Tab to the `tabs`-th link and press Enter, until the browser got it (Chromium drops keys that come
    before its fresh page is ready for them; no signal tells when it is)."""
    target = window.view.focusProxy()
    for _attempt in range(6):
        target.setFocus()
        qtbot.keyClick(target, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        try:
            with qtbot.waitSignal(window.view.loadFinished, timeout=2000):  # Chromium ends the refused load
                for _ in range(tabs):
                    qtbot.keyClick(target, Qt.Key.Key_Tab)
                qtbot.keyClick(target, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: len(browser) > 0, timeout=2000)
            return
        except qtbot.TimeoutError:
            browser.clear()
            continue
    raise AssertionError("the link was never activated")


@pytest.mark.parametrize("tabs, opened", [(3, "https://example.org/page"),  # after the video link, the strip's
                                          (4, "https://www.youtube.com/watch?v=abcdefghijk&t=65s")])  # label (its
# marks are no Tab stops)
def test_chip_and_web_links_open_without_a_false_error(qtbot, web_window, browser, tabs, opened):
    reports: list[bool] = []
    web_window.view.page_loaded.connect(reports.append)
    activate_link(qtbot, web_window, tabs, browser)
    assert browser[-1] == opened
    assert reports == []  # the refused navigation is not a page load of ours
    assert "could not be shown" not in web_window.statusBar().currentMessage()
    assert web_window.shown == Location("note", "links.md")


def test_a_web_link_no_browser_takes_is_said(qtbot, monkeypatch):
    """QA: with no browser installed, a click on a web link did nothing visible."""
    from PySide6.QtGui import QDesktopServices

    from desktop.ui.navigation import LinkRouter
    from desktop.ui.session import VaultSession

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    router = LinkRouter(VaultSession())
    with qtbot.waitSignal(router.message, timeout=2000) as said:
        router.open_url("https://example.org/page")
    assert said.args[0].startswith("No web browser opened https://example.org/page")
