"""Stamps in the video player dock: the router decides, the dock is asked for (video, second); no network."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl, Qt

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location, video_at
from desktop.ui.settings import AppSettings
from ui_helpers import wait_for_first_page


@pytest.fixture(scope="module")
def window(qapp, vault_root, tmp_path_factory):
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path_factory.mktemp("playerconfig") / "s.ini"))
    win.resize(1280, 800)  # room for the player beside the panels (the test screen is 800 wide: a window starts smaller)
    win.show()
    win.open_vault(vault_root)
    wait_for_first_page(qapp, win)
    yield win
    win.close()


@pytest.fixture
def played(window, monkeypatch):
    """Turn the player on and catch what the dock is asked to play (nothing loads)."""
    window.apply_preferences(window.prefs.with_changes(stamp_target="player"))
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(window.player(), "play", lambda video_id, seconds: calls.append((video_id, seconds)))
    yield calls
    window.apply_preferences(window.prefs.with_changes(stamp_target="browser"))


def click_stamp_row(qtbot, window, row):
    panel = window.stamp_panel
    rect = panel.visualItemRect(panel.topLevelItem(row))
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def goto_alpha(qtbot, window):
    if window.shown != Location("note", "alpha.md"):
        with qtbot.waitSignal(window.page_shown, timeout=5000):
            window.router.go(Location("note", "alpha.md"))


def test_player_on_stamp_click_plays_in_the_dock(qtbot, window, played, browser):
    goto_alpha(qtbot, window)
    click_stamp_row(qtbot, window, 1)  # the panel
    window.view.anchorClicked.emit(QUrl(window.index.notes["alpha.md"].stamps[0].url))  # a chip in the note
    assert played == [("abcdefghijk", 3723), ("abcdefghijk", 65)]
    assert browser == []
    window.view.anchorClicked.emit(QUrl("https://example.org/page"))  # not a video: still the browser
    assert browser == ["https://example.org/page"]
    assert window.shown == Location("note", "alpha.md")


def test_player_off_stamp_click_opens_the_browser(qtbot, window, browser):
    assert not window.prefs.stamps_in_player
    goto_alpha(qtbot, window)
    click_stamp_row(qtbot, window, 0)
    assert browser == ["https://www.youtube.com/watch?v=abcdefghijk&t=65s"]


def test_turning_the_player_off_stops_and_hides_it(qtbot, window):
    window.apply_preferences(window.prefs.with_changes(stamp_target="player"))
    dock = window.player()
    dock.show()
    assert window.player_action.isEnabled() and window.player_action.isChecked()
    window.apply_preferences(window.prefs.with_changes(stamp_target="browser"))
    assert not dock.isVisible() and dock.current_url is None
    assert not window.player_action.isEnabled()


@pytest.mark.parametrize("url, expected", [
    ("https://www.youtube.com/watch?v=abcdefghijk&t=65s", ("abcdefghijk", 65)),
    ("https://youtu.be/abcdefghijk?t=1m5s", ("abcdefghijk", 65)),
    ("https://www.youtube.com/watch?v=abcdefghijk#t=1h2m3s", ("abcdefghijk", 3723)),
    ("https://www.youtube.com/embed/abcdefghijk?start=30", ("abcdefghijk", 30)),
    ("https://www.youtube.com/watch?v=abcdefghijk", ("abcdefghijk", 0)),
    ("https://example.org/watch?v=abcdefghijk&t=5", None),
    ("https://www.youtube.com/watch?v=short&t=5", None),
    ("https://www.youtube.com/feed/subscriptions", None),
])
def test_video_at(url, expected):
    assert video_at(url) == expected

