"""The timestamp panel: every stamp of the note in order; click or Enter opens the video at that second.

Selecting a row asks the note view to reveal that sentence; the panel never scrolls the view itself.
Ctrl+Enter (or the context menu's "Open Video Page") opens the page of the video the stamp cites. On a video
page the panel lists the merged stamps of all its notes.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from desktop.core.model import Mention, Note, Stamp
from desktop.core.stamps import format_seconds, youtube_url
from desktop.core.videos import Video, VideoCatalog
from desktop.render.navigation import video_at

STAMP_ROLE = Qt.ItemDataRole.UserRole + 1


class StampPanel(QTreeWidget):
    """Emits `open_requested(url)` to play a stamp and `reveal_requested(i, stamp)` to show it in the note."""

    open_requested = Signal(str)
    reveal_requested = Signal(int, object)  # stamp number in the note, Stamp
    video_page_requested = Signal(str)  # video id
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page: object = None  # the page whose stamps are listed (its list scrolled again on a reload)
        self.setColumnCount(2)
        self.setHeaderLabels(["Time", "Sentence"])
        self.setAccessibleName("Timestamps")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # A click plays, and Enter (keyPressEvent). Not `itemActivated`: a double-click is a click and an
        # activation (and some styles activate on a single click), which opened the browser twice.
        self.itemClicked.connect(self._play)
        self.currentItemChanged.connect(self._reveal)
        self.customContextMenuRequested.connect(self._context_menu)
        self.videos: VideoCatalog | None = None
        self._focus_row = False  # the row being made current is Qt's on focus-in, not the reader's choice

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Reaching the panel by keyboard (F6, Tab) makes its first row current, as Qt does, but does not show it
        in the note: passing through the panel on the way to the backlinks moved the reader to the note's first
        stamp. The row the reader moves to (Down, a click) is shown."""
        self._focus_row = self.currentItem() is None
        try:
            super().focusInEvent(event)
        finally:
            self._focus_row = False

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802 (Qt override)
        """Scroll to a row, never sideways: beside the player dock a long sentence scrolled the list to the
        right and the time column read ":37" for 2:37."""
        super().scrollTo(index, hint)
        self.horizontalScrollBar().setValue(0)

    def set_videos(self, videos: VideoCatalog | None) -> None:
        """The vault's videos: which stamps lead to a video page."""
        self.videos = videos

    def show_video(self, video: Video | None) -> None:
        """For a video page: every stamp of its notes, merged in time order."""
        if video is None:
            self.show_stamps([])
            return
        self.show_stamps([Stamp(label=format_seconds(s.seconds), seconds=s.seconds,
                                url=youtube_url(video.id, s.seconds), context=s.sentence, start=0, end=0)
                          for s in video.stamps], ("video", video.id))

    def follow_row(self, row: int) -> None:
        """Make `row` current as the video reaches it (once: the same row again changes nothing)."""
        item = self.topLevelItem(row)
        if item is not None and item is not self.currentItem():
            self.setCurrentItem(item)
            self.scrollToItem(item)

    def video_page_of(self, item: QTreeWidgetItem | None) -> str | None:
        """The id of the video the row's stamp cites, when the vault has a page for it."""
        if item is None or self.videos is None:
            return None
        _, stamp = self.stamp_of(item)
        cited = video_at(stamp.url) if stamp.url else None
        return cited[0] if cited is not None and cited[0] in self.videos else None

    def open_video_page(self, item: QTreeWidgetItem | None = None) -> None:
        """Open the page of the video the (current) row's stamp cites."""
        item = item or self.currentItem()
        if item is None:  # Ctrl+Enter from the note, no stamp chosen yet
            self.message.emit("No stamp is selected: choose one in the stamps panel (F6), then Ctrl+Enter")
            return
        video_id = self.video_page_of(item)
        if video_id is None:
            self.message.emit("This stamp's video has no page in the vault")
            return
        self.video_page_requested.emit(video_id)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Enter (Return) plays the current row's stamp (Ctrl+Enter is the window's "Video Page of Selected
        Stamp")."""
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain and self.currentItem() is not None:
            self._play(self.currentItem())
            return
        super().keyPressEvent(event)

    def show_note(self, note: Note | None) -> None:
        """List the stamps of `note` (or nothing)."""
        self.show_stamps(note.stamps if note else [], ("note", note.path) if note else None)

    def show_mentions(self, mentions: list[Mention], page: object = None) -> None:
        """For a topic page: the stamped moments where the topic is mentioned, across its notes."""
        self.show_stamps([Stamp(label=format_seconds(m.seconds), seconds=m.seconds, url=m.url, context=m.context,
                                start=0, end=0) for m in mentions if m.seconds is not None], page)

    def show_stamps(self, stamps: list[Stamp], page: object = None) -> None:
        """List `stamps`, from the first one, or for the same `page` again (a live reload) where the list was
        scrolled (QA: a new note's list opened as far down as the last note's had been scrolled)."""
        kept = self.verticalScrollBar().value() if page is not None and page == self._page else 0
        self._page = page
        self.blockSignals(True)
        # No current row first: clearing a list whose current row is near its end moved the current row up
        # through every row removed (3,124 stamps: the window froze 7.5 s; 28,727: minutes).
        self.setCurrentItem(None)
        self.clear()
        items = []
        above = ""  # the last sentence listed: a stamp right after another cites it too (QA: a bare "—")
        muted = self.palette().placeholderText()
        for i, stamp in enumerate(stamps):
            shown = format_seconds(stamp.seconds) if stamp.seconds is not None else stamp.label
            item = QTreeWidgetItem([shown, stamp.context or above or "—"])
            item.setData(0, STAMP_ROLE, (i, stamp))
            tip = stamp.context or (f"The same sentence as the stamp above: {above}" if above else "")
            if not stamp.context:
                item.setForeground(1, muted)
            above = stamp.context or above
            item.setToolTip(1, tip)
            item.setToolTip(0, stamp.url or _why_not_played(stamp))
            if stamp.url is None:
                item.setForeground(0, self.palette().placeholderText())
            items.append(item)
        self.addTopLevelItems(items)
        self.verticalScrollBar().setValue(kept)
        self.blockSignals(False)

    def stamp_of(self, item: QTreeWidgetItem) -> tuple[int, Stamp]:
        return item.data(0, STAMP_ROLE)

    def _play(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        _, stamp = self.stamp_of(item)
        if stamp.url:
            self.open_requested.emit(stamp.url)
        else:
            self.message.emit(_why_not_played(stamp))

    def _reveal(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if item is not None and not self._focus_row:
            self.reveal_requested.emit(*self.stamp_of(item))

    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        _, stamp = self.stamp_of(item)
        menu = QMenu(self)
        video_page = menu.addAction("Open Video Page\tCtrl+Enter")
        video_page.setEnabled(self.video_page_of(item) is not None)
        video_page.triggered.connect(lambda: self.open_video_page(item))
        copy_link = menu.addAction("Copy Video Link")
        copy_link.setEnabled(bool(stamp.url))
        copy_link.triggered.connect(lambda: QGuiApplication.clipboard().setText(stamp.url or ""))
        copy_both = menu.addAction("Copy Sentence with Link")
        copy_both.triggered.connect(
            lambda: QGuiApplication.clipboard().setText(f"{stamp.context} ({stamp.url})" if stamp.url else stamp.context))
        menu.popup(self.viewport().mapToGlobal(pos))


def _why_not_played(stamp: Stamp) -> str:
    """Why a stamp's row opens nothing: its value is no time (the note's warnings say which), or the note
    names no video."""
    if stamp.seconds is None:
        return f"{stamp.label}: not a time: no moment of a video to open (see the note's warnings)"
    return f"{stamp.label}: the note names no video to open"
