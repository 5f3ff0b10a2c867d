"""Stamp chips kept out of Markdown's tree and the sanitizer's input (`ChipTokens`): the sanitized body is the
one the chips as elements make, on any markup, and a chip's HTML is the one nh3 writes for its element."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.preprocessors import HtmlBlockPreprocessor
from markdown.serializers import to_html_string

from desktop.core.model import Stamp
from desktop.render.body import BodyRenderer
from desktop.render.linker import AppLinker, ExportLinker, LinkTargets
from desktop.render.sanitize import sanitize_html
from desktop.render.timestamps import ChipTokens, chips_may_be_tokens, only_plain_tags, stamp_element

URL = "https://www.youtube.com/watch?v=abcdefghijk&t=65s"
STAMP = '<a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>'
NOLINK = '<a class="yt-timestamp" data-t="00:02:00">[00:02:00]</a>'  # a stamp without a video: a plain label
ODD = """<a class='yt-timestamp' data-t='0"3'>[0"3]</a>"""  # no time: a label the chip's quote check refuses
SCHEMES = ExportLinker.url_schemes


def targets() -> LinkTargets:
    return LinkTargets(linker=AppLinker(), resolve=lambda t: "known.md" if t.lower() == "known" else None,
                       is_note=lambda p: p.endswith(".md"), topic_key=str.lower, current_path="here.md")


def stamps_of(body: str) -> list[Stamp]:
    """The note's stamps in text order, as the core reads them."""
    out = []
    for pos in range(len(body)):
        for anchor, stamp in ((STAMP, Stamp("00:01:05", 65, URL, "", 0, 0)),
                              (NOLINK, Stamp("00:02:00", None, None, "", 0, 0)),
                              (ODD, Stamp('0"3', None, None, "", 0, 0))):
            if body.startswith(anchor, pos):
                out.append(stamp)
    return out


def sanitize(raw: str) -> str:
    return sanitize_html(raw, url_schemes=SCHEMES)


def with_tokens(body: str) -> tuple[str, list]:
    return BodyRenderer().render_sanitized(body, targets(), stamps_of(body), sanitize=sanitize, url_schemes=SCHEMES)


def with_elements(body: str) -> tuple[str, list]:
    html, headings = BodyRenderer().render(body, targets(), stamps_of(body))
    return sanitize(html), headings


def test_a_notes_chips_are_tokens_in_markdowns_output_and_chips_in_the_page():
    body = f"Turkey is a power {STAMP}. It *grows* {STAMP} and [[known|links]] {NOLINK}.\n\n- item {STAMP}"
    tokens = ChipTokens(SCHEMES)
    raw, _ = BodyRenderer().render(body, targets(), stamps_of(body), chip_tokens=tokens)
    assert len(tokens) == 4 and "stamp" not in raw  # no chip reached Markdown's tree nor the sanitizer
    html, _ = with_tokens(body)
    assert html == with_elements(body)[0]
    assert html.count('class="stamp"') == 3 and html.count('class="stamp nolink"') == 1
    assert 'id="stamp-0"' in html and 'id="stamp-3"' in html and "\x02" not in html


def test_chips_where_a_later_pass_reads_them_stay_elements():
    cases = [f"## A heading {STAMP}", f"[[known|alias {STAMP}]]", f"[text {STAMP}](b.md)",
             f'[a](b.md "t") x {STAMP}', f"{STAMP}^block", f"line  \n{STAMP}", f"\\* {STAMP}", f"x {ODD}"]
    for body in cases:
        tokens = ChipTokens(SCHEMES)
        raw, _ = BodyRenderer().render(body, targets(), stamps_of(body), chip_tokens=tokens)
        assert len(tokens) == 0, body
        assert with_tokens(body) == with_elements(body), body


def test_a_body_with_other_tags_or_embeds_keeps_its_chips_in_the_sanitizer():
    assert chips_may_be_tokens(f"a {STAMP} b<br/> c <br> {NOLINK}")
    assert not chips_may_be_tokens(f'<a href="x">{STAMP}</a>')
    assert not chips_may_be_tokens(f"![[known]] {STAMP}")
    body = f'<a href="https://e.org">open {STAMP} anchor</a> and more {STAMP}'
    assert with_tokens(body) == with_elements(body)


def test_only_the_pages_own_tokens_are_put_back():
    tokens, other = ChipTokens(SCHEMES), ChipTokens(SCHEMES)
    mine = tokens.token("00:01:05", Stamp("00:01:05", 65, URL, "", 0, 0), "stamp-0")
    theirs = other.token("00:01:05", Stamp("00:01:05", 65, URL, "", 0, 0), "stamp-9")
    forged = mine.replace(":0\x03", ":7\x03")
    html = tokens.put_back(f"<p>{mine} {theirs} {forged}</p>")
    assert html.startswith('<p><a class="stamp"') and 'id="stamp-9"' not in html
    assert theirs in html and forged in html


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(label=st.one_of(_text, st.sampled_from(["00:01:05", "1:02", "a&b", "&amp;", "x y"])),
       seconds=st.one_of(st.none(), st.integers(0, 10**6)),
       url=st.one_of(st.none(), _text, st.sampled_from([URL, "http://youtu.be/x?t=1&a=b", "vault://n.md",
                                                        "https://e.org/a'b", "https://e.org/a\xa0b"]),
                     st.builds(lambda s: "https://e.org/" + s, _text)),
       element_id=st.one_of(st.none(), st.sampled_from(["stamp-0", "stamp-12", "x&y", 'a"b']), _text),
       schemes=st.sampled_from([SCHEMES, AppLinker.url_schemes, frozenset({"http"})]))
def test_a_chips_html_is_what_nh3_writes_for_its_element(label, seconds, url, element_id, schemes):
    stamp = Stamp(label, seconds, url, "", 0, 0)
    html = ChipTokens(schemes).html_of(label, stamp, element_id or None)
    expected = sanitize_html(to_html_string(stamp_element(label, stamp, element_id or None)), url_schemes=schemes)
    assert html is None or html == expected
    if url == URL and seconds is not None and element_id in (None, "stamp-0") and "https" in schemes:
        assert html is not None  # a stamp as the core makes it is always written by hand


PARTS = ["word", " ", "\n", "\n\n", "# ", "## ", "- ", "1. ", "> ", "| a | b |\n|---|---|\n| c | ", "*", "_", "`",
         "[", "]", "(", ")", '"', "'", "[[known]]", "[[topic|t]]", "[a](b.md)", '[a](b.md "t)")', "![i](p.png)",
         "[^1]", "\n\n[^1]: note ", "^abc", "  \n", "\\", "==", "#tag", "- [ ] ", "&amp;", "&", "<br/>", "<br>",
         STAMP, STAMP, STAMP, NOLINK, ODD, "    ", "```\n", "~~~\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PARTS), max_size=30))
def test_any_markup_sanitizes_to_the_page_the_chip_elements_make(parts):
    body = "".join(parts)
    assert with_tokens(body) == with_elements(body)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word", " ", "\n", "\n\n", "   ", "&", "&amp;", "&#65;", "&#x41;", "&copy",
                                 "&;", "]]>", "-->", "?>", STAMP, NOLINK, "<br/>", "<br>", "<br />", "`", "```\n"]),
                max_size=25))
def test_text_with_only_plain_tags_is_what_the_raw_html_extractor_gives_back(parts):
    text = "".join(parts)
    assert only_plain_tags(text)
    renderer = BodyRenderer()
    renderer.md.reset()
    theirs = HtmlBlockPreprocessor(renderer.md).run(text.split("\n"))
    assert not renderer.md.htmlStash.rawHtmlBlocks
    renderer.md.reset()
    assert renderer.md.preprocessors["html_block"].run(text.split("\n")) == theirs
