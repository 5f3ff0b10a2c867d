import markdown

from desktop.render.embeds import EmbedExtension
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
        '<span class="remote-image" title="https://tracker.example/p.gif">🖼 remote image blocked</span> '
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
        '<span class="missing-file" title="gone.png">gone</span> and <img src="https://x.example/a.png"></p>')
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
