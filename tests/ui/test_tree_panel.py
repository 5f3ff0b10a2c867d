"""The left panel marks the page on screen in its lists without asking the models row by row (the real vault has
20,075 topics: a scan through the model took 60-180 ms on every topic page)."""

from __future__ import annotations

import pytest

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
    """The model's rows, counting how many times one is read by its number (each `data` call reads one)."""

    reads = 0

    def __getitem__(self, key):
        CountingRows.reads += 1
        return super().__getitem__(key)


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
