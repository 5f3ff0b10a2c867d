import json
import hashlib
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from vault_tree import tree_state
from desktop.core.index import VaultIndex
from desktop.render.export import export_site
from render_helpers import write_vault


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.tags, self.attrs = [], set(), set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            self.attrs.add(name)
            if name in ("href", "src"):
                self.refs.append((tag, name, value or ""))


def tree_hash(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def vault(tmp_path):
    root = write_vault(tmp_path / "vault")
    (root / "evil.md").write_text('<script>alert(1)</script><a href="javascript:x">j</a> '
                                  '<a href="vault://note/alpha.md">v</a> ![[pic.png]] [[beta]]\n', encoding="utf-8")
    return root


def test_export_links_resolve_and_nothing_unsafe(vault, tmp_path):
    before = tree_hash(vault)
    index = VaultIndex.build(vault, workers=1)
    calls = []
    out = tmp_path / "site"
    report = export_site(index, out, progress=lambda done, total: calls.append((done, total)))
    assert tree_hash(vault) == before
    assert (report.notes, report.topics, report.files, report.videos, report.errors) == (4, 2, 1, 2, [])
    assert calls[-1] == (9, 9)  # every page counts: 4 notes, 2 topics, 2 videos and the index
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 4 + 2 + 2 + 1
    assert (out / "files/img/pic.png").read_bytes() == (vault / "img/pic.png").read_bytes()
    checked = 0
    for page in pages:
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        assert not parser.tags & {"script", "iframe", "object", "embed", "form", "base"}
        text = page.read_text(encoding="utf-8")  # the only SVG is our own timeline or strip (never a note's)
        assert text.count("<svg") == text.count('<svg class="timeline"') + text.count('<svg class="strip"')
        assert not {a for a in parser.attrs if a.startswith("on")}
        for tag, attr, value in parser.refs:
            parts = urlsplit(value)
            if parts.scheme:
                assert parts.scheme in ("https", "mailto"), (page, value)
                continue
            assert not value.startswith("//")
            target = page.parent / unquote(parts.path) if parts.path else page
            assert target.resolve().is_file(), (page, value)
            assert out.resolve() in target.resolve().parents
            if parts.fragment and parts.path:
                assert f'id="{unquote(parts.fragment)}"' in target.read_text(encoding="utf-8"), value
            checked += 1
    assert checked > 20
    index_html = (out / "index.html").read_text(encoding="utf-8")
    assert '<li><span class="folder">sub/</span><ul><li><a class="wikilink" href="notes/sub/beta.html">Beta</a>' \
        in index_html
    assert 'href="notes/weird~20name~20~25~3F.html"' in index_html
    assert os.path.isfile(out / "notes/weird~20name~20~25~3F.html")
    evil = (out / "notes/evil.html").read_text(encoding="utf-8")
    assert "<script" not in evil
    assert '<img alt="pic.png" src="../files/img/pic.png">' in evil  # an embedded image shows, not "missing"
    assert "data-resolved" not in "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "vault://" not in "".join(p.read_text(encoding="utf-8") for p in pages)


def test_notes_differing_only_in_case_get_pages_of_their_own(tmp_path):
    """On a case-insensitive disk (macOS, Windows, a FAT stick) one would overwrite the other."""
    root = tmp_path / "vault"
    root.mkdir()
    (root / "Energy.md").write_text("# Big Energy\nSee [[energy.md|the small one]] and ![[IMG.png]]\n", encoding="utf-8")
    (root / "energy.md").write_text("# Small energy\nSee [[Energy.md|the big one]] and ![[img.png]]\n",
                                    encoding="utf-8")
    (root / "IMG.png").write_bytes(b"\x89PNG big")
    (root / "img.png").write_bytes(b"\x89PNG small")
    out = tmp_path / "site"
    report = export_site(VaultIndex.build(root, workers=1), out)
    assert (report.notes, report.files, report.errors) == (2, 2, [])
    written = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert len({p.casefold() for p in written}) == len(written)
    big = (out / "notes/Energy.html").read_text(encoding="utf-8")
    small = (out / "notes/energy~v2.html").read_text(encoding="utf-8")
    assert "Big Energy" in big and 'href="energy~v2.html"' in big and 'src="../files/IMG.png"' in big
    assert "Small energy" in small and 'href="Energy.html"' in small and 'src="../files/img~v2.png"' in small
    assert (out / "files/img~v2.png").read_bytes() == b"\x89PNG small"


def test_export_refuses_a_folder_inside_the_vault(vault):
    index = VaultIndex.build(vault, workers=1)
    before = tree_hash(vault)
    for inside in (vault, vault / "sub", vault / "new" / "site"):
        with pytest.raises(ValueError, match="inside the vault"):
            export_site(index, inside)
    assert tree_hash(vault) == before
    assert not (vault / "new").exists()


def test_export_refuses_a_symlink_into_the_vault(vault, tmp_path):
    link = tmp_path / "sneaky"
    link.symlink_to(vault, target_is_directory=True)
    with pytest.raises(ValueError, match="inside the vault"):
        export_site(VaultIndex.build(vault, workers=1), link)


# ------------------------------------------------------------------ issue #12: nothing into the vault, clear errors

from desktop.render.export import MANIFEST, ExportError  # noqa: E402




def _previous_export_folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text('{"files": []}', encoding="utf-8")
    return out


def test_an_out_whose_notes_folder_links_into_the_vault_creates_nothing_there(vault, tmp_path):
    out = _previous_export_folder(tmp_path)
    (out / "notes").symlink_to(vault, target_is_directory=True)
    before = tree_state(vault)
    with pytest.raises(ExportError, match="Refusing to write"):
        export_site(VaultIndex.build(vault, workers=1), out)
    assert tree_state(vault) == before


def test_a_vault_named_notes_exported_to_its_parent_is_refused_untouched(tmp_path):
    vault = write_vault(tmp_path / "parent" / "notes")
    before = tree_state(vault)
    with pytest.raises(ExportError, match="not empty"):
        export_site(VaultIndex.build(vault, workers=1), tmp_path / "parent")
    assert tree_state(vault) == before


def test_a_folder_holding_the_vault_that_is_a_previous_export_writes_nothing_in_the_vault(tmp_path):
    parent = tmp_path / "parent"
    vault = write_vault(parent / "notes")
    (parent / MANIFEST).write_text('{"files": []}', encoding="utf-8")
    before = tree_state(vault)
    with pytest.raises(ExportError, match="Refusing to write"):
        export_site(VaultIndex.build(vault, workers=1), parent)
    assert tree_state(vault) == before


def test_a_manifest_naming_vault_files_deletes_none_of_them(tmp_path):
    """OUT holds the vault (`OUT/myvault`) and its manifest, crafted or stale, lists the vault's notes: the
    clean-up of pages gone removes only what lies outside the vault."""
    parent = tmp_path / "parent"
    vault = write_vault(parent / "myvault")
    notes = sorted(str(p.relative_to(parent)) for p in vault.rglob("*.md"))
    (parent / MANIFEST).write_text(json.dumps({"files": notes}), encoding="utf-8")
    before = tree_state(vault)
    export_site(VaultIndex.build(vault, workers=1), parent)
    assert tree_state(vault) == before


@pytest.mark.parametrize("make, message", [
    (lambda out: out.write_text("a file"), "is a file, not a folder"),
    (lambda out: (out.mkdir(), (out / "mine.txt").write_text("keep")), "not empty and holds no previous export"),
])
def test_an_out_that_is_a_file_or_a_foreign_folder_is_refused_and_left_alone(vault, tmp_path, make, message):
    out = tmp_path / "out"
    make(out)
    before = tree_state(tmp_path / "out") if out.is_dir() else out.read_bytes()
    with pytest.raises(ExportError, match=message):
        export_site(VaultIndex.build(vault, workers=1), out)
    assert (tree_state(out) if out.is_dir() else out.read_bytes()) == before


def test_an_out_that_cannot_be_created_says_so(vault):
    with pytest.raises(ExportError, match="Cannot create the export folder /proc/note-reader-site"):
        export_site(VaultIndex.build(vault, workers=1), "/proc/note-reader-site")


def test_something_in_the_way_of_a_page_stops_the_export_with_one_sentence(vault, tmp_path):
    index = VaultIndex.build(vault, workers=1)
    out = tmp_path / "out"
    export_site(index, out)
    (out / "index.html").unlink()
    (out / "index.html").mkdir()
    with pytest.raises(ExportError, match="index.html: a folder of that name is in the way"):
        export_site(index, out)
    import shutil

    shutil.rmtree(out / "notes")
    (out / "notes").write_text("a file where the notes go")
    with pytest.raises(ExportError, match="Cannot create the folder .*notes"):
        export_site(index, out)


def test_a_new_export_removes_the_pages_of_notes_gone_and_keeps_other_files(vault, tmp_path):
    out = tmp_path / "out"
    report = export_site(VaultIndex.build(vault, workers=1), out)
    assert report.removed == 0 and json.loads((out / MANIFEST).read_text())["files"]
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    (out / "notes" / "my-own-file.txt").write_text("the user's, not the export's")
    (vault / "evil.md").unlink()
    report = export_site(VaultIndex.build(vault, workers=1), out)
    after = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert pages - after == {"notes/evil.html"} and report.removed == 1
    assert (out / "notes" / "my-own-file.txt").read_text() == "the user's, not the export's"


def test_a_page_that_is_a_symlink_out_of_the_export_is_refused_and_nothing_written_through_it(vault, tmp_path):
    index = VaultIndex.build(vault, workers=1)
    out = tmp_path / "out"
    export_site(index, out)
    page = next(p for p in (out / "notes").rglob("*.html"))
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("keep")
    for target in (elsewhere, next(vault.rglob("*.md"))):
        page.unlink()
        page.symlink_to(target)
        before = tree_state(vault)
        with pytest.raises(ExportError, match="Refusing to write"):
            export_site(index, out)
        assert tree_state(vault) == before and elsewhere.read_text() == "keep"


def test_a_page_or_file_that_is_a_hard_link_to_a_vault_file_gets_a_file_of_its_own(vault, tmp_path):
    # `ln vault/note.md OUT/notes/…html`: truncating that name for the new page emptied the vault's file
    index = VaultIndex.build(vault, workers=1)
    out = tmp_path / "out"
    export_site(index, out)
    page = next(p for p in (out / "notes").rglob("*.html"))
    picture = next(p for p in out.rglob("pic.png"))
    vault_note, vault_picture = next(vault.rglob("*.md")), next(vault.rglob("pic.png"))
    for name, vault_file in ((page, vault_note), (picture, vault_picture)):
        name.unlink()
        os.link(vault_file, name)
    before = tree_state(vault)
    export_site(index, out)
    assert tree_state(vault) == before
    assert page.stat().st_nlink == 1 and page.read_text(encoding="utf-8").startswith("<!")
    assert picture.stat().st_nlink == 1 and picture.read_bytes() == vault_picture.read_bytes()


def test_a_manifest_that_is_a_hard_link_to_a_vault_file_gets_a_file_of_its_own(vault, tmp_path):
    index = VaultIndex.build(vault, workers=1)
    out = tmp_path / "out"
    export_site(index, out)
    manifest = out / ".note-reader-export.json"
    vault_json = vault / "listing.json"  # a vault file that reads as a manifest: not a note, not exported
    vault_json.write_text(manifest.read_text(encoding="utf-8"), encoding="utf-8")
    manifest.unlink()
    os.link(vault_json, manifest)
    before = tree_state(vault)
    export_site(index, out)
    assert tree_state(vault) == before
    assert manifest.stat().st_nlink == 1


def test_a_fifo_in_place_of_a_page_stops_the_export_instead_of_waiting_on_it(vault, tmp_path):
    index = VaultIndex.build(vault, workers=1)
    out = tmp_path / "out"
    export_site(index, out)
    page = next(p for p in (out / "notes").rglob("*.html"))
    page.unlink()
    os.mkfifo(page)
    with pytest.raises(ExportError, match="Cannot write"):
        export_site(index, out)


def test_a_new_page_is_not_truncated_and_a_longer_previous_page_is(vault, tmp_path, monkeypatch):
    # A truncation to 0 makes ext4 write the file's data out when it is closed: only a file with something in
    # it (a previous export's) is truncated; the new page replaces all of the old one.
    index = VaultIndex.build(vault, workers=1)
    truncated = []
    real_ftruncate = os.ftruncate
    monkeypatch.setattr(os, "ftruncate", lambda fd, size: (truncated.append(size), real_ftruncate(fd, size)))
    out = tmp_path / "out"
    export_site(index, out)
    assert truncated == []
    first = tree_hash(out)
    page = next(p for p in (out / "notes").rglob("*.html"))
    page.write_text(page.read_text(encoding="utf-8") + "x" * 100_000, encoding="utf-8")
    export_site(index, out)
    assert tree_hash(out) == first
    assert truncated and set(truncated) == {0}
