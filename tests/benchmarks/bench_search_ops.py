"""Benchmark (issues #14, #16): search operators, unlinked mentions and the cache's size, beside the floor.

    .venv/bin/python tests/benchmarks/bench_search_ops.py [--only 1k,10k,20k] [--runs 5] [--repo CHECKOUT]

Per generated vault (make_vault.py, as bench_core makes them), in one process and one run:
- cold index: `load_vault` into an empty cache folder; the cache's size then, beside the vault's, and where
  it goes (SQLite's `dbstat`: the notes table, the FTS5 index...).
- floor: a one-word query (`search_vault`, from the warm cache), the cheapest search there is.
- each operator alone and combined with words, phrases and prefixes: median and worst of `--runs`.
- unlinked mentions of the most linked topic, a rarely linked one, and a note (`unlinked_mentions_in_vault`:
  the page source's call, files read included).
`--repo` runs another checkout's code (e.g. `git archive` of an older commit) for before/after back to back.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_scale import generated_vault, vault_bytes  # noqa: E402

SIZES = {"1k": 1000, "10k": 10000, "20k": 20000}


def timed(work, runs: int) -> tuple[float, float, object]:
    """(median s, worst s, last result) of `runs` calls of `work`."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times), result


def cache_breakdown(cache: Path) -> tuple[int, dict[str, int]]:
    """The cache folder's bytes, and the database's pages per table/index."""
    total = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    [db] = list(cache.rglob("*.sqlite3"))
    conn = sqlite3.connect(db)
    try:
        parts = dict(conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))
    except sqlite3.Error:
        parts = {}
    finally:
        conn.close()
    return total, parts


def bench_vault(name: str, vault: Path, runs: int) -> None:
    from desktop.core.loader import load_vault
    from desktop.core.search import search_vault

    temp = Path(tempfile.mkdtemp(prefix="note-reader-bench-search-"))
    cache = temp / "cache"
    try:
        start = time.perf_counter()
        index = load_vault(vault, cache=cache)
        cold = time.perf_counter() - start
        total, parts = cache_breakdown(cache)
        size = vault_bytes(vault)
        print(f"\n## {name}: {len(index.notes)} notes, vault {size / 1e6:.0f} MB, cold index {cold:.1f} s, "
              f"cache {total / 1e6:.1f} MB ({total / size:.2f}× the vault)")
        print("where the cache goes: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in
                                                   sorted(parts.items(), key=lambda kv: -kv[1]) if v > 500_000))
        topics = sorted(index.topics.values(), key=lambda t: -len(t.mentions))
        busy, rare = topics[0], topics[len(topics) // 2]
        note = next(n for n in index.notes.values() if index.backlinks.get(n.path))
        video = next(n.video_id for n in index.notes.values() if n.video_id)
        folder = sorted({p.rpartition("/")[0] for p in index.notes if "/" in p})[0]
        word = "history"
        queries = [
            ("floor: one word", word),
            ("phrase", '"ottoman empire"'),
            ("prefix", "geopol*"),
            ("title:", "title:generated"),
            ("title: phrase", 'title:"generated note"'),
            ("in: alone", f"in:{folder}"),
            ("in: + word", f"in:{folder} {word}"),
            ("video: alone", f"video:{video}"),
            ("links: busy topic alone", f'links:"{busy.name}"'),
            ("links: + phrase", f'links:"{busy.name}" "ottoman empire"'),
            ("links: + in: + prefix", f'links:"{rare.name}" in:{folder[:-1]} geopol*'),
            ("unknown operator", f"foo:{word}"),
        ]
        print(f"| query | results | median ms | worst ms |\n|---|---:|---:|---:|")
        for label, query in queries:
            median, worst, results = timed(lambda q=query: search_vault(vault, index, None, q, cache=cache), runs)
            print(f"| {label} `{query[:60]}` | {len(results)} | {median * 1000:.1f} | {worst * 1000:.1f} |")
        try:
            from desktop.core.mentions import unlinked_mentions_in_vault
        except ImportError:
            return
        print(f"\n| unlinked mentions of | shown (+more, unread) | median ms | worst ms |\n|---|---:|---:|---:|")
        for label, kind, key in (("busiest topic " + busy.name, "topic", busy.key),
                                 ("a median topic " + rare.name, "topic", rare.key),
                                 ("a linked note " + note.title, "note", note.path)):
            median, worst, found = timed(lambda k=kind, x=key: unlinked_mentions_in_vault(index, k, x, cache=cache),
                                         runs)
            print(f"| {label[:60]} | {len(found.mentions)} (+{found.more}, {found.unread}) | "
                  f"{median * 1000:.1f} | {worst * 1000:.1f} |")
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="1k,10k,20k", help="comma-separated subset of: 1k,10k,20k")
    parser.add_argument("--runs", type=int, default=5, help="runs per query (median and worst)")
    parser.add_argument("--repo", type=Path, help="run this checkout's code instead of this one's")
    args = parser.parse_args()
    sys.path.insert(0, str((args.repo or HERE.parents[1]).resolve()))
    for name in args.only.split(","):
        bench_vault(name, generated_vault(SIZES[name]), args.runs)


if __name__ == "__main__":
    main()
