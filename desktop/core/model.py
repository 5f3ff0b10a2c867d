"""The core's data types: what a vault's notes, links, stamps and mentions are, independent of any view."""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from desktop.core.youtube import watch_url


@dataclass(slots=True)
class LinkRef:
    """A link as written in a note's body: a wiki-link, an embed, or a Markdown link to a local file.

    `start`/`end` are offsets into the note body (the text after the frontmatter).
    `target` is as written, without `#heading` and alias; empty for a same-note `[[#Heading]]`.
    Not frozen (as `StampRef`): one is made for every link of every note read, and a frozen one took five times
    as long to make (0.52 µs against 0.11, some 4 µs a note).
    """

    target: str
    heading: str | None
    alias: str | None
    embed: bool
    start: int
    end: int
    markdown: bool = False  # True for `[text](file.md)` links


@dataclass(slots=True)
class StampRef:
    """A timestamp as written in a note's body: an anchor `<a class="yt-timestamp" data-t=...>` or a YouTube link.

    `value` is the raw time value (`data-t`, or the `t=` of a YouTube URL); `label` is what the user sees.
    `video_id` is set only for YouTube links that name their own video. Not frozen: one is made for every stamp
    of every note read, and a frozen one took five times as long to make (a pass over every note's stamps).
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
    reading: str | None = None  # "hms", "msf", "hmsf", "range", "ms" or "s": how the label was read


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
    note's video (`video_id`) rather than the anchor and URL text, which are made when a view asks for them;
    and where its sentence is (`sentence_at`: the index's table, the source's number there and the link's
    place), cut from the source note's links only when a view reads `context`: most passes over mentions
    read only their notes (`source`).
    """

    __slots__ = ("source", "_context", "_sentence_at", "seconds", "_alias", "other_aliases", "_url", "_video_id",
                 "_anchor")

    def __init__(self, source: str, context: str | None, seconds: int | None, url: str | None = None,
                 alias: str | None = None, anchor: str | None = None, other_aliases: tuple[str, ...] = (), *,
                 video_id: str | None = None, ordinal: int | None = None,
                 sentence_at: tuple[MentionTable, int, int] | None = None) -> None:
        self.source = source  # vault-relative path of the linking note
        self._context = context
        # (table, source number, link place) when `context` is None, and `alias` too when it is `_UNREAD`
        self._sentence_at = sentence_at
        self.seconds = seconds
        self._alias = alias
        self.other_aliases = other_aliases
        self._url = url  # a URL of its own (a stamp citing another video), else made from `_video_id`
        self._video_id = video_id
        self._anchor: str | int | None = anchor if anchor is not None else ordinal

    @property
    def context(self) -> str:
        """The sentence as plain text (cut from the source note's links the first time it is read)."""
        if self._sentence_at is not None:
            self._read()
        return self._context

    @context.setter
    def context(self, value: str) -> None:
        if self._sentence_at is not None:
            self._read()
        self._context = value

    @property
    def alias(self) -> str | None:
        """The text of the (first) link, None when it has none (read off the source note's links with the
        sentence)."""
        if self._sentence_at is not None:
            self._read()
        return self._alias

    @alias.setter
    def alias(self, value: str | None) -> None:
        if self._sentence_at is not None:
            self._read()
        self._alias = value

    def _read(self) -> None:
        at = self._sentence_at  # read once: another thread reading this mention may have read it meanwhile
        if at is None:
            return
        table, source, row = at
        sentences, texts = table.sentences(source)
        if self._context is None:
            self._context = sentences[row]
        if self._alias is _UNREAD:
            self._alias = texts[row]
        self._sentence_at = None

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


_UNREAD = object()  # a Mention's text not read yet: that of the link its sentence is read with


