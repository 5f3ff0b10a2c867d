"""The body renderer tries on each text only the inline patterns whose characters it holds, applies the
stamp and link patterns to all their matches at once, builds the toc's block only for a page with a `[TOC]`
marker, reads plain stamp tags without the general tag parser, and tests a block only with the processors
whose characters it holds: the HTML and headings are the ones Python-Markdown's own passes make, on any
markup."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.preprocessors import HtmlBlockPreprocessor
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor

from desktop.core.model import Stamp
from desktop.render.body import BodyRenderer
from desktop.render.linker import AppLinker, LinkTargets

STAMP = '<a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>'


def targets() -> LinkTargets:
    return LinkTargets(linker=AppLinker(), resolve=lambda t: "known.md" if t.lower() == "known" else None,
                       is_note=lambda p: p.endswith(".md"), topic_key=str.lower, current_path="here.md")


def renderers() -> tuple[BodyRenderer, BodyRenderer]:
    """(ours, one with Python-Markdown's own inline and toc passes)."""
    plain = BodyRenderer()
    plain.md.treeprocessors.register(InlineProcessor(plain.md), "inline", 20)
    toc = next(ext for ext in plain.md.registeredExtensions if isinstance(ext, TocExtension))
    plain.md.treeprocessors.register(TocTreeprocessor(plain.md, toc.getConfigs()), "toc", 5)
    plain.md.preprocessors.register(HtmlBlockPreprocessor(plain.md), "html_block", 20)
    fenced = plain.md.preprocessors["fenced_code_block"]
    plain.md.preprocessors.register(FencedBlockPreprocessor(plain.md, fenced.config), "fenced_code_block", 25)
    for processor in plain.md.parser.blockprocessors:  # Python-Markdown's own block tests and block loop
        processor.__dict__.pop("test", None)
        processor.__dict__.pop("run", None)
    plain.md.parser.__dict__.pop("parseBlocks", None)
    plain.md.treeprocessors.register(UnescapeTreeprocessor(plain.md), "unescape", 0)
    return BodyRenderer(), plain


def both(body: str) -> tuple[str, str]:
    return tuple(html for html, _headings in both_with_headings(body))


def both_with_headings(body: str) -> tuple[tuple[str, list], tuple[str, list]]:
    stamps = [Stamp(label="00:01:05", seconds=65, url="https://www.youtube.com/watch?v=abcdefghijk&t=65s",
                    context="", start=0, end=0)] * body.count("yt-timestamp")
    ours, plain = renderers()
    return ours.render(body, targets(), stamps), plain.render(body, targets(), stamps)


@pytest.mark.parametrize("body", [
    f"Text {STAMP} more {STAMP} then [[known|a link]] and [[topic]] and *em* _u_ **b** `code` ==hi== #tag",
    f"{STAMP} {STAMP} {STAMP} after three stamps comes [[known]] once",
    "a &amp; b <span>x</span> <https://e.org> <me@e.org> line  \nbreak \\*esc\\* [x](y.md) ![i](p.png) [^1]\n\n[^1]: n",
    "- [[known]] *a [[topic|in *em*]]* ![[known]] [ref][r]\n\n[r]: https://e.org",
    f'<a title="yt-timestamp">not a stamp</a>{STAMP} a refused anchor, then a stamp right after it',
    # highlights, all of a text's in one pass: nested marks, links and stamps inside, `===`, one left open
    "==hi== " * 40 + f"==a [[known]] *b* {STAMP}== ===no=== ==x==y== ==`c`== ==[[known]]== ==open [[topic]]",
])
def test_the_html_is_what_markdowns_inline_pass_makes(body):
    assert type(BodyRenderer().md.treeprocessors["inline"]) is not InlineProcessor  # the skipping pass is used
    assert type(BodyRenderer().md.treeprocessors["toc"]) is not TocTreeprocessor  # and the headings-only toc
    assert type(BodyRenderer().md.preprocessors["html_block"]) is not HtmlBlockPreprocessor  # and stamp tags
    assert "parseBlocks" in vars(BodyRenderer().md.parser)  # and the guarded block loop
    assert type(BodyRenderer().md.preprocessors["fenced_code_block"]) is not FencedBlockPreprocessor  # and fences
    ours, plain = both(body)
    assert ours == plain
    assert "[[" not in ours  # the links were made


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["word", " ", "\n", "*", "_", "`", "[[known]]", "[[topic|t]]", "![[known]]", "[a](b.md)",
                                 "&amp;", "<b>", "</b>", "\\", "==", "#tag", "  \n", "[^1]", STAMP, "<x@y.z>", "!",
                                 '<a title="yt-timestamp">x</a>']),
                max_size=25))
