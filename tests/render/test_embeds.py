import html

import markdown
import pytest

from desktop.render.body import BodyRenderer
from desktop.render.embeds import EmbedExtension
from desktop.render.linker import AppLinker
from desktop.render.sanitize import sanitize_html
from desktop.render.wikilinks import WikiLinkExtension
from render_helpers import fixed_targets


def render(src, transclude=None, allow_remote=False):
    ext = EmbedExtension(targets=fixed_targets(), transclude=transclude or "", allow_remote=allow_remote)
    return markdown.Markdown(extensions=[ext]).convert(src)


def test_image_embed_with_size_and_alt():
    assert render("![[pic.png|200]] ![[pic.png|A pic]]") == (
        '<p><img alt="pic.png" src="vault://file/img/pic.png" width="200" /> '
        '<img alt="A pic" src="vault://file/img/pic.png" /></p>')


def test_note_embed_transcluded_once():
    shown = set()

    def transclude(path, heading):
        if path in shown:
            return None
        shown.add(path)
        return "Alpha note", "<p>alpha body</p>"

    assert render("![[alpha]]\n![[alpha]]", transclude) == (
        '<div class="embed">\n<div class="embed-title"><a class="wikilink" href="vault://note/alpha.md" '
        'title="alpha">Alpha note</a></div>\n<div class="embed-body"><p>alpha body</p></div>\n</div>\n'
        '<div class="embed">\n<div class="embed-title"><a class="wikilink" href="vault://note/alpha.md" '
        'title="alpha">alpha</a></div>\n<p class="embed-notice">⟲ already shown above</p>\n</div>')


def test_other_file_and_unresolved_embed_are_links():
    assert render("![[doc.pdf]] ![[Nothing]]") == (
        '<p><a class="wikilink embed-link" href="vault://file/doc.pdf" title="doc.pdf">doc.pdf</a> '
        '<a class="wikilink topic embed-link" href="vault://topic/nothing" title="Nothing">Nothing</a></p>')


def test_markdown_images_local_remote_and_missing():
    assert render("![p](pic.png) ![t](https://tracker.example/p.gif) ![m](missing.png)") == (
        '<p><img alt="p" src="vault://file/img/pic.png" /> '
        '<span class="remote-image" title="https://tracker.example/p.gif">⊘ remote image blocked</span> '
        '<span class="missing-file" title="missing.png">m</span></p>')
    assert render("![t](https://x.example/p.gif)", allow_remote=True) == (
        '<p><img alt="t" src="https://x.example/p.gif" /></p>')


def test_markdown_link_to_local_note():
    html = markdown.Markdown(extensions=[EmbedExtension(targets=fixed_targets()),
                                         WikiLinkExtension(targets=fixed_targets())]).convert(
        "[the alpha](alpha#Intro) [web](https://example.org) [[beta]]")
    assert html == (
        '<p><a class="wikilink" href="vault://note/alpha.md#intro" title="alpha#Intro">the alpha</a> '
        '<a href="https://example.org">web</a> '
        '<a class="wikilink" href="vault://note/sub/beta.md" title="beta">beta</a></p>')


def test_a_note_embed_ending_or_splitting_a_paragraph_is_a_block_of_its_own():
    def transclude(path, heading):
        return "Alpha note", f"<p>alpha {heading}</p>"

    assert render("Shown below:\n![[alpha#^b1]]\nAfter.", transclude) == (
        '<p>Shown below:</p>\n<div class="embed">\n<div class="embed-title"><a class="wikilink" '
        'href="vault://note/alpha.md#block-b1" title="alpha#^b1">Alpha note</a></div>\n'
        '<div class="embed-body"><p>alpha ^b1</p></div>\n</div>\n<p>After.</p>')


def test_raw_html_images_resolve_in_the_vault_or_show_the_missing_file_placeholder():
    assert render('A <img src="pic.png" width="20"> and <img src="gone.png" alt="gone"> and '
                  '<img src="https://x.example/a.png">') == (
        '<p>A <img alt="" src="vault://file/img/pic.png" width="20"> and '
        '<span class="missing-file" title="gone.png">gone</span> and '
        '<span class="remote-image" title="https://x.example/a.png">⊘ remote image blocked</span></p>')
    assert render('<div>\n<img src="nope.png">\n</div>') == (
        '<div>\n<span class="missing-file" title="nope.png">nope.png</span>\n</div>')


def test_raw_html_images_are_resolved_once_even_with_headings_on_the_page():
    from desktop.render.linker import ExportLinker

    ext = EmbedExtension(targets=fixed_targets(ExportLinker("notes/a.html")), transclude="")
    html = markdown.Markdown(extensions=[ext, "toc"]).convert('# Head\n\nx <img src="pic.png">')
    assert html.endswith('<p>x <img alt="" src="../files/img/pic.png"></p>')


def test_an_embedded_picture_the_vault_lacks_is_the_missing_file_placeholder():
    assert render("![[gone.png|300]] ![[gone.jpg|A lost one]]") == (
        '<p><span class="missing-file" title="gone.png">gone.png</span> '
        '<span class="missing-file" title="gone.jpg">A lost one</span></p>')


BLOCKED = '<span class="remote-image" title="{0}">⊘ remote image blocked</span>'


def page_body(src: str, allow_remote: bool = False) -> str:
    """The note body as a page shows it: rendered, then sanitized."""
    html, _headings = BodyRenderer().render_sanitized(
        src, fixed_targets(), allow_remote=allow_remote, url_schemes=AppLinker.url_schemes,
        sanitize=lambda raw: sanitize_html(raw, allow_remote=allow_remote, url_schemes=AppLinker.url_schemes))
    return html


@pytest.mark.parametrize("url", [
    "https://example.com/x.png", "HTTP://example.com/x.png", "//example.com/x.png", "https://example.com/x.png?a=1&b=2"])
def test_a_raw_remote_image_shows_the_markdown_images_placeholder_not_nothing(url):
    markdown_image = page_body(f"A ![alt]({url}) here.")
    raw_image = page_body(f'A <img src="{url}" alt="alt"> here.')
    assert raw_image == markdown_image == f"<p>A {BLOCKED.format(html.escape(url))} here.</p>"


def test_raw_remote_images_in_an_html_block_and_an_image_tag_are_placeholders_too():
    assert page_body('<div>\n<IMG SRC="https://example.com/x.png">\n<image src="https://e.example/y.png">\n</div>') == (
        f'<div>\n{BLOCKED.format("https://example.com/x.png")}\n{BLOCKED.format("https://e.example/y.png")}\n</div>')


def test_a_raw_remote_image_loads_when_remote_content_is_allowed():
    assert page_body('A <img src="https://example.com/x.png" alt="x">', allow_remote=True) == (
        '<p>A <img src="https://example.com/x.png" alt="x"></p>')
