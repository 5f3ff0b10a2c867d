"""The page of one video: title and channel, its notes, the timeline, and the merged outline in runs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.core.index import VaultIndex
from desktop.core.videos import VideoCatalog, read_video_links
from desktop.render.linker import AppLinker, ExportLinker
from desktop.render.video_page import outline_runs, render_video_page, video_page_body
from tests.core.core_helpers import stamp, write

VID = "AAAAAAAAAAA"
OTHER = "BBBBBBBBBBB"
# The shared sample (three channels, each with its channel note) sits beside the checkout, not in it.
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "vaults" / "tubegraph-sample"
needs_sample = pytest.mark.skipif(not SAMPLE.is_dir(), reason=f"no shared sample vault at {SAMPLE}")


def stamp_href(video_id: str, seconds: int) -> str:
    return f"vault://play/{video_id}/{seconds}"


def body_tree(body: str) -> ET.Element:
    """The page body as a tree (it is well-formed XML: every tag closed, every text escaped)."""
    return ET.fromstring(f"<div>{body}</div>")


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if name in el.get("class", "").split()]


def text_of(el: ET.Element) -> str:
    return "".join(el.itertext())


def small_vault(root: Path) -> tuple[VaultIndex, VideoCatalog]:
    write(root, "chan/chan.md", "---\ntitle: The Channel\n---\n"
                                f"### [A talk &amp; more](https://www.youtube.com/watch?v={VID})\n- [[first]]\n")
    write(root, "chan/first.md", f"---\ntitle: First note\nvideoId: {VID}\n---\n"
                                 f"Opening {stamp('00:00:10')}. Second point {stamp('00:00:20')}. "
                                 f"Closing {stamp('00:09:00')}.\n")
    write(root, "chan/second.md", f"---\ntitle: Second note\nvideoId: {VID}\n---\n"
                                  f"In between {stamp('00:05:00')}. "
                                  f"&lt;script&gt;alert(1)&lt;/script&gt; {stamp('00:06:00')}.\n")
    write(root, "else/quoting.md", f"---\ntitle: Quoting <b>note\nvideoId: {OTHER}\n---\n"
                                   f"Quoted [0:15](https://youtu.be/{VID}?t=15).\n")
    index = VaultIndex.build(root, workers=1)
    return index, VideoCatalog.build(index, read_video_links(index))


def test_page_shows_title_linked_to_youtube_channel_and_counts(tmp_path):
    index, catalog = small_vault(tmp_path)
    body = video_page_body(catalog.get(VID), index.notes, note_href=AppLinker().note_href, stamp_href=stamp_href)
    root = body_tree(body)
    title = by_class(root, "video-title")[0]
    link = title.find("a")
    assert link.text == "A talk & more" and link.get("href").startswith(f"https://www.youtube.com/watch?v={VID}")
    meta = by_class(root, "video-meta")[0]
    assert text_of(meta) == "Video · chan · 3 notes · 6 stamps · up to 9:00"
    assert meta.find("a").get("href") == AppLinker().note_href("chan/chan.md")


def test_notes_made_from_it_and_citing_it_are_listed_with_links_and_counts(tmp_path):
    index, catalog = small_vault(tmp_path)
    root = body_tree(video_page_body(catalog.get(VID), index.notes, note_href=AppLinker().note_href))
    items = by_class(root, "video-notes")[0].findall("li")
    assert [text_of(li) for li in items] == ["First note 3 stamps", "Second note 2 stamps",
                                             "Quoting <b>note 1 stamp cites this video"]
    assert [li.find("a").get("href") for li in items] == [
        AppLinker().note_href(p) for p in ("chan/first.md", "chan/second.md", "else/quoting.md")]


def test_outline_is_every_stamp_in_time_order_in_runs_of_one_note(tmp_path):
    index, catalog = small_vault(tmp_path)
    video = catalog.get(VID)
    root = body_tree(video_page_body(video, index.notes, note_href=AppLinker().note_href, stamp_href=stamp_href))
    runs = by_class(root, "vo-run")
    assert [run.get("data-note") for run in runs] == ["chan/first.md", "else/quoting.md", "chan/first.md",
                                                      "chan/second.md", "chan/first.md"]
    rows = by_class(root, "vo-row")
    assert [int(r.get("data-seconds")) for r in rows] == [10, 15, 20, 300, 360, 540]
    assert [r.get("id") for r in rows] == [f"vo-{i}" for i in range(6)]
    chips = [r.find("a") for r in rows]
    assert [c.get("href") for c in chips] == [stamp_href(VID, s) for s in (10, 15, 20, 300, 360, 540)]
    assert [c.text for c in chips][:2] == ["▶ 0:10", "▶ 0:15"]
    assert text_of(rows[4]).endswith("<script>alert(1)</script>")  # text, shown as written
    assert text_of(by_class(runs[1], "vo-source")[0]) == "Quoting <b>note"
    assert [len(run) for run in outline_runs(video.stamps)] == [1, 1, 1, 2, 1]


def test_the_note_you_came_from_stands_out(tmp_path):
    index, catalog = small_vault(tmp_path)
    root = body_tree(video_page_body(catalog.get(VID), index.notes, note_href=AppLinker().note_href,
                                     highlight_note="chan/second.md"))
    assert [run.get("data-note") for run in by_class(root, "vo-run") if "vo-hl" in run.get("class")] == [
        "chan/second.md"]
    assert [text_of(li.find("a")) for li in by_class(root, "video-notes")[0] if li.get("class") == "vo-hl"] == [
        "Second note"]
    assert {m.get("data-note") for m in by_class(root, "tl-hl")} == {"chan/second.md"}


def test_nothing_from_a_note_becomes_markup(tmp_path):
    index, catalog = small_vault(tmp_path)
    body = video_page_body(catalog.get(VID), index.notes, note_href=AppLinker().note_href)
    assert "<script" not in body and "<b>" not in body
    assert "&lt;script&gt;" in body


def test_unknown_title_shows_the_id_and_no_channel_link(tmp_path):
    write(tmp_path, "made.md", f"---\ntitle: Made\nvideoId: {VID}\n---\nClaim {stamp('00:01:00')}.\n")
    index = VaultIndex.build(tmp_path, workers=1)
    video = VideoCatalog.build(index).get(VID)
    page = render_video_page(video, index.notes, note_href=AppLinker().note_href, dark=True)
    assert page.title == VID
    root = body_tree(page.body_html)
    assert text_of(by_class(root, "video-title")[0]) == VID
    assert text_of(by_class(root, "video-meta")[0]) == "Video · 1 note · 1 stamp · up to 1:00"
    assert page.html.startswith("<!DOCTYPE html>") and '<html lang="en" class="dark">' in page.html
    assert f"<title>{VID}</title>" in page.html


def test_a_video_without_placed_stamps_says_so(tmp_path):
    write(tmp_path, "made.md", f"---\ntitle: Made\nvideoId: {VID}\n---\nNo stamps.\n")
    index = VaultIndex.build(tmp_path, workers=1)
    root = body_tree(video_page_body(VideoCatalog.build(index).get(VID), index.notes,
                                     note_href=AppLinker().note_href))
    assert not by_class(root, "video-outline") and not by_class(root, "timeline")
    assert "No stamp" in text_of(by_class(root, "empty")[0])


def test_export_links_are_relative_and_missing_pages_are_plain_text(tmp_path):
    index, catalog = small_vault(tmp_path)
    linker = ExportLinker("videos/AAAAAAAAAAA.html")
    exported = {"chan/first.md"}
    body = video_page_body(catalog.get(VID), index.notes, home_href="../index.html",
                           note_href=lambda p: linker.note_href(p) if p in exported else None)
    root = body_tree(body)
    links = [li.find("a") for li in by_class(root, "video-notes")[0]]
    assert links[0].get("href") == "../notes/chan/first.html"
    assert links[1] is None and links[2] is None
    assert by_class(root, "site-nav")[0].find("a").get("href") == "../index.html"
    assert "vault:" not in body


@needs_sample
def test_sample_page_of_the_most_cited_video(tmp_path):
    index = VaultIndex.build(SAMPLE, workers=1)
    catalog = VideoCatalog.build(index, read_video_links(index))
    video = catalog.most_cited()
    root = body_tree(video_page_body(video, index.notes, note_href=AppLinker().note_href))
    assert text_of(by_class(root, "video-title")[0].find("a")) == video.title
    assert len(by_class(root, "vo-row")) == len(video.stamps) == video.stamp_count
    assert len(by_class(root, "tl-mark")) == video.stamp_count
    seconds = [int(r.get("data-seconds")) for r in by_class(root, "vo-row")]
    assert seconds == sorted(seconds) and seconds[-1] == video.last_second


def test_a_hostile_video_title_stays_text(tmp_path):
    write(tmp_path, "chan.md", "---\ntitle: Chan\n---\n"
                               f"### [&lt;img src=x onerror=alert(1)&gt; Talk](https://youtu.be/{VID})\n")
    write(tmp_path, "made.md", f"---\ntitle: Made\nvideoId: {VID}\n---\nClaim {stamp('00:01:00')}.\n")
    index = VaultIndex.build(tmp_path, workers=1)
    video = VideoCatalog.build(index, read_video_links(index)).get(VID)
    assert video.title == "<img src=x onerror=alert(1)> Talk"
    page = render_video_page(video, index.notes, note_href=AppLinker().note_href)
    assert "<img" not in page.html
    assert text_of(by_class(body_tree(page.body_html), "video-title")[0].find("a")) == video.title


def test_the_outline_panel_lists_the_runs_each_leading_to_its_first_row(tmp_path):
    index, catalog = small_vault(tmp_path)
    page = render_video_page(catalog.get(VID), index.notes, note_href=AppLinker().note_href, stamp_href=stamp_href)
    assert [text for _level, _anchor, text in page.headings] == [
        "0:10 · First note", "0:15 · Quoting <b>note", "0:20 · First note", "5:00 · Second note", "9:00 · First note"]
    rows = [row for row in body_tree(page.body_html).iter("li") if row.get("class") == "vo-row"]
    firsts = {row.get("id"): row.get("data-seconds") for row in rows}
    assert [(level, firsts[anchor]) for level, anchor, _text in page.headings] == [
        (2, "10"), (2, "15"), (2, "20"), (2, "300"), (2, "540")]  # each leads to its run's first row


def test_an_outline_past_the_most_rows_lists_the_first_and_says_how_many_it_leaves_out(tmp_path, monkeypatch):
    from desktop.render import video_page

    monkeypatch.setattr(video_page, "MAX_OUTLINE_ROWS", 4)
    index, catalog = small_vault(tmp_path)
    video = catalog.get(VID)
    body = video_page_body(video, index.notes, note_href=AppLinker().note_href, stamp_href=stamp_href)
    root = body_tree(body)
    assert [r.get("id") for r in by_class(root, "vo-row")] == ["vo-0", "vo-1", "vo-2", "vo-3"]
    assert "The outline lists the first 4 of 6 stamps; the timeline above and the notes hold them all." in body
    assert len(by_class(root, "tl-mark")) == 6  # the timeline draws every one
    page = render_video_page(video, index.notes, note_href=AppLinker().note_href, stamp_href=stamp_href)
    assert [anchor for _level, anchor, _text in page.headings] == ["vo-0", "vo-1", "vo-2", "vo-3"]  # rows shown
