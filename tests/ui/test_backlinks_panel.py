"""The backlinks panel of a hub note (the real vault's channel notes have up to 2,247 backlinks): it lists the
first notes and a row that lists the next ones, so showing it or resizing the window never lays out thousands of
wrapped rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.index import VaultIndex
from desktop.ui.backlinks_panel import MORE_ROLE, ROWS_AT_ONCE, SOURCE_ROLE, BacklinksPanel
from desktop.ui.navigation import Location

LINKING_NOTES = 700


@pytest.fixture(scope="module")
def hub_index(tmp_path_factory) -> VaultIndex:
    root = tmp_path_factory.mktemp("hub")
    (root / "hub.md").write_text("---\ntitle: The Hub\n---\nEveryone links here.\n", encoding="utf-8")
    for number in range(LINKING_NOTES):
        (root / f"n{number:04d}.md").write_text(
            f"---\ntitle: Note {number:04d}\n---\nFrom: [[hub]] and a sentence about it.\n", encoding="utf-8")
    return VaultIndex.build(root)


def rows(panel: BacklinksPanel) -> int:
    return sum(1 + panel.topLevelItem(i).childCount() for i in range(panel.topLevelItemCount()))


def listed_sources(panel: BacklinksPanel) -> list[str]:
    items = (panel.topLevelItem(i) for i in range(panel.topLevelItemCount()))
    return [item.data(0, SOURCE_ROLE) for item in items if not item.data(0, MORE_ROLE)]


def more_row(panel: BacklinksPanel):
    last = panel.topLevelItem(panel.topLevelItemCount() - 1)
    return last if last is not None and last.data(0, MORE_ROLE) else None


@pytest.fixture
def panel(qtbot, hub_index) -> BacklinksPanel:
    panel = BacklinksPanel()
    qtbot.addWidget(panel)
    panel.resize(300, 500)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_mentions(hub_index, Location("note", "hub.md"))
    return panel


def assert_two_lines_for(panel: BacklinksPanel, tmp_path, title: str, bold) -> None:
    """A note titled `title` linking the hub is listed on a row two lines of `bold` high."""
    root = tmp_path / "vault"
    root.mkdir()
    (root / "hub.md").write_text("Hub.\n", encoding="utf-8")
    (root / "long.md").write_text(f"---\ntitle: {title}\n---\nSee [[hub]].\n", encoding="utf-8")
    panel.show_mentions(VaultIndex.build(root), Location("note", "hub.md"))
    top = panel.topLevelItem(0)
    assert top.text(0) == title
    assert panel.visualItemRect(top).height() >= 2 * bold.lineSpacing()


def test_a_hub_lists_its_first_notes_and_a_row_for_the_rest(panel, hub_index):
    assert panel.headerItem().text(0) == f"Backlinks · {LINKING_NOTES} mentions in {LINKING_NOTES} notes"
    assert rows(panel) <= ROWS_AT_ONCE + 1
    more = more_row(panel)
    assert more is not None
    shown = listed_sources(panel)
    assert more.text(0) == f"Show the next notes ({LINKING_NOTES - len(shown):,} more)…"
    expected = list(dict.fromkeys(m.source for m in hub_index.mentions_of("note", "hub.md")))
    assert shown == expected[:len(shown)]


def test_the_same_page_of_the_same_index_again_keeps_its_rows(panel, hub_index):
    # the window marks its panels again when the videos come in: a hub's 300 rows were laid out anew (0.3 s)
    more = more_row(panel)
    panel.setCurrentItem(more)
    panel.show_mentions(hub_index, Location("note", "hub.md"))
    assert more_row(panel) is more and panel.currentItem() is more
    panel.show_mentions(hub_index, Location("note", "n0001.md"))
    assert more_row(panel) is None


def test_rows_have_no_tool_tip_to_show_over_their_preview(panel):
    # resting on a row previews its note (`link_hovered`); a tool tip showed over it at the same time
    note = panel.topLevelItem(0)
    assert note.data(0, SOURCE_ROLE) and note.toolTip(0) == "" and note.child(0).toolTip(0) == ""


def test_enter_on_the_last_row_lists_the_next_notes_until_all_are_listed(qtbot, panel, hub_index):
    expected = list(dict.fromkeys(m.source for m in hub_index.mentions_of("note", "hub.md")))
    panel.setFocus()
    qtbot.waitUntil(panel.hasFocus)
    pages = 1
    while more_row(panel) is not None:
        before = len(listed_sources(panel))
        qtbot.keyClick(panel, Qt.Key.Key_End)
        assert panel.currentItem() is more_row(panel)
        qtbot.keyClick(panel, Qt.Key.Key_Return)
        assert len(listed_sources(panel)) > before
        assert panel.currentItem().data(0, SOURCE_ROLE) == expected[before]  # the keyboard goes on from there
        pages += 1
    assert listed_sources(panel) == expected
    assert pages == -(-LINKING_NOTES * 2 // ROWS_AT_ONCE)  # a page of notes (two rows each) at a time


def test_a_click_on_the_last_row_lists_one_page_more(qtbot, panel):
    before = len(listed_sources(panel))
    more = more_row(panel)
    panel.scrollToItem(more)
    place = panel.visualItemRect(more).center()
    with qtbot.waitSignal(panel.itemClicked):
        qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=place)
    assert len(listed_sources(panel)) == 2 * before


def test_another_page_forgets_the_notes_not_yet_listed(panel, hub_index):
    panel.show_mentions(hub_index, Location("note", "n0001.md"))
    assert panel.topLevelItemCount() == 0 and more_row(panel) is None
    assert panel.headerItem().text(0) == "No backlinks"


def test_a_notes_bold_title_that_needs_two_lines_gets_them(qtbot, tmp_path):
    """Measured in the view's font, a title can fit one line that it overflows in bold: it was cut with "…"."""
    from PySide6.QtGui import QFontMetrics

    panel = BacklinksPanel()
    qtbot.addWidget(panel)
    panel.resize(300, 500)
    panel.show()
    qtbot.waitExposed(panel)
    regular = QFontMetrics(panel.font())
    bold_font = panel.font()
    bold_font.setBold(True)
    bold = QFontMetrics(bold_font)
    room = panel.viewport().width() - panel.indentation() - 12  # the width the delegate measures a note's row at
    title = "ab"
    while not (regular.horizontalAdvance(title) <= room < bold.horizontalAdvance(title)):
        title += " ab"
        assert regular.horizontalAdvance(title) <= room, "no title fits in regular but not in bold"
    assert_two_lines_for(panel, tmp_path, title, bold)


def test_a_title_gets_the_lines_it_needs_in_the_room_the_apps_style_leaves_it(qtbot, tmp_path):
    """The app's style sheet pads every row 6 px a side: measured without the padding, a title a few pixels too
    long for its line got one line and was cut ("Autonomous vehicles and societal ..." in the real vault)."""
    from PySide6.QtGui import QFontMetrics

    from desktop.paths import resource

    panel = BacklinksPanel()
    qtbot.addWidget(panel)
    panel.setStyleSheet(resource("app-light.qss").read_text(encoding="utf-8"))
    panel.resize(300, 500)
    panel.show()
    qtbot.waitExposed(panel)
    bold_font = panel.font()
    bold_font.setBold(True)
    bold = QFontMetrics(bold_font)
    unpadded = panel.viewport().width() - panel.indentation() - 12  # the room measured before, padding left out
    title = "ab"
    while bold.horizontalAdvance(title + " ab") <= unpadded - 5:
        title += " ab"
    title += " "
    while bold.horizontalAdvance(title + "i") <= unpadded:  # 1-5 px short of the old measure: 6 px past the room
        title += "i"
    assert unpadded - 5 < bold.horizontalAdvance(title) <= unpadded
    assert_two_lines_for(panel, tmp_path, title, bold)
