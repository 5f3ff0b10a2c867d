"""How far a long command-line run is, for a person watching a terminal."""

from __future__ import annotations

import sys
import time


class TerminalProgress:
    """How far a long command is (`label done/total`), on one line of a terminal's standard error, redrawn at
    most every 0.2 s; nothing when standard error is not a terminal (a script reads only the result). A cold
    index of a big folder said nothing for minutes (QA opened `/`)."""

    def __init__(self, label: str) -> None:
        self.label, self.shown, self.last = label, sys.stderr.isatty(), 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.shown and (now - self.last >= 0.2 or done == total):
            self.last = now
            print(f"\r{self.label} {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    def end(self) -> None:
        """Leave the line (after the last count, or an error)."""
        if self.shown and self.last:
            print(file=sys.stderr)
            self.last = 0.0
