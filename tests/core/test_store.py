"""The persistent index: incremental updates, deletion, rename, a corrupt database, search."""

import json
import os
import sqlite3
from pathlib import Path

import lz4.block
import lz4.frame
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core import loader
from desktop.core.loader import complete_note, load_vault, open_names, open_store, update_store
from desktop.core.search import MARK_END, MARK_START, fts_query, search
from desktop.core.index import VaultIndex
from desktop.core import store as store_module
from desktop.core.model import Link, Note
from desktop.core.search_text import StampsOfNote, pack_note
from desktop.core.store import PARSER_VERSION, SCHEMA_VERSION, PackedLinks, database_path
from core_helpers import stamp, write


def store_version() -> str:
    return f"{SCHEMA_VERSION}.{PARSER_VERSION}"


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "vault"
    write(root, "energy.md", "---\ntitle: Energy\nvideoId: abcdefghijk\n---\n"
          f"Europe buys natural gas from Norway {stamp('00:01:10')}. Coal is back in Germany {stamp('00:02:00')}.\n")
    write(root, "talks/gas.md", "---\ntitle: Natural Gas Prices\nvideoId: ABCDEFGHIJK\n---\n"
          f"Prices of natural gas doubled {stamp('00:00:30')}. See [[energy]] {stamp('00:00:40')}.\n")
    write(root, "other.md", f"# Other\nNothing about fuel here, only [[Flow State]] {stamp('1:00')}.\n")
    return root


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def count_reads(monkeypatch):
    """Record the files the loader parses."""
    seen: list[str] = []
    real = loader.map_chunks

    def spy(work, files, *args, **kwargs):
        seen.extend(f.path for f in files)
        return real(work, files, *args, **kwargs)

    monkeypatch.setattr(loader, "map_chunks", spy)
    return seen


def test_second_load_reads_nothing_and_gives_same_index(vault, cache, monkeypatch):
    first = load_vault(vault, cache=cache)
    seen = count_reads(monkeypatch)
    second = load_vault(vault, cache=cache)
    assert seen == []
    assert list(second.notes) == list(first.notes)
    assert [s.seconds for s in second.notes["energy.md"].stamps] == [70, 120]
    assert second.backlinks["energy.md"][0].source == "talks/gas.md"
    assert second.body_of("energy.md").startswith("Europe buys natural gas")


def test_only_changed_files_are_read_again(vault, cache, monkeypatch):
    load_vault(vault, cache=cache)
    path = vault / "other.md"
    path.write_text(f"# Other\nNow about [[energy]] {stamp('2:00')}.\n", encoding="utf-8")
    os.utime(path, ns=(1, 10**18))
    seen = count_reads(monkeypatch)
    index = load_vault(vault, cache=cache)
    assert seen == ["other.md"]
    assert [m.source for m in index.backlinks["energy.md"]] == ["other.md", "talks/gas.md"]
    assert "flow state" not in {t.name.casefold() for t in index.topics.values()}


def test_deleted_and_renamed_files_leave_the_index_and_search(vault, cache):
    load_vault(vault, cache=cache)
    (vault / "talks/gas.md").rename(vault / "talks/prices.md")
    (vault / "other.md").unlink()
    index = load_vault(vault, cache=cache)
    assert sorted(index.notes) == ["energy.md", "talks/prices.md"]
    store = open_store(vault.resolve(), cache)
    assert [r.path for r in search(store, "doubled")] == ["talks/prices.md"]
    assert search(store, "fuel") == []
    store.close()


def test_corrupt_database_is_rebuilt(vault, cache):
    load_vault(vault, cache=cache)
    db = database_path(cache, vault)
    db.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    index = load_vault(vault, cache=cache)
    assert len(index.notes) == 3
    assert sqlite3.connect(db).execute("SELECT count(*) FROM notes").fetchone()[0] == 3


def test_database_of_another_vault_or_schema_is_rebuilt(vault, cache):
    load_vault(vault, cache=cache)
    db = database_path(cache, vault)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    conn.commit()
    conn.close()
    index = load_vault(vault, cache=cache)
    assert len(index.notes) == 3
    conn = sqlite3.connect(db)
    assert dict(conn.execute("SELECT key, value FROM meta"))["schema"] == store_version()


