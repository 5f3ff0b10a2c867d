import re

import pytest

from desktop.core.index import VaultIndex
from desktop.render.linker import AppLinker
from desktop.render.page_source import PageSource
from desktop.render.pages import highlight, render_note_page, render_topic_page
from render_helpers import write_vault


@pytest.fixture
def index(tmp_path):
    return VaultIndex.build(write_vault(tmp_path / "vault"), workers=1)


def test_topic_page(index):
    page = render_topic_page(index, "sometopic", AppLinker())
    assert page.title == "Some Topic"
    assert page.body_html == (
        '<h1 class="note-title">Some Topic</h1>\n'
        '<p class="topic-meta">Topic · mentioned in 3 notes</p>\n'
        '<p class="topic-meta topic-names">Also linked as: a topic</p>\n'
        '<div class="mention-group">\n<h3><a class="wikilink" href="vault://note/alpha.md">Alpha note</a></h3>\n'
        '<ul><li>Then <mark>a topic</mark> appears <a class="stamp" '
        'href="https://www.youtube.com/watch?v=abcdefghijk&amp;t=130s" title="Open the video at 2:10">▶ 2:10</a>'
        '</li></ul>\n</div>\n'
        '<div class="mention-group">\n<h3><a class="wikilink" href="vault://note/sub/beta.md">Beta</a></h3>\n'
        '<ul><li>More on <mark>Some Topic</mark> here <a class="stamp" '
        'href="https://www.youtube.com/watch?v=bcdefghijkl&amp;t=180s" title="Open the video at 3:00">▶ 3:00</a>'
        '</li></ul>\n</div>\n'
        '<div class="mention-group">\n<h3><a class="wikilink" href="vault://note/weird%20name%20%25%3F.md">Weird</a>'
        '</h3>\n<ul><li>A note with an odd name, about <mark>Some Topic</mark> and Other Thing.</li></ul>\n</div>')
    assert page.html.startswith("<!DOCTYPE html>")
    assert "<style>" in page.html and "--chip-bg" in page.html


def test_note_page(index):
    page = render_note_page(index, "alpha.md", AppLinker())
    body = page.body_html
    assert page.title == "Alpha note"
    assert '<h1 class="note-title">' not in body  # the body starts with the same heading
    assert body.count("<h1") == 1
    # a space between them: the text view, which knows no margins, showed "▶ Videoalpha.md"
    assert ('<p class="note-meta"><a class="video" href="https://www.youtube.com/watch?v=abcdefghijk" '
            'title="Open the video on YouTube">▶ Video</a> <span class="path">alpha.md</span></p>') in body
    assert ('<a class="stamp" href="https://www.youtube.com/watch?v=abcdefghijk&amp;t=65s" id="stamp-0" '
            'title="Open the video at 1:05">▶ 1:05</a>') in body
    # ids only for the note's own chips (the stamp panel's rows); the embedded beta's chips have none
    assert re.findall(r'id="(stamp-\d+)"', body) == ["stamp-0", "stamp-1"]
    assert '<img alt="pic.png" src="vault://file/img/pic.png">' in body
    # beta is transcluded; beta's own embed of alpha stops with the notice
    assert '<div class="embed-body"><p>Beta links back to' in body
    assert body.count("⟲ already shown above") == 1
    assert ('<a class="wikilink" href="vault://note/alpha.md#section-two" title="alpha#Section Two">'
            "alpha's second part</a>") in body
    assert '<h2 id="section-two">Section Two</h2>' in body
    assert ('<div class="mentions">\n<h2>Linked mentions</h2>\n<div class="mention-group">\n'
            '<h3><a class="wikilink" href="vault://note/sub/beta.md">Beta</a> <span class="count">2</span></h3>\n'
            "<ul><li>Beta links back to <mark>alpha&#x27;s second part</mark> <a class=\"stamp\" "
            'href="https://www.youtube.com/watch?v=bcdefghijkl&amp;t=30s" title="Open the video at 0:30">▶ 0:30</a>'
            '</li><li><mark>alpha</mark></li></ul>') in body  # the embed `![[alpha]]` says what it embeds
    assert (1, "alpha-note", "Alpha note") in page.headings
    source = PageSource(index)  # the one page cache (a source per index: no stale page after a reload)
    shown = source.page("note", "alpha.md")
    assert shown == (page.title, page.html) and source.page("note", "alpha.md") is shown  # cached
    assert (1, "alpha-note", "Alpha note") in source.headings("note", "alpha.md")


def test_note_page_warnings_and_title(index):
    note = index.notes["weird name %?.md"]
    note.warnings.append("something <odd>")
    page = render_note_page(index, note.path, AppLinker(), dark=True)
    assert page.body_html.startswith(
        '<div class="warnings"><strong>⚠ This note has problems</strong><ul><li>something &lt;odd&gt;</li></ul>'
        '</div>\n<h1 class="note-title">Weird</h1>')
    assert 'class="dark"' in page.html


def test_highlight_escapes():
    assert highlight("a <b> c", ["<b>"]) == "a <mark>&lt;b&gt;</mark> c"
    assert highlight("nothing", ["x"]) == "nothing"


def test_highlight_marks_every_occurrence_of_every_term_longest_first():
    assert highlight("Putin and putin's men, the Russian leadership", ["putin", "Russian leadership", "Russian"]) \
        == "<mark>Putin</mark> and <mark>putin</mark>'s men, the <mark>Russian leadership</mark>".replace(
            "'", "&#x27;")


