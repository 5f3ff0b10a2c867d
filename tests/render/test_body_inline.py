"""The body renderer tries on each text only the inline patterns whose characters it holds: the HTML is the
one Python-Markdown's own inline pass makes, on any markup."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from desktop.core.model import Stamp
from desktop.render.body import BodyRenderer
from desktop.render.linker import AppLinker, LinkTargets

STAMP = '<a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>'


def targets() -> LinkTargets:
    return LinkTargets(linker=AppLinker(), resolve=lambda t: "known.md" if t.lower() == "known" else None,
                       is_note=lambda p: p.endswith(".md"), topic_key=str.lower, current_path="here.md")


def renderers() -> tuple[BodyRenderer, BodyRenderer]:
    """(ours, one with Python-Markdown's own inline pass)."""
    plain = BodyRenderer()
    plain.md.treeprocessors.register(InlineProcessor(plain.md), "inline", 20)
    return BodyRenderer(), plain


def both(body: str) -> tuple[str, str]:
    stamps = [Stamp(label="00:01:05", seconds=65, url="https://www.youtube.com/watch?v=abcdefghijk&t=65s",
                    context="", start=0, end=0)] * body.count("yt-timestamp")
    ours, plain = renderers()
    return ours.render(body, targets(), stamps)[0], plain.render(body, targets(), stamps)[0]


@pytest.mark.parametrize("body", [
    f"Text {STAMP} more {STAMP} then [[known|a link]] and [[topic]] and *em* _u_ **b** `code` ==hi== #tag",
    f"{STAMP} {STAMP} {STAMP} after three stamps comes [[known]] once",
    "a &amp; b <span>x</span> <https://e.org> <me@e.org> line  \nbreak \\*esc\\* [x](y.md) ![i](p.png) [^1]\n\n[^1]: n",
    "- [[known]] *a [[topic|in *em*]]* ![[known]] [ref][r]\n\n[r]: https://e.org",
])
def test_the_html_is_what_markdowns_inline_pass_makes(body):
    assert type(BodyRenderer().md.treeprocessors["inline"]) is not InlineProcessor  # the skipping pass is used
    ours, plain = both(body)
    assert ours == plain
    assert "[[" not in ours  # the links were made


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["word", " ", "\n", "*", "_", "`", "[[known]]", "[[topic|t]]", "![[known]]", "[a](b.md)",
                                 "&amp;", "<b>", "</b>", "\\", "==", "#tag", "  \n", "[^1]", STAMP, "<x@y.z>", "!"]),
                max_size=25))
def test_any_markup_renders_as_markdowns_own_pass(parts):
    ours, plain = both("".join(parts))
    assert ours == plain
