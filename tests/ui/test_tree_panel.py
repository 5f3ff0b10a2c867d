"""The left panel marks the page on screen in its lists without asking the models row by row (the real vault has
20,075 topics: a scan through the model took 60-180 ms on every topic page)."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.core.index import VaultIndex
from desktop.ui.navigation import Location
from desktop.ui.tree_model import PATH_ROLE
from desktop.ui.tree_panel import TreePanel

TOPICS = 1500


@pytest.fixture(scope="module")
def topic_index(tmp_path_factory) -> VaultIndex:
    root = tmp_path_factory.mktemp("topics")
    links = " ".join(f"[[topic {number:04d}]]" for number in range(TOPICS))
    (root / "many.md").write_text(f"---\ntitle: Many\n---\nIt links {links}.\n", encoding="utf-8")
    return VaultIndex.build(root)


@pytest.fixture
def panel(qtbot, topic_index) -> TreePanel:
    panel = TreePanel()
    qtbot.addWidget(panel)
    panel.set_index(topic_index)
    panel.tabs.setCurrentWidget(panel.topic_list)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


class CountingRows(list):
    """The model's rows, counting how many times one is read by its number (each `data` call reads one) and how
    many times they are counted (each `rowCount` call counts them)."""

    reads = 0
    counts = 0

    def __getitem__(self, key):
        CountingRows.reads += 1
        return super().__getitem__(key)

    def __len__(self):
        CountingRows.counts += 1
        return super().__len__()


def test_a_topic_page_is_marked_in_the_topic_list_by_lookup_not_by_asking_every_row(panel):
    model = panel.topic_model
    last = model.row_at(model.rowCount() - 1).key
    model._rows = CountingRows(model._rows)
    CountingRows.reads = 0
    panel.show_location(Location("topic", last))
    reads = CountingRows.reads
    current = panel.topic_list.currentIndex()
    assert current.row() == model.rowCount() - 1 and current.data(PATH_ROLE) == last
    assert reads < 10  # not one per topic (1,500 here)
    assert panel.topic_list.visualRect(current).intersects(panel.topic_list.viewport().rect())  # scrolled to


def test_a_topic_the_filtered_list_lacks_leaves_nothing_selected(qtbot, panel):
    model = panel.topic_model
    first, last = model.row_at(0).key, model.row_at(model.rowCount() - 1).key
    panel.show_location(Location("topic", first))
    panel.filter_edit.setText("topic 0001")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    panel.show_location(Location("topic", last))
    assert not panel.topic_list.selectionModel().hasSelection()
    panel.show_location(Location("topic", model.row_at(0).key))
    assert panel.topic_list.currentIndex().row() == 0


@pytest.fixture(scope="module")
def folders_index(tmp_path_factory) -> VaultIndex:
    root = tmp_path_factory.mktemp("folders")
    for folder in "abcd":
        (root / folder).mkdir()
        for number in range(8):
            (root / folder / f"{folder}{number}.md").write_text(
                f"---\ntitle: Note {folder}{number}{' rare' if number == 7 else ''}\n---\nText.\n", encoding="utf-8")
    return VaultIndex.build(root)


def opened_folders(panel: TreePanel) -> list[str]:
    return [panel.note_model.node(i).label for i in panel.note_model.folder_indexes()
            if panel.note_tree.isExpanded(i)]


def filter_ready_panel(qtbot, index) -> TreePanel:
    """A tree panel on screen showing `index`, its filter field focused."""
    panel = TreePanel()
    qtbot.addWidget(panel)
    panel.set_index(index)
    panel.show()
    qtbot.waitExposed(panel)
    panel.filter_edit.setFocus()
    qtbot.waitUntil(panel.filter_edit.hasFocus)
    return panel


def test_a_filter_matching_many_notes_opens_folders_for_the_first_of_them_only(qtbot, monkeypatch, folders_index):
    from desktop.ui import tree_panel

    monkeypatch.setattr(tree_panel, "OPEN_ROWS", 10)  # as 2,000 rows are to the real vault's 21,273 notes
    panel = filter_ready_panel(qtbot, folders_index)
    qtbot.keyClicks(panel.filter_edit, "note")  # all 32 notes, 8 a folder
    assert panel.note_model.note_count() == 32
    assert opened_folders(panel) == ["a"]  # 8 rows open; the next folder would pass 10
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.filter_edit, "rare")  # one note in each folder: 4 rows, all open
    assert opened_folders(panel) == ["a", "b", "c", "d"]


def test_a_big_vault_filters_on_a_worker_and_shows_the_newest_query(qtbot, monkeypatch, folders_index):
    import threading

    from desktop.ui import tree_panel

    monkeypatch.setattr(tree_panel, "BIG_VAULT", 0)  # as the real vault's 21,273 notes are
    threads = []
    real_filter = tree_panel.filter_note_tree

    def filter_note_tree(notes, query):
        threads.append(threading.current_thread())
        return real_filter(notes, query)

    monkeypatch.setattr(tree_panel, "filter_note_tree", filter_note_tree)
    panel = filter_ready_panel(qtbot, folders_index)
    qtbot.keyClicks(panel.filter_edit, "rare")
    qtbot.waitUntil(lambda: panel.note_model.note_count() == 4)
    assert opened_folders(panel) == ["a", "b", "c", "d"]
    assert threads and threading.main_thread() not in threads
    assert not panel.filtering
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.filter_edit, "c7")
    with qtbot.waitSignal(panel.open_requested) as opened:  # Enter before the lists show "c7": its match opens
        qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Return)
    assert opened.args[0] == Location("note", "c/c7.md")
    assert panel.note_model.note_count() == 1 and not panel.filtering


def test_clearing_the_filter_shows_the_open_note_again_in_its_folder(qtbot, folders_index):
    panel = TreePanel()
    qtbot.addWidget(panel)
    panel.set_index(folders_index)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_location(Location("note", "c/c5.md"))
    assert panel.note_tree.currentIndex().data(PATH_ROLE) == "c/c5.md"
    panel.filter_edit.setFocus()
    qtbot.waitUntil(panel.filter_edit.hasFocus)
    qtbot.keyClicks(panel.filter_edit, "rare")
    assert panel.note_model.note_count() == 4
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Backspace)
    assert panel.note_model.note_count() == 32
    current = panel.note_tree.currentIndex()
    assert current.data(PATH_ROLE) == "c/c5.md"  # not lost with the filter
    assert panel.note_tree.isExpanded(current.parent())
    assert panel.note_tree.visualRect(current).intersects(panel.note_tree.viewport().rect())


def test_a_new_style_does_not_measure_every_topic_row(panel):
    """Sized to its contents, the Mentions column asked a thousand rows for their count on every new style (the
    theme switched in Settings froze the real vault's window 0.6-1.3 s)."""
    model = panel.topic_model
    model._rows = CountingRows(model._rows)
    CountingRows.reads = 0
    panel.setStyleSheet("QTableView, QTreeView { font-size: 15px; }")  # as a theme switch restyles every widget
    panel.topic_list.viewport().repaint()
    assert CountingRows.reads < TOPICS // 5  # the rows on screen, a few times over: not every topic (1,500)


def test_a_new_style_does_not_ask_the_topic_model_about_every_row(panel):
    """A tree view lays out every row and asks the model each one's row and column counts (in Python, through
    `index`): switching the theme with the real vault's 20,075 topics took 160,000 such calls."""
    model = panel.topic_model
    model._rows = CountingRows(model._rows)
    CountingRows.counts = 0
    panel.setStyleSheet("QTableView, QTreeView { font-size: 15px; }")
    panel.topic_list.viewport().repaint()
    assert CountingRows.counts < TOPICS // 5  # for the rows on screen, not for every topic (1,500)


def test_every_rows_flags_are_made_once(monkeypatch, folders_index):
    """Qt asks every row laid out for its flags: combined anew for each (two `|` of enum members a row), a new
    style with the real vault's big folders open spent 125 ms of the GUI thread on them."""
    from desktop.ui.tree_model import NoteTreeModel

    model = NoteTreeModel()
    model.set_index(folders_index)
    note, folder = model.index_of_path("a/a0.md"), model.index_of_path("b/b1.md").parent()
    combined = []
    real_or = Qt.ItemFlag.__or__
    monkeypatch.setattr(Qt.ItemFlag, "__or__", lambda a, b: combined.append(1) or real_or(a, b))
    flags = [model.flags(note), model.flags(folder)]
    assert combined == []
    assert flags[0] & Qt.ItemFlag.ItemNeverHasChildren and not flags[1] & Qt.ItemFlag.ItemNeverHasChildren
    assert flags[1] & Qt.ItemFlag.ItemIsSelectable and flags[1] & Qt.ItemFlag.ItemIsEnabled


def test_a_big_vaults_topic_list_is_made_on_a_worker_when_its_index_comes_in(qtbot, monkeypatch, tmp_path):
    import threading

    from desktop.ui import tree_panel

    monkeypatch.setattr(tree_panel, "BIG_VAULT", 0)  # as the public vault's 21,273 notes and 19,171 topics are
    threads = []
    real_rows = tree_panel.topic_rows

    def topic_rows(topics, query=""):
        threads.append(threading.current_thread())
        return real_rows(topics, query)

    monkeypatch.setattr(tree_panel, "topic_rows", topic_rows)
    root = tmp_path / "vault"
    root.mkdir()
    (root / "a.md").write_text("Links [[Flow state]], [[Focus]] and [[Flow state]].\n", encoding="utf-8")
    index = VaultIndex.build(root)
    panel = TreePanel()
    qtbot.addWidget(panel)
    panel.set_index(index)
    qtbot.waitUntil(lambda: panel.topic_model.rowCount() == 2)
    assert [panel.topic_model.row_at(i).key for i in range(2)] == ["flowstate", "focus"]
    assert threads and threading.main_thread() not in threads


def test_a_new_index_with_a_filter_typed_keeps_the_lists_place(qtbot, folders_index):
    panel = filter_ready_panel(qtbot, folders_index)
    panel.resize(300, 120)
    qtbot.keyClicks(panel.filter_edit, "note")
    bar = panel.note_tree.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    place = bar.value()
    assert place > 0
    panel.set_index(folders_index)  # a live reload of the same notes
    assert panel.note_tree.verticalScrollBar().value() == place


# A live reload with a filter typed (issue: the tree's open folders closed) ------------------------------------

def write_folders_vault(root) -> None:
    """Four folders of eight notes, the last of each "rare" (what the filter below finds), and six more rare
    notes in c: enough matching rows to scroll in a small panel."""
    for folder in "abcd":
        (root / folder).mkdir(parents=True)
        last = 14 if folder == "c" else 8
        for number in range(last):
            rare = " rare" if number >= 7 else ""
            (root / folder / f"{folder}{number}.md").write_text(
                f"---\ntitle: Note {folder}{number}{rare}\n---\nText.\n", encoding="utf-8")


def reload_changes():
    """A note edited on disk: its text only (same names), its title, a note added, a note deleted."""
    def body(root):
        (root / "c" / "c3.md").write_text("---\ntitle: Note c3\n---\nNew text.\n", encoding="utf-8")

    def title(root):
        (root / "a" / "a7.md").write_text("---\ntitle: Note a7 rare renamed\n---\nText.\n", encoding="utf-8")

    def added(root):
        (root / "d" / "d20.md").write_text("---\ntitle: Note d20 rare\n---\nText.\n", encoding="utf-8")

    def deleted(root):
        (root / "c" / "c13.md").unlink()

    return {"body": body, "title": title, "added": added, "deleted": deleted}


@pytest.mark.parametrize("big", [True, False], ids=["big vault", "small vault"])
@pytest.mark.parametrize("change", sorted(reload_changes()))
def test_a_live_reload_with_a_filter_typed_keeps_the_filter_open_folders_selection_and_place(
        qtbot, monkeypatch, tmp_path, big, change):
    from desktop.ui import tree_panel

    if big:
        monkeypatch.setattr(tree_panel, "BIG_VAULT", 0)  # lists made on a worker, as for the public vault
    root = tmp_path / "vault"
    write_folders_vault(root)
    panel = filter_ready_panel(qtbot, VaultIndex.build(root))
    panel.resize(320, 200)
    qtbot.keyClicks(panel.filter_edit, "rare")
    qtbot.waitUntil(lambda: not panel.filtering and panel.note_model.note_count() == 10)
    assert opened_folders(panel) == ["a", "b", "c", "d"]
    panel.note_tree.setFocus()
    qtbot.waitUntil(panel.note_tree.hasFocus)
    for key in (Qt.Key.Key_Home, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Left):  # a, a7, b: closed
        qtbot.keyClick(panel.note_tree, key)
    panel.show_location(Location("note", "c/c9.md"))  # the page on screen
    bar = panel.note_tree.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 2)
    bar.setValue(2)

    reload_changes()[change](root)
    reloaded = VaultIndex.build(root)
    panel.set_index(reloaded)  # the session's live reload
    qtbot.waitUntil(lambda: not panel.filtering and panel.note_model._index is reloaded)

    assert panel.filter_edit.text() == "rare"
    assert opened_folders(panel) == ["a", "c", "d"]  # as the user left them
    assert panel.note_tree.currentIndex().data(PATH_ROLE) == "c/c9.md"
    assert panel.note_tree.selectionModel().isSelected(panel.note_tree.currentIndex())
    assert bar.value() == 2


