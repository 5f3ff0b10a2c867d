"""Window keys that must do what their menu item says whatever has the focus: Ctrl+Enter (Video Page of Selected
Stamp) from the tree's filter field, the usual focus at launch; Ctrl+K, the quick switcher as in many apps.
Real keys on the focused widget."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.help_dialogs import shortcut_rows
from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings
from tests.render.video_vault import VID, write_video_vault
from ui_helpers import open_and_wait_for_videos

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, tmp_path):
    vault = write_video_vault(tmp_path / "vault")
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"), staged=False, watch=False)
    qtbot.addWidget(win)
    win.show()
    open_and_wait_for_videos(qtbot, win, vault, note="else/quoting.md")
    qtbot.waitUntil(lambda: win.shown == Location("note", "else/quoting.md")
                    and win.stamp_panel.topLevelItemCount() == 2)
    win.activateWindow()
    return win


def focus(qtbot, widget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_ctrl_enter_in_the_filter_field_opens_the_selected_stamps_video_page(qtbot, window):
    window.stamp_panel.setCurrentItem(window.stamp_panel.topLevelItem(1))  # "Quoted": cites the video VID
    field = window.tree_panel.filter_edit
    focus(qtbot, field)
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(field, Qt.Key.Key_Return, CTRL)
    assert window.shown == Location("video", VID, via="else/quoting.md")  # not the tree's first match


def test_ctrl_enter_with_no_stamp_selected_opens_no_tree_match(qtbot, window):
    field = window.tree_panel.filter_edit
    focus(qtbot, field)
    assert window.stamp_panel.currentItem() is None
    with qtbot.waitSignal(window.stamp_panel.message, timeout=5000):  # says why nothing opens
        qtbot.keyClick(field, Qt.Key.Key_Return, CTRL)
    assert window.session.current == Location("note", "else/quoting.md")
    assert not window.back_action.isEnabled()


def test_the_filter_fields_own_enter_still_opens_its_first_match(qtbot, window):
    field = window.tree_panel.filter_edit
    focus(qtbot, field)
    qtbot.keyClicks(field, "plain")
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.shown == Location("note", "plain.md")


def test_ctrl_k_opens_the_quick_switcher_from_a_text_field_and_f1_lists_it(qtbot, window):
    field = window.tree_panel.filter_edit
    focus(qtbot, field)
    qtbot.keyClicks(field, "pla")
    field.setCursorPosition(0)
    qtbot.keyClick(field, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(lambda: window.switcher.isVisible() and QApplication.focusWidget() is window.switcher.edit)
    assert field.text() == "pla"  # the switcher's key, not the field's "delete to the end of the line"
    qtbot.keyClick(window.switcher.edit, Qt.Key.Key_Escape)
    rows = shortcut_rows(window)
    assert ("Go", "Quick Switcher", ["Ctrl+O", "Ctrl+K"]) in rows


def test_a_stamps_video_page_opens_at_the_stamps_row_selected(qtbot, window):
    """QA: Ctrl+Enter on stamp 36:39 opened the video page at its top, not at that stamp's row."""
    panel = window.stamp_panel
    panel.setCurrentItem(panel.topLevelItem(1))  # "Quoted": cites the video VID
    second = panel.stamp_of(panel.currentItem())[1].seconds
    focus(qtbot, panel)
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(panel, Qt.Key.Key_Return, CTRL)
    assert window.shown.kind == "video"
    video = window.session.videos.get(VID)
    row = panel.indexOfTopLevelItem(panel.currentItem())
    assert row >= 0 and video.stamps[row].seconds == second
