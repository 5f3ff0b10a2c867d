"""With --verbose the log gets one INFO line per start-up milestone, in the order a start reaches them."""

from __future__ import annotations

import logging
import re
import sys

import pytest

from desktop.logging_setup import LOG_FILE, setup_logging
from desktop.paths import log_dir
from desktop.startup_clock import StartupMilestones
from desktop.ui.app import log_startup, show_window
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings

MILESTONES = ["window shown", "names ready", "first page shown", "index complete"]
LINE = re.compile(r"INFO +desktop\.startup_clock: (window shown|names ready|first page shown|index complete) "
                  r"after (\d+) ms$")


@pytest.fixture
def verbose_log(monkeypatch):
    """`--verbose` logging for one test; the root logger, sys.excepthook and Qt's message handler (pytest-qt's)
    are left as they were."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr("desktop.logging_setup.route_qt_messages", lambda: None)
    yield setup_logging(verbose=True)
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_a_verbose_start_logs_each_milestone_once(qtbot, tmp_path, fresh_vault, verbose_log):
    log_file = verbose_log
    assert log_file == log_dir() / LOG_FILE
    milestones = StartupMilestones()
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"), remember_layout=False,
                     watch=False)
    qtbot.addWidget(win)
    log_startup(win, milestones)
    show_window(win, milestones)
    with qtbot.waitSignal(win.vault_loaded, timeout=30000, check_params_cb=lambda index: index.complete):
        win.open_vault(fresh_vault)
    qtbot.waitUntil(lambda: "first page shown" in milestones.reached, timeout=30000)
    with qtbot.waitSignal(win.vault_loaded, timeout=30000):
        win.loader.reload()  # a later load is no milestone
    found = [LINE.search(line) for line in log_file.read_text(encoding="utf-8").splitlines()]
    found = [(m.group(1), int(m.group(2))) for m in found if m]
    assert sorted(name for name, _ in found) == sorted(MILESTONES)  # each one, once
    assert [name for name, _ in found][0] == "window shown" and found[1][0] == "names ready"
    assert {name for name, _ in found[2:]} == {"first page shown", "index complete"}  # either may come first
    assert [ms for _, ms in found] == sorted(ms for _, ms in found)
    assert dict(found) == milestones.reached
