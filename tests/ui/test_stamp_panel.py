"""The stamp list: what a row says and does when its stamp cannot be played."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.model import Stamp
from desktop.ui.stamp_panel import StampPanel


def test_a_stamp_that_is_no_time_says_so_when_played_not_that_the_note_names_no_video(qtbot):
    """QA: a stamp the note's warnings call invalid ("javascript:alert(1)", "-00:01:00") is still a row (it
    leads to its place in the note), and playing it said "the note names no video to open", which the note
    did name."""
    panel = StampPanel()
    qtbot.addWidget(panel)
    panel.show_stamps([Stamp(label="javascript:alert(1)", seconds=None, url=None, context="A claim.", start=0, end=9),
                       Stamp(label="00:01:00", seconds=60, url=None, context="Another.", start=20, end=29)])
    panel.show()
    panel.setFocus()
    qtbot.waitUntil(panel.hasFocus)
    panel.setCurrentItem(panel.topLevelItem(0))
    with qtbot.waitSignal(panel.message) as said:
        qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert said.args == ["javascript:alert(1): not a time: no moment of a video to open (see the note's warnings)"]
    assert "not a time" in panel.topLevelItem(0).toolTip(0)
    panel.setCurrentItem(panel.topLevelItem(1))
    with qtbot.waitSignal(panel.message) as said:
        qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert said.args == ["00:01:00: the note names no video to open"]


def test_a_new_list_does_not_walk_the_old_current_row_through_every_row_removed(qtbot):
    """QA: leaving a note of 3,124 stamps with its last row selected froze the window 7.5 s (28,727: minutes):
    clearing the list moved the current row up through each row removed. The walk is counted, not timed."""
    panel = StampPanel()
    qtbot.addWidget(panel)
    stamps = [Stamp(label=f"0:{i:02}", seconds=i, url=None, context=f"S{i}.", start=i, end=i + 1) for i in range(500)]
    panel.show_stamps(stamps)
    panel.setCurrentItem(panel.topLevelItem(499))
    moves = []
    panel.selectionModel().currentChanged.connect(lambda *_args: moves.append(1))
    panel.show_stamps(stamps[:3])
    assert len(moves) <= 1 and panel.topLevelItemCount() == 3


def test_a_row_followed_in_a_narrow_list_keeps_the_time_column_in_sight(qtbot):
    """QA: beside the player dock the list was scrolled sideways and the time column read ":37" for 2:37."""
    panel = StampPanel()
    qtbot.addWidget(panel)
    long = "A sentence long enough to be far wider than the narrow list it is shown in, word after word. " * 3
    panel.show_stamps([Stamp(label=f"2:{i:02}", seconds=120 + i, url=None, context=long, start=i, end=i + 1)
                       for i in range(60)])
    panel.resize(160, 200)
    panel.show()
    qtbot.waitExposed(panel)
    panel.header().resizeSection(1, 2000)  # a sentence column wider than the list: room to scroll sideways
    qtbot.waitUntil(lambda: panel.horizontalScrollBar().maximum() > 0)
    panel.setCurrentIndex(panel.model().index(59, 1))  # a click on a row's sentence: Qt scrolls to that column
    assert panel.horizontalScrollBar().value() == 0
    panel.follow_row(30)
    assert panel.horizontalScrollBar().value() == 0


def test_a_new_pages_list_starts_at_its_first_stamp_and_the_same_page_again_keeps_its_scroll(qtbot):
    """QA: a new note's stamps opened as far down as the last note's list had been scrolled, its first rows
    hidden (a click on the top row seen played 17:52, not 1:48)."""
    panel = StampPanel()
    qtbot.addWidget(panel)
    panel.resize(300, 200)
    panel.show()
    qtbot.waitExposed(panel)

    def stamps(n: int) -> list[Stamp]:
        return [Stamp(label=f"{i}:00", seconds=60 * i, url=None, context=f"S{i}.", start=i, end=i + 1)
                for i in range(n)]

    panel.show_stamps(stamps(80), ("note", "a.md"))
    qtbot.waitUntil(lambda: panel.verticalScrollBar().maximum() > 0)
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_End)  # the reader goes to the last row
    scrolled = panel.verticalScrollBar().value()
    assert scrolled > 0
    panel.show_stamps(stamps(80), ("note", "a.md"))  # a live reload of the same note: where it was
    assert panel.verticalScrollBar().value() == scrolled
    panel.show_stamps(stamps(60), ("note", "b.md"))  # another note: its first stamp
    assert panel.verticalScrollBar().value() == 0


def test_a_stamp_right_after_another_shows_the_sentence_they_both_cite(qtbot):
    """QA: when two anchors follow one sentence, the second row read a bare "—"."""
    panel = StampPanel()
    qtbot.addWidget(panel)
    panel.show_stamps([Stamp(label="0:08", seconds=8, url=None, context="The claim.", start=0, end=1),
                       Stamp(label="0:09", seconds=9, url=None, context="", start=2, end=3),
                       Stamp(label="0:20", seconds=20, url=None, context="Next.", start=4, end=5)])
    second = panel.topLevelItem(1)
    assert second.text(1) == "The claim." and "same sentence" in second.toolTip(1)
    assert second.foreground(1).color() == panel.palette().placeholderText().color()
    assert panel.topLevelItem(2).text(1) == "Next."
