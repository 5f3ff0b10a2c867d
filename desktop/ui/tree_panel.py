"""The left panel: a filter box over three tabs — the note tree, the topic list and the videos by channel —
that asks to open pages."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.index import VaultIndex
from desktop.core.tree import filter_note_tree, topic_rows
from desktop.core.video_tree import VideoShelf
from desktop.ui.navigation import Location
from desktop.ui.runner import BackgroundJob, background
from desktop.ui.tree_model import (
    IS_NOTE_ROLE,
    PATH_ROLE,
    VIDEO_ROLE,
    NoteTreeModel,
    TopicTableModel,
    VideoTreeModel,
    note_names_of,
)

BIG_VAULT = 5000  # notes: from here on, filter after a short pause, on a worker, instead of on every key
OPEN_ROWS = 2000  # rows a filter opens folders (channels) for at once: Qt lays out every open row


@dataclass(frozen=True)
class _ScrollPlace:
    """Where a list is scrolled: the row at its top (a path or topic key) and how far past its top edge, so rows
    added or removed above it do not move what the user sees; the bar's value for when that row is gone."""

    top: str | None
    past: int
    value: int


def _scroll_place(view: QAbstractItemView) -> _ScrollPlace:
    top = view.indexAt(QPoint(0, 0))
    if not top.isValid():
        return _ScrollPlace(None, 0, view.verticalScrollBar().value())
    return _ScrollPlace(top.siblingAtColumn(0).data(PATH_ROLE), -view.visualRect(top).top(),
                        view.verticalScrollBar().value())


def _scroll_back(view: QAbstractItemView, place: _ScrollPlace, top: QModelIndex) -> None:
    """Scroll `view` to `place`, its top row now at `top` (invalid when gone); a list at its start stays there."""
    view.executeDelayedItemsLayout()  # the scroll range of the new rows, before scrolling
    bar = view.verticalScrollBar()
    if place.value == 0 or not top.isValid():
        bar.setValue(place.value)
        return
    view.scrollTo(top, QAbstractItemView.ScrollHint.PositionAtTop)
    bar.setValue(bar.value() + place.past)


@dataclass(frozen=True)
class _ListsPlace:
    """Where the note tree and the topic list stand, kept through new lists of the same filter (a live reload)."""

    open_folders: set[str]
    note: str | None  # the current note's path
    note_scroll: _ScrollPlace
    topic: str | None  # the current topic's key
    topic_scroll: _ScrollPlace


def _set_current(view: QAbstractItemView, index: QModelIndex, scroll: bool) -> None:
    """Make `index` the view's current (and selected) row; scrolled to only when `scroll` (a view scrolls to its
    current row by itself unless told not to)."""
    if scroll:
        view.setCurrentIndex(index)
        view.scrollTo(index)
        return
    view.setAutoScroll(False)
    view.setCurrentIndex(index)
    view.setAutoScroll(True)



# px: narrower than this, the Videos tab shows titles alone (QA at 1280×800: "Global Economi…" twice, or "Vi"
# with the search open, the two count columns taking the rest)
COUNTS_SHOWN_FROM = 280


class _VideoTree(QTreeView):
    """The Videos tab's tree: its Notes and Stamps columns give way to the titles in a narrow panel."""

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        narrow = event.size().width() < COUNTS_SHOWN_FROM
        for column in (1, 2):
            if self.header().isSectionHidden(column) != narrow:
                self.header().setSectionHidden(column, narrow)

