"""Ranking over the position-less index: bm25's order for few matches, title matches and short notes first
past EXACT_RANK_ROWS, every match still listed."""

from __future__ import annotations

from desktop.core import fts_rank
from desktop.core.loader import open_store, update_store
from desktop.core.search import search
from core_helpers import stamp, write


def _store(tmp_path):
    root = tmp_path / "vault"
    write(root, "many.md", "# Many\n" + "Gas here. " * 40 + "Some other words to make it long. " * 40 + "\n")
    write(root, "once.md", "# Once\n" + "Gas once. " + "Some other words to make it long. " * 40 + "\n")
    write(root, "short.md", f"# Short\nGas {stamp('0:01')}.\n")
    write(root, "titled.md", "# Gas Prices\n" + "Nothing of the word here. " * 100 + "\n")
    store = open_store(root.resolve(), tmp_path / "cache")
    update_store(root.resolve(), store)
    return store


def test_few_matches_are_in_bm25_order(tmp_path):
    store = _store(tmp_path)
    try:
        paths = [r.path for r in search(store, "gas")]
        assert sorted(paths) == ["many.md", "once.md", "short.md", "titled.md"]
        assert paths.index("many.md") < paths.index("once.md")  # the count weighs: bm25 read the texts
    finally:
        store.close()


def test_past_the_exact_rows_title_matches_and_short_notes_come_first(tmp_path, monkeypatch):
    store = _store(tmp_path)
    monkeypatch.setattr(fts_rank, "EXACT_RANK_ROWS", 1)
    try:
        results = search(store, "gas")
        assert [r.path for r in results] == ["titled.md", "short.md", "once.md", "many.md"]
        assert results[0].rank < 0 and [r.rank for r in results[1:]] == [0.0, 0.0, 0.0]
    finally:
        store.close()


def test_the_text_size_is_read_from_the_docsize_varints():
    from desktop.core.fts_rank import _second_varint

    assert _second_varint(bytes([3, 5])) == 5
    assert _second_varint(bytes([3, 0x81, 0x00])) == 128
    assert _second_varint(bytes([3, 0x81, 0x80, 0x00])) == 1 << 14
    assert _second_varint(bytes([0x81, 0x00, 0x81, 0x01])) == 129
