"""Benchmark: the FTS5 insert of a cold index, with FTS5's automerge at 4 (its default) and at 16, and its hash of
pending terms at 1 MB (its default) and at 8 MB (the store's: `store.FTS_HASH_BYTES`).

    python tests/benchmarks/bench_fts.py [--vault PATH] [--runs N]

Reads every note's search text once (on worker processes, as the store gets it), then inserts the texts into a
new FTS5 table of the store's form in chunks of `loader.SAVE_NOTES` (as a cold load saves them), once per
setting and run, alternating, and times a few queries on each table. Prints the wall and CPU seconds of each
insert, the table's size, and the queries' time, beside the floor (reading every file once).
"""

from __future__ import annotations

import argparse
import functools
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

QUERIES = ("russia", "ukraine war", "putin OR biden", "econom*", "the", "nuclear weapons treaty", "china taiwan")
TABLE = ("CREATE VIRTUAL TABLE f USING fts5(title, text, content = '', tokenize = 'unicode61 remove_diacritics 2', "
         "detail = column)")


def search_texts(vault: Path) -> list[tuple[str, str]]:
    """(title, search text) of every note, as the workers hand them to the store."""
    import desktop.core.loader as loader
    from desktop.core.index import map_chunks
    from desktop.core.vault import scan_vault

    files = [f for f in scan_vault(vault)[0] if f.is_note]
    work = functools.partial(loader._parse_for_store, timestamp_format=None)
    return [(row[3], text) for part in map_chunks(work, files) for item in part if isinstance(item, tuple)
            for row, text in [item]]


def insert(texts: list[tuple[str, str]], folder: Path, automerge: int,
           hash_bytes: int | None = None) -> tuple[float, float, int, float]:
    """Wall and CPU seconds of inserting `texts`, the database's size, and ms for the queries."""
    from desktop.core.loader import SAVE_NOTES

    db = folder / f"fts-{automerge}-{hash_bytes}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(TABLE)
    conn.execute("INSERT INTO f (f, rank) VALUES ('automerge', ?)", (automerge,))
    if hash_bytes is not None:
        conn.execute("INSERT INTO f (f, rank) VALUES ('hashsize', ?)", (hash_bytes,))
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(texts), SAVE_NOTES):
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO f (rowid, title, text) VALUES (?, ?, ?)",
                         [(start + i + 1, title, text)
                          for i, (title, text) in enumerate(texts[start:start + SAVE_NOTES])])
        conn.execute("COMMIT")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    query = time.perf_counter()
    for text in QUERIES:
        conn.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY rank LIMIT 50", (text,)).fetchall()
    query = (time.perf_counter() - query) * 1000
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return wall, cpu, db.stat().st_size, query


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", type=Path, default=Path(os.environ.get("NOTE_READER_BENCH_VAULT",
                                                                          "/tmp/note-reader-bench-20k")))
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    from bench_index import floor
    from desktop.core.store import FTS_HASH_BYTES

    print(f"floor (read every file once): {floor(args.vault):.2f} s")
    texts = search_texts(args.vault)
    print(f"{len(texts)} notes, {sum(len(t) for _, t in texts) / 1e6:.1f} M characters of search text")
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            for automerge, hash_bytes in ((4, None), (16, None), (16, FTS_HASH_BYTES)):
                wall, cpu, size, query = insert(texts, Path(folder), automerge, hash_bytes)
                hashed = f"{(hash_bytes or 1 << 20) >> 20} MB"
                print(f"run {run + 1} automerge {automerge:2d} hash {hashed:>5}: {wall:5.2f} s wall {cpu:5.2f} s CPU, "
                      f"{size / 1e6:5.1f} MB, {len(QUERIES)} queries {query:4.0f} ms")


if __name__ == "__main__":
    main()
