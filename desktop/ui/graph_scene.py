"""A laid-out graph made ready to paint: positions, sizes, colour slots, a spatial grid and batched points.

Built off the GUI thread (`build_scene` touches only Qt value types: QPolygonF, QLineF, QRectF), once per
graph and layout, so that painting a frame does no per-node Python work when zoomed out and only looks at the
grid cells in view when zoomed in.
"""

from __future__ import annotations

import heapq

import math
import random
from dataclasses import dataclass, field

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF

from desktop.core.graph import VaultGraph

PALETTE_SLOTS = 12  # folder colours; more folders than this share colours in turn
TOPIC_SLOT = PALETTE_SLOTS  # topics: one neutral colour
VIDEO_SLOT = PALETTE_SLOTS + 1
PLAIN_SLOT = PALETTE_SLOTS + 2  # a note at the vault's top level (no folder)
SLOT_COUNT = PALETTE_SLOTS + 3
FEW_HUBS = 200  # a graph without hub-sized nodes: its best linked, named when zoomed out
SIZE_FACTORS = (1.0, 1.45, 2.1)  # by degree: the hubs of a vault stand out
NODES_PER_CELL = 12  # the grid's fineness: about this many nodes in a cell on average (among cells with nodes)
MAX_GRID = 256  # cells a side at most
PREBUILT_CELL_LINES = 8  # lines made ahead per grid cell (more when a closer view asks for them)
FULL_VIEW_EDGES = 1500  # edges drawn when the whole graph is in view: an even sample, as one prebuilt path


def size_class(degree: int) -> int:
    return 0 if degree < 8 else 1 if degree < 64 else 2


