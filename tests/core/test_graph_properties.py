"""Properties of the graph operations on random graphs: filters keep exactly the edges among what they keep,
updates keep every placed node where it was."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.graph import GraphNode, VaultGraph, filter_graph, neighbourhood
from desktop.core.graph_layout import compute_layout

GROUPS = ["", "a", "b", "c"]


@st.composite
def graphs(draw, max_nodes: int = 25) -> VaultGraph:
    count = draw(st.integers(min_value=0, max_value=max_nodes))
    nodes = []
    for i in range(count):
        kind = draw(st.sampled_from(["note", "note", "topic", "video"]))
        group = draw(st.sampled_from(GROUPS)) if kind == "note" else ""
        nodes.append(GraphNode(kind, f"{kind}-{i}", f"label {i}", group))
    pairs = draw(st.lists(st.tuples(st.integers(0, max(count - 1, 0)), st.integers(0, max(count - 1, 0))),
                          max_size=3 * count)) if count else []
    edges = sorted({(min(i, j), max(i, j)) for i, j in pairs if i != j})
    return VaultGraph(nodes, edges)


def as_keys(graph: VaultGraph) -> list[tuple[str, str]]:
    return [(n.kind, n.key) for n in graph.nodes]


def as_pairs(graph: VaultGraph) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    keys = as_keys(graph)
    return {(keys[i], keys[j]) for i, j in graph.edges}


@settings(max_examples=200, deadline=None)
@given(graphs(), st.none() | st.sets(st.sampled_from(GROUPS)), st.none() | st.sets(st.integers(0, 30)))
def test_a_filter_keeps_the_edges_among_what_it_keeps(graph, groups, picked):
    keys = None if picked is None else {(n.kind, n.key) for i, n in enumerate(graph.nodes) if i in picked}
    part = filter_graph(graph, groups=groups, keys=keys)
    kept = as_keys(part)
    order = as_keys(graph)
    assert kept == [k for k in order if k in set(kept)]  # the graph's order, each node once
    assert as_pairs(part) == {(a, b) for a, b in as_pairs(graph) if a in set(kept) and b in set(kept)}
    assert all(i < j for i, j in part.edges) and part.edges == sorted(set(part.edges))
    for i, node in enumerate(part.nodes):
        if groups is not None and node.kind == "note":
            assert node.group in groups
        if groups is not None and keys is None and node.kind != "note":  # a topic or video stays beside a note
            assert any(part.nodes[j].kind == "note" for j in part.neighbours(i))
        if keys is not None:
            assert (node.kind, node.key) in keys


@settings(max_examples=100, deadline=None)
@given(graphs())
def test_neighbourhood_is_symmetric(graph):
    for i in range(len(graph.nodes)):
        for j in neighbourhood(graph, i) - {i}:
            assert i in neighbourhood(graph, j)
        assert graph.degree(i) == len(neighbourhood(graph, i)) - 1


@settings(max_examples=60, deadline=None)
@given(graphs(max_nodes=30), st.sets(st.integers(0, 29), max_size=8), st.integers(0, 5))
def test_an_update_keeps_every_placed_node_in_place(graph, dropped, seed):
    positions = compute_layout(graph, seed=seed)
    assert len(positions) == len(graph.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in positions)
    previous = {(n.kind, n.key): p for i, (n, p) in enumerate(zip(graph.nodes, positions)) if i not in dropped}
    updated = compute_layout(graph, previous=previous, seed=seed)
    assert len(updated) == len(graph.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in updated)
    if 2 * len(previous) >= len(graph.nodes):  # mostly placed: an update, not a fresh layout
        for node, position in zip(graph.nodes, updated):
            if (node.kind, node.key) in previous:
                assert position == previous[(node.kind, node.key)]
