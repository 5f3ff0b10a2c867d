"""Hostile notes open: broken or explosive YAML, odd encodings and bytes, huge and deeply nested notes,
bad video ids and garbage stamps. Each is indexed with a warning where something was wrong, and renders."""

from __future__ import annotations

import os

import pytest

from desktop.core.frontmatter import split_frontmatter
from desktop.core.index import VaultIndex, parse_note, read_note
from desktop.core.vault import MAX_NOTE_BYTES, VaultFile, read_vault_file
from desktop.render.linker import AppLinker
from desktop.render.nesting import MAX_NESTING, NOTICE
from desktop.render.pages import render_note_page, shown_body
from hostile_helpers import BILLION_LAUGHS, VIDEO, html_problems


def _warnings(index, path: str) -> str:
    return " | ".join(index.notes[path].warnings)


def _page(index, path: str) -> str:
    return render_note_page(index, path, AppLinker()).html


# --------------------------------------------------------------------------- YAML

def test_broken_yaml_is_warned_and_the_body_still_reads(hostile_index):
    note = hostile_index.notes["yaml/broken.md"]
    assert "broken frontmatter YAML" in _warnings(hostile_index, "yaml/broken.md")
    assert note.title == "broken" and note.links[0].resolved == "Normal.md"
    assert "Broken YAML body" in _page(hostile_index, "yaml/broken.md")


def test_billion_laughs_is_refused_and_warned():
    meta, body, _, warnings = split_frontmatter(BILLION_LAUGHS)  # expanded, it would be 10^9 strings
    assert meta == {} and "alias bomb" in " ".join(warnings)
    assert body == "The body of the laughing note.\n"


def test_billion_laughs_in_the_vault(hostile_index):
    assert "alias bomb" in _warnings(hostile_index, "yaml/laughs.md")


@pytest.mark.parametrize("path,title", [("yaml/title_list.md", "title_list"), ("yaml/title_dict.md", "Heading Title")])
def test_a_non_text_title_falls_back_with_a_warning(hostile_index, path, title):
    assert hostile_index.notes[path].title == title
    assert "title is not text" in _warnings(hostile_index, path)


def test_a_list_as_video_id_gives_no_links_and_a_warning(hostile_index):
    note = hostile_index.notes["yaml/videoid_list.md"]
    assert note.video_id is None and "invalid videoId (a list)" in _warnings(hostile_index, "yaml/videoid_list.md")
    assert [s.url for s in note.stamps] == [None]


def test_frontmatter_that_is_no_mapping_or_never_closed(hostile_index):
    assert "not a mapping" in _warnings(hostile_index, "yaml/not_mapping.md")
    assert "not closed" in _warnings(hostile_index, "yaml/unclosed.md")


# --------------------------------------------------------------------------- bytes and encodings

def test_cp1252_is_read_with_a_warning(hostile_index):
    note = hostile_index.notes["enc/cp1252.md"]
    assert note.title == "Café" and "cp1252" in _warnings(hostile_index, "enc/cp1252.md")
    assert "\u201cQuoted\u201d naïve" in _page(hostile_index, "enc/cp1252.md")


def test_bom_utf16_crlf_and_cr_are_read_cleanly(hostile_index):
    assert hostile_index.notes["enc/bom.md"].title == "BOM title"
    assert hostile_index.notes["enc/utf16.md"].title == "Wide"
    crlf = hostile_index.notes["enc/crlf.md"]
    assert crlf.title == "CRLF title" and "\r" not in crlf.body and crlf.links[0].resolved == "Normal.md"
    assert hostile_index.notes["enc/cr_only.md"].title == "CR title"


def test_nul_bytes_skip_the_file_with_a_warning(hostile_index):
    assert "enc/nul.md" not in hostile_index.notes
    assert any(w.path == "enc/nul.md" and "NUL" in w.message for w in hostile_index.warnings)


@pytest.mark.parametrize("path", ["enc/empty.md", "enc/frontmatter_only.md", "enc/dashes.md"])
def test_empty_and_frontmatter_only_notes_render(hostile_index, path):
    assert path in hostile_index.notes
    assert "<h1" in _page(hostile_index, path)


# --------------------------------------------------------------------------- size

