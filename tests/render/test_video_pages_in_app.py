"""Video pages as pages of the app and the export: their URLs, the catalog built once, the page source, the
note strip and the "▶ Video" link, and the export's pages per video."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from desktop.core.videos import VideoCatalog, read_video_links
from desktop.render.export import export_site
from desktop.render.linker import AppLinker, ExportLinker, SitePaths, parse_app_url, video_page_path
from desktop.render.navigation import Location
from desktop.render.page_source import PageSource
from desktop.render.pages import render_note_page
from desktop.render.video_catalog import build_video_catalog
from tests.render.video_vault import OTHER, VID, video_index


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (class, href)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append((attrs.get("class") or "", attrs["href"]))


def links_of(html: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


# --------------------------------------------------------------------------- URLs

def test_app_video_urls_round_trip_through_location():
    href = AppLinker().video_href(VID)
    assert href == f"vault://video/{VID}"
    assert parse_app_url(href) == ("video", VID, None)
    location = Location.from_url(href)
    assert location == Location("video", VID)
    assert location.url == href
    assert Location("video", VID, "vo-3").url == f"{href}#vo-3"
    from_note = Location("video", VID, via="chan/a b#1.md")
    assert from_note.url == f"{href}?via=chan%2Fa+b%231.md"
    assert Location.from_url(from_note.url) == from_note
    assert not from_note.same_page(location)  # another page: that note's marks stand out


def test_export_video_pages_live_under_videos_and_ids_differing_in_case_do_not_share_a_page():
    site = SitePaths(notes=["a/n.md"], videos=["abcdefghijk", "ABCDEFGHIJK"])
    assert site.videos["ABCDEFGHIJK"] == video_page_path("ABCDEFGHIJK") == "videos/ABCDEFGHIJK.html"
    assert site.videos["abcdefghijk"] == "videos/abcdefghijk~v2.html"
    linker = ExportLinker("notes/a/n.html", site)
    assert linker.video_href("ABCDEFGHIJK") == "../../videos/ABCDEFGHIJK.html"
    assert linker.video_href("zzzzzzzzzzz") is None  # not in the export: no link that could break


# --------------------------------------------------------------------------- the catalog

def test_the_catalog_reads_the_bodies_when_the_index_keeps_no_video_links(tmp_path):
    index = video_index(tmp_path)
    built = build_video_catalog(index)
    expected = VideoCatalog.build(index, read_video_links(index))
    assert list(built.videos) == list(expected.videos)
    assert built.get(VID).title == "A talk & more"
    assert built.get(OTHER).title is None


def test_the_catalog_uses_the_notes_video_links_and_spans_without_reading_a_file(tmp_path, monkeypatch):
    """What parsing kept (each note's video links and spans) gives the catalog that reading every body and
    decoding every stamp gives, and building it reads no body."""
    index = video_index(tmp_path)
    expected = VideoCatalog.build(index, read_video_links(index))  # the slow way: bodies, stamps

    def no_reading(self, path):
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(type(index), "body_of", no_reading)
    built = build_video_catalog(index)
    assert [(v.id, v.title, v.notes, v.citing, v.stamp_count, v.last_second) for v in built] \
        == [(v.id, v.title, v.notes, v.citing, v.stamp_count, v.last_second) for v in expected]
    assert any(v.title for v in built)  # titles came from the kept links


# --------------------------------------------------------------------------- the page source

def test_video_pages_exist_once_the_catalog_is_in_and_name_the_video(tmp_path):
    index = video_index(tmp_path)
    source = PageSource(index)
    assert source.page("video", VID) is None  # no catalog yet
    source.set_videos(build_video_catalog(index))
    title, html = source.page("video", VID)
    assert title == "A talk & more"
    assert "<svg class=\"timeline\"" in html
    assert ("wikilink", "vault://note/chan/first.md") in links_of(html)
    assert source.page("video", "zzzzzzzzzzz") is None
    assert source.serve(f"vault://video/{VID}")[1] == "text/html"
    assert source.page("video", OTHER)[0] == OTHER  # no title anywhere: the id


def test_a_video_page_opened_from_a_note_shows_that_notes_marks_standing_out(tmp_path):
    index = video_index(tmp_path)
    source = PageSource(index)
    source.set_videos(build_video_catalog(index))
    plain = source.serve(f"vault://video/{VID}")[0].decode()
    from_second = source.serve(f"vault://video/{VID}?via=chan%2Fsecond.md")[0].decode()
    assert not re.findall(r'<a class="tl-mark [^"]*tl-(?:hl|dim)"', plain)
    highlighted = re.findall(r'<a class="tl-mark [^"]*tl-hl" data-seconds="(\d+)" data-note="([^"]+)"', from_second)
    assert highlighted == [("300", "chan/second.md"), ("360", "chan/second.md")]
    assert len(re.findall(r'class="tl-mark [^"]*tl-dim"', from_second)) == 4
    assert source.cached("video", VID, "chan/second.md") is not None and source.cached("video", VID) is not None


def test_a_note_page_gains_its_strip_and_video_link_when_the_catalog_changes(tmp_path):
    index = video_index(tmp_path)
    source = PageSource(index)
    before = source.page("note", "chan/first.md")[1]
    assert 'class="video-strip"' not in before
    assert ("video", f"https://www.youtube.com/watch?v={VID}") in links_of(before)
    source.set_videos(build_video_catalog(index))
    assert source.cached("note", "chan/first.md") is None  # the cache key names the catalog
    after = source.page("note", "chan/first.md")[1]
    links = links_of(after)
    page = f"vault://video/{VID}?via=chan%2Ffirst.md"  # the video page, this note's marks standing out
    assert ("video", page) in links  # "▶ Video" opens the video page
    assert ("strip-label", page) in links
    strip_marks = [href for cls, href in links if "tl-own" in cls]
    assert strip_marks == [f"https://www.youtube.com/watch?v={VID}&t={s}s" for s in (10, 20, 540)]
    # the strip sits under the title, outside the note's body
    assert after.index('class="note-title"') < after.index('class="video-strip"') < after.index('class="note-body"')


def test_a_note_without_a_video_has_no_strip(tmp_path):
    index = video_index(tmp_path)
    page = render_note_page(index, "plain.md", AppLinker(), videos=build_video_catalog(index)).html
    assert 'class="video-strip"' not in page and "vault://video/" not in page


# --------------------------------------------------------------------------- export

def test_the_export_writes_a_page_per_video_linked_from_its_notes(tmp_path):
    index = video_index(tmp_path / "vault")
    out = tmp_path / "site"
    report = export_site(index, out)
    assert report.videos == 2 and report.errors == []
    page = out / "videos" / f"{VID}.html"
    html = page.read_text(encoding="utf-8")
    assert "<title>A talk &amp; more</title>" in html and '<svg class="timeline"' in html
    for _cls, href in links_of(html):
        if not href.startswith("https://"):
            assert (page.parent / unquote(href.split("#")[0])).resolve().is_file(), href
    note_html = (out / "notes/chan/first.html").read_text(encoding="utf-8")
    links = links_of(note_html)
    assert ("strip-label", f"../../videos/{VID}.html") in links
    assert ("video", f"../../videos/{VID}.html") in links
    assert f'href="videos/{VID}.html"' in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["note", "topic", "video"])
def test_locations_of_every_kind_have_app_urls(kind):
    location = Location(kind, "k")
    assert Location.from_url(location.url) == location
