"""The vault graph: nodes and edges from the index, local graphs, filters, neighbourhoods."""

from __future__ import annotations

import pytest

from desktop.core.graph import GraphNode, VaultGraph, build_graph, filter_graph, local_graph, neighbourhood
from desktop.core.index import VaultIndex
from tests.core.core_helpers import write
from tests.core.graph_helpers import (
    ALPHA,
    BETA,
    CLIMATE,
    DELTA,
    ECONOMICS,
    EPSILON,
    GAMMA,
    VID_A,
    VID_B,
    note,
    small_index,
)


@pytest.fixture
def index(tmp_path):
    return small_index(tmp_path / "vault")


def keys(graph: VaultGraph) -> set[tuple[str, str]]:
    return {(n.kind, n.key) for n in graph.nodes}


def edges(graph: VaultGraph) -> set[frozenset[tuple[str, str]]]:
    """The edges as pairs of (kind, key), for comparing graphs whatever their node order."""
    return {frozenset({(graph.nodes[i].kind, graph.nodes[i].key), (graph.nodes[j].kind, graph.nodes[j].key)})
            for i, j in graph.edges}


def pair(a: tuple[str, str], b: tuple[str, str]) -> frozenset[tuple[str, str]]:
    return frozenset({a, b})


N = lambda path: ("note", path)  # noqa: E731
T = lambda key: ("topic", key)  # noqa: E731
V = lambda vid: ("video", vid)  # noqa: E731
VAULT_EDGES = {pair(N(ALPHA), N(BETA)), pair(N(ALPHA), T(CLIMATE)), pair(N(BETA), T(CLIMATE)),
               pair(N(BETA), N(GAMMA)), pair(N(GAMMA), T(ECONOMICS)), pair(N(DELTA), N(GAMMA))}


# --------------------------------------------------------------------------- the global graph

def test_every_note_and_topic_is_a_node_with_its_label_and_group(index):
    graph = build_graph(index)
    assert graph.nodes == [
        GraphNode("note", ALPHA, "Alpha", "chan_a"), GraphNode("note", BETA, "Beta", "chan_a"),
        GraphNode("note", EPSILON, "Epsilon", "chan_b"), GraphNode("note", GAMMA, "Gamma", "chan_b"),
        GraphNode("note", DELTA, "Delta", ""),
        GraphNode("topic", CLIMATE, index.topics[CLIMATE].name, ""),
        GraphNode("topic", ECONOMICS, index.topics[ECONOMICS].name, ""),
    ]
    assert graph.groups() == ["chan_a", "chan_b"]


def test_a_topic_spelled_two_ways_is_one_node(index):
    graph = build_graph(index)
    assert [n.key for n in graph.nodes if n.kind == "topic"] == [CLIMATE, ECONOMICS]
    climate = graph.index_of("topic", CLIMATE)
    assert {graph.nodes[i].key for i in graph.neighbours(climate)} == {ALPHA, BETA}


def test_edges_are_links_deduplicated_undirected_without_self_loops(index):
    graph = build_graph(index)
    assert edges(graph) == VAULT_EDGES
    assert len(graph.edges) == len(VAULT_EDGES)  # alpha links beta twice: one edge
    assert all(i < j for i, j in graph.edges)
    assert graph.edges == sorted(graph.edges)


def test_videos_join_the_notes_made_from_or_citing_them_when_asked(index):
    assert not any(n.kind == "video" for n in build_graph(index).nodes)
    graph = build_graph(index, include_videos=True)
    assert [(n.kind, n.key, n.group) for n in graph.nodes if n.kind == "video"] == [
        ("video", VID_A, ""), ("video", VID_B, "")]
    assert edges(graph) == VAULT_EDGES | {pair(N(ALPHA), V(VID_A)), pair(N(GAMMA), V(VID_B))}


def test_a_video_is_labelled_by_the_title_a_note_links_it_with(tmp_path):
    root = tmp_path / "vault"
    write(root, "chan/channel.md", note("Channel", f"### [The Big Talk](https://www.youtube.com/watch?v={VID_A})"))
    write(root, "chan/talk.md", note("Talk notes", "Words.", video=VID_A))
    graph = build_graph(VaultIndex.build(root, workers=1), include_videos=True)
    video = graph.nodes[graph.index_of("video", VID_A)]
    assert video.label == "The Big Talk"
    assert {graph.nodes[i].key for i in graph.neighbours(graph.index_of("video", VID_A))} == {
        "chan/channel.md", "chan/talk.md"}


