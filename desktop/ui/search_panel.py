"""The search panel: full-text queries over the vault's cached index, run off the GUI thread.

Results come from `desktop.core.search`; this widget only shows them and forwards what the user picks:
a note to open at the match, or a stamp to play. It lists the first results and says how many notes match in
all; a last row "Show the next results" lists the next ones. A row, not loading as the list is scrolled: the
keyboard reaches it (Down, Enter) and it says what is left, a search runs only when asked (each page reads
its notes for their snippets), and End still goes to the end; the backlinks panel offers its next notes so too.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QSize, Qt, QTimer, Signal
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

from desktop.core.search import PAGE_SIZE, SEARCH_HELP, SearchPage, SearchResult, count_in_vault, search_vault_page
from desktop.core.stamps import format_seconds
from desktop.render.linker import AppLinker
from desktop.render.snippets import snippet_html, snippet_plain
from desktop.ui.runner import background, error_text

DEBOUNCE_MS = 250
MORE_ROLE = Qt.ItemDataRole.UserRole + 1  # marks the last row, which lists the next results when activated


def run_search(root: Path, index, setting: str | None, query: str, offset: int = 0) -> tuple[SearchPage, float]:
    """The search itself, on a worker: (a page of results from `offset`, seconds taken). With
    `count_matches`, the one place the panel touches the core: the vault's cache on a connection of its
    own, or the session's notes in memory when the cache cannot serve."""
    start = time.perf_counter()
    page = search_vault_page(root, index, setting, query, PAGE_SIZE, offset)
    return page, time.perf_counter() - start


