"""Noticing that a vault's files changed: the platform's change notification, a slow poll where there is none.

Why `watchfiles` rather than `QFileSystemWatcher`: one recursive watch of the vault (inotify, FSEvents or
ReadDirectoryChangesW through the Rust `notify` crate), bursts coalesced before we hear of them, and no Qt,
so the core can be tested alone. `QFileSystemWatcher` needs a watch per folder, added and removed by hand as
folders come and go, and reports each file separately.

An idle vault costs nothing but a wake-up every `STEP_MS` to check whether the watcher was stopped, and a
look at the vault folder itself once a round. What the vault may hold does not stop the watching:

- `watchfiles` gives up on any event naming a path that is not UTF-8 (a folder `dir\\xfe`, opened by its own
  recursive walk at start): the watcher then watches the vault's folders one by one, natively, without that
  walk (`mode` "folders"), and hears of a change to such a name as a change of the vault.
- Where native watching cannot start (inotify's watch limit, a filesystem without notification), it polls
  every `POLL_FALLBACK_MS`: a scan of the vault as the index makes it (`scan_vault`), so a symlink loop or an
  odd name is skipped as the index skips it (the Rust poller stopped at a loop: "File system loop found").
- The vault folder going away (moved, unmounted) is reported (`mode` "missing"); the watcher waits for it and
  reports a change when it is back.

Each change of `mode` is reported (`on_mode`), with why: a reader is told when live updates are slow or off.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from desktop.core.vault import is_text_name

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250  # a burst of changes (a sync, a git checkout) within this arrives as one
STEP_MS = 100  # how often the watching thread wakes to see whether it was stopped
POLL_FALLBACK_MS = 5000  # the stat poll's period where native notification is unavailable
POLL_CPU_SHARE = 0.01  # of a core, at most, for the poll of a big vault (`poll_wait`)
POLL_LONGEST_S = 30.0  # but a change is seen within this, however slow a scan
MISSING_CHECK_MS = 1000  # how often a vault folder that went away is looked for
_ROUND_S = 1.0  # the native loop returns this often so a stopped watcher ends promptly
_FOLDER_RETRIES = 3  # folder-by-folder watches failing at once in a row: polling instead
NATIVE, FOLDERS, POLL, MISSING = "native", "folders", "poll", "missing"


def visible_change(root: Path) -> Callable[[object, str], bool]:
    """A watch filter: changes under hidden entries (`.git`, `.obsidian`, `.trash`) are not the vault's.

    The same rule as `scan_vault`, so a change the index would not see does not start a reload.
    """
    prefix = str(root).rstrip("/") + "/"

    def accept(_change: object, path: str) -> bool:
        relative = path[len(prefix):] if path.startswith(prefix) else path
        return not any(part.startswith(".") for part in relative.split("/") if part)

    return accept


def _odd_name(error: BaseException) -> bool:
    """Whether `watchfiles` stopped on a path that is not UTF-8 ("Unable to decode path ... to string")."""
    return "decode path" in str(error)


def _folder_unreadable(error: BaseException) -> bool:
    """Whether the watch stopped on a folder it may not read (`PermissionError`). Asked to ignore those,
    `watchfiles` 1.3's recursive watch reported nothing at all, for the whole vault: so they are raised, and
    the vault is then watched folder by folder, the unreadable ones left out (`vault_folders`)."""
    return isinstance(error, PermissionError)


def poll_wait(poll_ms: int, scan_seconds: float) -> float:
    """Seconds to wait before the poll's next scan: `poll_ms`, or longer where one scan takes long enough
    that polling every `poll_ms` would keep a core busy (a scan of the public vault, 21k files, took 0.14-0.23 s:
    4% of a core every 5 s), so that a poll never takes more than POLL_CPU_SHARE of a core."""
    return min(max(poll_ms / 1000, scan_seconds / POLL_CPU_SHARE), POLL_LONGEST_S)


def vault_folders(root: Path) -> list[Path]:
    """The vault's folders that can be watched one by one: `root` and every visible folder below it whose
    name is UTF-8 and that can be read (as `scan_vault` walks them; links not followed, so a loop is no
    trouble). A folder that cannot be read is left out, as the scan leaves it out (with a warning)."""
    found = []
    for top, dirs, _files in os.walk(root):  # yields only the folders it could list
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and is_text_name(d))
        found.append(Path(top))
    return found or [root]


class VaultWatcher:
    """Calls `on_change(paths)` on its own thread after files under `root` change; bursts arrive as one call.

    `mode` says how it watches: "native" (one recursive watch), "folders" (a native watch per folder, where
    the vault holds names that are not UTF-8), "poll" (native notification unavailable, or `force_polling`),
    "missing" (the vault folder went away: it is looked for until it is back), or None once stopped or when
    watching failed (`on_error` hears why). `on_mode(mode, why)` hears each change of mode.
    """

    def __init__(self, root: Path, on_change: Callable[[set[str]], None], *,
                 on_error: Callable[[str], None] | None = None,
                 on_mode: Callable[[str | None, str], None] | None = None, force_polling: bool = False,
                 debounce_ms: int = DEBOUNCE_MS, poll_ms: int = POLL_FALLBACK_MS) -> None:
        self.root = Path(root)
        self.on_change, self.on_error, self.on_mode = on_change, on_error, on_mode
        self.force_polling = force_polling
        self.debounce_ms, self.poll_ms = debounce_ms, poll_ms
        self.mode: str | None = None
        self._stop = threading.Event()
        self._started = threading.Event()  # set once the watch is in place (changes after it are seen)
        self._thread: threading.Thread | None = None
        self._root_key: tuple[int, int] | None = None  # the vault folder watched (device, inode)
        self._started_round = False  # whether the watch running now completed a round (its start did not fail)
        self._poll_why = "polling asked for"  # why it polls, for `on_mode`
        self._folders_why = "names that are not UTF-8"  # why it watches folder by folder, for `on_mode`
        self._held: set[str] = set()  # changes to report once the watch being set up is in place (`_watch`)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"watch {self.root.name}", daemon=True)
        self._thread.start()

    def wait_started(self, timeout: float | None = None) -> bool:
        """Block until the watch is in place: a change made after this returns is reported."""
        return self._started.wait(timeout)

    @property
    def running(self) -> bool:
        """Whether the watching thread is still alive (False once `stop` returned)."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """Stop watching; returns once the thread has ended (within about `STEP_MS`)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self.mode = None

    # ------------------------------------------------------------------ the watching thread

    def _set_mode(self, mode: str | None, why: str = "") -> None:
        if mode != self.mode:
            self.mode = mode
            if self.on_mode is not None and not self._stop.is_set():
                self.on_mode(mode, why)

    def _run(self) -> None:
        try:
            self._loop()
        except Exception as error:  # noqa: BLE001 (reported, never raised on a thread nobody joins)
            if self._stop.is_set():
                self.mode = None
                return  # stopped while starting: nothing to report
            log.exception("watching %s stopped", self.root)
            why = f"{type(error).__name__}: {error}"
            self._set_mode(None, why)
            if self.on_error is not None:
                self.on_error(why)
        finally:
            self._started.set()  # nobody waits forever on a watcher that could not start

    def _loop(self) -> None:
        how = POLL if self.force_polling else NATIVE
        failed_at_once = 0
        while not self._stop.is_set():
            replaced = self._root_key is not None and os.path.isdir(self.root) and not self._root_here()
            if replaced:  # another folder in its place between two looks: read it again, once watched
                log.warning("the vault folder %s was replaced: reading it again", self.root)
                self._held.add(str(self.root))
            if not self._root_here(remember=True):
                if not self._wait_for_root():
                    return
                self._held.add(str(self.root))  # back (or another folder in its place): read it again, once
                continue  # watched (changes made meanwhile are then read too)
            if how == POLL:
                self._poll()
                continue
            try:
                self._watch(recursive=how == NATIVE)
                failed_at_once = 0
            except Exception as error:  # noqa: BLE001 (any failure of the native backend: another way)
                if self._stop.is_set() or not self._root_here():
                    continue  # stopped, or the vault went away meanwhile: looked for at the top
                if _odd_name(error) or _folder_unreadable(error):
                    if self._started_round:  # a change named such a path: the vault changed (its warnings),
                        failed_at_once = 0  # reported once watched again
                        self._held.add(str(self.root))
                    else:
                        failed_at_once += 1
                    if how == NATIVE:  # the recursive watch's own walk opened such a folder
                        self._folders_why = ("names that are not UTF-8" if _odd_name(error)
                                             else "a folder that cannot be read")
                        log.warning("the vault %s holds %s (%s): watching its folders one by one", self.root,
                                    self._folders_why, error)
                        how, failed_at_once = FOLDERS, 0
                    if failed_at_once < _FOLDER_RETRIES:
                        continue
                log.warning("native change notification unavailable for %s (%s: %s): polling every %.0f s (less "
                            "often where a scan of the vault takes long)",
                            self.root, type(error).__name__, error, self.poll_ms / 1000)
                self._poll_why = f"{type(error).__name__}: {error}"
                how = POLL

    def _root_here(self, remember: bool = False) -> bool:
        """Whether the vault folder is where it was when watching started (`remember`: note it as it is now)."""
        try:
            st = os.stat(self.root)
        except OSError:
            return False
        if not os.path.isdir(self.root):
            return False
        key = (st.st_dev, st.st_ino)
        if remember or self._root_key is None:
            self._root_key = key
        return key == self._root_key

    def _wait_for_root(self) -> bool:
        """Report the vault folder missing and wait for it; False when stopped meanwhile."""
        why = f"vault folder not found: {self.root}"
        log.warning("%s: looking for it every %g s", why,
                    min(self.poll_ms, MISSING_CHECK_MS) / 1000)
        self._set_mode(MISSING, why)
        self._started.set()
        while not self._stop.wait(min(self.poll_ms, MISSING_CHECK_MS) / 1000):
            if self._root_here(remember=True):
                log.warning("the vault folder %s is back: reading it again", self.root)
                return True
        return False

    def _watch(self, recursive: bool) -> None:
        """Watch natively until stopped, or the vault folder is gone or replaced, or (folder by folder) a folder
        was added or removed; a failure of the backend is raised."""
        from watchfiles import watch

        folders = [self.root] if recursive else vault_folders(self.root)
        self._started_round = False
        changes = watch(*folders, watch_filter=visible_change(self.root), debounce=self.debounce_ms,
                        step=STEP_MS, stop_event=self._stop, rust_timeout=int(_ROUND_S * 1000),
                        yield_on_timeout=True, raise_interrupt=False, force_polling=False, recursive=recursive,
                        ignore_permission_denied=False)
        self._set_mode(NATIVE if recursive else FOLDERS, "" if recursive else self._folders_why)
        known = set(folders)
        for batch in changes:
            self._started_round = True
            self._started.set()  # the first (empty) round means the watch is in place
            if self._stop.is_set():
                return
            paths = {path for _change, path in batch}
            if not recursive and any(Path(path) in known or os.path.isdir(path) for path in paths):
                # a folder came or went: watched again with the folders as they are, and the change reported
                # once that watch is in place (a file written in a new folder meanwhile is then read too)
                self._held |= paths
                return
            if paths or self._held:
                paths |= self._held
                self._held = set()
                self.on_change(paths)
            if not self._root_here():
                return

    def _poll(self) -> None:
        """Compare the vault's files, as `scan_vault` lists them, every `poll_ms` until stopped or the vault
        folder is gone; report the paths that differ."""
        self._set_mode(POLL, self._poll_why if not self.force_polling else "polling asked for")
        last = self._files()
        self._started.set()
        if last is None:
            return  # gone: looked for by the caller
        if self._held:
            held, self._held = self._held, set()
            self.on_change(held)
        wait = self.poll_ms / 1000
        while not self._stop.wait(wait):
            started = time.monotonic()
            now = self._files() if self._root_here() else None
            if now is None:
                return
            wait = poll_wait(self.poll_ms, time.monotonic() - started)
            changed = {path for path in last.keys() | now.keys() if last.get(path) != now.get(path)}
            if changed:
                self.on_change(changed)
            last = now

    def _files(self) -> dict[str, tuple] | None:
        """Each visible file of the vault (and each skipped with a warning) and its state; None if it is gone."""
        from desktop.core.vault import scan_vault  # noqa: PLC0415 (the scan only when polling)

        try:
            files, warnings = scan_vault(self.root)
        except (FileNotFoundError, NotADirectoryError):
            return None
        found: dict[str, tuple] = {str(self.root / f.path): (f.size, f.mtime_ns) for f in files}
        found.update((str(self.root / w.path), (w.message,)) for w in warnings)
        return found
