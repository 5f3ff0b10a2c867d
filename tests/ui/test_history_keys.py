"""Alt+Left / Alt+Right pressed as real keys on whichever widget has the focus, in both note views.

Each key belongs to one action once: two bindings of Alt+Left made Qt log "Ambiguous shortcut overload" and run
neither (pytest now fails on that Qt warning too).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings
from ui_helpers import wait_for_first_page

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(scope="module", params=["text", "web"])
def window(request, qapp, vault_root, tmp_path_factory):
    settings = AppSettings(tmp_path_factory.mktemp("keys") / "settings.ini")
    win = MainWindow(renderer=request.param, settings=settings)
    win.show()
    win.activateWindow()
    win.open_vault(vault_root)
    wait_for_first_page(qapp, win)
    yield win
    win.close()


def visit(qtbot, window, *keys):
    for key in keys:
        location = Location("note", key)
        if window.shown != location:
            with qtbot.waitSignal(window.page_shown, timeout=10000):
                window.router.go(location)


def press(qtbot, window, widget, key, expected: str) -> None:
    """Focus `widget` (as a click or Tab would) and press Alt+`key` on the widget that then has the focus."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    focused = QApplication.focusWidget()
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(focused, key, ALT)
    assert window.shown == Location("note", expected)


def test_alt_arrows_move_through_history_from_every_pane(qtbot, window):
    qtbot.waitUntil(window.isActiveWindow)
    visit(qtbot, window, "alpha.md", "folder/beta.md", "folder/sub/gamma.md")
    view_focus = window.view.focusProxy() or window.view
    press(qtbot, window, view_focus, Qt.Key.Key_Left, "folder/beta.md")  # the note (Chromium's widget)
    press(qtbot, window, window.tree_panel.note_tree, Qt.Key.Key_Left, "alpha.md")  # the tree
    press(qtbot, window, window.backlinks_panel, Qt.Key.Key_Right, "folder/beta.md")  # a side panel
    press(qtbot, window, window.tree_panel.filter_edit, Qt.Key.Key_Right, "folder/sub/gamma.md")  # a text field
    window.open_search()
    press(qtbot, window, window.search_panel.query_edit, Qt.Key.Key_Left, "folder/beta.md")
    window.search_dock.hide()


def test_each_history_key_belongs_to_one_action_once(window):
    keys = [key.toString() for action in window.actions() for key in action.shortcuts()]
    assert keys.count("Alt+Left") == 1 and keys.count("Alt+Right") == 1
    assert sorted(set(keys)) == sorted(keys)
