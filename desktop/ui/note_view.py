"""The note view: one small interface, a QtWebEngine implementation, and a QTextBrowser fallback.

Views never decide what a link means: they emit `link_clicked` and the LinkRouter answers.
"""

from __future__ import annotations

import itertools
import logging
import os
import re

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.render.page_source import PageSource
from desktop.ui.find_bar import Matches
from desktop.ui.runner import background

log = logging.getLogger(__name__)
FILES_KEPT = 64  # vault files (images) the text view keeps read
MATCHES_COUNTED = 1000  # find in page counts this many matches at most ("1000+")


class TextNoteView(QTextBrowser):
    """The fallback view: QTextBrowser with every link routed through the app and only vault images loaded."""

    link_clicked = Signal(QUrl)
    link_hovered = Signal(str)
    page_loaded = Signal(bool)

    kind = "text"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Note")
        self.source: PageSource | None = None
        self.current_url = ""
        self._files: dict[str, tuple[bytes, str] | None] = {}  # vault files read in the background, by URL
        self._fetching: set[str] = set()
        self._relayout_pending = False
        self._find_text = ""  # what the last find in the page looked for
        self.anchorClicked.connect(self.link_clicked)
        self.highlighted.connect(self._hovered)

    def _hovered(self, url: QUrl) -> None:
        self.link_hovered.emit(url.toString() if not url.isEmpty() else "")

    def set_source(self, source: PageSource | None) -> None:
        if source is not self.source:
            self._files.clear()  # a new index may mean changed files
        self.source = source

    def set_dark(self, dark: bool) -> None:
        """Nothing to do: the page's own CSS carries the theme."""

    def set_allow_remote(self, allow: bool) -> None:
        """Nothing to unblock: this view never fetches from the network (remote images stay blank here)."""

    def scroll_place(self) -> float:
        """How far the page on screen is scrolled (kept in history as the reader leaves it)."""
        return float(self.verticalScrollBar().value())

    def show_page(self, url: str, html: str, keep_place: bool = False, place: float | None = None) -> None:
        """Show the page; `keep_place`: the same page again (new index, theme): keep the scroll position;
        `place`: scroll there (Back/Forward to where the reader left it) rather than to the anchor."""
        _base, _, fragment = url.partition("#")
        keep = self.verticalScrollBar().value() if keep_place else None if place is None else round(place)
        if keep_place or url.partition("#")[0] != self.current_url.partition("#")[0] \
                or html != getattr(self, "_html", None):
            self.setHtml(html)
            self._html = html
        self.current_url = url
        if keep is not None:
            self.verticalScrollBar().setValue(keep)
        elif fragment:
            self.scroll_to(QUrl.fromPercentEncoding(fragment.encode()))
        else:
            self.verticalScrollBar().setValue(0)
        self.page_loaded.emit(True)

    def append_section(self, html: str) -> None:
        """Add a section the app rendered at the end of the page on screen; the scroll position and the
        selection stay."""
        place = self.verticalScrollBar().value()
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(html)
        self.verticalScrollBar().setValue(place)

    def scroll_to(self, anchor: str) -> None:
        self.scrollToAnchor(anchor)

    def highlight_anchor(self, anchor: str, reveal: bool = True) -> None:
        """Scroll to the element `anchor` names (unless not `reveal`) and select its text (a backlink's
        mention, a heading)."""
        keep = self.verticalScrollBar().value()
        if reveal:
            self.scrollToAnchor(anchor)
        cursor = self.anchor_cursor(anchor)
        if cursor is not None:
            self.setTextCursor(cursor)
            if reveal:
                self.ensureCursorVisible()
        if not reveal:
            self.verticalScrollBar().setValue(keep)

    def anchor_cursor(self, anchor: str) -> QTextCursor | None:
        """A selection of what carries the anchor `anchor` (an `id` or `name` in the HTML): a link's text, else
        the whole block (a heading, a paragraph). Qt keeps the name on the first character only."""
        block = self.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if anchor in fragment.charFormat().anchorNames():
                    return self._selection_from(block, fragments, fragment.charFormat().anchorHref())
                fragments += 1
            block = block.next()
        return None

    def _selection_from(self, block, fragments, href: str) -> QTextCursor:
        cursor = QTextCursor(self.document())
        start = fragments.fragment().position()
        if not href:
            cursor.setPosition(block.position())
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            return cursor
        end = start
        while not fragments.atEnd() and fragments.fragment().charFormat().anchorHref() == href:
            end = fragments.fragment().position() + fragments.fragment().length()
            fragments += 1
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def find_in_page(self, text: str, backward: bool, done) -> None:
        """Select the next (or previous) `text` after the cursor, from the other end when there is none;
        `done(Matches)`. An empty `text` finds nothing."""
        if not text:
            self._find_text = ""
            done(Matches(0, 0))
            return
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if text != self._find_text and not backward:  # typed on: the match so far stays current if it still is
            cursor = self.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.setTextCursor(cursor)
        self._find_text = text
        found = self.find(text, flags)
        if not found:
            cursor = self.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
            self.setTextCursor(cursor)
            found = self.find(text, flags)
        done(self._count_matches(text, self.textCursor().selectionStart() if found else None))

    def mark_matches(self, text: str, done) -> None:
        """Count the matches of `text` in the page just shown, the reader left where they are (this view marks
        the current match only, which the next `find_in_page` selects); `done(Matches)`."""
        done(self._count_matches(text, None))

    def _count_matches(self, text: str, before: int | None) -> Matches:
        """The matches of `text` as QTextDocument.find finds them (case-insensitive, one after the other), the
        one at `before` (a position in the document) current; counted up to `MATCHES_COUNTED` (a letter in a
        4 MB note is counted no further)."""
        plain = self.document().toPlainText()
        pattern = re.compile(re.escape(text), re.IGNORECASE)

        def counted(in_text: str) -> int:
            return sum(1 for _match in itertools.islice(pattern.finditer(in_text), MATCHES_COUNTED + 1))

        count = counted(plain) if text else 0
        more, count = count > MATCHES_COUNTED, min(count, MATCHES_COUNTED)
        if before is None or count == 0:
            return Matches(0, count, more)
        head = plain.encode("utf-16-le")[:2 * before].decode("utf-16-le", "ignore")  # Qt counts UTF-16 units
        return Matches(min(counted(head) + 1, count), count, more)

    def show_stamp(self, number: int, context: str) -> None:
        """Scroll to the chip `#stamp-<number>` and select its sentence (this view has no `:target` style)."""
        self.scrollToAnchor(f"stamp-{number}")
        if context:
            self.mark_text(context[:80])

    def mark_text(self, text: str, reveal: bool = True, words: str | None = None) -> bool:
        """Select the first occurrence of `text`, or of its first `words` only (`text` says where, `words` what:
        a search's matched words), and bring it into view when `reveal`; False when it is not on the page. A
        page shown again in place keeps its scroll position: `reveal` is False then."""
        cursor = self.document().find(text, 0, QTextDocument.FindFlag(0))
        if cursor.isNull():
            return False
        if words and words != text and text.casefold().startswith(words.casefold()):
            start = cursor.selectionStart()
            cursor.setPosition(start)
            cursor.setPosition(start + len(words.encode("utf-16-le")) // 2, QTextCursor.MoveMode.KeepAnchor)
        keep = self.verticalScrollBar().value()
        self.setTextCursor(cursor)
        if reveal:
            self.ensureCursorVisible()
        else:
            self.verticalScrollBar().setValue(keep)
        return True

    def loadResource(self, kind: int, name: QUrl):  # noqa: N802 (Qt override)
        """Images come only from the vault (through the same safety check as the web view); nothing remote.

        QTextBrowser asks synchronously, but no file is read on the GUI thread: a file not read yet is read in
        the background, and the page is laid out again (in place) when it arrives."""
        if name.scheme() != "vault" or self.source is None:
            return None
        url = name.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        if url in self._files:
            answer = self._files[url]
        else:
            self._fetch(url)
            return None
        if answer is None:
            return None
        data, mime = answer
        if kind == QTextDocument.ResourceType.ImageResource.value:
            image = QImage.fromData(data)
            return image if not image.isNull() else None
        return data.decode("utf-8", "replace") if mime.startswith("text/") else None

    def _fetch(self, url: str) -> None:
        if url in self._fetching:
            return
        self._fetching.add(url)
        source = self.source
        (background(lambda: source.serve(url), name=f"read {url}", owner=self)
         .success(lambda answer: self._arrived(source, url, answer))
         .failure(lambda _error: self._arrived(source, url, None)).start())

    def _arrived(self, source: PageSource, url: str, answer: tuple[bytes, str] | None) -> None:
        self._fetching.discard(url)
        if source is not self.source:
            return
        self._files[url] = answer  # None too: a missing file is not asked for again
        while len(self._files) > FILES_KEPT:
            self._files.pop(next(iter(self._files)))
        if not self._relayout_pending:
            self._relayout_pending = True
            QTimer.singleShot(0, self, self._relayout)  # not called once the view is gone

    def _relayout(self) -> None:
        """Lay the page out again with the files that arrived, where the reader is."""
        self._relayout_pending = False
        html = getattr(self, "_html", None)
        if html is not None:
            keep = self.verticalScrollBar().value()
            self.setHtml(html)
            self.verticalScrollBar().setValue(keep)


def make_note_view(renderer: str | None = None, parent: QWidget | None = None) -> QWidget:
    """The web view when QtWebEngine works (or `renderer == "web"`), else the text view."""
    renderer = renderer or os.environ.get("NOTE_READER_RENDERER") or None
    if renderer != "text":
        try:
            from desktop.ui.web_view import WebNoteView

            return WebNoteView(parent)
        except Exception as error:  # ImportError, or a broken Chromium install
            if renderer == "web":
                raise
            log.warning("QtWebEngine unavailable (%s); using the text view", error)
    return TextNoteView(parent)
