"""The main window: lays out the panels and wires them to the session. What is read lives in `VaultSession`,
what is shown in `PagePresenter`, the actions and menus in `desktop.ui.actions`."""

from __future__ import annotations

import dataclasses

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.index import VaultIndex
from desktop.core.follow import playing_stamp
from desktop.core.stamps import format_seconds
from desktop.core.videos import stamp_video_id
from desktop.paths import cache_dir, resource
from desktop.render.page_source import PageSource, page_changed
from desktop.render.snippets import snippet_mark
from desktop.ui.actions import WindowActions
from desktop.ui.backlinks_panel import BacklinksPanel
from desktop.ui.find_bar import FindBar
from desktop.ui.follow_pause import FollowPause
from desktop.ui.log_notices import LogNotices
from desktop.ui.graph_panel import LocalGraphPanel
from desktop.ui.mouse_navigation import MouseNavigation
from desktop.render.navigation import Place
from desktop.ui.navigation import LinkRouter, Location, open_external
from desktop.ui.note_view import make_note_view
from desktop.ui.outline_panel import OutlinePanel
from desktop.ui.preview_popover import LinkPreviews
from desktop.ui.page_presenter import SLOW_RENDER_BYTES, PagePresenter
from desktop.ui.panel_layout import PANEL_SHARED, from_splitter_state
from desktop.ui.panel_room import NOTE_COMFORT, NOTE_MIN_WIDTH, PANEL_WIDTHS, PanelRoom
from desktop.ui.runner import jobs_held
from desktop.ui.search_panel import SearchPanel
from desktop.ui.session import VIDEO_PREFIX, VaultSession
from desktop.ui.warnings_dialog import counts_line, warning_count
from desktop.ui.settings import AppSettings, Preferences
from desktop.ui.stamp_panel import StampPanel
from desktop.ui.switcher import QuickSwitcher
from desktop.ui.theme import apply_theme
from desktop.ui.tree_panel import TreePanel
from desktop.ui.vault_loader import VaultLoader
from desktop.ui.video_prerender import VideoPrerender
from desktop.ui.view_input import ViewInput
from desktop.ui.window_size import fitting_size

APP_TITLE = "Note Reader"
# Explicit bidi embeddings, overrides and isolates, left out of the title bar: a note title's U+202E turned the
# rest of it around ("…redaeR etoN"). Right-to-left words need none of them.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
BACKGROUND_RENDER_BYTES = SLOW_RENDER_BYTES
DEFAULT_SIZE = (1280, 800)
PLAYER_WIDTH = 400
SEARCH_WIDTH = 320
SEARCH_MARGIN = 40  # px the splitter's handles and the dock's frame take beside the search panel and the note