@dataclass
class GraphScene:
    """Everything the view paints, in world coordinates (the layout's own units)."""

    graph: VaultGraph
    xs: list[float]
    ys: list[float]
    radius: list[float]  # world units
    size: list[int]  # size class by degree (see SIZE_FACTORS)
    degree: list[int]  # links per node
    slot: list[int]  # colour slot: a folder's, or TOPIC_SLOT / VIDEO_SLOT / PLAIN_SLOT
    base_radius: float
    bounds: QRectF
    cell_size: float
    cols: int
    rows: int
    cell_nodes: list[list[int]]
    cell_edges: list[list[int]]  # edge numbers touching the cell, shortest first (zoomed in, local links matter)
    edge_order: list[int]  # every edge number, shuffled once: a prefix is an even sample of the whole
    full_view_path: QPainterPath  # the first FULL_VIEW_EDGES of edge_order, drawn in one call
    batches: list[tuple[int, int, QPolygonF]] = field(default_factory=list)  # (slot, size class, points)
    hubs: list[int] = field(default_factory=list)  # the nodes of the largest size class, best linked first
    _cell_lines: dict[int, list[QLineF]] = field(default_factory=dict)  # a cell's shortest edges as lines

    @property
    def node_count(self) -> int:
        return len(self.xs)

    def cells_in(self, left: float, top: float, right: float, bottom: float) -> list[int] | None:
        """The grid cells meeting a world rectangle, or None when it covers the whole grid."""
        b = self.bounds
        c0 = max(int((left - b.left()) // self.cell_size), 0)
        c1 = min(int((right - b.left()) // self.cell_size), self.cols - 1)
        r0 = max(int((top - b.top()) // self.cell_size), 0)
        r1 = min(int((bottom - b.top()) // self.cell_size), self.rows - 1)
        if c0 == 0 and r0 == 0 and c1 == self.cols - 1 and r1 == self.rows - 1:
            return None
        if c1 < c0 or r1 < r0:
            return []
        return [r * self.cols + c for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]

    def count_in(self, cells: list[int] | None) -> int:
        if cells is None:
            return self.node_count
        return sum(len(self.cell_nodes[c]) for c in cells)

    def nodes_in(self, cells: list[int] | None, left: float, top: float, right: float,
                 bottom: float) -> list[int]:
        """The nodes whose centre lies in the world rectangle (found through the grid)."""
        xs, ys = self.xs, self.ys
        candidates = range(self.node_count) if cells is None else (i for c in cells for i in self.cell_nodes[c])
        return [i for i in candidates if left <= xs[i] <= right and top <= ys[i] <= bottom]

    def lines_in(self, cells: list[int], budget: int) -> list[QLineF]:
        """At most about `budget` edges with an end in `cells`, as lines: all of them when they fit, else the
        same share of each cell's list, its shortest edges (the long ones cross the screen: costly to draw, and
        a hairball's noise), the same ones from frame to frame. Each cell's lines are made once, when first
        shown."""
        counts = [len(self.cell_edges[c]) for c in cells]
        total = sum(counts)
        share = 1.0 if total <= budget else budget / total
        lines: list[QLineF] = []
        made = self._cell_lines
        for c, count in zip(cells, counts):
            want = count if share == 1.0 else int(count * share + 0.5)  # (ceil, over thousands of cells: 1.6×)
            if not want:
                continue
            have = made.get(c)
            if have is None or len(have) < want:
                have = made[c] = self.lines(self.cell_edges[c][:max(want, 2 * len(have or ()), 16)])
            lines += have[:want]
        return lines

    def lines(self, edges: list[int]) -> list[QLineF]:
        xs, ys, pairs = self.xs, self.ys, self.graph.edges
        return [QLineF(xs[a], ys[a], xs[b], ys[b]) for a, b in (pairs[e] for e in edges)]

    def node_at(self, x: float, y: float, reach: float, base_cap: float | None = None) -> int | None:
        """The node nearest the world point within `reach` (or its own radius, when larger), else None.
        `base_cap`: the largest radius a node of the smallest class is drawn at (world units), if capped."""
        scale = 1.0 if base_cap is None else min(1.0, base_cap / self.base_radius)
        if not self.node_count:
            return None
        b = self.bounds
        col = int((x - b.left()) // self.cell_size)
        row = int((y - b.top()) // self.cell_size)
        span = max(1, math.ceil(max(reach, self.base_radius * SIZE_FACTORS[-1] * scale) / self.cell_size))
        best, best_d = None, math.inf
        for r in range(max(row - span, 0), min(row + span, self.rows - 1) + 1):
            for c in range(max(col - span, 0), min(col + span, self.cols - 1) + 1):
                for i in self.cell_nodes[r * self.cols + c]:
                    d = math.hypot(self.xs[i] - x, self.ys[i] - y)
                    if d <= max(reach, self.radius[i] * scale) and d < best_d:
                        best, best_d = i, d
        return best


def group_slots(groups: list[str]) -> dict[str, int]:
    """A colour slot per folder, in the order given (the whole vault's, so a filter keeps the colours)."""
    return {group: n % PALETTE_SLOTS for n, group in enumerate(groups)}


def build_scene(graph: VaultGraph, positions: list[tuple[float, float]],
                slots: dict[str, int] | None = None, seed: int = 1) -> GraphScene:
    """Prepare `graph` laid out at `positions` for painting. Pure of widgets: runs on a worker."""
    count = len(graph.nodes)
    slots = slots if slots is not None else group_slots(graph.groups())
    xs = [float(p[0]) for p in positions]
    ys = [float(p[1]) for p in positions]
    if count:
        left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    else:
        left = right = top = bottom = 0.0
    span = max(right - left, bottom - top, 1e-6)
    base = max(span / math.sqrt(max(count, 1)), 1e-6) * 0.16 if count > 1 else 1.0
    degree = [0] * count
    for a, b in graph.edges:
        degree[a] += 1
        degree[b] += 1
    radius, slot, size = [0.0] * count, [0] * count, [size_class(d) for d in degree]
    for i, node in enumerate(graph.nodes):
        factor = SIZE_FACTORS[size[i]]
        if node.kind == "topic":
            slot[i], factor = TOPIC_SLOT, factor * 0.8
        elif node.kind == "video":
            slot[i] = VIDEO_SLOT
        else:
            slot[i] = slots.get(node.group, PLAIN_SLOT) if node.group else PLAIN_SLOT
        radius[i] = base * factor
    pad = base * SIZE_FACTORS[-1]
    bounds = QRectF(left - pad, top - pad, (right - left) + 2 * pad, (bottom - top) + 2 * pad)
    cell, cols, rows, cell_of = _grid(xs, ys, bounds, count)
    cell_nodes: list[list[int]] = [[] for _ in range(cols * rows)]
    for i, c in enumerate(cell_of):
        cell_nodes[c].append(i)
    order = list(range(len(graph.edges)))
    random.Random(seed).shuffle(order)
    length = [abs(xs[a] - xs[b]) + abs(ys[a] - ys[b]) for a, b in graph.edges]
    cell_edges: list[list[int]] = [[] for _ in range(cols * rows)]
    for e, (a, b) in enumerate(graph.edges):
        ca, cb = cell_of[a], cell_of[b]
        cell_edges[ca].append(e)
        if cb != ca:
            cell_edges[cb].append(e)
    for found in cell_edges:  # cell by cell: one sort of 300k edges would hold the interpreter lock ~0.2 s
        found.sort(key=length.__getitem__)
    full_view_path = QPainterPath()
    for e in order[:FULL_VIEW_EDGES]:
        a, b = graph.edges[e]
        full_view_path.moveTo(xs[a], ys[a])
        full_view_path.lineTo(xs[b], ys[b])
    scene = GraphScene(graph=graph, xs=xs, ys=ys, radius=radius, size=size, degree=degree, slot=slot, base_radius=base, bounds=bounds,
                       cell_size=cell, cols=cols, rows=rows, cell_nodes=cell_nodes, cell_edges=cell_edges,
                       edge_order=order, full_view_path=full_view_path)
    scene.batches = point_batches(scene, range(count))
    scene.hubs = sorted((i for i in range(count) if size[i] == len(SIZE_FACTORS) - 1), key=lambda i: (-degree[i], i))
    if not scene.hubs:  # a graph of no hub size (a filtered one): its best linked nodes name it zoomed out
        scene.hubs = heapq.nsmallest(FEW_HUBS, range(count), key=lambda i: (-degree[i], i))
    if count:
        graph.neighbours(0)  # the graph makes its lookups on first use: here, not on the GUI thread
        graph.index_of(graph.nodes[0].kind, graph.nodes[0].key)
    for c, found in enumerate(cell_edges):  # each cell's shortest few: the first zoom needs no lines made
        if found:
            scene._cell_lines[c] = scene.lines(found[:PREBUILT_CELL_LINES])
    return scene


def _grid(xs: list[float], ys: list[float], bounds: QRectF, count: int) -> tuple[float, int, int, list[int]]:
    """The spatial grid: (cell size, columns, rows, each node's cell). About NODES_PER_CELL nodes a cell where
    there are nodes: a layout of packed clusters leaves most of its bounds empty (the public vault's: four cells
    in five), so the grid is made finer by how much of it is empty, else a cluster's cells hold hundreds of
    nodes and a view zoomed in on it finds no fewer."""
    span = max(bounds.width(), bounds.height())
    cols = max(1, min(MAX_GRID, round(math.sqrt(count / NODES_PER_CELL))))
    for _ in range(2):
        cell = span / cols
        rows = max(1, min(MAX_GRID, math.ceil(bounds.height() / cell)))
        cols = max(1, min(MAX_GRID, math.ceil(bounds.width() / cell)))
        left, top = bounds.left(), bounds.top()
        cell_of = [min(int((x - left) // cell), cols - 1) + cols * min(int((y - top) // cell), rows - 1)
                   for x, y in zip(xs, ys)]
        occupied = len(set(cell_of))
        finer = math.sqrt(count / NODES_PER_CELL / max(occupied, 1))
        if finer < 1.5 or max(cols, rows) >= MAX_GRID:
            break
        cols = max(1, min(MAX_GRID, round(max(cols, rows) * finer)))  # the longer side's count, as `span` is
    return cell, cols, rows, cell_of


def point_batches(scene: GraphScene, nodes) -> list[tuple[int, int, QPolygonF]]:
    """The nodes as point lists, one per (colour slot, size class): a frame draws each with one call."""
    grouped: dict[tuple[int, int], list[QPointF]] = {}
    for i in nodes:
        grouped.setdefault((scene.slot[i], scene.size[i]), []).append(QPointF(scene.xs[i], scene.ys[i]))
    return [(slot, klass, QPolygonF(points)) for (slot, klass), points in sorted(grouped.items())]
