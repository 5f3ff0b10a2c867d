"""A note's video page is rendered while the reader reads the note, so the click on its "▶ Video" hands the view
the page at once; the side panels are filled while the web view loads it, before it is on screen."""

from __future__ import annotations

from PySide6.QtCore import QUrl

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings
from tests.render.video_vault import VID, write_video_vault
from ui_helpers import open_and_wait_for_videos

NOTE = "chan/first.md"
TARGET = Location("video", VID, via=NOTE)  # what the note's "▶ Video" opens


def make_window(qtbot, tmp_path, renderer: str) -> MainWindow:
    win = MainWindow(renderer=renderer, settings=AppSettings(tmp_path / "settings.ini"), staged=False, watch=False)
    qtbot.addWidget(win)
    win.show()
    open_and_wait_for_videos(qtbot, win, write_video_vault(tmp_path / "vault"), note=NOTE)
    return win


def test_the_video_page_of_the_note_read_is_ready_before_the_click(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, "text")
    with qtbot.waitSignal(window.video_prerender.prerendered, timeout=10000) as ready:
        window.router.go(Location("note", "chan/second.md"))  # (the first note's was prepared on opening)
    assert ready.args == [Location("video", VID, via="chan/second.md")]
    assert window.session.source.cached("video", VID, "chan/second.md") is not None
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.router.go(Location("note", NOTE))
    qtbot.waitUntil(lambda: window.session.source.cached(TARGET.kind, TARGET.key, TARGET.via) is not None)
    window.router.open_url(QUrl(TARGET.url))  # the click
    assert window.presenter.shown == TARGET  # handed to the view in the click itself: no render to wait for


def test_a_page_other_than_a_note_prepares_nothing(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, "text")
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.router.go(Location("note", "plain.md"))  # no video
    with qtbot.assertNotEmitted(window.video_prerender.prerendered, wait=600):
        pass
    assert window.session.source.cached("video", VID, "plain.md") is None


def test_the_side_panels_are_filled_while_the_web_view_loads_the_page(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path, "web")
    shown: list = []
    window.page_shown.connect(shown.append)
    panel_when_given: list = []  # when the view is handed the page, before it loads it
    window.presenter.title_changed.connect(
        lambda _title: panel_when_given.append((len(shown), window.stamp_panel.topLevelItemCount())))
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.router.go(Location("video", VID))
    assert panel_when_given == [(0, 6)]
