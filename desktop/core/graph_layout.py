"""Where each node of a `VaultGraph` sits: a force layout by igraph, cold or as an update of a previous one.

Why igraph's grid Fruchterman–Reingold: a C force layout whose repulsion only looks at nearby nodes (a
grid of cells), so a pass costs close to O(nodes + edges) instead of O(nodes²). Measured on one shared core
(tests/benchmarks/bench_graph_layout.py): 20k generated notes (20,480 nodes, 310k edges) in 1.5–4 s, the
shared sample copied 40 times (19,888 nodes) in 1–1.7 s, each channel's notes in a cluster of their own
around the topics they share. At 1k notes the alternatives igraph offers for big graphs were slower or
unfit: DrL 11 s, UMAP 8.4 s (FR: 0.3 s, linked nodes as close), LGL 0.7 s but it refuses graphs in several
pieces, which every vault with an orphan note is. The pure-Python spring layouts take minutes at 20k.
300 passes instead of igraph's 500: the clusters are the same to the eye, for 40% less time.

Separate components (a second cluster, orphan notes) would be left strewn wherever they started, far from
the rest; they are packed side by side in rows instead, biggest first.

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

COLD_ITERATIONS = 300  # 20k nodes untangle as well as with igraph's default 500, in 40% less time
INCREMENTAL_ITERATIONS = 60  # new nodes find their place beside placed ones
PACK_MARGIN = 1.0  # the gap between separate components (~ an edge's length)
CENTRE_PULL = 0.05  # a local graph's pull of every node toward its page, against a link's 1
_RNG_LOCK = threading.Lock()  # igraph's random generator is one for the process


def compute_layout(graph: VaultGraph, previous: Mapping[tuple[str, str], Position] | None = None,
                   seed: int = 1, centre: int | None = None) -> list[Position]:
    """Positions aligned with `graph.nodes`, the same for the same graph, `previous` and seed.

    With `previous` ((kind, key) -> position, e.g. `graph_cache.load_nearest_layout`), nodes found there keep
    their place and only the rest is laid out: an incremental update after notes changed.
    `centre`: a node drawn to the middle of a cold layout (a local graph's page, see `_cold_layout`).
    """
    count = len(graph.nodes)
    if count == 0:
        return []
    old: list[Position | None] = [None] * count
    if previous:
        for i, node in enumerate(graph.nodes):
            where = previous.get((node.kind, node.key))
            if where is not None:
                old[i] = (float(where[0]), float(where[1]))
    new = [i for i in range(count) if old[i] is None]
    if not new:
        return old  # type: ignore[return-value]  # nothing new: the old layout holds every node
    if count == 1:
        return [(0.0, 0.0)]
    import igraph  # imported on first layout: the window starts without it

    if len(new) * 2 > count:  # mostly new: a fresh layout is better than one grown from a few old places
        return _cold_layout(igraph, graph, seed, centre)
    return _settle_new_nodes(igraph, graph, old, new, seed)


def _cold_layout(igraph, graph: VaultGraph, seed: int, centre: int | None = None) -> list[Position]:
    """The whole graph laid out from random places (a square of side sqrt(n), as igraph starts), then its
    separate components packed side by side.

    With a `centre`, every other node is also tied to it by a weak spring (CENTRE_PULL of a link's pull): a
    force layout has no gravity, and a page of few links two steps from a channel's thousand notes was pushed
    to the cloud's rim (its offset from the middle: 0.59 of the half-width, median of 15 pages of the sample;
    0.03 with the pull), where the local graph's reader looks for it in the middle."""
    count = len(graph.nodes)
    rng = random.Random(seed)
    side = math.sqrt(count)
    start = [[rng.uniform(-side / 2, side / 2), rng.uniform(-side / 2, side / 2)] for _ in range(count)]
    edges, weights = graph.edges, None
    if centre is not None and 0 <= centre < count:
        start[centre] = [0.0, 0.0]
        edges = list(graph.edges) + [(centre, i) for i in range(count) if i != centre]
        weights = [1.0] * len(graph.edges) + [CENTRE_PULL] * (count - 1)
    positions = _force_layout(igraph, count, edges, start, COLD_ITERATIONS, seed, weights=weights)
    _pack(positions, _components(count, graph.edges), (0.0, 0.0))
    return positions


def _settle_new_nodes(igraph, graph: VaultGraph, old: list[Position | None], new: list[int],
                      seed: int) -> list[Position]:
    """Lay out only the new nodes among their placed neighbours, which stay where they were: one pass over the
    edges, then a force layout of what changed, so the cost follows the change, not the vault's size.

    A new node starts beside the mean of its placed neighbours (a new node whose neighbours are all new too:
    beside one placed just before it); a few cool iterations settle it. Parts that touch no placed node (a new
    note linking only new topics, a new orphan) are packed in a row below the old layout.
    """
    is_new = [False] * len(graph.nodes)
    for i in new:
        is_new[i] = True
    touching = [(i, j) for i, j in graph.edges if is_new[i] or is_new[j]]
    members = list(dict.fromkeys([*new, *(v for edge in touching for v in edge)]))
    local = {node: k for k, node in enumerate(members)}
    edges = [(local[i], local[j]) for i, j in touching]
    around: dict[int, list[int]] = {}
    for i, j in touching:
        around.setdefault(i, []).append(j)
        around.setdefault(j, []).append(i)

    rng = random.Random(seed)
    placed = [p for p in old if p is not None]
    box = (min(p[0] for p in placed), max(p[0] for p in placed), min(p[1] for p in placed),
           max(p[1] for p in placed))
    start = list(old)
    waiting = new
    for _ in range(3):  # rings outward: a new node beside new nodes placed in the ring before
        still = []
        for i in waiting:
            near = [start[j] for j in around.get(i, ()) if start[j] is not None]
            if near:
                start[i] = (sum(p[0] for p in near) / len(near) + rng.uniform(-0.5, 0.5),
                            sum(p[1] for p in near) / len(near) + rng.uniform(-0.5, 0.5))
            else:
                still.append(i)
        waiting = still
    for i in waiting:
        start[i] = (rng.uniform(box[0], box[1]), rng.uniform(box[2], box[3]))

    fixed = [not is_new[i] for i in members]
    xs = [start[i][0] for i in members]
    ys = [start[i][1] for i in members]
    inf = math.inf
    settled = _force_layout(
        igraph, len(members), edges, [[x, y] for x, y in zip(xs, ys)], INCREMENTAL_ITERATIONS, seed,
        start_temp=1.0,
        minx=[x if f else -inf for x, f in zip(xs, fixed)], maxx=[x if f else inf for x, f in zip(xs, fixed)],
        miny=[y if f else -inf for y, f in zip(ys, fixed)], maxy=[y if f else inf for y, f in zip(ys, fixed)],
    )
    loose = [part for part in _components(len(members), edges) if not any(fixed[k] for k in part)]
    if loose:
        _pack(settled, loose, (box[0], box[3] + PACK_MARGIN))
    for k, i in enumerate(members):
        if not fixed[k]:
            start[i] = settled[k]
    return start  # type: ignore[return-value]


def _force_layout(igraph, count: int, edges: list[tuple[int, int]], start: list[list[float]], iterations: int,
                  seed: int, weights: list[float] | None = None, **bounds) -> list[Position]:
    """igraph's grid Fruchterman–Reingold from `start`, its random draws from a generator seeded by `seed`;
    `weights`: each edge's pull (1 when None)."""
    g = igraph.Graph(n=count, edges=edges)
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            layout = g.layout_fruchterman_reingold(seed=start, niter=iterations, grid="grid", weights=weights,
                                                   **bounds)
        finally:
            igraph.set_random_number_generator(random)
    return [(float(x), float(y)) for x, y in layout.coords]


def _components(count: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    """The connected components, each a sorted list of nodes, in the order of their first node."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in edges:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    parts: dict[int, list[int]] = {}
    for i in range(count):
        parts.setdefault(root(i), []).append(i)
    return list(parts.values())


def _pack(positions: list[Position], parts: list[list[int]], origin: Position) -> None:
    """Move each part (a connected component) as a block so the blocks sit side by side in rows from `origin`,
    biggest first: a force layout leaves separate components and orphans strewn far apart."""
    boxes = []
    for part in parts:
        xs = [positions[i][0] for i in part]
        ys = [positions[i][1] for i in part]
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    order = sorted(range(len(parts)), key=lambda k: (-len(parts[k]), parts[k][0]))
    area = sum((b[1] - b[0] + PACK_MARGIN) * (b[3] - b[2] + PACK_MARGIN) for b in boxes)
    width = max(max(b[1] - b[0] for b in boxes), math.sqrt(area))
    x, y, row = origin[0], origin[1], 0.0
    for k in order:
        x0, x1, y0, y1 = boxes[k]
        if x > origin[0] and x + (x1 - x0) > origin[0] + width:
            x, y, row = origin[0], y + row + PACK_MARGIN, 0.0
        dx, dy = x - x0, y - y0
        for i in parts[k]:
            positions[i] = (positions[i][0] + dx, positions[i][1] + dy)
        x += x1 - x0 + PACK_MARGIN
        row = max(row, y1 - y0)
