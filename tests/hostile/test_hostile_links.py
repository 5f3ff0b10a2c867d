"""Nothing leaks out: symlinks and crafted links never reach outside the vault, in the index, on a page or
in an export; odd file names are indexed, linked and exported; hostile HTML never survives rendering."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from desktop.core.index import VaultIndex
from desktop.core.loader import _note_from_head
from desktop.core.vault import VaultFile, is_inside, read_vault_file, read_vault_head, scan_vault
from desktop.render.export import export_site
from desktop.render.linker import AppLinker, SitePaths
from desktop.render.pages import render_note_page, render_topic_page
from hostile_helpers import NFC_NAME, NFD_NAME, ODD_NAME, SECRET, VIDEO, html_problems, start_tags


@pytest.fixture(scope="module")
def exported(hostile_index, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "site"
    report = export_site(hostile_index, out)
    assert not report.errors
    return out


def _all_pages(index) -> dict[str, str]:
    pages = {p: render_note_page(index, p, AppLinker()).html for p in index.notes}
    pages |= {f"topic:{k}": render_topic_page(index, k, AppLinker()).html for k in index.topics}
    return pages


# --------------------------------------------------------------------------- symlinks

@pytest.mark.parametrize("path,message", [
    ("names/loop_up", "symlink loop"), ("deep/loop_self", "symlink loop"),
    ("outside_dir", "leads outside the vault"), ("secret_link.md", "leads outside the vault"),
    ("secret_img.png", "leads outside the vault"), ("dangling.md", "broken symlink"),
])
def test_symlink_loops_and_escapes_are_not_followed_and_warned(hostile_index, path, message):
    assert any(w.path == path and message in w.message for w in hostile_index.warnings)


def test_nothing_outside_the_vault_is_indexed(hostile_index, hostile_vault):
    every = list(hostile_index.notes) + list(hostile_index.attachments)
    assert every and all(is_inside(hostile_vault, hostile_vault / p) for p in every)
    assert not any("secret" in p for p in every)
    assert all(p.count("links/") <= 1 for p in every)  # the a <-> b folder links are walked once


def test_a_note_swapped_for_an_outside_symlink_after_the_scan_is_not_read(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (tmp_path / "secret.md").write_text(SECRET, encoding="utf-8")
    note = vault / "note.md"
    note.write_text("harmless\n", encoding="utf-8")
    index = VaultIndex.build(vault, workers=1)
    index.notes["note.md"].body = None  # as when loaded from the cache
    note.unlink()
    note.symlink_to(tmp_path / "secret.md")
    data, warnings = read_vault_file(VaultFile("note.md", str(vault / "note.md"), 0, 0, True))
    assert data is None and "outside the vault" in warnings[0]
    assert SECRET not in render_note_page(index, "note.md", AppLinker()).html


def test_a_scanned_note_swapped_after_the_scan_is_refused_by_every_reader(tmp_path):
    """The scan remembers each file's identity; a different file behind the path gets the full check."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (tmp_path / "secret.md").write_text(f"---\ntitle: {SECRET}\n---\n", encoding="utf-8")
    (vault / "note.md").write_text("---\ntitle: harmless\n---\n", encoding="utf-8")
    (vault / "kept.md").write_text("---\ntitle: kept\n---\n", encoding="utf-8")
    files, _ = scan_vault(vault)
    assert all(f.file_id is not None for f in files)
    (vault / "note.md").unlink()
    (vault / "note.md").symlink_to(tmp_path / "secret.md")
    note, kept = (next(f for f in files if f.path == name) for name in ("note.md", "kept.md"))
    assert read_vault_head(note, 2048) == (None, False)
    assert read_vault_file(note)[0] is None
    assert read_vault_head(kept, 2048) == (b"---\ntitle: kept\n---\n", True)
    assert read_vault_head(kept, 8) == (b"---\ntitl", False)
    assert _note_from_head(note) is None


def test_a_folder_swapped_for_an_outside_symlink_is_not_read(tmp_path):
    vault = tmp_path / "vault"
    (vault / "sub").mkdir(parents=True)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "n.md").write_text(SECRET, encoding="utf-8")
    (vault / "sub").rmdir()
    (vault / "sub").symlink_to(tmp_path / "out")
    data, warnings = read_vault_file(VaultFile("sub/n.md", str(vault / "sub" / "n.md"), 0, 0, True))
    assert data is None and warnings


# --------------------------------------------------------------------------- crafted links

def test_traversal_links_never_resolve(hostile_index):
    note = hostile_index.notes["links/traversal.md"]
    assert len(note.links) >= 20
    assert [link for link in note.links if link.resolved is not None] == []


@pytest.mark.parametrize("target", [
    "../secret", "../secret.md", "/etc/passwd", "C:\\Windows\\win.ini", "c:/x", "C:", "%2e%2e/secret",
    "..%2fsecret", "%2E%2E%2Fsecret.md", "%252e%252e/secret", "names/../../secret", "\\\\server\\share\\x",
    "//server/share", "..\\secret.md", "names/..\\..\\secret", "file:///etc/passwd", "\x00Normal",
])
def test_resolver_refuses_escapes(hostile_index, target):
    for source in (None, "Normal.md", "names/case.md", "links/a/deep.md"):
        found = hostile_index.resolve(target, source)
        assert found is None or is_inside(hostile_index.root, hostile_index.root / found), (target, found)


def test_no_secret_in_any_rendered_page(hostile_index):
    for name, html in _all_pages(hostile_index).items():
        assert SECRET not in html, name
        assert "/etc/passwd" not in re.findall(r'(?:href|src)="([^"]*)"', html), name


