"""The backlinks panel: the notes that mention the open note or topic, each with the sentences that do."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget, QTreeWidgetItem, QWidget

from desktop.core.index import VaultIndex
from desktop.core.model import Mention
from desktop.core.wording import plural
from desktop.core.stamps import format_seconds
from desktop.render.linker import AppLinker
from desktop.render.navigation import Location

SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1
ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 2  # the element id of the mention's link in the source page
MORE_ROLE = Qt.ItemDataRole.UserRole + 3  # marks the last row, which shows the next notes when activated
ROWS_AT_ONCE = 300  # rows (notes and sentences) added at a time: a hub note of the real vault has 2,247


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped sentence: QTreeView alone sizes every row for one line and elides."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # (depth, width, font) -> (row width, room for the text, metrics): the same for every row of a kind,
        # and asking the style sheet for it took most of a row's measure (a hub's 300 rows held the window 0.25 s)
        self._rooms: dict[tuple, tuple[int, int, QFontMetrics]] = {}

    def forget_rooms(self) -> None:
        self._rooms.clear()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 (Qt override)
        """The height of the row's text wrapped in the room the style leaves it (its padding and margins) and in
        its own font (a note's row is bold): measured any wider, a title that needs two lines got one, cut."""
        view: QTreeWidget = self.parent()
        depth = 1 if index.parent().isValid() else 0
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        key = (depth, view.viewport().width(), font.key())
        known = self._rooms.get(key)
        if known is None:
            item = QStyleOptionViewItem(option)
            self.initStyleOption(item, index)
            item.rect = QRect(0, 0, max(view.viewport().width() - view.indentation() * (depth + 1), 80), 100000)
            style = view.style()
            margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
            room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, view).width() - 2 * margin
            if len(self._rooms) > 64:  # widths of a resize: keep the last few
                self._rooms.clear()
            known = self._rooms[key] = (item.rect.width(), max(room, 40), QFontMetrics(item.font))
        width, room, metrics = known
        rect = metrics.boundingRect(QRect(0, 0, room, 100000), Qt.TextFlag.TextWordWrap, index.data() or "")
        return QSize(width, rect.height() + 8)


class BacklinksPanel(QTreeWidget):
    """Mentions grouped by the note that makes them; emits `open_requested(Location)` for the one clicked."""

    open_requested = Signal(object)  # Location
    link_hovered = Signal(str)  # the note URL of the row under the mouse, "" when it leaves: for link previews

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(1)
        self.setHeaderLabels(["Backlinks"])
        self.setAccessibleName("Backlinks")
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setIndentation(10)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QTreeWidget.ScrollMode.ScrollPerPixel)
        self.setItemDelegate(WrappingDelegate(self))
        self.itemClicked.connect(self._open)
        self.itemActivated.connect(self._open)
        self.setMouseTracking(True)
        self.itemEntered.connect(self._entered)
        self.viewport().installEventFilter(self)
        self._index: VaultIndex | None = None
        self._page: tuple[str, str] | None = None  # (kind, key) of the page listed
        self._hidden: list[tuple[str, list[Mention]]] = []  # the notes without rows yet, the next one last

    def show_mentions(self, index: VaultIndex | None, location: Location | None) -> None:
        """List who links to `location`, one group per note, the header counting them.

        Only the first notes get rows, up to about ROWS_AT_ONCE, then a row that shows the next ones: each row
        is as tall as its wrapped sentence, and Qt asks every row its height whenever the panel is laid out (on
        showing, on every step of a window resize), so the 4,500 rows of a hub note froze the window for
        0.2-1 s each time. The same page of the same index again (the panels marked again when the videos
        come in) keeps its rows, their place and what was opened: laying out a hub's 300 rows anew held the
        window 0.3 s."""
        page = (location.kind, location.key) if location is not None else None
        if index is not None and self._index is index and page is not None and self._page == page:
            return
        self.setCurrentItem(None)  # first: a clear walks a current row near the end up through every row
        self.clear()
        self._index, self._page = index, page
        mentions = index.mentions_of(location.kind, location.key) if index and location else []
        by_source: dict[str, list[Mention]] = {}
        for mention in mentions:
            by_source.setdefault(mention.source, []).append(mention)
        if mentions:
            header = f"Backlinks · {plural(len(mentions), 'mention')} in {plural(len(by_source), 'note')}"
        else:
            header = "Backlinks: reading the vault…" if index is not None and not index.complete else "No backlinks"
        self.setHeaderLabels([header])
        self._hidden = list(reversed(by_source.items()))  # the next note last: taken from the end
        self._add_next_rows()

    def _add_next_rows(self) -> None:
        """Add the next notes of the list (about ROWS_AT_ONCE rows), then a row offering the rest, if any."""
        last = self.topLevelItem(self.topLevelItemCount() - 1)
        was_current = last is not None and last is self.currentItem()
        if last is not None and last.data(0, MORE_ROLE):
            self.takeTopLevelItem(self.topLevelItemCount() - 1)
        rows = 0
        added: list[QTreeWidgetItem] = []
        while self._hidden and (rows == 0 or rows + 1 + len(self._hidden[-1][1]) <= ROWS_AT_ONCE):
            source, group = self._hidden.pop()
            added.append(self._group_item(source, group))
            rows += 1 + len(group)
        if self._hidden:
            more = QTreeWidgetItem([f"Show the next notes ({len(self._hidden):,} more)…"])
            more.setData(0, MORE_ROLE, True)
            more.setToolTip(0, "Click or press Enter to list the next notes")
            font = more.font(0)
            font.setItalic(True)
            more.setFont(0, font)
            added.append(more)
        self.addTopLevelItems(added)
        for item in added:
            item.setExpanded(True)
        if was_current and added:  # the keyboard goes on from the first note just listed
            self.setCurrentItem(added[0])

    def _group_item(self, source: str, group: list[Mention]) -> QTreeWidgetItem:
        """A note's row, its sentences under it."""
        note = self._index.notes.get(source) if self._index is not None else None
        top = QTreeWidgetItem([note.title if note else source])
        top.setData(0, SOURCE_ROLE, source)  # no tool tip on a row: resting on it shows the note's preview
        font = top.font(0)
        font.setBold(True)
        top.setFont(0, font)
        for mention in group:
            when = f"▶ {format_seconds(mention.seconds)}  " if mention.seconds is not None else ""
            child = QTreeWidgetItem([f"{when}{mention.context}"])
            child.setData(0, SOURCE_ROLE, source)
            child.setData(0, ANCHOR_ROLE, getattr(mention, "anchor", None))
            top.addChild(child)
        return top

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """A new style or font (the theme, the text size) may pad and measure rows anew."""
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.itemDelegate().forget_rooms()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """A new width means new line breaks: lay the rows out again."""
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()

    def _entered(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        source = item.data(0, SOURCE_ROLE)
        self.link_hovered.emit(AppLinker().note_href(source) if source else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.viewport() and event.type() == QEvent.Type.Leave:
            self.link_hovered.emit("")
        return super().eventFilter(watched, event)

    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """A note opens at its top; a mention opens its note scrolled to that link, highlighted; the last row
        lists the next notes."""
        if item.data(0, MORE_ROLE):
            if item.treeWidget() is self:  # a click may also activate: the row is gone after the first
                self._add_next_rows()
            return
        source = item.data(0, SOURCE_ROLE)
        if source:
            self.open_requested.emit(Location("note", source, anchor=item.data(0, ANCHOR_ROLE) or None))
