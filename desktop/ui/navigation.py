"""Where the reader is and what a link means: browser-like history and the one router every link goes through.

Methods used as slots return None on purpose: PySide6 6.12 drops a reference to a bool a slot returns,
and after enough signals Python frees True/False and aborts. `open_name` answers through its own check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from desktop.core.index import VaultIndex
from desktop.core.stamps import format_seconds
from desktop.render.linker import AppLinker, parse_app_url

EXTERNAL_SCHEMES = frozenset({"http", "https"})
YOUTUBE_HOSTS = frozenset({"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com", "youtu.be"})
_VIDEO_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")
_TIME_RE = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", re.IGNORECASE)


def video_at(url: str) -> tuple[str, int] | None:
    """(video id, second) a YouTube link points at (`t=`/`start=`, 0 without one), or None for other links."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.scheme.lower() not in EXTERNAL_SCHEMES or host not in YOUTUBE_HOSTS:
        return None
    query = parse_qs(parts.query)
    segments = [s for s in parts.path.split("/") if s]
    if host == "youtu.be":
        video_id = segments[0] if segments else ""
    elif query.get("v"):
        video_id = query["v"][0]
    elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
        video_id = segments[1]
    else:
        return None
    if not _VIDEO_ID_RE.fullmatch(video_id):
        return None
    fragment = parse_qs(parts.fragment)
    value = next((source[key][0] for source in (query, fragment) for key in ("t", "start") if source.get(key)), "0")
    m = _TIME_RE.fullmatch(value.strip())
    seconds = 0
    if m and any(m.groups()):
        hours, minutes, secs = (int(g or 0) for g in m.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    return video_id, seconds


@dataclass(frozen=True, slots=True)
class Location:
    """A page of the reader: a note (vault path) or a topic (key), and where in it to scroll."""

    kind: str  # "note" or "topic"
    key: str
    anchor: str | None = None

    @property
    def url(self) -> str:
        """The `vault://` URL of this page, with the anchor as fragment."""
        linker = AppLinker()
        base = linker.note_href(self.key) if self.kind == "note" else linker.topic_href(self.key)
        return f"{base}#{quote(self.anchor)}" if self.anchor else base

    def same_page(self, other: Location | None) -> bool:
        return other is not None and (other.kind, other.key) == (self.kind, self.key)

    @classmethod
    def from_url(cls, url: str) -> Location | None:
        parsed = parse_app_url(url)
        if parsed is None or parsed[0] not in ("note", "topic"):
            return None
        return cls(parsed[0], parsed[1], parsed[2])


class History:
    """Back/forward like a browser: visiting a page drops whatever was ahead of the current one."""

    def __init__(self) -> None:
        self._entries: list[Location] = []
        self._pos = -1

    @property
    def current(self) -> Location | None:
        return self._entries[self._pos] if self._pos >= 0 else None

    def visit(self, location: Location) -> None:
        if location == self.current:
            return
        del self._entries[self._pos + 1:]
        self._entries.append(location)
        self._pos += 1

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


def open_external(url: str | QUrl) -> None:
    """Hand a web link to the system browser (tests replace QDesktopServices.openUrl to catch it)."""
    QDesktopServices.openUrl(QUrl(url) if isinstance(url, str) else url)


class LinkRouter(QObject):
    """Decides what activating a link means; views and panels only forward URLs here.

    `vault://note|topic` → go there (recorded in history); a YouTube link, when `stamps_in_player` is on →
    `play_requested(video id, second)` for the player dock; other http(s) → system browser; anything else is
    refused with a message. Views show what `location_changed` tells them.
    """

    location_changed = Signal(object)  # Location
    history_changed = Signal()
    message = Signal(str)
    play_requested = Signal(str, int)  # video id, second

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.index: VaultIndex | None = None
        self.history = History()
        self.stamps_in_player = False  # Settings → Open timestamps in: video player

    def set_index(self, index: VaultIndex | None) -> None:
        """A new vault: its pages replace the old ones, and history starts over."""
        self.index = index
        self.history.clear()
        self.history_changed.emit()

    @property
    def current(self) -> Location | None:
        return self.history.current

    def open_url(self, url: str | QUrl) -> None:
        """Follow a link the user activated."""
        text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded) if isinstance(url, QUrl) else url
        scheme = text.split(":", 1)[0].lower() if ":" in text else ""
        if scheme in EXTERNAL_SCHEMES:
            video = video_at(text) if self.stamps_in_player else None
            if video is not None:
                self.play_requested.emit(*video)
            else:
                open_external(text)
            return
        location = Location.from_url(text)
        if location is None:
            self.message.emit(f"Not opened: {text}")
            return
        self.go(location)

    def open_name(self, name: str) -> bool:
        """Open a note by path, stem or title, or else the topic of that name."""
        if self.index is None:
            return False
        found = self.index.find(name)
        if found is None:
            return False
        self.go(Location(*found))
        return True

    def go(self, location: Location) -> None:
        """Show `location` and record it, unless the vault has no such page."""
        if not self.exists(location):
            self.message.emit(f"No such {location.kind}: {location.key}")
            return
        self.history.visit(location)
        self.history_changed.emit()
        self.location_changed.emit(location)

    def back(self) -> None:
        location = self.history.back()
        if location is not None:
            self.history_changed.emit()
            self.location_changed.emit(location)

    def forward(self) -> None:
        location = self.history.forward()
        if location is not None:
            self.history_changed.emit()
            self.location_changed.emit(location)

    def exists(self, location: Location) -> bool:
        if self.index is None:
            return False
        pages = self.index.notes if location.kind == "note" else self.index.topics
        return location.key in pages

    def describe(self, url: str) -> str:
        """What a hovered link leads to, in words for the status bar."""
        if not url:
            return ""
        if self.stamps_in_player and (video := video_at(url)) is not None:
            return f"Play in the video player from {format_seconds(video[1])}"
        location = Location.from_url(url)
        if location is None or self.index is None:
            return url
        if location.kind == "note":
            note = self.index.notes.get(location.key)
            return note.title if note else f"Missing note: {location.key}"
        topic = self.index.topics.get(location.key)
        return f"Topic: {topic.name}" if topic else f"Topic: {location.key}"
