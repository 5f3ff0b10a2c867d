"""Damage inside the cache's rows (QA: a vault unopenable on every start): blobs that no longer decompress,
JSON that no longer parses, values of the wrong type, random bytes over the file's pages. SQLite sees nothing
wrong with most of these; the app finds them while reading, says so once, rebuilds the cache and gives the
full, right index and search results. A blob read only later (a page's links in the names stage) makes the
page read its note from the vault, with a warning on the page, and marks the cache for the next load."""

from __future__ import annotations

import logging
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.core.loader import complete_note, load_vault, open_names
from desktop.core.search import search_vault
from desktop.core.store import database_path
from tests.hostile.test_hostile_cache_faults import QUERY, _results, _summary, _vault


@pytest.fixture
def vault(tmp_path) -> Path:
    return _vault(tmp_path / "vault")


@pytest.fixture
def healthy(vault, tmp_path) -> tuple[dict, list, list]:
    """The index, the search results and the `links:` results a healthy cache gives."""
    cache = tmp_path / "healthy-cache"
    index = load_vault(vault, cache=cache, workers=1)
    results = _results(search_vault(vault, index, None, QUERY, cache=cache))
    linked = _results(search_vault(vault, None, None, "links:n05", cache=cache, refresh=True))
    assert len(results) == 43 and linked
    return _summary(index), results, linked


def _cache_with(vault: Path, tmp_path: Path, update: str) -> Path:
    """A cache of `vault` whose rows were changed by `update` (SQL) behind the app's back."""
    cache = tmp_path / "cache"
    load_vault(vault, cache=cache, workers=1)
    with sqlite3.connect(database_path(cache, vault.resolve())) as conn:
        assert conn.execute(update).rowcount > 0
    return cache


DAMAGE = {
    "links no LZ4 block": "UPDATE notes SET links = x'789c00'",
    "links of a size no note has": "UPDATE notes SET links = x'ffffff7f00'",
    "links a block that breaks off": "UPDATE notes SET links = substr(links, 1, length(links) - 3)",
    "marks of another form": "UPDATE notes SET marks = x'789c00'",
    "marks citing no second": "UPDATE notes SET marks = x'020500feffffff'",
    "links of another shape": "UPDATE notes SET links = zeroblob(0)",
    "aliases not JSON": "UPDATE notes SET aliases = '[\"unclosed'",
    "warnings not a list": "UPDATE notes SET warnings = '5'",
    "videos not JSON": "UPDATE notes SET videos = '{'",
    "title of another type": "UPDATE notes SET title = x'00ff' WHERE rowid = 3",
    "links as text": "UPDATE notes SET links = 'text' WHERE rowid = 2",
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_row_is_found_the_cache_rebuilt_and_every_reader_answers(vault, healthy, tmp_path, caplog,
                                                                           damage):
    for reader in ("load", "search", "links search"):
        cache = _cache_with(vault, tmp_path / reader, DAMAGE[damage])
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            if reader == "load":
                assert _summary(load_vault(vault, cache=cache, workers=1)) == healthy[0]
            elif reader == "search":
                assert _results(search_vault(vault, None, None, QUERY, cache=cache, refresh=True)) == healthy[1]
            else:
                assert _results(search_vault(vault, None, None, "links:n05", cache=cache,
                                             refresh=True)) == healthy[2]
        if ("marks" in damage) == (reader == "search"):  # the marks are read by a search, the rest by a load
            assert "malformed" in caplog.text and "reads back damaged" in caplog.text, caplog.text
        index = load_vault(vault, cache=cache, workers=1)  # finds what the reader did not read
        assert _summary(index) == healthy[0]
        assert _results(search_vault(vault, index, None, QUERY, cache=cache)) == healthy[1]
        caplog.clear()
        with caplog.at_level(logging.WARNING):  # rebuilt: from then on quiet and right
            index = load_vault(vault, cache=cache, workers=1)
        assert _summary(index) == healthy[0]
        assert _results(search_vault(vault, index, None, QUERY, cache=cache)) == healthy[1]
        assert "damaged" not in caplog.text and "corrupt" not in caplog.text, caplog.text


def test_random_bytes_over_the_cache_never_fail_a_load_or_a_search(vault, healthy, tmp_path):
    """Three stretches of random bytes at random places past the first page, as QA did, many times over."""
    cache = tmp_path / "cache"
    load_vault(vault, cache=cache, workers=1)
    db = database_path(cache, vault.resolve())
    good = tmp_path / "good.sqlite3"
    shutil.copy(db, good)
    rng = random.Random(9)
    for _ in range(12):
        for suffix in ("-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        shutil.copy(good, db)
        size = db.stat().st_size
        with open(db, "r+b") as fh:
            for _ in range(3):
                fh.seek(rng.randrange(16384, size - 4096))
                fh.write(rng.randbytes(rng.randrange(64, 4096)))
        assert _results(search_vault(vault, None, None, QUERY, cache=cache, refresh=True)) == healthy[1]
        assert _results(search_vault(vault, None, None, "links:n05", cache=cache, refresh=True)) == healthy[2]
        assert _summary(load_vault(vault, cache=cache, workers=1)) == healthy[0]


def test_links_damaged_read_lazily_for_a_page_read_it_from_the_vault_and_mark_the_cache(vault, tmp_path, caplog):
    """The names stage reads no links; the first page's note is read from the cache on a worker
    (`complete_note`). Its links damaged there: the page reads the note from the vault with a warning saying
    so, the cache is marked, and the next load rebuilds it (then quiet)."""
    cache = _cache_with(vault, tmp_path, "UPDATE notes SET links = x'789c00' WHERE path = 'n05.md'")
    names = open_names(vault, cache=cache)
    assert not names.complete
    with caplog.at_level(logging.WARNING):
        note = complete_note(names, "n05.md", cache=cache)
    assert any("cache was found damaged" in warning for warning in note.warnings), note.warnings
    assert [(link.target, link.resolved) for link in note.links][:1] == [("n06", "n06.md")]
    assert "rebuilt on the next load" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        index = load_vault(vault, cache=cache, workers=1)
    assert "found damaged" in caplog.text
    assert not index.notes["n05.md"].warnings
    assert [link.target for link in index.notes["n05.md"].links][:1] == ["n06"]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        load_vault(vault, cache=cache, workers=1)
    assert caplog.text == ""
