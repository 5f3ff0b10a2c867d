"""Where each node of a `VaultGraph` sits: a force layout by igraph, cold or as an update of a previous one.

Why igraph's grid Fruchterman–Reingold: it is a C implementation whose repulsion only looks at nearby
nodes (a grid of cells), so a pass costs about O(nodes + edges) instead of O(nodes²); a 20k-note vault
(~20k nodes, ~310k edges) lays out in about two seconds on one core, linked notes pulled together. The
pure-Python spring layouts take minutes there; igraph's DrL took 20 s already at 1.5k nodes of a dense
vault (see tests/benchmarks/bench_graph_layout.py for the figures).

Deterministic for a seed: the starting positions come from a private `random.Random(seed)`, and igraph's
own random draws (FR nudges nodes that sit on each other) use another one, set for the call under a lock.

Incremental: with `previous` positions, nodes already placed stay where they were (igraph's per-node
bounds pin them), new nodes start beside a placed neighbour, and a few cool iterations over only the new
nodes and their neighbours settle them: the cost follows what changed, not the vault's size. When most
nodes are new, a cold layout is made instead.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Mapping

from desktop.core.graph import VaultGraph

__all__ = ["COLD_ITERATIONS", "INCREMENTAL_ITERATIONS", "compute_layout"]

Position = tuple[float, float]

COLD_ITERATIONS = 500  # igraph's default: enough for 20k nodes to untangle
INCREMENTAL_ITERATIONS = 60  # new nodes find their place beside placed ones
_RNG_LOCK = threading.Lock()  # igraph's random generator is one for the process


def compute_layout(graph: VaultGraph, previous: Mapping[tuple[str, str], Position] | None = None,
                   seed: int = 1) -> list[Position]:
    """Positions aligned with `graph.nodes`, the same for the same graph and seed.

    With `previous` ((kind, key) -> position, e.g. `graph_cache.load_nearest_layout`), nodes found there keep
    roughly their place and only the rest is laid out: an incremental update after notes changed.
    """
    count = len(graph.nodes)
    if count == 0:
        return []
    if count == 1:
        old = previous.get(_key(graph, 0)) if previous else None
        return [old if old is not None else (0.0, 0.0)]
    rng = random.Random(seed)
    start, placed = _starting_positions(graph, previous or {}, rng)
    if placed == count:
        return start  # nothing new: the old layout holds every node
    import igraph  # imported on first layout: the window starts without it

    if placed * 2 < count:  # mostly new: a fresh layout is better than one grown from a few old places
        if placed:
            start, _ = _starting_positions(graph, {}, random.Random(seed))
        return _force_layout(igraph, count, graph.edges, [list(p) for p in start], COLD_ITERATIONS, seed)
    return _settle_new_nodes(igraph, graph, start, previous or {}, seed)


def _force_layout(igraph, count: int, edges: list[tuple[int, int]], start: list[list[float]], iterations: int,
                  seed: int, **bounds) -> list[Position]:
    """igraph's grid Fruchterman–Reingold from `start`, its random draws from a generator seeded by `seed`."""
    g = igraph.Graph(n=count, edges=edges)
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            layout = g.layout_fruchterman_reingold(seed=start, niter=iterations, grid="grid", **bounds)
        finally:
            igraph.set_random_number_generator(random)
    return [(float(x), float(y)) for x, y in layout.coords]


def _settle_new_nodes(igraph, graph: VaultGraph, start: list[Position],
                      previous: Mapping[tuple[str, str], Position], seed: int) -> list[Position]:
    """Lay out only the new nodes among their placed neighbours, which stay where they were: the cost
    follows what changed, not the vault's size."""
    new = [i for i in range(len(graph.nodes)) if previous.get(_key(graph, i)) is None]
    part = dict.fromkeys(new)
    for i in new:
        part.update(dict.fromkeys(graph.neighbours(i)))
    members = list(part)
    local = {node: k for k, node in enumerate(members)}
    edges = [(local[i], local[j]) for i, j in graph.edges if i in local and j in local]
    fixed = [previous.get(_key(graph, i)) is not None for i in members]
    inf = math.inf
    xs = [start[i][0] for i in members]
    ys = [start[i][1] for i in members]
    settled = _force_layout(
        igraph, len(members), edges, [[x, y] for x, y in zip(xs, ys)], INCREMENTAL_ITERATIONS, seed,
        start_temp=1.0,
        minx=[x if f else -inf for x, f in zip(xs, fixed)], maxx=[x if f else inf for x, f in zip(xs, fixed)],
        miny=[y if f else -inf for y, f in zip(ys, fixed)], maxy=[y if f else inf for y, f in zip(ys, fixed)],
    )
    positions = list(start)
    for k, i in enumerate(members):
        if not fixed[k]:
            positions[i] = settled[k]
    return positions


def _key(graph: VaultGraph, i: int) -> tuple[str, str]:
    node = graph.nodes[i]
    return (node.kind, node.key)


def _starting_positions(graph: VaultGraph, previous: Mapping[tuple[str, str], Position],
                        rng: random.Random) -> tuple[list[Position], int]:
    """Where each node starts, and how many were placed before.

    Cold: spread at random over a square of side sqrt(n) (igraph's own start). Update: placed nodes where they
    were; a new node beside the mean of its placed neighbours, else (its neighbours new too, in node order)
    beside one placed just now, else at random in the old layout's box.
    """
    count = len(graph.nodes)
    positions: list[Position | None] = [None] * count
    placed = 0
    for i in range(count):
        old = previous.get(_key(graph, i))
        if old is not None:
            positions[i] = (float(old[0]), float(old[1]))
            placed += 1
    if placed:
        xs = [p[0] for p in positions if p is not None]
        ys = [p[1] for p in positions if p is not None]
        box = (min(xs), max(xs), min(ys), max(ys))
    else:
        side = math.sqrt(count)
        box = (-side / 2, side / 2, -side / 2, side / 2)
    missing = [i for i in range(count) if positions[i] is None]
    if placed:  # new nodes beside placed neighbours, rings outward
        for _ in range(3):
            still = []
            for i in missing:
                near = [positions[j] for j in graph.neighbours(i) if positions[j] is not None]
                if near:
                    positions[i] = (sum(p[0] for p in near) / len(near) + rng.uniform(-0.5, 0.5),
                                    sum(p[1] for p in near) / len(near) + rng.uniform(-0.5, 0.5))
                else:
                    still.append(i)
            missing = still
    for i in missing:
        positions[i] = (rng.uniform(box[0], box[1]), rng.uniform(box[2], box[3]))
    return positions, placed  # type: ignore[return-value]