class MentionTable:
    """What the mention lists of one index (and of the indexes patched from it) share: the source notes with
    their links, the link texts and seconds, and the few mentions' extras, each once, so a `MentionList`
    holds small numbers into them.

    A mention's sentence is not kept here: it is cut again from its source note's links (their compressed
    form, which the note keeps anyway) when a view reads the mention, the last few notes' sentences kept
    decoded (`SENTENCES_KEPT`). At the public vault (21k notes, 200k mentions) the sentences as strings were
    30 MB of the window, and a page reads a few hundred of them. A pass reading every page (`--inspect`) keeps
    them all (`keep_sentences`), decoded once while the mentions are gathered; the export's workers cut them
    as the window does.

    Only ever added to (a patched index adds the mentions of the notes that changed), so the lists of an
    index still shown stay valid while its successor is made. A pass adding to a table other passes may also
    add to (patches of one index) holds its `lock`; reading needs none.
    """

    __slots__ = ("paths", "video_ids", "links", "values", "extras", "keep_sentences", "sentences_of", "_ids",
                 "_sentences", "_sentences_lock", "lock")
    SENTENCES_KEPT = 256  # notes whose sentences stay decoded (a page reads those of its mentions' notes)

    def __init__(self, sentences_of: Callable[[object], tuple[Sequence[str], Sequence[str | None]]],
                 keep_sentences: bool = False) -> None:
        self.paths: list[str] = []  # of each source note, by its number
        self.video_ids: list[str | None] = []  # of each source note (its stamps' URLs are made of it)
        self.links: list[object] = []  # of each source note: its links as kept (what `sentences_of` reads)
        self.values: list[str | int] = []  # seconds (and link texts numbered with `value`)
        self.extras: list[tuple[str | None, str | None, tuple[str, ...]]] = []  # (text, own URL, other texts)
        # links of a source -> the sentence and the text of each link, in order (`linking.sentences_of`, given:
        # the model imports nothing of the linking)
        self.sentences_of = sentences_of
        self.keep_sentences = keep_sentences  # every source's sentences kept once decoded (a whole-vault pass)
        self._ids: dict | None = None  # value -> its number, while a pass adds many (`settle` drops it)
        self._sentences: dict[int, Sequence[str]] = {}  # source -> its sentences, the last few read
        self._sentences_lock = threading.Lock()
        self.lock = threading.Lock()

    def source(self, path: str, video_id: str | None, links: object = None,
               sentences: tuple[Sequence[str], Sequence[str | None]] | None = None) -> int:
        """Number a source note, with its links as kept (their sentences and texts are cut from them when
        read); `sentences`: those already decoded, kept when the table keeps every source's."""
        self.paths.append(path)
        self.video_ids.append(video_id)
        self.links.append(links)
        number = len(self.paths) - 1
        if sentences is not None and self.keep_sentences:
            self._sentences[number] = sentences
        return number

    def numbering(self) -> tuple[dict, list]:
        """(value -> number, the values) of this pass, for a caller numbering many values in its own loop as
        `value` does."""
        if self._ids is None:
            self._ids = {}
        return self._ids, self.values

    def value(self, value: str | int) -> int:
        """The number of `value` (a string, or a second), added if new to this pass."""
        ids = self._ids
        if ids is None:
            ids = self._ids = {}
        found = ids.get(value)
        if found is None:
            found = ids[value] = len(self.values)
            self.values.append(value)
        return found

    def extra(self, alias: str | None, url: str | None, others: tuple[str, ...]) -> int:
        self.extras.append((alias, url, others))
        return len(self.extras) - 1

    def sentences(self, source: int) -> tuple[Sequence[str], Sequence[str | None]]:
        """The sentence and text of each link of the source note numbered `source`, cut from its links."""
        found = self._sentences.get(source)
        if found is None:
            found = self.sentences_of(self.links[source])
            with self._sentences_lock:
                kept = self._sentences
                if not self.keep_sentences and len(kept) >= self.SENTENCES_KEPT:
                    kept.pop(next(iter(kept)), None)  # the one decoded longest ago (first in, first out)
                kept[source] = found
        return found

    def mention(self, source: int, ordinal: int, second: int, row: int, text: int) -> Mention:
        """The Mention of one entry of a `MentionList` (its five numbers; -1 for none; a link text of -1 is
        that of link `row`, below -1 it numbers an extra: text, own URL and other texts)."""
        values = self.values
        url, others = None, ()
        if text >= 0:
            alias = values[text]
        elif text == -1:
            alias = _UNREAD
        else:
            alias, url, others = self.extras[-2 - text]
        return Mention(self.paths[source], None, values[second] if second >= 0 else None, url, alias, None, others,
                       video_id=self.video_ids[source], ordinal=ordinal if ordinal >= 0 else None,
                       sentence_at=(self, source, row))

    def settle(self) -> None:
        """End a pass: forget the numbers by value (a pass over a vault knows hundreds of thousands)."""
        self._ids = None

    def __getstate__(self) -> tuple:  # a copy (`copy.deepcopy`, pickle) has locks of its own
        return (self.paths, self.video_ids, self.links, self.values, self.extras, self.sentences_of,
                self.keep_sentences, self._sentences if self.keep_sentences else {})

    def __setstate__(self, state: tuple) -> None:
        (self.paths, self.video_ids, self.links, self.values, self.extras, self.sentences_of,
         self.keep_sentences, self._sentences) = state
        self._ids, self.lock, self._sentences_lock = None, threading.Lock(), threading.Lock()


