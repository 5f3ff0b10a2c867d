"""Benchmark: the relink alone (`VaultIndex.relink`: links resolved, mentions and topics gathered), on a vault
whose cache is warm. (The memory the index keeps is `bench_core.py`'s "index kept" row.)

    python tests/benchmarks/bench_relink.py --vault /tmp/note-reader-bench-20k [--repeat 5] [--cache DIR]

Loads the full index from the cache (filling it first when it is cold), then relinks it `--repeat` times, each
time with a fresh resolver made of the names snapshot's state as a warm start's names stage gives it (its
caches empty), and prints the best wall and CPU seconds. Run it from another checkout (`cd` there, this
interpreter) to compare two versions on one machine at one moment.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.getcwd())  # the checkout measured: the one this is run from


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="cache folder (default: a new temporary one, filled first)")
    args = parser.parse_args()

    from desktop.core.loader import load_vault

    if args.cache is None:
        with tempfile.TemporaryDirectory(prefix="note-reader-bench-relink-") as folder:
            load_vault(args.vault, cache=Path(folder))  # the cache made warm
            measure(args.vault, Path(folder), args.repeat)
    else:
        measure(args.vault, args.cache, args.repeat)


def measure(vault: Path, cache: Path, repeat: int) -> None:
    from desktop.core.loader import load_vault
    from desktop.core.memory import paused_gc
    from desktop.core.resolver import LinkResolver

    start = time.perf_counter()
    index = load_vault(vault, cache=cache)
    print(f"warm load: {time.perf_counter() - start:.2f} s ({len(index.notes)} notes, "
          f"{sum(len(m) for m in index.backlinks.values())} backlinks, "
          f"{sum(len(t.mentions) for t in index.topics.values())} topic mentions)")
    state = copy.deepcopy(index.resolver.state())
    wall = cpu = float("inf")
    for _ in range(repeat):
        resolver = LinkResolver.from_state(copy.deepcopy(state))
        started, started_cpu = time.perf_counter(), time.process_time()
        with paused_gc():
            index.relink(resolver)
        wall, cpu = min(wall, time.perf_counter() - started), min(cpu, time.process_time() - started_cpu)
    print(f"relink, best of {repeat}: {wall:.2f} s wall, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
