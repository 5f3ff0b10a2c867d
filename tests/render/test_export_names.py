"""The export shows topics by their readable names, anchors its links, and never a broken picture."""

import re

import pytest

from desktop.core.index import VaultIndex
from desktop.render.export import export_site
from people_vault import write_people_vault


@pytest.fixture
def site(tmp_path):
    root = write_people_vault(tmp_path / "people")
    (root / "Topics.md").write_text(
        "On [[russias_political_situation_and_leadership | Russia's political situation and leadership]] and "
        "[[russias_political_situation_and_leadership|Putin]], and [[joe_biden]].\n", encoding="utf-8")
    out = tmp_path / "out"
    report = export_site(VaultIndex.build(root, workers=1), out)
    assert not report.errors
    return out


def test_topics_are_named_in_the_index_and_titled_on_their_pages(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert ('<a class="wikilink topic" href="topics/joe_biden.html">Joe biden</a>') in index
    assert "Russia&#x27;s political situation and leadership</a>" in index
    russia = (site / "topics" / "russias_political_situation_and_leadership.html").read_text(encoding="utf-8")
    assert "<title>Russia&#x27;s political situation and leadership</title>" in russia
    assert '<h1 class="note-title">Russia&#x27;s political situation and leadership</h1>' in russia
    assert '<p class="topic-meta topic-names">Also linked as: Putin</p>' in russia


def test_pictures_the_vault_lacks_are_placeholders_and_found_ones_show(site):
    page = (site / "notes" / "Embed~20files.html").read_text(encoding="utf-8")
    assert ('<p><span class="missing-file" title="lost.png">a lost picture</span> and '
            '<span class="missing-file" title="also-lost.png">raw lost</span> and '
            '<img alt="raw found" src="../files/Engelbart.jpg"></p>') in page
    for src in re.findall(r'<img [^>]*src="([^"]+)"', page):
        assert (site / "notes" / src).resolve().is_file(), src


def test_exported_links_carry_their_anchors_and_block_links_reach_their_block(site):
    page = (site / "notes" / "Internal~20links.html").read_text(encoding="utf-8")
    assert ('<a class="wikilink" href="Embed~20files.html#block-quote-of-the-day" id="link-1" '
            'title="Embed files#^quote-of-the-day">Embed files</a>') in page
    target = (site / "notes" / "Embed~20files.html").read_text(encoding="utf-8")
    assert '<blockquote id="block-quote-of-the-day">' in target
