"""Back/Forward return to the place the reader left a page at (its scroll position and search highlight), in
both note views: the place is kept in the session's history entries, reported by the view as the reader
leaves. Real keys on the focused widget; waits on the window's signals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.render.navigation import Location, Place
from tests.ui.ui_helpers import focused_note, open_and_wait_for_videos
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings

ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LONG = ("---\ntitle: Long Read\nvideoId: abcdefghijk\n---\n# Long read\n\n"
        + "".join(f"Paragraph {i} says something about [[beta]] in many words.\n\n" for i in range(300))
        + "The needle sentence sits near the end.\n")


def make_window(qtbot, tmp_path, root, renderer: str) -> MainWindow:
    (root / "long.md").write_text(LONG, encoding="utf-8")
    win = MainWindow(renderer=renderer, settings=AppSettings(tmp_path / "settings.ini"), staged=False, watch=False)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    open_and_wait_for_videos(qtbot, win, root, note="long.md")
    assert win.shown == Location("note", "long.md")
    return win




def scroll_place(win) -> float:
    """How far the note is scrolled, as the user sees it."""
    if win.view.kind == "text":
        return float(win.view.verticalScrollBar().value())
    return win.view.page().scrollPosition().y()


def next_start(qtbot, tmp_path, root, renderer: str = "text", before_open=lambda window: None) -> MainWindow:
    """The next run after Ctrl+Q: a new window on the same settings, the vault opened and a page shown;
    `before_open(window)` first (to watch what the opening does)."""
    again = MainWindow(renderer=renderer, settings=AppSettings(tmp_path / "settings.ini"), staged=False, watch=False)
    qtbot.addWidget(again)
    again.show()
    again.activateWindow()
    before_open(again)
    with qtbot.waitSignal(again.page_shown, timeout=20000):
        again.open_vault(root)
    return again


def page_down(qtbot, win, times: int = 4) -> float:
    """PageDown pressed `times` in the note; how far it is scrolled then."""
    note = focused_note(qtbot, win)
    for _ in range(times):
        qtbot.keyClick(note, Qt.Key.Key_PageDown)
    return scroll_place(win)


def search_from_alpha(qtbot, win, words: str):
    """On alpha.md, Ctrl+Shift+F and `words` typed: the search panel, its results listed."""
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        win.router.go(Location("note", "alpha.md"))
    qtbot.keyClick(focused_note(qtbot, win), Qt.Key.Key_F, CTRL_SHIFT)
    panel = win.search_panel
    qtbot.keyClicks(panel.query_edit, words)
    qtbot.waitUntil(lambda: bool(panel.results()), timeout=10000)
    return panel


def press(qtbot, win, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press `key` on the focused widget and wait for the page it leads to."""
    with qtbot.waitSignal(win.page_shown, timeout=20000):
        qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


@pytest.mark.parametrize("renderer", ["text", "web"])
def test_back_returns_to_the_scroll_position_the_reader_left(qtbot, tmp_path, fresh_vault, renderer):
    win = make_window(qtbot, tmp_path, fresh_vault, renderer)
    note = focused_note(qtbot, win)
    for _ in range(6):
        qtbot.keyClick(note, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: scroll_place(win) > 1000, timeout=10000)
    seen_leaving: list[float] = []  # where the reader sees the note as they leave it (a scroll may still run)
    win.session.leaving.connect(lambda _location: seen_leaving.append(scroll_place(win)))
    press(qtbot, win, Qt.Key.Key_Y, CTRL_SHIFT)  # Go → Video Page
    assert win.shown.kind == "video"
    left_at = seen_leaving[0]
    assert left_at > 1000
    press(qtbot, win, Qt.Key.Key_Left, ALT)
    assert win.shown == Location("note", "long.md")
    qtbot.waitUntil(lambda: abs(scroll_place(win) - left_at) < 2, timeout=10000)
    # and Forward goes back to the video page where it was left (its top), then Back to the note's place again
    press(qtbot, win, Qt.Key.Key_Right, ALT)
    assert win.shown.kind == "video"
    press(qtbot, win, Qt.Key.Key_Left, ALT)
    qtbot.waitUntil(lambda: abs(scroll_place(win) - left_at) < 2, timeout=10000)


