"""Fenced code inside callouts, quotes and list items renders as a highlighted code block."""

import markdown
from markdown.extensions.codehilite import CodeHiliteExtension

from desktop.render.callouts import CalloutExtension
from desktop.render.fences import ContainerFenceExtension


def render(src: str) -> str:
    return markdown.Markdown(extensions=["fenced_code", "sane_lists", CalloutExtension(), ContainerFenceExtension(),
                                         CodeHiliteExtension(use_pygments=False)]).convert(src)


def test_a_fence_in_a_callout_is_a_code_block_of_its_own():
    assert render("> [!tip] SVG icons\n> Use an SVG:\n>\n> ```css\n> --callout-icon: '<svg>';\n>   a\n> ```\n") == (
        '<div class="callout callout-tip">\n<div class="callout-title">SVG icons</div>\n'
        '<div class="callout-content">\n<p>Use an SVG:</p>\n'
        '<pre><code class="language-css">--callout-icon: \'&lt;svg&gt;\';\n  a\n</code></pre>\n'
        '</div>\n</div>')


def test_a_fence_right_after_a_callout_line_and_text_after_it():
    assert render("> [!note]\n> Before:\n> ```\n> x = 1\n> ```\n> After.\n") == (
        '<div class="callout callout-note">\n<div class="callout-title">Note</div>\n'
        '<div class="callout-content">\n<p>Before:</p>\n'
        '<pre><code>x = 1\n</code></pre>\n<p>After.</p>\n</div>\n</div>')


def test_a_fence_in_a_quote_and_an_unclosed_one_ending_with_the_quote():
    assert render("> ~~~\n> a\n\nout") == (
        '<blockquote>\n<pre><code>a\n</code></pre>\n</blockquote>\n<p>out</p>')


def test_a_fence_in_a_list_item():
    assert render("1. Install:\n   ```sh\n   pip install thing\n   ```\n2. Restart.\n") == (
        '<ol>\n<li>Install:\n   <pre><code class="language-sh">pip install thing\n'
        '</code></pre></li>\n<li>Restart.</li>\n</ol>')
    assert render("- ```py\n  x\n  ```\n") == (
        '<ul>\n<li><pre><code class="language-py">x\n</code></pre></li>\n</ul>')


def test_a_callout_shown_inside_a_top_level_fence_stays_text():
    assert render("```md\n> [!tip]\n> ```css\n> a\n> ```\n```\n") == (
        '<pre><code class="language-md">&gt; [!tip]\n&gt; ```css\n&gt; a\n&gt; ```\n'
        '</code></pre>')


def test_a_long_prefix_of_list_markers_without_a_fence_is_read_in_one_pass():
    # With backtracking between the spaces of 24 markers this line alone would take days.
    line = "-   " * 24 + "x ```"
    html = render(line)
    assert html.count("<li>") == 24 and "<li>x ```</li>" in html  # text, as a backtick fence is not closed
