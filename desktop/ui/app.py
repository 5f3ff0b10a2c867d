"""Starting the reader: Qt setup in the right order, the window, the vault to open, and `--screenshot`."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
import tempfile
from pathlib import Path

from desktop.core.prefetch import start_prefetch
from desktop.core.vault import writes_into
from desktop.display_check import check_display, web_view_hint, web_view_missing
from desktop.logging_setup import route_qt_messages
from desktop.paths import keep_user_folders_out_of, resource, seeds_dir, shader_cache_off_on_a_full_disk
from desktop.startup_clock import StartupMilestones

SCREENSHOT_SETTLE_MS = 300  # after loadFinished Chromium still needs a frame or two to paint
log = logging.getLogger(__name__)
GIL_SWITCH_S = 0.001  # a thread running Python hands the interpreter lock on after this long (Python's: 5 ms)


def prepare_qt(renderer: str | None) -> None:
    """What must happen before QApplication exists: the `vault:` scheme, Chromium's flags, the lock's turns.

    Root cannot use Chromium's sandbox at all, so there it is turned off instead of failing to start.

    The GUI thread calls into Python dozens of times a frame (item models' `data`, paint events, slots), and
    each call waits for the interpreter lock while workers run Python (a render, a layout, the video
    catalog): up to the switch interval each time. At Python's 5 ms, when the full index of a 20k-note vault
    came in and four workers started at once, the GUI thread waited 105-196 ms in one go; at 1 ms, 60-103 ms
    (`tests/benchmarks/bench_scale.py`'s longest wait).
    """
    sys.setswitchinterval(GIL_SWITCH_S)
    if renderer == "text":
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    try:
        from PySide6 import QtWebEngineWidgets  # noqa: F401  (must be imported before QApplication)

        from desktop.ui.url_scheme import register_vault_scheme

        register_vault_scheme()
    except ImportError:
        if missing := web_view_missing():  # else PySide6 was installed without QtWebEngine
            print(f"note-reader: warning: {web_view_hint(missing)}", file=sys.stderr)
        # the window falls back to the text view


def initial_vault(vault: Path | None, settings) -> Path:
    """The vault to open: the one given, else the last one, else the bundled sample."""
    return vault or settings.last_vault() or seeds_dir()


def headless_screenshot_platform(screenshot: str | None) -> None:
    """A screenshot needs no screen: with no display at all, draw offscreen instead of failing to start."""
    if screenshot and not os.environ.get("QT_QPA_PLATFORM") and sys.platform.startswith("linux") \
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def log_startup(window, milestones: StartupMilestones) -> None:
    """Log the window's start-up milestones as they come: names ready, first page shown, index complete
    ("window shown" is `show_window`'s)."""
    window.loader.names_ready.connect(lambda *_args: milestones.reach("names ready"))
    window.page_shown.connect(lambda *_args: milestones.reach("first page shown"))
    window.vault_loaded.connect(lambda index: milestones.reach("index complete") if index.complete else None)


def show_window(window, milestones: StartupMilestones) -> None:
    window.show()
    milestones.reach("window shown")


def run_app(args, vault: Path | None, settings=None) -> int:
    """Show the window, open the vault, and run until quit; with --screenshot, save the window and exit.

    `settings`: the window's `AppSettings` when the caller has read them already (for the vault opened last):
    they are read once."""
    from desktop.ui.settings import AppSettings  # QtCore only: the heavy Qt modules load after the helper starts

    milestones = StartupMilestones()
    settings = settings if settings is not None else AppSettings()
    vault = initial_vault(vault, settings)
    if vault is not None and (moved := keep_user_folders_out_of(vault)):  # the sample, or another caller: before Qt
        from desktop.cli import say_folders_moved

        say_folders_moved(moved, vault)
    if args.screenshot and vault is not None and writes_into(vault, args.screenshot):
        print(f"note-reader: will not write the screenshot {args.screenshot} inside the vault {vault}: the reader "
              "never writes into a vault", file=sys.stderr)
        return 2
    headless_screenshot_platform(args.screenshot)
    if (problem := check_display()) is not None:  # Qt itself would abort the process instead
        print(f"note-reader: {problem.message}", file=sys.stderr)
        return 2
    prefetch = None if args.screenshot else start_prefetch(vault)  # reads names on another core meanwhile
    if (folder := shader_cache_off_on_a_full_disk()) is not None:
        log.warning("the disk of %s is full: the graphics driver's shader cache is off for this run (writing it "
                    "there would crash the window)", folder)
    prepare_qt(args.renderer)
    route_qt_messages()  # Qt's messages through the log: its known notices stay off stderr
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.ui.main_window import MainWindow
    from desktop.ui.theme import apply_theme, forced_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("note-reader")
    app.setApplicationDisplayName("Note Reader")
    app.setDesktopFileName("note-reader")
    icon = resource("note-reader.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    prefs = settings.preferences()
    dark = apply_theme(app, prefs.theme)

    window = MainWindow(renderer=args.renderer, dark=dark, settings=settings, prefs=prefs,
                        remember_layout=not args.screenshot, staged=not args.screenshot,
                        watch=not args.screenshot)
    if not forced_theme():
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda *_args: window.follow_system_theme())
    log_startup(window, milestones)
    show_window(window, milestones)
    status = {"code": 0}

    def fail(message: str) -> None:
        print(f"note-reader: {message}", file=sys.stderr)
        status["code"] = 2
        app.exit(2)

    window.note_not_found.connect(lambda name: fail(f"no note or topic named {name!r} in {window.root}"))
    window.vault_failed.connect(lambda message: fail(f"cannot open the vault: {message}"))
    graph = getattr(args, "graph", False)
    if args.screenshot:
        _arm_screenshot(window, Path(args.screenshot), app, fail, QTimer, graph=graph)

    window.open_vault(vault, note=args.note, prefetch=prefetch)
    if graph:
        window.open_graph()
    code = app.exec()
    window.close()
    return status["code"] or code


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _is_png(path: Path) -> bool:
    """Whether the file at `path` is a PNG picture (an earlier screenshot may be replaced, nothing else)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE
    except OSError:
        return False


def save_picture(picture, out: Path) -> None:
    """Save `picture` (a QPixmap) as the PNG `out`: written to a new file beside it, then put in its place, so a
    name that is a link (symbolic or hard) to another file never writes into that file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder", str(out))
    if os.path.lexists(out) and not _is_png(out):
        raise FileExistsError(errno.EEXIST, "a file that is no PNG picture is there: not replaced", str(out))
    handle, temp = tempfile.mkstemp(prefix=".note-reader-", suffix=".png", dir=out.parent)
    os.close(handle)
    try:
        if not picture.save(temp, "PNG"):
            raise OSError(errno.EIO, "the picture could not be written as PNG", str(out))
        os.chmod(temp, 0o644)
        os.replace(temp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _arm_screenshot(window, out: Path, app, fail, qtimer, graph: bool = False) -> None:
    """Save the whole window once the first page is painted, then quit; with `graph`, the graph's window once
    the vault's graph is on it."""

    def save() -> None:
        shown = window.graph_window if graph else window
        try:
            save_picture(shown.grab(), out)
        except OSError as error:
            fail(f"cannot write the screenshot to {out}: {error.strerror or error}")
            return
        print(f"note-reader: saved {out}", file=sys.stderr)
        app.exit(0)

    def shown(_location) -> None:
        window.page_shown.disconnect(shown)
        qtimer.singleShot(SCREENSHOT_SETTLE_MS, save)

    if graph:
        window.open_graph().graph_shown.connect(lambda: qtimer.singleShot(SCREENSHOT_SETTLE_MS, save))
    else:
        window.page_shown.connect(shown)
