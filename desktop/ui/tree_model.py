"""Thin Qt item models over the core's note tree, topic rows and video groups; filtering rebuilds the pure
data, not the model."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from desktop.core.index import VaultIndex
from desktop.core.tree import TopicRow, TreeNode, filter_note_tree, topic_rows
from desktop.core.video_tree import ChannelGroup, VideoRow, VideoShelf
from desktop.core.wording import plural

PATH_ROLE = Qt.ItemDataRole.UserRole + 1  # the note's vault path ("" for folders) / the topic's key
IS_NOTE_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex
# made once: Qt asks every row laid out for its flags, and each `|` of enum members makes new objects (with the
# real vault's big folders open, a new style asked 37,000 rows: 125 ms of them)
_FOLDER_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NOTE_FLAGS = _FOLDER_FLAGS | Qt.ItemFlag.ItemNeverHasChildren


class _FilterMixin:
    """`set_filter` for a model whose rows are recomputed (`_recompute`) from its source and the query."""

    _query: str

    def set_filter(self, query: str) -> None:
        if query != self._query:
            self._query = query
            self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        self._recompute()
        self.endResetModel()


class _HeadersMixin:
    """Column titles from the model's `HEADERS`."""

    HEADERS: tuple[str, ...]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


class _IndexFilterMixin(_FilterMixin):
    """`set_index` and `set_filter` for a model whose rows are recomputed from the index and the query."""

    _index: VaultIndex | None

    def set_index(self, index: VaultIndex | None) -> None:
        self._index = index
        self._rebuild()


def note_names_of(index: VaultIndex | None) -> int | None:
    """What the note tree is made of (each note's path, title and aliases), as one number: a list of them was
    kept for the next index to be compared with, and held the names stage's 21k alias lists after it was
    gone (3 MB at the public vault). 15-50 ms at the public vault: a big vault's is made on a worker."""
    if index is None:
        return None
    return hash(tuple((path, note.title, tuple(note.aliases)) for path, note in index.notes.items()))


