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
from desktop.ui.runner import BackgroundJob, background
from desktop.ui.session import VaultSession

URL_ROLE = Qt.ItemDataRole.UserRole + 1
RESULTS = 200  # rows shown at most
BIG_VAULT = 5000  # notes and topics: from here on, rank on a worker (the real vault's 47,000 names took the GUI
# thread 140-220 ms a key)


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
        # a long row is cut at its end, in its path (the file name mostly repeats the title): the title, what the
        # eye looks for, stays whole; never behind a horizontal scroll bar (the tooltip has it all)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setWordWrap(False)
        self.edit.setAccessibleName("Search notes, topics and videos")
        self.results.setAccessibleName("Matching notes, topics and videos")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        self._candidates: list[Candidate] = []
        self._built_for: tuple | None = None  # the index and video catalog the candidates were built from
        self._job: BackgroundJob | None = None  # ranking the newest query, in a big vault
        self._accept_when_ranked = False  # Enter came before the newest query's results
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
        self._accept_when_ranked = False
        self.edit.clear()
        self.update_results("")
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()

    @property
    def ranking(self) -> bool:
        """Whether the results shown are not yet those of the query typed (a big vault ranks on a worker)."""
        return self._job is not None

    def update_results(self, query: str) -> None:
        """Rank every name against `query`: here in a small vault, on a worker in a big one (the newest query
        wins; the list shows the previous results until then)."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        index, videos = self.session.index, self.session.videos
        if index is None or len(index.notes) + len(index.topics) < BIG_VAULT:
            self._show(rank(query, self.candidates, limit=RESULTS))
            return
        built = self._built_for is not None and self._built_for[0] is index and self._built_for[1] is videos
        ready = self._candidates if built else None

        def work() -> tuple[list[Candidate], list[Candidate]]:
            candidates = ready if ready is not None else switcher_candidates(index, videos)
            return candidates, rank(query, candidates, limit=RESULTS)

        def ranked(answer: tuple[list[Candidate], list[Candidate]]) -> None:
            self._job = None
            self._candidates, self._built_for = answer[0], (index, videos)
            self._show(answer[1])
            if self._accept_when_ranked:
                self._accept_when_ranked = False
                self.accept_current()

        self._job = background(work, name="switcher", owner=self).success(ranked).start()

    def _show(self, found: list[Candidate]) -> None:
        self.results.clear()
        for cand in found:
            item = QListWidgetItem(f"{cand.label}    — {cand.detail}")
            item.setData(URL_ROLE, cand.url)
            item.setToolTip(f"{cand.label}\n{cand.detail}")
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def accept_current(self) -> None:
        """Open the current row; Enter typed before the newest results opens their first once they come."""
        if self._job is not None:
            self._accept_when_ranked = True
            return
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
