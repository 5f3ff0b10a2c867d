"""The backlinks panel: the notes that mention the open note or topic, each with the sentences that do."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget, QTreeWidgetItem, QWidget

from desktop.core.index import VaultIndex
from desktop.core.model import Mention
from desktop.core.wording import plural
from desktop.core.stamps import format_seconds
from desktop.render.linker import AppLinker
from desktop.render.navigation import Location

SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1
ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 2  # the element id of the mention's link in the source page


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped sentence: QTreeView alone sizes every row for one line and elides."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 (Qt override)
        view: QTreeWidget = self.parent()
        depth = 1 if index.parent().isValid() else 0
        width = max(view.viewport().width() - view.indentation() * (depth + 1) - 12, 80)
        text = index.data() or ""
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, text)
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

    def show_mentions(self, index: VaultIndex | None, location: Location | None) -> None:
        """List who links to `location`, one group per note, the header counting them."""
        self.clear()
        mentions = index.mentions_of(location.kind, location.key) if index and location else []
        by_source: dict[str, list[Mention]] = {}
        for mention in mentions:
            by_source.setdefault(mention.source, []).append(mention)
        if mentions:
            header = f"Backlinks · {plural(len(mentions), 'mention')} in {plural(len(by_source), 'note')}"
        else:
            header = "Backlinks: reading the vault…" if index is not None and not index.complete else "No backlinks"
        self.setHeaderLabels([header])
        for source, group in by_source.items():
            note = index.notes.get(source)
            top = QTreeWidgetItem([note.title if note else source])
            top.setData(0, SOURCE_ROLE, source)
            top.setToolTip(0, source)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for mention in group:
                when = f"▶ {format_seconds(mention.seconds)}  " if mention.seconds is not None else ""
                child = QTreeWidgetItem([f"{when}{mention.context}"])
                child.setData(0, SOURCE_ROLE, source)
                child.setData(0, ANCHOR_ROLE, getattr(mention, "anchor", None))
                child.setToolTip(0, mention.context)
                top.addChild(child)
            self.addTopLevelItem(top)
        self.expandAll()

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
        """A note opens at its top; a mention opens its note scrolled to that link, highlighted."""
        source = item.data(0, SOURCE_ROLE)
        if source:
            self.open_requested.emit(Location("note", source, anchor=item.data(0, ANCHOR_ROLE) or None))
