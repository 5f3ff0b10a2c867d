"""Property tests: any bytes decode and split, any text parses into links and stamps in order, and any
markdown-ish text renders to HTML with no script, no handler and no `javascript:` left in it."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.frontmatter import split_frontmatter
from desktop.core.index import VaultIndex, parse_note
from desktop.core.links import parse_links
from desktop.core.stamps import find_stamps, parse_stamp_value, read_note_stamps
from desktop.core.text import decode_note
from desktop.render.linker import AppLinker, ExportLinker
from desktop.render.pages import render_note_page
from hostile_helpers import URL_ATTRS, html_problems, start_tags

SETTINGS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

_SNIPPETS = [
    '<a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>', '<a class="yt-timestamp" data-t=', '<a ',
    '<a class="yt-timestamp" onclick="alert(1)" href="javascript:x" data-t="1:02">', "</a>", "<script>",
    "</script>", "javascript:", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "[[", "]]", "![[",
    "](", "](javascript:alert(1))", "](data:text/html,x)", "---\n", "```\n", "%%", "==", "> [!note]",
    "<div>", "</div>", "<iframe src=//x>", "&#x6a;avascript:", "| a | b |\n|---|---|\n", "    ", "\t",
    "[x]: javascript:alert(1)\n", "<a href='jav\tascript:x'>", "<style>", "<!--", "-->", "#tag", "- [ ] ",
]
markdownish = st.lists(
    st.one_of(st.sampled_from(_SNIPPETS), st.text(alphabet="<>[]!#|*\n ->:/=\"'`abc1().%&;", max_size=12)),
    max_size=30,
).map("".join)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_decode_and_split(data):
    text, warnings = decode_note(data)
    assert isinstance(warnings, list)
    if text is not None:
        assert "\r" not in text
        meta, body, offset, _ = split_frontmatter(text)
        assert isinstance(meta, dict) and body == text[offset:]


@SETTINGS
@given(st.text(max_size=300) | markdownish)
def test_any_text_splits_frontmatter(text):
    meta, body, offset, _ = split_frontmatter("---\n" + text)
    assert isinstance(meta, dict) and body == ("---\n" + text)[offset:]


@SETTINGS
@given(st.text(max_size=300) | markdownish)
def test_links_are_found_in_order_within_the_text(text):
    links = parse_links(text)
    starts = [link.start for link in links]
    assert starts == sorted(starts)
    for link in links:
        assert 0 <= link.start < link.end <= len(text)


@SETTINGS
@given(st.text(max_size=40) | st.from_regex(r"\d{1,4}(:\d{1,3}){0,3}[hms]?", fullmatch=True))
def test_any_stamp_value_parses_or_is_refused(value):
    parsed = parse_stamp_value(value)
    if parsed is not None:
        for reading in ("hms", "msf"):
            assert parsed.seconds_as(reading) >= 0


@SETTINGS
@given(markdownish, st.sampled_from([None, "hms", "msf", "bogus"]))
def test_any_text_gives_stamps_and_readings(text, override):
    refs = find_stamps(text)
    readings, _, warnings = read_note_stamps(refs, override)
    assert len(readings) == len(refs)
    assert all(seconds is None or seconds >= 0 for seconds, _ in readings)


@SETTINGS
@given(markdownish)
def test_any_note_renders_safe_html(body):
    note = parse_note("n.md", "---\nvideoId: dQw4w9WgXcQ\n---\n" + body)
    index = VaultIndex.from_notes(".", [note], [])
    for linker in (AppLinker(), ExportLinker("notes/n.html")):
        html = render_note_page(index, "n.md", linker).html
        tags = start_tags(html)  # such words may appear escaped as text or in an alt: look at real markup
        assert not any(tag == "script" for tag, _ in tags)
        assert not any(re.fullmatch(r"on\w+", name) for _, attrs in tags for name, _ in attrs)
        assert not any("javascript:" in (value or "").lower()
                       for _, attrs in tags for name, value in attrs if name in URL_ATTRS)
        assert html_problems(html) == []
