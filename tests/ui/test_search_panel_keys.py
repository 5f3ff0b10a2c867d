"""The search panel from the keyboard: Enter right after typing opens the first result of the words typed, the
count says how many notes match in all, and the last row lists the next results."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core.loader import open_store, update_store
from desktop.core.search import PAGE_SIZE
from desktop.ui.search_panel import MORE_ROLE, SearchPanel
from tests.core.core_helpers import write

MANY = PAGE_SIZE + 12  # notes naming "gas": more than a page


@pytest.fixture
def panel(qtbot, tmp_path):
    root = tmp_path / "vault"
    for number in range(MANY):
        write(root, f"gas/{number:03}.md", f"---\ntitle: Note {number:03}\n---\nNatural gas, note {number}.\n")
    for number in range(7):  # holding both words, never the phrase "natural gas"
        write(root, f"apart/{number}.md", f"---\ntitle: Apart {number}\n---\nGas is natural, {number}.\n")
    write(root, "flow.md", "---\ntitle: Flow\n---\nFlow state and nothing else.\n")
    write(root, "price.md", "---\ntitle: Price\n---\nPrices rose.\n")
    store = open_store(root.resolve())  # the vault's cache, as the window's load leaves it
    try:
        update_store(root.resolve(), store)
    finally:
        store.close()
    widget = SearchPanel()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_vault(root.resolve(), None, indexing=False)
    widget.query_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.query_edit)
    return widget


def _type(qtbot, panel, text):
    panel.query_edit.selectAll()
    qtbot.keyClicks(panel.query_edit, text)


def test_enter_at_once_after_typing_opens_the_first_result_of_what_was_typed(qtbot, panel):
    _type(qtbot, panel, "flow")
    with qtbot.waitSignal(panel.open_requested, timeout=10000) as opened:
        qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)  # the search has not even started
    assert opened.args[0].path == "flow.md"
    assert [r.path for r in panel.results()] == ["flow.md"]


def test_enter_while_older_results_are_listed_waits_for_the_new_words(qtbot, panel):
    _type(qtbot, panel, "flow")
    qtbot.waitUntil(lambda: [r.path for r in panel.results()] == ["flow.md"], timeout=10000)
    _type(qtbot, panel, "prices")
    with qtbot.waitSignal(panel.open_requested, timeout=10000) as opened:
        qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)
    assert opened.args[0].path == "price.md"  # not flow.md, listed when Enter was pressed


def test_an_enter_for_words_since_changed_opens_nothing_by_itself(qtbot, panel):
    opened = []
    panel.open_requested.connect(opened.append)
    _type(qtbot, panel, "flow")
    qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.query_edit, "x")  # typing on: the Enter was for "flow"
    qtbot.waitUntil(lambda: panel.status.text().startswith("No matches"), timeout=10000)
    assert opened == []


def test_the_count_is_every_matching_note_and_the_last_row_lists_the_next(qtbot, panel):
    _type(qtbot, panel, "gas")
    qtbot.waitUntil(lambda: bool(panel.results()), timeout=10000)
    assert len(panel.results()) == PAGE_SIZE
    assert panel.total() == MANY + 7
    assert panel.status.text().startswith(f"{PAGE_SIZE} of {MANY + 7} notes")
    rows = panel.results_list
    last = rows.item(rows.count() - 1)
    assert last.data(MORE_ROLE) and f"{MANY + 7 - PAGE_SIZE} more" in last.text()
    rows.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is rows)
    qtbot.keyClick(rows, Qt.Key.Key_End)
    assert rows.currentRow() == rows.count() - 1
    qtbot.keyClick(rows, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(panel.results()) == MANY + 7, timeout=10000)
    assert rows.currentRow() == PAGE_SIZE  # the keyboard is at the first result added
    paths = [r.path for r in panel.results()]
    assert len(set(paths)) == MANY + 7  # each note once
    assert rows.count() == MANY + 7 and not rows.item(rows.count() - 1).data(MORE_ROLE)
    assert panel.status.text().startswith(f"{MANY + 7} notes")


def test_a_phrase_is_counted_as_the_notes_holding_it(qtbot, panel):
    _type(qtbot, panel, '"natural gas"')
    qtbot.waitUntil(lambda: panel.status.text().startswith(f"{PAGE_SIZE} of {MANY} notes"), timeout=10000)
    assert panel.total() == MANY  # the notes with both words apart are not counted
    rows = panel.results_list
    assert f"{MANY - PAGE_SIZE} more" in rows.item(rows.count() - 1).text()


def test_one_click_opens_a_result_and_lists_the_next_results(qtbot, panel):
    """QA: one click on a result (or on "Show the next results") only selected it; everywhere else one click
    opens."""
    _type(qtbot, panel, "gas")
    qtbot.waitUntil(lambda: bool(panel.results()), timeout=10000)
    rows = panel.results_list
    second = rows.item(1)
    with qtbot.waitSignal(panel.open_requested, timeout=10000) as opened:
        qtbot.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton, pos=rows.visualItemRect(second).center())
    assert opened.args[0] == panel.results()[1]
    last = rows.item(rows.count() - 1)
    rows.scrollToItem(last)
    qtbot.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton, pos=rows.visualItemRect(last).center())
    qtbot.waitUntil(lambda: len(panel.results()) == MANY + 7, timeout=10000)