def test_index_of_degree_and_neighbours(index):
    graph = build_graph(index)
    beta = graph.index_of("note", BETA)
    assert graph.nodes[beta].key == BETA
    assert graph.index_of("note", "missing.md") is None
    assert graph.index_of("topic", BETA) is None  # the kind is part of the key
    assert [graph.nodes[i].key for i in graph.neighbours(beta)] == [ALPHA, GAMMA, CLIMATE]  # node order
    assert graph.degree(beta) == 3
    assert graph.degree(graph.index_of("note", EPSILON)) == 0


def test_the_graph_never_changes_the_index(index):
    before = ({p: [(l.target, l.resolved) for l in n.links] for p, n in index.notes.items()},
              {k: (t.name, len(t.mentions)) for k, t in index.topics.items()},
              {k: len(v) for k, v in index.backlinks.items()})
    build_graph(index, include_videos=True)
    local_graph(index, "topic", CLIMATE, depth=2)
    after = ({p: [(l.target, l.resolved) for l in n.links] for p, n in index.notes.items()},
             {k: (t.name, len(t.mentions)) for k, t in index.topics.items()},
             {k: len(v) for k, v in index.backlinks.items()})
    assert after == before


def test_signature_follows_nodes_and_edges_not_labels(index, tmp_path):
    graph = build_graph(index)
    assert graph.signature() == build_graph(index).signature()
    renamed = VaultGraph([GraphNode(n.kind, n.key, n.label + "!", n.group) for n in graph.nodes], list(graph.edges))
    assert renamed.signature() == graph.signature()
    assert VaultGraph(graph.nodes, graph.edges[1:]).signature() != graph.signature()
    assert VaultGraph(graph.nodes[:-1], []).signature() != VaultGraph(graph.nodes, []).signature()


# --------------------------------------------------------------------------- local graphs

@pytest.mark.parametrize(("kind", "key", "depth", "want_nodes", "want_edges"), [
    ("note", ALPHA, 1, {N(ALPHA), N(BETA), T(CLIMATE), V(VID_A)},
     {pair(N(ALPHA), N(BETA)), pair(N(ALPHA), T(CLIMATE)), pair(N(BETA), T(CLIMATE)), pair(N(ALPHA), V(VID_A))}),
    ("note", ALPHA, 2, {N(ALPHA), N(BETA), T(CLIMATE), V(VID_A), N(GAMMA)},
     {pair(N(ALPHA), N(BETA)), pair(N(ALPHA), T(CLIMATE)), pair(N(BETA), T(CLIMATE)), pair(N(ALPHA), V(VID_A)),
      pair(N(BETA), N(GAMMA))}),
    ("note", GAMMA, 1, {N(GAMMA), N(BETA), N(DELTA), T(ECONOMICS), V(VID_B)},  # backlinks too
     {pair(N(GAMMA), N(BETA)), pair(N(GAMMA), N(DELTA)), pair(N(GAMMA), T(ECONOMICS)), pair(N(GAMMA), V(VID_B))}),
    ("topic", CLIMATE, 1, {T(CLIMATE), N(ALPHA), N(BETA)},
     {pair(T(CLIMATE), N(ALPHA)), pair(T(CLIMATE), N(BETA)), pair(N(ALPHA), N(BETA))}),
    ("topic", CLIMATE, 2, {T(CLIMATE), N(ALPHA), N(BETA), N(GAMMA), V(VID_A)},
     {pair(T(CLIMATE), N(ALPHA)), pair(T(CLIMATE), N(BETA)), pair(N(ALPHA), N(BETA)), pair(N(BETA), N(GAMMA)),
      pair(N(ALPHA), V(VID_A))}),
    ("video", VID_B, 1, {V(VID_B), N(GAMMA)}, {pair(V(VID_B), N(GAMMA))}),
    ("video", VID_B, 2, {V(VID_B), N(GAMMA), N(BETA), N(DELTA), T(ECONOMICS)},
     {pair(V(VID_B), N(GAMMA)), pair(N(GAMMA), N(BETA)), pair(N(GAMMA), N(DELTA)), pair(N(GAMMA), T(ECONOMICS))}),
    ("note", EPSILON, 2, {N(EPSILON)}, set()),
])
def test_local_graph_reaches_links_and_backlinks_to_its_depth(index, kind, key, depth, want_nodes, want_edges):
    graph = local_graph(index, kind, key, depth=depth)
    assert (graph.nodes[0].kind, graph.nodes[0].key) == (kind, key)  # the page itself comes first
    assert keys(graph) == want_nodes
    assert edges(graph) == want_edges
    assert len(graph.edges) == len(set(graph.edges))


