"""Start-up milestones: one INFO log line each (`first page shown after N ms`), counted from the process's start.

So a user can report a slow start from the log (`--verbose`), and the benchmark can read the same figures.
"Process start" is the kernel's record of it (`/proc/self/stat` starttime, 10 ms ticks): it includes the
interpreter's own start and every import before our first line runs. Where there is no /proc, it is the
moment this module was first imported (the first thing `python -m desktop` does).
"""

from __future__ import annotations

import logging
import os
import time

_IMPORTED_AT = time.monotonic()

log = logging.getLogger(__name__)


def process_start() -> float:
    """The process's start on the `time.monotonic()` clock."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        started_s = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime, ticks after boot
        age_s = time.clock_gettime(time.CLOCK_BOOTTIME) - started_s
    except (OSError, ValueError, IndexError, AttributeError):
        return _IMPORTED_AT
    if not 0 <= age_s < 366 * 86400:  # a clock that does not match the kernel's record (a time namespace)
        return _IMPORTED_AT
    return time.monotonic() - age_s


class StartupMilestones:
    """Logs each named milestone once, with the milliseconds since the process started."""

    def __init__(self, start: float | None = None) -> None:
        self.start = process_start() if start is None else start
        self.reached: dict[str, int] = {}  # milestone -> ms after the start

    def reach(self, name: str) -> None:
        if name in self.reached:
            return
        ms = round((time.monotonic() - self.start) * 1000)
        self.reached[name] = ms
        log.info("%s after %d ms", name, ms)
