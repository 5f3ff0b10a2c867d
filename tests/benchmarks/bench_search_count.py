"""Benchmark (QA M4): what saying how many notes match costs, beside the search itself, on a warm cache.

    XDG_CACHE_HOME=DIR .venv/bin/python tests/benchmarks/bench_search_count.py VAULT [--runs 7]
        [--repo CHECKOUT] [QUERY ...]

The vault's cache must be warm in that cache folder (`note-reader VAULT --search x` fills it). Per query, the
median (and worst) of `--runs`:
- search: the first 50 results with snippets, as the panel asks them (`search_page`, or `search` of a checkout
  without it, `--repo`, e.g. `git archive` of the commit before: the baseline, run back to back);
- count: `count_matches` alone, the exact number (for words FTS5's list of matching rows, which the search
  makes anyway to rank them; for a phrase, every candidate note read and checked), and the numbers themselves.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

QUERIES = ("russia", "putin", "history", "the", "demog*", '"nuclear weapons"', '"united states"')


def timed(work, runs: int) -> tuple[float, float, object]:
    """(median ms, worst ms, last result) of `runs` calls of `work`, after one call to warm the page cache."""
    result = work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("vault", type=Path)
    parser.add_argument("queries", nargs="*", default=list(QUERIES))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[2],
                        help="the checkout whose code runs (default: this one)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))
    from desktop.core import search as core_search
    from desktop.core.loader import open_store

    store = open_store(args.vault.resolve(), restamp=False)
    rows = {}
    try:
        paged = getattr(core_search, "search_page", None)
        for query in args.queries:
            if paged is not None:
                med, worst, page = timed(lambda q=query: paged(store, q), args.runs)
                row = {"search_ms": round(med, 1), "search_worst_ms": round(worst, 1),
                       "shown": len(page.results), "total": page.total, "exact": page.exact}
                med, worst, count = timed(lambda q=query: core_search.count_matches(store, q), args.runs)
                row.update(count_ms=round(med, 1), count_worst_ms=round(worst, 1), counted=count)
            else:
                med, worst, results = timed(lambda q=query: core_search.search(store, q), args.runs)
                row = {"search_ms": round(med, 1), "search_worst_ms": round(worst, 1), "shown": len(results)}
            rows[query] = row
    finally:
        store.close()
    print(json.dumps({"repo": str(args.repo), "vault": str(args.vault), "runs": args.runs, "queries": rows},
                     indent=1))


if __name__ == "__main__":
    main()