# Enter in the filter while the lists are being made for a new index ------------------------------------------

def topics_index(root, topics: list[str]) -> VaultIndex:
    """A vault whose notes link `topics`, the first from the most notes (so it heads the topic list)."""
    root.mkdir(exist_ok=True)
    for number, topic in enumerate(topics):
        for copy in range(len(topics) - number):
            (root / f"{number}-{copy}.md").write_text(f"It links [[{topic}]].\n", encoding="utf-8")
    return VaultIndex.build(root)


def topic_keys(panel: TreePanel) -> list[str]:
    return [panel.topic_model.row_at(row).key for row in range(panel.topic_model.rowCount())]


ORDERS = {
    # the new index, then Enter while its lists are being made
    "index, then enter": ("", ("index", "enter")),
    # a filter typed (its pause still running), Enter (waiting for the lists), then the new index
    "typed, enter, then index": ("topic", ("enter", "index")),
    # a filter typed, the new index while that filter's lists are being made, then Enter
    "typed, index, then enter": ("topic", ("index", "enter")),
}


@pytest.mark.parametrize("order", sorted(ORDERS))
def test_enter_in_the_filter_while_the_topic_list_is_rebuilt_shows_and_opens_the_new_indexs_topics(
        qtbot, monkeypatch, tmp_path, order):
    from desktop.ui import tree_panel

    monkeypatch.setattr(tree_panel, "BIG_VAULT", 0)  # lists made on a worker, as for the public vault
    old = topics_index(tmp_path / "old", ["old topic", "shared topic"])
    panel = filter_ready_panel(qtbot, old)
    panel.tabs.setCurrentWidget(panel.topic_list)
    qtbot.waitUntil(lambda: not panel.filtering and topic_keys(panel) == ["oldtopic", "sharedtopic"])
    panel.show_location(Location("topic", "sharedtopic"))  # the page on screen
    new = topics_index(tmp_path / "new", ["new topic", "shared topic", "other topic"])

    typed, steps = ORDERS[order]
    qtbot.keyClicks(panel.filter_edit, typed)
    with qtbot.waitSignal(panel.open_requested) as opened:
        for step in steps:
            if step == "index":
                panel.set_index(new)  # the session's live reload
            else:
                qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.filtering)

    assert topic_keys(panel) == ["newtopic", "sharedtopic", "othertopic"]
    assert panel.topic_list.currentIndex().data(PATH_ROLE) == "sharedtopic"  # the page on screen, still marked
    assert opened.args[0] == Location("topic", "newtopic")  # the first of the list shown


