"""The link, image, reference and footnote patterns read a note's brackets in linear work: a note of thousands
of unclosed `[[`, `[`, `![[`, `[^` or `[a](` renders with work in proportion to its size (Python-Markdown's own
walk from each `[` to the paragraph's end made it quadratic: 23 s for 16 KB), into the same HTML as before."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.footnotes import FootnoteInlineProcessor
from markdown.inlinepatterns import (IMAGE_LINK_RE, IMAGE_REFERENCE_RE, LINK_RE, REFERENCE_RE,
                                     ImageReferenceInlineProcessor, LinkInlineProcessor, ReferenceInlineProcessor,
                                     ShortImageReferenceInlineProcessor, ShortReferenceInlineProcessor)

from desktop.render import body as body_module
from desktop.render.body import BodyRenderer
from desktop.render.brackets import MAX_DESTINATION, ClosingBrackets
from desktop.render.linker import AppLinker, LinkTargets


def _targets() -> LinkTargets:
    return LinkTargets(linker=AppLinker(), resolve=lambda t: "known.md" if t.lower() == "known" else None,
                       is_note=lambda p: p.endswith(".md"), topic_key=str.lower, current_path="here.md")


class _MarkdownLinks(body_module._NoteLinkDestination, LinkInlineProcessor):
    """Our link pattern before: Python-Markdown's bracket and destination walks, unbounded."""


class _MarkdownImages(body_module._NoteLinkDestination, body_module.ImageInlineProcessor):
    pass


def _markdown_walks() -> BodyRenderer:
    """A renderer with Python-Markdown's own link, image, reference and footnote patterns (its walks)."""
    renderer = BodyRenderer()
    md, patterns = renderer.md, renderer.md.inlinePatterns
    patterns.register(ReferenceInlineProcessor(REFERENCE_RE, md), "reference", 170)
    patterns.register(_MarkdownLinks(LINK_RE, md), "link", 160)
    patterns.register(_MarkdownImages(IMAGE_LINK_RE, md), "image_link", 150)
    patterns.register(ImageReferenceInlineProcessor(IMAGE_REFERENCE_RE, md), "image_reference", 140)
    patterns.register(ShortReferenceInlineProcessor(REFERENCE_RE, md), "short_reference", 130)
    patterns.register(ShortImageReferenceInlineProcessor(IMAGE_REFERENCE_RE, md), "short_image_ref", 125)
    footnote = patterns["footnote"]
    patterns.register(FootnoteInlineProcessor(footnote.pattern, footnote.footnotes), "footnote", 175)
    return renderer


def _lines_run(renderer: BodyRenderer, body: str) -> int:
    """Lines of Python run to render `body`: the work, counted, whatever the machine's speed."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        count += 1
        return trace

    sys.settrace(trace)
    try:
        renderer.render(body, _targets())
    finally:
        sys.settrace(None)
    return count


BOMBS = {
    "unclosed [[": lambda n: "[[" * n,
    "unclosed [": lambda n: "[" * n,
    "nested brackets": lambda n: "[" * n + "]" * n,
    "unclosed ![[": lambda n: "![[" * n,
    "unclosed ![": lambda n: "![" * n,
    "unclosed [[a|": lambda n: "[[a|" * n,
    "unclosed [^": lambda n: "[^" * n,
    "references [a][": lambda n: "[a][" * n,
    "bracket stamps [00:01:0": lambda n: "[00:01:0" * n,
    "link destinations [a](": lambda n: "[a](" * n,
    "titled destinations [a](\" closed at the end": lambda n: '[a]("' * n + ")",
    "destinations [a](\"x) closing early": lambda n: '[a]("x)' * n,
}


@pytest.mark.parametrize("shape", BOMBS)
def test_a_bracket_bomb_renders_with_work_in_proportion_to_its_size(shape):
    make, renderer = BOMBS[shape], BodyRenderer()
    small, double = _lines_run(renderer, make(150)), _lines_run(renderer, make(300))
    # Linear work doubles with the note (plus a constant); the walks it replaces quadrupled it.
    assert double < 2.5 * small, (small, double)


@pytest.mark.parametrize("shape", BOMBS)
def test_a_bracket_bomb_renders_as_python_markdowns_walks_render_it(shape):
    body = BOMBS[shape](60) + " and [known](k.md) [[known]] ![i](p.png) [^1]\n\n[^1]: a footnote [x][y]\n\n[y]: /y"
    assert BodyRenderer().render(body, _targets()) == _markdown_walks().render(body, _targets())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]a()!^\" ", max_size=60))
def test_links_in_any_brackets_render_as_python_markdowns_walks_render_them(text):
    body = f"{text} x\n\n[a]: /ref"
    assert BodyRenderer().render(body, _targets()) == _markdown_walks().render(body, _targets())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]ab", max_size=40))
def test_each_bracket_closes_where_python_markdown_finds_its_close(text):
    markdown = LinkInlineProcessor(LINK_RE)
    brackets = ClosingBrackets()
    for at in [i for i, char in enumerate(text) if char == "["]:
        _text, end, closed = markdown.getText(text, at + 1)
        assert brackets.close_of(text, at) == (end - 1 if closed else None)


def test_asking_about_every_bracket_of_a_text_reads_each_bracket_once():
    text, brackets = "[[" * 2000 + "]" * 1000, ClosingBrackets()
    closes = [brackets.close_of(text, at) for at in range(4000)]
    assert brackets.steps == len(text)
    assert closes[3999] == 4000 and closes[3000] == 4999 and closes[2999] is None


def test_a_destination_longer_than_the_bound_is_text_and_a_shorter_one_a_link():
    renderer = BodyRenderer()
    short_url, long_url = "https://e.org/" + "a" * 100, "https://e.org/" + "a" * MAX_DESTINATION
    html, _ = renderer.render(f"[short]({short_url}) and [long]({long_url}) end", _targets())
    assert f'<a href="{short_url}">short</a>' in html
    assert f"[long]({long_url}) end" in html
