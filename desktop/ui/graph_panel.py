"""The Local Graph panel: the page being read with what it links to and what links to it, one step out (two on
demand); it follows navigation, and a click on a node opens that page.

It keeps no state of the vault's: on `location_changed` and `index_changed` it asks the session for the
index and the current page and lays their graph out on a worker (the newest request wins).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.core.videos import VideoCatalog
from desktop.core.wording import plural
from desktop.render.navigation import Location
from desktop.ui.graph_view import GraphView
from desktop.ui.graph_work import LaidOut, page_layout
from desktop.ui.runner import BackgroundJob, background, error_text

PANEL_LABEL_CHARS = 24  # a narrow panel: short names, fewer overlaps


NO_VIDEOS = VideoCatalog({})  # before the session's catalog is in: the local graph without video nodes


class ElidedLabel(QLabel):
    """One line cut with an ellipsis to the width the layout gives it, whole in its tooltip: in a narrow pane
    the title gives way to the "2 steps" box instead of running under it."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.full_text = ""
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        self.full_text = text
        self.setToolTip(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        QLabel.setText(self, self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight,
                                                           max(self.width(), 0)))


class LocalGraphPanel(QWidget):
    """A small graph view of the current page's neighbourhood, with a "two steps" switch."""

    graph_shown = Signal(object)  # Location whose graph is now on screen

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAccessibleName("Local graph")
        self.view = GraphView(self)
        self.view.setAccessibleName("Local graph")
        self.view.label_chars = PANEL_LABEL_CHARS
        self.title = ElidedLabel("Local graph")
        self.depth_box = QCheckBox("2 steps", toolTip="Also what the linked pages link to, and what links to them")
        self.depth_box.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        header = QHBoxLayout()
        header.setContentsMargins(6, 2, 6, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.depth_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        self.shown: Location | None = None  # the page whose graph is on screen
        self._shown_depth: int | None = None
        self._shown_from: tuple = (None, None)  # the index and the video catalog it was built from
        self._job: BackgroundJob | None = None
        self.view.node_activated.connect(self._open)
        self.depth_box.toggled.connect(lambda _on: self.refresh())
        session.location_changed.connect(lambda _location: self.refresh())
        session.index_changed.connect(lambda _index: self.refresh())
        session.videos_changed.connect(lambda _videos: self.refresh())

    @property
    def depth(self) -> int:
        return 2 if self.depth_box.isChecked() else 1

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Lay out the current page's graph on a worker, if the panel is shown (a hidden panel costs nothing)."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        index, current = self.session.index, self.session.current
        if not self.isVisible():
            return
        if index is None or current is None or not index.complete:
            self.title.setText("Local graph")
            self.view.set_scene(None)
            self.view.set_message("Reading the vault…" if index is not None and not index.complete else "")
            return
        location = Location(current.kind, current.key)
        depth, catalog = self.depth, self.session.videos
        if catalog is None:  # the session's is being built (videos_changed lays out again): never a second build
            catalog = NO_VIDEOS
        if (location, depth) == (self.shown, self._shown_depth) and index is self._shown_from[0] \
                and catalog is self._shown_from[1] \
                and self.view.scene is not None:
            return
        if location != self.shown:  # another page: not the last page's graph under "Laying out…" (QA: a hub's
            self.view.set_scene(None)  # took 1.5 s, the 7 nodes of the page before shown and counted meanwhile)
            self.title.setText("Local graph")
            self.shown = None
        self.view.set_message("Laying out…")

        def laid_out(result: LaidOut) -> None:
            if not shiboken6.isValid(self):
                return
            self._job = None
            self.shown, self._shown_depth, self._shown_from = location, depth, (index, catalog)
            self.view.set_scene(result.scene)
            self.view.set_centre(location.kind, location.key)
            self.view.set_message("" if result.scene.node_count else "Not in the graph")
            count = result.scene.node_count
            self.title.setText(f"Local graph · {plural(count, 'node')}")
            self.graph_shown.emit(location)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self._job = None
                self.view.set_message(f"No graph: {error_text(error)}")

        self._job = (background(lambda: page_layout(index, location.kind, location.key, depth, catalog),
                                name=f"local graph {location.key}", owner=self)
                     .success(laid_out).failure(failed).start())

    def _open(self, node) -> None:
        if node is not None:
            self.session.go(Location(node.kind, node.key))