# A big vault's new index: nothing walks its notes on the GUI thread --------------------------------------------

class WalkedDict(dict):
    """An index's notes or topics, noting the thread of every walk through them (a lookup is not a walk)."""

    def __init__(self, items, threads: list) -> None:
        super().__init__(items)
        self.threads = threads

    def _walked(self):
        self.threads.append(threading.current_thread())

    def items(self):
        self._walked()
        return super().items()

    def values(self):
        self._walked()
        return super().values()

    def keys(self):
        self._walked()
        return super().keys()

    def __iter__(self):
        self._walked()
        return super().__iter__()


def walked_index(root, threads: list) -> VaultIndex:
    index = VaultIndex.build(root)
    return dataclasses.replace(index, notes=WalkedDict(index.notes, threads),
                               topics=WalkedDict(index.topics, threads))


def test_a_big_vaults_new_index_is_never_walked_on_the_gui_thread(qtbot, monkeypatch, tmp_path):
    """Comparing the tree's names with the new index's (`note_names_of`: 15-50 ms at the public vault), filtering
    and sorting its 21,273 notes and 19,095 topics: all on a worker, with a filter typed or not."""
    from desktop.ui import tree_panel

    monkeypatch.setattr(tree_panel, "BIG_VAULT", 0)  # as the public vault's 21,273 notes are
    root = tmp_path / "vault"
    write_folders_vault(root)
    (root / "a" / "a0.md").write_text("---\ntitle: Note a0\n---\nOn [[Flow state]].\n", encoding="utf-8")
    threads: list = []
    panel = filter_ready_panel(qtbot, walked_index(root, threads))
    qtbot.waitUntil(lambda: not panel.filtering and panel.note_model.note_count() == 38)
    for typed in ("rare", ""):
        qtbot.keyClick(panel.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Delete)
        qtbot.keyClicks(panel.filter_edit, typed)
        qtbot.waitUntil(lambda: not panel.filtering and panel._applied_query == typed)
        for change in ("body", "title"):  # the same names, and new ones
            reload_changes()[change](root)
            reloaded = walked_index(root, threads)
            panel.set_index(reloaded)
            qtbot.waitUntil(lambda: not panel.filtering and panel.note_model._index is reloaded)
        assert panel.note_model.note_count() == (10 if typed else 38)
    assert panel.topic_model.rowCount() == 1
    walks_on_gui_thread = sum(thread is threading.main_thread() for thread in threads)
    assert threads and walks_on_gui_thread == 0


