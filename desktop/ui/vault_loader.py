"""Loading a vault off the GUI thread, in two stages, and keeping it in step with the files.

Stage one (`open_names`) brings the tree and link resolution up in a fraction of a second; stage two
(`load_vault`, on worker processes) fills in links, stamps, topics and backlinks. A `VaultWatcher` (the
platform's change notification; a slow poll only where there is none) hears of files added, changed, removed
or renamed and runs stage two again, which re-reads only what changed: an idle window costs next to nothing.
Workers only call the core; they never touch a widget. Results reach the GUI thread through `desktop.ui.runner`,
change batches through a queued signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import NamedTuple
from pathlib import Path

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.loader import LoadCancelled, keep_names_snapshot, load_vault, open_names, refresh_index
from desktop.core.prefetch import Prefetch
from desktop.core.watch import MISSING, POLL, POLL_FALLBACK_MS, VaultWatcher
from desktop.ui.runner import background, error_text

log = logging.getLogger(__name__)

FULL_LOAD_DEADLINE_MS = 1500  # stage two starts when the first page is up, or after this at the latest


class _Progress(QObject):
    """Carries a load's progress from its worker, and the watcher's change batches from its thread, to the GUI
    thread (queued: the receiver lives there)."""

    progress = Signal(object, int, int)  # root, done, total
    changed = Signal(object, object)  # root, set of changed paths
    watch_failed = Signal(object, str)  # root, why the watcher stopped
    watch_mode = Signal(object, object, str)  # root, the watcher's mode (`VaultWatcher.mode`), why


class VaultLoader(QObject):
    """Starts loads and reports them; results of a load superseded by a newer vault are dropped."""

    progress = Signal(int, int)
    names_ready = Signal(object, object)  # root Path, names-only VaultIndex (index.complete is False)
    loaded = Signal(object, object)  # root Path, full VaultIndex (first load or after a change)
    failed = Signal(object, str)  # the vault could not be opened: nothing of it was shown
    status_changed = Signal()  # `notices()` changed: live updates slow or off, the vault folder gone, back

    def __init__(self, parent: QObject | None = None, *, staged: bool = True, watch: bool = True) -> None:
        super().__init__(parent)
        self.staged, self.watch = staged, watch
        self.force_polling = False  # watch by polling even where native notification works (tests, odd mounts)
        self.poll_ms = POLL_FALLBACK_MS
        self.timestamp_format: str | None = None
        self._signals = _Progress(self)
        self._signals.progress.connect(self._progress)
        self._signals.changed.connect(self._files_changed)
        self._signals.watch_failed.connect(self._watch_failed)
        self._signals.watch_mode.connect(self._watch_mode)
        self.watch_state: tuple[str | None, str] = (None, "")  # the watcher's mode and why, as last heard
        self.reload_error: str | None = None  # why the last reading of a shown vault's changes failed
        self._shown = False  # something of the vault at `_root` was handed out (names or a full index)
        self._root: Path | None = None
        self._loading = False
        self._reload_wanted = False
        self.watcher: VaultWatcher | None = None
        self._full_pending = False  # stage two waits for the first page, so the two don't share the cores
        self._full_deadline = QTimer(self, singleShot=True, interval=FULL_LOAD_DEADLINE_MS)
        self._full_deadline.timeout.connect(self.first_page_shown)
        self._cancel = threading.Event()  # set when the load running now is no longer wanted
        self._prefetch: Prefetch | None = None
        self._index = None  # the last full index of the vault: a change patches it (`refresh_index`)
        self._names_index = None  # the names stage shown until the first full index: lends it its names

    @property
    def busy(self) -> bool:
        return self._loading

    def load(self, root: Path, timestamp_format: str | None = None, prefetch: Prefetch | None = None) -> None:
        """Open `root`: names first (when staged), then the full index.

        `prefetch`: a helper process already reading the names of `root` (started before the window was).
        """
        self._root, self.timestamp_format = root, timestamp_format
        self._index = self._names_index = None
        self._shown = False
        self._set_status((None, ""), None)
        self._stop_watching()
        self._cancel_running()
        if self.watch:
            self._start_watching(root)  # before reading: a change made while the vault loads is not missed
        if prefetch is not None and (not self.staged or prefetch.root != Path(root).resolve()):
            prefetch.cancel()
            prefetch = None
        self._prefetch = prefetch
        if self.staged:
            self._loading = True
            self._full_pending = True

            def names():
                try:
                    return open_names(root, timestamp_format=timestamp_format,
                                      prefetched=prefetch.result if prefetch is not None else None)
                finally:
                    if prefetch is not None:
                        prefetch.cancel()  # unused when the cache had the names: the helper said nothing
                    # The first page needs the renderer (markdown, pygments, nh3): load it here, while the GUI
                    # thread is busy starting Chromium, rather than on the GUI thread afterwards.
                    import desktop.render.pages  # noqa: F401

            self._start(names, self._names)
        else:
            self._start_full()

    def stop(self) -> None:
        """Stop watching, stop the load still running (it ends at its next chunk) and drop its results."""
        self._stop_watching()
        self._full_deadline.stop()
        self._full_pending = False
        self._root = None
        self._index = self._names_index = None
        self._cancel_running()

    def _cancel_running(self) -> None:
        """The load under way is no longer wanted: tell it, and stop a names helper it may be waiting for."""
        self._cancel.set()
        self._cancel = threading.Event()
        if self._prefetch is not None:
            self._prefetch.cancel()
            self._prefetch = None

    def first_page_shown(self) -> None:
        """The window has its first page up: now read links, stamps and topics in the background."""
        self._full_deadline.stop()
        if self._full_pending:
            self._full_pending = False
            self._start_full()

    def reload(self) -> None:
        """Bring the index up to date with the files (only changed files are read again)."""
        if self._root is None:
            return
        if self._loading:
            self._reload_wanted = True
            return
        self._start_full()

    # watching -------------------------------------------------------------------------------------------

    def _start_watching(self, root: Path) -> None:
        """Watch `root` on the watcher's own thread; its batches come back to the GUI thread as signals."""
        signals = self._signals

        def changed(paths: set[str]) -> None:  # on the watcher's thread
            signals.changed.emit(root, paths)

        def failed(message: str) -> None:  # on the watcher's thread
            signals.watch_failed.emit(root, message)

        def mode(mode: str | None, why: str) -> None:  # on the watcher's thread
            signals.watch_mode.emit(root, mode, why)

        self.watcher = VaultWatcher(root, changed, on_error=failed, on_mode=mode, force_polling=self.force_polling,
                                    poll_ms=self.poll_ms)
        self.watcher.start()

    def _stop_watching(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    def _files_changed(self, root: Path, paths: set[str]) -> None:
        """A batch of changes (GUI thread): read them into the index, now or after the load under way."""
        if root == self._root:
            log.debug("%d paths changed in %s: reloading", len(paths), root)
            self.reload()

    def _watch_failed(self, root: Path, message: str) -> None:
        if root == self._root:
            log.warning("no longer noticing changes to %s: %s", root, message)

    def _watch_mode(self, root: Path, mode: str | None, why: str) -> None:
        if root == self._root and self.watcher is not None:
            self._set_status((mode, why), self.reload_error)

    def _set_status(self, watch_state: tuple[str | None, str], reload_error: str | None) -> None:
        if (watch_state, reload_error) != (self.watch_state, self.reload_error):
            self.watch_state, self.reload_error = watch_state, reload_error
            self.status_changed.emit()

    def notices(self) -> list[Notice]:
        """Each way the vault on show is not kept up to date with its files: what the status bar and the Vault
        Warnings dialog say. Empty when all is well."""
        return live_notices(self.watch_state, self.reload_error, self.watch and self._root is not None,
                            self.poll_ms)

    # jobs -----------------------------------------------------------------------------------------------

    def _start(self, work: Callable[[], object], done: Callable[[Path, object], None]) -> None:
        """Run a load's `work` in the background; it reports to `done` unless the load was cancelled meanwhile."""
        root, cancel = self._root, self._cancel
        # a vault folder gone is said by the loader (`_failed`), not logged as a fault with its traceback
        expected = (LoadCancelled, FileNotFoundError, NotADirectoryError)
        (background(work, name=f"loading {root}", expected=expected, owner=self)
         .success(lambda result: None if cancel.is_set() else done(root, result))
         .failure(lambda error: None if cancel.is_set() else self._failed(root, error_text(error)))
         .start())

    def _start_full(self) -> None:
        root, setting, cancel = self._root, self.timestamp_format, self._cancel
        self._loading = True
        self._reload_wanted = False

        last = self._index if self._index is not None and self._index.root == Path(root).resolve() else None
        names, self._names_index = self._names_index, None
        progress = lambda d, t: self._signals.progress.emit(root, d, t)  # noqa: E731

        def work():
            if last is not None:  # a change: read what changed into a new index of the last one
                return refresh_index(last, progress=progress, cancelled=cancel.is_set, snapshot=False)
            # The local graph lays out its first page as soon as this index is in: import igraph now, seconds
            # before, rather than then, beside the panels, the catalog and the renders (it held the GUI ~100 ms).
            import igraph  # noqa: F401
            return load_vault(root, progress=progress, timestamp_format=setting, cancelled=cancel.is_set,
                              names=names)

        def patched(root: Path, index) -> None:
            self._finished(root, index)
            if self._index is index:  # shown: now keep its names for the next start (off the way of the change)
                background(lambda: keep_names_snapshot(index), name="names snapshot", owner=self).start()

        self._start(work, patched if last is not None else self._finished)

    # results (GUI thread) -------------------------------------------------------------------------------

    def _progress(self, root: Path, done: int, total: int) -> None:
        if root == self._root:
            self.progress.emit(done, total)

    def _names(self, root: Path, index) -> None:
        if root == self._root and self._loading:
            self._names_index = index
            self._shown = True
            self._full_deadline.start()
            self.names_ready.emit(root, index)

    def _finished(self, root: Path, index) -> None:
        if root != self._root:
            return
        self._loading = False
        self._index = index
        self._shown = True
        self._set_status(self.watch_state, None)
        self.loaded.emit(root, index)
        if self._reload_wanted:
            self.reload()

    def _failed(self, root: Path, message: str) -> None:
        if root != self._root:
            return
        if self._full_pending:  # the names stage failed: the full load says what is wrong, or succeeds
            self.first_page_shown()
            return
        if self._loading:
            self._loading = False
            if self._shown:  # a shown vault's changes could not be read (its folder went away...): keep it
                log.warning("the changes of %s could not be read (%s): showing what was read", root, message)
                self._set_status(self.watch_state, message)
                if self._reload_wanted:  # changes came meanwhile (the folder back already?): read them
                    self.reload()
                return
            self.failed.emit(root, message)


class Notice(NamedTuple):
    """One way the vault on show is not kept up to date: `subject` and `problem` for the Vault Warnings dialog's
    row, `short` for the status bar."""

    subject: str
    short: str
    problem: str


def live_notices(watch_state: tuple[str | None, str], reload_error: str | None, watching: bool,
                 poll_ms: int = POLL_FALLBACK_MS) -> list[Notice]:
    """The notices of a vault whose watcher is in `watch_state` (mode, why) and whose last reading of changes
    failed with `reload_error` (None: it did not)."""
    mode, why = watch_state
    notices = []
    if mode == MISSING:
        notices.append(Notice("Vault folder", "vault folder not found",
                              "not found (moved, renamed or unmounted?): showing what was read; it is read again "
                              "as soon as the folder is back"))
    elif reload_error is not None:
        notices.append(Notice("Vault folder", "changes not read",
                              f"its changes could not be read ({reload_error}): showing what was read"))
    if mode == POLL:
        notices.append(Notice("Live updates", "live updates slow",
                              f"slow: the system's change notification is unavailable ({why}), so the vault is "
                              f"checked every {poll_ms / 1000:g} s"))
    elif mode is None and why and watching:
        notices.append(Notice("Live updates", "live updates off",
                              f"off: watching the vault stopped ({why}); changes show when the vault is opened "
                              "again"))
    return notices