def test_a_local_graph_agrees_with_the_global_one(index):
    whole = build_graph(index, include_videos=True)
    for i, node in enumerate(whole.nodes):
        local = local_graph(index, node.kind, node.key)
        assert keys(local) == {(whole.nodes[j].kind, whole.nodes[j].key) for j in neighbourhood(whole, i)}
        assert local.nodes[0] == node


def test_local_graph_of_an_unknown_page_is_empty_and_depth_is_checked(index):
    assert local_graph(index, "note", "nowhere.md").nodes == []
    assert local_graph(index, "topic", "nothing").nodes == []
    assert local_graph(index, "video", "ZZZZZZZZZZZ").nodes == []
    with pytest.raises(ValueError):
        local_graph(index, "note", ALPHA, depth=3)


# --------------------------------------------------------------------------- filters and neighbourhoods

def test_filter_by_group_keeps_its_notes_and_what_they_link(index):
    graph = build_graph(index, include_videos=True)
    kept = filter_graph(graph, groups={"chan_a"})
    assert keys(kept) == {N(ALPHA), N(BETA), T(CLIMATE), V(VID_A)}
    assert edges(kept) == {pair(N(ALPHA), N(BETA)), pair(N(ALPHA), T(CLIMATE)), pair(N(BETA), T(CLIMATE)),
                           pair(N(ALPHA), V(VID_A))}
    root = filter_graph(graph, groups={""})  # the notes at the vault's root
    assert keys(root) == {N(DELTA)}
    assert filter_graph(graph, groups=set()).nodes == []
    assert all(i < j for i, j in kept.edges)


def test_filter_by_keys_keeps_only_those_nodes(index):
    graph = build_graph(index)
    kept = filter_graph(graph, keys={N(ALPHA), T(CLIMATE), N("not/there.md")})
    assert keys(kept) == {N(ALPHA), T(CLIMATE)}
    assert edges(kept) == {pair(N(ALPHA), T(CLIMATE))}
    both = filter_graph(graph, groups={"chan_b"}, keys={N(GAMMA), N(ALPHA), T(ECONOMICS)})
    assert keys(both) == {N(GAMMA), T(ECONOMICS)}
    assert filter_graph(graph) == graph  # no filter keeps everything


def test_neighbourhood_is_the_node_and_its_neighbours(index):
    graph = build_graph(index)
    beta = graph.index_of("note", BETA)
    assert {graph.nodes[i].key for i in neighbourhood(graph, beta)} == {BETA, ALPHA, GAMMA, CLIMATE}
    epsilon = graph.index_of("note", EPSILON)
    assert neighbourhood(graph, epsilon) == {epsilon}


def test_links_to_attachments_and_missing_pictures_are_no_nodes(tmp_path):
    root = tmp_path / "vault"
    write(root, "a.md", note("A", "See [[paper.pdf]], ![[gone.png]] and [[b]]."))
    write(root, "b.md", note("B", "Back to [[a]]."))
    (root / "paper.pdf").write_bytes(b"%PDF-1.4")
    graph = build_graph(VaultIndex.build(root, workers=1), include_videos=True)
    assert keys(graph) == {N("a.md"), N("b.md")}
    assert edges(graph) == {pair(N("a.md"), N("b.md"))}
    assert keys(local_graph(VaultIndex.build(root, workers=1), "note", "a.md")) == {N("a.md"), N("b.md")}
