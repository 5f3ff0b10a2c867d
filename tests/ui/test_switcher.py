"""The quick switcher in a big vault ranks on a worker: the real vault's 47,000 names took the GUI thread
140-220 ms a key. Here the threshold is lowered so a small vault takes the big vault's path."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui import switcher as switcher_module
from desktop.ui.navigation import Location
from ui_helpers import open_window


@pytest.fixture
def window(qtbot, tmp_path, vault_root, monkeypatch):
    monkeypatch.setattr(switcher_module, "BIG_VAULT", 0)
    return open_window(qtbot, tmp_path, vault_root, note="alpha.md")


@pytest.fixture
def ranked_on(monkeypatch) -> list[threading.Thread]:
    threads: list[threading.Thread] = []
    real_rank = switcher_module.rank

    def rank(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_rank(*args, **kwargs)

    monkeypatch.setattr(switcher_module, "rank", rank)
    return threads


def open_switcher(qtbot, window):
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.switcher.edit)
    return window.switcher


def test_a_big_vault_ranks_off_the_gui_thread_and_shows_the_newest_querys_results(qtbot, window, ranked_on):
    switcher = open_switcher(qtbot, window)
    qtbot.keyClicks(switcher.edit, "btht")
    qtbot.waitUntil(lambda: switcher.results.currentItem().text().startswith("Beta Thoughts"))
    assert ranked_on and threading.main_thread() not in ranked_on
    qtbot.keyClick(switcher.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(switcher.edit, "othtop")
    qtbot.waitUntil(lambda: switcher.results.currentItem().text().startswith("Other Topic"))
    assert not switcher.ranking


def test_enter_before_the_results_come_opens_the_best_match_of_all_that_was_typed(qtbot, window, ranked_on):
    switcher = open_switcher(qtbot, window)
    qtbot.waitUntil(lambda: not switcher.ranking)  # the list of everything, "Alpha Note" first
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClicks(switcher.edit, "gamma ray")
        qtbot.keyClick(switcher.edit, Qt.Key.Key_Return)
    assert window.shown == Location("note", "folder/sub/gamma.md")
    assert not switcher.isVisible()


def test_a_page_chosen_in_the_switcher_gets_the_keyboard(qtbot, window):
    """Opened from the tree's filter, the switcher gave the keyboard back to the filter: PageDown then did
    nothing to the note just chosen."""
    window.focus_filter()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.tree_panel.filter_edit)
    qtbot.keyClick(window.tree_panel.filter_edit, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.switcher.edit)
    qtbot.keyClicks(window.switcher.edit, "gamma ray")
    qtbot.waitUntil(lambda: not window.switcher.ranking
                    and window.switcher.results.currentItem().text().startswith("Gamma Ray Bursts"))
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(window.switcher.edit, Qt.Key.Key_Return)
    assert window.shown == Location("note", "folder/sub/gamma.md")
    window.activateWindow()  # what the window manager does as the dialog closes (the offscreen platform does not)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)


def test_a_long_row_keeps_its_whole_title_and_cuts_its_path(qtbot, tmp_path, fresh_vault):
    """The rows were cut in the middle: "Russian nuclear threat and Western resp…_threat_and_western_response.md"
    lost the title's end to the file name that repeats it."""
    title = "Russian nuclear threat and Western response to it"
    folder = fresh_vault / "zeihanongeopolitics"
    folder.mkdir()
    name = "_".join(["russian_nuclear_threat_and_western_response_to_it"] * 3)  # a path longer than any row
    (folder / f"{name}.md").write_text(f"---\ntitle: {title}\n---\nText.\n", encoding="utf-8")
    window = open_window(qtbot, tmp_path, fresh_vault, note="alpha.md")
    switcher = open_switcher(qtbot, window)
    qtbot.keyClicks(switcher.edit, "russian nuclear threat")
    qtbot.waitUntil(lambda: not switcher.ranking and switcher.results.currentItem() is not None
                    and switcher.results.currentItem().text().startswith(title))
    item = switcher.results.currentItem()
    room = switcher.results.viewport().width() - 8  # what the list shows of a row, less its margins
    metrics = switcher.results.fontMetrics()
    assert metrics.horizontalAdvance(item.text()) > room  # too long for its row: it is cut
    shown = metrics.elidedText(item.text(), switcher.results.textElideMode(), room)
    assert shown.startswith(title) and shown.endswith("…")
