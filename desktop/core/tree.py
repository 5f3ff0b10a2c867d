"""The vault as a folder tree of notes, and the same tree narrowed to a filter — pure data for any view."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.core.model import Note


@dataclass(eq=False, slots=True, weakref_slot=True)
class TreeNode:
    """A folder (path of the folder) or a note (path of the note); `label` is what a view shows.

    A node holds its folder weakly: a tree without reference cycles is freed the moment it is replaced, even
    after `memory.long_lived` froze it out of the cyclic collector's sight.
    """

    label: str
    path: str
    is_note: bool
    children: list[TreeNode] = field(default_factory=list)
    row: int = 0  # where this node sits among its folder's children (what a Qt model calls its row)
    _folder: weakref.ref | None = field(default=None, repr=False)

    @property
    def parent(self) -> TreeNode | None:
        return self._folder() if self._folder is not None else None

    def add(self, child: TreeNode) -> TreeNode:
        child._folder = weakref.ref(self)
        self.children.append(child)
        return child

    def walk(self) -> Iterable[TreeNode]:
        """This node and everything below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def folders(self) -> Iterable[TreeNode]:
        """This node and every folder below it (not their notes), depth first."""
        yield self
        for child in self.children:
            if not child.is_note:
                yield from child.folders()


def _folder(folders: dict[str, TreeNode], path: str) -> TreeNode:
    """The folder node at `path`, made (with the folders above it) when missing. A module function, not a
    recursive closure: that would be a reference cycle holding the whole tree until the collector runs (or for
    good, when a load freezes it meanwhile)."""
    node = folders.get(path)
    if node is None:
        parent_path, _, name = path.rpartition("/")
        node = folders[path] = _folder(folders, parent_path).add(TreeNode(label=name, path=path, is_note=False))
    return node


def build_note_tree(notes: Iterable[Note]) -> TreeNode:
    """Folders first then notes, each sorted by what the user reads (folder name, note title)."""
    root = TreeNode(label="", path="", is_note=False)
    folders: dict[str, TreeNode] = {"": root}
    for note in notes:
        _folder(folders, note.path.rpartition("/")[0]).add(TreeNode(label=note.title, path=note.path, is_note=True))
    for node in folders.values():
        node.children.sort(key=lambda n: (n.is_note, n.label.casefold(), n.path))
        _name_the_same_titles(node.children)
        for row, child in enumerate(node.children):
            child.row = row
    return root


def _name_the_same_titles(children: list[TreeNode]) -> None:
    """Notes of one folder whose titles read the same (sorted next to each other) show their file names too:
    the public vault's root holds `index.md` and `directory.md`, both titled "Tubegraph", and a channel folder
    `acquiredFM.md` beside `acquiredfm.md`."""
    keys = [child.label.casefold() if child.is_note else None for child in children]
    for i, child in enumerate(children):
        if keys[i] is not None and keys[i] in (keys[i - 1] if i else None, keys[i + 1] if i + 1 < len(keys) else None):
            child.label = f"{child.label} · {child.path.rpartition('/')[2]}"


def note_matches(note: Note, words: list[str]) -> bool:
    """True when every word of the filter occurs in the note's title, one of its aliases, or its path."""
    haystack = "\n".join([note.title, note.path, *note.aliases]).casefold()
    return all(word in haystack for word in words)


def filter_words(query: str) -> list[str]:
    return query.casefold().split()


def filter_note_tree(notes: dict[str, Note], query: str) -> TreeNode:
    """The tree of only the notes matching `query` (and the folders that hold them); all notes when empty."""
    words = filter_words(query)
    if not words:
        return build_note_tree(notes.values())
    return build_note_tree(n for n in notes.values() if note_matches(n, words))


@dataclass(frozen=True, slots=True)
class TopicRow:
    """A topic as the topic list shows it: its name and how often the vault mentions it."""

    key: str
    name: str
    mentions: int


def topic_matches(topic, words: list[str]) -> bool:
    """True when every word of the filter occurs in the topic's name, its target as written or another text
    it is linked by (`joe_biden` finds "Joe biden")."""
    haystack = "\n".join([topic.name, topic.target, *topic.other_names]).casefold()
    return all(word in haystack or word.replace("_", " ") in haystack for word in words)


def topic_rows(topics: Iterable, query: str = "") -> list[TopicRow]:
    """Topics matching `query` (`topic_matches`), most mentioned first, then by name (`Topic.name`, never the key)."""
    words = filter_words(query)
    rows = [TopicRow(t.key, t.name, len(t.mentions)) for t in topics if not words or topic_matches(t, words)]
    rows.sort(key=lambda r: (-r.mentions, r.name.casefold()))
    return rows
