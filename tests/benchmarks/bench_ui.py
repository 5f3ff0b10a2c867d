"""UI timings (not collected by pytest): launch to first note rendered, and link click to next note shown.

    .venv/bin/python tests/benchmarks/bench_ui.py [VAULT] [--renderer web|text] [--runs N]

In-process: from QApplication creation to the first note's loadFinished, then the median time from a link
click (the view's link_clicked signal) to the next note's loadFinished. Whole-process: wall time of
`python -m desktop VAULT --screenshot PNG` (includes interpreter start, imports, Chromium start, painting).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def in_process(vault: Path, renderer: str, clicks: int) -> tuple[float, float, list[float]]:
    """(seconds to QApplication, seconds from QApplication to first note loaded, click-to-shown times)."""
    t0 = time.perf_counter()
    from desktop.ui.app import prepare_qt

    prepare_qt(renderer)
    from PySide6.QtCore import QEventLoop, QTimer, QUrl
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    t_app = time.perf_counter()
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import AppSettings
    
    settings = AppSettings(Path(tempfile.mkdtemp()) / "settings.ini")
    window = MainWindow(renderer=renderer, settings=settings, remember_layout=False)
    window.show()

    def wait_shown(start) -> float:
        """Run `start` and wait for the page it opens; the text view may show it before `start` returns."""
        loop = QEventLoop()
        shown: list[float] = []

        def done(_location) -> None:
            shown.append(time.perf_counter())
            loop.quit()

        window.page_shown.connect(done)
        QTimer.singleShot(30000, loop.quit)
        begin = time.perf_counter()
        start()
        if not shown:
            loop.exec()
        window.page_shown.disconnect(done)
        return (shown[0] if shown else time.perf_counter()) - begin

    wait_shown(lambda: window.open_vault(vault))
    first = time.perf_counter() - t_app
    index = window.index
    times: list[float] = []
    from desktop.ui.navigation import Location

    def linked_note(path: str) -> str | None:
        return next((link.resolved for link in index.notes[path].links
                     if link.resolved in index.notes and link.resolved != path), None)

    if not any(linked_note(p) for p in index.notes):  # e.g. the one-note seed: time topic links instead
        for i in range(clicks):
            link = [l for l in index.notes[window.shown.key].links if l.resolved is None and l.target][i % 5] \
                if window.shown.kind == "note" else None
            if link is None:
                wait_shown(window.router.back)
                continue
            url = Location("topic", index.topic_key(link.target)).url
            times.append(wait_shown(lambda: window.view.link_clicked.emit(QUrl(url))))
        window.close()
        return t_app - t0, first, times

    starts = [p for p in index.notes if linked_note(p)]
    times: list[float] = []
    for i in range(clicks if starts else 0):
        here = window.shown.key if window.shown and window.shown.kind == "note" else None
        if here is None or linked_note(here) is None:
            here = starts[i % len(starts)]
            wait_shown(lambda: window.router.go(Location("note", here)))
        target = linked_note(here)
        times.append(wait_shown(lambda: window.view.link_clicked.emit(QUrl(Location("note", target).url))))
    window.close()
    return t_app - t0, first, times


def whole_process(vault: Path, renderer: str) -> float:
    out = Path(tempfile.mkdtemp()) / "shot.png"
    env = dict(os.environ, XDG_CONFIG_HOME=tempfile.mkdtemp(), XDG_CACHE_HOME=tempfile.mkdtemp())
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-m", "desktop", str(vault), "--screenshot", str(out), "--renderer", renderer],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("vault", nargs="?", default=str(ROOT / "seeds"))
    parser.add_argument("--renderer", choices=("web", "text"), default="web")
    parser.add_argument("--clicks", type=int, default=10)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    vault = Path(args.vault).resolve()
    if args.child:
        to_app, first, clicks = in_process(vault, args.renderer, args.clicks)
        median = statistics.median(clicks) * 1000 if clicks else float("nan")
        print(f"imports to QApplication {to_app * 1000:.0f} ms; QApplication to first note loaded "
              f"{first * 1000:.0f} ms; link click to next note shown: median {median:.0f} ms over {len(clicks)}")
        return
    print(f"vault {vault}, renderer {args.renderer}")
    # Each in-process measurement in a fresh interpreter: Chromium starts once per process.
    subprocess.run([sys.executable, __file__, str(vault), "--renderer", args.renderer, "--clicks", str(args.clicks),
                    "--child"], check=True, env=dict(os.environ, XDG_CONFIG_HOME=tempfile.mkdtemp(),
                                                     XDG_CACHE_HOME=tempfile.mkdtemp()))
    walls = [whole_process(vault, args.renderer) for _ in range(3)]
    print(f"whole process --screenshot: median {statistics.median(walls) * 1000:.0f} ms "
          f"(runs: {', '.join(f'{w * 1000:.0f}' for w in walls)})")


if __name__ == "__main__":
    main()
