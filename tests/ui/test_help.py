"""Help and accessibility: the shortcuts dialog reads the window's actions; panes have names; F6 moves between them."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop.ui.graph_view import KEYS
from desktop.ui.help_dialogs import GRAPH_GROUP, ShortcutsDialog, action_label, key_words, shortcut_rows
from ui_helpers import window_without_vault


@pytest.fixture
def window(qtbot, tmp_path):
    return window_without_vault(qtbot, tmp_path)


def test_shortcuts_dialog_lists_the_windows_shortcuts(qtbot, window):
    window.shortcuts_action.trigger()
    dialog = window.shortcuts_dialog
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
    keys = dialog.listed_keys()
    for key in ("Ctrl+O", "Ctrl+L", "Alt+Left", "Alt+Right", "Ctrl+,", "F1", "F6", "Ctrl+Shift+O"):
        assert key in keys
    labels = {label for _menu, label, _keys in shortcut_rows(window)}
    assert {"Back", "Quick Switcher", "Filter Notes", "Settings", "Keyboard Shortcuts"} <= labels
    dialog.close()


def test_the_graphs_own_keys_are_listed_in_a_group_of_their_own(qtbot, window):
    """QA: F1 did not say how to reach a node of the graph by keyboard."""
    window.shortcuts_action.trigger()
    dialog = window.shortcuts_dialog
    table = dialog.table
    groups = {table.topLevelItem(i).text(0): table.topLevelItem(i) for i in range(table.topLevelItemCount())}
    graph = groups[GRAPH_GROUP]
    rows = {graph.child(j).text(0): graph.child(j).text(1) for j in range(graph.childCount())}
    assert rows == dict(KEYS)
    assert any(keys.startswith("Shift+Left") for keys in rows.values())
    dialog.close()


def test_every_shortcut_of_every_action_is_listed(window):
    listed = {key for _menu, _label, keys in shortcut_rows(window) for key in keys}
    actions = [a for a in window.findChildren(type(window.back_action)) if a.shortcuts()]
    for action in actions:
        for sequence in action.shortcuts():
            assert key_words(sequence) in listed, action.text()


def test_a_new_action_shows_up_without_editing_the_dialog(window):
    extra = window.menuBar().actions()[0].menu().addAction("Reload Vault")
    extra.setShortcut(QKeySequence("Ctrl+R"))
    assert ("File", "Reload Vault", ["Ctrl+R"]) in shortcut_rows(window)


def test_action_label():
    window_action = type("A", (), {"text": lambda self: "&Open Vault…"})()
    assert action_label(window_action) == "Open Vault"


def test_panes_have_accessible_names_and_the_window_an_icon(window):
    names = {
        window.tree_panel.note_tree: "Notes", window.tree_panel.topic_list: "Topics",
        window.tree_panel.filter_edit: "Filter notes, topics and videos", window.view: "Note",
        window.tree_panel.video_tree: "Videos",
        window.stamp_panel: "Timestamps", window.backlinks_panel: "Backlinks",
        window.switcher.edit: "Search notes, topics and videos",
    }
    for widget, name in names.items():
        assert widget.accessibleName() == name
    assert not window.windowIcon().isNull()


def test_menus_have_keyboard_mnemonics(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Go", "&View", "&Help"]


def test_f6_moves_focus_through_the_panes(qtbot, window):
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.tree_panel.filter_edit.setFocus()
    seen = []
    for _ in range(len(window.panes())):
        window.next_pane_action.trigger()
        seen.append(QApplication.focusWidget())
    assert seen[0] is window.tree_panel.note_tree
    assert window.view in seen and window.stamp_panel in seen and window.backlinks_panel in seen
    assert seen[-1] is window.tree_panel.filter_edit  # round again
    window.previous_pane_action.trigger()
    assert QApplication.focusWidget() is window.graph_panel.view  # the last pane: the local graph


def test_a_keyboards_named_key_is_listed_as_a_key():
    """F1 listed "Back: Alt+Left or Back" and "Quit: Ctrl+Q or Exit", as if "Back" and "Exit" were typed."""
    from PySide6.QtCore import Qt

    assert key_words(QKeySequence(Qt.Key.Key_Back)) == "Back key"
    assert key_words(QKeySequence(Qt.Key.Key_Help)) == "Help key"
    assert [key_words(QKeySequence(keys)) for keys in ("Alt+Left", "F1", "Ctrl+Shift+F", "Q")] == [
        "Alt+Left", "F1", "Ctrl+Shift+F", "Q"]