def test_unwritable_cache_keeps_index_in_memory(vault, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    index = load_vault(vault, cache=blocker / "cache")
    assert len(index.notes) == 3


def test_a_new_cache_gathers_a_whole_batch_of_terms_before_writing_them(vault, cache):
    """FTS5 writes its pending terms as a segment when they pass its hash size (1 MB by default): a batch of
    `SAVE_NOTES` notes (3-4 MB of terms at the public vault) was written as several segments and merged again.
    A new cache's table gathers `FTS_HASH_BYTES` first, kept in its settings (a memory store's too)."""
    load_vault(vault, cache=cache)
    conn = sqlite3.connect(database_path(cache, vault))
    settings = dict(conn.execute("SELECT k, v FROM search_index_config"))
    conn.close()
    assert settings["hashsize"] == store_module.FTS_HASH_BYTES > 3 << 20 and settings["automerge"] == 16
    memory = store_module.IndexStore(cache / "unused", vault, memory=True)
    assert dict(memory.conn.execute("SELECT k, v FROM search_index_config"))["hashsize"] == store_module.FTS_HASH_BYTES
    memory.close()


def test_search_ranks_title_matches_first_with_snippet_and_stamp(vault, cache):
    store = open_store(vault.resolve(), cache)
    update_store(vault.resolve(), store)
    results = search(store, "natural gas")
    assert [r.path for r in results] == ["talks/gas.md", "energy.md"]
    energy = results[1]
    assert energy.seconds == 70
    assert energy.url == "https://www.youtube.com/watch?v=abcdefghijk&t=70s"
    assert f"{MARK_START}natural{MARK_END} {MARK_START}gas{MARK_END}" in energy.snippet
    assert energy.snippet_marked("<b>", "</b>").startswith("Europe buys <b>natural</b>")
    store.close()


def test_a_snippet_is_cut_from_the_note_as_the_vault_has_it(vault, cache):
    """The cache keeps no text: a result's snippet (and the second of its passage) is cut from the note read
    again from the vault, so an edit not yet indexed shows in it."""
    store = open_store(vault.resolve(), cache)
    update_store(vault.resolve(), store)
    note = vault / "energy.md"
    note.write_text(note.read_text(encoding="utf-8").replace("in Germany", "in Poland"), encoding="utf-8")
    [coal] = search(store, "coal")
    assert coal.snippet.endswith(f"\n{MARK_START}Coal{MARK_END} is back in Poland") and coal.seconds == 120
    store.close()


def test_search_phrases_prefixes_and_diacritics(vault, cache):
    store = open_store(vault.resolve(), cache)
    update_store(vault.resolve(), store)
    assert [r.path for r in search(store, '"doubled gas"')] == []
    assert [r.path for r in search(store, '"gas from Norway"')] == ["energy.md"]
    assert [r.path for r in search(store, "Germ*")] == ["energy.md"]
    assert [r.path for r in search(store, "gérmany")] == ["energy.md"]
    assert search(store, 'AND "unbalanced') == []
    store.close()


def test_prefix_snippets_mark_every_word_the_prefix_matched(tmp_path, cache, monkeypatch):
    from desktop.core import search as search_module

    root = tmp_path / "v"
    write(root, "demo.md",
          f"Démographics shape demography {stamp('0:05')}. A demon is not demographic {stamp('0:09')}.\n")
    write(root, "zz.md", f"Nothing to see {stamp('0:01')}.\n")
    store = open_store(root.resolve(), cache)
    update_store(root.resolve(), store)
    marked = lambda query: [r.snippet_marked("[", "]") for r in search(store, query)]  # noqa: E731
    # every demog- word, accents folded; a line break where a stamp separates the passages
    assert marked("DEMOG*") == ["[Démographics] shape [demography]\nA demon is not [demographic]"]
    assert marked("demog* AND demon") == ["[Démographics] shape [demography]\nA [demon] is not [demographic]"]
    monkeypatch.setattr(search_module, "MAX_PREFIX_TERMS", 1)  # too many terms: FTS5's own prefix matching
    assert marked("demog*") and all("[" in m for m in marked("demog*"))
    assert marked("nothing*") == ["[Nothing] to see"]
    store.close()


def test_a_match_deep_in_a_note_cites_its_own_passage(tmp_path, cache):
    root = tmp_path / "v"
    filler = " ".join(f"{stamp(f'0:{10 + i}')}. Filler sentence number {i} about nothing" for i in range(30))
    write(root, "long.md", "---\ntitle: Long Talk\nvideoId: abcdefghijk\n---\n"
          f"Opening words {stamp('0:01')}.{filler} {stamp('0:45')}.\n\n## Zeppelins\n\n"
          f"Airships over Lisbon {stamp('1:30')}. Then {stamp('1:40')}.\n")
    store = open_store(root.resolve(), cache)
    update_store(root.resolve(), store)
    [lisbon] = search(store, "lisbon")
    assert (lisbon.seconds, lisbon.url) == (90, "https://www.youtube.com/watch?v=abcdefghijk&t=90s")
    assert lisbon.snippet_marked("[", "]").startswith("…") and "over [Lisbon]" in lisbon.snippet_marked("[", "]")
    assert search(store, "number 17")[0].seconds == 28  # "number 17" is the sentence the `0:28` stamp closes
    assert search(store, "zeppelins")[0].seconds == 90  # a heading leads into the moment after it
    [title] = search(store, "long talk")
    assert (title.seconds, title.url, title.snippet_marked("[", "]")) == (None, None, "[Long] [Talk]")
    store.close()


def test_fts_query_makes_user_input_safe():
    assert fts_query('gas "natural gas" pri*') == '"gas" "natural gas" "pri"*'
    assert fts_query("a OR b") == '"a" OR "b"'
    assert fts_query("NOT") == ""
    assert fts_query("(x") == '"x"'


def test_names_first_then_one_note_completed(vault, cache):
    index = open_names(vault, cache=cache)
    assert index.notes["talks/gas.md"].title == "Natural Gas Prices"
    assert index.resolve("Natural Gas Prices") == "talks/gas.md"
    assert index.notes["energy.md"].stamps == []
    names_only = index.notes["energy.md"]
    completed = complete_note(index, "energy.md", cache=cache)
    assert [s.seconds for s in completed.stamps] == [70, 120]
    assert index.notes["energy.md"] is names_only and names_only.stamps == []  # the index is left as it is
    load_vault(vault, cache=cache)
    warm = open_names(vault, cache=cache)
    assert warm.notes["talks/gas.md"].title == "Natural Gas Prices"


def test_database_locked_by_another_instance_still_gives_full_index(vault, cache):
    load_vault(vault, cache=cache)
    write(vault, "new.md", f"# New\nFresh [[energy]] {stamp('0:10')}.\n")
    other = sqlite3.connect(database_path(cache, vault), timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        index = load_vault(vault, cache=cache)
    finally:
        other.rollback()
        other.close()
    assert sorted(index.notes) == ["energy.md", "new.md", "other.md", "talks/gas.md"]
    assert [s.seconds for s in index.notes["new.md"].stamps] == [10]


def test_vault_timestamp_setting_rereads_notes_but_frontmatter_wins(tmp_path, cache):
    root = tmp_path / "v"
    write(root, "a.md", f"x {stamp('01:02:03')} y {stamp('01:02:33')}\n")
    write(root, "b.md", f"---\ntimestamp_format: hms\n---\nx {stamp('01:02:03')}\n")
    auto = load_vault(root, cache=cache)
    assert [s.seconds for s in auto.notes["a.md"].stamps] == [3723, 3753]
    msf = load_vault(root, cache=cache, timestamp_format="msf")
    assert [s.seconds for s in msf.notes["a.md"].stamps] == [62, 62]
    assert [s.seconds for s in msf.notes["b.md"].stamps] == [3723]
    assert msf.timestamp_setting == "msf"
    assert [s.seconds for s in load_vault(root, cache=cache).notes["a.md"].stamps] == [3723, 3753]


def test_a_setting_change_stores_the_search_index_again_without_stale_rows(tmp_path, cache):
    root = tmp_path / "v"
    write(root, "a.md", f"Gas prices rise {stamp('01:02:03')} and fall {stamp('01:02:33')}.\n")
    load_vault(root, cache=cache)
    load_vault(root, cache=cache, timestamp_format="msf")  # every note read again
    store = open_store(root.resolve(), cache, "msf")
    assert store.stale_rows() == 0
    assert store.conn.execute("SELECT count(*) FROM search_index_docsize").fetchone()[0] == 1
    assert [(r.path, r.seconds) for r in search(store, "gas")] == [("a.md", 62)]
    store.conn.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
    store.close()


def test_a_reader_with_an_older_setting_leaves_the_cache_as_the_load_left_it(tmp_path, cache):
    """A search or a page's side section still running for the index before a setting change must not switch
    the cache back (that made every note stale and the window and a late reader wipe each other's reading)."""
    from desktop.core.search import search_vault

    root = tmp_path / "v"
    write(root, "a.md", f"Gas prices rise {stamp('01:02:03')}.\n")
    old = load_vault(root, cache=cache)
    load_vault(root, cache=cache, timestamp_format="msf")  # the setting changed: the load re-read the notes
    db = database_path(cache, root)
    before = sqlite3.connect(db).execute("SELECT value FROM meta WHERE key = 'timestamp_format'").fetchone()

    results = search_vault(root, old, None, "gas", cache=cache)  # a reader of the old index, old setting
    assert [r.path for r in results] == ["a.md"] and results[0].seconds == 3723  # its own reading, in memory
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'timestamp_format'").fetchone() == before == ("msf",)
    assert conn.execute("SELECT min(size) FROM notes").fetchone()[0] > 0  # no note made stale
    store = open_store(root, cache, "msf")
    try:
        assert not store.in_memory  # the load's own setting still opens the cache as it is
    finally:
        store.close()


def test_load_vault_on_a_removed_folder_raises_clearly(tmp_path, cache):
    with pytest.raises(FileNotFoundError, match="no vault folder"):
        load_vault(tmp_path / "gone", cache=cache)


def test_quick_frontmatter_reads_plain_lines_and_defers_anything_else():
    from desktop.core.loader import quick_frontmatter

    assert quick_frontmatter("---\ntitle: Moral and political implications\nvideoId: chIqmlJA2i0\n---\nbody") == {
        "title": "Moral and political implications", "videoId": "chIqmlJA2i0"}
    assert quick_frontmatter("no frontmatter") == {}
    for tricky in ('title: "quoted"', "title: [a, b]", "title: 2024", "title: yes", "title: a # comment",
                   "title: a: b", "aliases:\n  - x", "title: &anchor x", "title:"):
        assert quick_frontmatter(f"---\n{tricky}\n---\n") is None, tricky


def test_names_stage_titles_match_the_full_read(tmp_path, cache):
    root = tmp_path / "v"
    write(root, "a.md", "---\ntitle: Plain Title\n---\nx")
    write(root, "b.md", "---\ntitle: 'Quoted: Title'\naliases: [B1]\n---\nx")
    write(root, "c.md", "# Heading Title\ntext")
    write(root, "d.md", "---\ntitle: 2024\n---\n")
    names = open_names(root, cache=cache)
    full = load_vault(root, cache=tmp_path / "other-cache")
    assert {p: (n.title, n.aliases) for p, n in names.notes.items()} == \
        {p: (n.title, n.aliases) for p, n in full.notes.items()}


def test_names_stage_reads_further_for_long_frontmatter_and_late_headings(tmp_path, cache):
    root = tmp_path / "v"
    filler = "\n".join(f"field{i}: value {i}" for i in range(200))  # ~3.5 KB before the title
    write(root, "long.md", f"---\n{filler}\ntitle: Title After Long Frontmatter\naliases: [Late Alias]\n---\nx")
    write(root, "late.md", "intro line\n" * 300 + "# Heading After Three Kilobytes\ntext")
    write(root, "cut.md", "---\ntitle: " + "é" * 1500 + "\n---\nx")  # 2 KB falls inside a character
    names = open_names(root, cache=cache)
    full = load_vault(root, cache=tmp_path / "other-cache")
    assert names.notes["long.md"].title == "Title After Long Frontmatter"
    assert names.resolve("Late Alias") == "long.md"
    assert names.notes["late.md"].title == "Heading After Three Kilobytes"
    assert {p: (n.title, n.aliases) for p, n in names.notes.items()} == \
        {p: (n.title, n.aliases) for p, n in full.notes.items()}


def test_names_stage_decodes_like_the_full_read(tmp_path, cache):
    root = tmp_path / "v"
    root.mkdir()
    (root / "bom.md").write_bytes("\ufeff---\ntitle: BOM title\n---\nx".encode("utf-8"))
    (root / "cp1252.md").write_bytes(b"# Caf\xe9\ntext")
    (root / "cr.md").write_bytes(b"---\rtitle: CR title\r---\rx")
    (root / "utf16.md").write_bytes("# Wide\ntext".encode("utf-16"))
    (root / "nul.md").write_bytes(b"# x\x00y")
    names = open_names(root, cache=cache)
    full = load_vault(root, cache=tmp_path / "other-cache")
    assert {p: n.title for p, n in names.notes.items()} == {p: n.title for p, n in full.notes.items()}
    assert names.notes["cp1252.md"].title == "Café"
    assert "nul.md" not in names.notes


def test_warm_names_stage_serves_the_cache_without_a_scan_and_the_full_load_catches_up(vault, cache, monkeypatch):
    load_vault(vault, cache=cache)
    write(vault, "late.md", "# Late\nwritten while the app was closed\n")
    monkeypatch.setattr(loader, "scan_vault", lambda root: (_ for _ in ()).throw(AssertionError("scanned")))
    names = open_names(vault, cache=cache)
    assert sorted(names.notes) == ["energy.md", "other.md", "talks/gas.md"]
    monkeypatch.undo()
    assert "late.md" in load_vault(vault, cache=cache).notes


def test_an_interrupted_first_load_keeps_what_it_stored(tmp_path, cache, monkeypatch):
    """Notes are stored chunk by chunk as they are read: quitting midway loses only the chunk in hand."""
    root = tmp_path / "v"
    for i in range(250):
        write(root, f"n{i:03d}.md", f"# Note {i}\nsee [[n000]] {stamp('0:10')}.\n")
    real = loader._parse_for_store

    def fail_on_the_second_chunk(files, timestamp_format):
        if any(f.path == "n150.md" for f in files):
            raise KeyboardInterrupt("the app was closed")
        return real(files, timestamp_format)

    monkeypatch.setattr(loader, "_parse_for_store", fail_on_the_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        load_vault(root, cache=cache, workers=1)
    monkeypatch.undo()
    seen = count_reads(monkeypatch)
    index = load_vault(root, cache=cache, workers=1)
    assert len(seen) == 150 and "n000.md" not in seen and "n100.md" in seen
    assert len(index.notes) == 250 and len(index.backlinks["n000.md"]) == 249


def test_a_load_stores_what_it_read_before_the_last_chunk_comes(tmp_path, cache, monkeypatch):
    """Notes are stored `SAVE_NOTES` at a time, and what is read before the last chunk is stored before it
    comes (while the workers read it): the notes stored once they are done are that chunk's alone."""
    root = tmp_path / "v"
    for i in range(250):
        write(root, f"n{i:03d}.md", f"# Note {i}\nsee [[n000]] {stamp('0:10')}.\n")
    events = []
    real_chunks, real_save = loader.map_chunks, store_module.IndexStore.save

    def chunks(*args, **kwargs):
        for part in real_chunks(*args, **kwargs):
            events.append(("read", len(part)))
            yield part

    def save(self, notes, skipped=(), removed=()):
        notes = list(notes)
        events.append(("stored", len(notes)))
        return real_save(self, notes, skipped, removed)

    monkeypatch.setattr(loader, "map_chunks", chunks)
    monkeypatch.setattr(store_module.IndexStore, "save", save)
    index = load_vault(root, cache=cache, workers=1)
    assert events == [("read", 100), ("read", 100), ("stored", 200), ("read", 50), ("stored", 50)]
    assert len(index.notes) == 250 and len(index.backlinks["n000.md"]) == 249


def test_worker_processes_that_break_midway_leave_the_rest_to_this_one(tmp_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from desktop.core import index as index_module
    from desktop.core.vault import scan_vault

    for i in range(450):
        write(tmp_path, f"n{i:03d}.md", f"# Note {i}\n")

    class BreaksAfterOneChunk:
        def __init__(self, *args, **kwargs):
            pass

        def map(self, fn, chunks):
            yield fn(chunks[0])
            raise BrokenProcessPool("a worker died")

        def shutdown(self, **kwargs):
            pass

    monkeypatch.setattr(index_module, "ProcessPoolExecutor", BreaksAfterOneChunk)
    files = [f for f in scan_vault(tmp_path)[0] if f.is_note]
    notes = index_module.read_notes(files, workers=2)
    assert [n.title for n in notes] == [f"Note {i}" for i in range(450)]


def _change_a_and_remove_b(root, cache):
    note = write(root, "a.md", f"# A\nZeppelins over Lisbon {stamp('0:05')}.\n")
    write(root, "b.md", f"# B\nZeppelins elsewhere {stamp('0:07')}.\n")
    load_vault(root, cache=cache)
    note.write_text(f"# A\nBalloons over Porto {stamp('0:05')}.\n", encoding="utf-8")
    os.utime(note, ns=(1, 10**18))
    (root / "b.md").unlink()
    load_vault(root, cache=cache)


def test_changed_and_deleted_notes_leave_nothing_of_their_old_text_in_search(tmp_path, cache):
    """The FTS5 rows of the old versions stay in the index (deleting them would need their text, which the
    cache does not keep), but no search finds them."""
    root = tmp_path / "v"
    _change_a_and_remove_b(root, cache)
    store = open_store(root.resolve(), cache)
    assert store.stale_rows() == 2
    assert search(store, "zeppelins") == [] and search(store, "lisbon") == [] and search(store, '"over lisbon"') == []
    assert [(r.path, r.seconds) for r in search(store, "porto")] == [("a.md", 5)]
    assert [(r.path, r.seconds) for r in search(store, "over")] == [("a.md", 5)]
    store.close()


def test_stale_search_rows_are_dropped_when_they_grow_many(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(store_module, "STALE_ROWS", 0)
    root = tmp_path / "v"
    _change_a_and_remove_b(root, cache)
    store = open_store(root.resolve(), cache)
    assert store.stale_rows() == 0
    assert store.conn.execute("SELECT rowid FROM search_index WHERE search_index MATCH 'zeppelins OR lisbon'").fetchall() == []
    assert [(r.path, r.seconds) for r in search(store, "porto")] == [("a.md", 5)]
    store.conn.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")  # index and text agree
    store.close()


def _unpacked(blob: bytes) -> bytes:
    """A blob of the cache as its data: a block of links unpacked, a names snapshot decompressed."""
    for unpack in (store_module.unpack_links, lz4.frame.decompress):
        try:
            return unpack(blob)
        except (ValueError, lz4.block.LZ4BlockError, RuntimeError):
            pass
    return blob


def test_the_cache_keeps_no_text_of_the_notes(vault, cache):
    """The search text is made again from the vault: no column of the cache holds a note's sentences."""
    load_vault(vault, cache=cache)
    store = open_store(vault.resolve(), cache)
    sentence = "Europe buys natural gas from Norway"
    assert sentence in store.search_texts(["energy.md"])["energy.md"]
    for table in ("notes", "search_text", "meta", "snapshot"):
        for row in store.conn.execute(f"SELECT * FROM {table}"):
            for value in row:
                data = _unpacked(value) if isinstance(value, bytes) else value
                data = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
                assert "Norway" not in data and "Coal is back" not in data, table
    tables = {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "search_index_content" not in tables
    store.close()


def test_stamps_are_read_from_the_vault_when_a_note_is_shown(vault, cache):
    """The cache keeps no stamps: a loaded note reads them (with their sentences) from its file when a view
    first asks, equal to the stamps of the note parsed from the vault."""
    load_vault(vault, cache=cache)
    note = load_vault(vault, cache=cache).notes["energy.md"]
    assert isinstance(note.stamps_data, StampsOfNote)  # not in memory at all
    assert [s.seconds for s in note.stamps] == [70, 120]
    assert note.stamps[0].context.startswith("Europe buys natural gas")
    assert isinstance(note.stamps_data, StampsOfNote)  # reading them leaves the index's note as it is
    assert note.stamps == VaultIndex.build(vault).notes["energy.md"].stamps


def test_stamps_of_a_note_changed_since_the_index_are_read_from_the_vault(vault, cache):
    """Once the cache holds a newer version of a note than the index (another instance read the change),
    its stamps are read again from the vault, whole, never an error or nothing."""
    index = load_vault(vault, cache=cache)
    note = index.notes["energy.md"]
    path = vault / "energy.md"
    path.write_text(path.read_text(encoding="utf-8").replace("00:01:10", "00:01:11"), encoding="utf-8")
    os.utime(path, ns=(1, 10**18))
    load_vault(vault, cache=cache)  # the cache now holds the new version
    assert [s.seconds for s in note.stamps] == [71, 120]
    assert [s.seconds for s in load_vault(vault, cache=cache).notes["energy.md"].stamps] == [71, 120]


def test_a_cancelled_load_stops_at_the_next_chunk_and_keeps_what_it_stored(tmp_path, cache):
    root = tmp_path / "v"
    for i in range(250):
        write(root, f"n{i:03d}.md", f"# Note {i}\n")
    asked = []

    def after_two_chunks() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(loader.LoadCancelled):
        load_vault(root, cache=cache, workers=1, cancelled=after_two_chunks)
    store = open_store(root.resolve(), cache)
    assert len(store.known_files()) == 200  # two chunks of 100 stored, the third not
    store.close()
    assert len(load_vault(root, cache=cache, workers=1).notes) == 250


def test_stamps_from_the_cache_are_the_stamps_parsed(tmp_path, cache):
    """The cache keeps each stamp's context as a reference to its passage of the search text: read back, every
    context, URL and offset is what parsing the note gave (contexts cut at either end, empty, other videos)."""
    from desktop.core.index import VaultIndex

    long = " ".join(f"word{i}" for i in range(120))
    write(tmp_path / "v", "a.md", "---\ntitle: A\nvideoId: abcdefghijk\n---\n"
          f"{stamp('0:01')} opens the block and cites what follows. {long}.\n\n"
          f"{long} ends here {stamp('0:02')}{stamp('0:03')} then [0:04](https://youtu.be/ABCDEFGHIJK?t=4).\n\n"
          f"# Heading {stamp('0:05')}\n\n- item one {stamp('0:06')}\n- {stamp('0:07')}\n\n"
          f"| cell | {stamp('0:08')} |\n|---|---|\n")
    write(tmp_path / "v", "b.md", f"No video here {stamp('1:00')}. **Bold** and [[a]] {stamp('1:01')}.\n")
    parsed = VaultIndex.build(tmp_path / "v", workers=1)
    load_vault(tmp_path / "v", cache=cache)
    cached = load_vault(tmp_path / "v", cache=cache)
    for path, note in parsed.notes.items():
        assert not isinstance(cached.notes[path].stamps_data, list)
        assert cached.notes[path].stamps == note.stamps
    contexts = [s.context for s in parsed.notes["a.md"].stamps]
    assert contexts[0].startswith("opens the block") and contexts[0].endswith("…")
    assert contexts[1].startswith("…") and contexts[2] == "then" and contexts[6] == ""
    assert parsed.notes["a.md"].stamps[3].url == "https://www.youtube.com/watch?v=ABCDEFGHIJK&t=4s"
    assert parsed.notes["b.md"].stamps[0].url is None


def test_a_loaded_index_keeps_one_copy_of_repeated_link_targets_and_no_texts_or_sentences(tmp_path, cache):
    root = tmp_path / "v"
    for name in ("a", "b"):
        write(root, f"{name}.md", f"# {name}\nSee [[Flow State|flow]] and [[Flow State|flow]] {stamp('0:05')}.\n")
    load_vault(root, cache=cache)
    index = load_vault(root, cache=cache)
    links = [link for note in index.notes.values() for link in note.links]
    assert len(links) == 4 and len({link.context for link in links}) == 1
    kept = [note.links for note in index.notes.values()]
    assert len({id(target) for packed in kept for target in packed.targets}) == 1
    held = [getattr(packed, slot) for packed in kept for slot in PackedLinks.__slots__]
    assert not any(isinstance(value, tuple) and "flow" in value for value in held)  # texts: read off the blob
    (topic,) = index.topics.values()
    mentions = topic.mentions
    assert [m.source for m in mentions] == ["a.md", "b.md"] and topic.name == "Flow State"
    assert [m.alias for m in mentions] == ["flow", "flow"] and len({m.context for m in mentions}) == 1
    assert mentions[0].context not in index.mention_table.values  # cut from the note's links when read


def test_a_loaded_index_keeps_its_links_as_the_cache_does_until_read(tmp_path, cache):
    root = tmp_path / "v"
    write(root, "a.md", f"# a\nSee [[b|the b note]] and [[Topic]] {stamp('0:05')}. Then [[#Here]].\n")
    write(root, "b.md", "# b\nBack to [[a]].\n")
    parsed = VaultIndex.build(root, workers=1)
    load_vault(root, cache=cache)
    index = load_vault(root, cache=cache)
    held = index.notes["a.md"].links
    assert isinstance(held, PackedLinks) and held.resolved == ("b.md", None, "a.md")
    assert list(held) == parsed.notes["a.md"].links and len(held) == 3
    assert index.backlinks == parsed.backlinks and index.topics == parsed.topics


def test_a_packed_note_names_its_topics_without_decoding_as_its_links_do(tmp_path, cache):
    """What a change reads to name the topics of every note mentioning them (`VaultIndex.patched`): the
    links leading nowhere, a missing picture left out, each with its text."""
    root = tmp_path / "v"
    write(root, "a.md", "# a\nSee [[Topic One|one]], ![[missing.png]], [[b]], [[missing.png]] and [[Two]].\n")
    write(root, "b.md", "# b\n")
    load_vault(root, cache=cache)
    packed = load_vault(root, cache=cache).notes["a.md"].links
    assert list(packed.topic_names()) == [("Topic One", "one"), ("missing.png", None), ("Two", None)]
    assert list(packed.topic_names()) == [(l.target, l.alias) for l in packed if l.resolved is None
                                          and not (l.embed and l.target.endswith(".png"))]


def test_packed_links_give_their_fields_as_their_links_have_them(tmp_path, cache):
    """What `--inspect` writes of a note's links, read without making them objects."""
    root = tmp_path / "v"
    write(root, "a.md", "# a\nSee [[Topic One#part|one]], ![[b]], [[b#x]] and [text](b.md).\n")
    write(root, "b.md", "# b\n")
    load_vault(root, cache=cache)
    packed = load_vault(root, cache=cache).notes["a.md"].links
    assert isinstance(packed, PackedLinks)
    assert packed.fields() == [(l.target, l.heading, l.alias, l.embed, l.resolved) for l in packed]
    assert [resolved for *_, resolved in packed.fields()] == [None, "b.md", "b.md", "b.md"]


def test_a_loaded_note_citing_one_video_keeps_its_span_in_one_small_object(tmp_path, cache):
    """20,900 of the public vault's notes cite only their own video: a dict of one entry and a span each (and an
    empty dict of video links) were 6 MB of the window. They read as the parsed note's."""
    from desktop.core.model import NO_ENTRIES
    from desktop.core.store import OneVideoSpan
    from desktop.core.videos import VideoSpan

    root = tmp_path / "v"
    write(root, "one.md", f"---\nvideoId: abcdefghijk\n---\nSaid {stamp('0:05')}. Then {stamp('1:10')}.\n")
    write(root, "two.md", f"---\nvideoId: abcdefghijk\n---\nSaid {stamp('0:05')} and "
          "[0:09](https://youtu.be/ZYXWVUTSRQP?t=9). See [a talk](https://youtu.be/ZYXWVUTSRQP).\n")
    parsed = VaultIndex.build(root, workers=1)
    load_vault(root, cache=cache)
    index = load_vault(root, cache=cache)
    one, two = index.notes["one.md"], index.notes["two.md"]
    assert isinstance(one.video_spans, OneVideoSpan) and one.video_links is NO_ENTRIES
    assert one.video_spans == parsed.notes["one.md"].video_spans == {"abcdefghijk": VideoSpan(2, 70)}
    assert next(iter(one.video_spans)) is one.video_id  # the note's own id, not a copy
    assert dict(one.video_spans.items()) == {"abcdefghijk": (2, 70)} and "ZYXWVUTSRQP" not in one.video_spans
    assert (two.video_spans, two.video_links) == (parsed.notes["two.md"].video_spans,
                                                  parsed.notes["two.md"].video_links)
    assert len(two.video_spans) == 2 and two.video_links == {"ZYXWVUTSRQP": "a talk"}


def test_loaded_notes_share_one_string_of_each_stamp_format(tmp_path, cache):
    """The store gives each row a string of its own: 21k copies of "hms" were 1 MB of the window."""
    root = tmp_path / "v"
    for name in ("a", "b"):
        write(root, f"{name}.md", f"# {name}\nSaid {stamp('00:01:05')}.\n")
    load_vault(root, cache=cache)
    a, b = load_vault(root, cache=cache).notes.values()
    assert a.timestamp_format == "hms" and a.timestamp_format is b.timestamp_format


def _row_by_encoder(note, passages):
    """`note_row` made the plain way (a `json.dumps` per field, `link_row` lists): its fast path's reference."""
    dump = lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    marks, text = pack_note(passages)
    videos = dump([note.video_links, note.video_spans]) if note.video_links or note.video_spans else ""
    links = [store_module.link_row(link) for link in note.links]
    return (note.path, note.size, note.mtime_ns, note.title, dump(note.aliases), note.video_id,
            note.timestamp_format, dump(note.warnings), store_module.pack_links(dump(links).encode("utf-8")), marks,
            videos), text


_maybe_text = st.one_of(st.none(), st.text(max_size=8))
_links = st.builds(Link, target=st.text(max_size=8), heading=_maybe_text, alias=_maybe_text, embed=st.booleans(),
                   resolved=st.none(), start=st.integers(0, 10**6), end=st.integers(0, 10**6),
                   context=st.text(max_size=20), seconds=st.one_of(st.none(), st.integers(0, 10**5)),
                   markdown=st.booleans(), stamp_url=_maybe_text)


@given(links=st.lists(_links, max_size=5), aliases=st.lists(st.text(max_size=6), max_size=3),
       warnings=st.lists(st.text(max_size=6), max_size=2),
       spans=st.dictionaries(st.text(min_size=1, max_size=4), st.tuples(st.integers(0, 9), st.integers(0, 10**4)),
                             max_size=2),
       videos=st.dictionaries(st.text(min_size=1, max_size=4), st.text(max_size=6), max_size=2))
def test_a_notes_row_is_what_one_json_dumps_a_field_gives(links, aliases, warnings, spans, videos):
    """One kept encoder and rows of links made in C (`note_row`) write the same bytes as a `dumps` each."""
    note = Note(path="a.md", title="A", body=None, aliases=aliases, warnings=warnings, links=links,
                video_links=videos, video_spans=spans, size=3, mtime_ns=4)
    passages = [(1, "x"), (None, "é")]
    assert store_module.note_row(note, passages) == _row_by_encoder(note, passages)
