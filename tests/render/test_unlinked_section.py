"""Note and topic pages list their unlinked mentions below the linked ones, with stamps, capped."""

from __future__ import annotations

import pytest

from desktop.core.loader import load_vault
from desktop.core.mentions import UnlinkedMentions
from desktop.core.model import Mention
from desktop.render.linker import AppLinker
from desktop.render.page_source import PageSource
from desktop.render.pages import render_topic_page
from desktop.render.video_catalog import build_video_catalog
from tests.core.core_helpers import write

STAMP = '<a class="yt-timestamp" data-t="{}"></a>'


@pytest.fixture
def index(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))  # the cache PageSource reads
    root = tmp_path / "vault"
    write(root, "Sleep.md", "---\ntitle: Sleep\n---\nSleep matters.\n")
    write(root, "talk.md", "---\ntitle: Talk\nvideoId: abcdefghijk\n---\n"
           f"Good sleep helps memory {STAMP.format('00:01:10')}. See [[Sleep]] and [[Deep Work]].\n")
    write(root, "other.md", "---\ntitle: Other\n---\nDeep work needs sleep.\n")
    return load_vault(root)  # the default cache: the one the page source reads


def _with_unlinked(source: PageSource, kind: str, key: str) -> str:
    """The page as it shows once its unlinked mentions are found (what the window's presenter does)."""
    source.find_unlinked(kind, key)
    return source.page(kind, key)[1]


def test_a_page_renders_first_without_them_and_again_once_they_are_found(index):
    source = PageSource(index)
    first = source.page("note", "Sleep.md")[1]
    assert "<h2>Linked mentions</h2>" in first and "Unlinked mentions" not in first  # the page never waits
    assert source.wants_unlinked("note", "Sleep.md")
    source.find_unlinked("note", "Sleep.md")
    assert not source.wants_unlinked("note", "Sleep.md")
    assert "<h2>Unlinked mentions</h2>" in source.page("note", "Sleep.md")[1]  # not the first page's cache


@pytest.mark.parametrize("kind, name", [("note", "Sleep.md"), ("topic", "Deep Work"), ("note", "other.md")])
def test_the_page_with_its_section_added_is_the_page_rendered_with_it(index, kind, name, monkeypatch):
    """What the window caches once the mentions are found (their section added to the page on screen, the body
    not rendered again) is what rendering the page with them gives; its headings come along."""
    key = name if kind == "note" else index.topic_key(name)
    source = PageSource(index)
    source.page(kind, key)
    without = source.cache_key(kind, key)
    renders = []
    real = source.rendered
    monkeypatch.setattr(source, "rendered", lambda *page: renders.append(page) or real(*page))
    section = source.find_unlinked(kind, key)
    source.set_videos(build_video_catalog(index))  # a catalog came meanwhile: pages with it are not these
    added = source.add_unlinked(without, section)
    assert source.cached(kind, key) is None
    source.set_videos(None)
    assert source.cached(kind, key) == added and source.headings(kind, key) is not None
    assert renders == []  # neither the page nor its outline rendered again
    assert (section == "") == (key == "other.md")
    assert added == source.render(kind, key)


def test_a_note_page_lists_plain_mentions_after_the_linked_ones_with_their_stamp(index):
    html = _with_unlinked(PageSource(index), "note", "Sleep.md")
    linked, unlinked = html.index("<h2>Linked mentions</h2>"), html.index("<h2>Unlinked mentions</h2>")
    assert linked < unlinked
    section = html[unlinked:]
    assert "Good <mark>sleep</mark> helps memory" in section
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk&amp;t=70s"' in section and "▶ 1:10" in section
    assert "Deep work needs <mark>sleep</mark>." in section
    assert "See Sleep" not in section  # the linked sentence is only a linked mention


def test_a_topic_page_lists_them_too_and_none_without_the_section(index):
    html = _with_unlinked(PageSource(index), "topic", index.topic_key("Deep Work"))
    assert "<h2>Unlinked mentions</h2>" in html and "<mark>Deep work</mark> needs sleep." in html
    off = PageSource(index, unlinked=False)
    assert not off.wants_unlinked("note", "Sleep.md")
    assert "Unlinked mentions" not in off.page("note", "Sleep.md")[1]


def test_past_the_cap_the_section_says_how_many_more(index):
    mentions = [Mention(source="other.md", context=f"Sentence {i} on deep work", seconds=None, url=None,
                        alias="deep work") for i in range(3)]
    page = render_topic_page(index, index.topic_key("Deep Work"), AppLinker(),
                             unlinked=UnlinkedMentions(mentions, more=7, unread=2))
    assert page.body_html.count("Sentence ") == 3
    assert ("And 7 more mentions; 2 more notes not read; search for the name (Ctrl+Shift+F) to see every note "
            "using it." in page.body_html)
