"""Video timings in the window (not collected by pytest): the Videos tab at 20k, and a video page on a click.

    .venv/bin/python tests/benchmarks/bench_video_window.py [--vault PATH] [--cache DIR] [--renderer web|text]

In one process, on the web view: the vault is opened (warm when `--cache` holds its index from an earlier run),
then
- catalog: from the full index in to the Videos tab filled (`videos_changed` handled), built on a worker;
- longest GUI stall: the longest wait of a 5 ms timer on the GUI thread over that time and the page shown
  again with its strip (the issue's goal: none over 100 ms);
- video page, first click: `router.go(video:ID)` of the most-cited video to its page on screen (rendered on a
  worker: its notes' stamps merged, timeline and outline drawn), and the longest stall meanwhile;
- video page, again: back to the note, then the video again (from the page cache).
Each page time is given to the page on screen (the view's loadFinished; beside it a cached note page's, the
view's own floor) and to the view being handed the page.
Default vault: the generated 20k (`/tmp/note-reader-bench-20k`, see make_vault.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BIG = Path(tempfile.gettempdir()) / "note-reader-bench-20k"


class StallMeter:
    """The longest gap between ticks of a 5 ms timer on the GUI thread since `reset`."""

    def __init__(self, timer_cls) -> None:
        self.timer = timer_cls()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", type=Path, default=BIG)
    parser.add_argument("--cache", type=Path, help="XDG cache folder kept between runs (a warm start)")
    parser.add_argument("--renderer", default="web", choices=("web", "text"))
    args = parser.parse_args()
    os.environ["XDG_CACHE_HOME"] = str(args.cache or tempfile.mkdtemp())
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()

    from desktop.ui.app import prepare_qt

    prepare_qt(args.renderer)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from desktop.render.navigation import Location
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import AppSettings

    window = MainWindow(renderer=args.renderer, settings=AppSettings(Path(tempfile.mkdtemp()) / "s.ini"),
                        remember_layout=False, watch=False)
    window.show()

    def wait_until(done, timeout: float = 600) -> None:
        deadline = time.perf_counter() + timeout
        while not done():
            if time.perf_counter() > deadline:
                raise SystemExit("timed out")
            loop = QEventLoop()
            QTimer.singleShot(2, loop.quit)
            loop.exec()

    marks: dict[str, float] = {}
    shown: list = []
    window.vault_loaded.connect(lambda index: marks.setdefault("full", time.perf_counter()) if index.complete
                                else None)
    window.session.videos_changed.connect(lambda _v: marks.setdefault("videos", time.perf_counter()))
    window.page_shown.connect(lambda loc: shown.append((time.perf_counter(), loc)))
    rendered: list[float] = []  # the page handed to the view (rendered, or from the cache)
    window.presenter.title_changed.connect(lambda _title: rendered.append(time.perf_counter()))
    meter = StallMeter(QTimer)
    start = time.perf_counter()
    window.open_vault(args.vault)
    wait_until(lambda: "full" in marks)
    meter.reset()
    window.tree_panel.videos_shown.connect(lambda: marks.setdefault("tab", time.perf_counter()))
    wait_until(lambda: "videos" in marks and "tab" in marks)
    wait_until(lambda: shown and shown[-1][0] > marks["videos"])
    stall_catalog = meter.longest
    videos = window.session.videos
    note_location = shown[-1][1]
    print(f"vault: {args.vault} ({len(window.index.notes)} notes, {len(videos)} videos)")
    print(f"full index in: {marks['full'] - start:.2f} s after opening")
    print(f"catalog built and Videos tab filled: {marks['videos'] - marks['full']:.2f} and "
          f"{marks['tab'] - marks['full']:.2f} s after the full index "
          f"(on a worker); longest GUI stall meanwhile, page shown again included: {stall_catalog * 1000:.0f} ms")

    import cProfile
    import pstats

    profile = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
    most = videos.most_cited()
    target = Location("video", most.id)
    for label in ("first click", "again (cached)"):
        meter.reset()
        count = len(shown)
        clicked = time.perf_counter()
        if profile is not None:
            profile.enable()
        window.router.go(target)
        wait_until(lambda: len(shown) > count and shown[-1][1] == target)
        if profile is not None:
            profile.disable()
        print(f"video page of {most.id} ({len(most.all_notes)} notes, {most.stamp_count} stamps), {label}: "
              f"{(shown[-1][0] - clicked) * 1000:.0f} ms to the page on screen ({(rendered[-1] - clicked) * 1000:.0f}"
              f" ms to the view given it); longest GUI stall {meter.longest * 1000:.0f} ms")
        count = len(shown)
        clicked = time.perf_counter()
        window.router.go(note_location)
        wait_until(lambda: len(shown) > count)
        print(f"  beside it, back to the note {note_location.key} (cached): "
              f"{(shown[-1][0] - clicked) * 1000:.0f} ms to the page on screen")
    if profile is not None:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    window.close()
    app.quit()


if __name__ == "__main__":
    main()
