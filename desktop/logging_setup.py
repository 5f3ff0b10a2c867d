"""Logging: warnings and errors always go to stderr; with --verbose everything also goes to a rotating
file in the user's log folder (desktop.paths.log_dir()), including Qt's own messages and uncaught errors."""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
from pathlib import Path

from desktop import __version__
from desktop.paths import APP_NAME, log_dir

LOG_FILE = f"{APP_NAME}.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_OURS = "_note_reader_handler"  # marks the handlers installed here, so a second call replaces them

log = logging.getLogger("desktop")


def _mark(handler: logging.Handler) -> logging.Handler:
    setattr(handler, _OURS, True)
    return handler


def setup_logging(verbose: bool) -> Path | None:
    """Configure the root logger; return the log file when `verbose`, else None."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    stderr = _mark(logging.StreamHandler(sys.stderr))
    stderr.setLevel(logging.WARNING)
    stderr.setFormatter(logging.Formatter(f"{APP_NAME}: %(levelname)s: %(message)s"))
    root.addHandler(stderr)
    if not verbose:
        root.setLevel(logging.WARNING)
        return None
    path = log_dir() / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8")
    except OSError as error:
        root.setLevel(logging.WARNING)
        log.warning("cannot write the log file %s: %s", path, error)
        return None
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root.addHandler(_mark(handler))
    root.setLevel(logging.DEBUG)
    # Python-Markdown logs a DEBUG line per extension of each renderer made: 165 of a session's 226 lines
    logging.getLogger("MARKDOWN").setLevel(logging.INFO)
    _log_uncaught_errors()
    route_qt_messages()
    log.info("note-reader %s, Python %s, %s; argv %s", __version__, platform.python_version(),
             platform.platform(), sys.argv)
    return path


def _log_uncaught_errors() -> None:
    previous = sys.excepthook
    if getattr(previous, _OURS, False):
        return

    def hook(kind, value, traceback):
        if not issubclass(kind, KeyboardInterrupt):
            logging.getLogger("desktop.uncaught").critical("uncaught error", exc_info=(kind, value, traceback))
        previous(kind, value, traceback)

    setattr(hook, _OURS, True)
    sys.excepthook = hook


def route_qt_messages() -> None:
    """Send qDebug/qWarning/... to the log: with --verbose, and always for the window (`ui.app.run_app`), so
    that its known notices stay off stderr (`qt_message_level`). The headless commands import no Qt for it."""
    try:
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    except ImportError:
        return
    qt_log = logging.getLogger("qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(kind, context, message):
        qt_log.log(qt_message_level(levels.get(kind, logging.WARNING), message), "%s", message)

    qInstallMessageHandler(handler)


# What Qt and its graphics stack say of the machine at every start where there is no Vulkan or a font lacks
# tables: nothing the user can or needs to act on. Kept in the log (`--verbose`), as info, off stderr.
_QT_NOTICES = ("Failed to load vulkan", "initInstance: No Vulkan library available",
               "Failed to create platform Vulkan instance", "Unable to detect GPU vendor",
               "OpenType support missing for")


def qt_message_level(level: int, message: str) -> int:
    """The level a Qt message is logged at: its own, but info for the known notices of `_QT_NOTICES`."""
    return logging.INFO if level == logging.WARNING and message.startswith(_QT_NOTICES) else level
