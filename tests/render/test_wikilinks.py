from desktop.render.linker import ExportLinker, SitePaths
from desktop.core.links import split_wikilink
from desktop.render.wikilinks import WikiLinkExtension

from render_helpers import convert, fixed_targets


def render(src, linker=None):
    return convert(src, WikiLinkExtension(targets=fixed_targets(linker)))


def test_plain_link_to_note():
    assert render("See [[alpha]].") == (
        '<p>See <a class="wikilink" href="vault://note/alpha.md" title="alpha">alpha</a>.</p>')


def test_alias_with_and_without_spaces():
    expected = '<p><a class="wikilink" href="vault://note/sub/beta.md" title="beta">The B</a></p>'
    assert render("[[beta|The B]]") == expected
    assert render("[[beta | The B]]") == expected


def test_unresolved_target_is_a_topic():
    assert render("[[Some Topic]]") == (
        '<p><a class="wikilink topic" href="vault://topic/some_topic" title="Some Topic">Some Topic</a></p>')


def test_heading_of_other_note_and_of_same_note():
    assert render("[[alpha#Part Two]]") == (
        '<p><a class="wikilink" href="vault://note/alpha.md#part-two" title="alpha#Part Two">alpha › Part Two</a></p>')
    assert render("[[#Part Two]]") == '<p><a class="wikilink" href="#part-two" title="#Part Two">Part Two</a></p>'


def test_escaped_bar_in_table():
    src = "| a |\n|---|\n| [[alpha\\|Al]] |"
    import markdown

    html = markdown.Markdown(extensions=["tables", WikiLinkExtension(targets=fixed_targets())]).convert(src)
    assert '<td><a class="wikilink" href="vault://note/alpha.md" title="alpha">Al</a></td>' in html


def test_file_target_and_code_untouched():
    assert render("[[doc.pdf]] `[[alpha]]`") == (
        '<p><a class="wikilink" href="vault://file/doc.pdf" title="doc.pdf">doc.pdf</a> <code>[[alpha]]</code></p>')


def test_export_linker_gives_relative_links_and_spans_for_missing_pages():
    linker = ExportLinker("notes/sub/beta.html", SitePaths(notes={"alpha.md"}))
    assert render("[[alpha]] [[Nope]]", linker) == (
        '<p><a class="wikilink" href="../alpha.html" title="alpha">alpha</a> '
        '<span class="wikilink topic broken" title="Nope">Nope</span></p>')


def test_split_wikilink():
    assert split_wikilink("a#H|b") == ("a", "H", "b")
    assert split_wikilink("a\\|b") == ("a", None, "b")
    assert split_wikilink("#H") == ("", "H", None)


def test_a_link_written_again_is_its_own_element_and_a_new_render_resolves_it_anew():
    """Links written alike are worked out once a render: each is still an element of its own (its id), and
    the next render of the same renderer sees the vault as it is then."""
    from desktop.core.model import Link
    from desktop.render.body import BodyRenderer
    from desktop.render.linker import AppLinker, LinkTargets

    notes = {}
    targets = LinkTargets(linker=AppLinker(), resolve=lambda t: notes.get(t.lower()), is_note=lambda p: True,
                          topic_key=str.lower, current_path="here.md")
    links = [Link(target="Beta", heading=None, alias=None, embed=False, resolved=None, start=0, end=0)] * 3
    renderer = BodyRenderer()
    before, _ = renderer.render("[[Beta]] and [[Beta]] and [[Beta]]", targets, links=links)
    assert before == (
        '<p><a class="wikilink topic" href="vault://topic/beta" id="link-0" title="Beta">Beta</a> and '
        '<a class="wikilink topic" href="vault://topic/beta" id="link-1" title="Beta">Beta</a> and '
        '<a class="wikilink topic" href="vault://topic/beta" id="link-2" title="Beta">Beta</a></p>')
    notes["beta"] = "beta.md"  # the note appears in the vault: the same targets now find it
    after, _ = renderer.render("[[Beta]] and [[Beta]] and [[Beta]]", targets, links=links)
    assert after == before.replace("wikilink topic", "wikilink").replace("vault://topic/beta", "vault://note/beta.md")
