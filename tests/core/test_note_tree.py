"""The pure note tree leaves no reference cycle behind: a replaced tree is freed by reference counting alone,
even when a load froze it out of the collector's sight in between (a video catalog built on a worker does)."""

from __future__ import annotations

import gc

from desktop.core.model import Note
from desktop.core.tree import build_note_tree


def test_a_built_tree_is_freed_without_the_cyclic_collector():
    notes = [Note(path=f"a/b{i % 3}/n{i}.md", title=f"N {i}", body=None) for i in range(30)]
    gc.collect()
    gc.disable()
    try:
        tree = build_note_tree(notes)
        assert [f.path for f in tree.folders()] == ["", "a", "a/b0", "a/b1", "a/b2"]
        del tree
        assert gc.collect() == 0
    finally:
        gc.enable()
