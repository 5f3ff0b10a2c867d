"""Hover previews in the window: resting on a link (note view, backlinks, search results) shows a popover with
what it leads to; moving away, Escape or a click hide it; it never takes focus and stays on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from desktop.render.navigation import Location
from desktop.ui.main_window import MainWindow
from desktop.ui.preview_popover import popover_place
from desktop.ui.settings import AppSettings
from ui_helpers import open_and_wait_for_videos


@pytest.fixture
def window(qapp, qtbot, vault_root, tmp_path):
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "s.ini"), watch=False, remember_layout=False)
    win.resize(1280, 800)  # room for every panel (the test screen is 800 wide: a window starts smaller)
    win.show()
    open_and_wait_for_videos(qtbot, win, vault_root, note="alpha.md")  # no refresh of the page comes after
    assert win.index.complete and win.shown == Location("note", "alpha.md")
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.view.setFocus()
    yield win
    win.previews.dismiss()
    win.close()


def text_point(view, text: str) -> QPoint:
    """The viewport point over the middle of the first `text` in the page (a link's words)."""
    found = view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(view.document())
    cursor.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    return view.cursorRect(cursor).center()


def hover_text(qtbot, window, text: str):
    """Rest the mouse on `text` in the note view and wait for its preview."""
    view = window.view
    qtbot.mouseMove(view.viewport(), QPoint(2, 2))
    with qtbot.waitSignal(window.previews.preview_shown, timeout=5000) as shown:
        qtbot.mouseMove(view.viewport(), text_point(view, text))
    return shown.args[0]


def test_resting_on_a_topic_link_shows_its_name_count_and_mentions(qtbot, window) -> None:
    focused = QApplication.focusWidget()
    preview = hover_text(qtbot, window, "Some Topic")
    assert preview.title == "Some Topic"
    assert preview.kind == "Topic · 2 mentions in 2 notes"
    assert window.previews.popover.isVisible()
    assert "Beta agrees with alpha on Some Topic" in window.previews.popover.text()
    assert QApplication.focusWidget() is focused and QApplication.activeWindow() is window  # focus stays


def test_resting_on_a_stamp_shows_its_time_and_sentence(qtbot, window) -> None:
    preview = hover_text(qtbot, window, "1:02:03")
    assert preview.title == "▶ 1:02:03"
    assert preview.kind == "Stamp · YouTube video abcdefghijk"  # no title for it anywhere in the vault
    assert preview.lines == ("A later claim about gamma rays, see the gamma note",)


def test_resting_on_a_note_link_shows_its_title_and_first_paragraph(qtbot, window) -> None:
    preview = hover_text(qtbot, window, "the gamma note")
    assert preview.title == "Gamma Ray Bursts"
    assert preview.lines == ("Gamma is quiet and mentions Other Topic.",)


def test_moving_off_the_link_hides_the_popover(qtbot, window) -> None:
    hover_text(qtbot, window, "Some Topic")
    with qtbot.waitSignal(window.previews.preview_hidden, timeout=5000):
        qtbot.mouseMove(window.view.viewport(), QPoint(window.view.viewport().width() - 5,
                                                       window.view.viewport().height() - 5))
    assert not window.previews.popover.isVisible()


def test_escape_hides_the_popover(qtbot, window) -> None:
    hover_text(qtbot, window, "Some Topic")
    with qtbot.waitSignal(window.previews.preview_hidden, timeout=5000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not window.previews.popover.isVisible()


def test_a_new_link_restarts_the_wait_and_only_the_last_one_is_previewed(qtbot, window) -> None:
    view = window.view
    qtbot.mouseMove(view.viewport(), QPoint(2, 2))
    shown = []
    window.previews.preview_shown.connect(shown.append)
    qtbot.mouseMove(view.viewport(), text_point(view, "Some Topic"))
    with qtbot.waitSignal(window.previews.preview_shown, timeout=5000):
        qtbot.mouseMove(view.viewport(), text_point(view, "the gamma note"))
    assert [p.title for p in shown] == ["Gamma Ray Bursts"]


def test_hovering_a_backlink_previews_the_linking_note(qtbot, window) -> None:
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.session.go(Location("note", "folder/beta.md"))
    panel = window.backlinks_panel
    qtbot.waitUntil(lambda: panel.topLevelItemCount() == 1)
    rect = panel.visualItemRect(panel.topLevelItem(0))
    with qtbot.waitSignal(window.previews.preview_shown, timeout=5000) as shown:
        qtbot.mouseMove(panel.viewport(), rect.center())
    assert shown.args[0].title == "Alpha Note"
    window.view.link_hovered.emit("")  # the web engine's late report of leaving the page's link
    assert window.previews.popover.isVisible()
    with qtbot.waitSignal(window.previews.preview_hidden, timeout=5000):
        qtbot.mouseMove(window.view.viewport(), QPoint(3, 3))


def test_hovering_a_search_result_previews_its_note(qtbot, window) -> None:
    window.open_search()
    panel = window.search_panel
    qtbot.keyClicks(panel.query_edit, "quiet")
    qtbot.waitUntil(lambda: panel.results_list.count() == 1, timeout=10000)
    row = panel.results_list.itemWidget(panel.results_list.item(0))
    qtbot.waitUntil(row.isVisible)
    with qtbot.waitSignal(window.previews.preview_shown, timeout=5000) as shown:
        qtbot.mouseMove(row, QPoint(10, 10))
    assert shown.args[0].title == "Gamma Ray Bursts"


def test_the_popover_stays_on_screen_at_its_edges() -> None:
    screen = QRect(0, 0, 1600, 1000)
    size = QSize(380, 200)
    assert popover_place(size, QPoint(100, 500), screen) == QPoint(116, 500 - 16 - 200)  # above right of it
    at_corner = popover_place(size, QPoint(1590, 10), screen)
    assert QRect(at_corner, size).intersected(screen) == QRect(at_corner, size)
    assert at_corner == QPoint(1590 - 16 - 380, 10 + 16)  # flipped to below left
    low_corner = popover_place(size, QPoint(1590, 990), screen)
    assert low_corner == QPoint(1590 - 16 - 380, 990 - 16 - 200)
    huge = popover_place(QSize(2000, 1200), QPoint(800, 500), screen)
    assert huge == QPoint(0, 0)


def test_new_search_results_under_a_resting_mouse_preview_the_row_under_it_not_the_last_made(qtbot, tmp_path):
    """Each new result row says it is entered as it is made, stacked under a resting mouse: in the real vault the
    50th result's preview showed over the first row, and over the query field being typed."""
    root = tmp_path / "many"
    root.mkdir()
    for number in range(30):
        (root / f"n{number:02d}.md").write_text(
            f"---\ntitle: Note {number:02d}\n---\nA word about apples and pears, number {number}.\n", encoding="utf-8")
    window = MainWindow(renderer="text", settings=AppSettings(tmp_path / "s.ini"), watch=False, remember_layout=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    open_and_wait_for_videos(qtbot, window, root, note="n00.md")
    window.open_search()
    panel = window.search_panel
    with qtbot.waitSignal(panel.results_list.model().rowsInserted, timeout=10000):
        qtbot.keyClicks(panel.query_edit, "apples")  # searched after the typing pause (Enter would open one)
    first = panel.results_list.itemWidget(panel.results_list.item(0))
    qtbot.waitUntil(first.isVisible)
    with qtbot.waitSignal(window.previews.preview_shown, timeout=5000) as shown:
        qtbot.mouseMove(first, QPoint(10, 10))
    assert shown.args[0].title == "Note 00"
    qtbot.keyClick(panel.query_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.previews.preview_shown, timeout=5000) as shown:  # the mouse never moved
        qtbot.keyClicks(panel.query_edit, "pears")
    assert len(panel.results()) == 30 and panel.results()[0].title == "Note 00"
    assert shown.args[0].title == "Note 00"  # the row under the mouse, not the 30th made
    window.previews.dismiss()


def test_the_keyboard_focus_moving_on_hides_the_popover(qtbot, window) -> None:
    hover_text(qtbot, window, "Some Topic")
    assert window.previews.popover.isVisible()
    with qtbot.waitSignal(window.previews.preview_hidden, timeout=5000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)  # F6: on to the next pane, the mouse still
    assert not window.previews.popover.isVisible()


def test_a_stamp_chosen_by_keyboard_pops_no_preview_at_the_resting_mouse(qtbot, window) -> None:
    view, panel = window.view, window.stamp_panel
    qtbot.mouseMove(view.viewport(), QPoint(2, 2))  # the mouse rests over the note
    panel.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel)
    panel.setCurrentItem(panel.topLevelItem(0))
    qtbot.keyClick(panel, Qt.Key.Key_Down)  # the note scrolls to the second stamp under the resting mouse
    assert panel.currentItem() is panel.topLevelItem(1)
    view.link_hovered.emit("vault://topic/sometopic")  # what the web engine reports: a link came under the mouse
    assert not window.previews.timer.isActive() and not window.previews.popover.isVisible()
    with qtbot.waitSignal(window.previews.preview_shown, timeout=5000):  # the mouse moves: hovers count again
        qtbot.mouseMove(view.viewport(), text_point(view, "the gamma note"))


def test_a_match_the_find_bar_scrolls_to_pops_no_preview_at_the_resting_mouse(qtbot, window) -> None:
    view, bar = window.view, window.find_bar
    qtbot.mouseMove(view.viewport(), QPoint(2, 2))  # the mouse rests over the note
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(bar.field, "claim")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # the note scrolls to the next match under the resting mouse
    qtbot.waitUntil(lambda: bar.status.text() == "2 of 2")
    view.link_hovered.emit("vault://topic/sometopic")  # what the web engine reports: a link came under the mouse
    assert not window.previews.timer.isActive() and not window.previews.popover.isVisible()
    with qtbot.waitSignal(window.previews.preview_shown, timeout=5000):  # the mouse moves: hovers count again
        qtbot.mouseMove(view.viewport(), text_point(view, "the gamma note"))


LINKED = ("---\ntitle: Linked Lines\n---\n# Linked lines\n\n"
          + "".join(f"Plain words with no link in them, line {i}.\n\n" for i in range(60))
          + "".join(f"- [[Place {i}]] is a topic of its own\n" for i in range(100)))
LINK_AT_END = """(function () {
  var links = document.querySelectorAll('a[href^="vault://topic/"]');
  var link = links[links.length - 3], box = link.getBoundingClientRect();
  var end = document.documentElement.scrollHeight - window.innerHeight;  /* scrollY once End is pressed */
  return (box.left + box.width / 2) + ' ' + (box.top + box.height / 2 + window.scrollY - end);
})()"""


def test_a_link_that_a_scrolling_key_brings_under_the_resting_mouse_pops_no_preview(qtbot, tmp_path, fresh_vault):
    """In the web view, Chromium reports the link that scrolls under a still pointer as hovered: End must not
    turn that into a popover at the mouse; moving the mouse does again."""
    from desktop.ui.web_view import APP_WORLD
    from ui_helpers import focused_note, open_window

    (fresh_vault / "linked.md").write_text(LINKED, encoding="utf-8")
    win = open_window(qtbot, tmp_path, fresh_vault, note="linked.md", renderer="web", remember_layout=False)
    win.activateWindow()
    previews, note = win.previews, focused_note(qtbot, win)
    with qtbot.waitCallback(timeout=5000) as where:  # where a link near the end will be once End is pressed ("x y")
        win.view.page().runJavaScript(LINK_AT_END, APP_WORLD, where)
    point = QPoint(*(round(float(number)) for number in where.args[0].split()))
    assert note.rect().contains(point)
    reported: list[str] = []
    win.view.link_hovered.connect(reported.append)
    qtbot.mouseMove(note, point)  # over plain words: nothing to preview
    qtbot.keyClick(note, Qt.Key.Key_End)  # the link comes under the resting mouse
    qtbot.waitUntil(lambda: bool(reported) and reported[-1].startswith("vault://topic/place"), timeout=10000)
    assert not previews.popover.isVisible() and not previews.timer.isActive() and previews._job is None
    with qtbot.waitSignal(previews.preview_shown, timeout=10000) as shown:  # the mouse moves: a hover again
        qtbot.mouseMove(note, point + QPoint(2, 0))  # on the same link: Chromium reports nothing new
    assert shown.args[0].title.startswith("Place") and previews.url == reported[-1]
    win.close()


def test_the_popover_lets_clicks_through_and_goes_when_the_window_moves_or_resizes(qtbot, window) -> None:
    """QA: the popover took the click meant for the backlink under it, and one a focused link showed stayed
    on screen, floating apart from a window made smaller."""
    hover_text(qtbot, window, "Some Topic")
    assert window.previews.popover.windowFlags() & Qt.WindowType.WindowTransparentForInput
    with qtbot.waitSignal(window.previews.preview_hidden, timeout=5000):
        window.resize(window.width() - 100, window.height() - 50)
    assert not window.previews.popover.isVisible()


def test_wheeling_the_search_results_hides_a_rows_preview(qtbot, window) -> None:
    """QA: a result scrolled away by the wheel stayed previewed over the rows now under the pointer."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    panel = window.search_panel
    hidden = []
    panel.link_hovered.connect(hidden.append)
    viewport = panel.results_list.viewport()
    event = QWheelEvent(QPointF(5, 5), QPointF(viewport.mapToGlobal(QPoint(5, 5))), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)
    assert hidden == [""]