def count_matches(root: Path, index, setting: str | None, query: str) -> int:
    """How many notes match `query`, exactly, on a worker: asked after the results of a query with phrases,
    whose count reads every note holding the phrases' words."""
    return count_in_vault(root, index, setting, query)


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
        self._number = 0  # of the newest query; a worker's answer for an older one is dropped
        self._shown_number = 0  # of the query whose results are listed
        self._results: list[SearchResult] = []
        self._page: SearchPage | None = None  # the last page listed: how many match, whether more may
        self._took = 0.0
        self._open_when_found = False  # Enter was pressed before the results of what was typed came
        self._loading_more = False

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
        self.query_edit.textChanged.connect(self._text_changed)
        self.query_edit.returnPressed.connect(self._enter_in_field)
        self.results_list.itemActivated.connect(self._activated)
        self.results_list.itemClicked.connect(self._activated)  # one click opens, as in the tree and backlinks

    def set_vault(self, root: Path | None, setting: str | None, indexing: bool) -> None:
        self.root, self.setting, self.indexing = root, setting, indexing
        if self.query_edit.text().strip() and not indexing:
            self.run_query()

    def restore_query(self, query: str) -> None:
        """Put back the query of the vault's last session, with no results yet: they are looked up once the
        vault's index can answer (`set_vault`)."""
        self._debounce.stop()
        with QSignalBlocker(self.query_edit):
            self.query_edit.setText(query)
        self._number += 1
        self._show_nothing()

    def _show_nothing(self) -> None:
        """No results listed, for the newest query (none, or one whose answer is not asked yet)."""
        self._results, self._page, self._shown_number, self._open_when_found = [], None, self._number, False
        self._clear_rows()
        self.status.setText("")

    def focus_query(self) -> None:
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def run_query(self) -> None:
        """Start the query in the field; an older one still running is ignored when it reports."""
        self._debounce.stop()
        query = self.query_edit.text().strip()
        self._number += 1
        self._loading_more = False
        if not query or self.root is None:
            self._show_nothing()
            return
        self.status.setText("Searching…")
        number = self._number
        self._search(query, 0, lambda answer: self._show_results(number, *answer), number)

    def _search(self, query: str, offset: int, done, number: int) -> None:
        """Run `query` from result `offset` on a worker; `done((page, seconds))` on the GUI thread."""
        root, setting = self.root, self.setting
        index = self.session.index if self.session is not None else None
        (background(lambda: run_search(root, index, setting, query, offset), name=f"search {query!r}", owner=self)
         .success(done)
         .failure(lambda error: self._show_failure(number, error_text(error)))  # a broken cache: a message
         .start())

    def results(self) -> list[SearchResult]:
        return list(self._results)

    def total(self) -> int | None:
        """How many notes match the query listed (at most this many while a phrase query's count runs)."""
        return self._page.total if self._page is not None else None

    def _text_changed(self, _text: str) -> None:
        self._open_when_found = False  # an Enter pressed before was for what was typed then
        self._debounce.start()

    def _enter_in_field(self) -> None:
        """Enter opens the first result of what is typed: now when it is listed, else once its results come
        (typed and Enter at once: the search runs now, not after the pause, and is waited for)."""
        if self._debounce.isActive() or self._shown_number != self._number:
            self._open_when_found = True
            if self._debounce.isActive():
                self.run_query()
            return
        if self.query_edit.text().strip() and self._results:
            self._open_first()

    def _open_first(self) -> None:
        self.results_list.setFocus()
        self.results_list.setCurrentRow(0)
        self.open_requested.emit(self._results[0])

    def _show_results(self, number: int, page: SearchPage, took: float) -> None:
        if number != self._number:
            return
        self._shown_number = number
        self._results = list(page.results)
        self._page, self._took = page, took
        self._clear_rows()
        self._add_rows(page.results)
        self._show_count()
        if not page.exact:  # a phrase query: the notes holding its words are counted, those holding it next
            query, root, setting = self.query_edit.text().strip(), self.root, self.setting
            index = self.session.index if self.session is not None else None
            (background(lambda: count_matches(root, index, setting, query), name=f"count {query!r}", owner=self)
             .success(lambda total: self._counted(number, total))
             .start())
        if self._open_when_found:
            self._open_when_found = False
            if self._results:
                self._open_first()

    def _add_rows(self, results: list[SearchResult]) -> None:
        """Append a row per result, then the "Show the next results" row when more may match."""
        self._remove_more_row()
        for result in results:
            item = QListWidgetItem(self.results_list)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{result.title}: {snippet_plain(result)}")
            self.results_list.setItemWidget(item, self._result_widget(result))
        if self._page is not None and len(self._results) < self._page.total:
            left = self._page.total - len(self._results)
            more = QListWidgetItem(f"Show the next results ({left:,} more)…" if self._page.exact
                                   else "Show the next results…", self.results_list)
            more.setData(MORE_ROLE, True)
            more.setToolTip("Click or press Enter to list the next results")
            font = more.font()
            font.setItalic(True)
            more.setFont(font)
        self._fit_rows()

    def _remove_more_row(self) -> None:
        last = self.results_list.item(self.results_list.count() - 1)
        if last is not None and last.data(MORE_ROLE):
            self.results_list.takeItem(self.results_list.count() - 1)

    def _show_count(self) -> None:
        """The status line: how many notes match in all, how many are listed, how long the search took."""
        page, shown = self._page, len(self._results)
        note = " (still indexing: results may be incomplete)" if self.indexing else ""
        if page is None or not shown:
            self.status.setText(f"No matches{note}")
            return
        total = f"{page.total:,} note{'' if page.total == 1 else 's'}"
        if shown < page.total:
            total = f"{shown:,} of {'at most ' if not page.exact else ''}{total}"
        self.status.setText(f"{total} · {self._took * 1000:.0f} ms{note}")

    def _counted(self, number: int, total: int) -> None:
        """A phrase query's exact count came: the status line and the last row say it."""
        if number != self._number or self._page is None or self._page.exact:
            return
        self._page = SearchPage(self._page.results, max(total, len(self._results)), self._page.offset)
        self._show_count()
        self._add_rows([])

    def show_more(self) -> None:
        """List the next results of the query listed (the last row's action)."""
        if self._page is None or self._loading_more or self._shown_number != self._number:
            return
        self._loading_more = True
        number, offset = self._number, len(self._results)
        self._search(self.query_edit.text().strip(), offset,
                     lambda answer: self._more_results(number, offset, answer[0]), number)

    def _more_results(self, number: int, offset: int, page: SearchPage) -> None:
        if number != self._number or offset != len(self._results):
            return
        self._loading_more = False
        known = {result.path for result in self._results}  # a note moved up since the first page: listed once
        added = [result for result in page.results if result.path not in known]
        self._results.extend(added)
        total = page.total if page.exact or not self._page.exact else self._page.total
        if not page.more:  # the end: what is listed is all there is
            total = len(self._results)
        self._page = SearchPage(self._results, max(total, len(self._results)), 0, page.exact or self._page.exact)
        rows = self.results_list
        on_more_row = rows.currentRow() == rows.count() - 1
        self._add_rows(added)
        if on_more_row and added:  # the keyboard goes on at the first result listed, where the row was
            rows.setCurrentRow(offset)
        self._show_count()

    def _clear_rows(self) -> None:
        """Empty the list, and with it the hover: the preview of a result gone goes with it, whether or not the
        window system reports the mouse leaving its row."""
        self.link_hovered.emit("")
        self.results_list.setCurrentItem(None)  # first: a clear walks a current row near the end up through all
        self.results_list.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.results_list.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        elif event.type() in (QEvent.Type.Enter, QEvent.Type.Leave) and watched.property("note_url"):
            self.link_hovered.emit(self._url_under_cursor() if event.type() == QEvent.Type.Enter else "")
        elif event.type() == QEvent.Type.Wheel:  # the rows move under a still pointer: the preview is of another
            self.link_hovered.emit("")  # (QA: a result scrolled away stayed previewed over three others)
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
            self._open_when_found = self._loading_more = False
            self.status.setText(f"Search failed: {message}")

    def _activated(self, item: QListWidgetItem) -> None:
        if item.data(MORE_ROLE):
            self.show_more()
            return
        row = self.results_list.row(item)
        if 0 <= row < len(self._results):
            self.open_requested.emit(self._results[row])