def search_width(window_width: int) -> int:
    """The search panel's width as it opens: a quarter of a wide window, up to `SEARCH_WIDTH`; in a small one,
    what the note leaves (the tree gives way), so a result's words are not cut ("implicatio") at 180 px."""
    return min(SEARCH_WIDTH, max(window_width // 4, window_width - NOTE_MIN_WIDTH - SEARCH_MARGIN))


class MainWindow(QMainWindow):
    """Tree | note | stamps over backlinks. Emits `vault_loaded` and `page_shown` so callers can wait on them."""

    vault_loaded = Signal(object)  # VaultIndex
    vault_failed = Signal(str)
    page_shown = Signal(object)  # Location, once the view has it on screen
    note_not_found = Signal(str)

    def __init__(self, *, renderer: str | None = None, dark: bool = False,
                 settings: AppSettings | None = None, prefs: Preferences | None = None,
                 remember_layout: bool = True, staged: bool = True, watch: bool = True) -> None:
        """`prefs`: the settings' preferences, when the caller has read them (for the theme): read once."""
        super().__init__()
        self.settings = settings or AppSettings()
        self.dark = dark
        self._pending_name: str | None = None
        self._loading_root: Path | None = None  # the vault being opened (the session has it once it is read)
        self._panels_for: tuple | None = None  # (kind, key, index) the side panels show
        self.remember_layout = remember_layout  # off for screenshots: always the default size and splits
        self.prefs = prefs if prefs is not None else self.settings.preferences()
        self.player_dock = None  # the video player, made when first needed (it loads remote content)
        self.settings_dialog = None

        self.session = VaultSession(self)
        self.session.configure_pages(dark=dark, allow_remote=self.prefs.allow_remote,
                                     font_size=self.prefs.font_size)
        self.router = LinkRouter(self.session, self)
        self.loader = VaultLoader(self, staged=staged, watch=watch)
        self.view = make_note_view(renderer, self)
        self.view.set_dark(dark)
        self.view.set_allow_remote(self.prefs.allow_remote)
        self.view.setMinimumWidth(NOTE_MIN_WIDTH)
        self.presenter = PagePresenter(self.session, self.view, self)
        self.video_prerender = VideoPrerender(self.session, self)  # a note's video page, rendered early
        self.router.stamps_in_player = self.prefs.stamps_in_player
        self.tree_panel = TreePanel(self)
        self.stamp_panel = StampPanel(self)
        self.backlinks_panel = BacklinksPanel(self)
        self.outline_panel = OutlinePanel(self)
        self.graph_panel = LocalGraphPanel(self.session, self)
        self.graph_window = None  # View → Graph, made when first opened
        self._row_wanted: tuple[str, int] | None = None  # a video page asked at a moment (`open_video_page`)
        for panel in (self.tree_panel, self.stamp_panel, self.backlinks_panel, self.outline_panel, self.graph_panel):
            panel.setMinimumWidth(1)  # the splitter may collapse them: fit_panels() decides when, not their hints
        for panel in (self.stamp_panel, self.backlinks_panel, self.outline_panel):  # a narrow panel's header ends
            panel.header().setTextElideMode(Qt.TextElideMode.ElideRight)  # in "…", not cut mid-word ("on this p")
        self.switcher = QuickSwitcher(self.session, self)
        self.previews = LinkPreviews(self._preview_context, self)  # hover a link: a popover says what it leads to
        self.search_panel = SearchPanel(self, session=self.session)
        self.search_panel.setMinimumWidth(180)
        self.search_dock = QDockWidget("Search", self, objectName="search")
        self.search_dock.setWidget(self.search_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.search_dock)
        self.search_dock.hide()

        self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        self.side_splitter.addWidget(self.stamp_panel)
        self.side_splitter.addWidget(self.backlinks_panel)
        self.side_splitter.addWidget(self.graph_panel)
        self.side_splitter.setSizes([340, 200, 280])
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)  # the tree over the shown page's outline
        self.left_splitter.setMinimumWidth(1)
        self.left_splitter.addWidget(self.tree_panel)
        self.left_splitter.addWidget(self.outline_panel)
        self.left_splitter.setSizes([540, 260])
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.addWidget(self.left_splitter)
        self.find_bar = FindBar(self.view)
        note_pane = QWidget()  # the note over its find bar (Ctrl+F)
        note_layout = QVBoxLayout(note_pane)
        note_layout.setContentsMargins(0, 0, 0, 0)
        note_layout.setSpacing(0)
        note_layout.addWidget(self.view, 1)
        note_layout.addWidget(self.find_bar)
        self.main_splitter.addWidget(note_pane)
        self.main_splitter.addWidget(self.side_splitter)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setCollapsible(1, False)  # the note is what the window is for
        self.main_splitter.setSizes([PANEL_WIDTHS[0], 660, PANEL_WIDTHS[1]])
        self.setCentralWidget(self.main_splitter)
        self.room = PanelRoom(self.main_splitter, self)
        self.log_notices = LogNotices(self)  # the cache's faults (locked, disk full) said in the status bar
        self.log_notices.notice.connect(lambda text: self.statusBar().showMessage(f"⚠ {text}", 15000))
        self.search_dock.visibilityChanged.connect(self._search_shown)
        self.search_dock.topLevelChanged.connect(lambda _floating: self._search_shown(self.search_dock.isVisible()))
        self._search_wanted = SEARCH_WIDTH  # the search panel's width as it opened or was dragged to (given back
        self._search_width_pressed: int | None = None  # when there is room), and as a press on its edge found it

        self.counts_label = QLabel(textFormat=Qt.TextFormat.RichText)
        self.counts_label.linkActivated.connect(lambda _link: self.show_warnings())
        self.statusBar().addPermanentWidget(self.counts_label)
        self.actions_ = WindowActions(self)
        self._name_actions()
        self.player_action.setEnabled(self.prefs.stamps_in_player)
        self._update_history_actions()
        self._fill_recent_menu()
        self._connect()
        self.setWindowTitle(APP_TITLE)
        if (icon := resource("note-reader.svg")).is_file():
            self.setWindowIcon(QIcon(str(icon)))
        self.resize(*fitting_size(self.screen().availableGeometry().size(), DEFAULT_SIZE))
        if remember_layout:
            self._restore_layout()
        self.mouse_navigation = MouseNavigation(self.session, self)
        self.mouse_navigation.watch(self)
        self.follow_pause = FollowPause(self)  # scrolling the note by hand pauses Follow Video a moment
        self.view_input = ViewInput(self)  # a link a scrolling key brings under the mouse is no hover; a move is
        self.view_input.watch(self.view)
        self.view_input.scroll_key.connect(lambda: self.previews.hold_still(self.view))
        self.view_input.scroll_key.connect(self.follow_pause.scrolled)
        self.view_input.wheel.connect(self.follow_pause.scrolled)
        self.view_input.mouse_moved.connect(self.previews.pointer_moved)
        if self.view.kind == "web":  # the reader's own scroll ends a place the view holds after a find
            for moved in (self.view_input.scroll_key, self.view_input.wheel, self.view_input.pressed):
                moved.connect(self.view.reader_moved)
        for top in self.menuBar().actions():
            if top.menu() is not None:
                top.menu().aboutToHide.connect(lambda: QTimer.singleShot(0, self, self._menu_closed))

    # the session's state, for callers and tests --------------------------------------------------------

    @property
    def index(self) -> VaultIndex | None:
        return self.session.index

    @property
    def root(self) -> Path | None:
        return self.session.root

    @property
    def source(self) -> PageSource | None:
        return self.session.source

    @property
    def shown(self) -> Location | None:
        """The page on screen (the session's current location once it has rendered)."""
        return self.presenter.shown

    # building ---------------------------------------------------------------------------------------------

    def _name_actions(self) -> None:
        actions = self.actions_
        self.back_action, self.forward_action = actions.back, actions.forward
        self.switcher_action, self.filter_action = actions.switcher, actions.filter
        self.open_vault_action, self.settings_action = actions.open_vault, actions.settings
        self.search_action, self.quit_action = actions.search, actions.quit
        self.next_pane_action, self.previous_pane_action = actions.next_pane, actions.previous_pane
        self.player_action, self.shortcuts_action = actions.player, actions.shortcuts
        self.about_action, self.recent_menu = actions.about, actions.recent_menu
        self.warnings_action = actions.warnings
        self.video_page_action, self.follow_action = actions.video_page, actions.follow
        self.outline_action = actions.outline
        self.graph_action, self.local_graph_action = actions.graph, actions.local_graph
        self.tree_action, self.side_panels_action = actions.tree, actions.side_panels

    def _connect(self) -> None:
        session = self.session
        self.back_action.triggered.connect(session.back)
        self.forward_action.triggered.connect(session.forward)
        self.switcher_action.triggered.connect(self.open_switcher)
        self.filter_action.triggered.connect(self.focus_filter)
        self.open_vault_action.triggered.connect(self.choose_vault)
        self.settings_action.triggered.connect(self.open_settings)
        self.search_action.triggered.connect(self.open_search)
        self.actions_.find.triggered.connect(self.find_bar.open_bar)
        self.find_bar.finding.connect(lambda: self.previews.hold_still(self.view))  # a match scrolled to: no hover
        self.stamp_panel.addAction(self.actions_.stamp_video_page)  # its key works where the panel has the focus
        self.actions_.stamp_video_page.triggered.connect(lambda: self.stamp_panel.open_video_page())
        self.search_panel.open_requested.connect(self.open_search_result)
        self.search_panel.play_requested.connect(self.router.open_url)
        self.quit_action.triggered.connect(self.close)
        self.next_pane_action.triggered.connect(lambda: self.focus_pane(+1))
        self.previous_pane_action.triggered.connect(lambda: self.focus_pane(-1))
        self.player_action.toggled.connect(self._player_toggled)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action.triggered.connect(self.show_about)
        self.warnings_action.triggered.connect(self.show_warnings)
        self.video_page_action.triggered.connect(self._open_note_video_page)
        self.router.play_requested.connect(self.play_video)
        self.router.message.connect(self.show_message)

        session.index_changed.connect(self._index_changed)
        session.videos_changed.connect(self._videos_changed)
        session.history_changed.connect(self._update_history_actions)
        session.message.connect(self.show_message)
        self.presenter.title_changed.connect(lambda title: self.setWindowTitle(
            f"{title.translate(_BIDI_CONTROLS)} — {APP_TITLE}"))
        self.presenter.message.connect(self.show_message)
        self.presenter.page_shown.connect(self._page_shown)
        self.presenter.note_ready.connect(self._show_stamps)
        self.presenter.title_changed.connect(self._fill_panels_early)
        self.view.link_clicked.connect(self.router.open_url)
        self.view.link_hovered.connect(self._link_hovered)
        self.view.page_loaded.connect(lambda _ok: self.loader.first_page_shown())
        self.view.page_loaded.connect(self._find_again)  # after the presenter's slot: the page's highlight is known
        self.tree_panel.open_requested.connect(session.go)
        self.tree_panel.done.connect(lambda: self.view.setFocus(Qt.FocusReason.OtherFocusReason))
        self.stamp_panel.video_page_requested.connect(self._open_stamps_video_page)
        self.backlinks_panel.open_requested.connect(session.go)
        self.outline_panel.heading_chosen.connect(self._scroll_to_heading)
        self.outline_action.toggled.connect(self.outline_panel.setVisible)
        self.local_graph_action.toggled.connect(self.graph_panel.setVisible)
        self.graph_action.triggered.connect(self.open_graph)
        self.tree_action.triggered.connect(lambda on: self.show_panel(0, on))
        self.side_panels_action.triggered.connect(lambda on: self.show_panel(2, on))
        self.room.shown_changed.connect(self._panel_shown_changed)
        self.backlinks_panel.link_hovered.connect(lambda url: self.previews.hover(url, self.backlinks_panel))
        self.search_panel.link_hovered.connect(lambda url: self.previews.hover(url, self.search_panel))
        session.location_changed.connect(lambda _location: self.previews.hold_still(self.view))
        self.stamp_panel.open_requested.connect(self.router.open_url)
        self.stamp_panel.reveal_requested.connect(self._reveal_stamp)
        self.stamp_panel.message.connect(self.show_message)
        self.switcher.chosen.connect(self._switch_to)
        self.loader.progress.connect(self._load_progress)
        self.loader.names_ready.connect(self._names_ready)
        self.loader.loaded.connect(self._vault_loaded)
        self.loader.failed.connect(self._vault_failed)
        self.loader.status_changed.connect(self._vault_status_changed)

    # vaults -----------------------------------------------------------------------------------------------

    def open_vault(self, root: Path, note: str | None = None, prefetch=None) -> None:
        """Load `root` in the background; then open `note` (path, stem, title or topic), else the last page.

        `prefetch`: a `desktop.core.prefetch.Prefetch` reading the names of `root` since before the window existed.
        """
        root = Path(root).resolve()
        self.settings.keep_out_of(root)  # a vault holding the config folder: settings stay in memory
        self._loading_root = root
        self._pending_name = note
        self.statusBar().showMessage(f"Loading {root} …")
        self.loader.load(root, timestamp_format=self.settings.timestamp_format(root), prefetch=prefetch)

    def choose_vault(self) -> None:
        """Ask for a vault folder. The dialog is read-only (no "Create New Folder", no rename or delete): it
        opens in the vault shown, and the reader never writes into a vault."""
        folder = QFileDialog.getExistingDirectory(
            self, "Open Vault", str(self.root or Path.home()),
            QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.ReadOnly)
        if folder:
            self.open_vault(Path(folder))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_vaults()
        for path in recent:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_vault(p))
        self.recent_menu.setEnabled(bool(recent))

    def _load_progress(self, done: int, total: int) -> None:
        name = self._loading_root or self.root
        self._progress_text = f"Loading {name.name if name else 'vault'}: {done}/{total} notes"
        self.statusBar().showMessage(self._progress_text)

    _progress_text = ""  # the load's last progress message: cleared once its index is in

    def _vault_failed(self, root: Path, message: str) -> None:
        self.statusBar().showMessage(f"Could not open {root}: {message}")
        self.vault_failed.emit(message)

    def _names_ready(self, root: Path, index: VaultIndex) -> None:
        """Stage one: the tree and the first note, while links, stamps and topics are still being read."""
        self.session.set_index(root, index)
        self.statusBar().showMessage(f"Reading {root.name}: links, stamps and topics…")
        self._open_initial()

    def _vault_loaded(self, root: Path, index: VaultIndex) -> None:
        """The full index: a first load, or the vault changed on disk (only changed files were read again).

        History, the page on screen, its scroll position and its search highlight all stay. The panels take
        the index in before the work it starts on workers begins (`jobs_held`)."""
        with jobs_held():
            self._take_full_index(root, index)

    def _take_full_index(self, root: Path, index: VaultIndex) -> None:
        previous = self.index if self.root == root else None
        first = previous is None or not previous.complete
        current = self.session.current
        self.session.set_index(root, index)
        self.settings.remember_vault(root)
        self._fill_recent_menu()
        self.vault_loaded.emit(index)
        if first:
            note = (" — settings are kept for this session only: their folder lies inside the vault, which "
                    "Note Reader never writes") if self.settings.in_memory else ""
            self.statusBar().showMessage(f"Opened {root}{note}", 10000 if note else 4000)
        elif self._progress_text and self.statusBar().currentMessage() == self._progress_text:
            self.statusBar().clearMessage()  # a live reload is in: its progress no longer stands
        if self.session.current is None or self._pending_name is not None:
            self._open_initial()
        elif first or current is None or previous is None or page_changed(previous, index, current.kind,
                                                                          current.key):
            self.presenter.refresh()

    def _index_changed(self, index: VaultIndex) -> None:
        """A new index (another vault, stage two, a live reload): every panel shows it; nothing moves."""
        self.view.set_source(self.session.source)
        if self.search_panel.root != self.root and self.root is not None:  # another vault: its own last query
            if self.search_panel.root is not None:
                self.settings.remember_search(self.search_panel.root, self.search_panel.query_edit.text())
            self.search_panel.restore_query(self.settings.last_search(self.root))
        self.search_panel.set_vault(self.root, self.loader.timestamp_format, indexing=not index.complete)
        self.tree_panel.set_index(index)
        if self.session.videos is None:  # another vault: none of the last one's videos while its own are listed
            self.tree_panel.set_videos(None)
            self.stamp_panel.set_videos(None)
        if self.shown is not None:
            self._show_panels(self.shown)
        self._show_counts()

    def _show_counts(self) -> None:
        """The status bar's counts, with a link to the Vault Warnings dialog for files with problems and for
        live updates slow or off or the vault folder gone (`loader.notices`)."""
        if self.index is None:
            return
        notices = self.loader.notices()
        text, tip = counts_line(self.index, notices)
        self.counts_label.setText(text)
        self.counts_label.setToolTip(tip)
        self.warnings_action.setEnabled(bool(warning_count(self.index) or notices))

    def _vault_status_changed(self) -> None:
        """Live updates slowed or stopped, the vault folder went away or came back: the status bar says so."""
        self._show_counts()
        notice = next(iter(self.loader.notices()), None)
        if notice is not None:
            self.statusBar().showMessage(f"⚠ {notice.subject}: {notice.problem}", 15000)

    def _open_initial(self) -> None:
        name = self._pending_name
        if name is not None:
            if self.router.open_name(name):
                self._pending_name = None
            elif name.strip().startswith(VIDEO_PREFIX) and self.session.videos is None:
                return  # video pages exist once the catalog is built: _videos_changed comes back here
            elif self.index is not None and self.index.complete:
                self._pending_name = None
                self.note_not_found.emit(name)
            return  # a topic of that name may appear once the full index is in
        if self.session.current is not None:
            return
        last = self.settings.last_location(self.root) if self.root else None
        location = Location.from_url(last) if last else None
        if location is not None and location.kind == "topic" and self.index is not None:
            location = dataclasses.replace(location, key=self.index.topic_key(location.key))  # an older version's key
        if location is not None and location.kind == "topic" and self.index and not self.index.complete:
            return  # topics are known once the full index is in: _vault_loaded opens it then
        if location is not None and location.kind == "video" and self.session.videos is None:
            return  # videos are known once their catalog is built: _videos_changed opens it then
        if location is not None and self.session.exists(location):
            place = self.settings.last_place(self.root, last)  # where it was left, when the window closed
            self.session.go(Location(location.kind, location.key), place=place if place != Place() else None)
            self._restore_history(location)
        elif self.index and self.index.notes:
            self.session.go(Location("note", next(iter(self.index.notes))))
        else:
            self.show_message("This vault has no notes")

    def _restore_history(self, shown: Location) -> None:
        """Back and Forward as they were when the window last closed on the vault, around the page it closed
        on (`shown`, just reopened)."""
        kept = self.settings.last_history(self.root) if self.root is not None else None
        if kept is None:
            return
        pages, at = kept
        entries = [(Location.from_url(url), place) for url, place in pages]
        if any(location is None for location, _ in entries):
            return  # damaged
        current = entries[at][0]
        if (current.kind, current.key) != (shown.kind, shown.key):  # a video page's `via` aside: the same page
            return  # kept for another page than the one reopened (an older version's settings)
        self.session.restore_history(entries[:at], entries[at + 1:])

    def _remember_history(self) -> None:
        if self.root is not None:
            entries, at = self.session.history.entries()
            if at >= 0:
                self.settings.remember_history(self.root, [(location.url, place) for location, place in entries], at)

    def open_video_page(self, video_id: str, at_second: int | None = None) -> None:
        """The page of a video; from a note, that note's marks stand out on its timeline. `at_second`: the
        page opens at its row of that moment (a stamp's video page), selected."""
        via = self.shown.key if self.shown is not None and self.shown.kind == "note" else None
        self._row_wanted = (video_id, at_second) if at_second is not None else None
        self.session.go(Location("video", video_id, via=via))

    def _open_stamps_video_page(self, video_id: str) -> None:
        """The video page of the selected stamp, at its row (QA: it opened at the top)."""
        item = self.stamp_panel.currentItem()
        second = self.stamp_panel.stamp_of(item)[1].seconds if item is not None else None
        self.open_video_page(video_id, second)

    def _select_row_wanted(self, location: Location) -> None:
        """On the video page `open_video_page` was asked at a second: its row of that moment selected (and so
        shown on the page, as a row picked by hand)."""
        wanted, self._row_wanted = self._row_wanted, None
        if wanted is None or location.kind != "video" or location.key != wanted[0] or self.session.videos is None:
            return
        video = self.session.videos.get(wanted[0])
        row = playing_stamp([s.seconds for s in video.stamps], wanted[1]) if video is not None else None
        if row is not None:
            self.stamp_panel.follow_row(row)

    def _note_video(self) -> str | None:
        """The id of the shown note's video when the vault has a page for it."""
        index, videos, shown = self.index, self.session.videos, self.shown
        if index is None or videos is None or shown is None or shown.kind != "note":
            return None
        note = index.notes.get(shown.key)
        return note.video_id if note is not None and note.video_id in videos else None

    def _open_note_video_page(self) -> None:
        if (video_id := self._note_video()) is not None:
            self.open_video_page(video_id)

    def _videos_changed(self, videos) -> None:
        """The vault's videos are listed: the Videos tab shows them, a page waiting for them opens, and the page
        on screen is shown again in place when they change it (a note gains its strip, a video page its new
        notes)."""
        self.tree_panel.set_videos(videos)
        self.stamp_panel.set_videos(videos)
        self._panels_for = None  # the stamp panel and the Videos tab mark the page again once it is shown
        if self._pending_name is not None or self.session.current is None:
            self._open_initial()
        elif self.changes_with_videos(self.session.current, videos):  # on screen or still rendering without them
            self.presenter.refresh()
        elif self.shown is not None:  # the page stays; its panels mark it again
            self._show_panels(self.shown)

    def changes_with_videos(self, location: Location, videos) -> bool:
        """Whether the page at `location` changes with the vault's videos: a video page, or a note whose video
        the catalog has (its strip, its "▶ Video" link); another note's page stays as it is."""
        if location.kind == "video":
            return True
        note = self.index.notes.get(location.key) if location.kind == "note" and self.index is not None else None
        return note is not None and note.video_id is not None and note.video_id in videos

    # pages ------------------------------------------------------------------------------------------------

    def _page_shown(self, location: Location) -> None:
        self._show_panels(location)
        self._select_row_wanted(location)
        self.video_prerender.page_shown(location)
        self.video_page_action.setEnabled(self._note_video() is not None)
        if self.root is not None:
            self.settings.remember_location(self.root, Location(location.kind, location.key).url)
            self._remember_history()
        self.page_shown.emit(location)

    def _fill_panels_early(self, _title: str) -> None:
        """The view was handed a page: fill the side panels while Chromium loads it (in its own process), not
        after, so the page is on screen sooner; `_page_shown` then finds them filled."""
        if self.presenter.shown is not None:
            self._show_panels(self.presenter.shown)

    def _show_panels(self, location: Location) -> None:
        """Fill the stamp and backlink panels for `location`, and mark it in the tree or the topic list."""
        index = self.index
        if index is None:
            return
        shown_for = (location.kind, location.key, id(index))
        if self._panels_for == shown_for:
            return
        self._panels_for = shown_for
        self._show_stamps(location)
        self.backlinks_panel.show_mentions(index, location if location.kind != "video" else None)
        self.outline_panel.show_page(self.session.source, location)
        self.tree_panel.show_location(location)

    def _show_stamps(self, location: Location) -> None:
        """The stamp panel for the page on screen: a note's from the note completed for showing (while it is
        being completed after a new index, the panel keeps what it shows: `note_ready` comes back here)."""
        index, videos = self.index, self.session.videos
        if index is None or not location.same_page(self.shown):
            return
        if not self.session.exists(location):  # gone from the vault: its page says so, no stamps of it stay
            self.stamp_panel.show_stamps([])
        elif location.kind == "topic":
            self.stamp_panel.show_mentions(index.mentions_of("topic", location.key), ("topic", location.key))
        elif location.kind == "video":
            self.stamp_panel.show_video(videos.get(location.key) if videos is not None else None)
        elif (note := self.presenter.shown_note()) is not None:
            self.stamp_panel.show_note(note)
        else:
            return
        # a page without stamps gives the whole column to its backlinks
        self.stamp_panel.setVisible(self.stamp_panel.topLevelItemCount() > 0)

    def _search_shown(self, shown: bool) -> None:
        """The search panel, open, stands in for the tree: short of room, the tree gives way first."""
        self.room.tree_first = shown and not self.search_dock.isFloating()

    def open_search(self) -> None:
        """Show the search panel and put the cursor in its query field."""
        first_time = not self.search_dock.isVisible()
        self.search_dock.show()
        self.search_dock.raise_()
        if first_time:
            self._search_wanted = search_width(self.width())
            self.resizeDocks([self.search_dock], [self._search_wanted], Qt.Orientation.Horizontal)
        self.search_panel.focus_query()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """A bigger window gives the search panel back the width a smaller one took from it (QA: shrunk and
        grown again, its results stayed a word a line), once the panels have had theirs."""
        super().resizeEvent(event)
        if event.size().width() > event.oldSize().width() > 0:
            QTimer.singleShot(0, self._widen_search)

    def event(self, event) -> bool:  # noqa: N802 (Qt override)
        """The reader dragged the search panel's edge: that width is the one a bigger window gives back
        (`_widen_search`), not the one it opened with. A press on the window itself is on a separator between
        its docks and the rest (all else is covered by widgets of their own), which Qt handles here, never in
        `mousePressEvent`."""
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self._search_width_pressed = self.search_dock.width() if self.search_dock.isVisible() else None
        handled = super().event(event)
        if kind == QEvent.Type.MouseButtonRelease:
            pressed, self._search_width_pressed = self._search_width_pressed, None
            dock = self.search_dock
            if pressed is not None and dock.isVisible() and not dock.isFloating() and dock.width() != pressed:
                self._search_wanted = dock.width()
        return handled

    def _widen_search(self) -> None:
        dock = self.search_dock
        wanted = self._search_wanted
        if not dock.isVisible() or dock.isFloating() or dock.width() >= wanted:
            return
        open_panels = sum(1 for size in self.main_splitter.sizes()[::2] if size > 0)
        room = self.main_splitter.width() - (wanted - dock.width())
        if room >= NOTE_COMFORT + open_panels * PANEL_SHARED:  # the note keeps its room, the panels theirs
            self.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)

    def open_search_result(self, result) -> None:
        """Open the result's note and mark the match in it."""
        location = Location("note", result.path)
        mark, words = snippet_mark(result)
        if location.same_page(self.shown):
            self.presenter.mark_text(mark, words)
            self.find_bar.page_changed(highlighted=True)  # the page's one find is the highlight now
            return
        self.presenter.mark_after_load(mark, location, words)
        self.session.go(location)

    def open_graph(self):
        """View → Graph: the vault's whole graph in a window of its own (made once, then raised)."""
        if self.graph_window is None:
            from desktop.ui.graph_window import GraphWindow

            self.graph_window = GraphWindow(self.session, cache_dir(), self)
            self.graph_window.addActions(list(self.actions_.everywhere))  # Ctrl+Q, Ctrl+O... work there too
        self.graph_window.show()
        self.graph_window.raise_()
        self.graph_window.activateWindow()
        return self.graph_window

    def _find_again(self, _ok: bool) -> None:
        """A page was put in the view: an open find bar finds its words in it (unless it shows a search
        highlight, which stays)."""
        self.find_bar.page_changed(highlighted=bool(self.presenter.mark))

    def _reveal_stamp(self, number: int, stamp) -> None:
        """Bring a stamp's chip (`#stamp-<number>`) into view and mark it; not a move in history. The page moves
        under the mouse: a link it brings there shows no preview."""
        self.previews.hold_still(self.view)
        if self.shown is not None and self.shown.kind == "note":
            self.view.show_stamp(number, stamp.context)
        elif self.shown is not None and self.shown.kind == "video":
            self.view.highlight_anchor(f"vo-{number}")  # the outline's row (`vo-<i>`, i its place in the merge)
        elif self.shown is not None and stamp.context:
            self.view.mark_text(stamp.context[:60])  # a topic page quotes the sentence

    def _scroll_to_heading(self, anchor: str) -> None:
        """The outline's heading chosen (by keyboard too): the note scrolls there under a mouse that may rest on
        it, so a link it brings under the pointer shows no preview."""
        self.previews.hold_still(self.view)
        self.view.scroll_to(anchor)

    def _preview_context(self) -> tuple:
        """What a link preview reads: the index, the videos and the note on screen (its stamps' sentences)."""
        return self.index, self.session.videos, self.presenter.shown_note()

    def _link_hovered(self, url: str) -> None:
        self.previews.hover(url, self.view)
        if url:
            self.statusBar().showMessage(self.router.describe(url))
        else:
            self.statusBar().clearMessage()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def open_switcher(self) -> None:
        self.switcher.popup()

    def _switch_to(self, url: str) -> None:
        """A page chosen in the quick switcher: open it, the keyboard in the note (its keys scroll it, as after
        choosing a page in a browser's address bar), not back in the pane that opened the switcher."""
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.router.open_url(url)

    def set_dark(self, dark: bool) -> None:
        """Re-render the open page for a new colour scheme."""
        self.dark = dark
        self.view.set_dark(dark)
        self._rerender()

    def _rerender(self) -> None:
        """Show the open page again, rendered with the current theme and preferences, in place."""
        self.session.configure_pages(dark=self.dark, allow_remote=self.prefs.allow_remote,
                                     font_size=self.prefs.font_size)
        self.presenter.refresh()

    # settings, player, help -------------------------------------------------------------------------------

    def open_settings(self) -> None:
        """Settings… (Ctrl+,): every change applies at once."""
        from desktop.ui.settings_dialog import SettingsDialog

        if self.settings_dialog is not None:
            self.settings_dialog.close()
        dialog = SettingsDialog(self.prefs, self.root, self.settings.timestamp_format(self.root) if self.root
                                else None, self)
        dialog.preferences_changed.connect(self.apply_preferences)
        dialog.timestamp_format_changed.connect(self.set_timestamp_format)
        self.settings_dialog = dialog
        dialog.addAction(self.actions_.quit)  # Ctrl+Q quits from the dialog too (QA: it did nothing there)
        dialog.show()

    def apply_preferences(self, prefs: Preferences) -> None:
        """Save `prefs` in the app's settings and apply them live: theme, page text, remote images, player."""
        old, self.prefs = self.prefs, prefs
        self.settings.save_preferences(prefs)
        self.settings.sync()
        self.router.stamps_in_player = prefs.stamps_in_player
        self.player_action.setEnabled(prefs.stamps_in_player)
        if not prefs.stamps_in_player and self.player_dock is not None:
            self.player_dock.stop()
            self.player_dock.hide()
        self.view.set_allow_remote(prefs.allow_remote)
        if prefs.theme != old.theme:
            self.dark = apply_theme(QApplication.instance(), prefs.theme)
            self.view.set_dark(self.dark)
        if (prefs.theme, prefs.font_size, prefs.allow_remote) != (old.theme, old.font_size, old.allow_remote):
            self._rerender()

    def follow_system_theme(self) -> None:
        """The system switched light/dark: follow it when the user's theme is "system"."""
        if self.prefs.theme == "system":
            self.set_dark(apply_theme(QApplication.instance(), "system"))

    def set_timestamp_format(self, value: str | None) -> None:
        """This vault's reading of `a:b:c` stamps changed: remember it (per vault) and load the vault again."""
        if self.root is None or value == self.settings.timestamp_format(self.root):
            return
        self.settings.set_timestamp_format(self.root, value)
        self.settings.sync()
        self.open_vault(self.root)

    def player(self):
        """The video player dock, made on first use and docked where it was last time (else on the right)."""
        if self.player_dock is None:
            from desktop.ui.player_dock import PlayerDock

            dock = PlayerDock(self)
            # "Watch on YouTube", "Open in browser" inside the player
            dock.link_clicked.connect(lambda url: open_external(url, self.show_message))
            dock.visibilityChanged.connect(self._player_visibility)
            dock.playing.connect(lambda seconds: self.statusBar().showMessage(
                f"Playing from {format_seconds(seconds)}", 4000))
            dock.failed.connect(lambda: self.show_message("The video could not be loaded: open it in the browser"))
            dock.time_changed.connect(self.follow_video)
            if not self.restoreDockWidget(dock):
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
                self.resizeDocks([dock], [PLAYER_WIDTH], Qt.Orientation.Horizontal)
            self.player_dock = dock
        return self.player_dock

    def play_video(self, video_id: str, seconds: int) -> None:
        """The router's answer to a stamp click when stamps play in the window."""
        dock = self.player()
        self.room.make_room_for_player(dock)
        dock.play(video_id, seconds)
        note = self.index.notes.get(self.shown.key) if self.index and self.shown and self.shown.kind == "note" else None
        videos = self.session.videos
        video = videos.get(video_id) if videos is not None else None
        title = (note.title if note is not None and note.video_id == video_id
                 else video.display_title if video is not None else f"video {video_id}")  # QA: named by its id
        dock.set_caption(f"▶ {format_seconds(seconds)} · {title}")
        self.statusBar().showMessage(f"Loading the video at {format_seconds(seconds)} …", 4000)

    def follow_video(self, video_id: str, seconds: float) -> None:
        """The player is at `seconds` of `video_id`: the dock's caption says the stamp being said; with Follow
        Video on (and the reader not scrolling), its row is selected on the page on screen and the note view
        marks and shows it through its own API, as for a row picked by hand (no script of the note's)."""
        self._caption_playing(video_id, seconds)
        if not self.follow_action.isChecked() or self.follow_pause.paused:
            return
        if self.shown is None or self.index is None:
            return
        if self.shown.kind == "note":
            note = self.presenter.shown_note()
            if note is None:
                return
            seconds_of = [s.seconds if stamp_video_id(s, note.video_id) == video_id else None for s in note.stamps]
        elif self.shown.kind == "video" and self.shown.key == video_id and self.session.videos is not None:
            video = self.session.videos.get(video_id)
            seconds_of = [s.seconds for s in video.stamps] if video is not None else []
        else:
            return
        row = playing_stamp(seconds_of, seconds)
        if row is not None:
            self.stamp_panel.follow_row(row)

    def _caption_playing(self, video_id: str, seconds: float) -> None:
        """Under the player: the sentence of the stamp being said — from the note on screen when it cites that
        video (the passage it marks), else from all the vault's notes of the video; before the first stamp the
        caption stays as it is."""
        said: list[tuple[int | None, str]] = []
        if (note := self.presenter.shown_note()) is not None:
            said = [(s.seconds, s.context) for s in note.stamps if stamp_video_id(s, note.video_id) == video_id]
        video = self.session.videos.get(video_id) if self.session.videos is not None else None
        if not said and video is not None:
            said = [(s.seconds, s.sentence) for s in video.stamps]
        at = playing_stamp([second for second, _sentence in said], seconds)
        if at is not None and self.player_dock is not None:
            second, sentence = said[at]
            self.player_dock.set_caption(f"▶ {format_seconds(second)} · {sentence or '—'}")

    def _player_toggled(self, on: bool) -> None:
        if on:
            self.room.make_room_for_player(self.player())
            self.player_dock.show()
        elif self.player_dock is not None:
            self.player_dock.stop()
            self.player_dock.hide()

    def _player_visibility(self, visible: bool) -> None:
        self.player_action.blockSignals(True)
        self.player_action.setChecked(visible)
        self.player_action.blockSignals(False)
        if not visible and not self.player_dock.isVisible():
            self.room.player_closed()

    def show_shortcuts(self) -> None:
        from desktop.ui.help_dialogs import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.show()

    def show_warnings(self) -> None:
        """View → Vault Warnings…: which files were skipped or read with problems, and why."""
        from desktop.ui.warnings_dialog import WarningsDialog

        if self.index is not None:
            self.warnings_dialog = WarningsDialog(self.index, self, self.loader.notices())
            self.warnings_dialog.open_requested.connect(lambda path: self.router.go(Location("note", path)))
            self.warnings_dialog.addAction(self.actions_.quit)
            self.warnings_dialog.show()

    def show_about(self) -> None:
        from desktop.ui.help_dialogs import show_about

        show_about(self)

    def panes(self) -> list[QWidget]:
        """The panes F6 moves between, in reading order: those on screen, and those of a panel closed only for
        room (reaching one opens its panel: `focus_pane`); a panel the reader closed is left out."""
        panes = [self.tree_panel.filter_edit, self.tree_panel.tabs.currentWidget(), self.outline_panel, self.view,
                 self.stamp_panel, self.backlinks_panel, self.graph_panel.view]
        panes = [pane for pane in panes if pane.isVisibleTo(self)
                 and not self.room.is_hidden(self.room.pane_of(pane))]
        if self.search_dock.isVisible():
            panes.insert(0, self.search_panel.query_edit)
        if self.player_dock is not None and self.player_dock.isVisible():
            panes.append(self.player_dock.stack.currentWidget())
        return panes

    def focus_filter(self) -> None:
        """Ctrl+L: the cursor in the tree's filter, the tree opened first if it was dragged or pushed shut."""
        self.reveal_panel(0)
        self.tree_panel.focus_filter()

    def focus_pane(self, step: int) -> None:
        """F6 / Shift+F6: the next pane the reader can see; one in a panel closed for room opens as it is reached,
        in a small window in the other panel's place: the note keeps its width (skipped when no room can be made
        for it: F6 closes no search panel)."""
        panes = self.panes()
        focused = QApplication.focusWidget()
        at = next((i for i, pane in enumerate(panes)
                   if focused is not None and (focused is pane or pane.isAncestorOf(focused))), -1)
        for turn in range(1, len(panes) + 1):
            pane = panes[(at + step * turn) % len(panes)]
            if self.room.pane_of(pane) not in (0, 2) or self.room.reveal(self.room.pane_of(pane), keep_note=True):
                pane.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return

    def reveal_panel(self, pane: int | None) -> bool:
        """Open the main splitter's panel `pane` (0 the tree, 2 the side column; the note and the docks are always
        open) for the keyboard or the View menu. In a small window the search panel and the tree take turns in
        the left of the window, as tabs would: when only closing the search panel makes room, it closes (its
        query and results stay for Ctrl+Shift+F). False when the panel could not be opened."""
        if pane not in (0, 2):
            return True
        if self.room.reveal(pane):
            return True
        if self.search_dock.isVisible() and not self.search_dock.isFloating():
            self.search_dock.hide()
            self.layout().activate()  # the splitter has the dock's room now, not after the next event loop pass
            return self.room.reveal(pane)
        return False

    def show_panel(self, pane: int, shown: bool) -> None:
        """View → Note Tree (0) / Stamps and Backlinks (2): open or close a panel; the keyboard leaves a panel
        closed around it for the note."""
        if shown:
            self.reveal_panel(pane)
        else:
            self.room.set_shown(pane, False)
        if self.room.pane_of(QApplication.focusWidget()) == pane and not self.room.is_shown(pane):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        (self.tree_action if pane == 0 else self.side_panels_action).setChecked(self.room.is_shown(pane))

    def _panel_shown_changed(self, pane: int, shown: bool) -> None:
        """The View menu's check marks say what is on screen (a panel closed for room is unchecked)."""
        (self.tree_action if pane == 0 else self.side_panels_action).setChecked(shown)

    def _menu_closed(self) -> None:
        """A menu opened with Alt+letter and closed with Escape leaves the menu bar holding the keyboard (Qt's
        keyboard mode), where the next F6, Down or Return goes to the menu bar: give the keyboard back to where it
        was, as the menu is gone. The menu bar's own way out (a second Escape) does it, with the widget it
        remembered; moving to the next menu with Left/Right leaves a menu open: nothing then."""
        menu_bar = self.menuBar()
        if QApplication.activePopupWidget() is None and menu_bar.hasFocus():
            QApplication.sendEvent(menu_bar, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape,
                                                       Qt.KeyboardModifier.NoModifier))

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.session.history.can_go_back())
        self.forward_action.setEnabled(self.session.history.can_go_forward())

    # room -------------------------------------------------------------------------------------------------

    def fit_panels(self) -> None:
        self.room.fit()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.fit_panels()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """A new theme: Back and Forward are drawn again in its colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "actions_"):
            self.actions_.update_icons()

    # window -----------------------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        if (geometry := self.settings.geometry()) is not None:
            self.restoreGeometry(geometry)
        if (state := self.settings.window_state()) is not None:
            self.restoreState(state)
        if (panels := self.settings.panel_layout()) is not None:
            self.room.restore(panels)
        elif (state := self.settings.splitter("main")) is not None and (old := from_splitter_state(state)):
            self.room.restore(old)  # an older version kept the splitter's sizes: a 0 the room made is no choice
        if (sizes := self.settings.splitter("side")) is not None:
            self.side_splitter.restoreState(sizes)
        if (sizes := self.settings.splitter("left")) is not None:
            self.left_splitter.restoreState(sizes)
        if 0 < (tab := self.settings.tree_tab()) < self.tree_panel.tabs.count():
            self.tree_panel.tabs.setCurrentIndex(tab)

    def save_layout(self) -> None:
        self.settings.save_layout(self.saveGeometry(), self.saveState(),
                                  {"side": self.side_splitter.saveState(), "left": self.left_splitter.saveState()},
                                  self.room.layout())
        self.settings.remember_tree_tab(self.tree_panel.tabs.currentIndex())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.root is not None and self.shown is not None and self.shown == self.session.current:
            place = self.presenter.place()
            self.settings.remember_place(self.root, Location(self.shown.kind, self.shown.key).url,
                                         place)  # the last page reopens where it was, as marked
            self.session.keep_place(place)
            self._remember_history()
        if self.root is not None:
            self.settings.remember_search(self.root, self.search_panel.query_edit.text())
        self.settings.sync()
        if self.remember_layout:
            self.save_layout()
        self.loader.stop()  # a closed window no longer watches its vault
        self.log_notices.close()
        if self.graph_window is not None:  # its graph goes with it (else the app would stay open for it)
            self.graph_window.close()
        super().closeEvent(event)

    def current_url(self) -> QUrl:
        return QUrl(self.shown.url) if self.shown else QUrl()