def test_a_3_mb_note_indexes_and_renders(tmp_path):
    para = ('A claim about [[Flow State]] said here <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>. '
            "More **bold** text and a [link](other.md).\n\n")
    text = f"---\ntitle: Huge\nvideoId: {VIDEO}\n---\n# Huge\n\n" + para * (3_000_000 // len(para))
    (tmp_path / "huge.md").write_text(text, encoding="utf-8")
    (tmp_path / "other.md").write_text("other\n", encoding="utf-8")
    index = VaultIndex.build(tmp_path, workers=1)
    note = index.notes["huge.md"]
    assert len(note.stamps) > 7_000 and note.stamps[-1].url.endswith("&t=65s")
    page = render_note_page(index, "huge.md", AppLinker())
    shown, notice = shown_body(index.body_of("huge.md"), file_size=note.size, path="huge.md", read_cut=True)
    assert notice is not None and notice in page.html  # past the read limit: the first part, and says so
    # QA: read up to 4 MB and shown up to 1 MB, a note's stamp list held thousands of stamps past the page's
    # end (choosing one sent the page to its top): what is read is what is shown, each stamp a chip
    assert page.html.count('class="stamp"') == shown.count('class="yt-timestamp"') == len(note.stamps)


def test_a_note_over_the_read_limit_is_read_truncated_with_a_notice(tmp_path):
    path = tmp_path / "big.md"
    head = "# Big\n\nStart of a very big note é.\n".encode("utf-8")
    limit = MAX_NOTE_BYTES
    with open(path, "wb") as fh:  # text up to just past the cut, then a sparse tail
        fh.write(head + b"word " * ((limit - len(head)) // 5) + "é".encode("utf-8") * 8)
        fh.truncate(limit + 4096)
    size = os.path.getsize(path)
    file = VaultFile("big.md", str(path), size, 0, True)
    data, warnings = read_vault_file(file)
    assert len(data) <= limit and b"\x00" not in data
    assert warnings == [f"note is {size / 1024 / 1024:.1f} MB: shown truncated"]
    small = read_vault_file(file, max_bytes=len(head) - 3)[0]  # a cut inside `é` drops the half character
    assert small.decode("utf-8").endswith("note ")
    note = read_note(file)
    assert note.title == "Big" and "shown truncated" in note.warnings[0]


# --------------------------------------------------------------------------- nesting

@pytest.mark.parametrize("path", ["deep/quotes.md", "deep/lists.md"])
def test_deep_nesting_indexes_and_renders_with_a_notice(hostile_index, path):
    html = _page(hostile_index, path)
    assert NOTICE in html
    assert not html_problems(html)
    assert _max_depth(html, {"ul", "ol", "blockquote"}) <= MAX_NESTING


def _max_depth(html: str, tags: set[str]) -> int:
    from html.parser import HTMLParser

    class Depth(HTMLParser):
        depth = deepest = 0

        def handle_starttag(self, tag, attrs):
            if tag in tags:
                self.depth += 1
                self.deepest = max(self.deepest, self.depth)

        def handle_endtag(self, tag):
            if tag in tags:
                self.depth -= 1

    parser = Depth()
    parser.feed(html)
    return parser.deepest


@pytest.mark.parametrize("make", [
    lambda n: "- " * n + "x\n",
    lambda n: "1. " * n + "x\n",
    lambda n: "> " * n + "x\n",
    lambda n: ">" * n + "x\n",
    lambda n: "> - " * n + "x\n",
    lambda n: "".join("    " * i + "- x\n" for i in range(n)),
    lambda n: "".join("\t" * i + "* x\n" for i in range(n)),
    lambda n: "".join(">" * i + " x\n" for i in range(0, n, 10)),
])
def test_nesting_never_recurses_too_deep(make):
    body = make(5000 if len(make(10)) < 200 else 700)
    note = parse_note("deep.md", body)
    index = VaultIndex.from_notes(".", [note], [])
    html = render_note_page(index, "deep.md", AppLinker()).html
    assert "x" in html


def test_deeply_nested_embeds_of_deeply_nested_notes(tmp_path):
    """Five notes, each embedding the next at the deepest list level: the embeds' stacks add up."""
    for i in range(6):
        nxt = f"\n{'    ' * 30}- ![[n{i + 1}]]\n" if i < 5 else ""
        text = "".join("    " * k + f"- level {k}\n" for k in range(40)) + nxt
        (tmp_path / f"n{i}.md").write_text(text, encoding="utf-8")
    index = VaultIndex.build(tmp_path, workers=1)
    html = render_note_page(index, "n0.md", AppLinker()).html
    assert html.count('class="embed"') >= 4


def test_nesting_cap_leaves_ordinary_notes_alone():
    from desktop.render.nesting import cap_line

    for line in ["- a", "  - b", "> > quote", "1. one", "2024 was a year", "- - - -", "-" * 80,
                 " " * 40 + "- deep but fine", "1234567890123456789012345678901234567890 digits"]:
        assert cap_line(line) is None
    assert cap_line("- " * 30 + "x").count("- ") == MAX_NESTING
    assert cap_line(" " * 500 + "x") == " " * 96 + "x"


# --------------------------------------------------------------------------- stamps and ids

def test_an_invalid_video_id_is_warned_and_gives_no_links(hostile_index):
    note = hostile_index.notes["stamps/bad_id.md"]
    assert 'invalid videoId "short"' in _warnings(hostile_index, "stamps/bad_id.md")
    assert note.stamps[0].seconds == 60 and note.stamps[0].url is None
    html = _page(hostile_index, "stamps/bad_id.md")
    assert "youtube.com" not in html and 'class="stamp nolink"' in html


def test_garbage_stamps_are_warned_and_give_no_links(hostile_index):
    note = hostile_index.notes["stamps/garbage.md"]
    warned = _warnings(hostile_index, "stamps/garbage.md")
    for value in ("banana", "99:99:99:99", "-5", "1e9"):
        assert f'invalid timestamp "{value}"' in warned
    assert [s.url is not None for s in note.stamps] == [False] * 5 + [True]
    html = _page(hostile_index, "stamps/garbage.md")
    assert html.count("youtube.com/watch?v=") == 1 + 1  # the one good stamp, and the note's video link
