"""The Graph window (View → Graph, `note-reader VAULT --graph`): every note and topic of the vault, coloured by
folder (channel), filtered by folder and by a search query; a click opens the page in the reading window.

A window of its own rather than a page in place of the note: the graph is for looking around while the note
opens beside it (or on another screen), and a 20k-node graph wants room the reading window's columns don't
have. It belongs to the reading window (closes with it) and reads everything from that window's session.
Layout, filters and searches run on workers; the window shows "Laying out N nodes…" meanwhile.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.core.search import SEARCH_HELP, search_vault
from desktop.core.wording import plural
from desktop.render.navigation import Location
from desktop.ui import window_size
from desktop.ui.graph_scene import group_slots
from desktop.ui.graph_view import GraphView
from desktop.ui.graph_work import LaidOut, filtered_scene, vault_layout
from desktop.ui.runner import BackgroundJob, background, error_text

QUERY_DEBOUNCE_MS = 300
QUERY_LIMIT = 5000  # notes a query filter keeps at most (the best ranked)
ALL_FOLDERS = "All folders"
DEFAULT_SIZE = (1100, 780)


def fitting_size(available) -> tuple[int, int]:
    """The graph window's first size on a screen with `available` room."""
    return window_size.fitting_size(available, DEFAULT_SIZE)


