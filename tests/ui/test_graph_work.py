"""What the graph views ask of a worker: the vault's graph laid out and cached, the cached layout used as it is
for the same graph, a changed graph laid out around the old places, a big layout on a process of its own (the
same positions as here), and a filter keeping each node where it was."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from desktop.core.graph import GraphNode, VaultGraph
from desktop.core.graph_layout import compute_layout
from desktop.core.index import VaultIndex
from desktop.ui.graph_work import filtered_scene, layout_positions, vault_layout


def _flat(positions) -> list[float]:
    return [value for position in positions for value in position]


def _places(laid) -> dict[tuple[str, str], tuple[float, float]]:
    return {(node.kind, node.key): tuple(p) for node, p in zip(laid.graph.nodes, laid.positions)}


def test_the_layout_is_cached_and_used_again_for_the_same_graph(fresh_vault: Path, tmp_path: Path) -> None:
    index = VaultIndex.build(fresh_vault)
    first = vault_layout(index, tmp_path / "cache", fresh_vault)
    again = vault_layout(index, tmp_path / "cache", fresh_vault)
    assert not first.cached and again.cached
    assert _flat(again.positions) == pytest.approx(_flat(first.positions))
    assert not any(fresh_vault.rglob("*.layout"))  # the cache lives in the cache folder, never in the vault


def test_a_changed_vault_keeps_the_old_places(fresh_vault: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = _places(vault_layout(VaultIndex.build(fresh_vault), cache, fresh_vault))
    (fresh_vault / "delta.md").write_text("---\ntitle: Delta\n---\nDelta answers [[alpha]].\n", encoding="utf-8")
    after = vault_layout(VaultIndex.build(fresh_vault), cache, fresh_vault)
    assert not after.cached
    places = _places(after)
    assert ("note", "delta.md") in places
    assert all(places[key] == pytest.approx(place) for key, place in before.items())


def test_no_cache_folder_reads_and_writes_nothing(fresh_vault: Path) -> None:
    laid = vault_layout(VaultIndex.build(fresh_vault), None, fresh_vault)
    assert not laid.cached and laid.scene.node_count == 5


def _random_graph(count: int, links: int) -> VaultGraph:
    rng = random.Random(5)
    nodes = [GraphNode("note", f"n{i}.md", f"N{i}", f"g{i % 3}") for i in range(count)]
    return VaultGraph(nodes, sorted({tuple(sorted(rng.sample(range(count), 2))) for _ in range(links)}))


def test_a_big_layout_runs_on_a_process_of_its_own_with_the_same_result(monkeypatch) -> None:
    graph = _random_graph(300, 900)
    expected = compute_layout(graph)

    def not_here(*_args, **_kwargs):
        raise AssertionError("laid out on the GUI's process: igraph would hold its interpreter lock")

    monkeypatch.setattr("desktop.ui.graph_work.compute_layout", not_here)
    positions = layout_positions(graph, in_thread_nodes=0)  # as a big graph is: on a process of its own
    assert _flat(positions) == pytest.approx(_flat(expected))


def test_a_filter_keeps_each_node_where_it_is_in_the_whole(fresh_vault: Path) -> None:
    whole = vault_layout(VaultIndex.build(fresh_vault), None, fresh_vault)
    part = filtered_scene(whole, {"folder"}, None)
    places = _places(whole)
    assert part.node_count == 4
    for i, node in enumerate(part.graph.nodes):
        assert (part.xs[i], part.ys[i]) == pytest.approx(places[(node.kind, node.key)])
    assert filtered_scene(whole, None, None) is whole.scene
