"""Video pages in the window, reached from every place the issue names: the Videos tab, the note's "▶ Video"
link, the quick switcher (title or id), the stamp panel, and `--note video:ID`; back and forward go through
them like any page, and the window title names the video."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QUrl, Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings
from desktop.ui.tree_model import VIDEO_ROLE
from tests.render.video_vault import OTHER, VID, write_video_vault
from ui_helpers import open_and_wait_for_videos

VIDEO = Location("video", VID)


@pytest.fixture(scope="module")
def video_vault(tmp_path_factory):
    return write_video_vault(tmp_path_factory.mktemp("videos") / "vault")


@pytest.fixture
def window(qtbot, tmp_path, video_vault):
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"), staged=False, watch=False)
    qtbot.addWidget(win)
    win.show()
    open_and_wait_for_videos(qtbot, win, video_vault, note="chan/first.md")
    # the note shows again (in place) with its strip once the catalog is in: rendered from the source that has it
    qtbot.waitUntil(lambda: win.shown == Location("note", "chan/first.md")
                    and win.source.cached("note", "chan/first.md") is not None)
    qtbot.waitUntil(lambda: win.tree_panel.video_model.rowCount() > 0)  # sorted into channels on a worker
    return win


def focus(qtbot, widget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def shown_html(qtbot, window) -> str:
    """The HTML of the page on screen, once its render is kept: a page shown again in place (the video catalog
    sorted in meanwhile) is rendered anew, and was not kept yet for a moment (1 run of the suite in 10)."""
    def kept():
        return window.source.cached(window.shown.kind, window.shown.key, window.shown.via)

    qtbot.waitUntil(lambda: kept() is not None)
    return kept()[1]


def test_the_videos_tab_opens_a_video_page_with_enter_and_history_goes_through_it(qtbot, window):
    panel = window.tree_panel
    panel.tabs.setCurrentWidget(panel.video_tree)
    tree = panel.video_tree
    focus(qtbot, tree)
    row = panel.video_model.index_of_video(VID)
    tree.setCurrentIndex(row)
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.shown == VIDEO
    assert window.windowTitle().startswith("A talk & more")
    assert '<svg class="timeline"' in shown_html(qtbot, window)
    assert window.stamp_panel.topLevelItemCount() == 6  # the merged stamps of its three notes
    assert tree.currentIndex().data(VIDEO_ROLE) == VID
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.shown == Location("note", "chan/first.md")
    assert not tree.currentIndex().isValid()  # the tab no longer marks a video
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.shown == VIDEO


def test_the_filter_narrows_the_videos_tab_and_enter_opens_the_first(qtbot, window):
    panel = window.tree_panel
    panel.tabs.setCurrentWidget(panel.video_tree)
    focus(qtbot, panel.filter_edit)
    qtbot.keyClicks(panel.filter_edit, "bbbbb")
    qtbot.waitUntil(lambda: panel.video_model.rowCount() == 1)
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Return)
    assert window.shown == Location("video", OTHER)
    assert window.windowTitle().startswith(OTHER)  # no title anywhere: the id


def test_the_notes_video_link_and_strip_open_the_video_page(qtbot, window):
    html = shown_html(qtbot, window)
    assert 'class="video-strip"' in html
    hrefs = re.findall(r'<a class="(?:video|strip-label)" href="([^"]+)"', html)
    assert hrefs == [f"vault://video/{VID}?via=chan%2Ffirst.md"] * 2
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.view.anchorClicked.emit(QUrl(hrefs[0]))  # what the text view does on a click
    assert window.shown == Location("video", VID, via="chan/first.md")  # its marks stand out
    assert len(re.findall(r'<a class="tl-mark [^"]*tl-hl" data-seconds="\d+" data-note="chan/first.md"',
                          shown_html(qtbot, window))) == 3


@pytest.mark.parametrize("typed", ["talk more", VID.lower()[:8]])
def test_the_quick_switcher_finds_a_video_by_title_or_id(qtbot, window, typed):
    focus(qtbot, window.tree_panel.note_tree)
    qtbot.keyClick(window.tree_panel.note_tree, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.switcher.edit)
    qtbot.keyClicks(window.switcher.edit, typed)
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(window.switcher.edit, Qt.Key.Key_Return)
    assert window.shown == VIDEO


def test_ctrl_enter_in_the_stamp_panel_opens_the_page_of_the_stamps_video(qtbot, window):
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.router.go(Location("note", "else/quoting.md"))
    panel = window.stamp_panel
    focus(qtbot, panel)
    panel.setCurrentItem(panel.topLevelItem(1))  # "Quoted": a stamp carrying the other video's URL
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.shown == Location("video", VID, via="else/quoting.md")
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.session.back()
    panel.setCurrentItem(panel.topLevelItem(0))  # its own video
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.shown == Location("video", OTHER, via="else/quoting.md")


def test_note_video_id_on_the_command_line_opens_the_video_page(qtbot, tmp_path, video_vault):
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"), watch=False)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.page_shown, timeout=20000, check_params_cb=lambda loc: loc.kind == "video"):
        win.open_vault(video_vault, note=f"video:{VID}")
    assert win.shown == VIDEO
    assert win.windowTitle().startswith("A talk & more")


def test_an_unknown_video_on_the_command_line_is_reported(qtbot, tmp_path, video_vault):
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"), watch=False)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.note_not_found, timeout=20000) as missing:
        win.open_vault(video_vault, note="video:zzzzzzzzzzz")
    assert missing.args == ["video:zzzzzzzzzzz"]


def test_the_videos_tab_sorts_its_videos_off_the_gui_thread_and_a_new_vault_empties_it(qtbot, tmp_path, monkeypatch):
    import threading

    from desktop.render.video_catalog import build_video_catalog
    from desktop.ui import tree_panel as tree_panel_module
    from desktop.ui.tree_panel import TreePanel
    from tests.render.video_vault import video_index

    threads = []
    real_shelf = tree_panel_module.VideoShelf

    def shelf(videos):
        threads.append(threading.current_thread())
        return real_shelf(videos)

    monkeypatch.setattr(tree_panel_module, "VideoShelf", shelf)
    panel = TreePanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.videos_shown, timeout=10000):
        panel.set_videos(build_video_catalog(video_index(tmp_path)))
    assert threads and threads[0] is not threading.main_thread()
    assert [panel.video_model.index(r, 0).data() for r in range(panel.video_model.rowCount())] == ["chan", "else"]
    with qtbot.waitSignal(panel.videos_shown, timeout=10000):
        panel.set_videos(None)
    assert panel.video_model.rowCount() == 0


def test_go_video_page_of_this_note_from_any_pane_and_only_for_a_note_with_a_video(qtbot, window):
    action = window.video_page_action
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Shift+Y"
    focus(qtbot, window.tree_panel.note_tree)
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(window.tree_panel.note_tree, Qt.Key.Key_Y,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.shown == Location("video", VID, via="chan/first.md")
    assert not action.isEnabled()  # a video page is no note
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.router.go(Location("note", "plain.md"))
    assert not action.isEnabled()


def test_a_video_page_read_last_time_opens_again_once_the_videos_are_listed(qtbot, tmp_path, video_vault):
    settings = AppSettings(tmp_path / "settings.ini")
    settings.remember_location(video_vault.resolve(), VIDEO.url)
    win = MainWindow(renderer="text", settings=settings, watch=False)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.page_shown, timeout=20000) as shown:
        win.open_vault(video_vault)
    assert shown.args == [VIDEO]  # not the first note while the catalog was still being built


def test_video_page_of_selected_stamp_with_none_selected_says_so(qtbot, window):
    """Go → Video Page of Selected Stamp chosen before any stamp was: it said "This stamp's video has no page in
    the vault"."""
    assert window.stamp_panel.currentItem() is None and window.stamp_panel.topLevelItemCount() > 0
    shown = window.shown
    window.actions_.stamp_video_page.trigger()  # the menu item, clicked
    assert window.statusBar().currentMessage().startswith("No stamp is selected")
    assert window.shown == shown
