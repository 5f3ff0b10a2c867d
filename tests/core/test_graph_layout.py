"""The graph layout: one position per node, the same for a seed, linked nodes near, updates that keep places."""

from __future__ import annotations

import math
import statistics

from desktop.core.graph import GraphNode, VaultGraph, build_graph
from desktop.core.graph_layout import compute_layout
from desktop.core.index import VaultIndex
from tests.core.core_helpers import write
from tests.core.graph_helpers import BETA, note, small_index


def ring_of_clusters(clusters: int = 4, size: int = 12) -> VaultGraph:
    """`clusters` cliques of `size` notes, each clique joined to the next by one edge."""
    nodes = [GraphNode("note", f"c{c}/n{k}.md", f"n{k}", f"c{c}") for c in range(clusters) for k in range(size)]
    edges = {(c * size + a, c * size + b) for c in range(clusters) for a in range(size) for b in range(a + 1, size)}
    edges |= {(c * size, ((c + 1) % clusters) * size + 1) for c in range(clusters)}
    return VaultGraph(nodes, sorted((min(e), max(e)) for e in edges))


def test_one_finite_position_per_node():
    graph = ring_of_clusters()
    positions = compute_layout(graph)
    assert len(positions) == len(graph.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in positions)
    assert len(set(positions)) == len(positions)  # no two nodes on the same spot


def test_the_same_seed_gives_the_same_layout_and_another_seed_another():
    graph = ring_of_clusters()
    assert compute_layout(graph, seed=7) == compute_layout(graph, seed=7)
    assert compute_layout(graph, seed=7) != compute_layout(graph, seed=8)


def test_linked_nodes_sit_closer_than_unlinked_ones():
    graph = ring_of_clusters()
    positions = compute_layout(graph)
    cluster = lambda i: i // 12  # noqa: E731
    inside = [math.dist(positions[i], positions[j]) for i in range(len(positions)) for j in range(i)
              if cluster(i) == cluster(j)]
    across = [math.dist(positions[i], positions[j]) for i in range(len(positions)) for j in range(i)
              if cluster(i) != cluster(j)]
    assert statistics.median(inside) * 2 < statistics.median(across)


def test_empty_and_single_node_graphs():
    assert compute_layout(VaultGraph([], [])) == []
    one = VaultGraph([GraphNode("note", "a.md", "A", "")], [])
    assert compute_layout(one) == [(0.0, 0.0)]
    assert compute_layout(one, previous={("note", "a.md"): (3.0, 4.0)}) == [(3.0, 4.0)]


def test_an_update_keeps_placed_nodes_and_puts_a_new_note_beside_its_link(tmp_path):
    root = tmp_path / "vault"
    index = small_index(root)
    graph = build_graph(index)
    before = compute_layout(graph)
    previous = {(n.kind, n.key): p for n, p in zip(graph.nodes, before)}
    write(root, "chan_a/zeta.md", note("Zeta", "Only [[beta]]."))
    grown = build_graph(VaultIndex.build(root, workers=1))
    after = compute_layout(grown, previous=previous)
    assert len(after) == len(grown.nodes)
    for node, position in zip(grown.nodes, after):
        if (node.kind, node.key) in previous:
            assert math.dist(position, previous[(node.kind, node.key)]) < 1.0
    zeta = after[grown.index_of("note", "chan_a/zeta.md")]
    beta = after[grown.index_of("note", BETA)]
    spread = max(math.dist(p, q) for p in before for q in before)
    assert math.dist(zeta, beta) < spread / 2


def test_an_update_with_nothing_new_returns_the_old_places():
    graph = ring_of_clusters()
    positions = compute_layout(graph)
    previous = {(n.kind, n.key): p for n, p in zip(graph.nodes, positions)}
    assert compute_layout(graph, previous=previous) == positions


def test_an_update_is_deterministic_too():
    graph = ring_of_clusters()
    positions = compute_layout(graph)
    previous = {(n.kind, n.key): p for n, p in list(zip(graph.nodes, positions))[:-5]}
    assert compute_layout(graph, previous=previous, seed=3) == compute_layout(graph, previous=previous, seed=3)


