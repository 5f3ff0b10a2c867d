"""Where a graph view's names go: each beside its node, never over another name or a named node, never cut
by the view's edges, the most important first (what a polished graph view does: the page being read and its
neighbours always named, a name that would collide left out until a zoom makes room or the pointer names it).

Pure geometry on screen rectangles (no Qt), so that a frame's placement is plain arithmetic and testable alone.
A spatial hash keeps a frame's cost linear in the names tried rather than quadratic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

Rect = tuple[float, float, float, float]  # left, top, right, bottom
GAP = 2.0  # px between a node's shape and its name
PAD = 3.0  # px kept clear around a name (names that touch read as one)
BUCKET = 48.0  # px: the spatial hash's cell


@dataclass(frozen=True)
class LabelAsk:
    """A node to name: its centre and radius on screen, and its name's size."""

    node: int
    x: float
    y: float
    radius: float
    width: float
    height: float
    forced: bool = False  # named even where every spot meets another name (the page being read, the selection)


class Occupied:
    """Rectangles already taken on screen, bucketed for quick overlap tests."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[Rect]] = {}

    def add(self, rect: Rect) -> None:
        left, top, right, bottom = rect
        cells = self._cells
        for cx in range(int(left // BUCKET), int(right // BUCKET) + 1):
            for cy in range(int(top // BUCKET), int(bottom // BUCKET) + 1):
                found = cells.get((cx, cy))
                if found is None:
                    cells[(cx, cy)] = [rect]
                else:
                    found.append(rect)

    def hits(self, rect: Rect) -> bool:
        left, top, right, bottom = rect
        cells = self._cells
        for cx in range(int(left // BUCKET), int(right // BUCKET) + 1):
            for cy in range(int(top // BUCKET), int(bottom // BUCKET) + 1):
                for l2, t2, r2, b2 in cells.get((cx, cy), ()):
                    if left < r2 and l2 < right and top < b2 and t2 < bottom:
                        return True
        return False


def node_box(ask: LabelAsk) -> Rect:
    return ask.x - ask.radius, ask.y - ask.radius, ask.x + ask.radius, ask.y + ask.radius


def _spots(ask: LabelAsk, width: float, height: float, margin: float) -> Iterator[tuple[float, float]]:
    """Where a name may go, best first: under its node (centred, or starting or ending at its side), over it
    (the same three), to its right, to its left; each slid inside the view (a node by the view's side keeps its
    name whole)."""
    w, h, r = ask.width, ask.height, ask.radius
    max_x, max_y = width - margin, height - margin

    def inside_x(left: float) -> float:
        return max(margin, min(left, max_x - w))

    def inside_y(top: float) -> float:
        return max(margin, min(top, max_y - h))

    below, above = ask.y + r + GAP, ask.y - r - GAP - h
    centred, after, before = ask.x - w / 2, ask.x - r, ask.x + r - w  # under the node: centred, or from its side
    for top in (below, above):
        if margin <= top and top + h <= max_y:
            yield inside_x(centred), top
            yield inside_x(after), top
            yield inside_x(before), top
    right, left = ask.x + r + GAP * 2, ask.x - r - GAP * 2 - w
    if right + w <= max_x:
        yield right, inside_y(ask.y - h / 2)
    if left >= margin:
        yield left, inside_y(ask.y - h / 2)


def place_labels(asks: Iterable[LabelAsk], width: float, height: float, margin: float = 3.0,
                 budget: int | None = None, shapes: Iterable[Rect] = ()) -> list[tuple[int, float, float]]:
    """(node, left, top) of each name placed, in the order asked (most important first). A name goes to the
    first of its spots (`_spots`) that meets no name placed before it and no named node's shape; a node whose
    own shape lies under a name placed before it stays unnamed (its name would read as the other's); a node
    out of the view is not named (its name would hang at the edge). A `forced` ask is placed at its first spot
    anyway when every spot meets something. `budget`: at most this many names. `shapes`: the boxes of the
    other nodes drawn: a spot that covers none of them is preferred to one that covers an unnamed node."""
    taken = Occupied()  # names placed (padded) and the shapes of the nodes they name
    drawn = Occupied()
    for rect in shapes:
        drawn.add(rect)
    placed: list[tuple[int, float, float]] = []
    for ask in asks:
        if budget is not None and len(placed) >= budget:
            break
        if not (0 <= ask.x <= width and 0 <= ask.y <= height):
            continue
        box = node_box(ask)
        if not ask.forced and taken.hits(box):
            continue
        spots = list(_spots(ask, width, height, margin))
        chosen = first_free = None
        for spot in spots:
            if not taken.hits(_padded(spot, ask)):
                if not drawn.hits(_rect(spot, ask)):
                    chosen = spot
                    break
                first_free = first_free or spot
        chosen = chosen or first_free
        if chosen is None and ask.forced:  # the first spot that fits the view, else under the node, slid in
            chosen = spots[0] if spots else (max(margin, min(ask.x - ask.width / 2, width - margin - ask.width)),
                                             max(margin, min(ask.y + ask.radius + GAP, height - margin - ask.height)))
        if chosen is not None:
            taken.add(_padded(chosen, ask))
            taken.add(box)
            placed.append((ask.node, *chosen))
    return placed


def _rect(spot: tuple[float, float], ask: LabelAsk) -> Rect:
    left, top = spot
    return left, top, left + ask.width, top + ask.height


def _padded(spot: tuple[float, float], ask: LabelAsk) -> Rect:
    left, top = spot
    return left - PAD, top - PAD, left + ask.width + PAD, top + ask.height + PAD
