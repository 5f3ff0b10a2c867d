"""The main window: lays out the panels, owns the vault being read, and wires every user action to the router."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QStyle,
    QToolBar,
    QWidget,
)

from desktop.core.index import VaultIndex
from desktop.paths import resource
from desktop.core.stamps import format_seconds
from desktop.ui.backlinks_panel import BacklinksPanel, plural
from desktop.ui.navigation import LinkRouter, Location, open_external
from desktop.ui.note_view import make_note_view
from desktop.render.page_source import PageSource
from desktop.ui.settings import AppSettings, Preferences
from desktop.ui.search_panel import SearchPanel, snippet_plain
from desktop.ui.stamp_panel import StampPanel
from desktop.ui.switcher import QuickSwitcher
from desktop.ui.theme import apply_theme
from desktop.ui.tree_panel import TreePanel
from desktop.ui.vault_loader import VaultLoader, run_in_background

APP_TITLE = "Note Reader"
BACKGROUND_RENDER_BYTES = 256 * 1024  # notes larger than this render on a worker thread
DEFAULT_SIZE = (1280, 800)
PLAYER_WIDTH = 400


def warning_count(index: VaultIndex) -> int:
    """Files the vault could not read plus notes read with problems."""
    return len(index.warnings) + sum(1 for note in index.notes.values() if note.warnings)


class MouseNavigation(QObject):
    """Mouse back/forward buttons anywhere in the window move through history, as in a browser.

    Installed on each widget rather than on the application: an application-wide Python filter sees every
    event of Chromium's internals too (slow, and it crashed QtWebEngine here).
    """

    def __init__(self, router: LinkRouter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.router = router

    def watch(self, widget: QWidget) -> None:
        for child in [widget, *widget.findChildren(QWidget)]:
            child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.ChildAdded and isinstance(event.child(), QWidget):
            self.watch(event.child())  # e.g. the web view's render widget, created on first load
        elif kind == QEvent.Type.MouseButtonPress:
            if event.button() == Qt.MouseButton.BackButton:
                self.router.back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.router.forward()
                return True
        return False


class MainWindow(QMainWindow):
    """Tree | note | stamps over backlinks. Emits `vault_loaded` and `page_shown` so callers can wait on them."""

    vault_loaded = Signal(object)  # VaultIndex
    vault_failed = Signal(str)
    page_shown = Signal(object)  # Location, once the view has it on screen
    note_not_found = Signal(str)

    def __init__(self, *, renderer: str | None = None, dark: bool = False,
                 settings: AppSettings | None = None, remember_layout: bool = True,
                 staged: bool = True, watch: bool = True) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.dark = dark
        self.index: VaultIndex | None = None
        self.root: Path | None = None
        self.source: PageSource | None = None
        self.shown: Location | None = None
        self._pending_name: str | None = None
        self.remember_layout = remember_layout  # off for screenshots: always the default size and splits
        self.prefs = self.settings.preferences()
        self.player_dock = None  # the video player, made when first needed (it loads remote content)
        self.settings_dialog = None

        self.router = LinkRouter(self)
        self.loader = VaultLoader(self, staged=staged, watch=watch)
        self.view = make_note_view(renderer, self)
        self.view.set_dark(dark)
        self.view.set_allow_remote(self.prefs.allow_remote)
        self.router.stamps_in_player = self.prefs.stamps_in_player
        self.tree_panel = TreePanel(self)
        self.stamp_panel = StampPanel(self)
        self.backlinks_panel = BacklinksPanel(self)
        self.switcher = QuickSwitcher(self)
        self.search_panel = SearchPanel(self)
        self.search_dock = QDockWidget("Search", self, objectName="search")
        self.search_dock.setWidget(self.search_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.search_dock)
        self.search_dock.hide()
        self._pending_mark: str | None = None
        self._rendering: Location | None = None

        self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        self.side_splitter.addWidget(self.stamp_panel)
        self.side_splitter.addWidget(self.backlinks_panel)
        self.side_splitter.setSizes([450, 350])
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.addWidget(self.tree_panel)
        self.main_splitter.addWidget(self.view)
        self.main_splitter.addWidget(self.side_splitter)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([300, 660, 320])
        self.setCentralWidget(self.main_splitter)

        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self._build_actions()
        self._connect()
        self.setWindowTitle(APP_TITLE)
        if (icon := resource("note-reader.svg")).is_file():
            self.setWindowIcon(QIcon(str(icon)))
        self.resize(*DEFAULT_SIZE)
        if remember_layout:
            self._restore_layout()
        self.mouse_navigation = MouseNavigation(self.router, self)
        self.mouse_navigation.watch(self)

    # building ---------------------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        style = self.style()
        self.back_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack), "Back", self)
        self.back_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Back), QKeySequence("Alt+Left")])
        self.forward_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward), "Forward", self)
        self.forward_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Forward),
                                          QKeySequence("Alt+Right")])
        self.switcher_action = QAction("Quick Switcher…", self, shortcut=QKeySequence("Ctrl+O"))
        self.filter_action = QAction("Filter Notes", self, shortcut=QKeySequence("Ctrl+L"))
        self.open_vault_action = QAction("Open Vault…", self, shortcut=QKeySequence("Ctrl+Shift+O"))
        self.settings_action = QAction("Settings…", self, shortcut=QKeySequence("Ctrl+,"),
                                       menuRole=QAction.MenuRole.PreferencesRole)
        self.search_action = QAction("Search Vault…", self, shortcut=QKeySequence("Ctrl+Shift+F"))
        self.quit_action = QAction("Quit", self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        if not self.quit_action.shortcuts():  # platforms without a standard Quit key (offscreen, some desktops)
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.next_pane_action = QAction("Next Pane", self, shortcut=QKeySequence("F6"))
        self.previous_pane_action = QAction("Previous Pane", self, shortcut=QKeySequence("Shift+F6"))
        self.player_action = QAction("Video Player", self, shortcut=QKeySequence("Ctrl+Shift+V"), checkable=True)
        self.shortcuts_action = QAction("Keyboard Shortcuts", self,
                                        shortcut=QKeySequence(QKeySequence.StandardKey.HelpContents))
        if QKeySequence("F1") not in self.shortcuts_action.shortcuts():
            self.shortcuts_action.setShortcuts([*self.shortcuts_action.shortcuts(), QKeySequence("F1")])
        self.about_action = QAction("About Note Reader", self, menuRole=QAction.MenuRole.AboutRole)

        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.open_vault_action)
        self.recent_menu = file_menu.addMenu("Recent &Vaults")
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        go_menu = self.menuBar().addMenu("&Go")
        for action in (self.back_action, self.forward_action, self.switcher_action, self.filter_action,
                       self.search_action, self.next_pane_action, self.previous_pane_action):
            go_menu.addAction(action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.player_action)
        self.player_action.setEnabled(self.prefs.stamps_in_player)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)
        for action in (self.back_action, self.forward_action, self.switcher_action, self.filter_action,
                       self.next_pane_action, self.previous_pane_action, self.settings_action,
                       self.player_action, self.shortcuts_action):
            self.addAction(action)  # shortcuts work wherever the focus is

        toolbar = QToolBar("Navigation", self, objectName="navigation", movable=False)
        toolbar.addAction(self.back_action)
        toolbar.addAction(self.forward_action)
        toolbar.addAction(self.switcher_action)
        self.addToolBar(toolbar)
        self._update_history_actions()
        self._fill_recent_menu()

    def _connect(self) -> None:
        self.back_action.triggered.connect(self.router.back)
        self.forward_action.triggered.connect(self.router.forward)
        self.switcher_action.triggered.connect(self.open_switcher)
        self.filter_action.triggered.connect(self.tree_panel.focus_filter)
        self.open_vault_action.triggered.connect(self.choose_vault)
        self.settings_action.triggered.connect(self.open_settings)
        self.search_action.triggered.connect(self.open_search)
        self.search_panel.open_requested.connect(self.open_search_result)
        self.search_panel.play_requested.connect(self.router.open_url)
        self.quit_action.triggered.connect(self.close)
        self.next_pane_action.triggered.connect(lambda: self.focus_pane(+1))
        self.previous_pane_action.triggered.connect(lambda: self.focus_pane(-1))
        self.player_action.toggled.connect(self._player_toggled)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action.triggered.connect(self.show_about)
        self.router.play_requested.connect(self.play_video)

        self.router.location_changed.connect(self.show_location)
        self.router.history_changed.connect(self._update_history_actions)
        self.router.message.connect(self.show_message)
        self.view.link_clicked.connect(self.router.open_url)
        self.view.link_hovered.connect(self._link_hovered)
        self.view.page_loaded.connect(self._page_loaded)
        self.tree_panel.open_requested.connect(self.router.go)
        self.backlinks_panel.open_requested.connect(self.router.go)
        self.stamp_panel.open_requested.connect(self.router.open_url)
        self.stamp_panel.reveal_requested.connect(self._reveal_stamp)
        self.stamp_panel.message.connect(self.show_message)
        self.switcher.chosen.connect(self.router.open_url)
        self.loader.progress.connect(self._load_progress)
        self.loader.names_ready.connect(self._names_ready)
        self.loader.loaded.connect(self._vault_loaded)
        self.loader.failed.connect(self._vault_failed)

    # vaults -----------------------------------------------------------------------------------------------

    def open_vault(self, root: Path, note: str | None = None, prefetch=None) -> None:
        """Load `root` in the background; then open `note` (path, stem, title or topic), else the last page.

        `prefetch`: a `desktop.core.prefetch.Prefetch` reading the names of `root` since before the window existed.
        """
        self.root = Path(root).resolve()
        self._pending_name = note
        self.statusBar().showMessage(f"Loading {self.root} …")
        self.loader.load(self.root, timestamp_format=self.settings.timestamp_format(self.root), prefetch=prefetch)

    def choose_vault(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open Vault", str(self.root or Path.home()))
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
        self.statusBar().showMessage(f"Loading {self.root.name if self.root else 'vault'}: {done}/{total} notes")

    def _vault_failed(self, root: Path, message: str) -> None:
        self.statusBar().showMessage(f"Could not open {root}: {message}")
        self.vault_failed.emit(message)

    def _names_ready(self, root: Path, index: VaultIndex) -> None:
        """Stage one: the tree and the first note, while links, stamps and topics are still being read."""
        self._install_index(root, index)
        self.statusBar().showMessage(f"Reading {root.name}: links, stamps and topics…")
        self._open_initial()

    def _vault_loaded(self, root: Path, index: VaultIndex) -> None:
        """The full index: a first load, or the vault changed on disk (only changed files were read again)."""
        previous = self.index if self.root == root else None
        first = previous is None or not previous.complete
        shown = self.shown
        self._install_index(root, index)
        self.settings.remember_vault(root)
        self._fill_recent_menu()
        self.vault_loaded.emit(index)
        if first:
            self.statusBar().showMessage(f"Opened {root}", 4000)
        if shown is None or (self._pending_name is not None):
            self._open_initial()
        elif first or self._page_changed(previous, index, shown):
            self.shown = None
            self.show_location(shown)
        else:
            self._show_panels(shown)

    def _install_index(self, root: Path, index: VaultIndex) -> None:
        self.index, self.root = index, root
        self.search_panel.set_vault(root, self.loader.timestamp_format, indexing=not index.complete)
        self.source = PageSource(index, dark=self.dark, allow_remote=self.prefs.allow_remote,
                                 font_size=self.prefs.font_size)
        self.view.set_source(self.source)
        self.router.set_index(index)
        self.tree_panel.set_index(index)
        self.switcher.set_index(index)
        if self.shown is not None and self.shown.kind == "note":
            self.tree_panel.select_note(self.shown.key)
        warnings = warning_count(index)
        counts = f"{plural(len(index.notes), 'note')} · {plural(len(index.topics), 'topic')}"
        if not index.complete:
            counts = f"{plural(len(index.notes), 'note')} · reading…"
        self.counts_label.setText(counts + (f" · ⚠ {plural(warnings, 'warning')}" if warnings else ""))

    @staticmethod
    def _page_changed(previous: VaultIndex | None, index: VaultIndex, location: Location) -> bool:
        """Whether a live reload changed what the shown page displays (else only the panels are refreshed)."""
        if previous is None:
            return True
        if location.kind == "note":
            old, new = previous.notes.get(location.key), index.notes.get(location.key)
            if old is None or new is None:
                return True
            return ((old.size, old.mtime_ns) != (new.size, new.mtime_ns)
                    or len(previous.backlinks.get(location.key, [])) != len(index.backlinks.get(location.key, [])))
        old_topic, new_topic = previous.topics.get(location.key), index.topics.get(location.key)
        return (old_topic is None or new_topic is None
                or [(m.source, m.context) for m in old_topic.mentions]
                != [(m.source, m.context) for m in new_topic.mentions])

    def _open_initial(self) -> None:
        name = self._pending_name
        if name is not None:
            if self.router.open_name(name):
                self._pending_name = None
            elif self.index is not None and self.index.complete:
                self._pending_name = None
                self.note_not_found.emit(name)
            return  # a topic of that name may appear once the full index is in
        last = self.settings.last_location(self.root) if self.root else None
        location = Location.from_url(last) if last else None
        if location is not None and location.kind == "topic" and self.index and not self.index.complete:
            return  # topics are known once the full index is in: _vault_loaded opens it then
        if location is not None and self.router.exists(location):
            self.router.go(Location(location.kind, location.key))
        elif self.index and self.index.notes:
            self.router.go(Location("note", next(iter(self.index.notes))))
        else:
            self.show_message("This vault has no notes")

    # pages ------------------------------------------------------------------------------------------------

    def show_location(self, location: Location) -> None:
        """Put `location` on screen: the page in the view, its stamps and backlinks beside it."""
        if self.source is None or self.index is None:
            return
        if location.same_page(self.shown):
            self.shown = location
            if location.anchor:
                self.view.scroll_to(location.anchor)
            self.page_shown.emit(location)
            return
        page = self.source.cached(location.kind, location.key)
        if page is None and self._renders_slowly(location):
            self._render_in_background(location)
            return
        self._rendering = None  # a huge note still rendering for an older request is not shown
        page = page or self.source.page(location.kind, location.key)
        if page is None:
            self.show_message(f"No such {location.kind}: {location.key}")
            return
        self._put_on_screen(location, page)

    def _renders_slowly(self, location: Location) -> bool:
        note = self.index.notes.get(location.key) if location.kind == "note" else None
        return note is not None and note.size > BACKGROUND_RENDER_BYTES

    def _render_in_background(self, location: Location) -> None:
        """A huge note renders on a worker so the window stays responsive; the newest request wins."""
        source, cache_key = self.source, self.source.cache_key(location.kind, location.key)
        self._rendering = location
        self.statusBar().showMessage(f"Rendering {self.index.notes[location.key].title} …")

        def done(page) -> None:
            if source is not self.source or self._rendering != location:
                return  # the vault or the request changed meanwhile
            self._rendering = None
            if page is None:
                self.show_message(f"No such {location.kind}: {location.key}")
                return
            source.remember(cache_key, page)
            self._put_on_screen(location, page)

        run_in_background(lambda: source.render(location.kind, location.key), done)

    def _put_on_screen(self, location: Location, page: tuple[str, str]) -> None:
        title, html = page
        self.shown = location
        self.setWindowTitle(f"{title} — {APP_TITLE}")
        note = self._show_panels(location)
        if note is not None:
            self.tree_panel.select_note(note.path)
        if self.root is not None:
            self.settings.remember_location(self.root, Location(location.kind, location.key).url)
        self.view.show_page(location.url, html)  # last: a view may report the page shown at once

    def _show_panels(self, location: Location):
        """Fill the stamp and backlink panels for `location`; returns its note, if it is one."""
        note = self.index.notes.get(location.key) if location.kind == "note" else None
        if location.kind == "topic":
            self.stamp_panel.show_mentions(self.index.mentions_of("topic", location.key))
        else:
            self.stamp_panel.show_note(note)
        self.backlinks_panel.show_mentions(self.index, location)
        return note

    def open_search(self) -> None:
        """Show the search panel and put the cursor in its query field."""
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.focus_query()

    def open_search_result(self, result) -> None:
        """Open the result's note and mark the match in it."""
        location = Location("note", result.path)
        mark = snippet_plain(result)
        if location.same_page(self.shown):
            self.view.mark_text(mark)
            return
        self._pending_mark = mark
        self.router.go(location)

    def _page_loaded(self, ok: bool) -> None:
        self.loader.first_page_shown()
        if self._pending_mark and self.shown is not None:
            mark, self._pending_mark = self._pending_mark, None
            self.view.mark_text(mark)
        if self.shown is not None:
            self.page_shown.emit(self.shown)
        if not ok:
            self.show_message("The page could not be shown")

    def _reveal_stamp(self, number: int, stamp) -> None:
        """Bring a stamp's chip (`#stamp-<number>`) into view and mark it; not a move in history."""
        if self.shown is not None and self.shown.kind == "note":
            self.view.show_stamp(number, stamp.context)
        elif self.shown is not None and stamp.context:
            self.view.mark_text(stamp.context[:60])  # a topic page quotes the sentence

    def _link_hovered(self, url: str) -> None:
        if url:
            self.statusBar().showMessage(self.router.describe(url))
        else:
            self.statusBar().clearMessage()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def open_switcher(self) -> None:
        self.switcher.popup()

    def set_dark(self, dark: bool) -> None:
        """Re-render the open page for a new colour scheme."""
        self.dark = dark
        self.view.set_dark(dark)
        self._rerender()

    def _rerender(self) -> None:
        """Show the open page again, rendered with the current theme and preferences."""
        if self.source is not None:
            self.source.configure(dark=self.dark, allow_remote=self.prefs.allow_remote,
                                  font_size=self.prefs.font_size)
            shown, self.shown = self.shown, None
            if shown is not None:
                self.show_location(shown)

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
            dock.link_clicked.connect(open_external)  # "Watch on YouTube" inside the player
            dock.visibilityChanged.connect(self._player_visibility)
            if not self.restoreDockWidget(dock):
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
                self.resizeDocks([dock], [PLAYER_WIDTH], Qt.Orientation.Horizontal)
                tree, note, side = self.main_splitter.sizes()  # the note keeps most of the room it had
                self.main_splitter.setSizes([min(tree, 220), note + max(tree - 220, 0) + max(side - 260, 0),
                                             min(side, 260)])
            self.player_dock = dock
        return self.player_dock

    def play_video(self, video_id: str, seconds: int) -> None:
        """The router's answer to a stamp click when stamps play in the window."""
        dock = self.player()
        dock.play(video_id, seconds)
        note = self.index.notes.get(self.shown.key) if self.index and self.shown and self.shown.kind == "note" else None
        title = note.title if note is not None and note.video_id == video_id else f"video {video_id}"
        dock.set_caption(f"▶ {format_seconds(seconds)} · {title}")
        self.statusBar().showMessage(f"Playing from {format_seconds(seconds)}", 4000)

    def _player_toggled(self, on: bool) -> None:
        if on:
            self.player().show()
        elif self.player_dock is not None:
            self.player_dock.stop()
            self.player_dock.hide()

    def _player_visibility(self, visible: bool) -> None:
        self.player_action.blockSignals(True)
        self.player_action.setChecked(visible)
        self.player_action.blockSignals(False)

    def show_shortcuts(self) -> None:
        from desktop.ui.help_dialogs import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.show()

    def show_about(self) -> None:
        from desktop.ui.help_dialogs import show_about

        show_about(self)

    def panes(self) -> list[QWidget]:
        """The panes F6 moves between, in reading order."""
        panes = [self.tree_panel.filter_edit, self.tree_panel.tabs.currentWidget(), self.view, self.stamp_panel,
                 self.backlinks_panel]
        if self.search_dock.isVisible():
            panes.insert(0, self.search_panel.query_edit)
        if self.player_dock is not None and self.player_dock.isVisible():
            panes.append(self.player_dock.stack.currentWidget())
        return panes

    def focus_pane(self, step: int) -> None:
        panes = self.panes()
        focused = QApplication.focusWidget()
        at = next((i for i, pane in enumerate(panes)
                   if focused is not None and (focused is pane or pane.isAncestorOf(focused))), -1)
        panes[(at + step) % len(panes)].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.router.history.can_go_back())
        self.forward_action.setEnabled(self.router.history.can_go_forward())

    # window -----------------------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        if (geometry := self.settings.geometry()) is not None:
            self.restoreGeometry(geometry)
        if (state := self.settings.window_state()) is not None:
            self.restoreState(state)
        if (sizes := self.settings.splitter("main")) is not None:
            self.main_splitter.restoreState(sizes)
        if (sizes := self.settings.splitter("side")) is not None:
            self.side_splitter.restoreState(sizes)

    def save_layout(self) -> None:
        self.settings.save_layout(self.saveGeometry(), self.saveState(),
                                  {"main": self.main_splitter.saveState(), "side": self.side_splitter.saveState()})
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.remember_layout:
            self.save_layout()
        self.loader.stop()  # a closed window no longer watches its vault
        super().closeEvent(event)

    def current_url(self) -> QUrl:
        return QUrl(self.shown.url) if self.shown else QUrl()
