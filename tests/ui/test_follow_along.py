"""Follow along, driven by a local fake player (no network): the dock reads the playing time of the embed's
`<video>`; the stamp being said becomes the current row (and the note shows it), on a note page and on a video
page; a stamp of the open video seeks it instead of loading it again; "Follow Video" off leaves the row alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtWebEngineCore import QWebEngineUrlSchemeHandler

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.player_dock import APP_WORLD, player_profile
from desktop.ui.settings import AppSettings
from tests.render.video_vault import VID, write_video_vault
from ui_helpers import open_and_wait_for_videos

# The few parts of a YouTube embed the dock relies on: a page under /embed/<id> holding a <video> element. With
# no media loaded, a <video>'s currentTime keeps what it is set to, so a test moves the "playback" by hand.
FAKE_PLAYER = b"<!DOCTYPE html><html><body><video></video><p>fake player</p></body></html>"


class FakePlayerScheme(QWebEngineUrlSchemeHandler):
    """Serves the fake player at vault://fake/embed/<id> in the player's own profile."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[str] = []
        self.buffers: list[QBuffer] = []

    def requestStarted(self, job) -> None:  # noqa: N802 (Qt override)
        self.requests.append(job.requestUrl().toString())
        buffer = QBuffer(parent=job)
        buffer.setData(QByteArray(FAKE_PLAYER))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(b"text/html", buffer)


@pytest.fixture
def window(qtbot, tmp_path):
    root = write_video_vault(tmp_path / "vault")
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"), staged=False, watch=False)
    qtbot.addWidget(win)
    win.show()
    open_and_wait_for_videos(qtbot, win, root, note="chan/first.md")
    win.apply_preferences(win.prefs.with_changes(stamp_target="player"))
    scheme = FakePlayerScheme()
    profile = player_profile()
    profile.installUrlSchemeHandler(b"vault", scheme)
    dock = win.player()
    dock._ensure_view()
    dock.page.embed_hosts.add("fake")
    dock.embed_url = lambda video_id, seconds: f"vault://fake/embed/{video_id}?start={seconds}"
    win.fake_player = scheme
    yield win
    dock.stop()
    profile.removeUrlSchemeHandler(scheme)
    win.apply_preferences(win.prefs.with_changes(stamp_target="browser"))


def click_row(qtbot, window, row: int) -> None:
    panel = window.stamp_panel
    rect = panel.visualItemRect(panel.topLevelItem(row))
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def play_to(qtbot, window, seconds: float) -> None:
    """Move the fake player's time, and wait until the dock has reported it."""
    dock = window.player_dock
    dock.page.runJavaScript(f"document.querySelector('video').currentTime = {seconds}", APP_WORLD)
    qtbot.waitSignal(dock.time_changed, timeout=5000,
                     check_params_cb=lambda _video, at: abs(at - seconds) < 0.01).wait()


def current_row(window) -> int:
    panel = window.stamp_panel
    return panel.indexOfTopLevelItem(panel.currentItem())


def test_the_stamp_being_said_follows_the_video_and_a_stamp_seeks_the_open_player(qtbot, window):
    dock = window.player()
    with qtbot.waitSignal(dock.playing, timeout=10000):
        click_row(qtbot, window, 0)  # 0:10, "Opening"
    assert window.fake_player.requests == [f"vault://fake/embed/{VID}?start=10"]
    play_to(qtbot, window, 20.5)
    qtbot.waitUntil(lambda: current_row(window) == 1)  # "Second point" at 0:20
    play_to(qtbot, window, 541)
    qtbot.waitUntil(lambda: current_row(window) == 2)  # a jump ahead: "Closing" at 9:00
    play_to(qtbot, window, 15)
    qtbot.waitUntil(lambda: current_row(window) == 0)  # and back

    with qtbot.waitSignal(dock.sought, timeout=5000) as sought:
        click_row(qtbot, window, 1)  # the same video: seek, do not load it again
    assert sought.args == [20] and len(window.fake_player.requests) == 1
    qtbot.waitSignal(dock.time_changed, timeout=5000, check_params_cb=lambda _v, at: at == 20).wait()

    window.follow_action.setChecked(False)
    play_to(qtbot, window, 541)
    play_to(qtbot, window, 541)  # two reports of the new time: the row stays where the reader put it
    assert current_row(window) == 1


def test_on_a_video_page_the_merged_outline_row_follows(qtbot, window):
    dock = window.player()
    with qtbot.waitSignal(dock.playing, timeout=10000):
        click_row(qtbot, window, 0)
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.router.go(Location("video", VID))
    assert window.stamp_panel.topLevelItemCount() == 6  # 0:10, 0:15 (quoted), 0:20, 5:00, 6:00, 9:00
    play_to(qtbot, window, 301)
    qtbot.waitUntil(lambda: current_row(window) == 3)
    play_to(qtbot, window, 16)
    qtbot.waitUntil(lambda: current_row(window) == 1)


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

    window.follow_video(VID, 20)
    assert current_row(window) == 1
    pause = window.follow_pause.timer
    pause.setInterval(200)  # a short moment for the test; waited on through its signal, never slept
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
        window.follow_video(VID, 541)
        assert current_row(window) == 1  # the reader's place wins while they scroll
    window.follow_video(VID, 541)
    assert current_row(window) == 2