def test_no_secret_in_the_export(exported):
    files = [p for p in exported.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path
    assert not (exported / "files").exists() or not any("secret" in p.name for p in (exported / "files").rglob("*"))


# --------------------------------------------------------------------------- odd names

def test_odd_names_are_indexed(hostile_index):
    names = {p.rsplit("/", 1)[-1] for p in hostile_index.notes}
    for name in ("with spaces.md", f"{ODD_NAME}.md", f"{NFC_NAME}.md", f"{NFD_NAME}.md", "Case.md", "case.md"):
        assert name in names


def test_links_to_odd_names_resolve(hostile_index):
    resolved = [link.resolved for link in hostile_index.notes["names/index_of_names.md"].links]
    assert resolved == ["names/with spaces.md", "names/with spaces.md", f"names/{ODD_NAME}.md",
                        f"names/{NFC_NAME}.md", f"names/{NFD_NAME}.md", "names/Case.md", "names/case.md",
                        "names/Case.md", "names/case.md"]


def test_names_differing_only_in_case_each_get_their_links():
    from desktop.core.resolver import LinkResolver

    resolver = LinkResolver(["a/Case.md", "a/case.md", "Top.md", "top.md", "x", "x.md"])
    assert resolver.resolve("Case") == "a/Case.md" and resolver.resolve("case") == "a/case.md"
    assert resolver.resolve("a/case.md") == "a/case.md" and resolver.resolve("A/CASE.md") == "a/Case.md"
    assert resolver.resolve("top") == "top.md" and resolver.resolve("Top") == "Top.md"
    assert resolver.resolve("TOP") == "Top.md"  # no exact spelling: the preferred one
    assert resolver.resolve("./case", "a/n.md") == "a/case.md"
    assert resolver.resolve("x") == "x"


def test_export_pages_for_odd_names_exist_and_links_work(hostile_index, exported):
    site = SitePaths(hostile_index.notes)
    for path in hostile_index.notes:
        assert (exported / site.notes[path]).is_file(), path
    page = exported / site.notes["names/index_of_names.md"]
    hrefs = re.findall(r'<a class="wikilink" href="([^"]*)"', page.read_text(encoding="utf-8"))
    from urllib.parse import unquote

    targets = {os.path.normpath(page.parent / unquote(h.split("#")[0])) for h in hrefs}
    assert len(targets) >= 6
    for target in targets:
        assert Path(target).is_file(), target
    assert {Path(t).name for t in targets} >= {"Case.html", "case~v2.html"}  # one page each on any disk


def test_app_links_for_odd_names_round_trip(hostile_index):
    from desktop.render.linker import parse_app_url

    for path in hostile_index.notes:
        kind, value, _ = parse_app_url(AppLinker().note_href(path))
        assert (kind, value) == ("note", path)
    for key in hostile_index.topics:
        assert parse_app_url(AppLinker().topic_href(key))[1] == key


# --------------------------------------------------------------------------- hostile HTML

def test_no_active_content_survives_on_any_page(hostile_index):
    for name, html in _all_pages(hostile_index).items():
        assert html_problems(html) == [], name


def test_no_active_content_survives_in_the_export(exported):
    for path in exported.rglob("*.html"):
        assert html_problems(path.read_text(encoding="utf-8")) == [], path


def test_remote_images_are_placeholders_unless_allowed(hostile_index):
    html = render_note_page(hostile_index, "html/hostile.md", AppLinker()).html
    assert "tracker.example" not in re.findall(r'<img[^>]*src="([^"]*)"', html)
    assert "remote image blocked" in html
    allowed = render_note_page(hostile_index, "html/hostile.md", AppLinker(), allow_remote=True).html
    assert html_problems(allowed, allow_remote_images=True) == []


def test_hostile_stamp_anchors_become_clean_chips(hostile_index):
    html = render_note_page(hostile_index, "html/hostile.md", AppLinker()).html
    chips = [dict(attrs) for tag, attrs in start_tags(html) if tag == "a" and dict(attrs).get("class") == "stamp"]
    assert [chip["href"] for chip in chips] == [
        f"https://www.youtube.com/watch?v={VIDEO}&t={s}s" for s in (60, 120, 180)]
    assert not any(name.startswith("on") for chip in chips for name in chip)
    assert "onclick" not in html and "onmouseover" not in html


def test_a_hostile_title_is_escaped(hostile_index):
    html = render_note_page(hostile_index, "html/hostile.md", AppLinker()).html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    assert "<script" not in html.lower()


def test_a_note_swapped_for_an_outside_symlink_is_not_read_by_search(tmp_path):
    """The cache keeps no text: search reads the note again from the vault (ranking, snippets, phrases), and
    that read refuses a file leading outside the vault as every other read does."""
    from desktop.core.loader import load_vault, open_store
    from desktop.core.search import search

    vault = tmp_path / "vault"
    vault.mkdir()
    (tmp_path / "secret.md").write_text(f"harmless words and {SECRET}\n", encoding="utf-8")
    note = vault / "note.md"
    note.write_text("harmless words\n", encoding="utf-8")
    load_vault(vault, cache=tmp_path / "cache", workers=1)
    note.unlink()
    note.symlink_to(tmp_path / "secret.md")
    store = open_store(vault.resolve(), tmp_path / "cache")
    try:
        assert SECRET not in store.search_texts(["note.md"])["note.md"]
        assert all(SECRET not in result.snippet for result in search(store, "harmless"))
        assert search(store, '"harmless words"') == []  # the phrase is checked on the text it may read: none
    finally:
        store.close()
