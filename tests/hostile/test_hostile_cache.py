"""The cache never stops a vault from opening: corrupt, locked or unwritable databases, two loads at once,
files vanishing or changing while read, and the vault folder itself removed."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from desktop.core import loader
from desktop.core.index import VaultIndex
from desktop.core.loader import load_vault
from desktop.core.store import database_path
from desktop.render.linker import AppLinker
from desktop.render.pages import render_note_page
from hostile_helpers import build_hostile_vault


@pytest.fixture(scope="module")
def vault(tmp_path_factory) -> Path:
    return build_hostile_vault(tmp_path_factory.mktemp("cachevault"))


@pytest.fixture(scope="module")
def expected(vault) -> dict:
    return _summary(VaultIndex.build(vault, workers=1))


def _summary(index) -> dict:
    return {p: (n.title, [(l.target, l.resolved) for l in n.links], [(s.seconds, s.url) for s in n.stamps])
            for p, n in index.notes.items()}


def _db(cache: Path, vault: Path) -> Path:
    return database_path(cache, vault.resolve())


def test_a_fresh_and_a_warm_cache_give_the_full_index(vault, expected, tmp_path):
    assert _summary(load_vault(vault, cache=tmp_path, workers=1)) == expected
    assert _summary(load_vault(vault, cache=tmp_path, workers=1)) == expected


def test_links_kept_as_the_cache_keeps_them_give_the_parsed_mentions(vault, tmp_path):
    """A warm load keeps each note's links in the cache's form (`store.PackedLinks`): every link, backlink
    and topic (sentences, stamps, anchors, names) is what parsing the hostile notes gives."""
    parsed = VaultIndex.build(vault, workers=1)
    load_vault(vault, cache=tmp_path, workers=1)
    warm = load_vault(vault, cache=tmp_path, workers=1)
    assert {p: list(n.links) for p, n in warm.notes.items()} == {p: n.links for p, n in parsed.notes.items()}
    assert warm.backlinks == parsed.backlinks and any(warm.backlinks.values())
    assert warm.topics == parsed.topics and warm.topics


def test_a_corrupt_cache_is_rebuilt(vault, expected, tmp_path):
    load_vault(vault, cache=tmp_path, workers=1)
    db = _db(tmp_path, vault)
    db.write_bytes(b"\x00garbage, not a database\xff" * 1000)
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    assert _summary(load_vault(vault, cache=tmp_path, workers=1)) == expected
    with sqlite3.connect(db) as conn:  # rebuilt: a real database again, holding the notes
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == len(expected)


def test_a_cache_truncated_mid_file_is_rebuilt(vault, expected, tmp_path):
    load_vault(vault, cache=tmp_path, workers=1)
    db = _db(tmp_path, vault)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2] + b"\xde\xad" * 512)
    assert _summary(load_vault(vault, cache=tmp_path, workers=1)) == expected


def test_a_cache_locked_by_another_writer_still_gives_the_full_index(vault, expected, tmp_path):
    load_vault(vault, cache=tmp_path, workers=1)
    (vault / "Normal.md").touch()  # one note to re-read and save: the save meets the lock
    other = sqlite3.connect(_db(tmp_path, vault), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert _summary(load_vault(vault, cache=tmp_path, workers=1)) == expected
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_fresh_cache_locked_before_it_exists(vault, expected, tmp_path):
    db = _db(tmp_path, vault)
    db.parent.mkdir(parents=True)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    other.execute("CREATE TABLE squatter (x)")
    try:
        assert _summary(load_vault(vault, cache=tmp_path, workers=1)) == expected
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_an_unwritable_cache_folder_still_gives_the_full_index(vault, expected, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert _summary(load_vault(vault, cache=tmp_path / "ro", workers=1)) == expected


def test_a_cache_that_cannot_be_connected_still_gives_the_full_index(vault, expected, tmp_path, monkeypatch):
    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):
        if str(target) != ":memory:":
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    assert _summary(load_vault(vault, cache=tmp_path, workers=1)) == expected


def test_two_loads_of_one_vault_at_once_both_succeed(vault, expected, tmp_path):
    results: list = [None, None]
    barrier = threading.Barrier(2)

    def load(i: int) -> None:
        barrier.wait()
        try:
            results[i] = _summary(load_vault(vault, cache=tmp_path, workers=1))
        except BaseException as exc:  # noqa: BLE001 - reported below
            results[i] = exc

    threads = [threading.Thread(target=load, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == [expected, expected]


# --------------------------------------------------------------------------- files changing under us

def _small_vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    vault.mkdir()
    for name in ("a", "b", "c"):
        (vault / f"{name}.md").write_text(f"# {name.upper()}\n\nLinks to [[a]] and [[b]].\n", encoding="utf-8")
    return vault


def test_a_file_deleted_between_scan_and_read(tmp_path, monkeypatch):
    vault = _small_vault(tmp_path)
    real_scan = loader.scan_vault

    def scan_then_delete(root):
        found = real_scan(root)
        (vault / "b.md").unlink()
        return found

    monkeypatch.setattr(loader, "scan_vault", scan_then_delete)
    index = load_vault(vault, cache=tmp_path / "cache", workers=1)
    assert sorted(index.notes) == ["a.md", "c.md"]
    assert any(w.path == "b.md" and "vanished" in w.message for w in index.warnings)


def test_a_file_changed_while_read_is_read_again_next_time(tmp_path, monkeypatch):
    vault = _small_vault(tmp_path)
    real_scan = loader.scan_vault

    def scan_then_change(root):
        found = real_scan(root)
        (vault / "b.md").write_text("# Changed title\n\nLonger text than before, so the size differs.\n")
        return found

    monkeypatch.setattr(loader, "scan_vault", scan_then_change)
    first = load_vault(vault, cache=tmp_path / "cache", workers=1)
    assert first.notes["b.md"].title == "Changed title"
    monkeypatch.setattr(loader, "scan_vault", real_scan)
    again = load_vault(vault, cache=tmp_path / "cache", workers=1)
    assert again.notes["b.md"].title == "Changed title"


def test_a_note_deleted_or_replaced_after_loading_still_renders(tmp_path):
    vault = _small_vault(tmp_path)
    index = load_vault(vault, cache=tmp_path / "cache", workers=1)
    (vault / "a.md").unlink()
    (vault / "b.md").unlink()
    (vault / "b.md").mkdir()
    (vault / "c.md").write_bytes(b"binary\x00now")
    for path in ("a.md", "b.md", "c.md"):
        assert "<html" in render_note_page(index, path, AppLinker()).html


def test_a_removed_vault_folder_raises_a_clean_error(tmp_path):
    vault = _small_vault(tmp_path)
    load_vault(vault, cache=tmp_path / "cache", workers=1)
    shutil.rmtree(vault)
    with pytest.raises(FileNotFoundError, match="vault"):
        load_vault(vault, cache=tmp_path / "cache", workers=1)
    with pytest.raises(FileNotFoundError):
        VaultIndex.build(vault)


def test_a_vault_removed_while_open_still_renders_what_was_loaded(tmp_path):
    vault = _small_vault(tmp_path)
    index = load_vault(vault, cache=tmp_path / "cache", workers=1)
    shutil.rmtree(vault)
    html = render_note_page(index, "a.md", AppLinker()).html
    assert "<html" in html


def test_words_of_a_change_the_locked_cache_could_not_take_are_found(tmp_path):
    """QA: while another process held the cache, a live change was shown, but the window's search (answered
    from the cache, which could not take the change) said "No matches" for its new words."""
    from desktop.core.loader import refresh_index
    from desktop.core.search import search_vault_page

    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n\nOld words only.\n", encoding="utf-8")
    (vault / "b.md").write_text("# B\n\nOther words.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    index = load_vault(vault, cache=cache, workers=1)
    assert search_vault_page(vault, index, None, "zebraword", cache=cache).total == 0
    other = sqlite3.connect(_db(cache, vault), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with open(vault / "a.md", "a", encoding="utf-8") as note:
            note.write("A zebraword appended.\n")
        changed = refresh_index(index, cache=cache, workers=1)  # the window's live reload: cannot be stored
        assert "zebraword" in changed.body_of("a.md")
        page = search_vault_page(vault, changed, None, "zebraword", cache=cache)
        assert [result.path for result in page.results] == ["a.md"]
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_cache_another_window_brought_ahead_still_answers_a_search(tmp_path, monkeypatch):
    """A second window stored a change this window's index reads a moment later: the cache is ahead of the
    index, not behind it, and answers (reading the whole vault into memory would cost seconds at 21k notes)."""
    import os

    from desktop.core import search as search_module
    from desktop.core.search import search_vault_page

    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n\nOld words only.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    index = load_vault(vault, cache=cache, workers=1)
    with open(vault / "a.md", "a", encoding="utf-8") as note:
        note.write("A zebraword appended.\n")
    stat = os.stat(vault / "a.md")
    os.utime(vault / "a.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    load_vault(vault, cache=cache, workers=1)  # the other window's load stores the change
    filled = []
    monkeypatch.setattr(search_module, "_filled", lambda *args: filled.append(args) or None)
    page = search_vault_page(vault, index, None, "zebraword", cache=cache)  # this window's older index
    assert [result.path for result in page.results] == ["a.md"] and filled == []
