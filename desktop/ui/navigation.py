"""Where the reader is and what a link means: browser-like history and the one router every link goes through.

Methods used as slots return None on purpose: PySide6 6.12 drops a reference to a bool a slot returns,
and after enough signals Python frees True/False and aborts. `open_name` answers through its own check.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from desktop.core.stamps import format_seconds
from desktop.render.navigation import EXTERNAL_SCHEMES, History, Location, video_at

__all__ = ["History", "LinkRouter", "Location", "open_external", "video_at"]


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
