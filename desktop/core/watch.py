"""Noticing that a vault's files changed: the platform's change notification, a slow poll where there is none.

Why `watchfiles` rather than `QFileSystemWatcher`: one recursive watch of the vault (inotify, FSEvents or
ReadDirectoryChangesW through the Rust `notify` crate), bursts coalesced before we hear of them, a polling
backend behind the same call, and no Qt, so the core can be tested alone. `QFileSystemWatcher` needs a
watch per folder, added and removed by hand as folders come and go, and reports each file separately.

An idle vault costs nothing but a wake-up every `STEP_MS` to check whether the watcher was stopped. Where
native watching cannot start (inotify's watch limit, a filesystem without notification), the watcher says so
in the log and polls every `POLL_FALLBACK_MS` instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250  # a burst of changes (a sync, a git checkout) within this arrives as one
STEP_MS = 100  # how often the watching thread wakes to see whether it was stopped
POLL_FALLBACK_MS = 5000  # the stat poll's period where native notification is unavailable
_ROUND_S = 1.0  # the native loop returns this often so a stopped watcher ends promptly


def visible_change(root: Path) -> Callable[[object, str], bool]:
    """A watch filter: changes under hidden entries (`.git`, `.obsidian`, `.trash`) are not the vault's.

    The same rule as `scan_vault`, so a change the index would not see does not start a reload.
    """
    prefix = str(root).rstrip("/") + "/"

    def accept(_change: object, path: str) -> bool:
        relative = path[len(prefix):] if path.startswith(prefix) else path
        return not any(part.startswith(".") for part in relative.split("/") if part)

    return accept


class VaultWatcher:
    """Calls `on_change(paths)` on its own thread after files under `root` change; bursts arrive as one call.

    `mode` says how it watches: "native", "poll" (native notification unavailable, or `force_polling`),
    or None once stopped or when even polling failed (the vault folder went away: `on_error` hears why).
    """

    def __init__(self, root: Path, on_change: Callable[[set[str]], None], *,
                 on_error: Callable[[str], None] | None = None, force_polling: bool = False,
                 debounce_ms: int = DEBOUNCE_MS, poll_ms: int = POLL_FALLBACK_MS) -> None:
        self.root = Path(root)
        self.on_change, self.on_error = on_change, on_error
        self.force_polling = force_polling
        self.debounce_ms, self.poll_ms = debounce_ms, poll_ms
        self.mode: str | None = None
        self._stop = threading.Event()
        self._started = threading.Event()  # set once the watch is in place (changes after it are seen)
        self._thread: threading.Thread | None = None

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

    def _run(self) -> None:
        try:
            if not self.force_polling:
                try:
                    self._watch(polling=False)
                    return
                except Exception as error:  # noqa: BLE001 (any failure of the native backend means: poll)
                    if self._stop.is_set() or not self.root.is_dir():
                        raise
                    log.warning("native change notification unavailable for %s (%s: %s): polling every %.0f s",
                                self.root, type(error).__name__, error, self.poll_ms / 1000)
            self._watch(polling=True)
        except Exception as error:  # noqa: BLE001 (reported, never raised on a thread nobody joins)
            self.mode = None
            if self._stop.is_set():
                return  # stopped while starting: nothing to report
            log.exception("watching %s stopped", self.root)
            if self.on_error is not None:
                self.on_error(f"{type(error).__name__}: {error}")
        finally:
            self._started.set()  # nobody waits forever on a watcher that could not start

    def _watch(self, polling: bool) -> None:
        from watchfiles import watch

        if not self.root.is_dir():  # unreadable subfolders are skipped quietly, a missing vault is not
            raise FileNotFoundError(f"vault folder not found: {self.root}")
        self.mode = "poll" if polling else "native"
        changes = watch(self.root, watch_filter=visible_change(self.root), debounce=self.debounce_ms,
                        step=STEP_MS, stop_event=self._stop, rust_timeout=int(_ROUND_S * 1000),
                        yield_on_timeout=True, raise_interrupt=False, force_polling=polling,
                        poll_delay_ms=self.poll_ms, ignore_permission_denied=True)
        for batch in changes:
            self._started.set()  # the first (empty) round means the watch is in place
            if self._stop.is_set():
                return
            if batch:
                self.on_change({path for _change, path in batch})
