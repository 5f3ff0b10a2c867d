"""Where the reader is and what a link means: browser-like history and the one router every link goes through.

Methods used as slots return None on purpose: PySide6 6.12 drops a reference to a bool a slot returns,
and after enough signals Python frees True/False and aborts. `open_name` answers through its own check.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from desktop.core.index import VaultIndex
from desktop.core.stamps import format_seconds
from desktop.render.navigation import EXTERNAL_SCHEMES, History, Location, video_at
from desktop.ui.session import VaultSession

__all__ = ["History", "LinkRouter", "Location", "open_external", "video_at"]


def open_external(url: str | QUrl, say=None) -> None:
    """Hand a web link to the system browser (tests replace QDesktopServices.openUrl to catch it); `say(text)`
    when none took it (QA: with no browser installed a click did nothing visible)."""
    link = QUrl(url) if isinstance(url, str) else url
    if not QDesktopServices.openUrl(link) and say is not None:
        say(f"No web browser opened {link.toString()}: is one installed and set as the default?")


class LinkRouter(QObject):
    """Decides what activating a link means; views and panels only forward URLs here.

    `vault://note|topic` → the session goes there (recorded in its history); a YouTube link, when
    `stamps_in_player` is on → `play_requested(video id, second)` for the player dock; other http(s) → system
    browser; anything else is refused with a message. Where the reader is lives in the session, not here.
    """

    message = Signal(str)
    play_requested = Signal(str, int)  # video id, second

    def __init__(self, session: VaultSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stamps_in_player = False  # Settings → Open timestamps in: video player

    @property
    def index(self) -> VaultIndex | None:
        return self.session.index

    @property
    def history(self) -> History:
        return self.session.history

    @property
    def current(self) -> Location | None:
        return self.session.current

    def open_url(self, url: str | QUrl) -> None:
        """Follow a link the user activated."""
        text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded) if isinstance(url, QUrl) else url
        scheme = text.split(":", 1)[0].lower() if ":" in text else ""
        if scheme in EXTERNAL_SCHEMES:
            video = video_at(text) if self.stamps_in_player else None
            if video is not None:
                self.play_requested.emit(*video)
            else:
                open_external(text, self.message.emit)
            return
        location = Location.from_url(text)
        if location is None:
            self.message.emit(f"Not opened: {text}")
            return
        self.go(location)

    def open_name(self, name: str) -> bool:
        """Open a note by path, stem or title, or else the topic of that name; `video:ID` a video page."""
        found = self.session.find(name)
        if found is None:
            return False
        self.go(found)
        return True

    def go(self, location: Location) -> None:
        self.session.go(location)

    def back(self) -> None:
        self.session.back()

    def forward(self) -> None:
        self.session.forward()

    def exists(self, location: Location) -> bool:
        return self.session.exists(location)

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
        if location.kind == "video":
            video = self.session.videos.get(location.key) if self.session.videos is not None else None
            return f"Video: {video.display_title}" if video else f"Video: {location.key}"
        topic = self.index.topics.get(location.key)
        return f"Topic: {topic.name}" if topic else f"Topic: {location.key}"
