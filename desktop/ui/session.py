"""The reading session: the one holder of the vault being read and of where the reader is in it.

Panels and views subscribe to `index_changed` and `location_changed` and read `session.index` /
`session.current` when told; none keeps its own copy, so a new index (stage two after stage one, a live
reload) replaces what they show without touching history, the current page or its place on screen.

The vault's videos (`session.videos`, a `VideoCatalog`) are built on a worker once per full index, then
`videos_changed` is emitted; until then the same vault keeps its previous catalog, another vault has none.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop.core.index import VaultIndex
from desktop.core.memory import long_lived
from desktop.core.videos import VideoCatalog
from desktop.render.navigation import History, Location, Place, added_notes, moved_note
from desktop.render.page_source import PageSource
from desktop.render.video_catalog import build_video_catalog
from desktop.ui.runner import BackgroundJob, background, error_text

VIDEO_PREFIX = "video:"  # `--note video:ID`, as a video page's name

class VaultSession(QObject):
    """Vault root, index, page source, current location and history, with a signal for each change."""

    index_changed = Signal(object)  # VaultIndex: the same vault read again, or another vault
    location_changed = Signal(object)  # Location: go, back, forward (a new anchor in the same page too)
    history_changed = Signal()
    page_moved = Signal(object, object)  # old Location, new: the note's file was renamed or moved in the new index
    leaving = Signal(object)  # Location: the reader is about to leave it; the view's owner calls `keep_place` now
    videos_changed = Signal(object)  # VideoCatalog of the current index, built in the background
    message = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root: Path | None = None
        self.index: VaultIndex | None = None
        self.source: PageSource | None = None
        self.history = History()
        self.videos: VideoCatalog | None = None
        self._videos_job: BackgroundJob | None = None
        self.page_options = {"dark": False, "allow_remote": False, "font_size": 0}

    @property
    def current(self) -> Location | None:
        return self.history.current

    @property
    def place(self) -> Place | None:
        """Where the reader was in the current page when last there (None: a page newly visited)."""
        return self.history.place

    def keep_place(self, place: Place | None) -> None:
        """The place the reader is leaving the current page at, kept with its history entry for Back/Forward."""
        self.history.keep_place(place)

    def _leave(self) -> None:
        if self.history.current is not None:
            self.leaving.emit(self.history.current)  # a direct connection: the place is kept before the move

    def set_index(self, root: Path, index: VaultIndex) -> None:
        """Install a new index. The same vault keeps history and the current page; another vault starts over."""
        other_vault = root != self.root
        previous = self.index
        self.root, self.index = root, index
        if other_vault:
            self.videos = None
        self.source = PageSource(index, **self.page_options)
        self.source.set_videos(self.videos)
        if other_vault and self.history.current is not None:
            self.history.clear()
            self.history_changed.emit()
        elif previous is not None:
            self._follow_moved_notes(previous, index)
        self.index_changed.emit(index)
        self._build_videos(index)

    def _follow_moved_notes(self, previous: VaultIndex, index: VaultIndex) -> None:
        """Notes of the history gone from their path but found at a new one (renamed, moved, their folder
        renamed): their entries follow them, and the page on screen with them (`page_moved`)."""
        moved = False
        gone = [key for key in self.history.keys("note") - index.notes.keys() if key in previous.notes]
        added = added_notes(previous, index) if gone else []  # one walk of the index for them all
        for key in gone:
            new_key = moved_note(previous, index, key, added)
            if new_key is None:
                continue
            moved, current = True, self.history.current
            self.history.rename("note", key, new_key)
            if current is not None and (current.kind, current.key) == ("note", key):
                self.page_moved.emit(current, self.history.current)
        if moved:
            self.history_changed.emit()

    def _build_videos(self, index: VaultIndex) -> None:
        """Build the catalog of a full index on a worker (it may read every body); the newest index wins."""
        if self._videos_job is not None:
            self._videos_job.cancel()
            self._videos_job = None
        if not index.complete:  # stage one knows no stamps yet
            return

        def built(videos: VideoCatalog) -> None:
            if not shiboken6.isValid(self) or index is not self.index:  # the window closed, or a newer index
                return
            self._videos_job = None
            self.videos = videos
            self.source.set_videos(videos)
            self.videos_changed.emit(videos)

        def failed(error: BaseException) -> None:  # the runner logged the traceback
            if not shiboken6.isValid(self):
                return
            self._videos_job = None
            self.message.emit(f"The vault's videos could not be listed: {error_text(error)}")

        def build() -> VideoCatalog:
            with long_lived():  # ~10^5 objects kept as long as the index: no collector walks (they held the GUI)
                return build_video_catalog(index)

        self._videos_job = (background(build, name="video catalog", owner=self)
                            .success(built).failure(failed).start())

    def find(self, name: str) -> Location | None:
        """The page `name` names: `video:ID` a video page, else a note by path, stem or title, or a topic."""
        if self.index is None:
            return None
        if name.strip().startswith(VIDEO_PREFIX):
            location = Location("video", name.strip()[len(VIDEO_PREFIX):].strip())
            return location if self.exists(location) else None
        found = self.index.find(name)
        return Location(*found) if found is not None else None

    def configure_pages(self, *, dark: bool, allow_remote: bool, font_size: int) -> None:
        """New reading preferences for the pages rendered from now on."""
        self.page_options = {"dark": dark, "allow_remote": allow_remote, "font_size": font_size}
        if self.source is not None:
            self.source.configure(**self.page_options)

    def exists(self, location: Location) -> bool:
        if self.index is None:
            return False
        if location.kind == "video":
            return self.videos is not None and location.key in self.videos
        pages = self.index.notes if location.kind == "note" else self.index.topics
        return location.key in pages

    def go(self, location: Location, place: Place | None = None) -> None:
        """Go to `location` and record it, unless the vault has no such page; `place`: where to show it (the
        last note of a vault, reopened where it was left)."""
        if not self.exists(location):
            self.message.emit(f"No such {location.kind}: {location.key}")
            return
        if location != self.history.current:
            self._leave()
        self.history.visit(location, place)
        self.history_changed.emit()
        self.location_changed.emit(location)

    def restore_history(self, before: list[tuple[Location, Place | None]],
                        after: list[tuple[Location, Place | None]]) -> None:
        """The pages of the last session behind and ahead of the one just reopened (`History.surround`)."""
        self.history.surround(before, after)
        self.history_changed.emit()

    def back(self) -> None:
        self._step(self.history.back)

    def forward(self) -> None:
        self._step(self.history.forward)

    def _step(self, move) -> None:
        self._leave()
        location = move()
        if location is None:
            return
        self.history_changed.emit()
        if not self.exists(location):  # removed from the vault since: its page says so (the next press moves on)
            self.message.emit(f"No longer in the vault: {location.key}")
        self.location_changed.emit(location)
