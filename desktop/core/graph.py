"""The vault as a graph: notes, topics and videos as nodes, the links between them as edges.

Pure (no Qt, no file read): built from a `VaultIndex` that it only reads. The links are the index's own
resolution (`Link.resolved` set by `VaultIndex.relink`, topics by `topic_key`, videos as the
`VideoCatalog` finds them), so a topic spelled two ways is one node and the graph shows what the pages show.

Edges are undirected: a link and a backlink are one edge. Nodes come in a stable order (notes by path,
topics in the index's order, videos by id) so the same vault gives the same graph, and `signature()` can key
a cached layout.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

from desktop.core.links import is_image
from desktop.core.resolver import topic_key
from desktop.core.videos import VideoCatalog

__all__ = [
    "NODE_KINDS",
    "GraphNode",
    "VaultGraph",
    "build_graph",
    "filter_graph",
    "local_graph",
    "neighbourhood",
    "note_group",
]

NODE_KINDS = ("note", "topic", "video")  # the same words as desktop.render.navigation.PAGE_KINDS

NodeKey = tuple[str, str]  # (kind, key)


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A page of the vault as the graph draws it."""

    kind: str  # "note" | "topic" | "video"
    key: str  # note: vault path; topic: topic key (VaultIndex.topic_key); video: video id
    label: str  # what a user reads: note title, topic display name, video title or id
    group: str  # a note's top-level folder (its channel) or "" at the root; topics/videos: ""


@dataclass
class VaultGraph:
    """Nodes and undirected edges (i < j, each once, no self loops), with lookups built on first use.

    Not changed once built (the lookups and the signature are kept): a filter or an update makes a new one.
    """

    nodes: list[GraphNode]
    edges: list[tuple[int, int]]
    _positions: dict[NodeKey, int] | None = field(default=None, init=False, repr=False, compare=False)
    _adjacency: list[list[int]] | None = field(default=None, init=False, repr=False, compare=False)
    _signature: str | None = field(default=None, init=False, repr=False, compare=False)

    def index_of(self, kind: str, key: str) -> int | None:
        """The node of page (kind, key), or None when the graph does not hold it."""
        if self._positions is None:
            self._positions = {(n.kind, n.key): i for i, n in enumerate(self.nodes)}
        return self._positions.get((kind, key))

    def neighbours(self, i: int) -> list[int]:
        """The nodes joined to node i, in node order."""
        return self._adjacent()[i]

    def degree(self, i: int) -> int:
        return len(self._adjacent()[i])

    def groups(self) -> list[str]:
        """The folders (channels) the notes sit in, sorted, without the root's ""."""
        return sorted({n.group for n in self.nodes if n.kind == "note" and n.group})

    def signature(self) -> str:
        """A stable hash of the nodes' (kind, key) and the edges: what a layout depends on.

        Labels and groups are left out: renaming a note's title moves nothing, so its layout stays cached.
        """
        if self._signature is None:
            digest = hashlib.blake2b(digest_size=16)
            digest.update("".join(f"{n.kind}\0{n.key}\n" for n in self.nodes).encode("utf-8", "surrogatepass"))
            digest.update(b"\0edges\0")
            digest.update(array("I", chain.from_iterable(self.edges)).tobytes())
            self._signature = digest.hexdigest()
        return self._signature

    def _adjacent(self) -> list[list[int]]:
        if self._adjacency is None:
            adjacency: list[list[int]] = [[] for _ in self.nodes]
            for i, j in self.edges:
                adjacency[i].append(j)
                adjacency[j].append(i)
            for row in adjacency:
                row.sort()
            self._adjacency = adjacency
        return self._adjacency


def note_group(path: str) -> str:
    """A note's top-level folder (its channel), "" for a note at the vault's root."""
    head, sep, _ = path.partition("/")
    return head if sep else ""


# --------------------------------------------------------------------------- the relation, read from the index

def _links_of_note(index, note) -> Iterator[NodeKey]:
    """The notes and topics a note links to, as `VaultIndex.relink` resolved them (itself excluded)."""
    topics = index.topics
    for link in note.links:
        resolved = link.resolved
        if resolved is not None:
            if resolved != note.path and resolved in index.notes:
                yield ("note", resolved)
        elif link.target and not (link.embed and is_image(link.target)):
            key = topic_key(link.target)
            if key in topics:
                yield ("topic", key)