class TreePanel(QWidget):
    """Shows the vault's notes, topics and videos; emits `open_requested(Location)` when the user picks one."""

    open_requested = Signal(object)  # Location
    videos_shown = Signal()  # the Videos tab holds the newest catalog
    done = Signal()  # Escape in the empty filter: the reader is done with the tree (the note takes the keyboard)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit(placeholderText="Filter notes, topics and videos  (Ctrl+L)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter notes, topics and videos")
        self.note_model = NoteTreeModel(self)
        self.topic_model = TopicTableModel(self)
        self.video_model = VideoTreeModel(self)

        self.note_tree = QTreeView(headerHidden=True, uniformRowHeights=True)
        self.note_tree.setModel(self.note_model)
        self.note_tree.setAccessibleName("Notes")
        self.note_tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # a table, not a tree view: a tree view lays out every row, asking the model of each (20,075 topics in
        # the real vault, twice over Python at every new style or filter); a table asks only the rows shown
        self.topic_list = QTableView(showGrid=False, wordWrap=False, tabKeyNavigation=False, cornerButtonEnabled=False)
        self.topic_list.setModel(self.topic_model)
        self.topic_list.setAccessibleName("Topics")
        self.topic_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.topic_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.topic_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        rows = self.topic_list.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.topic_list.fontMetrics().height() + 6)
        header = self.topic_list.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # a fixed width, as the Videos tab's counts: fitted to its contents, the column asked a thousand of the
        # real vault's 20,075 topics for their count at every new style (a theme switch froze the window 0.6 s)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.topic_list.fontMetrics().horizontalAdvance("Mentions") + 16)

        self.video_tree = _VideoTree(uniformRowHeights=True)
        self.video_tree.setModel(self.video_model)
        self.video_tree.setAccessibleName("Videos")
        self.video_tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.video_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # fixed widths: fitting the counts to their contents asks every row shown (a channel of 1,000 videos)
        digits = self.video_tree.fontMetrics().horizontalAdvance("Stamps") + 16
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, digits)

        self.tabs = QTabWidget(documentMode=True)
        self.tabs.addTab(self.note_tree, "Notes")
        self.tabs.addTab(self.topic_list, "Topics")
        self.tabs.addTab(self.video_tree, "Videos")
        for arrow in self.tabs.tabBar().findChildren(QToolButton):  # a narrow bar's ◂ ▸: not Tab stops on the way
            arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # to the list (QA); the arrow keys move between tabs

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tabs)

        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(self._lists_in_background)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.filter_edit.returnPressed.connect(self._open_first_match)
        self.filter_edit.installEventFilter(self)
        self.note_tree.activated.connect(self._note_activated)
        self.note_tree.clicked.connect(self._note_activated)
        self.topic_list.activated.connect(self._topic_activated)
        self.topic_list.clicked.connect(self._topic_activated)
        self.video_tree.activated.connect(self._video_activated)
        self.video_tree.clicked.connect(self._video_activated)
        self._shelf_job: BackgroundJob | None = None
        self._lists_job: BackgroundJob | None = None  # a big vault's lists being made for the index and filter
        self._index: VaultIndex | None = None
        self._big = False
        self._applied_query = ""  # the filter the lists show
        self._shown: Location | None = None
        self._open_when_listed = False  # Enter was pressed while the lists were being made

    def set_videos(self, videos) -> None:
        """Show the vault's videos (a `VideoCatalog`), sorted into channels on a worker (50 ms and more at 20k
        videos); `videos_shown` once the tab has them. The newest catalog wins."""
        if self._shelf_job is not None:
            self._shelf_job.cancel()
        if videos is None:
            self._shelf_job = None
            self._show_shelf(None)
            return
        self._shelf_job = (background(lambda: VideoShelf(videos), name="videos tab", owner=self)
                           .success(self._show_shelf).start())

    def _show_shelf(self, shelf: VideoShelf | None) -> None:
        self._shelf_job = None
        self.video_model.set_shelf(shelf)
        if self.filter_edit.text().strip():
            self._open_video_matches()
        if self._shown is not None and self._shown.kind == "video":
            self.show_location(self._shown)
        self.videos_shown.emit()

    def set_index(self, index: VaultIndex | None) -> None:
        """Show a new index, keeping the filter, open folders, the marked page and the scroll position (a live
        reload must not jump). A big vault's lists are made on a worker (`_lists_in_background`), the ones shown
        staying until then."""
        if self._lists_job is not None:  # its lists were made from the index this one replaces
            self._lists_job.cancel()
            self._lists_job = None
        self._index = index
        self._big = index is not None and len(index.notes) >= BIG_VAULT
        if self._big:
            self._filter_timer.stop()  # its query is the one typed: listed now, from this index
            self._lists_in_background()
            return
        place = self._place()
        self.note_model.set_index(index)
        self.topic_model.set_index(index)
        self.apply_filter(place)

    def _lists_in_background(self) -> None:
        """Make a big vault's lists of the index for the filter typed on a worker, then show them; the newest
        index and query win. On the GUI thread the real vault's 21,273 notes and 19,095 topics took 110-160 ms a
        query, the tree's names to compare with the next index's 15-50 ms. A list the same as the one shown (a
        note's text edited) is kept as it is."""
        if self._lists_job is not None:
            self._lists_job.cancel()
            self._lists_job = None
        index, query = self._index, self.filter_edit.text()
        if index is None:
            self.set_index(None)
            return
        shown_names, tree_query = self.note_model.names, self.note_model.query
        shown_rows, rows_query = self.topic_model.rows, self.topic_model.query

        def work():
            names = note_names_of(index)
            same_tree = names == shown_names and query == tree_query
            tree = None if same_tree else filter_note_tree(index.notes, query)
            rows = topic_rows(index.topics.values(), query)
            return names, tree, (None if query == rows_query and rows == shown_rows else rows)

        def listed(lists) -> None:
            self._lists_job = None
            names, tree, rows = lists
            place = self._place()
            self.note_model.show_index(index, query, tree, names)
            self.topic_model.show_index(index, query, rows)
            self._lists_shown(query, place)

        def failed(_error: BaseException) -> None:  # the runner logged it; the lists shown stay
            self._lists_job = None
            self._open_when_listed = False

        self._lists_job = (background(work, name="tree lists", owner=self).success(listed).failure(failed)
                           .start())

    def _place(self) -> _ListsPlace:
        note, topic = self.note_tree.currentIndex(), self.topic_list.currentIndex()
        return _ListsPlace(self._expanded_folders(),
                           note.data(PATH_ROLE) if note.isValid() and note.data(IS_NOTE_ROLE) else None,
                           _scroll_place(self.note_tree),
                           topic.siblingAtColumn(0).data(PATH_ROLE) if topic.isValid() else None,
                           _scroll_place(self.topic_list))

    def _restore_place(self, place: _ListsPlace) -> None:
        """The lists as they stood before new ones of the same filter: open folders, marks, scroll positions
        (where they still exist). A page on screen that was not marked yet (the first lists of a vault) is
        marked and scrolled to instead."""
        self._expand_folders(place.open_folders)
        shown = self._shown
        marked = {"note": place.note, "topic": place.topic}.get(shown.kind, shown.key) if shown is not None else None
        if shown is not None and marked != shown.key:
            self.show_location(shown, scroll=True)
            return
        if shown is not None:
            self.show_location(shown, scroll=False)
        else:
            if place.note is not None and (found := self.note_model.index_of_path(place.note)).isValid():
                _set_current(self.note_tree, found, scroll=False)
            if place.topic is not None and (found := self.topic_model.index_of_topic(place.topic)).isValid():
                _set_current(self.topic_list, found, scroll=False)
        top = place.note_scroll.top
        top_row = QModelIndex() if top is None else self.note_model.index_of_path(top)
        if top is not None and not top_row.isValid():  # a folder's row
            top_row = self.note_model.index_of_folder(top)
        _scroll_back(self.note_tree, place.note_scroll, top_row)
        top = place.topic_scroll.top
        _scroll_back(self.topic_list, place.topic_scroll,
                     QModelIndex() if top is None else self.topic_model.index_of_topic(top))

    def _folder_indexes(self) -> list[QModelIndex]:
        return self.note_model.folder_indexes()

    def _expanded_folders(self) -> set[str]:
        return {i.data(PATH_ROLE) for i in self._folder_indexes() if self.note_tree.isExpanded(i)}

    def _expand_folders(self, paths: set[str]) -> None:
        if paths:
            for folder in self._folder_indexes():
                if folder.data(PATH_ROLE) in paths:
                    self.note_tree.expand(folder)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """The filter's keys besides typing and Enter: Down goes into the list shown, Escape clears the filter
        (and in an empty one gives the keyboard back to the note)."""
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if event.key() == Qt.Key.Key_Down:
                self._enter_list()
                return True
            if event.key() == Qt.Key.Key_Escape:
                if self.filter_edit.text():
                    self.filter_edit.clear()
                else:
                    self.done.emit()
                return True
        return super().eventFilter(watched, event)

    def _enter_list(self) -> None:
        """The keyboard into the list of the tab shown: on the first match of what was typed (the note Enter
        opens, not its folder), else on its current row (the page shown), else its first."""
        view = self.tabs.currentWidget()
        view.setFocus(Qt.FocusReason.TabFocusReason)
        model = view.model()
        first = QModelIndex()
        if view is self.note_tree and self.filter_edit.text().strip():
            note = next((node for node in self.note_model.root.walk() if node.is_note), None)
            first = self.note_model.index_of_path(note.path) if note is not None else first
        elif self.filter_edit.text().strip() or not view.currentIndex().isValid():
            first = model.index(0, 0) if model is not None and model.rowCount() else first
        if first.isValid():
            view.setCurrentIndex(first)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    @property
    def filtering(self) -> bool:
        """Whether the lists do not yet show the filter typed (a big vault filters after a pause, on a worker)."""
        return self._filter_timer.isActive() or self._lists_job is not None

    def _filter_changed(self) -> None:
        self._open_when_listed = False  # an Enter pressed before was for what was typed then
        if self._big:
            self._filter_timer.start()
        else:
            self.apply_filter()

    def apply_filter(self, place: _ListsPlace | None = None) -> None:
        """Filter a small vault's lists by the text typed, now."""
        query = self.filter_edit.text()
        place = place or self._place()
        self.note_model.set_filter(query)
        self.topic_model.set_filter(query)
        self._lists_shown(query, place)

    def _lists_shown(self, query: str, place: _ListsPlace) -> None:
        """The notes and topics show `query`: with the filter as before (a new index) the lists keep `place`;
        else the videos are filtered too and the matches' folders opened. An Enter waiting for them opens."""
        if query == self._applied_query:
            self._restore_place(place)
        else:
            self._filter_shown(query)
        if self._open_when_listed:
            self._open_when_listed = False
            self._open_first_shown()

    def _filter_shown(self, query: str) -> None:
        """The notes and topics show the new `query`: filter the videos, open the folders of the matches; a
        filter just cleared shows the page on screen again."""
        cleared = bool(self._applied_query.strip() and not query.strip())
        self._applied_query = query
        self.video_model.set_filter(query)
        if cleared and self._shown is not None:  # back to the page on screen, its folder open
            self.show_location(self._shown, scroll=True)
            return
        if query.strip():
            self._open_note_matches()
            self._open_video_matches()
            self.note_tree.scrollToTop()  # the first matches, not the place the whole list was scrolled to
            self.video_tree.scrollToTop()
        if self._shown is not None:  # still marked where the filter keeps it
            self.show_location(self._shown, scroll=False)

    def _open_note_matches(self) -> None:
        """Open the folders holding matches, in order, while they hold about OPEN_ROWS rows (the first always):
        opening all 21,179 matches of "e" in the real vault took 170 ms on the GUI thread; the rest stay
        closed, a click away."""
        room = OPEN_ROWS
        for folder in self.note_model.folder_indexes():  # parents before their subfolders
            rows = len(self.note_model.node(folder).children)
            if rows > room and room < OPEN_ROWS:
                break
            self.note_tree.expand(folder)
            room -= rows

    def _open_video_matches(self) -> None:
        """Open the channels holding matching videos the same way."""
        room = OPEN_ROWS
        for row, group in enumerate(self.video_model.groups):
            if len(group.videos) > room and room < OPEN_ROWS:
                break
            self.video_tree.expand(self.video_model.index(row, 0))
            room -= len(group.videos)

    def show_location(self, location: Location, scroll: bool | None = None) -> None:
        """Mark the page on screen in its list and clear the other lists' selection (none stays stale). The list
        is scrolled to it when `scroll`, or by default unless it marks that page already: the window marks its
        page again after every new index, and a live reload must not move the list the user scrolled."""
        if scroll is None:
            scroll = not (location.same_page(self._shown) and self._marks(location))
        self._shown = location
        if location.kind != "video":
            self.video_tree.clearSelection()
            self.video_tree.setCurrentIndex(QModelIndex())
        if location.kind == "video":
            for view in (self.note_tree, self.topic_list):
                view.clearSelection()
                view.setCurrentIndex(QModelIndex())
            found = self.video_model.index_of_video(location.key)
            if found.isValid():
                _set_current(self.video_tree, found, scroll)
            else:
                self.video_tree.clearSelection()
        elif location.kind == "note":
            self.select_note(location.key, scroll)
            self.topic_list.clearSelection()
            self.topic_list.setCurrentIndex(QModelIndex())
        else:
            self.note_tree.clearSelection()
            self.note_tree.setCurrentIndex(QModelIndex())
            found = self.topic_model.index_of_topic(location.key)
            if found.isValid():
                _set_current(self.topic_list, found, scroll)
            else:
                self.topic_list.clearSelection()

    def _marks(self, location: Location) -> bool:
        """Whether `location`'s list has it as its current row."""
        if location.kind == "video":
            return self.video_tree.currentIndex().siblingAtColumn(0).data(VIDEO_ROLE) == location.key
        view = self.note_tree if location.kind == "note" else self.topic_list
        return view.currentIndex().siblingAtColumn(0).data(PATH_ROLE) == location.key

    def select_note(self, path: str, scroll: bool = True) -> None:
        """Show which note is open, without opening anything."""
        index = self.note_model.index_of_path(path)
        if index.isValid():
            _set_current(self.note_tree, index, scroll)
        else:
            self.note_tree.clearSelection()

    def _note_activated(self, index: QModelIndex) -> None:
        if index.data(IS_NOTE_ROLE):
            self.open_requested.emit(Location("note", index.data(PATH_ROLE)))

    def _topic_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(Location("topic", index.siblingAtColumn(0).data(PATH_ROLE)))

    def _video_activated(self, index: QModelIndex) -> None:
        video_id = index.siblingAtColumn(0).data(VIDEO_ROLE) if index.isValid() else None
        if video_id:
            self.open_requested.emit(Location("video", video_id))

    def _open_first_match(self) -> None:
        """Enter in the filter opens the first matching note (or topic, or video, on those tabs): of all that
        was typed and of the newest index, so a big vault's lists still being made are waited for."""
        if self.filtering:
            self._open_when_listed = True
            if self._filter_timer.isActive():  # what was typed is listed now, not after the pause
                self._filter_timer.stop()
                self._lists_in_background()
            return
        self._open_first_shown()

    def _open_first_shown(self) -> None:
        if self.tabs.currentWidget() is self.video_tree:
            if (first := self.video_model.first_video()) is not None:
                self.open_requested.emit(Location("video", first))
            return
        if self.tabs.currentWidget() is self.topic_list:
            if self.topic_model.rowCount():
                self._topic_activated(self.topic_model.index(0, 0))
            return
        first = next((node for node in self.note_model.root.walk() if node.is_note), None)
        if first is not None:
            self.open_requested.emit(Location("note", first.path))