def test_topic_title_is_the_readable_name_and_lists_the_other_link_texts(tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / "n.md").write_text(
        "About [[potential_political_crisis_in_russia]].\n\n"
        "Then [[potential_political_crisis_in_russia|the crisis]] and [[potential_political_crisis_in_russia|"
        "Russia's crisis]] again.\n", encoding="utf-8")
    index = VaultIndex.build(root, workers=1)
    (key,) = index.topics
    page = render_topic_page(index, key, AppLinker())
    assert page.title == "Potential political crisis in russia"
    assert page.body_html == (
        '<h1 class="note-title">Potential political crisis in russia</h1>\n'
        '<p class="topic-meta">Topic · mentioned in 1 note</p>\n'
        '<p class="topic-meta topic-names">Also linked as: the crisis · Russia&#x27;s crisis</p>\n'
        '<div class="mention-group">\n<h3><a class="wikilink" href="vault://note/n.md">n</a> '
        '<span class="count">2</span></h3>\n'
        '<ul><li>About <mark>potential political crisis in russia</mark>.</li>'
        '<li>Then <mark>the crisis</mark> and <mark>Russia&#x27;s crisis</mark> again.</li></ul>\n</div>')


def test_font_size_overrides_the_stylesheet(index):
    default = render_note_page(index, "alpha.md", AppLinker())
    bigger = render_note_page(index, "alpha.md", AppLinker(), font_size=20)
    assert "body { font-size: 20px; }" in bigger.html
    assert "body { font-size:" not in default.html
    assert bigger is not default  # the cache tells sizes apart
    topic = render_topic_page(index, "sometopic", AppLinker(), font_size=18.5)
    assert topic.html.index("--chip-bg") < topic.html.index("body { font-size: 18.5px; }")


def test_a_body_past_the_render_limit_is_cut_at_a_line_with_a_notice():
    from desktop.render.pages import shown_body

    body = "line of text\n" * 100
    shown, notice = shown_body(body, limit=500)
    assert shown.endswith("line of text") and len(shown) <= 500
    assert "only the first" in notice
    assert shown_body("short", limit=500) == ("short", None)


def test_a_note_past_the_render_limit_says_how_much_is_shown_at_the_top_and_where_it_stops(index, monkeypatch):
    import dataclasses

    from desktop.render import pages

    monkeypatch.setattr(pages, "RENDER_LIMIT", 2000)
    text = "".join(f"Line {i} of the long note.\n\n" for i in range(400))
    read_cut = "note is 47.7 MB: shown truncated"  # what the reader warns of a note it read in part
    note = dataclasses.replace(index.notes["alpha.md"], body=text, size=50_000_000, warnings=[read_cut, "other"])
    page = render_note_page(index, "alpha.md", AppLinker(), note=note)
    notice = "This note is 47.7 MB: only the first 2 KB (under 1%) is shown. The rest is in the file (alpha.md)."
    top, cut = page.body_html.index(notice), page.body_html.rindex(notice)
    lines_shown = pages.shown_body(text, 2000)[0].count("Line ")
    assert 60 < lines_shown < 80  # each line is 27 or 28 characters
    body_start = page.body_html.index('<div class="note-body">')
    body_end = page.body_html.index(f"<p>Line {lines_shown - 1} ")
    assert top < body_start < body_end < cut  # at the top, then again where the shown part stops
    assert f"Line {lines_shown} " not in page.body_html
    assert read_cut not in page.body_html and "<li>other</li>" in page.body_html  # said once, with the figures


def test_the_render_limit_notice_counts_bytes_of_the_file_or_of_the_body():
    from desktop.render.pages import shown_body

    body = "é line\n" * 1000  # 7 characters and 8 bytes a line
    shown, notice = shown_body(body, limit=4500)
    assert shown == "é line\n" * 641 + "é line"  # 4,493 characters, 5,128 bytes
    assert notice == "This note is 8 KB: only the first 5 KB (64%) is shown. The rest is in the file."
    assert shown_body(body, limit=4500, file_size=2 * 1024 * 1024, path="a/b.md")[1] == (
        "This note is 2.0 MB: only the first 5 KB (under 1%) is shown. The rest is in the file (a/b.md).")


def test_a_note_the_vault_cannot_give_now_says_why_its_page_shows_no_text(tmp_path):
    """QA: a note indexed while readable, made unreadable since (chmod 000, same size and time), was listed
    from the cache and its page was blank, "0 of 185 stamps", with no word of why. (A note gone since the scan
    reads the same way; root reads any file, so the test takes that one.)"""
    from desktop.core.loader import load_vault

    (tmp_path / "vault").mkdir()
    (tmp_path / "vault" / "alpha.md").write_text("# Alpha\n\nSome words of alpha.\n", encoding="utf-8")
    index = load_vault(tmp_path / "vault", cache=tmp_path / "cache")
    readable = render_note_page(index, "alpha.md", AppLinker())
    assert "Some words of alpha" in readable.body_html and "cannot be read now" not in readable.body_html
    (tmp_path / "vault" / "alpha.md").unlink()
    page = render_note_page(index, "alpha.md", AppLinker())
    assert "The note cannot be read now (file vanished since the scan)" in page.body_html
    assert "Some words of alpha" not in page.body_html