def test_back_to_a_search_result_shows_its_highlight_again(qtbot, tmp_path, fresh_vault):
    win = make_window(qtbot, tmp_path, fresh_vault, "text")
    panel = search_from_alpha(qtbot, win, "needle")
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)  # opens the first result at the match
    assert win.shown == Location("note", "long.md")
    assert win.view.textCursor().selectedText().lower() == "needle"
    marked_at = scroll_place(win)
    assert marked_at > 1000
    note = focused_note(qtbot, win)
    press(qtbot, win, Qt.Key.Key_Y, CTRL_SHIFT)
    assert win.view.textCursor().selectedText().lower() != "needle"
    press(qtbot, win, Qt.Key.Key_Left, ALT)
    assert win.shown == Location("note", "long.md")
    assert win.view.textCursor().selectedText().lower() == "needle"
    assert scroll_place(win) == marked_at
    assert note is not None


def test_the_history_keeps_a_place_per_entry():
    from desktop.render.navigation import History

    history = History()
    a, b, c = (Location("note", name) for name in "abc")
    history.visit(a)
    history.keep_place(Place(120.0, "needle"))
    history.visit(b)
    assert history.place is None
    history.keep_place(Place(40.0))
    assert history.back() == a and history.place == Place(120.0, "needle")
    assert history.forward() == b and history.place == Place(40.0)
    history.back()
    history.visit(c)  # drops b and its place
    assert history.place is None and not history.can_go_forward()
    history.rename("note", "a", "a2")
    assert history.back() == Location("note", "a2") and history.place == Place(120.0, "needle")


def test_the_last_note_reopens_where_it_was_left(qtbot, tmp_path, fresh_vault):
    win = make_window(qtbot, tmp_path, fresh_vault, "text")
    left_at = page_down(qtbot, win)
    assert left_at > 500
    win.close()  # as Ctrl+Q does
    again = next_start(qtbot, tmp_path, fresh_vault)
    assert again.shown == Location("note", "long.md")
    assert scroll_place(again) == left_at


@pytest.mark.parametrize("renderer", ["text", "web"])
def test_the_last_note_reopens_with_its_search_highlight(qtbot, tmp_path, fresh_vault, renderer):
    win = make_window(qtbot, tmp_path, fresh_vault, renderer)
    panel = search_from_alpha(qtbot, win, "needle")
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)  # opens the first result at the match
    assert win.shown == Location("note", "long.md")
    qtbot.waitUntil(lambda: scroll_place(win) > 1000, timeout=10000)
    marked_at = scroll_place(win)
    win.close()  # as Ctrl+Q does
    finds = []

    def watch_finds(window) -> None:
        if renderer == "web":
            window.view.page().findTextFinished.connect(lambda result: finds.append(result.numberOfMatches()))

    again = next_start(qtbot, tmp_path, fresh_vault, renderer, watch_finds)
    assert again.shown == Location("note", "long.md")
    if renderer == "text":
        assert again.view.textCursor().selectedText().lower() == "needle"
    else:
        qtbot.waitUntil(lambda: any(finds), timeout=10000)  # Chromium's find marks it
    assert "needle" in again.presenter.mark.lower()  # and it is kept for Back, a reload, the next close
    qtbot.waitUntil(lambda: abs(scroll_place(again) - marked_at) < 2, timeout=10000)


def test_a_restart_brings_back_back_and_forward_the_search_and_the_tree_tab(qtbot, tmp_path, fresh_vault):
    """QA: after Ctrl+Q and a new start, the note and its scroll came back, but Back was greyed, the Search
    panel empty and the tree on its first tab."""
    win = make_window(qtbot, tmp_path, fresh_vault, "text")
    left_long_at = page_down(qtbot, win)
    assert left_long_at > 500
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        win.router.go(Location("note", "alpha.md"))
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        win.router.go(Location("note", "folder/beta.md"))
    press(qtbot, win, Qt.Key.Key_Left, ALT)  # back on alpha: beta is ahead
    assert win.shown == Location("note", "alpha.md")
    qtbot.keyClick(focused_note(qtbot, win), Qt.Key.Key_F, CTRL_SHIFT)
    qtbot.keyClicks(win.search_panel.query_edit, "needle")
    qtbot.waitUntil(lambda: bool(win.search_panel.results()), timeout=10000)
    win.tree_panel.tabs.setCurrentIndex(1)  # Topics
    win.close()  # as Ctrl+Q does

    again = next_start(qtbot, tmp_path, fresh_vault)
    assert again.shown == Location("note", "alpha.md")
    assert again.tree_panel.tabs.currentIndex() == 1
    assert again.search_panel.query_edit.text() == "needle"
    qtbot.waitUntil(lambda: bool(again.search_panel.results()), timeout=10000)
    assert again.actions_.back.isEnabled() and again.actions_.forward.isEnabled()
    press(qtbot, again, Qt.Key.Key_Left, ALT)
    assert again.shown == Location("note", "long.md")
    qtbot.waitUntil(lambda: scroll_place(again) == left_long_at, timeout=10000)  # where it was left
    press(qtbot, again, Qt.Key.Key_Right, ALT)
    press(qtbot, again, Qt.Key.Key_Right, ALT)
    assert again.shown == Location("note", "folder/beta.md")