def _videos_of_note(note, catalog: VideoCatalog) -> Iterator[str]:
    """The videos a note is made from, cites by its stamps, or links to (those the catalog has pages for)."""
    if note.video_id and note.video_id in catalog:
        yield note.video_id
    for vid in note.video_spans:
        if vid in catalog:
            yield vid
    for vid in note.video_links:
        if vid in catalog:
            yield vid


def _catalog(index) -> VideoCatalog:
    """The index's videos, built from what the notes hold (no file read, no stamp decoded)."""
    return VideoCatalog.build(index, index.video_links(), index.video_spans())


def _note_node(note) -> GraphNode:
    return GraphNode("note", note.path, note.title, note_group(note.path))


def _topic_node(topic) -> GraphNode:
    return GraphNode("topic", topic.key, topic.name, "")


def _video_node(video) -> GraphNode:
    return GraphNode("video", video.id, video.display_title, "")


class _Builder:
    """Collects nodes and deduplicated undirected edges (kept as the numbers i * n + j, quick to sort)."""

    def __init__(self) -> None:
        self.nodes: list[GraphNode] = []
        self.at: dict[NodeKey, int] = {}
        self.pairs: list[tuple[int, int]] = []

    def add(self, node: GraphNode) -> int:
        where = self.at.get((node.kind, node.key))
        if where is None:
            where = self.at[(node.kind, node.key)] = len(self.nodes)
            self.nodes.append(node)
        return where

    def join(self, a: int | None, b: int | None) -> None:
        if a is not None and b is not None and a != b:
            self.pairs.append((a, b))

    def graph(self) -> VaultGraph:
        n = len(self.nodes)
        codes = {a * n + b if a < b else b * n + a for a, b in self.pairs}
        return VaultGraph(self.nodes, [divmod(code, n) for code in sorted(codes)])


def build_graph(index, include_videos: bool = False, catalog: VideoCatalog | None = None) -> VaultGraph:
    """Every note and topic of the index, joined by their links; with `include_videos`, also every video a
    note is made from, cites or links to. `catalog` saves building the video catalog again when at hand."""
    builder = _Builder()
    for note in index.notes.values():
        builder.add(_note_node(note))
    for topic in index.topics.values():
        builder.add(_topic_node(topic))
    videos = None
    if include_videos:
        videos = catalog if catalog is not None else _catalog(index)
        for vid in sorted(videos.videos):
            builder.add(_video_node(videos.videos[vid]))
    at = builder.at
    note_at = {path: at[("note", path)] for path in index.notes}
    topic_at = {key: at[("topic", key)] for key in index.topics}
    topic_of_target: dict[str, int | None] = {}  # many links name the same topic: its key is made once
    pairs = builder.pairs
    for path, note in index.notes.items():
        mine = note_at[path]
        for link in note.links:  # what `_links_of_note` says, inlined: 400k links at 20k notes
            resolved = link.resolved
            if resolved is not None:
                other = note_at.get(resolved)
            else:
                target = link.target
                if target in topic_of_target:
                    other = topic_of_target[target]
                else:
                    other = topic_of_target[target] = topic_at.get(topic_key(target)) if target else None
                if other is not None and link.embed and is_image(target):
                    continue  # a missing picture is no topic (`VaultIndex.relink`)
            if other is not None and other != mine:
                pairs.append((mine, other))
        if videos is not None:
            for vid in _videos_of_note(note, videos):
                pairs.append((mine, at[("video", vid)]))
    return builder.graph()


