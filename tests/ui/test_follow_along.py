"""Follow along, driven by a local fake IFrame API (`fake_iframe_api.js`, no network) in the player dock's own
page: as the fake's clock advances or jumps, the stamp being said is the stamp panel's current row, the note view
marks its passage and the dock's caption says its sentence, on a note page and on a video page; a stamp of the
open video seeks it (`seekTo`), another video is loaded into the same player (`loadVideoById`); "Follow Video"
off, or scrolling by hand, leaves the reader's place alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.player_dock import player_profile
from desktop.ui.player_page import PLAYER_HOST
from desktop.ui.settings import AppSettings
from desktop.ui.web_view import APP_WORLD
from tests.render.video_vault import OTHER, VID, write_video_vault
from fake_player import FAKE_API_URL, fake_calls, play_to
from ui_helpers import open_and_wait_for_videos


def make_window(qtbot, tmp_path, renderer: str) -> MainWindow:
    root = write_video_vault(tmp_path / "vault")
    win = MainWindow(renderer=renderer, settings=AppSettings(tmp_path / "settings.ini"), staged=False, watch=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)  # room for the player beside the panels (the test screen is 800 wide: a window starts smaller)
    win.show()
    open_and_wait_for_videos(qtbot, win, root, note="chan/first.md")
    win.apply_preferences(win.prefs.with_changes(stamp_target="player"))
    win.player().api_url = FAKE_API_URL  # the fake IFrame API in place of youtube.com's
    return win


@pytest.fixture
def gate():
    """No test reaches the network: every http(s) request of the player's profile is refused."""
    network_gate = player_profile().network_gate
    network_gate.open = False
    yield network_gate
    network_gate.open = True


@pytest.fixture
def window(qtbot, tmp_path, gate):
    win = make_window(qtbot, tmp_path, "text")
    yield win
    win.player_dock.stop()
    win.apply_preferences(win.prefs.with_changes(stamp_target="browser"))


def click_row(qtbot, window, row: int) -> None:
    panel = window.stamp_panel
    rect = panel.visualItemRect(panel.topLevelItem(row))
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def current_row(window) -> int:
    panel = window.stamp_panel
    return panel.indexOfTopLevelItem(panel.currentItem())


def marked(window) -> str:
    """The passage the text note view has selected."""
    return window.view.textCursor().selectedText()


def start_playing(qtbot, window, row: int = 0) -> None:
    with qtbot.waitSignal(window.player().playing, timeout=10000):
        click_row(qtbot, window, row)


def test_the_stamp_being_said_follows_the_video_as_it_advances_and_jumps(qtbot, window):
    start_playing(qtbot, window)  # 0:10, "Opening"
    dock = window.player_dock
    assert fake_calls(qtbot, dock) == [["new", VID, 10, PLAYER_HOST], ["playVideo"]]
    play_to(qtbot, dock, 20.5)
    qtbot.waitUntil(lambda: current_row(window) == 1)  # "Second point" at 0:20
    assert marked(window).startswith("Second point")
    assert dock.caption.text() == "▶ 0:20 · Second point"
    play_to(qtbot, dock, 541)
    qtbot.waitUntil(lambda: current_row(window) == 2)  # a jump ahead: "Closing" at 9:00
    assert marked(window).startswith("Closing")
    assert dock.caption.text() == "▶ 9:00 · Closing"
    play_to(qtbot, dock, 16)
    qtbot.waitUntil(lambda: current_row(window) == 0)  # and back
    assert marked(window).startswith("Opening")
    assert dock.caption.text() == "▶ 0:10 · Opening"  # this note's passage (another note quotes 0:15)


def test_a_stamp_of_the_open_video_seeks_it_and_another_video_loads_in_the_same_player(qtbot, window):
    start_playing(qtbot, window)
    dock = window.player_dock
    with qtbot.waitSignal(dock.sought, timeout=5000) as sought:
        click_row(qtbot, window, 2)  # 9:00 of the same video: seek, do not load it again
    assert sought.args == [540]
    qtbot.waitSignal(dock.time_changed, timeout=5000, check_params_cb=lambda _v, at: at == 540).wait()
    with qtbot.waitSignal(dock.playing, timeout=5000) as playing:
        window.play_video(OTHER, 60)
    assert playing.args == [60]
    calls = fake_calls(qtbot, dock)
    assert [call[0] for call in calls].count("new") == 1  # one player, one page, all along
    assert ["seekTo", 540] in calls and calls[-1] == ["loadVideoById", OTHER, 60]
    qtbot.waitSignal(dock.time_changed, timeout=5000, check_params_cb=lambda v, at: (v, at) == (OTHER, 60)).wait()
    assert current_row(window) == 2  # another video's time moves nothing on this note


