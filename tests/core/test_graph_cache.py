"""The layout cache: a round trip, misses, damaged or foreign files, failed writes, never in the vault."""

from __future__ import annotations

import logging
import math
import os
import random
import struct

import pytest

from desktop.core.graph import GraphNode, VaultGraph, build_graph
from desktop.core.graph_cache import layout_path, load_layout, load_nearest_layout, save_layout
from desktop.core.graph_layout import compute_layout
from desktop.core.store import database_path
from tests.core.graph_helpers import small_index


@pytest.fixture
def vault(tmp_path):
    return tmp_path / "vault"


@pytest.fixture
def graph(vault):
    return build_graph(small_index(vault), include_videos=True)


def files_under(folder) -> dict[str, int]:
    return {os.path.join(d, n): os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(folder) for n in names}


def test_round_trip(tmp_path, vault, graph):
    cache = tmp_path / "cache"
    positions = compute_layout(graph)
    save_layout(cache, vault, graph, positions)
    assert load_layout(cache, vault, graph) == positions
    assert load_nearest_layout(cache, vault) == {(n.kind, n.key): p for n, p in zip(graph.nodes, positions)}


def test_the_file_is_named_like_the_index_database_in_the_cache(tmp_path, vault, graph):
    cache = tmp_path / "cache"
    save_layout(cache, vault, graph, compute_layout(graph))
    path = layout_path(cache, vault)
    assert path.is_file() and path.parent == cache / "graph"
    assert path.stem == database_path(cache, vault).stem
    assert [p for p in files_under(cache)] == [str(path)]  # the temporary file is gone


def test_another_graph_misses_but_its_nearest_layout_is_there(tmp_path, vault, graph):
    cache = tmp_path / "cache"
    save_layout(cache, vault, graph, compute_layout(graph))
    changed = VaultGraph(graph.nodes + [GraphNode("note", "new.md", "New", "")], graph.edges)
    assert load_layout(cache, vault, changed) is None
    assert set(load_nearest_layout(cache, vault)) == {(n.kind, n.key) for n in graph.nodes}


def test_nothing_saved_is_none(tmp_path, vault, graph):
    assert load_layout(tmp_path / "cache", vault, graph) is None
    assert load_nearest_layout(tmp_path / "cache", vault) is None


@pytest.mark.parametrize("damage", ["random", "truncated", "empty", "bad-json", "another-format", "not-a-number"])
def test_a_damaged_file_reads_as_none_with_a_warning(tmp_path, vault, graph, caplog, damage):
    cache = tmp_path / "cache"
    save_layout(cache, vault, graph, compute_layout(graph))
    path = layout_path(cache, vault)
    data = path.read_bytes()
    if damage == "random":
        data = random.Random(5).randbytes(4096)
    elif damage == "truncated":
        data = data[:-12]
    elif damage == "empty":
        data = b""
    elif damage == "not-a-number":
        data = data[:-8] + struct.pack("<d", math.nan)
    elif damage == "bad-json":
        data = data.replace(b'"signature"', b'"signature\x00', 1)
    else:
        data = data.replace(b'"format":1', b'"format":9', 1)
    path.write_bytes(data)
    with caplog.at_level(logging.WARNING):
        assert load_layout(cache, vault, graph) is None
        assert load_nearest_layout(cache, vault) is None
    assert "graph layout cache" in caplog.text


def test_random_bytes_never_crash(tmp_path, vault, graph):
    cache = tmp_path / "cache"
    path = layout_path(cache, vault)
    path.parent.mkdir(parents=True)
    saved = None
    for seed in range(30):
        rng = random.Random(seed)
        if saved is None:
            save_layout(cache, vault, graph, compute_layout(graph))
            saved = path.read_bytes()
        # the magic line kept, everything after it random: the header parser meets garbage
        path.write_bytes(saved[:25] + rng.randbytes(rng.randrange(0, 300)))
        assert load_layout(cache, vault, graph) is None
        assert load_nearest_layout(cache, vault) is None


def test_another_vaults_file_is_not_used(tmp_path, vault, graph):
    cache = tmp_path / "cache"
    other = tmp_path / "other"
    other.mkdir()
    save_layout(cache, vault, graph, compute_layout(graph))
    layout_path(cache, other).write_bytes(layout_path(cache, vault).read_bytes())
    assert load_layout(cache, other, graph) is None
    assert load_nearest_layout(cache, other) is None


def test_a_failed_write_warns_and_keeps_going(tmp_path, vault, graph, caplog):
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        save_layout(blocked, vault, graph, compute_layout(graph))
    assert "graph layout not saved" in caplog.text
    assert blocked.read_text() == "not a folder"


def test_a_failed_write_keeps_the_old_layout(tmp_path, vault, graph, monkeypatch, caplog):
    cache = tmp_path / "cache"
    positions = compute_layout(graph)
    save_layout(cache, vault, graph, positions)

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with caplog.at_level(logging.WARNING):
        save_layout(cache, vault, graph, [(0.0, 0.0)] * len(positions))
    assert "No space left" in caplog.text
    monkeypatch.undo()
    assert load_layout(cache, vault, graph) == positions
    assert [p for p in files_under(cache)] == [str(layout_path(cache, vault))]  # no temporary file left


def test_the_vault_is_never_written(tmp_path, vault, graph, caplog):
    before = files_under(vault)
    save_layout(tmp_path / "cache", vault, graph, compute_layout(graph))
    assert files_under(vault) == before
    with caplog.at_level(logging.WARNING):  # a cache folder set inside the vault is refused
        save_layout(vault / ".cache", vault, graph, compute_layout(graph))
    assert files_under(vault) == before
    assert not (vault / ".cache").exists()
    assert "inside the vault" in caplog.text


def test_positions_must_match_the_nodes(tmp_path, vault, graph):
    with pytest.raises(ValueError):
        save_layout(tmp_path / "cache", vault, graph, [(0.0, 0.0)])


def test_a_topic_laid_out_under_its_older_key_keeps_its_place(tmp_path, vault):
    """Topic keys are letters and digits now (`resolver.topic_key`): a layout saved with `climate_change` gives
    its place to the topic `climatechange`, so the first graph after the change grows from the old picture."""
    cache = tmp_path / "cache"
    old = VaultGraph([GraphNode("note", "a.md", "A", ""), GraphNode("topic", "climate_change", "Climate change", "")],
                     [])
    save_layout(cache, vault, old, [(1.0, 2.0), (3.0, 4.0)])
    assert load_nearest_layout(cache, vault) == {("note", "a.md"): (1.0, 2.0), ("topic", "climatechange"): (3.0, 4.0)}
