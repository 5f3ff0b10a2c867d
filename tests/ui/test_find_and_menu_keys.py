"""Ctrl+F finds in the page (a find bar under the note), Ctrl+Enter is in a menu (so in the F1 list), and a menu
opened with Alt+letter and closed with Escape gives the keyboard back. Real keys on the focused widget."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.help_dialogs import shortcut_rows
from tests.ui.ui_helpers import open_window

CTRL = Qt.KeyboardModifier.ControlModifier
LONG = "# Long read\n\n" + "".join(f"Paragraph {i} has words.\n\n" for i in range(80)) + "A needle near the end.\n"


@pytest.fixture(params=["text", "web"])
def window(request, qtbot, tmp_path, fresh_vault):
    (fresh_vault / "long.md").write_text(LONG, encoding="utf-8")
    win = open_window(qtbot, tmp_path, fresh_vault, note="long.md", renderer=request.param)
    win.activateWindow()
    return win


def focus_note(qtbot, win):
    win.view.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and (QApplication.focusWidget() is win.view or win.view.isAncestorOf(QApplication.focusWidget())))
    return QApplication.focusWidget()


def test_ctrl_f_opens_a_find_bar_that_finds_in_the_page_and_escape_closes_it(qtbot, window):
    bar = window.find_bar
    assert not bar.isVisible()
    qtbot.keyClick(focus_note(qtbot, window), Qt.Key.Key_F, CTRL)
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "needle")
    if window.view.kind == "text":
        qtbot.waitUntil(lambda: window.view.textCursor().selectedText() == "needle")
    else:
        qtbot.waitUntil(lambda: window.view.page().scrollPosition().y() > 300, timeout=5000)  # at the match
    assert bar.status.text() == ""
    qtbot.keyClicks(bar.field, "zzz")
    qtbot.waitUntil(lambda: bar.status.text() == "No matches", timeout=5000)
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view
                    or window.view.isAncestorOf(QApplication.focusWidget()))


def test_ctrl_f_is_one_actions_key_and_ctrl_enter_is_listed_from_a_menu(window):
    rows = shortcut_rows(window)
    owners = [action for _menu, action, keys in rows if "Ctrl+F" in keys]
    assert owners == ["Find in Page"]
    assert ("Go", "Video Page of Selected Stamp", ["Ctrl+Return", "Ctrl+Enter"]) in rows