class MentionList(Sequence[Mention]):
    """The mentions of one note or topic (`VaultIndex.mentions_of`), kept as numbers into the index's
    `MentionTable` and made into `Mention` objects only when a view reads them.

    At 20k notes the index held 375k Mention objects (36 MB, a tenth of the window); this form keeps five
    32-bit numbers per mention. `data` holds the mentions one after the other, each the entry `(source,
    ordinal, seconds, row, text)`: the source note's number in the table, the link's place in its links
    (-1 for a picture: no anchor), the number of the second (-1: none), the place of the link whose sentence
    and text it is (`MentionTable.sentence`), and -1 (that link's text) or -2 - n: extra n, for a mention with
    its own URL or other link texts.
    """

    __slots__ = ("table", "data")
    WIDTH = 5  # numbers per mention in `data`

    def __init__(self, table: MentionTable | None = None, data: array | None = None) -> None:
        self.table = table
        self.data = data if data is not None else array("i")

    @classmethod
    def of_entries(cls, table: MentionTable, entries: Iterable[Sequence[int]]) -> MentionList:
        data = array("i")
        for entry in entries:
            data.extend(entry)
        return cls(table, data)

    def entries(self) -> Iterator[tuple[int, ...]]:
        """The mentions in their kept form, one tuple each (see the class)."""
        data, width = self.data, self.WIDTH
        return (tuple(data[i:i + width]) for i in range(0, len(data), width))

    def sources(self) -> list[str]:
        """The path of each mention's note, without making the mentions."""
        if self.table is None:
            return []
        paths = self.table.paths
        return [paths[number] for number in self.data[::self.WIDTH]]

    def __len__(self) -> int:
        return len(self.data) // self.WIDTH

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self._mention(i) for i in range(*item.indices(len(self)))]
        if item < 0:
            item += len(self)
        if not 0 <= item < len(self):
            raise IndexError("mention index out of range")
        return self._mention(item)

    def __iter__(self) -> Iterator[Mention]:
        table = self.table
        if table is None:
            return
        numbers = iter(self.data)
        for source, ordinal, second, row, text in zip(numbers, numbers, numbers, numbers, numbers):
            yield table.mention(source, ordinal, second, row, text)

    def _mention(self, i: int) -> Mention:
        at = i * self.WIDTH
        return self.table.mention(*self.data[at:at + self.WIDTH])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (MentionList, list, tuple)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # compared by the mentions it holds

    def __repr__(self) -> str:
        return f"MentionList({list(self)!r})"


class _NoEntries(Mapping):
    """An empty mapping that cannot be changed, the same object everywhere (also once copied or unpickled)."""

    __slots__ = ()

    def __getitem__(self, key):
        raise KeyError(key)

    def __iter__(self) -> Iterator:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __reduce__(self):
        return _no_entries, ()

    def __repr__(self) -> str:
        return "{}"


def _no_entries() -> _NoEntries:
    return NO_ENTRIES


# What a note without frontmatter or videos holds instead of an empty dict of its own (20k of each were 4 MB).
NO_ENTRIES: Mapping = _NoEntries()


@dataclass(slots=True)
class Note:
    """A note of the vault, read and parsed."""

    path: str  # vault-relative, '/' separators
    title: str
    body: str | None  # None when loaded from the cache: `VaultIndex.body_of` reads it on demand
    meta: Mapping = field(default_factory=lambda: NO_ENTRIES)  # the frontmatter (a note loaded from the cache: none)
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
    video_links: Mapping[str, str] = field(default_factory=lambda: NO_ENTRIES)
    video_spans: Mapping[str, tuple[int, int]] = field(default_factory=lambda: NO_ENTRIES)

    @property
    def stamps(self) -> list[Stamp]:
        """The note's stamps in text order, read each time (`peek_stamps`): for a note loaded from the cache,
        from its file in the vault (the cache keeps none). Reading them never changes the note: a view that
        shows a note's stamps asks once for the note completed (`loader.complete_note`), whose stamps are a
        list.
        """
        return self.peek_stamps()

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
    mentions: Sequence[Mention] = field(default_factory=list)  # a `MentionList` in an index
    target: str = ""  # the link target as most often written (`[[russias_political_situation]]`)
    other_names: list[str] = field(default_factory=list)  # the other texts it is linked by, most used first

    @property
    def note_count(self) -> int:
        mentions = self.mentions
        return len(set(mentions.sources() if isinstance(mentions, MentionList) else (m.source for m in mentions)))


@dataclass(frozen=True, slots=True)
class FileWarning:
    """A file of the vault skipped or read with trouble, and why."""

    path: str
    message: str