def test_any_markup_renders_as_markdowns_own_pass(parts):
    ours, plain = both("".join(parts))
    assert ours == plain


@pytest.mark.parametrize("body", [
    "`a " * 300,  # code spans all along a paragraph, in one pass
    "\\\\`code` and \\\\\\\\``two`` after escaped backslashes, \\`not` code, `a\\` \\\\```x``` ``y`",
    "``a`b`` ``` `c` ``` ` lone ``unmatched ```x`` [[known|`k`]] `[[topic]]` `" + STAMP + "` `*e*` ==`h`==",
])
def test_code_spans_all_at_once_are_markdowns_own(body):
    ours, plain = both(body)
    assert ours == plain
    assert "<code>" in ours


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["`", "``", "```", "\\", "\\\\", "\\`", "a", " ", "\n", "\n\n", "[[known]]", "*",
                                 "==", STAMP, "<b>", "[x](y)"]), max_size=30))
def test_any_backticks_and_backslashes_render_as_markdowns_own_pass(parts):
    ours, plain = both("".join(parts))
    assert ours == plain


@pytest.mark.parametrize("body", [
    f"# Title {STAMP}\n\nText\n\n[TOC]\n\n## Part [[known]]\n\n<div>{STAMP}</div>\n\n### Deeper `code`",
    f"# One\n\n## Two <b>{STAMP}</b>\n\nno marker here, [TOC] in a sentence\n\n## Two",
    "Just [[known]] and no heading at all",
    f"<div>\n{STAMP} in a raw block\n</div>\n\n<!-- {STAMP} -->\n\n`{STAMP}` <script>{STAMP}</script> {STAMP}",
    f'<div title="{STAMP} unterminated\n\n{STAMP}</a> <a>{STAMP}',
])
def test_headings_and_the_toc_marker_are_markdowns_own(body):
    (ours, our_headings), (plain, plain_headings) = both_with_headings(body)
    assert ours == plain
    assert our_headings == plain_headings


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["word", " ", "\n", "\n\n", "\n\n# Head ", "\n\n## Two [[known]] ", "[TOC]",
                                 "\n\n[TOC]\n\n", f"\n\n<div>{STAMP}</div>\n\n", STAMP, "[[topic|t]]", "%%c%%",
                                 "`", "*", "<b>", "\n\n```\n", "    code", "<div>", "</div>", "<!-- ", " -->",
                                 "<script>", "</script>", '<div title="', '"', ">", "<a>", "</a>", "\n\n<p>",
                                 "\n---\n", "\n===\n", "***", "\n| a | b |\n|---|---|\n| 1 | 2 |\n", "\n> quote ",
                                 "\n[r]: https://e.org\n", "[r]", "\n[^1]: note\n", "[^1]", "\n1. item", "\n- item",
                                 "\n> [!note] call\n> out\n", "#", "-", "\\*", "\\[[x]]", "\\", " ^abc12\n",
                                 "[x](known.md)", "![i](p.png)", "<https://e.org>", "[e](\\_x)", "\n\n# Head  ",
                                 "\n\n### A & b ", "&amp;", "\n\n#### x > y ", "\n\n# Head_1 ", "'", "<br/>",
                                 "\n\n##### Ünïcode — “quoted” ", "\nSetext\n---\n", "~~~", "```python\n",
                                 "\n```\n"]),
                max_size=25))
def test_any_page_with_headings_renders_as_markdowns_own_passes(parts):
    (ours, our_headings), (plain, plain_headings) = both_with_headings("".join(parts))
    assert ours == plain
    assert our_headings == plain_headings
