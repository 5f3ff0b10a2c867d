"""The SVG timeline of a video page and the thin strip under a note: marks, positions, links, tooltips."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.core.index import VaultIndex
from desktop.core.stamps import format_seconds
from desktop.core.videos import Video, VideoCatalog
from desktop.render.timeline import (
    MAX_FAINTS,
    MAX_MARKS,
    PALETTE_SIZE,
    TIMELINE_CSS,
    note_colours,
    note_strip,
    tick_seconds,
    timeline_svg,
)
from tests.core.core_helpers import stamp, write

VID = "AAAAAAAAAAA"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & more'
HOSTILE_SOURCE = '&lt;script&gt;alert("x")&lt;/script&gt; &amp; more'  # how a note writes it to keep it as text


def video_of(root: Path, notes: dict[str, list[tuple[str, str]]], video_id: str = VID) -> tuple[VaultIndex, Video]:
    """A vault of notes made from one video, each a list of (time, sentence); the video's catalog entry."""
    for path, stamps in notes.items():
        body = " ".join(f"{sentence} {stamp(t)}." for t, sentence in stamps)
        write(root, path, f"---\ntitle: {Path(path).stem.title()}\nvideoId: {video_id}\n---\n{body}\n")
    index = VaultIndex.build(root, workers=1)
    return index, VideoCatalog.build(index).get(video_id)


def stamp_href(video_id: str, seconds: int) -> str:
    return f"https://youtu.be/{video_id}?t={seconds}&x=1"


def marks(fragment: str) -> list[ET.Element]:
    """The mark elements (`<a>` or `<g>` with class tl-mark) in document order."""
    root = ET.fromstring(fragment)
    return [el for el in root.iter() if "tl-mark" in el.get("class", "").split()]


def percent(el: ET.Element) -> float:
    bar = next(r for r in el.iter(f"{SVG}rect") if r.get("class") == "tl-bar")
    return float(bar.get("x").rstrip("%"))


def test_one_mark_per_stamp_at_a_position_proportional_to_its_second(tmp_path):
    _, video = video_of(tmp_path, {"ch/one.md": [("00:00:00", "Start"), ("00:05:00", "Middle")],
                                   "ch/two.md": [("00:02:30", "Quarter"), ("00:10:00", "End")]})
    found = marks(timeline_svg(video, stamp_href))
    assert [int(el.get("data-seconds")) for el in found] == [0, 150, 300, 600]
    assert [percent(el) for el in found] == [0.0, 25.0, 50.0, 100.0]


def test_each_mark_links_to_the_video_at_its_second_with_a_tooltip(tmp_path):
    _, video = video_of(tmp_path, {"ch/one.md": [("00:01:05", "The claim"), ("00:03:00", "Later")]})
    svg = timeline_svg(video, stamp_href, note_title=lambda p: "Note One")
    first = marks(svg)[0]
    assert first.tag == f"{SVG}a"
    assert first.get("href") == stamp_href(VID, 65)
    assert first.find(f"{SVG}title").text == f"{format_seconds(65)} — The claim · Note One"
    assert "&amp;x=1" in svg  # the href is escaped in the markup


def test_a_mark_without_an_href_is_not_a_link(tmp_path):
    _, video = video_of(tmp_path, {"ch/one.md": [("00:01:05", "The claim")]})
    only = marks(timeline_svg(video, lambda vid, s: None))[0]
    assert only.tag == f"{SVG}g" and only.get("href") is None


def test_hostile_sentence_and_note_title_stay_text(tmp_path):
    _, video = video_of(tmp_path, {"ch/one.md": [("00:00:10", HOSTILE_SOURCE)]})
    svg = timeline_svg(video, stamp_href, note_title=lambda p: "<b>bold</b>")
    assert "<script" not in svg and "<b>" not in svg
    title = marks(svg)[0].find(f"{SVG}title").text
    assert HOSTILE in title and title.endswith("· <b>bold</b>")


def test_marks_are_coloured_by_note_and_the_highlighted_notes_stand_out_on_top(tmp_path):
    _, video = video_of(tmp_path, {"ch/a.md": [("00:00:10", "A1"), ("00:02:00", "A2")],
                                   "ch/b.md": [("00:01:00", "B1")]})
    found = marks(timeline_svg(video, stamp_href, highlight_note="ch/a.md"))
    classes = [(el.get("data-note"), set(el.get("class").split())) for el in found]
    assert [note for note, _ in classes] == ["ch/b.md", "ch/a.md", "ch/a.md"]  # the highlighted drawn last
    assert classes[0][1] == {"tl-mark", "tl-c1", "tl-dim"}
    assert all(c == {"tl-mark", "tl-c0", "tl-hl"} for _, c in classes[1:])
    plain = marks(timeline_svg(video, stamp_href))
    assert not any({"tl-hl", "tl-dim"} & set(el.get("class").split()) for el in plain)


