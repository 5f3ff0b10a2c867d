"""A vault written by people (callouts, block ids, embeds of blocks and sections, tables, fenced code in
callouts and lists, missing pictures), rendered as the window shows it."""

import re
from pathlib import Path

import pytest

from desktop.core.index import VaultIndex
from desktop.render.linker import AppLinker
from desktop.render.pages import render_note_page
from people_vault import write_people_vault

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def index(tmp_path):
    return VaultIndex.build(write_people_vault(tmp_path / "people"), workers=1)


def page(index, path):
    return render_note_page(index, path, AppLinker()).body_html


def test_a_block_embed_shows_that_block_and_a_heading_embed_that_section(index):
    body = page(index, "Embed files.md")
    block = body[body.index('id="link-1"'):body.index("And a whole section")]
    assert ('<div class="embed-body"><p>Learn how to link notes, attachments and other files '
            'from your notes, using <em>internal links</em>. Links make a network of knowledge.</p></div>') in block
    assert "Supported formats" not in block and "knowledge. ^" not in body
    section = body[body.index('id="link-2"'):body.index("<blockquote")]
    assert '<h2 id="supported-formats">Supported formats</h2>' in section
    assert "Link to a block in a note" not in section  # the next section is not part of it
    assert '<blockquote id="block-quote-of-the-day">' in body and "^quote-of-the-day" not in body


def test_an_embed_ending_a_paragraph_in_a_callout_is_transcluded(index):
    body = page(index, "Callouts.md")
    assert ('<p>Icons are updated now and then. The current version is below.</p>\n'
            '<div class="embed" id="link-0">\n<div class="embed-title"><a class="wikilink" '
            'href="vault://note/Credits.md#block-lucide" title="Credits#^lucide">Credits</a></div>\n'
            '<div class="embed-body"><ul>\n<li>Lucide icons, version 0.446.0</li>') in body  # ids are Credits' own


def test_a_block_link_leads_to_the_block_and_a_missing_block_says_so(index):
    body = page(index, "Internal links.md")
    assert '<p id="block-b15695">' in body and '<li id="block-item-1">A list item with an id</li>' in body
    assert 'href="vault://note/Embed%20files.md#block-quote-of-the-day"' in body
    assert '<a class="wikilink" href="#block-b15695" id="link-2" title="#^b15695">the intro</a>' in body
    index.notes["Credits.md"].body = "# Credits\n\n![[Internal links#^gone]]\n"
    assert '<p class="embed-notice">Internal links has no block ^gone.</p>' in page(index, "Credits.md")


def test_fenced_code_in_callouts_and_lists_is_highlighted(index):
    body = page(index, "Callouts.md")
    assert ('<p>Set the icon with CSS:</p>\n<div class="codehilite"><pre><span></span><code>'
            '<span class="p">.</span><span class="nc">callout</span>') in body
    assert '<li>Install the plugin:\n   <div class="codehilite"><pre><span></span><code>pip' in body
    assert "```" not in body


def test_pictures_the_vault_lacks_show_the_missing_file_placeholder(index):
    body = page(index, "Embed files.md")
    assert ('<img alt="Engelbart.jpg" src="vault://file/Engelbart.jpg" width="200"> and '
            '<span class="missing-file" title="Missing picture.png">Missing picture.png</span>') in body
    assert ('<p><span class="missing-file" title="lost.png">a lost picture</span> and '
            '<span class="missing-file" title="also-lost.png">raw lost</span> and '
            '<img alt="raw found" src="vault://file/Engelbart.jpg"></p>') in body
    assert "<img src=" not in body  # no image left pointing nowhere


@pytest.mark.parametrize("vault", ["people", "seeds"])
def test_every_mention_anchor_is_an_id_on_its_source_page(index, vault):
    if vault == "seeds":
        index = VaultIndex.build(SEEDS, workers=1)
    mentions = [m for ms in index.backlinks.values() for m in ms] + [
        m for t in index.topics.values() for m in t.mentions]
    assert len(mentions) > 5
    pages = {}
    for mention in mentions:
        if mention.source not in pages:
            pages[mention.source] = set(re.findall(r' id="([^"]+)"', page(index, mention.source)))
        if mention.anchor is None:  # only an embedded picture has nothing to scroll to
            assert mention.alias in ("200", "a lost picture", None)
            continue
        assert mention.anchor in pages[mention.source], (mention.source, mention.anchor, mention.context)
