"""Warnings the core logs that a user of the window must see (the index cache locked by another process, a
full disk): shown in the status bar. They are logged on worker threads; a queued signal brings them to the
GUI thread."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

CACHE_LOGGER = "desktop.core.store"  # where the cache's faults are said (once each: `store._say_once`)
CACHE_FAULT = "index database %s %s (%s)"  # how the store says one


class _Forward(logging.Handler):
    def __init__(self, notices: LogNotices) -> None:
        super().__init__(logging.WARNING)
        self.notices = notices

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.msg == CACHE_FAULT and isinstance(record.args, tuple) and len(record.args) == 3:
            _path, says, error = record.args  # the status bar has no room for the database's path
            text = f"The index cache {says} ({error})"
        try:
            self.notices.notice.emit(text)
        except RuntimeError:  # the window is gone: nothing left to tell
            logging.getLogger(CACHE_LOGGER).removeHandler(self)


class LogNotices(QObject):
    """`notice(text)` for each warning of the cache logged while this object lives (`close` ends it)."""

    notice = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handler = _Forward(self)
        logging.getLogger(CACHE_LOGGER).addHandler(self._handler)

    def close(self) -> None:
        logging.getLogger(CACHE_LOGGER).removeHandler(self._handler)
