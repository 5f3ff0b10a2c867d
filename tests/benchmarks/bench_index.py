"""Benchmark: `--inspect` and the cached index against the floor (reading every file once) and obsidiantools.

    python tests/benchmarks/bench_index.py [--vault PATH ...] [--no-obsidiantools]

Default vaults: the shared sample, and a generated 10k-note vault (made by make_vault.py if missing).
Each figure is wall time in seconds, measured in this one run; the floor is reading every file's bytes once.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SAMPLE = REPO.parent / "shared" / "vaults" / "tubegraph-sample"


def floor(vault: Path) -> float:
    start = time.perf_counter()
    for folder, _, names in os.walk(vault):
        for name in names:
            with open(os.path.join(folder, name), "rb") as handle:
                handle.read()
    return time.perf_counter() - start


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def bench(vault: Path, with_obsidiantools: bool) -> dict[str, float]:
    py = sys.executable
    floor(vault)  # warm the page cache so every figure below reads from memory alike
    row = {"floor (read every file)": floor(vault)}
    with tempfile.TemporaryDirectory() as cache:  # --inspect reads and fills the cache, as --search does
        env = dict(os.environ, XDG_CACHE_HOME=cache)
        row["--inspect, cold cache"] = timed([py, "-m", "desktop", str(vault), "--inspect"], env)
        row["--inspect, warm cache"] = timed([py, "-m", "desktop", str(vault), "--inspect"], env)
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, XDG_CACHE_HOME=cache)
        code = "import sys; from desktop.core.loader import {fn}; {fn}(sys.argv[1])"
        row["full index, cold cache"] = timed([py, "-c", code.format(fn="load_vault"), str(vault)], env)
        row["full index, warm cache"] = timed([py, "-c", code.format(fn="load_vault"), str(vault)], env)
        row["names (tree) stage, warm cache"] = timed([py, "-c", code.format(fn="open_names"), str(vault)], env)
        row["--search 'nuclear weapons', warm"] = timed([py, "-m", "desktop", str(vault), "--search",
                                                          "nuclear weapons"], env)
    row["python start + import core"] = timed([py, "-c", "import desktop.core.loader"])
    if with_obsidiantools:
        code = ("import sys; from pathlib import Path; import obsidiantools.api as o; "
                "o.Vault(Path(sys.argv[1])).connect().gather()")
        row["obsidiantools connect().gather()"] = timed([py, "-c", code, str(vault)])
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", type=Path, action="append")
    parser.add_argument("--no-obsidiantools", action="store_true")
    args = parser.parse_args()
    vaults = args.vault
    if not vaults:
        big = Path(tempfile.gettempdir()) / "note-reader-bench-10k"
        if not big.exists():
            subprocess.run([sys.executable, str(HERE / "make_vault.py"), str(big), "--notes", "10000",
                            "--target-mb", "90"], check=True)
        vaults = [SAMPLE, big]
    for vault in vaults:
        count = sum(len(n) for _, _, n in os.walk(vault))
        print(f"\n## {vault} ({count} files)")
        for name, seconds in bench(vault, not args.no_obsidiantools).items():
            print(f"{name:40s} {seconds:9.3f} s")


if __name__ == "__main__":
    main()
