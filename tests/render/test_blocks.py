"""Block ids: `^id` hidden, its block given `id="block-<id>"`; `block_of` finds the block's Markdown."""

import markdown

from desktop.render.blocks import BlockIdExtension, block_of
from desktop.render.linker import AppLinker, heading_id
from desktop.render.wikilinks import WikiLinkExtension
from render_helpers import fixed_targets


def render(src: str) -> str:
    return markdown.Markdown(extensions=["tables", WikiLinkExtension(targets=fixed_targets()),
                                         BlockIdExtension()]).convert(src)


def test_an_id_ending_a_paragraph_is_hidden_and_names_the_paragraph():
    assert render("Links make a network of *knowledge*. ^b15695") == (
        '<p id="block-b15695">Links make a network of <em>knowledge</em>.</p>')
    assert render("See [[alpha]] ^after-link") == (
        '<p id="block-after-link">See <a class="wikilink" href="vault://note/alpha.md" title="alpha">alpha</a></p>')


def test_an_id_ending_a_list_item_names_the_item():
    assert render("- one ^item-1\n- two\n") == '<ul>\n<li id="block-item-1">one</li>\n<li>two</li>\n</ul>'


def test_an_id_on_a_line_of_its_own_names_the_block_before_it():
    assert render("> A quote.\n\n^quote\n\nNext.") == (
        '<blockquote id="block-quote">\n<p>A quote.</p>\n</blockquote>\n<p>Next.</p>')
    assert render("| a |\n|---|\n| b |\n\n^tbl") == (
        '<table id="block-tbl">\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>b</td>\n</tr>\n'
        '</tbody>\n</table>')


def test_without_ids_block_ids_are_only_hidden():
    md = markdown.Markdown(extensions=[BlockIdExtension(ids=False)])
    assert md.convert("Text ^b1\n\n> q\n\n^b2") == "<p>Text</p>\n<blockquote>\n<p>q</p>\n</blockquote>"


def test_carets_that_are_not_block_ids_stay():
    assert render("2 ^ 3 and x^2 and `code ^x`") == "<p>2 ^ 3 and x^2 and <code>code ^x</code></p>"


def test_block_references_link_to_the_block_id():
    assert heading_id("^b15695") == "block-b15695"
    assert AppLinker().note_href("Internal links.md", "^b15695") == "vault://note/Internal%20links.md#block-b15695"
    assert render("[[alpha#^b1]] and [[#^b2|here]]") == (
        '<p><a class="wikilink" href="vault://note/alpha.md#block-b1" title="alpha#^b1">alpha</a> and '
        '<a class="wikilink" href="#block-b2" title="#^b2">here</a></p>')


BODY = """# Title

Intro line one
ends here. ^intro

- item ^it
    - child
- other

> Quote line
> more

^q

## Part ^hd
"""


def test_block_of_finds_paragraph_item_and_preceding_block():
    assert block_of(BODY, "intro") == "Intro line one\nends here. ^intro"
    assert block_of(BODY, "it") == "- item ^it\n    - child"  # still a list item when embedded
    assert block_of(BODY, "q") == "> Quote line\n> more\n\n^q"
    assert block_of(BODY, "hd") == "## Part ^hd"
    assert block_of(BODY, "nope") is None
    assert block_of(BODY, "i") is None  # an id is matched whole


def test_long_runs_of_spaces_and_carets_take_one_pass():
    # A pattern that rescanned the spaces from each one would take hours here (200,000² steps).
    text = "^" + " " * 200_000 + "x"
    assert render(text) == f"<p>{text}</p>"
    assert render("word " * 50_000 + "^end") == '<p id="block-end">' + ("word " * 50_000).rstrip() + "</p>"
