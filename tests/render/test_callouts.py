from desktop.render.callouts import CalloutExtension
from render_helpers import convert


def test_callout_with_title_and_body():
    src = "> [!note] Read this\n> Body *text*."
    assert convert(src, CalloutExtension()) == (
        '<div class="callout callout-note">\n<div class="callout-title">Read this</div>\n'
        '<div class="callout-content">\n<p>Body <em>text</em>.</p>\n</div>\n</div>')


def test_default_title_alias_type_and_list_without_blank_line():
    src = "> [!caution]\n> Careful:\n> - one\n> - two"
    assert convert(src, CalloutExtension()) == (
        '<div class="callout callout-warning">\n<div class="callout-title">Caution</div>\n'
        '<div class="callout-content">\n<p>Careful:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n</div>\n</div>')


def test_fold_markers_make_details():
    assert convert("> [!tip]- Hidden\n> x", CalloutExtension()) == (
        '<details class="callout callout-tip callout-foldable">\n<summary class="callout-title">Hidden</summary>\n'
        '<div class="callout-content">\n<p>x</p>\n</div>\n</details>')
    assert convert("> [!tip]+ Shown", CalloutExtension()) == (
        '<details class="callout callout-tip callout-foldable" open="open">\n'
        '<summary class="callout-title">Shown</summary>\n</details>')


def test_plain_blockquote_unchanged():
    assert convert("> just a quote", CalloutExtension()) == "<blockquote>\n<p>just a quote</p>\n</blockquote>"
