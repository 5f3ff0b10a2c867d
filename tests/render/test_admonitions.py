"""Admonition fences (```` ```ad-note ````) render as callouts: a box, its title, its content as Markdown."""

import markdown
from markdown.extensions.codehilite import CodeHiliteExtension

from desktop.render.admonitions import AdmonitionExtension, as_callouts
from desktop.render.callouts import CalloutExtension
from desktop.render.fences import ContainerFenceExtension


def render(src: str) -> str:
    return markdown.Markdown(extensions=["fenced_code", "sane_lists", CalloutExtension(), ContainerFenceExtension(),
                                         AdmonitionExtension(), CodeHiliteExtension(use_pygments=False)]).convert(src)


def test_an_admonition_is_a_callout_titled_by_its_type_with_markdown_inside():
    assert render("Before.\n```ad-note\nSome *words* here.\n```\nAfter.") == (
        '<p>Before.</p>\n<div class="callout callout-note">\n<div class="callout-title">Note</div>\n'
        '<div class="callout-content">\n<p>Some <em>words</em> here.</p>\n</div>\n</div>\n<p>After.</p>')


def test_its_title_and_collapse_options_give_the_title_and_the_fold():
    assert render("```ad-warning\ntitle: Mind this\ncollapse: closed\nText.\n```") == (
        '<details class="callout callout-warning callout-foldable">\n'
        '<summary class="callout-title">Mind this</summary>\n'
        '<div class="callout-content">\n<p>Text.</p>\n</div>\n</details>')
    assert 'open="open"' in render("```ad-tip\ncollapse: open\nText.\n```")


def test_a_nested_admonition_is_a_nested_callout_and_code_inside_stays_code():
    html = render("````ad-example\nOuter.\n```ad-note\nInner.\n```\n\n~~~py\nx = [[1]]\n~~~\n````")
    assert html.count('class="callout ') == 2 and html.index("callout-example") < html.index("callout-note")
    assert '<pre><code class="language-py">x = [[1]]\n</code></pre>' in html


def test_an_admonition_quoted_in_a_code_block_stays_code():
    src = "```markdown\n```ad-note\nshown as source\n```\n"
    assert as_callouts(src.split("\n")) == src.split("\n")
    assert "callout" not in render(src)


def test_a_note_of_unclosed_openers_renders_with_boxes_only_so_deep():
    from desktop.core.links import MAX_ADMONITION_DEPTH

    html = render("```ad-note\ntext\n" * 2000)
    assert html.count('class="callout ') == MAX_ADMONITION_DEPTH
    assert "<pre><code" in html  # the deeper ones are code blocks
