"""The cache's faults reach the window's status bar (QA: a locked cache was said only on stderr)."""

from __future__ import annotations

import logging

import pytest

from desktop.ui.log_notices import CACHE_FAULT, CACHE_LOGGER
from ui_helpers import open_window


@pytest.fixture
def window(qtbot, tmp_path, vault_root):
    return open_window(qtbot, tmp_path, vault_root)


def test_a_fault_of_the_cache_logged_on_a_worker_is_shown_in_the_status_bar(qtbot, window):
    import threading

    def say() -> None:
        logging.getLogger(CACHE_LOGGER).warning(CACHE_FAULT, "/somewhere/x.sqlite3",
                                                "is locked by another process: keeping this index in memory",
                                                "database is locked")

    worker = threading.Thread(target=say)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "locked by another process" in window.statusBar().currentMessage())
    shown = window.statusBar().currentMessage()
    assert shown.startswith("⚠ The index cache is locked") and "/somewhere" not in shown


def test_a_closed_window_hears_no_more(qtbot, window):
    window.close()
    assert not [handler for handler in logging.getLogger(CACHE_LOGGER).handlers
                if getattr(handler, "notices", None) is window.log_notices]
