"""Ctrl+F finds in the page (a find bar under the note), Ctrl+Enter is in a menu (so in the F1 list), and a menu
opened with Alt+letter and closed with Escape gives the keyboard back. Real keys on the focused widget."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.render.navigation import Location
from desktop.ui.help_dialogs import shortcut_rows
from tests.ui.ui_helpers import focused_note, open_window

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
LONG = ("---\nvideoId: abcdefghijk\n---\n# Long read\n\n"
        + "".join(f"Paragraph {i} has words <a class=\"yt-timestamp\" data-t=\"00:00:{i % 60:02d}\"></a>.\n\n"
                  for i in range(80)) + "A needle near the end.\n")


@pytest.fixture(params=["text", "web"])
def window(request, qtbot, tmp_path, fresh_vault):
    (fresh_vault / "long.md").write_text(LONG, encoding="utf-8")
    win = open_window(qtbot, tmp_path, fresh_vault, note="long.md", renderer=request.param)
    win.activateWindow()
    return win




def test_ctrl_f_opens_a_find_bar_that_finds_in_the_page_and_escape_closes_it(qtbot, window):
    bar = window.find_bar
    assert not bar.isVisible()
    qtbot.keyClick(focused_note(qtbot, window), Qt.Key.Key_F, CTRL)
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "needle")
    if window.view.kind == "text":
        qtbot.waitUntil(lambda: window.view.textCursor().selectedText() == "needle")
    else:
        qtbot.waitUntil(lambda: window.view.page().scrollPosition().y() > 300, timeout=5000)  # at the match
    qtbot.waitUntil(lambda: bar.status.text() == "1 of 1", timeout=5000)  # the only match, current
    qtbot.keyClicks(bar.field, "zzz")
    qtbot.waitUntil(lambda: bar.status.text() == "No matches", timeout=5000)
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.stamp_panel.currentItem() is None  # the focus went straight back: no stamp chosen on the way
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view
                    or window.view.isAncestorOf(QApplication.focusWidget()))


def test_the_open_find_bar_finds_again_in_each_page_the_reader_moves_to(qtbot, window, fresh_vault):
    (fresh_vault / "pins.md").write_text("# Pins\n\nA needle, a needle and a needle.\n", encoding="utf-8")
    with qtbot.waitSignals([window.vault_loaded, window.session.videos_changed], timeout=20000):
        window.loader.reload()  # and its videos listed: no page is shown again in place later, mid-test
    qtbot.waitUntil(lambda: window.shown is not None and window.source.cached("note", window.shown.key) is not None)
    with qtbot.waitSignal(window.page_shown, timeout=20000):
        window.router.go(Location("note", "pins.md"))
    bar = window.find_bar
    qtbot.keyClick(focused_note(qtbot, window), Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.field, "needle")
    # "1 of 3" as typed; "3 matches" when the page was shown again in place meanwhile (found again, as on a
    # new page: seen once in a fresh clone's CI, in the web view)
    qtbot.waitUntil(lambda: bar.status.text() in ("1 of 3", "3 matches"), timeout=5000)
    with qtbot.waitSignal(window.page_shown, timeout=20000):
        qtbot.keyClick(bar.field, Qt.Key.Key_Left, ALT)  # Back, the bar open and focused
    assert window.shown == Location("note", "long.md")
    qtbot.waitUntil(lambda: bar.status.text() == "1 match", timeout=5000)  # this page's, not the last one's
    assert bar.isVisible() and bar.field.hasFocus()
    if window.view.kind == "text":  # the reader stays where Back put them (the match is far down)
        assert window.view.verticalScrollBar().value() == 0
    # (In the web view Chromium's find may still scroll to the first match when the page is shown again in
    # place within a frame of it: 1 run in 10 under load. A known race, not asserted here: see the README.)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # Enter: this page's first match
    qtbot.waitUntil(lambda: bar.status.text() == "1 of 1", timeout=5000)
    if window.view.kind == "text":
        assert window.view.textCursor().selectedText() == "needle"
    with qtbot.waitSignal(window.page_shown, timeout=20000):
        qtbot.keyClick(bar.field, Qt.Key.Key_Right, ALT)
    qtbot.waitUntil(lambda: bar.status.text() == "3 matches", timeout=5000)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # the first of them, then on, then back round
    qtbot.waitUntil(lambda: bar.status.text() == "1 of 3", timeout=5000)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.status.text() == "2 of 3", timeout=5000)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bar.status.text() == "3 of 3", timeout=5000)


def test_ctrl_f_is_one_actions_key_and_ctrl_enter_is_listed_from_a_menu(window):
    rows = shortcut_rows(window)
    owners = [action for _menu, action, keys in rows if "Ctrl+F" in keys]
    assert owners == ["Find in Page"]
    assert ("Go", "Video Page of Selected Stamp", ["Ctrl+Return", "Ctrl+Enter"]) in rows


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard", extend=True)  # offscreen popups
def test_a_menu_opened_with_alt_and_closed_with_escape_gives_the_keyboard_back(qtbot, window):
    tree = window.tree_panel.tabs.currentWidget()
    tree.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    row = tree.currentIndex().row()
    qtbot.keyClick(tree, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # the Go menu
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None and window.focusWidget() is tree)
    assert not window.menuBar().hasFocus()
    window.activateWindow()  # the offscreen platform leaves the closed popup active
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    key = Qt.Key.Key_Up if row > 0 else Qt.Key.Key_Down
    qtbot.keyClick(QApplication.focusWidget(), key)  # reaches the tree (moves its row), opens no menu
    assert QApplication.activePopupWidget() is None and tree.currentIndex().row() != row


def test_a_search_result_opened_with_the_find_bar_open_keeps_its_highlight(qtbot, window):
    bar = window.find_bar
    qtbot.keyClick(focused_note(qtbot, window), Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.field, "Paragraph")
    qtbot.waitUntil(lambda: bar.status.text() == "1 of 80", timeout=5000)
    with qtbot.waitSignal(window.page_shown, timeout=20000):
        window.router.go(Location("note", "alpha.md"))
    qtbot.waitUntil(lambda: bar.status.text() == "No matches", timeout=5000)
    qtbot.keyClick(bar.field, Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    panel = window.search_panel
    qtbot.keyClicks(panel.query_edit, "needle")
    qtbot.waitUntil(lambda: bool(panel.results()), timeout=10000)
    with qtbot.waitSignal(window.page_shown, timeout=20000):
        qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)  # the search's match, marked in long.md
    assert window.shown == Location("note", "long.md") and bar.isVisible()
    assert bar.status.text() == ""  # not "No matches" (alpha's), nor a count over the search's highlight
    if window.view.kind == "text":
        assert window.view.textCursor().selectedText().lower() == "needle"


def test_passing_through_the_stamps_with_f6_leaves_the_reader_where_they_were(qtbot, window):
    """F6 into the stamp panel made its first row current, and the note jumped to the first stamp: the reader,
    on the way to the backlinks, lost their place. The row they move to is shown."""
    note = focused_note(qtbot, window)
    for _ in range(5):
        qtbot.keyClick(note, Qt.Key.Key_PageDown)

    def scrolled() -> float:
        if window.view.kind == "text":
            return window.view.verticalScrollBar().value()
        return window.view.page().scrollPosition().y()

    qtbot.waitUntil(lambda: scrolled() > 1000, timeout=5000)
    place, panel = scrolled(), window.stamp_panel
    assert panel.currentItem() is None
    revealed: list[int] = []
    window.stamp_panel.reveal_requested.connect(lambda number, _stamp: revealed.append(number))
    while QApplication.focusWidget() is not panel:  # F6 to the stamps, as the reader does
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert panel.currentItem() is panel.topLevelItem(0) and revealed == [] and scrolled() == place
    qtbot.keyClick(panel, Qt.Key.Key_F6)  # on to the backlinks: the note stays where it was
    assert QApplication.focusWidget() is not panel and revealed == [] and scrolled() == place
    panel.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel)
    qtbot.keyClick(panel, Qt.Key.Key_Down)  # a row chosen: shown in the note
    assert revealed == [1]


def test_the_filters_keys_down_into_the_list_escape_clears_then_back_to_the_note(qtbot, window):
    tree = window.tree_panel
    qtbot.keyClick(focused_note(qtbot, window), Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree.filter_edit)
    qtbot.keyClicks(tree.filter_edit, "beta")
    qtbot.keyClick(tree.filter_edit, Qt.Key.Key_Down)  # into the filtered list, on its first note
    assert QApplication.focusWidget() is tree.note_tree
    assert tree.note_model.node(tree.note_tree.currentIndex()).path == "folder/beta.md"
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(tree.note_tree, Qt.Key.Key_Return)
    assert window.shown == Location("note", "folder/beta.md")
    qtbot.keyClick(focused_note(qtbot, window), Qt.Key.Key_L, CTRL)
    qtbot.keyClick(tree.filter_edit, Qt.Key.Key_Escape)  # clears what was typed: the whole tree again
    assert tree.filter_edit.text() == "" and QApplication.focusWidget() is tree.filter_edit
    qtbot.keyClick(tree.filter_edit, Qt.Key.Key_Escape)  # nothing typed: back to reading
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view
                    or window.view.isAncestorOf(QApplication.focusWidget()))


def test_ctrl_q_quits_from_the_settings_dialog(qtbot, window) -> None:
    """QA: with Settings open, Ctrl+Q did nothing (the app kept running, the dialog stayed)."""
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    with qtbot.waitSignal(window.quit_action.triggered, timeout=5000):
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
