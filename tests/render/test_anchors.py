"""Link anchors: each rendered link of a note carries `id="link-<n>"`, n its place in Note.links."""

import markdown

from desktop.core.index import parse_note
from desktop.render.anchors import LINK_MARK, LinkAnchorExtension
from desktop.render.embeds import EmbedExtension
from desktop.render.wikilinks import WikiLinkExtension
from render_helpers import fixed_targets


def render(src: str, with_ids: bool = True) -> str:
    links = parse_note("n.md", src).links if with_ids else []
    targets = fixed_targets()
    return markdown.Markdown(extensions=[
        WikiLinkExtension(targets=targets), EmbedExtension(targets=targets, transclude=""),
        LinkAnchorExtension(links=links)]).convert(src)


def test_each_link_gets_the_id_of_its_place_in_the_notes_links():
    assert render("[[alpha]] and [[Topic|a topic]], then ![[doc.pdf]] and [b](beta) and ![[pic.png]].") == (
        '<p><a class="wikilink" href="vault://note/alpha.md" id="link-0" title="alpha">alpha</a> and '
        '<a class="wikilink topic" href="vault://topic/topic" id="link-1" title="Topic">a topic</a>, then '
        '<a class="wikilink embed-link" href="vault://file/doc.pdf" id="link-2" title="doc.pdf">doc.pdf</a> and '
        '<a class="wikilink" href="vault://note/sub/beta.md" id="link-3" title="beta">b</a> and '
        '<img alt="pic.png" src="vault://file/img/pic.png" />.</p>')  # an image is no page to open: no id


def test_ids_follow_the_text_order_even_when_nested_blocks_are_processed_later():
    html = render("- one [[alpha]]\n    - two [[alpha]]\n\nthree [[alpha]]\n")
    assert [html.index(f'id="link-{n}"') for n in range(3)] == sorted(html.index(f'id="link-{n}"') for n in range(3))
    assert html.index('id="link-0"') < html.index("one") + 60 and html.index('id="link-2"') > html.index("three")


def test_a_link_the_page_does_not_render_shifts_only_links_with_its_own_mark():
    # `[[beta]]` inside raw HTML stays text, yet the core counts it: `[[alpha]]` after it keeps its own id.
    html = render("<div>[[beta]]</div>\n\nNow [[alpha]] and [[beta]].\n")
    assert 'id="link-1" title="alpha"' in html
    assert 'href="vault://note/sub/beta.md" id="link-0"' in html  # the first *rendered* beta takes beta's first id


def test_embedded_notes_and_markdown_without_the_extension_carry_no_marks():
    assert "id=" not in render("[[alpha]]", with_ids=False)
    plain = markdown.Markdown(extensions=[WikiLinkExtension(targets=fixed_targets())]).convert("[[alpha]]")
    assert LINK_MARK not in plain and "id=" not in plain
