"""The Outline panel: the shown note's headings, nested; a click or Enter scrolls the note to one.

A QTreeWidget rather than a model of our own: the outline is a few dozen read-only rows rebuilt whole on each
page, nested by level, like the stamp and backlink panels beside it; a custom model would add code, not speed.
The headings come from the renderer's toc (`PageSource.headings`), asked on a worker: it may read the note.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from desktop.render.navigation import Location
from desktop.render.outline import OutlineEntry, nest_headings
from desktop.ui.page_presenter import render_pool
from desktop.ui.runner import BackgroundJob, background

ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 1
NO_HEADINGS = "Outline: no headings"  # short: the panel is ~200 px in a small window, and the header cuts, not elides


class OutlinePanel(QTreeWidget):
    """Headings of the page on screen; emits `heading_chosen(anchor)` for the one clicked or activated."""

    heading_chosen = Signal(str)  # the heading's element id
    outline_shown = Signal(object)  # Location: the outline now shows this page's headings

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(1)
        self.setHeaderLabels(["Outline"])
        self.setAccessibleName("Outline")
        self.setIndentation(12)
        self.setUniformRowHeights(True)
        self.shown: Location | None = None
        self._headings: list[tuple[int, str, str]] = []
        self._job: BackgroundJob | None = None
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)

    def show_page(self, source, location: Location | None) -> None:
        """Ask the headings of `location` from `source` on a worker; the newest page asked wins."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        if source is None or location is None:
            self.set_headings(None, [])
            return
        page = (location.kind, location.key, location.via)

        def answered(headings: list) -> None:
            if shiboken6.isValid(self):  # the window may have closed meanwhile
                self.set_headings(location, headings)

        # on the render threads: rendering keeps per-thread Markdown instances (see runner.python_threads)
        self._job = (background(lambda: source.headings(*page), name=f"outline {location.key}", pool=render_pool())
                     .success(answered).failure(lambda _error: answered([])).start())

    def set_headings(self, location: Location | None, headings: list[tuple[int, str, str]]) -> None:
        """Show `headings` (level, id, text) nested by level, or the placeholder when there are none."""
        self._job = None
        if location == self.shown and headings == self._headings and location is not None:
            self.outline_shown.emit(location)  # the same page shown again: the reader's current row stays
            return
        self.shown, self._headings = location, headings
        self.setCurrentItem(None)  # first: a clear walks a current row near the end up through every row
        self.clear()
        entries = nest_headings(headings)
        self.setHeaderLabels(["Outline" if entries else NO_HEADINGS])
        self.addTopLevelItems([self._item(entry) for entry in entries])
        self.expandAll()
        self.outline_shown.emit(location)

    def _item(self, entry: OutlineEntry) -> QTreeWidgetItem:
        item = QTreeWidgetItem([entry.text])
        item.setData(0, ANCHOR_ROLE, entry.anchor)
        item.setToolTip(0, entry.text)
        item.addChildren([self._item(child) for child in entry.children])
        return item

    def _chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if anchor := item.data(0, ANCHOR_ROLE):
            self.heading_chosen.emit(anchor)
