"""The quick switcher (Ctrl+O): type a few letters of a title, alias, topic or video (title or id), press Enter
to open it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.core.fuzzy import Candidate, rank
from desktop.core.index import VaultIndex
from desktop.core.videos import VideoCatalog
from desktop.core.wording import plural
from desktop.render.navigation import Location
from desktop.ui.session import VaultSession

URL_ROLE = Qt.ItemDataRole.UserRole + 1


def switcher_candidates(index: VaultIndex, videos: VideoCatalog | None = None) -> list[Candidate]:
    """Every note by title and by each alias, every topic, and every video by title and by id, with the URL
    each opens."""
    out: list[Candidate] = []
    for path, note in index.notes.items():
        url = Location("note", path).url
        out.append(Candidate(note.title, path, url))
        out.extend(Candidate(alias, f"alias of {note.title}", url) for alias in note.aliases)
    for key, topic in index.topics.items():
        out.append(Candidate(topic.name, f"topic · {plural(len(topic.mentions), 'mention')}", Location("topic", key).url))
    for video in videos or ():
        url = Location("video", video.id).url
        detail = f"video · {video.channel or 'no channel'} · {plural(len(video.all_notes), 'note')}"
        if video.title is not None:
            out.append(Candidate(video.title, detail, url))
        out.append(Candidate(video.id, f"{detail} · {video.display_title}" if video.title else detail, url))
    return out


class QuickSwitcher(QDialog):
    """A popup with a line edit over a ranked list; emits `chosen(url)` and closes on Enter."""

    chosen = Signal(str)

    def __init__(self, session: VaultSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Open Note, Topic or Video")
        self.setModal(True)
        self.resize(560, 420)
        self.edit = QLineEdit(placeholderText="Note title, alias, topic or video…")
        self.results = QListWidget(uniformItemSizes=True)
        # long paths are shortened in the middle, never behind a horizontal scroll bar (the tooltip has it all)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.results.setWordWrap(False)
        self.edit.setAccessibleName("Search notes, topics and videos")
        self.results.setAccessibleName("Matching notes, topics and videos")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        self._candidates: list[Candidate] = []
        self._built_for: tuple | None = None  # the index and video catalog the candidates were built from
        self.edit.textChanged.connect(self.update_results)
        self.edit.returnPressed.connect(self.accept_current)
        self.edit.installEventFilter(self)
        self.results.itemActivated.connect(lambda _item: self.accept_current())

    @property
    def candidates(self) -> list[Candidate]:
        """The session's notes, topics and videos, built when the switcher opens on a new index or catalog (not at
        start-up)."""
        index, videos = self.session.index, self.session.videos
        if self._built_for is None or self._built_for[0] is not index or self._built_for[1] is not videos:
            self._candidates = switcher_candidates(index, videos) if index is not None else []
            self._built_for = (index, videos)
        return self._candidates

    def popup(self) -> None:
        self.edit.clear()
        self.update_results("")
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()

    def update_results(self, query: str) -> None:
        self.results.clear()
        for cand in rank(query, self.candidates, limit=200):
            item = QListWidgetItem(f"{cand.label}    — {cand.detail}")
            item.setData(URL_ROLE, cand.url)
            item.setToolTip(f"{cand.label}\n{cand.detail}")
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def accept_current(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.accept()
        self.chosen.emit(item.data(URL_ROLE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Up/Down in the line edit move through the results, so the hands never leave the keys."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.results.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)