@pytest.mark.parametrize("renderer", ["text", "web"])
def test_back_to_a_search_result_the_reader_scrolled_away_from_returns_where_they_left_it(
        qtbot, tmp_path, fresh_vault, renderer):
    """QA: a page opened from a search came back at the search hit, not where the reader had scrolled to."""
    win = make_window(qtbot, tmp_path, fresh_vault, renderer)
    panel = search_from_alpha(qtbot, win, "needle")
    finds: list[int] = []
    if renderer == "web":
        win.view.page().findTextFinished.connect(lambda result: finds.append(result.numberOfMatches()))
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)  # opens the first result at the match
    if renderer == "web":
        qtbot.waitUntil(lambda: any(finds), timeout=10000)  # Chromium's find has marked it (and scrolled)
    qtbot.waitUntil(lambda: scroll_place(win) > 1000, timeout=10000)
    marked_at = scroll_place(win)
    note = focused_note(qtbot, win)

    def page_up_until_away() -> bool:  # as a reader does (a key Chromium gets while still busy may scroll late)
        qtbot.keyClick(note, Qt.Key.Key_PageUp)
        return scroll_place(win) < marked_at - 1000

    qtbot.waitUntil(page_up_until_away, timeout=10000)
    seen_leaving: list[float] = []
    win.session.leaving.connect(lambda _location: seen_leaving.append(scroll_place(win)))
    press(qtbot, win, Qt.Key.Key_Y, CTRL_SHIFT)  # Go → Video Page
    left_at = seen_leaving[0]
    assert left_at < marked_at - 1000
    press(qtbot, win, Qt.Key.Key_Left, ALT)
    assert win.shown == Location("note", "long.md")
    assert "needle" in win.presenter.mark.lower()  # still highlighted
    if renderer == "web":  # Chromium's find marks it again (and scrolls to it): the reader's place wins after
        finds.clear()
        qtbot.waitUntil(lambda: any(finds), timeout=10000)
    qtbot.waitUntil(lambda: abs(scroll_place(win) - left_at) < 2, timeout=10000)


def test_a_search_opened_from_a_page_leaves_that_page_without_its_highlight(qtbot, tmp_path, fresh_vault):
    """QA: the words searched while on a page were kept as that page's highlight in the history."""
    win = make_window(qtbot, tmp_path, fresh_vault, "text")
    panel = search_from_alpha(qtbot, win, "needle")
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)
    entries, at = win.session.history.entries()
    assert entries[at][0] == Location("note", "long.md")
    places = {location.key: place for location, place in entries}
    assert places["alpha.md"] is not None and places["alpha.md"].mark is None


def test_a_restart_on_a_video_page_opened_from_a_note_keeps_back_to_the_note(qtbot, tmp_path, fresh_vault):
    """QA: quitting on a video page opened from a note (its URL names that note: `via`) lost the history at
    the next start: the page kept as the last one had no `via`, and the history was thrown away."""
    win = make_window(qtbot, tmp_path, fresh_vault, "text")
    press(qtbot, win, Qt.Key.Key_Y, CTRL_SHIFT)  # Go → Video Page, from long.md
    assert win.shown.kind == "video" and win.shown.via == "long.md"
    win.close()
    again = next_start(qtbot, tmp_path, fresh_vault)
    qtbot.waitUntil(lambda: again.shown is not None and again.shown.kind == "video", timeout=20000)
    qtbot.waitUntil(again.actions_.back.isEnabled, timeout=10000)
    again.view.setFocus()
    press(qtbot, again, Qt.Key.Key_Left, ALT)
    assert again.shown == Location("note", "long.md")