def test_note_colours_are_stable_and_every_class_has_a_rule(tmp_path):
    notes = {f"ch/n{i:02d}.md": [(f"00:00:{i:02d}", f"S{i}")] for i in range(PALETTE_SIZE + 2)}
    _, video = video_of(tmp_path, notes)
    colours = note_colours(video)
    assert [colours[p] for p in sorted(notes)] == [i % PALETTE_SIZE for i in range(len(notes))]
    for i in range(PALETTE_SIZE):
        assert f".tl-c{i} {{ fill: var(--" in TIMELINE_CSS and f".sw-c{i} " in TIMELINE_CSS
    assert "#" not in TIMELINE_CSS  # colours only through the page's variables (light and dark)


def test_tick_labels_are_round_times_up_to_the_last_second(tmp_path):
    assert tick_seconds(2382) == [0, 600, 1200, 1800, 2382]
    assert tick_seconds(0) == [0]
    assert tick_seconds(53) == [0, 10, 20, 30, 40, 53]  # 50 too near the end label
    assert tick_seconds(59) == [0, 10, 20, 30, 40, 50, 59]
    # hubermanlab's J7yn4tJEmJU, 2:43:44: "2:30:00" ran into the end label
    assert tick_seconds(9824) == [0, 1800, 3600, 5400, 7200, 9824]
    _, video = video_of(tmp_path, {"ch/one.md": [("00:00:05", "a"), ("00:39:42", "b")]})
    root = ET.fromstring(timeline_svg(video, stamp_href))
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert labels == ["0:00", "10:00", "20:00", "30:00", "39:42"]


def test_a_stamp_past_any_videos_length_gets_a_few_ticks_not_one_per_four_hours():
    for last in (100_000, 3_600_000_000, 360_000_000_000, 10**21):
        ticks = tick_seconds(last)
        assert 3 <= len(ticks) <= 7 and ticks[0] == 0 and ticks[-1] == last
        assert all(tick % 3600 == 0 for tick in ticks[:-1]) and ticks == sorted(set(ticks))


def test_no_timeline_without_placed_stamps(tmp_path):
    _, video = video_of(tmp_path, {"ch/one.md": []})
    assert timeline_svg(video, stamp_href) == ""
    assert note_strip(video, "ch/one.md", video_href=lambda v: "v", stamp_href=stamp_href) == ""


def test_all_stamps_at_second_zero_do_not_divide_by_zero(tmp_path):
    _, video = video_of(tmp_path, {"ch/one.md": [("00:00:00", "a"), ("00:00:00", "b")]})
    assert [percent(el) for el in marks(timeline_svg(video, stamp_href))] == [0.0, 0.0]


# --------------------------------------------------------------------------- the note strip

def test_note_strip_shows_the_notes_own_stamps_and_the_others_faint(tmp_path):
    _, video = video_of(tmp_path, {"ch/a.md": [("00:00:10", "A1"), ("00:05:00", "A2")],
                                   "ch/b.md": [("00:01:00", "B1"), ("00:10:00", "B2"), ("00:02:00", "B3")]})
    strip = note_strip(video, "ch/a.md", video_href=lambda v: f"vault://video/{v}", stamp_href=stamp_href)
    root = ET.fromstring(strip)
    own = marks(strip)
    assert [int(el.get("data-seconds")) for el in own] == [10, 300]
    assert [percent(el) for el in own] == pytest.approx([10 * 100 / 600, 50.0], abs=0.001)
    assert all(el.get("href") == stamp_href(VID, int(el.get("data-seconds"))) for el in own)
    faint = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "tl-faint"]
    assert sorted(float(r.get("x").rstrip("%")) for r in faint) == [10.0, 20.0, 100.0]
    label = next(el for el in root.iter("a") if el.get("class") == "strip-label")
    assert label.get("href") == f"vault://video/{VID}"
    assert label.text == f"▶ {VID}"  # no title known: the id
    assert label.tail == " "  # the count apart from it in the text view too ("Peter Zeihan26 of 121 stamps")
    assert "2 of 5 stamps · 1 other note" in strip


def test_note_strip_label_escapes_the_title_and_can_be_plain(tmp_path):
    _, video = video_of(tmp_path, {"ch/a.md": [("00:00:10", "A1")]})
    video.title = HOSTILE
    strip = note_strip(video, "ch/a.md", video_href=lambda v: None, stamp_href=stamp_href)
    assert "<script" not in strip
    label = next(el for el in ET.fromstring(strip).iter() if el.get("class") == "strip-label")
    assert label.tag == "span" and label.text == f"▶ {HOSTILE}"


