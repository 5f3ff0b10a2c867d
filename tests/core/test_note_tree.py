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


def test_notes_of_one_folder_titled_the_same_show_their_file_names():
    # the public vault's root: index.md and directory.md are both "Tubegraph"; acquiredFM.md beside acquiredfm.md
    notes = [Note(path="index.md", title="Tubegraph", body=None), Note(path="directory.md", title="Tubegraph", body=None),
             Note(path="a/acquiredFM.md", title="acquiredFM", body=None),
             Note(path="a/acquiredfm.md", title="acquiredfm", body=None), Note(path="a/other.md", title="Other", body=None),
             Note(path="b/index.md", title="Tubegraph", body=None)]
    tree = build_note_tree(notes)
    labels = {node.path: node.label for node in tree.walk() if node.is_note}
    assert labels == {"directory.md": "Tubegraph · directory.md", "index.md": "Tubegraph · index.md",
                      "a/acquiredFM.md": "acquiredFM · acquiredFM.md", "a/acquiredfm.md": "acquiredfm · acquiredfm.md",
                      "a/other.md": "Other", "b/index.md": "Tubegraph"}
