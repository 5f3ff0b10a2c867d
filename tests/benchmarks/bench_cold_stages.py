"""Benchmark: where a cold full index (`load_vault` on an empty cache, the window's stage two) spends its time.

    python tests/benchmarks/bench_cold_stages.py [--vault PATH] [--sample N]

Prints, beside the floor (reading every file once), the wall and CPU seconds of each stage of one cold load
on the main process and the size of the cache it wrote (scan, waiting for the worker processes, store writes with the FTS5 insert, loading the
notes back, relinking), and the CPU a note's parse costs in a worker (measured in this process on the first
`--sample` notes, split by what the parse does). On a machine of N cores the load cannot take less than
(workers' CPU + main process' CPU) / N.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

import desktop.core.index as index_module  # noqa: E402
import desktop.core.loader as loader  # noqa: E402
import desktop.core.store as store_module  # noqa: E402
from desktop.core.memory import paused_gc  # noqa: E402
from desktop.core.vault import scan_vault  # noqa: E402

sys.path.insert(0, str(HERE))
from bench_index import floor  # noqa: E402  (reading every file once: the floor)


class Stages:
    """Wall and CPU seconds per stage, gathered by wrapping the loader's functions. A stage's CPU is its thread's
    (`time.thread_time`): the names snapshot runs on a thread beside the relinking."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.last_chunk = (0.0, 0.0)  # (wall, process CPU) when the workers' last chunk was in

    def add(self, name: str, wall: float, cpu: float) -> None:
        self.wall[name] = self.wall.get(name, 0.0) + wall
        self.cpu[name] = self.cpu.get(name, 0.0) + cpu

    def wrap(self, name: str, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - wall, time.thread_time() - cpu)
        return timed

    def wrap_iterator(self, name: str, function):
        def timed(*args, **kwargs):
            parts = function(*args, **kwargs)
            while True:
                wall, cpu = time.perf_counter(), time.thread_time()
                try:
                    part = next(parts)
                except StopIteration:
                    self.last_chunk = time.perf_counter(), time.process_time()
                    return
                finally:
                    self.add(name, time.perf_counter() - wall, time.thread_time() - cpu)
                yield part
        return timed


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def cold_load(vault: Path) -> tuple[float, float, Stages, int, tuple[float, float]]:
    stages = Stages()
    loader.scan_vault = stages.wrap("scan", loader.scan_vault)
    loader.map_chunks = stages.wrap_iterator("parse: waiting for the workers", loader.map_chunks)
    store_module.IndexStore.save = stages.wrap("store writes (rows + FTS5 insert)", store_module.IndexStore.save)
    loader._stored_notes = stages.wrap("notes loaded back from the store", loader._stored_notes)
    index_module.VaultIndex.relink = stages.wrap("relink (resolve, mentions, topics)", index_module.VaultIndex.relink)
    loader._save_snapshot = stages.wrap("names snapshot", loader._save_snapshot)
    with tempfile.TemporaryDirectory() as cache:
        wall, cpu = time.perf_counter(), time.process_time()
        loader.load_vault(vault, cache=Path(cache))
        end = time.perf_counter(), time.process_time()
        tail = end[0] - stages.last_chunk[0], end[1] - stages.last_chunk[1]
        return end[0] - wall, end[1] - cpu, stages, folder_bytes(Path(cache)), tail


def parse_cost(vault: Path, sample: int) -> tuple[float, float, pstats.Stats]:
    """CPU ms per note of what a worker does (`_parse_for_store`): with the collector on, and paused as the
    pool's workers run it (`index._in_worker`: the least of three runs); and its profile."""
    files = [f for f in scan_vault(vault)[0] if f.is_note][:sample]
    loader._parse_for_store(files[:50], None)  # imports and caches warmed
    cpu = time.process_time()
    loader._parse_for_store(files, None)
    per_note = (time.process_time() - cpu) * 1000 / len(files)
    paused = []
    with paused_gc():
        for _ in range(3):
            cpu = time.process_time()
            loader._parse_for_store(files, None)
            paused.append((time.process_time() - cpu) * 1000 / len(files))
    profile = cProfile.Profile()
    profile.enable()
    loader._parse_for_store(files, None)
    profile.disable()
    return per_note, min(paused), pstats.Stats(profile)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", type=Path, default=Path("/tmp/note-reader-bench-20k"))
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="also print the parse's profile")
    args = parser.parse_args()
    vault = args.vault.resolve()
    floor(vault)
    print(f"floor (read every file once): {floor(vault):.2f} s")
    wall, cpu, stages, cache_bytes, tail = cold_load(vault)
    print(f"cold full index: {wall:.2f} s wall, main process {cpu:.2f} s CPU; after the last chunk came "
          f"{tail[0]:.2f} s wall, {tail[1]:.2f} s CPU")
    vault_size = folder_bytes(vault)
    print(f"cache: {cache_bytes / 1e6:.1f} MB, {cache_bytes / vault_size:.2f}x the vault ({vault_size / 1e6:.1f} MB)")
    for name, seconds in stages.wall.items():
        print(f"  {name:42s} {seconds:6.2f} s wall {stages.cpu[name]:6.2f} s CPU")
    per_note, paused, stats = parse_cost(vault, args.sample)
    notes = sum(1 for f in scan_vault(vault)[0] if f.is_note)
    print(f"parse in a worker: {per_note:.3f} ms CPU a note, {per_note * notes / 1000:.1f} s CPU for {notes} notes")
    print(f"  collector paused, as in the pool: {paused:.3f} ms CPU a note, {paused * notes / 1000:.1f} s CPU")
    if args.profile:
        stats.sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
