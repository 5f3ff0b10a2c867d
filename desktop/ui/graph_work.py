"""What the graph views ask of a worker: a graph built from the index, laid out (from the cache when it has
this very graph, else from its nearest earlier layout so nodes keep their places), and made ready to paint.

Plain functions of the core and Qt value types, run through `desktop.ui.runner`; none touches a widget.
"""

from __future__ import annotations

import logging
import os
import time
from array import array
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from desktop.core.graph import VaultGraph, build_graph, filter_graph, local_graph
from desktop.core.graph_cache import load_layout, load_nearest_layout, save_layout
from desktop.core.graph_layout import compute_layout
from desktop.core.index import exit_with_parent, worker_context
from desktop.core.memory import long_lived
from desktop.ui.graph_scene import GraphScene, build_scene, group_slots

log = logging.getLogger(__name__)

Positions = list[tuple[float, float]]
IN_THREAD_NODES = 2000  # a graph this small is laid out in milliseconds: no process of its own
IN_THREAD_NEW_NODES = 200  # nor an update that places this few new nodes among laid-out ones


@dataclass
class LaidOut:
    """A graph with its positions, its scene, and how the layout was had."""

    graph: VaultGraph
    positions: Positions
    scene: GraphScene
    cached: bool  # the positions came from the cache as they were
    seconds: float  # building, layout and scene together


def vault_layout(index, cache_dir: Path | None, vault: Path) -> LaidOut:
    """Every note and topic of the vault, laid out: the cached layout of this graph, or one computed from the
    nearest cached one (an index that changed moves only what changed) and saved for next time.
    `cache_dir` None: no cache (nothing read or written)."""
    start = time.perf_counter()
    with long_lived():  # ~10^6 objects that live as long as the graph is shown: kept out of the collector's walks
        graph = build_graph(index)
    positions = load_layout(cache_dir, vault, graph) if cache_dir is not None else None
    cached = positions is not None
    if positions is None:
        previous = load_nearest_layout(cache_dir, vault) if cache_dir is not None else None
        positions = layout_positions(graph, previous)
        if cache_dir is not None:
            try:
                save_layout(cache_dir, vault, graph, positions)
            except OSError as error:  # a full disk or a read-only cache: the graph still shows
                log.warning("graph: the layout could not be cached: %s", error)
    with long_lived():
        scene = build_scene(graph, positions, group_slots(graph.groups()))
    return LaidOut(graph, positions, scene, cached, time.perf_counter() - start)


def page_layout(index, kind: str, key: str, depth: int, catalog=None) -> LaidOut:
    """The page's own graph: it, what it links to and what links to it (to `depth` steps), laid out afresh.
    `catalog`: the vault's videos when listed (a note's video is one of its nodes)."""
    start = time.perf_counter()
    graph = local_graph(index, kind, key, depth=depth, catalog=catalog)
    positions = layout_positions(graph, centre=0)  # two steps from a hub may be most of the vault; the page is
    # node 0 (local_graph), drawn to the middle
    scene = build_scene(graph, positions)
    return LaidOut(graph, positions, scene, False, time.perf_counter() - start)


def filtered_scene(whole: LaidOut, groups: set[str] | None, keys: set[tuple[str, str]] | None) -> GraphScene:
    """The part of a laid-out graph the filters keep, each node where it is in the whole (no new layout), in the
    whole graph's folder colours."""
    if groups is None and keys is None:
        return whole.scene
    part = filter_graph(whole.graph, groups=groups, keys=keys)
    at = [whole.graph.index_of(node.kind, node.key) for node in part.nodes]
    positions = [whole.positions[i] for i in at]
    with long_lived():
        return build_scene(part, positions, group_slots(whole.graph.groups()))


def layout_positions(graph: VaultGraph, previous=None, in_thread_nodes: int = IN_THREAD_NODES,
                     centre: int | None = None) -> Positions:
    """`compute_layout(graph, previous, centre=centre)`, on a process of its own for a big graph: igraph's layout
    holds the interpreter lock from start to end (6 s at 20k nodes froze the window for all of it); waiting on a
    process lets the GUI thread run. A graph of at most `in_thread_nodes`, or an update placing at most that many new
    nodes among placed ones (tens of ms), is laid out here. Without worker processes (a sandbox) it is laid out
    here too, with a warning."""
    new = len(graph.nodes) if not previous else sum((n.kind, n.key) not in previous for n in graph.nodes)
    if len(graph.nodes) <= in_thread_nodes or new <= min(in_thread_nodes, IN_THREAD_NEW_NODES):
        return compute_layout(graph, previous, centre=centre)
    edges = array("I", (v for edge in graph.edges for v in edge)).tobytes()  # one bytes object: quick to send
    context = worker_context()  # the GUI has threads: never forked itself
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=exit_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            flat = pool.submit(_layout_in_child, graph.nodes, edges, dict(previous or {}), centre).result()
    except (BrokenProcessPool, OSError) as error:
        log.warning("graph: no worker process for the layout (%s): laying it out in this one", error)
        return compute_layout(graph, previous, centre=centre)
    values = array("d")
    values.frombytes(flat)
    return list(zip(values[0::2], values[1::2]))


def _layout_in_child(nodes, edges: bytes, previous, centre: int | None = None) -> bytes:
    """In the layout process: the graph back from its parts, laid out, the positions as one bytes object."""
    flat = array("I")
    flat.frombytes(edges)
    positions = compute_layout(VaultGraph(list(nodes), list(zip(flat[0::2], flat[1::2]))), previous or None,
                               centre=centre)
    return array("d", (value for position in positions for value in position)).tobytes()