def test_the_page_shown_before_a_big_vaults_first_lists_is_marked_and_scrolled_to_once_they_come(
        qtbot, monkeypatch, tmp_path):
    from desktop.ui import tree_panel

    monkeypatch.setattr(tree_panel, "BIG_VAULT", 0)
    root = tmp_path / "vault"
    write_folders_vault(root)
    panel = TreePanel()
    qtbot.addWidget(panel)
    panel.resize(320, 200)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_index(VaultIndex.build(root))  # the names stage: its lists are made on a worker
    panel.show_location(Location("note", "d/d6.md"))  # the first page, opened meanwhile
    qtbot.waitUntil(lambda: not panel.filtering)
    current = panel.note_tree.currentIndex()
    assert current.data(PATH_ROLE) == "d/d6.md"
    assert panel.note_tree.visualRect(current).intersects(panel.note_tree.viewport().rect())


@pytest.mark.parametrize("big", [True, False], ids=["big vault", "small vault"])
def test_a_live_reload_in_the_window_keeps_the_trees_scroll_away_from_the_open_note(
        qtbot, monkeypatch, tmp_path, big):
    """The window marks its page again in the tree after a new index: that must not scroll the tree back to it."""
    from desktop.ui import tree_panel
    from tests.ui.ui_helpers import open_window

    if big:
        monkeypatch.setattr(tree_panel, "BIG_VAULT", 0)
    root = tmp_path / "vault"
    (root / "c").mkdir(parents=True)
    for number in range(60):
        (root / "c" / f"c{number:02d}.md").write_text(f"---\ntitle: Note c{number:02d} rare\n---\nText.\n",
                                                      encoding="utf-8")
    window = open_window(qtbot, tmp_path, root, note="c/c01.md")
    panel = window.tree_panel
    panel.filter_edit.setFocus()
    qtbot.waitUntil(panel.filter_edit.hasFocus)
    qtbot.keyClicks(panel.filter_edit, "rare")
    qtbot.waitUntil(lambda: not panel.filtering and panel._applied_query == "rare")
    assert panel.note_tree.currentIndex().data(PATH_ROLE) == "c/c01.md"
    bar = panel.note_tree.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)  # the open note is far above, out of sight
    current = panel.note_tree.currentIndex()
    assert not panel.note_tree.visualRect(current).intersects(panel.note_tree.viewport().rect())
    top = panel.note_tree.indexAt(QPoint(0, 0))
    in_sight = (top.data(PATH_ROLE), panel.note_tree.visualRect(top).top())

    # a note added above the rows in sight (after c01 by title): they stay where they are
    (root / "c" / "c01a.md").write_text("---\ntitle: Note c01a rare\n---\nAdded.\n", encoding="utf-8")
    with qtbot.waitSignal(window.vault_loaded, timeout=20000):
        window.loader.reload()
    qtbot.waitUntil(lambda: not panel.filtering and panel.note_model.note_count() == 61)

    assert panel.note_tree.currentIndex().data(PATH_ROLE) == "c/c01.md"
    top = panel.note_tree.indexAt(QPoint(0, 0))
    assert (top.data(PATH_ROLE), panel.note_tree.visualRect(top).top()) == in_sight


def test_a_narrow_videos_tab_gives_its_count_columns_width_to_the_titles(qtbot, panel):
    """QA: at 150-300 px the titles read "Global Economi…" twice, or "Vi", beside two count columns (the
    counts stay in each row's tooltip)."""
    from desktop.ui.tree_panel import COUNTS_SHOWN_FROM

    panel.tabs.setCurrentWidget(panel.video_tree)
    panel.show()
    header = panel.video_tree.header()
    panel.resize(COUNTS_SHOWN_FROM - 100, 400)
    qtbot.waitUntil(lambda: header.isSectionHidden(1) and header.isSectionHidden(2))
    panel.resize(COUNTS_SHOWN_FROM + 200, 400)
    qtbot.waitUntil(lambda: not header.isSectionHidden(1) and not header.isSectionHidden(2))


def test_a_narrow_tab_bars_scroll_arrows_are_no_tab_stops(qtbot, panel):
    """QA: with the tree pane narrow, Tab went to the tab bar's ◂ and ▸ before the list."""
    from PySide6.QtWidgets import QToolButton

    arrows = panel.tabs.tabBar().findChildren(QToolButton)
    assert arrows and all(arrow.focusPolicy() == Qt.FocusPolicy.NoFocus for arrow in arrows)
