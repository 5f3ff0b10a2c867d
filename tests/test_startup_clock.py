"""The start-up clock: milestones counted from the process's real start, each logged once."""

from __future__ import annotations

import logging
import time

from desktop import startup_clock
from desktop.startup_clock import StartupMilestones, process_start

TICK_S = 0.02  # the kernel records a start in 10 ms ticks; reading the clocks twice may differ by one


def test_the_process_started_before_its_first_import_and_stays_put():
    start = process_start()
    assert start <= startup_clock._IMPORTED_AT + TICK_S  # the interpreter's own start is counted too
    assert abs(StartupMilestones().start - start) <= TICK_S  # the same moment, however often asked


def test_each_milestone_is_logged_once_with_its_milliseconds(caplog):
    milestones = StartupMilestones(start=time.monotonic() - 2.0)  # as if the process started 2 s ago
    with caplog.at_level(logging.INFO, logger="desktop.startup_clock"):
        milestones.reach("window shown")
        milestones.reach("window shown")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1
    words, ms = lines[0].rsplit(" after ", 1)
    assert words == "window shown" and ms.endswith(" ms")
    assert int(ms.removesuffix(" ms")) == milestones.reached["window shown"] >= 2000