def test_on_a_video_page_the_merged_outline_row_follows(qtbot, window):
    start_playing(qtbot, window)
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.router.go(Location("video", VID))
    assert window.stamp_panel.topLevelItemCount() == 6  # 0:10, 0:15 (quoted), 0:20, 5:00, 6:00, 9:00
    dock = window.player_dock
    play_to(qtbot, dock, 301)
    qtbot.waitUntil(lambda: current_row(window) == 3)
    assert marked(window) == "▶ 5:00"  # the chip of the outline's row `vo-3`
    assert dock.caption.text() == "▶ 5:00 · In between"
    play_to(qtbot, dock, 16)
    qtbot.waitUntil(lambda: current_row(window) == 1)
    assert dock.caption.text().startswith("▶ 0:15 · ")


def test_follow_video_off_leaves_the_row_but_the_caption_follows(qtbot, window):
    start_playing(qtbot, window)
    dock = window.player_dock
    play_to(qtbot, dock, 20)
    qtbot.waitUntil(lambda: current_row(window) == 1)
    window.follow_action.trigger()  # View → Follow Video, off
    assert not window.follow_action.isChecked()
    play_to(qtbot, dock, 541)
    assert current_row(window) == 1  # the reader's row stays
    assert dock.caption.text() == "▶ 9:00 · Closing"
    window.follow_action.trigger()  # on again
    play_to(qtbot, dock, 545)
    qtbot.waitUntil(lambda: current_row(window) == 2)


def test_another_videos_time_moves_nothing(qtbot, window):
    window.follow_video("zzzzzzzzzzz", 541)
    assert current_row(window) == -1
    window.follow_video(VID, 541)
    assert current_row(window) == 2


@pytest.mark.parametrize("scroll", ["wheel", "page down"])
def test_scrolling_the_note_by_hand_pauses_following_for_a_moment(qtbot, window, scroll):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    start_playing(qtbot, window)
    dock = window.player_dock
    play_to(qtbot, dock, 20)
    qtbot.waitUntil(lambda: current_row(window) == 1)
    pause = window.follow_pause.timer
    pause.setInterval(300)  # a short moment for the test; waited on through its signal, never slept
    target = window.view.viewport()
    if scroll == "wheel":
        center = QPointF(target.rect().center())
        QApplication.sendEvent(target, QWheelEvent(center, QPointF(target.mapToGlobal(center.toPoint())), QPoint(),
                                                   QPoint(0, -120), Qt.MouseButton.NoButton,
                                                   Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                                                   False))
    else:
        window.view.setFocus()
        qtbot.keyClick(window.view, Qt.Key.Key_PageDown)
    assert window.follow_pause.paused
    with qtbot.waitSignal(pause.timeout, timeout=5000):
        window.follow_video(VID, 541)  # what the player reports meanwhile
        assert current_row(window) == 1  # the reader's place wins while they scroll
    play_to(qtbot, dock, 542)
    qtbot.waitUntil(lambda: current_row(window) == 2)


def test_in_the_web_view_the_passage_being_said_is_marked_by_the_app(qtbot, tmp_path, gate):
    """The web note view (JavaScript off): the chip `#stamp-<i>` becomes the page's :target, and on a video page
    the outline row is marked by the app's script in its own world."""
    win = make_window(qtbot, tmp_path, "web")
    try:
        start_playing(qtbot, win)
        dock = win.player_dock
        view = win.view

        def target() -> str:
            return _id_of(qtbot, view, ":target")

        play_to(qtbot, dock, 20.5)
        qtbot.waitUntil(lambda: target() == "stamp-1", timeout=5000)
        play_to(qtbot, dock, 541)
        qtbot.waitUntil(lambda: target() == "stamp-2", timeout=5000)

        with qtbot.waitSignal(win.page_shown, timeout=10000):
            win.router.go(Location("video", VID))

        def highlighted() -> str:
            return _id_of(qtbot, view, "[data-nr-highlight]")

        play_to(qtbot, dock, 301)
        qtbot.waitUntil(lambda: highlighted() == "vo-3", timeout=5000)
    finally:
        win.player_dock.stop()
        win.apply_preferences(win.prefs.with_changes(stamp_target="browser"))


def _id_of(qtbot, view, selector: str) -> str:
    """The id of the element of the web view's page matching `selector` ('' when none), asked in the app's world."""
    answers: list = []
    view.note_page.runJavaScript(
        f"(function () {{ var t = document.querySelector({selector!r}); return t ? t.id : ''; }})()",
        APP_WORLD, answers.append)
    qtbot.waitUntil(lambda: len(answers) == 1, timeout=5000)
    return answers[0]


def test_a_stamp_of_another_video_is_captioned_with_that_videos_title(qtbot, window):
    """QA: from a video page the player's caption named the video by its id, though its title was known."""
    video = window.session.videos.get(OTHER)
    assert video is not None
    with qtbot.waitSignal(window.player().playing, timeout=10000):
        window.play_video(OTHER, 60)
        assert window.player_dock.caption.text() == f"▶ 1:00 · {video.display_title}"  # until a stamp is said
