"""Ranking over the position-less (detail=column) FTS5 index, at a cost that does not follow the matches.

Without positions, FTS5's bm25() finds a row's term counts by reading and tokenizing its text (~0.5 ms a
note): for a common word that is thousands of notes (10k notes, "history": 0.4 s a query, where the index
with positions took 45 ms). So when more than EXACT_RANK_ROWS notes match, they are first ordered by what the
index keeps without reading any text: a title match before a text match, then the shorter note (bm25
favours a short note at an equal count; lengths are in the `docsize` table). bm25 itself then orders the
first EXACT_RANK_ROWS of those; the rest follow in that first order. With up to EXACT_RANK_ROWS matches the
order is bm25's exactly; past it, a long note naming a common word many times may rank lower than bm25 would
put it: the price of an index less than half the size.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

EXACT_RANK_ROWS = 60
TITLE_WEIGHT, TEXT_WEIGHT = 10.0, 1.0  # bm25's column weights: a title match weighs ten text matches


def ranked_rows(conn: sqlite3.Connection, match: str, allowed: Iterable[int] | None = None) -> list[tuple[int, float]]:
    """(rowid, rank) of every row matching the FTS5 query `match` (among `allowed` rowids when given), best
    first: bm25's rank for the first EXACT_RANK_ROWS, 0.0 for the rest. A query FTS5 refuses raises."""
    rows = matching_rows(conn, match)
    if allowed is not None:  # filtered here: FTS5 would look each allowed rowid up on its own
        allowed = allowed if isinstance(allowed, (set, frozenset)) else set(allowed)
        rows = [rowid for rowid in rows if rowid in allowed]
    if len(rows) > EXACT_RANK_ROWS:
        titled = set(matching_rows(conn, f"title : ({match})", quiet=True))
        sizes = _text_sizes(conn, rows)
        rows.sort(key=lambda rowid: (rowid not in titled, sizes.get(rowid, 0), rowid))
    best, rest = rows[:EXACT_RANK_ROWS], rows[EXACT_RANK_ROWS:]
    exact = conn.execute(f"SELECT rowid, bm25(search_index, {TITLE_WEIGHT}, {TEXT_WEIGHT}) AS r FROM search_index "
                         "WHERE search_index MATCH ? AND rowid IN (SELECT value FROM json_each(?)) ORDER BY r",
                         (match, json.dumps(best))).fetchall()
    return exact + [(rowid, 0.0) for rowid in rest]


def matching_rows(conn: sqlite3.Connection, match: str, quiet: bool = False) -> list[int]:
    """The rowids matching `match` (in the index's order); `quiet`: none when FTS5 refuses the query."""
    try:
        # rows of notes changed or removed since they were indexed stay in the index: only the current ones
        return [rowid for (rowid,) in conn.execute("SELECT s.rowid FROM search_index s CROSS JOIN search_text t "
                                                   "ON t.id = s.rowid WHERE search_index MATCH ?", (match,))]
    except sqlite3.OperationalError:
        if quiet:
            return []
        raise


def _text_sizes(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, int]:
    """The tokens of each row's text, as FTS5 keeps them (`docsize`: one varint per column)."""
    sizes: dict[int, int] = {}
    wanted = set(rowids)
    for rowid, blob in conn.execute("SELECT id, sz FROM search_index_docsize"):
        if rowid in wanted and blob:
            sizes[rowid] = _second_varint(blob)
    return sizes


def _second_varint(blob: bytes) -> int:
    """The second of the SQLite varints in `blob` (the text column's size; the title's comes first)."""
    if len(blob) >= 3 and blob[0] < 0x80:  # nearly every row: a title under 128 tokens, a text under 16,384
        if blob[1] < 0x80:
            return blob[1]
        if blob[2] < 0x80:
            return ((blob[1] & 0x7F) << 7) | blob[2]
    at = 0
    value = 0
    for _ in range(2):
        value = 0
        for _ in range(9):
            if at >= len(blob):
                return value
            byte = blob[at]
            at += 1
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
    return value
