"""Where the reader is: pages as `Location`s, browser-like `History`, and what a YouTube link points at.

Qt-free (the window's session holds one History; tests use it alone). It lives beside the linker because a
Location's URL is the linker's `vault://` URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from desktop.render.linker import AppLinker, parse_app_url, via_of

EXTERNAL_SCHEMES = frozenset({"http", "https"})
YOUTUBE_HOSTS = frozenset({"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com", "youtu.be"})
_VIDEO_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")
PAGE_KINDS = ("note", "topic", "video")  # what a Location may be (files are served, not visited)
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
