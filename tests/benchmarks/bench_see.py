"""Benchmark (issue #16), one run: everything "See the vault" promises, beside the floor, measured together.

    .venv/bin/python tests/benchmarks/bench_see.py [--only 1k,10k,20k] [--cache DIR]

In order, on the generated vaults (`make_vault.py`, made when missing) and the shared sample:
  1. the floor of each vault: read every file once with one regex each for links and stamps (bench_core);
  2. graph layout: build_graph, cold layout, incremental layout, cache save/load (bench_graph_layout);
  3. repaints of the global graph at full view, panning and zooming, median and worst (bench_graph_paint, 20k);
  4. hover previews per kind, median and worst (bench_previews, the sample and the largest vault asked);
  5. search operators and unlinked-mention queries (bench_search_ops).
Each part runs as its own process (so one's memory and caches do not flatter the next) and prints its table.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_core import SAMPLE, SIZES, floor_with_regexes, generated_vault  # noqa: E402


def run(title: str, *args: str) -> None:
    print(f"\n## {title}\n", flush=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=False)
    print(f"({time.perf_counter() - start:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="1k,10k,20k", help="comma-separated subset of: 1k,10k,20k")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "note-reader-bench-see-cache",
                        help="index and layout cache folder, kept between runs")
    args = parser.parse_args()
    sizes = [s for s in args.only.split(",") if s in SIZES]
    vaults = {size: generated_vault(SIZES[size]) for size in sizes}

    print("## Floor: read every file once, one regex each for links and stamps\n")
    for name, vault in [*vaults.items(), ("sample", SAMPLE)]:
        print(f"{name:>8}: {floor_with_regexes(vault) * 1000:8.0f} ms", flush=True)

    bench = lambda name: str(HERE / name)  # noqa: E731
    run("Graph layout (cold, incremental, cached)", bench("bench_graph_layout.py"), "--only", ",".join(sizes),
        "--cache", str(args.cache))
    biggest = sizes[-1]
    run(f"Graph repaints at {biggest}", bench("bench_graph_paint.py"), "--only", biggest, "--cache",
        str(args.cache / "paint"))
    run("Hover previews, the shared sample", bench("bench_previews.py"), str(SAMPLE))
    run(f"Hover previews, {biggest}", bench("bench_previews.py"), str(vaults[biggest]))
    run("Search operators and unlinked mentions", bench("bench_search_ops.py"), "--only", ",".join(sizes))


if __name__ == "__main__":
    main()
