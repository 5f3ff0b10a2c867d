"""The Qt-free pieces the UI stands on: the note tree and the vault file check (fuzzy ranking and history are
tested in tests/core/test_fuzzy.py and tests/render/test_navigation.py)."""

from __future__ import annotations

import os

from desktop.core.tree import build_note_tree, filter_note_tree, topic_rows
from desktop.core.vault import vault_file_path
from desktop.render.page_source import PageSource


def test_tree_folders_first_and_notes_by_title(vault_index):
    root = build_note_tree(vault_index.notes.values())
    assert [(n.label, n.is_note) for n in root.children] == [("folder", False), ("Alpha Note", True)]
    folder = root.children[0]
    assert [n.label for n in folder.children] == ["sub", "Beta Thoughts"]
    assert folder.children[0].children[0].path == "folder/sub/gamma.md"


def test_filter_matches_title_alias_and_path(vault_index):
    def notes(query):
        return sorted(n.path for n in filter_note_tree(vault_index.notes, query).walk() if n.is_note)

    assert notes("gamma") == ["folder/sub/gamma.md"]
    assert notes("second opinion") == ["folder/beta.md"]
    assert notes("folder/") == ["folder/beta.md", "folder/sub/gamma.md"]
    assert notes("nothing like it") == []
    assert len(notes("")) == 3


def test_topics_most_mentioned_first(vault_index):
    rows = topic_rows(vault_index.topics.values())
    assert [(r.name, r.mentions) for r in rows] == [("Some Topic", 2), ("Other Topic", 1)]
    assert [r.name for r in topic_rows(vault_index.topics.values(), "other")] == ["Other Topic"]


def test_file_check_refuses_anything_outside_the_vault(vault_root, vault_index):
    assert vault_file_path(vault_root, "picture.png") is not None
    assert vault_file_path(vault_root, "../../etc/passwd") is None
    assert vault_file_path(vault_root, "/etc/passwd") is None
    if os.path.lexists(vault_root / "escape.txt.png"):
        assert vault_file_path(vault_root, "escape.txt.png") is None
    source = PageSource(vault_index)
    assert source.serve("vault://file/picture.png")[1] == "image/png"
    assert source.serve("vault://file/..%2F..%2Fetc%2Fpasswd") is None
    assert source.serve("vault://file/escape.txt.png") is None
    assert source.serve("vault://note/alpha.md")[1] == "text/html"
    assert source.serve("vault://topic/nope") is None
    assert source.serve("file:///etc/passwd") is None
