"""Real cache faults (issue #12): a page of the database overwritten, a write lock held by another connection,
a full disk, a cache folder inside the vault. Each gives the full, right index and search results; only a
database proven corrupt is replaced, a locked or full one is left as it is."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from desktop.core import store as store_mod
from desktop.core.index import VaultIndex
from desktop.core.loader import load_vault, open_names
from desktop.core.search import search_vault
from desktop.core.store import IndexStore, database_path

STAMP = '<a class="yt-timestamp" data-t="00:{:02d}:00"></a>'
QUERY = "demography"


def _vault(root: Path, notes: int = 43) -> Path:
    root.mkdir()
    for i in range(notes):
        words = " ".join(f"word{i}x{j}" for j in range(300))  # enough text that the tables span many pages
        (root / f"n{i:02d}.md").write_text(
            f"---\ntitle: Note {i}\nvideoId: dQw4w9WgXcQ\n---\nOn demography {i} {STAMP.format(i % 60)}. {words}\n"
            f"Links to [[n{(i + 1) % notes:02d}]].\n{_linked_sentences(i, notes)}", encoding="utf-8")
    return root


def _linked_sentences(i: int, notes: int) -> str:
    """Sentences of words of their own, each with a link: the cache keeps each link's sentence (and no note
    text), so these make the notes table span many pages."""
    return "".join(" ".join(f"link{i}y{k}w{j}" for j in range(40)) + f" [[n{(i + k) % notes:02d}]]. "
                   for k in range(8)) + "\n"


def _summary(index: VaultIndex) -> dict:
    return {p: (n.title, [(l.target, l.resolved) for l in n.links], [s.seconds for s in n.stamps])
            for p, n in index.notes.items()}


def _results(results) -> list:
    return [(r.path, r.snippet, r.seconds) for r in results]


@pytest.fixture
def vault(tmp_path) -> Path:
    return _vault(tmp_path / "vault")


@pytest.fixture
def healthy(vault, tmp_path) -> tuple[dict, list]:
    """The index and the search results a healthy cache gives."""
    cache = tmp_path / "healthy-cache"
    index = load_vault(vault, cache=cache, workers=1)
    results = _results(search_vault(vault, index, None, QUERY, cache=cache))
    assert len(results) == 43
    return _summary(index), results


def _db(cache: Path, vault: Path) -> Path:
    return database_path(cache, vault.resolve())


def _overwrite_a_page_of(db: Path, table: str, every: bool = False) -> None:
    """Random bytes over the middle page of `table` in the database file, as a bad sector or a torn write
    (over `every` page of it: a search reads only the index pages of the words it asks)."""
    with sqlite3.connect(db) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [p for (p,) in conn.execute("SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", (table,))]
    assert len(pages) > 2
    with open(db, "r+b") as fh:
        for page in pages if every else [pages[len(pages) // 2]]:
            fh.seek(page_size * (page - 1))
            fh.write(os.urandom(page_size))
    with sqlite3.connect(db) as conn, pytest.raises(sqlite3.DatabaseError, match="malformed"):
        conn.execute("PRAGMA integrity_check").fetchall()  # the fault is real: SQLite finds it


def test_a_page_of_notes_overwritten_is_found_and_the_cache_rebuilt(vault, healthy, tmp_path, caplog):
    cache = tmp_path / "cache"
    load_vault(vault, cache=cache, workers=1)
    db = _db(cache, vault)
    _overwrite_a_page_of(db, "notes")
    with caplog.at_level(logging.WARNING):
        index = load_vault(vault, cache=cache, workers=1)
    assert _summary(index) == healthy[0]
    assert "is corrupt (" in caplog.text
    with sqlite3.connect(db) as conn:  # replaced by a sound database holding every note
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 43
    assert _results(search_vault(vault, index, None, QUERY, cache=cache)) == healthy[1]


def test_a_page_of_the_search_index_overwritten_answers_from_memory_then_is_rebuilt(vault, healthy, tmp_path,
                                                                                      caplog):
    cache = tmp_path / "cache"
    index = load_vault(vault, cache=cache, workers=1)
    db = _db(cache, vault)
    _overwrite_a_page_of(db, "search_index_data", every=True)
    with caplog.at_level(logging.WARNING):
        assert _results(search_vault(vault, index, None, QUERY, cache=cache)) == healthy[1]
    assert "is corrupt (" in caplog.text
    index = load_vault(vault, cache=cache, workers=1)  # the next load fills the replaced cache
    assert _summary(index) == healthy[0]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _results(search_vault(vault, index, None, QUERY, cache=cache)) == healthy[1]


def test_a_byte_flipped_inside_a_stored_name_is_found_and_the_cache_rebuilt(vault, healthy, tmp_path, caplog):
    """A flipped byte inside a row, not the page structure: SQLite finds nothing wrong, but the path read back
    is no longer UTF-8 (the cache only ever holds text written as UTF-8). That proves the file damaged: it
    is replaced, not worked around in memory on every run from then on."""
    cache = tmp_path / "cache"
    load_vault(vault, cache=cache, workers=1)
    db = _db(cache, vault)
    with sqlite3.connect(db) as conn:
        path = conn.execute("SELECT path FROM notes ORDER BY path LIMIT 1").fetchone()[0]
        conn.execute("UPDATE notes SET path = CAST(? AS TEXT) WHERE path = ?", (path.encode() + b"\xff", path))
    for run in ("finds it", "after"):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            index = load_vault(vault, cache=cache, workers=1)
        assert _summary(index) == healthy[0]
        assert ("is corrupt (" in caplog.text) == (run == "finds it"), caplog.text
        assert "in memory" not in caplog.text
    assert _results(search_vault(vault, index, None, QUERY, cache=cache)) == healthy[1]


def test_the_search_command_on_a_corrupt_cache(vault, healthy, tmp_path):
    cache = tmp_path / "cache"
    load_vault(vault, cache=cache, workers=1)
    _overwrite_a_page_of(_db(cache, vault), "search_index_data", every=True)
    assert _results(search_vault(vault, None, None, QUERY, cache=cache, refresh=True)) == healthy[1]


def test_a_cache_locked_by_another_connection_is_left_alone(vault, healthy, tmp_path, caplog):
    cache = tmp_path / "cache"
    load_vault(vault, cache=cache, workers=1)
    db = _db(cache, vault)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("INSERT INTO meta VALUES ('committed-by-the-other', 'yes')")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.WARNING):
            index = load_vault(vault, cache=cache, workers=1)
            found = search_vault(vault, None, None, QUERY, cache=cache, refresh=True)
            names = open_names(vault, cache)
        assert _summary(index) == healthy[0]
        assert _results(found) == healthy[1]
        assert len(names.notes) == 43
        assert "is corrupt" not in caplog.text  # a current cache is read under the lock, nothing to write
    finally:
        other.execute("ROLLBACK")
    assert db.exists()  # not deleted: the other process's rows are all there
    assert other.execute("SELECT value FROM meta WHERE key = 'committed-by-the-other'").fetchone() == ("yes",)
    assert other.execute("SELECT count(*) FROM notes").fetchone()[0] == 43
    other.close()


def test_a_search_reads_a_cache_another_process_is_writing_without_waiting_on_it(vault, healthy, tmp_path):
    """The window searched in memory after waiting out the lock (2 s a query) while another process wrote."""
    cache = tmp_path / "cache"
    load_vault(vault, cache=cache, workers=1)
    other = sqlite3.connect(_db(cache, vault), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        store = IndexStore(_db(cache, vault), vault, restamp=False)
        try:
            assert not store.in_memory  # read from the cache: its rows are whole and current
        finally:
            store.close()
        assert _results(search_vault(vault, None, None, QUERY, cache=cache)) == healthy[1]
    finally:
        other.execute("ROLLBACK")
        other.close()


def _full_disk(monkeypatch) -> None:
    """Every cache connection meets a full disk: SQLite may not grow the database past its current pages
    (`max_page_count`), so a write needing a new page fails with SQLITE_FULL, as on a full filesystem."""
    real = store_mod.IndexStore._connect

    def connect(target: str):
        conn = real(target)
        if target != ":memory:":
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    monkeypatch.setattr(store_mod.IndexStore, "_connect", staticmethod(connect))


@contextlib.contextmanager
def _tiny_filesystem(path: Path, size: str = "8m"):
    """A real small filesystem at `path` (tmpfs; needs root): True, or False where it cannot be made."""
    path.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0 if shutil.which("mount") else False
    try:
        yield made
    finally:
        if made:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _own_words(note: int) -> str:
    """400 words no other note has: storing the note grows the search index (the cache keeps no text)."""
    return " ".join(f"filler{note}x{j}" for j in range(400))


def _fill(folder: Path) -> None:
    """Write zeros into `folder` until its filesystem refuses: the disk is full."""
    with open(folder / "filler", "wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass


def test_a_really_full_disk_keeps_the_valid_cache_and_gives_every_result(vault, healthy, tmp_path, monkeypatch,
                                                                          caplog):
    cache = tmp_path / "cache"
    with _tiny_filesystem(cache) as real:
        load_vault(vault, cache=cache, workers=1)
        for i in range(20):  # new notes to store: the cache must grow, and cannot
            (vault / f"new{i}.md").write_text(f"More on demography {i}. " + _own_words(i), encoding="utf-8")
        if real:
            _fill(cache)
        else:  # no tmpfs here (not root): the same SQLITE_FULL, from SQLite's own page limit
            _full_disk(monkeypatch)
        with caplog.at_level(logging.WARNING):
            index = load_vault(vault, cache=cache, workers=1)
            found = search_vault(vault, None, None, QUERY, cache=cache, refresh=True)
        assert len(index.notes) == 63 and len(found) == 50
        assert "the disk is full" in caplog.text and "is corrupt" not in caplog.text
        monkeypatch.undo()
        (cache / "filler").unlink(missing_ok=True)
        with sqlite3.connect(_db(cache, vault)) as conn:  # kept: valid, with the notes it had
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 43


def test_a_full_disk_keeps_the_valid_cache_and_gives_every_result(vault, healthy, tmp_path, monkeypatch, caplog):
    cache = tmp_path / "cache"
    load_vault(vault, cache=cache, workers=1)
    for i in range(20):  # new notes to store: the cache must grow, and cannot
        (vault / f"new{i}.md").write_text(f"More on demography {i}. " + _own_words(i), encoding="utf-8")
    db = _db(cache, vault)
    _full_disk(monkeypatch)
    with caplog.at_level(logging.WARNING):
        index = load_vault(vault, cache=cache, workers=1)
        found = search_vault(vault, None, None, QUERY, cache=cache, refresh=True)
    assert len(index.notes) == 63 and len(found) == 50  # every note, every result (the limit), not a part
    assert "the disk is full" in caplog.text and "is corrupt" not in caplog.text
    monkeypatch.undo()
    with sqlite3.connect(db) as conn:  # kept as it was: valid, with the notes it had
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 43


def test_a_cache_folder_inside_the_vault_is_never_written(vault, healthy, tmp_path, caplog):
    cache = vault / "cache-in-vault"
    with caplog.at_level(logging.WARNING):
        index = load_vault(vault, cache=cache, workers=1)
        found = search_vault(vault, index, None, QUERY, cache=cache)
    assert _summary(index) == healthy[0]
    assert _results(found) == healthy[1]
    assert not cache.exists()
    assert "inside the vault" in caplog.text


def test_the_search_command_with_the_cache_folder_inside_the_vault(vault, healthy, tmp_path, monkeypatch, capsys):
    from desktop.cli import main

    monkeypatch.setenv("XDG_CACHE_HOME", str(vault / ".cache"))  # e.g. a vault that is the home folder
    assert main([str(vault), "--search", QUERY]) == 0
    assert len(json.loads(capsys.readouterr().out)["results"]) == 43
    assert not (vault / ".cache").exists()


def test_a_store_error_is_named_by_what_it_was():
    fault = store_mod.cache_fault
    assert fault(sqlite3.OperationalError("database is locked")) == store_mod.LOCKED
    assert fault(sqlite3.OperationalError("database or disk is full")) == store_mod.FULL
    assert fault(sqlite3.DatabaseError("database disk image is malformed")) == store_mod.CORRUPT
    assert fault(sqlite3.DatabaseError("file is not a database")) == store_mod.CORRUPT
    assert fault(sqlite3.OperationalError("attempt to write a readonly database")) == store_mod.UNUSABLE


def test_a_first_index_on_a_full_disk_reads_the_vault_once_and_leaves_no_part_of_a_cache(vault, healthy, tmp_path,
                                                                                          monkeypatch, caplog):
    """QA: with the cache on a full tmpfs every start read the whole vault twice (into the cache until the
    disk refused, then again into memory), left a 2 MB part of a database keeping the disk full, and the
    window logged the same warning four times."""
    import desktop.core.loader as loader_mod

    cache = tmp_path / "cache"
    reads = []
    parse = loader_mod._parse_for_store
    monkeypatch.setattr(loader_mod, "_parse_for_store", lambda files, *a, **k: reads.extend(f.path for f in files) or parse(files, *a, **k))
    monkeypatch.setattr(store_mod, "_disk_full", lambda folder: True)  # no room left: tmpfs needs root
    with caplog.at_level(logging.INFO, logger=store_mod.__name__):
        index = load_vault(vault, cache=cache, workers=1)
        assert sorted(reads) == sorted(index.notes)  # each note read once, into memory
        found = search_vault(vault, None, None, QUERY, cache=cache)
    assert _summary(index) == healthy[0] and _results(found) == healthy[1]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "the disk is full" in r.message]
    assert len(warnings) == 1  # then said as info
    assert not list(cache.rglob("*.sqlite3*"))


def test_a_cache_begun_on_a_disk_that_fills_up_is_removed_not_left_half_made(vault, healthy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _full_disk(monkeypatch)  # the disk fills up once the database is made: its first notes cannot be stored
    index = load_vault(vault, cache=cache, workers=1)
    assert _summary(index) == healthy[0]
    assert not list(cache.rglob("*.sqlite3*"))


def test_a_database_begun_by_an_earlier_stage_and_holding_no_note_is_removed_when_the_disk_fills(vault, healthy,
                                                                                                  tmp_path,
                                                                                                  monkeypatch):
    """QA: the window's first stage made the database, its full load met the full disk: the empty database
    (224 KB) stayed after the window closed."""
    from desktop.core.loader import open_store

    cache = tmp_path / "cache"
    open_store(vault, cache).close()  # begun, no note in it yet
    assert list(cache.rglob("*.sqlite3"))
    _full_disk(monkeypatch)
    assert _summary(load_vault(vault, cache=cache, workers=1)) == healthy[0]
    assert not list(cache.rglob("*.sqlite3*"))


def test_a_search_finding_no_database_makes_none(vault, healthy, tmp_path):
    cache = tmp_path / "cache"
    assert _results(search_vault(vault, None, None, QUERY, cache=cache)) == healthy[1]  # from the vault
    assert not list(cache.rglob("*.sqlite3*"))  # a reader has nothing to read: no file for the next load


def test_a_cache_file_that_is_a_link_to_a_file_in_the_vault_is_never_written(vault, healthy, tmp_path, caplog):
    """QA: the cache database a symlink to an SQLite file of the vault: it was opened through the link and
    switched to WAL (its header rewritten) before being found foreign and rebuilt."""
    from desktop.core.store import database_path

    other = tmp_path / "other-vault"
    other.mkdir()
    (other / "note.md").write_text("# A note\n\nwords\n", encoding="utf-8")
    own = other / "user.sqlite3"
    with sqlite3.connect(own) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES ('precious')")
    before = own.read_bytes()
    cache = tmp_path / "cache-linked"
    db = database_path(cache, other.resolve())
    db.parent.mkdir(parents=True)
    db.symlink_to(own)
    with caplog.at_level(logging.WARNING):
        index = load_vault(other, cache=cache, workers=1)
    assert list(index.notes) == ["note.md"]
    assert own.read_bytes() == before and sorted(p.name for p in other.iterdir()) == ["note.md", "user.sqlite3"]
    assert "leads into the vault" in caplog.text
