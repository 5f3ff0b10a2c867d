"""Benchmark (issue #16): the graph's core costs at 1k/10k/20k notes, each beside the floor, in one run.

    .venv/bin/python tests/benchmarks/bench_graph_layout.py [--only 1k,10k,20k,sample40x] [--cache DIR]
                                                            [--videos] [--compare] [--json OUT]

Rows, per vault, in one process, page cache warm, the index loaded from a warm cache first (as the window
has it when it asks for the graph):
- floor: Python reading every file of the vault once and running two regexes over it (bench_core's floor).
- build_graph: the VaultGraph of every note and topic from the index (`--videos`: with videos too).
- layout cold: `compute_layout` with no previous positions (igraph's grid Fruchterman–Reingold).
- layout incremental: the same graph with one note added (linked like an existing note), from the cold
  positions: what a change in the vault costs.
- cache save / cache load: `save_layout` then `load_layout` (exact hit) and `load_nearest_layout`.
- local graphs: `local_graph` of a note of median degree at depth 1 and 2 and of the most linked topic, with
  the session's video catalog given (and once without, which builds the catalog).
- near: median length of an edge over the median distance of two random nodes (lower: linked nodes closer).

`--compare` also times igraph's other large-graph layouts (DrL, LGL, UMAP) on the same graph, for the choice
recorded in desktop/core/graph_layout.py; they are slow, so give it `--only 1k` first.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from bench_core import SAMPLE, SAMPLE_COPIES, SIZES, floor_with_regexes  # noqa: E402
from bench_scale import count_notes, generated_vault, sample_copies  # noqa: E402

from desktop.core.graph import GraphNode, VaultGraph, build_graph, local_graph  # noqa: E402
from desktop.core.graph_cache import load_layout, load_nearest_layout, save_layout  # noqa: E402
from desktop.core.graph_layout import compute_layout  # noqa: E402
from desktop.core.loader import load_vault  # noqa: E402
from desktop.render.video_catalog import build_video_catalog  # noqa: E402

TMP = Path(tempfile.gettempdir())


def timed(work):
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def with_one_note_more(graph: VaultGraph) -> VaultGraph:
    """The graph after a note was added: a new node linked like the note with the median degree."""
    notes = sorted((graph.degree(i), i) for i, n in enumerate(graph.nodes) if n.kind == "note")
    model = notes[len(notes) // 2][1]
    new = len(graph.nodes)
    node = GraphNode("note", "bench/added note.md", "Added note", "bench")
    return VaultGraph(graph.nodes + [node], sorted(graph.edges + [(j, new) for j in graph.neighbours(model)]))


def nearness(graph: VaultGraph, positions) -> float:
    """Median edge length over median distance of random pairs: well under 1 when linked nodes sit together."""
    rng = random.Random(0)
    edges = graph.edges if len(graph.edges) <= 20000 else rng.sample(graph.edges, 20000)
    linked = statistics.median(math.dist(positions[i], positions[j]) for i, j in edges)
    n = len(positions)
    anyhow = statistics.median(math.dist(positions[rng.randrange(n)], positions[rng.randrange(n)])
                               for _ in range(20000))
    return linked / anyhow if anyhow else float("nan")


def compare(graph: VaultGraph) -> dict:
    """igraph's other large-graph layouts on the same graph: seconds and nearness."""
    import igraph

    g = igraph.Graph(n=len(graph.nodes), edges=graph.edges)
    out = {}
    for name, run in (("drl", g.layout_drl), ("lgl", g.layout_lgl), ("umap", g.layout_umap)):
        seconds, layout = timed(run)
        out[name] = {"s": seconds, "near": nearness(graph, layout.coords)}
        print(f"  {name}: {seconds:.2f} s, near {out[name]['near']:.3f}", file=sys.stderr)
    return out


