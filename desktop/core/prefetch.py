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
from pathlib import Path

log = logging.getLogger(__name__)

WAIT_S = 60.0  # a helper slower than this is stuck (a hung network folder): the names are read in-process


class Prefetch:
    """A helper process reading the names of `root`; `result()` waits for its blob."""

    def __init__(self, root: Path, process: subprocess.Popen) -> None:
        self.root = root
        self._process: subprocess.Popen | None = process

    def result(self, timeout: float = WAIT_S) -> bytes | None:
        """The names blob, or None (nothing to add, failed, or stuck). Only the first call gets it."""
        process, self._process = self._process, None
        if process is None:
            return None
        try:
            out, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.warning("names helper for %s took over %.0f s: reading the names here", self.root, timeout)
            _stop(process)
            return None
        if process.returncode != 0:
            log.info("names helper for %s failed (exit %s)", self.root, process.returncode)
            return None
        return out or None

    def cancel(self) -> None:
        """Not needed after all (another vault was opened, or the app quits)."""
        process, self._process = self._process, None
        if process is not None:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    process.kill()
    process.communicate()


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