class GraphWindow(QWidget):
    """The vault's whole graph with a folder filter and a search filter above it."""

    graph_shown = Signal()  # the vault's graph (or a filtered part of it) is on screen
    filters_applied = Signal(int)  # nodes shown after the folder and query filters

    def __init__(self, session, cache_dir: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.cache_dir = cache_dir
        self.setWindowTitle("Graph — Note Reader")
        self.setAccessibleName("Graph")
        self.resize(*fitting_size(self.screen().availableGeometry().size()))
        self.view = GraphView(self)
        self.folder_box = QComboBox(self, accessibleName="Folder filter", minimumContentsLength=18)
        self.folder_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.folder_box.addItem(ALL_FOLDERS)
        self.query_edit = QLineEdit(self, placeholderText='Filter by search: words, "a phrase", prefix*, title: in: '
                                                          'links:', clearButtonEnabled=True, toolTip=SEARCH_HELP,
                                    accessibleName="Search filter")
        self.status = QLabel(self)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 2)
        bar.addWidget(self.folder_box)
        bar.addWidget(self.query_edit, 1)
        bar.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        hint = QLabel("Drag or arrow keys to pan · wheel or +/− to zoom · 0 fits · click or Shift+arrows "
                      "select · Enter opens · Esc clears")
        hint.setContentsMargins(8, 2, 8, 4)
        hint.setEnabled(False)
        layout.addWidget(hint)
        close = QAction("Close", self, shortcut=QKeySequence(QKeySequence.StandardKey.Close))
        close.triggered.connect(self.close)
        self.addAction(close)

        self._placed = False  # moved to the middle of its screen, the first time it is shown
        self.whole: LaidOut | None = None  # the vault's graph as laid out, before filters
        self._whole_index = None  # the index it was built from
        self.groups: set[str] | None = None
        self.keys: set[tuple[str, str]] | None = None  # the query's notes; None: no query
        self._layout_job: BackgroundJob | None = None
        self._filter_job: BackgroundJob | None = None
        self._search_job: BackgroundJob | None = None
        self._query_timer = QTimer(self, singleShot=True, interval=QUERY_DEBOUNCE_MS)
        self._query_timer.timeout.connect(self._run_query)
        self.query_edit.textChanged.connect(lambda _text: self._query_timer.start())
        self.query_edit.returnPressed.connect(self._run_query)
        self.folder_box.currentIndexChanged.connect(self._folder_chosen)
        self.view.node_activated.connect(self._open)
        self.view.colours_changed.connect(self._paint_swatches)  # a new theme: the legend in its colours
        session.index_changed.connect(lambda _index: self.refresh())
        session.location_changed.connect(self._follow)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Escape closes the window (the graph's own Escape first clears its selection, the search filter's
        first clears its words); Enter with nothing selected does nothing, silently."""
        if event.key() == Qt.Key.Key_Escape:
            if self.query_edit.hasFocus() and self.query_edit.text():
                self.query_edit.clear()
            else:
                self.close()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
        else:
            super().keyPressEvent(event)

    # the whole graph ------------------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self._placed:  # first shown: in the middle of its screen, whole (a window manager put it lower,
            self._placed = True  # its bottom off a 1080-pixel screen)
            frame = self.frameGeometry()
            frame.moveCenter(self.screen().availableGeometry().center())
            self.move(frame.topLeft())
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Lay out the session's index (once per index, on a worker); a newer index supersedes a running one."""
        index, root = self.session.index, self.session.root
        if not self.isVisible() or index is None or root is None:
            return
        if not index.complete:
            self.view.set_message("Reading the vault: links and topics…")
            return
        if index is self._whole_index:
            return
        if self._layout_job is not None:
            self._layout_job.cancel()
        self._whole_index = index
        count = len(index.notes) + len(index.topics)
        self.view.set_message(f"Laying out {plural(count, 'node')}…")
        self.status.setText("")
        cache = self.cache_dir

        def laid_out(result: LaidOut) -> None:
            if not shiboken6.isValid(self) or index is not self.session.index:
                return
            self._layout_job = None
            first = self.whole is None
            self.whole = result
            self._fill_folders(result.graph.groups())
            self.view.set_message("")
            self._apply_filters(keep_view=not first)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self._layout_job, self._whole_index = None, None
                self.view.set_message(f"The graph could not be laid out: {error_text(error)}")

        self._layout_job = (background(lambda: vault_layout(index, cache, root), name="graph layout", owner=self)
                            .success(laid_out).failure(failed).start())

    def _fill_folders(self, groups: list[str]) -> None:
        """The folder filter's choices, each with its colour in the graph (the legend)."""
        chosen = self.folder_box.currentText()
        self.folder_box.blockSignals(True)
        self.folder_box.clear()
        self.folder_box.addItem(ALL_FOLDERS)
        self.folder_box.addItems(list(group_slots(groups)))
        self._paint_swatches()
        at = self.folder_box.findText(chosen)
        self.folder_box.setCurrentIndex(max(at, 0))
        self.folder_box.blockSignals(False)
        if at < 0 and self.groups is not None:  # the folder is gone from the vault
            self.groups = None

    def _paint_swatches(self) -> None:
        """Each folder's choice gets a swatch of its colour in the graph, as the view paints it now."""
        if self.whole is None:
            return
        slots, colours = group_slots(self.whole.graph.groups()), self.view.colours
        for row in range(1, self.folder_box.count()):
            slot = slots.get(self.folder_box.itemText(row))
            if slot is not None:
                swatch = QPixmap(12, 12)
                swatch.fill(colours.slots[slot])
                self.folder_box.setItemIcon(row, QIcon(swatch))

    # filters ----------------------------------------------------------------------------------------------

    def _folder_chosen(self, _row: int) -> None:
        text = self.folder_box.currentText()
        self.groups = None if self.folder_box.currentIndex() <= 0 else {text}
        self._apply_filters()

    def _run_query(self) -> None:
        """Search the vault with the app's search (off the GUI thread); its notes become the query filter."""
        self._query_timer.stop()
        query = self.query_edit.text().strip()
        if self._search_job is not None:
            self._search_job.cancel()
            self._search_job = None
        if not query:
            if self.keys is not None:
                self.keys = None
                self._apply_filters()
            return
        index, root = self.session.index, self.session.root
        if index is None or root is None:
            return
        self.status.setText("Searching…")

        def found(results) -> None:
            if not shiboken6.isValid(self):
                return
            self._search_job = None
            self.keys = {("note", result.path) for result in results}
            self._apply_filters()

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self._search_job = None
                self.status.setText(f"Search failed: {error_text(error)}")

        setting = index.timestamp_setting
        self._search_job = (background(lambda: search_vault(root, index, setting, query, limit=QUERY_LIMIT),
                                       name="graph search", owner=self).success(found).failure(failed).start())

    def _apply_filters(self, keep_view: bool = False) -> None:
        """Show the part of the laid-out graph the folder and query filters keep (built on a worker)."""
        whole = self.whole
        if whole is None:
            return
        if self._filter_job is not None:
            self._filter_job.cancel()
        groups, keys = self.groups, self.keys

        def built(scene) -> None:
            if not shiboken6.isValid(self):
                return
            self._filter_job = None
            self.view.set_scene(scene, keep_view=keep_view)
            self._follow(self.session.current)
            self._say_counts(scene)
            self.view.set_message("" if scene.node_count else "Nothing matches these filters")
            self.filters_applied.emit(scene.node_count)
            self.graph_shown.emit()

        self._filter_job = (background(lambda: filtered_scene(whole, groups, keys), name="graph filter", owner=self)
                            .success(built).failure(lambda error: self.status.setText(error_text(error))).start())

    def _say_counts(self, scene) -> None:
        whole = self.whole.graph
        notes = sum(1 for node in scene.graph.nodes if node.kind == "note")
        topics = scene.node_count - notes
        shown = f"{plural(notes, 'note')} · {plural(topics, 'topic')} · {plural(len(scene.graph.edges), 'link')}"
        if scene.node_count < len(whole.nodes):
            shown += f" (of {len(whole.nodes):,} nodes)"
        self.status.setText(shown)

    # navigation -------------------------------------------------------------------------------------------

    def _open(self, node) -> None:
        if node is not None:
            self.session.go(Location(node.kind, node.key))

    def _follow(self, location: Location | None) -> None:
        """Ring the page being read in the reading window."""
        if location is not None:
            self.view.set_centre(location.kind, location.key)
