"""The core's data types: what a vault's notes, links, stamps and mentions are, independent of any view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.core.youtube import watch_url


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A link as written in a note's body: a wiki-link, an embed, or a Markdown link to a local file.

    `start`/`end` are offsets into the note body (the text after the frontmatter).
    `target` is as written, without `#heading` and alias; empty for a same-note `[[#Heading]]`.
    """

    target: str
    heading: str | None
    alias: str | None
    embed: bool
    start: int
    end: int
    markdown: bool = False  # True for `[text](file.md)` links


@dataclass(frozen=True, slots=True)
class StampRef:
    """A timestamp as written in a note's body: an anchor `<a class="yt-timestamp" data-t=...>` or a YouTube link.

    `value` is the raw time value (`data-t`, or the `t=` of a YouTube URL); `label` is what the user sees.
    `video_id` is set only for YouTube links that name their own video.
    """

    label: str
    value: str
    start: int
    end: int
    video_id: str | None = None
    seconds_hint: int | None = None  # already-exact seconds (a YouTube `t=754`)


@dataclass(slots=True)
class Stamp:
    """A timestamp with the second it cites, its sentence, and where it leads."""

    label: str
    seconds: int | None
    url: str | None
    context: str
    start: int
    end: int
    reading: str | None = None  # "hms", "msf", "ms" or "s": how the label was read


@dataclass(slots=True)
class Link:
    """A link with its resolution: the vault-relative path of the note or file it reaches, or None (a topic)."""

    target: str
    heading: str | None
    alias: str | None
    embed: bool
    resolved: str | None
    start: int
    end: int
    context: str = ""
    seconds: int | None = None  # the stamp of the sentence holding the link
    markdown: bool = False
    stamp_url: str | None = None  # that stamp's URL, only when it is not this note's video at `seconds`


class Mention:
    """One sentence where a note links to a note or topic: the sentence as plain text and its stamp.

    A sentence holding several links to the same note or topic is one Mention: `alias` is the text of the
    first of them, `other_aliases` the texts of the rest (so a view can mark every one).

    `anchor` is the HTML id of that first link in the rendered page of `source`, so a click can open the note
    scrolled to it: `link-<n>`, n being the link's place (from 0) in `Note.links` of the source note, which
    lists the note's links in text order (`links.link_anchor`). The renderer gives the same id to the element
    of that link (`render/anchors.py`). None when the link has no element of its own to scroll to.

    A big vault holds hundreds of thousands of mentions: the index gives the link's number (`ordinal`) and the
    note's video (`video_id`) rather than the anchor and URL text, which are made when a view asks for them.
    """

    __slots__ = ("source", "context", "seconds", "alias", "other_aliases", "_url", "_video_id", "_anchor")

    def __init__(self, source: str, context: str, seconds: int | None, url: str | None = None,
                 alias: str | None = None, anchor: str | None = None, other_aliases: tuple[str, ...] = (), *,
                 video_id: str | None = None, ordinal: int | None = None) -> None:
        self.source = source  # vault-relative path of the linking note
        self.context = context
        self.seconds = seconds
        self.alias = alias
        self.other_aliases = other_aliases
        self._url = url  # a URL of its own (a stamp citing another video), else made from `_video_id`
        self._video_id = video_id
        self._anchor: str | int | None = anchor if anchor is not None else ordinal

    @property
    def url(self) -> str | None:
        """The stamp's URL: the note's video at `seconds`, unless the stamp names another."""
        if self._url is not None or self._video_id is None or self.seconds is None:
            return self._url
        return watch_url(self._video_id, self.seconds)

    @property
    def anchor(self) -> str | None:
        if isinstance(self._anchor, int):
            from desktop.core.links import link_anchor  # links imports this module

            return link_anchor(self._anchor)
        return self._anchor

    @property
    def ordinal(self) -> int | None:
        """The link's place in `Note.links` of `source`, when the mention was made with it."""
        return self._anchor if isinstance(self._anchor, int) else None

    def _fields(self) -> tuple:
        return (self.source, self.context, self.seconds, self.url, self.alias, self.anchor, self.other_aliases)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mention):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # mutable, as the dataclass it replaces

    def __repr__(self) -> str:
        names = ("source", "context", "seconds", "url", "alias", "anchor", "other_aliases")
        return "Mention(" + ", ".join(f"{n}={v!r}" for n, v in zip(names, self._fields())) + ")"


@dataclass(slots=True)
class Note:
    """A note of the vault, read and parsed."""

    path: str  # vault-relative, '/' separators
    title: str
    body: str | None  # None when loaded from the cache: `VaultIndex.body_of` reads it on demand
    meta: dict = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    video_id: str | None = None
    timestamp_format: str | None = None  # "hms", "msf", "mixed" or None when it has no three-part stamps
    warnings: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # until first used, what reads them from the note in the vault (`search_text.StampsOfNote`)
    stamps_data: list[Stamp] | Callable[[], list[Stamp]] = field(default_factory=list)
    size: int = 0
    mtime_ns: int = 0
    # For the video pages (`videos.VideoCatalog`), found while parsing so building the catalog reads no file
    # and decodes no stamps: video id -> link text of the body's links to videos (`videos.video_links_in`),
    # and video id -> (stamps citing it, last second cited) (`videos.note_video_spans`).
    video_links: dict[str, str] = field(default_factory=dict)
    video_spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def stamps(self) -> list[Stamp]:
        """The note's stamps in text order; for a note loaded from the cache, read from the vault only when a
        view first asks for them (the cache keeps none, and most notes are never shown)."""
        data = self.stamps_data
        if not isinstance(data, list):
            data = self.stamps_data = self.peek_stamps()
        return data

    def peek_stamps(self) -> list[Stamp]:
        """The note's stamps, read without keeping them on the note: for a pass over every note (`--inspect`,
        the video catalog) that must not leave every note's stamps behind it."""
        data = self.stamps_data
        return data() if callable(data) else data

    @stamps.setter
    def stamps(self, value: list[Stamp]) -> None:
        self.stamps_data = value

    @property
    def stem(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0] if "." in name else name


@dataclass(slots=True)
class Topic:
    """A link target that no note or file answers: its readable name and where it is mentioned.

    `name` is what every view shows (`topic_names.topic_name`); `key` only finds the topic, never shown.
    """

    key: str  # the normalized target (see `resolver.topic_key`)
    name: str
    mentions: list[Mention] = field(default_factory=list)
    target: str = ""  # the link target as most often written (`[[russias_political_situation]]`)
    other_names: list[str] = field(default_factory=list)  # the other texts it is linked by, most used first

    @property
    def note_count(self) -> int:
        return len({m.source for m in self.mentions})


@dataclass(frozen=True, slots=True)
class FileWarning:
    """A file of the vault skipped or read with trouble, and why."""

    path: str
    message: str
