"""Where the reader is: pages as `Location`s and browser-like `History` (what a YouTube link points at
is `desktop.core.youtube.video_at`, re-exported here for the router).

Qt-free (the window's session holds one History; tests use it alone). It lives beside the linker because a
Location's URL is the linker's `vault://` URL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote

from desktop.core.youtube import WEB_SCHEMES, video_at
from desktop.render.linker import AppLinker, parse_app_url, via_of

EXTERNAL_SCHEMES = WEB_SCHEMES  # links the system browser opens
PAGE_KINDS = ("note", "topic", "video")  # what a Location may be (files are served, not visited)
__all__ = ["EXTERNAL_SCHEMES", "PAGE_KINDS", "History", "Location", "Place", "moved_note", "video_at"]


@dataclass(frozen=True, slots=True)
class Location:
    """A page of the reader: a note (vault path), a topic (key) or a video (id), and where in it to scroll."""

    kind: str  # "note", "topic" or "video"
    key: str
    anchor: str | None = None
    via: str | None = None  # a video page: the note it was opened from (its marks stand out)

    @property
    def url(self) -> str:
        """The `vault://` URL of this page, with the anchor as fragment."""
        linker = AppLinker()
        base = (linker.note_href(self.key) if self.kind == "note" else linker.video_href(self.key, self.via)
                if self.kind == "video" else linker.topic_href(self.key))
        return f"{base}#{quote(self.anchor)}" if self.anchor else base

    def same_page(self, other: Location | None) -> bool:
        return other is not None and (other.kind, other.key, other.via) == (self.kind, self.key, self.via)

    @classmethod
    def from_url(cls, url: str) -> Location | None:
        parsed = parse_app_url(url)
        if parsed is None or parsed[0] not in PAGE_KINDS:
            return None
        return cls(parsed[0], parsed[1], parsed[2], via_of(url) if parsed[0] == "video" else None)


@dataclass(frozen=True, slots=True)
class Place:
    """Where the reader was in a page: how far it was scrolled, and the search highlight it showed (`mark` says
    where, `mark_words` what: None highlights all of `mark`)."""

    scroll: float = 0.0
    mark: str | None = None
    mark_words: str | None = None


@dataclass(slots=True)
class _Entry:
    """A page of the history and the place the reader left it at (None: not left yet)."""

    location: Location
    place: Place | None = None


class History:
    """Back/forward like a browser: visiting a page drops whatever was ahead of the current one. Each entry
    keeps the place the reader left it at, so Back and Forward return there."""

    def __init__(self) -> None:
        self._entries: list[_Entry] = []
        self._pos = -1

    @property
    def current(self) -> Location | None:
        return self._entries[self._pos].location if self._pos >= 0 else None

    @property
    def place(self) -> Place | None:
        """The place kept with the current entry (None: a page just visited, shown from its top or anchor)."""
        return self._entries[self._pos].place if self._pos >= 0 else None

    def keep_place(self, place: Place | None) -> None:
        """Remember where the reader is in the current entry's page (called as the reader leaves it)."""
        if self._pos >= 0:
            self._entries[self._pos].place = place

    def visit(self, location: Location, place: Place | None = None) -> None:
        if location == self.current:
            return
        del self._entries[self._pos + 1:]
        self._entries.append(_Entry(location, place))
        self._pos += 1

    def keys(self, kind: str) -> set[str]:
        """The keys of the pages of `kind` the history holds."""
        return {entry.location.key for entry in self._entries if entry.location.kind == kind}

    def rename(self, kind: str, old_key: str, new_key: str) -> None:
        """Every entry of page `old_key` now names `new_key` (the note was renamed or moved); anchors and places
        stay."""
        for entry in self._entries:
            if (entry.location.kind, entry.location.key) == (kind, old_key):
                entry.location = replace(entry.location, key=new_key)

    def can_go_back(self) -> bool:
        return self._pos > 0

    def can_go_forward(self) -> bool:
        return self._pos + 1 < len(self._entries)

    def back(self) -> Location | None:
        if not self.can_go_back():
            return None
        self._pos -= 1
        return self.current

    def forward(self) -> Location | None:
        if not self.can_go_forward():
            return None
        self._pos += 1
        return self.current

    def clear(self) -> None:
        self._entries.clear()
        self._pos = -1

    def entries(self) -> tuple[list[tuple[Location, Place | None]], int]:
        """Every page with the place it was left at, and which one is current: what a restart brings back."""
        return [(entry.location, entry.place) for entry in self._entries], self._pos

    def surround(self, before: list[tuple[Location, Place | None]],
                 after: list[tuple[Location, Place | None]]) -> None:
        """Put the pages of an earlier session behind and ahead of the one page shown (the window just
        started and reopened the page it closed on), so Back and Forward go where they went before it
        closed. A history holding more than that page is left as it is: the reader has moved on."""
        if len(self._entries) != 1:
            return
        self._entries[:0] = [_Entry(location, place) for location, place in before]
        self._entries += [_Entry(location, place) for location, place in after]
        self._pos = len(before)


def added_notes(previous, index) -> list:
    """The notes of `index` at paths where `previous` (an index) has none: where a moved note can be."""
    return [note for key, note in index.notes.items() if key not in previous.notes]


def moved_note(previous, index, path: str, added: list | None = None) -> str | None:
    """Where the note at `path` of `previous` (an index) went in `index`, when it is gone from `path`: the one
    new path holding a note of the same title, video and size (the file renamed or moved, its folder renamed),
    else of the same title; among several, the one of the same file name. None: deleted (or not recognisable).
    `added`: `added_notes(previous, index)`, when several notes are looked for (made once for them all)."""
    old = previous.notes.get(path)
    if old is None or path in index.notes:
        return None
    added = added_notes(previous, index) if added is None else added
    same_title = [new for new in added if new.title == old.title]
    same_file = [new for new in same_title if (new.video_id, new.size) == (old.video_id, old.size)]
    for candidates in (same_file, same_title):
        named_alike = [new for new in candidates if new.path.rsplit("/", 1)[-1] == path.rsplit("/", 1)[-1]]
        for found in (candidates, named_alike):
            if len(found) == 1:
                return found[0].path
    return None
