"""The video page of the note on screen, rendered before it is asked for: once the reader stays on a note, its
video page (`video:ID?via=note`, what its "▶ Video" and its strip's label open) is rendered on a worker into the
page cache, so the click hands the view a page at once instead of waiting for the merge, timeline and outline.

(Loading it into a hidden second web page, to swap pages on the click, was tried and dropped: the swapped-in
page is laid out and painted only once attached, and its first frame came no sooner than a load's.)"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.render.navigation import Location
from desktop.ui.page_presenter import render_pool
from desktop.ui.runner import background
from desktop.ui.session import VaultSession

SETTLE_MS = 300  # a note must stay this long on screen: paging through notes prerenders nothing


class VideoPrerender(QObject):
    """After a note has been on screen `SETTLE_MS`, renders its video page into the session's page cache;
    `prerendered(location)` once it is there."""

    prerendered = Signal(object)  # Location of the video page

    def __init__(self, session: VaultSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._note: Location | None = None
        self._timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._timer.timeout.connect(self._prepare)

    def page_shown(self, location: Location) -> None:
        """A page is on screen: a note's video page will be prepared once the reader stays on it."""
        self._note = location if location.kind == "note" else None
        if self._note is None:
            self._timer.stop()
        else:
            self._timer.start()

    def target(self, note_location: Location) -> Location | None:
        """The video page a note's "▶ Video" opens, when the vault has one."""
        index, videos = self.session.index, self.session.videos
        note = index.notes.get(note_location.key) if index is not None else None
        if note is None or videos is None or note.video_id is None or note.video_id not in videos:
            return None
        return Location("video", note.video_id, via=note.path)

    def _prepare(self) -> None:
        note, source = self._note, self.session.source
        target = self.target(note) if note is not None else None
        if target is None or source is None:
            return
        if source.cached(target.kind, target.key, target.via) is not None:
            self.prerendered.emit(target)
            return
        cache_key = source.cache_key(target.kind, target.key, target.via)  # what it is rendered from, named now

        def rendered(page) -> None:
            if page is None or source is not self.session.source:
                return  # no such page, or a new index came meanwhile (its pages are rendered from it)
            source.remember(cache_key, page)
            self.prerendered.emit(target)

        (background(lambda: source.render(target.kind, target.key, target.via), name=f"prerender {target.key}",
                    pool=render_pool(), owner=self)
         .success(rendered).start())