class _Pages:
    """One page's neighbours (links and backlinks), found on demand: a local graph reads only its pages."""

    def __init__(self, index, catalog: VideoCatalog | None):
        self.index = index
        self._catalog = catalog
        self._video_linkers: dict[str, list[str]] | None = None

    @property
    def catalog(self) -> VideoCatalog:
        if self._catalog is None:
            self._catalog = _catalog(self.index)
        return self._catalog

    def node(self, kind: str, key: str) -> GraphNode | None:
        index = self.index
        if kind == "note":
            note = index.notes.get(key)
            return _note_node(note) if note is not None else None
        if kind == "topic":
            topic = index.topics.get(key)
            return _topic_node(topic) if topic is not None else None
        if kind == "video":
            video = self.catalog.get(key)
            return _video_node(video) if video is not None else None
        return None

    def around(self, kind: str, key: str) -> Iterable[NodeKey]:
        index = self.index
        if kind == "note":
            note = index.notes[key]
            yield from _links_of_note(index, note)
            for mention in index.backlinks.get(key, ()):
                if mention.source != key:
                    yield ("note", mention.source)
            for vid in _videos_of_note(note, self.catalog):
                yield ("video", vid)
        elif kind == "topic":
            for mention in index.topics[key].mentions:
                yield ("note", mention.source)
        elif kind == "video":
            video = self.catalog.get(key)
            for path in video.all_notes:
                yield ("note", path)
            yield from (("note", path) for path in self.linkers().get(key, ()))

    def linkers(self) -> dict[str, list[str]]:
        """Video id -> the notes whose body links to it (a channel note listing its videos)."""
        if self._video_linkers is None:
            linkers: dict[str, list[str]] = {}
            for path, links in self.index.video_links().items():
                for vid in links:
                    linkers.setdefault(vid, []).append(path)
            self._video_linkers = linkers
        return self._video_linkers


def local_graph(index, kind: str, key: str, depth: int = 1, catalog: VideoCatalog | None = None) -> VaultGraph:
    """The page (kind, key) with its links and backlinks out to `depth` steps (1 or 2), and every edge among
    them. The page is node 0; an unknown page gives an empty graph.

    Pass the session's `catalog` (`render.video_catalog.build_video_catalog`): without it the catalog is built
    here, ~0.3 s at 20k notes, where a depth-1 graph alone takes a millisecond. Depth 2 through a topic that
    most notes link reaches most of the vault (20k generated notes: ~15k nodes, ~1.5 s): run it off the GUI
    thread.
    """
    if depth not in (1, 2):
        raise ValueError(f"depth must be 1 or 2, not {depth!r}")
    pages = _Pages(index, catalog)
    centre = pages.node(kind, key)
    builder = _Builder()
    if centre is None:
        return builder.graph()
    builder.add(centre)
    around: dict[NodeKey, list[NodeKey]] = {}
    frontier = [(kind, key)]
    for _ in range(depth):
        reached = []
        for page in frontier:
            around[page] = list(dict.fromkeys(pages.around(*page)))
            for other in around[page]:
                if other not in builder.at:
                    node = pages.node(*other)
                    if node is not None:
                        builder.add(node)
                        reached.append(other)
        frontier = reached
    for page in frontier:  # the outer ring: only the edges among the nodes already there. Every edge has a
        if page[0] == "note":  # note at one end, whose links and backlinks name it: a hub topic's thousands
            around[page] = list(pages.around(*page))  # of mentions need not be read for the few drawn
    at = builder.at
    for page, others in around.items():
        for other in others:
            builder.join(at[page], at.get(other))
    return builder.graph()


def filter_graph(graph: VaultGraph, groups: set[str] | None = None,
                 keys: set[NodeKey] | None = None) -> VaultGraph:
    """The part of `graph` a filter keeps, with the edges among what is kept.

    `groups`: the notes of these folders and the topics and videos they link to. `keys`: only these
    (kind, key) nodes (a search's results). Both: what both keep. None keeps everything.
    """
    keep = [True] * len(graph.nodes)
    if groups is not None:
        chosen = [n.kind == "note" and n.group in groups for n in graph.nodes]
        keep = list(chosen)
        for i, j in graph.edges:  # topics and videos linked by a chosen note (not by a topic kept so)
            if chosen[i] and graph.nodes[j].kind != "note":
                keep[j] = True
            elif chosen[j] and graph.nodes[i].kind != "note":
                keep[i] = True
    if keys is not None:
        keep = [k and (n.kind, n.key) in keys for k, n in zip(keep, graph.nodes)]
    return _subgraph(graph, keep)


def _subgraph(graph: VaultGraph, keep: list[bool]) -> VaultGraph:
    new_index: list[int] = [-1] * len(graph.nodes)
    nodes: list[GraphNode] = []
    for i, node in enumerate(graph.nodes):
        if keep[i]:
            new_index[i] = len(nodes)
            nodes.append(node)
    edges = [(new_index[i], new_index[j]) for i, j in graph.edges if keep[i] and keep[j]]
    return VaultGraph(nodes, edges)


def neighbourhood(graph: VaultGraph, i: int) -> set[int]:
    """Node i and the nodes joined to it: what a selection highlights."""
    return {i, *graph.neighbours(i)}
