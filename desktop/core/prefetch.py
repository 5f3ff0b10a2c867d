"""Reading a vault's names in a helper process while the window starts up.

The names stage of a vault the cache does not know yet reads the head of every note: ~20 µs a note, all
Python, so a thread would only take turns with the GUI thread for the one interpreter lock. A helper process
started before Qt loads reads them on another core while the window is being built, and hands the result
over as one blob (`loader.names_value`) through a pipe. It never writes anything: the store stays the
window's. When the cache already has a current snapshot the helper says nothing and exits at once.

    python -m desktop.core.prefetch VAULT   # the blob on stdout, or nothing
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from pathlib import Path

log = logging.getLogger(__name__)

WAIT_S = 60.0  # a helper slower than this is stuck (a hung network folder): the names are read in-process


class Prefetch:
    """A helper process reading the names of `root`; `result()` waits for its blob, `cancel()` stops it."""

    def __init__(self, root: Path, process: subprocess.Popen) -> None:
        self.root = root
        self._process = process
        self._lock = threading.Lock()
        self._taken = False  # result() was called: only its thread may read the pipe
        self._done = False

    def result(self, timeout: float = WAIT_S) -> bytes | None:
        """The names blob, or None (nothing to add, failed, stuck or cancelled). Only the first call gets it."""
        with self._lock:
            if self._taken or self._done:
                return None
            self._taken = True
        process = self._process
        try:
            out, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.warning("names helper for %s took over %.0f s: reading the names here", self.root, timeout)
            process.kill()
            process.communicate()
            return None
        finally:
            self._done = True
        if process.returncode != 0:
            log.info("names helper for %s ended without names (exit %s)", self.root, process.returncode)
            return None
        return out or None

    def cancel(self) -> None:
        """Not needed after all (another vault was opened, or the app quits); a waiting `result()` gets None."""
        with self._lock:
            if self._done:
                return
            reaping = not self._taken  # else the thread in result() reads the pipe and reaps the process
            self._taken = True
        if self._process.poll() is None:
            self._process.kill()
        if reaping:
            self._process.communicate()
            self._done = True


def start_prefetch(root: Path) -> Prefetch | None:
    """Start reading the names of `root` in a helper process; None where no helper can run."""
    if getattr(sys, "frozen", False) or not sys.executable:
        return None  # a bundled app has no interpreter to run `-m` with
    root = Path(root).resolve()
    try:
        process = subprocess.Popen([sys.executable, "-m", "desktop.core.prefetch", str(root)],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError as error:
        log.info("no names helper (%s)", error)
        return None
    return Prefetch(root, process)


def main(argv: list[str]) -> int:
    """Print the names blob of the vault `argv[0]` unless the cache has a current snapshot of it."""
    from desktop.core.loader import SNAPSHOT_FORMAT, names_from_heads, names_value
    from desktop.core.store import database_path, has_current_snapshot
    from desktop.paths import cache_dir

    root = Path(argv[0]).resolve()
    if not root.is_dir() or has_current_snapshot(database_path(cache_dir(), root), root, SNAPSHOT_FORMAT):
        return 0
    sys.stdout.buffer.write(names_value(names_from_heads(root)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