def test_mostly_new_graphs_are_laid_out_afresh():
    graph = ring_of_clusters()
    few = {(graph.nodes[0].kind, graph.nodes[0].key): (1000.0, 1000.0)}
    positions = compute_layout(graph, previous=few)
    assert positions == compute_layout(graph)  # one old node of 48 does not pin the layout far away


def box(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    return (min(p[0] for p in points), max(p[0] for p in points), min(p[1] for p in points),
            max(p[1] for p in points))


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1] and a[2] <= b[3] and b[2] <= a[3]


def test_separate_components_and_orphans_sit_side_by_side_not_strewn():
    clusters = ring_of_clusters(clusters=1, size=30)
    other = ring_of_clusters(clusters=1, size=10)
    nodes = clusters.nodes + [GraphNode("note", f"other/{n.key}", n.label, "other") for n in other.nodes]
    nodes += [GraphNode("note", f"orphan{k}.md", f"orphan {k}", "") for k in range(200)]
    edges = clusters.edges + [(i + 30, j + 30) for i, j in other.edges]
    positions = compute_layout(VaultGraph(nodes, edges))
    big, small, orphans = box(positions[:30]), box(positions[30:40]), positions[40:]
    assert not overlap(big, small)
    assert not any(overlap(big, box([p])) or overlap(small, box([p])) for p in orphans)
    assert len(set(orphans)) == len(orphans)
    # packed in rows: the whole drawing is not much bigger than what it holds (each orphan takes ~1 x 1)
    whole = box(positions)
    held = sum((b[1] - b[0] + 1) * (b[3] - b[2] + 1) for b in (big, small)) + len(orphans)
    assert (whole[1] - whole[0]) * (whole[3] - whole[2]) < 3 * held


def test_a_new_part_with_no_placed_neighbour_goes_beside_the_old_layout(tmp_path):
    root = tmp_path / "vault"
    index = small_index(root)
    graph = build_graph(index)
    before = compute_layout(graph)
    previous = {(n.kind, n.key): p for n, p in zip(graph.nodes, before)}
    write(root, "island/one.md", note("One", "About [[Brand New Topic]]."))
    grown = build_graph(VaultIndex.build(root, workers=1))
    after = compute_layout(grown, previous=previous)
    old = box(before)
    one = after[grown.index_of("note", "island/one.md")]
    topic = after[grown.index_of("topic", "brandnewtopic")]
    assert not overlap(old, box([one, topic]))
    assert math.dist(one, topic) < max(old[1] - old[0], old[3] - old[2])


def _two_steps_from_a_page() -> VaultGraph:
    """A local graph two steps out, as the panel lays it: the page (node 0) links its channel's note (1) and two
    notes; the channel's note links 300 notes, which link each other here and there."""
    import random

    rng = random.Random(4)
    nodes = [GraphNode("note", f"c/n{i}.md", f"n{i}", "c") for i in range(304)]
    edges = {(0, 1), (0, 2), (0, 3), (2, 3)} | {(1, i) for i in range(4, 304)}
    edges |= {tuple(sorted(rng.sample(range(4, 304), 2))) for _ in range(400)}
    return VaultGraph(nodes, sorted(edges))


def _offset_from_the_middle(positions, i: int) -> float:
    """How far node `i` is from the middle of the layout's box, in halves of the box's side (0 middle, 1 edge)."""
    xs, ys = [p[0] for p in positions], [p[1] for p in positions]
    half_x, half_y = (max(xs) - min(xs)) / 2, (max(ys) - min(ys)) / 2
    return max(abs(positions[i][0] - (max(xs) + min(xs)) / 2) / half_x,
               abs(positions[i][1] - (max(ys) + min(ys)) / 2) / half_y)


def test_a_local_graph_s_page_is_laid_out_in_the_middle():
    """A force layout pushes a page of few links to the rim of its channel's cloud; the page the local graph is
    about is drawn to the middle, the rest still by its links."""
    graph = _two_steps_from_a_page()
    centred = compute_layout(graph, centre=0)
    assert _offset_from_the_middle(centred, 0) < 0.25
    assert compute_layout(graph, centre=0) == centred  # still the same for the same seed
    inside = statistics.median(math.dist(centred[a], centred[b]) for a, b in graph.edges)
    apart = statistics.median(math.dist(centred[a], centred[b]) for a in range(0, 300, 7) for b in range(3, 300, 11))
    assert inside < apart  # linked nodes still sit closer
