"""The search panel: full-text queries over the vault's cached index, run off the GUI thread.

Results come from `desktop.core.search`; this widget only shows them and forwards what the user picks:
a note to open at the match, or a stamp to play.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.search import SEARCH_HELP, SearchResult, search_vault
from desktop.core.stamps import format_seconds
from desktop.core.wording import plural
from desktop.render.linker import AppLinker
from desktop.render.snippets import snippet_html, snippet_plain
from desktop.ui.runner import background, error_text

DEBOUNCE_MS = 250


def run_search(root: Path, index, setting: str | None, query: str) -> tuple[list[SearchResult], float]:
    """The search itself, on a worker: (results, seconds taken). The one place the panel touches the core:
    the vault's cache on a connection of its own, or the session's notes in memory when the cache cannot serve."""
    start = time.perf_counter()
    results = search_vault(root, index, setting, query)
    return results, time.perf_counter() - start


class SearchPanel(QWidget):
    """A query field and ranked results; Enter opens the note at the match, ▶ plays the nearest stamp."""

    open_requested = Signal(object)  # SearchResult
    play_requested = Signal(str)  # video URL
    link_hovered = Signal(str)  # the note URL of the result under the mouse, "" when it leaves: for previews

    def __init__(self, parent: QWidget | None = None, session=None) -> None:
        super().__init__(parent)
        self.session = session  # its index answers when the cache cannot (read at each query, never copied)
        self.root: Path | None = None
        self.setting: str | None = None
        self.indexing = False
        self._number = 0
        self._results: list[SearchResult] = []

        self.query_edit = QLineEdit(placeholderText='Search: words, "a phrase", prefix*, title: in: video: links:',
                                    clearButtonEnabled=True)
        self.query_edit.setAccessibleName("Search query")
        self.help_line = QLabel(SEARCH_HELP)  # the operators `core.search.parse_query` takes, always in sight
        self.help_line.setAccessibleName("Search syntax")
        self.help_line.setToolTip("All terms are required. title:word or title:\"a phrase\" searches titles; "
                                  "in:folder (or in:\"Some Channel\") keeps notes whose folder starts so; "
                                  "video:ID (or a YouTube URL) keeps notes citing that video; links:Name keeps "
                                  "notes linking that note or topic. An operator alone lists its notes.")
        self.help_line.setWordWrap(True)  # a narrow panel shows all of it on two lines
        self.help_line.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, as the theme mutes hints
        self.results_list = QListWidget()
        self.results_list.setAccessibleName("Search results")
        self.results_list.setWordWrap(True)
        self.results_list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        # rows wrap to the panel's width (the ▶ button stays in sight) and grow taller as it narrows
        self.results_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results_list.viewport().installEventFilter(self)
        self.status = QLabel()
        self.status.setAccessibleName("Search status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.help_line)
        layout.addWidget(self.status)
        layout.addWidget(self.results_list, 1)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_query)
        self.query_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.query_edit.returnPressed.connect(self._enter_in_field)
        self.results_list.itemActivated.connect(self._activated)

    def set_vault(self, root: Path | None, setting: str | None, indexing: bool) -> None:
        self.root, self.setting, self.indexing = root, setting, indexing
        if self.query_edit.text().strip() and not indexing:
            self.run_query()

    def focus_query(self) -> None:
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def run_query(self) -> None:
        """Start the query in the field; an older one still running is ignored when it reports."""
        self._debounce.stop()
        query = self.query_edit.text().strip()
        self._number += 1
        if not query or self.root is None:
            self._results = []
            self._clear_rows()
            self.status.setText("")
            return
        self.status.setText("Searching…")
        number, root, setting = self._number, self.root, self.setting
        index = self.session.index if self.session is not None else None
        (background(lambda: run_search(root, index, setting, query), name=f"search {query!r}", owner=self)
         .success(lambda answer: self._show_results(number, *answer))
         .failure(lambda error: self._show_failure(number, error_text(error)))  # a broken cache: a message
         .start())

    def results(self) -> list[SearchResult]:
        return list(self._results)

    def _enter_in_field(self) -> None:
        if self._debounce.isActive() or not self._results:
            self.run_query()
        else:
            self.results_list.setFocus()
            self.results_list.setCurrentRow(0)
            self.open_requested.emit(self._results[0])

    def _show_results(self, number: int, results: list[SearchResult], took: float) -> None:
        if number != self._number:
            return
        self._results = results
        self._clear_rows()
        for result in results:
            item = QListWidgetItem(self.results_list)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{result.title}: {snippet_plain(result)}")
            self.results_list.setItemWidget(item, self._result_widget(result))
        self._fit_rows()
        note = " (still indexing: results may be incomplete)" if self.indexing else ""
        count = plural(len(results), "note")
        self.status.setText(f"{count} · {took * 1000:.0f} ms{note}" if results else f"No matches{note}")

    def _clear_rows(self) -> None:
        """Empty the list, and with it the hover: the preview of a result gone goes with it, whether or not the
        window system reports the mouse leaving its row."""
        self.link_hovered.emit("")
        self.results_list.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.results_list.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        elif event.type() in (QEvent.Type.Enter, QEvent.Type.Leave) and watched.property("note_url"):
            self.link_hovered.emit(self._url_under_cursor() if event.type() == QEvent.Type.Enter else "")
        return super().eventFilter(watched, event)

    def _url_under_cursor(self) -> str:
        """The note of the row the cursor is on, by where the list lays its rows out: a row's widget says it was
        entered as it is made, stacked on the others under a resting mouse (the last of fifty rows, far down
        the list, showed its preview over the first)."""
        place = self.results_list.viewport().mapFromGlobal(QCursor.pos())
        item = self.results_list.itemAt(place)
        row = self.results_list.itemWidget(item) if item is not None else None
        return (row.property("note_url") or "") if row is not None else ""

    def _fit_rows(self) -> None:
        """Give each result row the height its wrapped text needs at the list's current width."""
        width = self.results_list.viewport().width()
        for number in range(self.results_list.count()):
            item = self.results_list.item(number)
            row = self.results_list.itemWidget(item)
            if row is not None:
                item.setSizeHint(QSize(width, row.heightForWidth(width)))

    def _result_widget(self, result: SearchResult) -> QWidget:
        row = QWidget()
        row.setProperty("note_url", AppLinker().note_href(result.path))  # hovering the row previews the note
        row.installEventFilter(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(4, 4, 4, 4)
        text = QLabel(f"<b>{html.escape(result.title)}</b><br>{snippet_html(result)}")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setToolTip(result.path)
        layout.addWidget(text, 1)
        if result.url:
            play = QToolButton(text=f"▶ {format_seconds(result.seconds)}")
            play.setToolTip(f"Open the video at {format_seconds(result.seconds)}")
            play.setAccessibleName(f"Play at {format_seconds(result.seconds)}")
            play.clicked.connect(lambda _checked=False, url=result.url: self.play_requested.emit(url))
            layout.addWidget(play, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _show_failure(self, number: int, message: str) -> None:
        if number == self._number:
            self.status.setText(f"Search failed: {message}")

    def _activated(self, item: QListWidgetItem) -> None:
        row = self.results_list.row(item)
        if 0 <= row < len(self._results):
            self.open_requested.emit(self._results[row])
