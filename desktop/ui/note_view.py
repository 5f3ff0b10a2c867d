"""The note view: one small interface, a QtWebEngine implementation, and a QTextBrowser fallback.

Views never decide what a link means: they emit `link_clicked` and the LinkRouter answers.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.render.page_source import PageSource

log = logging.getLogger(__name__)


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
        self.anchorClicked.connect(self.link_clicked)
        self.highlighted.connect(self._hovered)

    def _hovered(self, url: QUrl) -> None:
        self.link_hovered.emit(url.toString() if not url.isEmpty() else "")

    def set_source(self, source: PageSource | None) -> None:
        self.source = source

    def set_dark(self, dark: bool) -> None:
        """Nothing to do: the page's own CSS carries the theme."""

    def set_allow_remote(self, allow: bool) -> None:
        """Nothing to unblock: this view never fetches from the network (remote images stay blank here)."""

    def show_page(self, url: str, html: str, keep_place: bool = False) -> None:
        """Show the page; `keep_place`: the same page again (new index, theme): keep the scroll position."""
        _base, _, fragment = url.partition("#")
        keep = self.verticalScrollBar().value() if keep_place else None
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

    def scroll_to(self, anchor: str) -> None:
        self.scrollToAnchor(anchor)

    def highlight_anchor(self, anchor: str) -> None:
        """Scroll to the element `anchor` names and select its text (a backlink's mention, a heading)."""
        self.scrollToAnchor(anchor)
        cursor = self.anchor_cursor(anchor)
        if cursor is not None:
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

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

    def show_stamp(self, number: int, context: str) -> None:
        """Scroll to the chip `#stamp-<number>` and select its sentence (this view has no `:target` style)."""
        self.scrollToAnchor(f"stamp-{number}")
        if context:
            self.mark_text(context[:80])

    def mark_text(self, text: str, reveal: bool = True) -> bool:
        """Select the first occurrence of `text` (and bring it into view when `reveal`); False when it is not on
        the page. A page shown again in place keeps its scroll position: `reveal` is False then."""
        cursor = self.document().find(text, 0, QTextDocument.FindFlag(0))
        if cursor.isNull():
            return False
        keep = self.verticalScrollBar().value()
        self.setTextCursor(cursor)
        if reveal:
            self.ensureCursorVisible()
        else:
            self.verticalScrollBar().setValue(keep)
        return True

    def loadResource(self, kind: int, name: QUrl):  # noqa: N802 (Qt override)
        """Images come only from the vault (through the same safety check as the web view); nothing remote."""
        if name.scheme() != "vault" or self.source is None:
            return None
        answer = self.source.serve(name.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        if answer is None:
            return None
        data, mime = answer
        if kind == QTextDocument.ResourceType.ImageResource.value:
            image = QImage.fromData(data)
            return image if not image.isNull() else None
        return data.decode("utf-8", "replace") if mime.startswith("text/") else None


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