def bench_vault(name: str, vault: Path, cache: Path, videos: bool, also_compare: bool) -> dict:
    row: dict = {"vault": name, "notes": count_notes(vault)}
    row["floor_s"] = floor_with_regexes(vault)
    row["index_load_s"], index = timed(lambda: load_vault(vault, cache=cache))
    row["build_s"], graph = timed(lambda: build_graph(index, include_videos=videos))
    row["nodes"], row["edges"] = len(graph.nodes), len(graph.edges)
    row["cold_s"], positions = timed(lambda: compute_layout(graph))
    row["near"] = nearness(graph, positions)
    grown = with_one_note_more(graph)
    previous = {(n.kind, n.key): p for n, p in zip(graph.nodes, positions)}
    row["incremental_s"], _ = timed(lambda: compute_layout(grown, previous=previous))
    with tempfile.TemporaryDirectory(prefix="bench-graph-cache-") as folder:
        row["save_s"], _ = timed(lambda: save_layout(Path(folder), vault, graph, positions))
        row["load_s"], loaded = timed(lambda: load_layout(Path(folder), vault, graph))
        row["load_nearest_s"], nearest = timed(lambda: load_nearest_layout(Path(folder), vault))
        assert loaded == positions and len(nearest) == len(positions)
    local_rows(row, index, graph)
    if also_compare:
        row["compare"] = compare(graph)
    return row


def local_rows(row: dict, index, graph: VaultGraph) -> None:
    """Local graphs as the panel asks for them on each page shown, the session's video catalog at hand: a note
    of median degree at depth 1 and 2, and the most linked topic (the biggest hub) at depth 1."""
    catalog = build_video_catalog(index)
    notes = sorted((graph.degree(i), i) for i, n in enumerate(graph.nodes) if n.kind == "note")
    note = graph.nodes[notes[len(notes) // 2][1]].key
    hub = max(index.topics.values(), key=lambda t: len(t.mentions)).key
    for label, kind, key, depth in (("local_note_1", "note", note, 1), ("local_note_2", "note", note, 2),
                                    ("local_hub_1", "topic", hub, 1)):
        row[label + "_s"], local = timed(lambda: local_graph(index, kind, key, depth=depth, catalog=catalog))
        row[label + "_nodes"] = len(local.nodes)
    row["local_note_1_nocat_s"], _ = timed(lambda: local_graph(index, "note", note))


def report(rows: list[dict]) -> None:
    ms = lambda s: f"{s * 1000:8.0f} ms" if s < 10 else f"{s:8.1f} s "  # noqa: E731
    columns = [("floor", "floor_s"), ("build_graph", "build_s"), ("layout cold", "cold_s"),
               ("incremental", "incremental_s"), ("cache save", "save_s"), ("cache load", "load_s"),
               ("load nearest", "load_nearest_s")]
    print(f"{'vault':10} {'notes':>6} {'nodes':>6} {'edges':>7} " + " ".join(f"{t:>11}" for t, _ in columns)
          + "   near")
    for row in rows:
        print(f"{row['vault']:10} {row['notes']:6d} {row['nodes']:6d} {row['edges']:7d} "
              + " ".join(f"{ms(row[k]):>11}" for _, k in columns) + f"  {row['near']:.3f}")
    print(f"\n{'vault':10} {'floor':>11} {'note, d1':>20} {'note, d2':>20} {'hub topic, d1':>20} "
          f"{'note d1, no catalog':>20}")
    for row in rows:
        cells = [f"{ms(row[k + '_s']).strip()} ({row[k + '_nodes']} nodes)" for k in
                 ("local_note_1", "local_note_2", "local_hub_1")]
        print(f"{row['vault']:10} {ms(row['floor_s']):>11} " + " ".join(f"{c:>20}" for c in cells)
              + f" {ms(row['local_note_1_nocat_s']):>20}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="comma-separated subset of: 1k,10k,20k,sample40x")
    parser.add_argument("--cache", type=Path, default=TMP / "note-reader-bench-graph-cache",
                        help="index cache folder, kept between runs (the first run fills it)")
    parser.add_argument("--videos", action="store_true", help="graphs with videos too")
    parser.add_argument("--compare", action="store_true", help="also time igraph's DrL, LGL and UMAP")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(SIZES)
    rows = []
    for name in names:
        vault = generated_vault(SIZES[name]) if name in SIZES else sample_copies(SAMPLE, SAMPLE_COPIES)
        print(f"measuring {name} ({vault})…", file=sys.stderr)
        rows.append(bench_vault(name, vault, args.cache, args.videos, args.compare))
        print(json.dumps(rows[-1]), file=sys.stderr)
    report(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