def test_the_strips_and_timeline_of_one_video_make_each_link_once_and_draw_as_apart(tmp_path):
    """A video's notes and its page are drawn one after the other (the export writes them so): each second's
    link is made once for them all, and every strip and timeline is what it is when drawn alone."""
    _, video = video_of(tmp_path, {"ch/one.md": [("00:00:00", "Start"), ("00:05:00", "Middle")],
                                   "ch/two.md": [("00:02:30", "Quarter"), ("00:10:00", HOSTILE_SOURCE)]})
    asked: list[int] = []

    def counted(video_id: str, seconds: int) -> str:
        asked.append(seconds)
        return stamp_href(video_id, seconds)

    drawn = [note_strip(video, "ch/one.md", video_href=lambda _: None, stamp_href=counted),
             note_strip(video, "ch/two.md", video_href=lambda _: None, stamp_href=counted),
             timeline_svg(video, counted)]
    assert sorted(asked) == [0, 150, 300, 600]
    alone = []
    for draw in (lambda href: note_strip(video, "ch/one.md", video_href=lambda _: None, stamp_href=href),
                 lambda href: note_strip(video, "ch/two.md", video_href=lambda _: None, stamp_href=href),
                 lambda href: timeline_svg(video, href)):
        alone.append(draw(lambda video_id, seconds: stamp_href(video_id, seconds)))  # a link maker of its own
    assert drawn == alone
    assert 'x="25.000%" y="4"' in drawn[0] and "&lt;script&gt;" in drawn[2]


def test_timeline_marks_are_clickable_but_no_tab_stops(tmp_path):
    _, video = video_of(tmp_path, {"ch/one.md": [("00:00:05", "a"), ("00:39:42", "b")]})
    root = ET.fromstring(timeline_svg(video, stamp_href))
    links = list(root.iter(f"{SVG}a"))
    assert len(links) == 2 and all(link.get("href") and link.get("tabindex") == "-1" for link in links)


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02}:{seconds // 60 % 60:02}:{seconds % 60:02}"


def stands_for(el: ET.Element) -> int:
    """How many stamps a mark stands for: itself and the "and N more stamps here" of its tooltip."""
    tooltip = el.find(f"{SVG}title").text
    more = re.search(r"\(and (\d+) more stamps? here\)$", tooltip)
    return 1 + (int(more.group(1)) if more else 0)


def test_a_strip_and_timeline_of_thousands_of_stamps_draw_a_mark_a_slice_and_count_every_stamp(tmp_path):
    own = [(_hms(i * 3 // 2), f"Claim {i}") for i in range(3 * MAX_MARKS)]  # two stamps in some seconds
    other = [(_hms(i), f"Other {i}") for i in range(MAX_FAINTS + 500)]
    _, video = video_of(tmp_path, {"ch/big.md": own, "ch/other.md": other})
    strip = note_strip(video, "ch/big.md", video_href=lambda v: f"vault://video/{v}", stamp_href=stamp_href)
    drawn = marks(strip)
    assert len(drawn) <= MAX_MARKS
    assert sum(stands_for(el) for el in drawn) == len(own)  # every stamp counted by a mark
    seconds = [int(el.get("data-seconds")) for el in drawn]
    assert seconds == sorted(seconds) and seconds[0] == 0 and seconds[-1] >= 4495
    faint = [r for r in ET.fromstring(strip).iter(f"{SVG}rect") if r.get("class") == "tl-faint"]
    assert MAX_MARKS < len(faint) <= MAX_FAINTS
    assert f"{len(own)} of {len(own) + len(other)} stamps · 1 other note" in strip  # the count is the true one

    timeline = marks(timeline_svg(video, stamp_href))
    for path, stamps in (("ch/big.md", own), ("ch/other.md", other)):  # each note's marks count its stamps
        its = [el for el in timeline if el.get("data-note") == path]
        assert len(its) <= MAX_MARKS
        assert sum(stands_for(el) for el in its) == len(stamps)


def test_a_video_of_many_stamps_in_notes_of_fewer_than_the_most_marks_is_drawn_whole(tmp_path):
    notes = {f"ch/n{n}.md": [(_hms(n + 3 * i), f"Claim {n} {i}") for i in range(MAX_MARKS // 2)] for n in range(3)}
    _, video = video_of(tmp_path, notes)
    assert len(video.stamps) > MAX_MARKS
    timeline = marks(timeline_svg(video, stamp_href))
    assert [int(el.get("data-seconds")) for el in timeline] == [stamp.seconds for stamp in video.stamps]
    strip = note_strip(video, "ch/n0.md", video_href=lambda v: None, stamp_href=stamp_href)
    assert len(marks(strip)) == MAX_MARKS // 2
    assert strip.count('class="tl-faint"') == MAX_MARKS


def test_a_strip_of_up_to_the_most_marks_draws_every_stamp(tmp_path):
    own = [(_hms(i // 2), f"Claim {i}") for i in range(MAX_MARKS)]  # two stamps a second: all drawn
    _, video = video_of(tmp_path, {"ch/big.md": own})
    drawn = marks(note_strip(video, "ch/big.md", video_href=lambda v: None, stamp_href=stamp_href))
    assert [int(el.get("data-seconds")) for el in drawn] == [i // 2 for i in range(MAX_MARKS)]
    assert all(stands_for(el) == 1 for el in drawn)
