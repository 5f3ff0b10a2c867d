"""The Outline panel in the window: the shown note's headings, nested; a click or Enter scrolls the note there;
it follows navigation and says so when a page has no headings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.render.navigation import Location
from desktop.ui.main_window import MainWindow
from desktop.ui.outline_panel import NO_HEADINGS
from desktop.ui.settings import AppSettings
from ui_helpers import open_and_wait_for_videos

FILLER = "\n\n".join(f"Paragraph {n} of filler text that takes a line or two of the page." for n in range(80))
LONG = f"---\ntitle: Long\n---\n# Long\n\n{FILLER}\n\n## Middle part\n\n{FILLER}\n\n### Deep end\n\nLast words.\n"


@pytest.fixture
def window(qapp, qtbot, tmp_path: Path):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "long.md").write_text(LONG, encoding="utf-8")
    (root / "plain.md").write_text("---\ntitle: Plain\n---\nNo headings here, see [[long]].\n", encoding="utf-8")
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "s.ini"), watch=False, remember_layout=False)
    win.resize(1200, 700)
    win.show()
    open_and_wait_for_videos(qtbot, win, root, note="long.md")  # no refresh of the page comes after
    qtbot.waitUntil(lambda: win.index.complete and win.outline_panel._job is None  # the full index's outline
                    and win.outline_panel.shown == Location("note", "long.md"))
    yield win
    win.close()


def _rows(tree):
    def walk(item):
        return (item.text(0), [walk(item.child(i)) for i in range(item.childCount())])
    return [walk(tree.topLevelItem(i)) for i in range(tree.topLevelItemCount())]


def test_the_outline_lists_the_notes_headings_nested(window) -> None:
    assert _rows(window.outline_panel) == [("Long", [("Middle part", [("Deep end", [])])])]
    assert window.outline_panel.headerItem().text(0) == "Outline"


def test_a_click_on_a_heading_scrolls_the_note_to_it(qtbot, window) -> None:
    bar = window.view.verticalScrollBar()
    assert bar.value() == 0
    panel = window.outline_panel
    middle = panel.topLevelItem(0).child(0)
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=panel.visualItemRect(middle).center())
    qtbot.waitUntil(lambda: bar.value() > 0)
    heading = window.view.anchor_cursor("middle-part")
    assert heading is not None
    assert window.view.cursorRect(heading).top() < window.view.viewport().height() // 3  # near the top


def test_enter_on_the_focused_row_scrolls_there(qtbot, window) -> None:
    bar = window.view.verticalScrollBar()
    panel = window.outline_panel
    panel.setFocus()
    deep = panel.topLevelItem(0).child(0).child(0)
    panel.setCurrentItem(deep)
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.value() > bar.maximum() // 2)


def test_the_outline_follows_navigation_and_says_when_a_page_has_no_headings(qtbot, window) -> None:
    with qtbot.waitSignal(window.outline_panel.outline_shown, timeout=10000,
                          check_params_cb=lambda location: location == Location("note", "plain.md")):
        window.session.go(Location("note", "plain.md"))
    assert window.outline_panel.topLevelItemCount() == 0
    assert window.outline_panel.headerItem().text(0) == NO_HEADINGS
    with qtbot.waitSignal(window.outline_panel.outline_shown, timeout=10000,
                          check_params_cb=lambda location: location == Location("note", "long.md")):
        window.session.back()
    assert _rows(window.outline_panel)[0][0] == "Long"


def test_f6_reaches_the_outline(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.tree_panel.filter_edit.setFocus()
    seen = []
    for _ in range(len(window.panes())):
        window.next_pane_action.trigger()
        seen.append(QApplication.focusWidget())
    assert window.outline_panel in seen
    assert seen.index(window.outline_panel) < seen.index(window.view)


def test_view_outline_hides_and_shows_the_panel_and_f6_skips_it_when_hidden(qtbot, window) -> None:
    assert window.outline_action.isChecked() and window.outline_panel.isVisible()
    window.outline_action.trigger()
    assert not window.outline_panel.isVisible()
    assert window.outline_panel not in window.panes()
    window.outline_action.trigger()
    assert window.outline_panel.isVisible() and window.outline_panel in window.panes()
