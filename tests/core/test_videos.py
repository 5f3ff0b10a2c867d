"""The video catalog: which videos a vault cites, their titles, channels, notes and merged stamps."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.index import VaultIndex
from desktop.core.videos import (
    VideoCatalog,
    VideoSpan,
    cited_video_spans,
    note_video_spans,
    read_video_links,
    video_links_in,
)
from tests.core.core_helpers import stamp, write

# The shared sample (three channels, each with its channel note) sits beside the checkout, not in it.
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "vaults" / "tubegraph-sample"
needs_sample = pytest.mark.skipif(not SAMPLE.is_dir(), reason=f"no shared sample vault at {SAMPLE}")
VID_A = "AAAAAAAAAAA"
VID_B = "BBBBBBBBBBB"
VID_C = "CCCCCCCCCCC"


def note(title: str, video: str | None, body: str) -> str:
    head = f"title: {title}\n" + (f"videoId: {video}\n" if video else "")
    return f"---\n{head}---\n{body}\n"


def catalog_of(root: Path) -> tuple[VaultIndex, VideoCatalog]:
    index = VaultIndex.build(root, workers=1)
    return index, VideoCatalog.build(index, read_video_links(index))


# --------------------------------------------------------------------------- video_links_in

def test_video_links_in_reads_channel_note_headings():
    body = ("### [The hardest problem on the hardest test](https://www.youtube.com/watch?v=OkmNXy7er84)\n"
            "- [[a note]]\n### [Short](https://youtu.be/iQ6SgPQCMro)\n")
    assert video_links_in(body) == {"OkmNXy7er84": "The hardest problem on the hardest test",
                                    "iQ6SgPQCMro": "Short"}


def test_video_links_in_skips_timed_links_images_code_and_other_sites():
    body = ("[12:34](https://youtu.be/OkmNXy7er84?t=754) ![thumb](https://youtu.be/iQ6SgPQCMro)\n"
            "`[Code](https://www.youtube.com/watch?v=Wq2VpnrgSpw)` "
            "[Elsewhere](https://example.com/watch?v=I02EVlDLUX8)\n")
    assert video_links_in(body) == {}


def test_video_links_in_keeps_the_first_text_of_an_id_and_joins_spaces():
    body = ("[First   title](https://www.youtube.com/watch?v=OkmNXy7er84) "
            "[Second](https://www.youtube.com/watch?v=OkmNXy7er84)")
    assert video_links_in(body) == {"OkmNXy7er84": "First title"}


# --------------------------------------------------------------------------- merging and ordering

def test_stamps_of_several_notes_merge_in_time_order_with_ties_by_note_then_text(tmp_path):
    write(tmp_path, "ch/one.md", note("One", VID_A, f"Late {stamp('00:05:00')}. Early {stamp('00:01:00')}. "
                                                   f"Tie first {stamp('00:02:00')}."))
    write(tmp_path, "ch/two.md", note("Two", VID_A, f"Tie second {stamp('00:02:00')}. Middle {stamp('00:03:00')}."))
    _, catalog = catalog_of(tmp_path)
    video = catalog.get(VID_A)
    assert video.notes == ("ch/one.md", "ch/two.md")
    rows = [(s.seconds, s.note, s.index, s.sentence) for s in video.stamps]
    assert rows == [
        (60, "ch/one.md", 1, "Early"),
        (120, "ch/one.md", 2, "Tie first"),
        (120, "ch/two.md", 0, "Tie second"),
        (180, "ch/two.md", 1, "Middle"),
        (300, "ch/one.md", 0, "Late"),
    ]
    assert video.stamp_count == 5 and video.last_second == 300


def test_stamp_with_another_videos_url_belongs_to_that_video(tmp_path):
    write(tmp_path, "a/own.md", note("Own", VID_A, f"Own claim {stamp('00:00:10')}. "
                                                   f"Quoting B [1:40](https://youtu.be/{VID_B}?t=100)."))
    write(tmp_path, "b/bnote.md", note("B note", VID_B, f"B claim {stamp('00:00:20')}."))
    _, catalog = catalog_of(tmp_path)
    a, b = catalog.get(VID_A), catalog.get(VID_B)
    assert [(s.seconds, s.note) for s in a.stamps] == [(10, "a/own.md")]
    assert [(s.seconds, s.note, s.index) for s in b.stamps] == [(20, "b/bnote.md", 0), (100, "a/own.md", 1)]
    assert b.notes == ("b/bnote.md",) and b.citing == ("a/own.md",)
    assert b.all_notes == ("b/bnote.md", "a/own.md")
    assert a.citing == () and b.last_second == 100 and b.stamp_count == 2
    assert b.channel == "b"  # the folder of the notes made from it, not of the note quoting it


def test_video_cited_only_by_stamps_has_a_page_without_notes_of_its_own(tmp_path):
    write(tmp_path, "plain.md", note("Plain", None, f"Said [2:05](https://www.youtube.com/watch?v={VID_C}&t=125)."))
    _, catalog = catalog_of(tmp_path)
    assert list(catalog.videos) == [VID_C]
    video = catalog.get(VID_C)
    assert video.notes == () and video.citing == ("plain.md",)
    assert [(s.seconds, s.sentence) for s in video.stamps] == [(125, "Said")]
    assert video.channel is None


def test_stamps_without_a_second_are_left_off_the_timeline(tmp_path):
    write(tmp_path, "ch/n.md", note("N", VID_A, f"Broken {stamp('not a time')}. Good {stamp('00:00:30')}. "
                                                f"Empty {stamp('')}."))
    _, catalog = catalog_of(tmp_path)
    video = catalog.get(VID_A)
    assert [(s.seconds, s.index) for s in video.stamps] == [(30, 1)]
    assert video.stamp_count == 1 and video.last_second == 30


def test_note_with_a_video_and_no_stamps_is_listed_with_no_last_second(tmp_path):
    write(tmp_path, "ch/n.md", note("N", VID_A, "No stamps at all."))
    write(tmp_path, "loose.md", note("Loose", None, f"Stamp with no video {stamp('00:00:30')}."))
    _, catalog = catalog_of(tmp_path)
    assert list(catalog.videos) == [VID_A]
    video = catalog.get(VID_A)
    assert video.stamps == () and video.stamp_count == 0 and video.last_second is None


# --------------------------------------------------------------------------- titles and channels

def test_title_and_channel_note_come_from_the_note_linking_to_the_video(tmp_path):
    write(tmp_path, "chan/chan.md", note("The Channel", None,
                                         "### [A <b>bold</b> **title** &amp; more]"
                                         f"(https://www.youtube.com/watch?v={VID_A})\n"
                                         "- [[made]]\n"))
    write(tmp_path, "chan/made.md", note("Made", VID_A, f"Claim {stamp('00:00:05')}."))
    write(tmp_path, "chan/other.md", note("Other", VID_B, f"Claim {stamp('00:00:05')}."))
    _, catalog = catalog_of(tmp_path)
    a, b = catalog.get(VID_A), catalog.get(VID_B)
    assert a.title == "A bold title & more" and a.display_title == a.title
    assert a.channel == "chan" and a.channel_note == "chan/chan.md"
    assert b.title is None and b.display_title == VID_B and b.channel_note is None


def test_the_most_common_link_text_is_the_title(tmp_path):
    url = f"https://www.youtube.com/watch?v={VID_A}"
    write(tmp_path, "a.md", note("A", None, f"[Odd one]({url})"))
    write(tmp_path, "b.md", note("B", None, f"[Usual]({url})"))
    write(tmp_path, "c.md", note("C", None, f"[Usual]({url})"))
    write(tmp_path, "made.md", note("Made", VID_A, "text"))
    _, catalog = catalog_of(tmp_path)
    assert catalog.get(VID_A).title == "Usual"


def test_notes_at_the_vault_root_take_the_channel_from_the_linking_note(tmp_path):
    write(tmp_path, "gigguk.md", note("Gigguk", None, f"### [Stream](https://youtu.be/{VID_A})"))
    write(tmp_path, "made.md", note("Made", VID_A, "text"))
    _, catalog = catalog_of(tmp_path)
    assert catalog.get(VID_A).channel == "Gigguk"


@needs_sample
def test_titles_come_from_the_channel_notes_of_the_sample():
    index = VaultIndex.build(SAMPLE, workers=1)
    catalog = VideoCatalog.build(index, read_video_links(index))
    channels = {"artofaccomplishment", "gigguk", "zeihanongeopolitics"}
    assert {v.channel for v in catalog} == channels
    gigguk = catalog.get("iQ6SgPQCMro")
    assert gigguk.title == "Gigguk Patreon Launch Stream"
    assert gigguk.channel_note == "gigguk/gigguk.md"
    made_from = {p for p, n in index.notes.items() if n.video_id}
    assert {p for v in catalog for p in v.notes} == made_from
    assert all(v.title for v in catalog)  # every video of the sample is named in its channel note
    assert {v.channel_note for v in catalog} == {f"{c}/{c}.md" for c in channels}


# --------------------------------------------------------------------------- spans and --inspect

def test_spans_given_by_the_indexer_give_the_same_catalog_as_decoding(tmp_path):
    write(tmp_path, "a/own.md", note("Own", VID_A, f"One {stamp('00:00:10')}. [x](https://youtu.be/{VID_B}?t=7) "
                                                   f"Two {stamp('00:01:10')}."))
    index = VaultIndex.build(tmp_path, workers=1)
    spans = {p: note_video_spans(n.video_id, n.stamps) for p, n in index.notes.items()}
    assert spans["a/own.md"] == {VID_A: VideoSpan(2, 70), VID_B: VideoSpan(1, 7)}
    given = VideoCatalog.build(index, {}, spans).for_inspect()
    assert given == VideoCatalog.build(index, {}).for_inspect()


@pytest.mark.parametrize("videos, seconds, spans", [
    ([VID_A, VID_A, VID_A], [70, None, 10], {VID_A: VideoSpan(2, 70)}),  # one video (most notes)
    ([VID_A, VID_A], [None, None], {}),  # no stamp that is a time
    ([VID_A, VID_B, VID_A], [5, 7, 3], {VID_A: VideoSpan(2, 5), VID_B: VideoSpan(1, 7)}),
    ([None, VID_A, None], [1, 2, 3], {VID_A: VideoSpan(1, 2)}),  # stamps of a note with no video
    ([None, None], [1, 2], {}),
    ([VID_A, VID_A], [0, 0], {VID_A: VideoSpan(2, 0)}),
    ([], [], {}),
])
def test_cited_video_spans_count_each_videos_stamps_and_last_second(videos, seconds, spans):
    assert cited_video_spans(iter(videos), iter(seconds)) == spans


def test_building_does_not_decode_stamps_into_the_index(tmp_path):
    from desktop.core.loader import load_vault

    write(tmp_path / "v", "a/own.md", note("Own", VID_A, f"One {stamp('00:00:10')}."))
    load_vault(tmp_path / "v", cache=tmp_path / "cache", workers=1)
    index = load_vault(tmp_path / "v", cache=tmp_path / "cache", workers=1)  # notes as the cache hands them over
    note_ = index.notes["a/own.md"]
    packed = note_.stamps_data
    assert not isinstance(packed, list)
    video = VideoCatalog.build(index, {}).get(VID_A)
    assert [s.seconds for s in video.stamps] == [10]
    assert note_.stamps_data is packed


def test_for_inspect_shape(tmp_path):
    write(tmp_path, "chan/chan.md", note("Chan", None, f"### [Title A](https://youtu.be/{VID_A})"))
    write(tmp_path, "chan/made.md", note("Made", VID_A, f"One {stamp('00:00:10')}. Two {stamp('00:02:00')}."))
    write(tmp_path, "x.md", note("X", None, f"[0:09](https://youtu.be/{VID_A}?t=9) and "
                                            f"[0:04](https://youtu.be/{VID_B}?t=4)"))
    _, catalog = catalog_of(tmp_path)
    assert catalog.for_inspect() == [
        {"id": VID_B, "title": None, "notes": ["x.md"], "stamps": 1, "last_second": 4},
        {"id": VID_A, "title": "Title A", "notes": ["chan/made.md", "x.md"], "stamps": 3, "last_second": 120},
    ]
    assert catalog.most_cited().id == VID_A


@pytest.mark.parametrize("body", ["", "no links", "[a](https://www.youtube.com/watch?v=short)"])
def test_video_links_in_finds_nothing_in_bodies_without_video_links(body):
    assert video_links_in(body) == {}


# --------------------------------------------------------------------------- kept by the index (issue #15)

def _video_vault(root: Path) -> None:
    write(root, "chan/chan.md", note("Chan", None, f"### [Title A](https://youtu.be/{VID_A})\n"
                                                   f"### [Title B](https://www.youtube.com/watch?v={VID_B})"))
    write(root, "chan/made.md", note("Made", VID_A, f"One {stamp('00:00:10')}. Two {stamp('00:02:00')}. "
                                                    f"[0:04](https://youtu.be/{VID_B}?t=4)"))
    write(root, "plain.md", note("Plain", None, "No video here."))


@pytest.mark.parametrize("cached", [False, True])
def test_the_index_keeps_each_notes_video_links_and_spans(tmp_path, monkeypatch, cached):
    """Parsed and stored with each note, so the catalog is built without reading a body or decoding stamps."""
    from desktop.core import store as store_module
    from desktop.core.loader import load_vault

    root = tmp_path / "vault"
    _video_vault(root)
    built = VaultIndex.build(root, workers=1)
    expected = VideoCatalog.build(built, read_video_links(built))
    cache = tmp_path / "cache"
    index = load_vault(root, cache=cache, workers=1)
    if cached:
        index = load_vault(root, cache=cache, workers=1)  # every note from the store this time
    assert index.notes["chan/chan.md"].video_links == {VID_A: "Title A", VID_B: "Title B"}
    assert index.notes["chan/made.md"].video_spans == {VID_A: VideoSpan(2, 120), VID_B: VideoSpan(1, 4)}
    assert index.notes["plain.md"].video_links == {} and index.notes["plain.md"].video_spans == {}
    monkeypatch.setattr(type(index), "body_of", lambda *a: pytest.fail("a body was read"))
    monkeypatch.setattr(store_module.Note, "stamps", property(lambda self: pytest.fail("stamps were decoded")))
    catalog = VideoCatalog.build(index, index.video_links(), index.video_spans())
    assert catalog.for_inspect() == expected.for_inspect()
    assert catalog.get(VID_A).title == "Title A" and catalog.get(VID_A).channel_note == "chan/chan.md"
    assert catalog.get(VID_B).citing == ("chan/made.md",)