class NoteTreeModel(_IndexFilterMixin, QAbstractItemModel):
    """Folders and notes (shown by title, path as tooltip), narrowed by `set_filter`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._index: VaultIndex | None = None
        self._root = TreeNode(label="", path="", is_note=False)
        self._notes: dict[str, TreeNode] = {}  # note path -> its node in the shown tree
        self._names: int | None = None  # `note_names_of` the notes the tree was built from
        self._query = ""

    def set_index(self, index: VaultIndex | None) -> None:
        """Show `index`; when its notes have the names the tree already shows (stage two after stage one, most
        live reloads), the tree is kept as it is: no reset, no rebuild on the GUI thread."""
        names = note_names_of(index)
        if names == self._names and self._index is not None:
            self._index = index
            return
        self._names = names
        super().set_index(index)

    def _recompute(self) -> None:
        notes = self._index.notes if self._index is not None else {}
        self._use_tree(filter_note_tree(notes, self._query))

    def _use_tree(self, root: TreeNode) -> None:
        self._root = root
        self._notes = {child.path: child for folder in self._root.folders() for child in folder.children
                       if child.is_note}

    @property
    def names(self) -> int | None:
        """`note_names_of` the index the tree was built from."""
        return self._names

    @property
    def query(self) -> str:
        """The filter the tree shows."""
        return self._query

    def show_index(self, index: VaultIndex | None, query: str, root: TreeNode | None, names: int | None) -> None:
        """Show `index` by `root`, its tree filtered by `query`, and `names` (`note_names_of` it), both made off
        the GUI thread; `root` None when the tree shown is that one already (the same names and query: a live
        reload of a note's text), kept as it is, with no reset."""
        self._index = index
        if root is None and names == self._names and query == self._query:
            return
        if root is None:  # not the tree shown after all: made here rather than shown stale
            root = filter_note_tree(index.notes if index is not None else {}, query)
        self._names = names
        self.show_filtered(query, root)

    def show_filtered(self, query: str, root: TreeNode) -> None:
        """Show `root`, the tree of this model's index filtered by `query`, made off the GUI thread
        (`filter_note_tree`)."""
        self.beginResetModel()
        self._query = query
        self._use_tree(root)
        self.endResetModel()

    @property
    def root(self) -> TreeNode:
        return self._root

    def note_count(self) -> int:
        return sum(1 for node in self._root.walk() if node.is_note)

    def node(self, index: AnyIndex) -> TreeNode:
        return index.internalPointer() if index.isValid() else self._root

    def folder_indexes(self) -> list[QModelIndex]:
        """Model indexes of every folder, found on the pure tree (not row by row through Qt)."""
        return [self.createIndex(node.row, 0, node) for node in self._root.folders() if node is not self._root]

    def index_of_folder(self, path: str) -> QModelIndex:
        """The model index of the folder at `path`, or an invalid index when the filter leaves it out."""
        node = next((node for node in self._root.folders() if node.path == path and node is not self._root), None)
        return self.createIndex(node.row, 0, node) if node is not None else QModelIndex()

    def index_of_path(self, path: str) -> QModelIndex:
        """The model index of the note at `path`, or an invalid index when the filter hides it."""
        node = self._notes.get(path)
        return self.createIndex(node.row, 0, node) if node is not None else QModelIndex()

    # Qt interface ----------------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        children = self.node(parent).children
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        if parent.column() > 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        return 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: TreeNode = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            return node.label
        if role == Qt.ItemDataRole.ToolTipRole:  # a narrow tree cuts titles that start alike: the whole one here
            return f"{node.label}\n{node.path}" if node.is_note else node.path
        if role == Qt.ItemDataRole.DecorationRole:
            icon = QStyle.StandardPixmap.SP_FileIcon if node.is_note else QStyle.StandardPixmap.SP_DirIcon
            return QApplication.style().standardIcon(icon)
        if role == PATH_ROLE:
            return node.path
        if role == IS_NOTE_ROLE:
            return node.is_note
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _NOTE_FLAGS if index.internalPointer().is_note else _FOLDER_FLAGS


class TopicTableModel(_HeadersMixin, _IndexFilterMixin, QAbstractTableModel):
    """The vault's topics, most mentioned first: name and mention count, narrowed by `set_filter`."""

    HEADERS = ("Topic", "Mentions")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._index: VaultIndex | None = None
        self._rows: list[TopicRow] = []
        self._query = ""
        self._row_of: dict[str, int] | None = None  # topic key -> row, made when first asked

    def _recompute(self) -> None:
        self._rows = topic_rows(self._index.topics.values(), self._query) if self._index is not None else []
        self._row_of = None

    @property
    def rows(self) -> list[TopicRow]:
        """The rows shown (never changed in place: a new list replaces them), for a worker to compare with."""
        return self._rows

    @property
    def query(self) -> str:
        return self._query

    def show_index(self, index: VaultIndex | None, query: str, rows: list[TopicRow] | None) -> None:
        """Show `index` by `rows`, its topics filtered by `query`, made off the GUI thread (`topic_rows`); `rows`
        None when they are the rows shown already (kept, with no reset: the list keeps its place and mark)."""
        self._index = index
        if rows is None and query == self._query:
            return
        if rows is None:  # not the rows shown after all: made here rather than shown stale
            rows = topic_rows(index.topics.values(), query) if index is not None else []
        self.show_filtered(query, rows)

    def show_filtered(self, query: str, rows: list[TopicRow]) -> None:
        """Show `rows`, the topics of this model's index filtered by `query`, made off the GUI thread
        (`topic_rows`)."""
        self.beginResetModel()
        self._query = query
        self._rows, self._row_of = rows, None
        self.endResetModel()

    def row_at(self, row: int) -> TopicRow:
        return self._rows[row]

    def index_of_topic(self, key: str) -> QModelIndex:
        """The row of topic `key`, or an invalid index when the list (as filtered) lacks it: looked up, not
        searched row by row through the model (20,075 topics in the real vault took 60-180 ms a topic page)."""
        if self._row_of is None:
            self._row_of = {row.key: number for number, row in enumerate(self._rows)}
        number = self._row_of.get(key)
        return QModelIndex() if number is None else self.index(number, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name if index.column() == 0 else row.mentions
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.name} — mentioned {plural(row.mentions, 'time')}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == PATH_ROLE:
            return row.key
        return None


VIDEO_ROLE = Qt.ItemDataRole.UserRole + 3  # the video's id on a video row, None on a channel row
_CHANNEL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # made once: asked for every row shown
_VIDEO_FLAGS = _CHANNEL_FLAGS | Qt.ItemFlag.ItemNeverHasChildren


class VideoTreeModel(_HeadersMixin, _FilterMixin, QAbstractItemModel):
    """The Videos tab: channels, each with its videos; columns title, notes, stamps (`core.video_tree`).

    Top-level rows are channels (internal id 0); a video row's internal id is its channel's row + 1.
    Shows a `VideoShelf` (sorted on a worker); filtering it is cheap enough for the GUI thread.
    """

    HEADERS = ("Video", "Notes", "Stamps")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shelf: VideoShelf | None = None
        self._query = ""
        self._groups: list[ChannelGroup] = []

    def set_shelf(self, shelf: VideoShelf | None) -> None:
        self._shelf = shelf
        self._rebuild()

    def _recompute(self) -> None:
        self._groups = self._shelf.groups(self._query) if self._shelf is not None else []

    @property
    def groups(self) -> list[ChannelGroup]:
        return self._groups

    def index_of_video(self, video_id: str) -> QModelIndex:
        """The row of `video_id`, or an invalid index when the filter hides it (or it is unknown)."""
        found = self._shelf.position(video_id, self._groups) if self._shelf is not None else None
        return self.createIndex(found[1], 0, found[0] + 1) if found is not None else QModelIndex()

    def first_video(self) -> str | None:
        return next((group.videos[0].id for group in self._groups if group.videos), None)

    # Qt interface ----------------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._groups)
        if parent.column() > 0 or parent.internalId() != 0:
            return 0
        return len(self._groups[parent.row()].videos)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        return len(self.HEADERS)

    def _item(self, index: AnyIndex) -> ChannelGroup | VideoRow:
        if index.internalId() == 0:
            return self._groups[index.row()]
        return self._groups[index.internalId() - 1].videos[index.row()]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._item(index)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.name if isinstance(item, ChannelGroup) else item.title) if column == 0 \
                else item.notes if column == 1 else item.stamps
        if role == Qt.ItemDataRole.ToolTipRole:
            if isinstance(item, ChannelGroup):
                return f"{item.name}: {plural(len(item.videos), 'video')}"
            return (f"{item.title} ({item.id}) — {plural(item.notes, 'note')}, {plural(item.stamps, 'stamp')}")
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == VIDEO_ROLE:
            return item.id if isinstance(item, VideoRow) else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _VIDEO_FLAGS if index.internalId() != 0 else _CHANNEL_FLAGS
