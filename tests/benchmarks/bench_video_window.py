"""Video timings in the window (not collected by pytest): the Videos tab at 20k, and a video page on a click.

    .venv/bin/python tests/benchmarks/bench_video_window.py [--vault PATH] [--cache DIR] [--renderer web|text]

In one process, on the web view: the vault is opened (warm when `--cache` holds its index from an earlier run),
then
- catalog: from the full index in to the Videos tab filled (`videos_changed` handled), built on a worker;
- longest GUI stall: the longest wait of a 5 ms timer on the GUI thread over that time and the page shown
  again with its strip (the issue's goal: none over 100 ms);
- video page: from a note of the most-cited video, the click on its "▶ Video" (`video:ID?via=note`) to the
  page on screen, `--rounds` times in each of two modes, alternated: "now" (the note stayed on screen long
  enough for `VideoPrerender` to render its video page; the side panels are filled while the view loads it) and
  "before" (as before those two: the page rendered on the click, the panels filled after the load).
Each time is given to the page on screen (`page_shown`: loadFinished, or the swap), to its first frame in the
view (polled with `grab()` until the view no longer shows the note: pixels, not signals) and to the view being
handed the page, with the longest GUI stall until `page_shown`.
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


def painted_other_than(view, before) -> bool:
    """Whether the view shows a page (not a blank of one colour) other than the image `before`."""
    image = view.grab().toImage()
    if image == before:
        return False
    small = image.scaled(24, 24)
    return len({small.pixel(x, y) for x in range(24) for y in range(24)}) > 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", type=Path, default=BIG)
    parser.add_argument("--cache", type=Path, help="XDG cache folder kept between runs (a warm start)")
    parser.add_argument("--renderer", default="web", choices=("web", "text"))
    parser.add_argument("--rounds", type=int, default=7, help="clicks measured in each mode")
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

    from PySide6.QtCore import QUrl

    profile = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
    most = videos.most_cited()
    note_path = next(path for path in most.all_notes if window.index.notes[path].video_id == most.id)
    note = Location("note", note_path)
    target = Location("video", most.id, via=note_path)  # what the note's "▶ Video" opens
    prerender = window.video_prerender
    prepare, presenter = prerender.page_shown, window.presenter
    times: dict[str, list[tuple[float, float, float, float]]] = {"now": [], "before": []}
    for _round in range(args.rounds):
        for mode in times:
            # before: the page rendered on the click, the panels filled once the view has loaded it
            prerender.page_shown = prepare if mode == "now" else (lambda _location: None)
            if mode == "before":
                presenter.title_changed.disconnect(window._fill_panels_early)
            if mode == "before":  # not rendered yet (a bench may reach into the page cache)
                source = window.session.source
                source._cache.pop(source.cache_key(target.kind, target.key, target.via), None)
            handed: list = []
            prerender.prerendered.connect(handed.append)
            count = len(shown)
            window.router.go(note)
            wait_until(lambda: len(shown) > count and shown[-1][1] == note)
            if mode == "now":  # the reader reads the note a moment: its video page is rendered meanwhile
                wait_until(lambda: bool(handed))
            loop = QEventLoop()
            QTimer.singleShot(400, loop.quit)
            loop.exec()
            prerender.prerendered.disconnect(handed.append)
            before = window.view.grab().toImage()  # the note, as painted
            meter.reset()
            count, given = len(shown), len(rendered)
            clicked = time.perf_counter()
            if profile is not None:
                profile.enable()
            window.view.link_clicked.emit(QUrl(target.url))  # the click on "▶ Video"
            wait_until(lambda: len(shown) > count and shown[-1][1] == target)
            if profile is not None:
                profile.disable()
            on_screen, stall = shown[-1][0], meter.longest
            wait_until(lambda: painted_other_than(window.view, before))  # its first frame reached the view
            painted = time.perf_counter()
            times[mode].append(((on_screen - clicked) * 1000, (rendered[given] - clicked) * 1000 if
                                len(rendered) > given else float("nan"), stall * 1000, (painted - clicked) * 1000))
            if mode == "before":
                presenter.title_changed.connect(window._fill_panels_early)
    prerender.page_shown = prepare
    print(f"video page of {most.id} ({len(most.all_notes)} notes, {most.stamp_count} stamps) on the click on "
          f"\"▶ Video\" in {note_path}, {args.rounds} rounds alternated:")
    for mode, rows in times.items():
        on_screen, painted = sorted(row[0] for row in rows), sorted(row[3] for row in rows)
        print(f"  {mode:7s} to the page on screen: median {on_screen[len(on_screen) // 2]:.0f} ms, worst "
              f"{on_screen[-1]:.0f} ms; to its first frame in the view: median {painted[len(painted) // 2]:.0f} ms,"
              f" worst {painted[-1]:.0f} ms (to the view given it: median "
              f"{sorted(row[1] for row in rows)[len(rows) // 2]:.0f} ms); longest GUI stall "
              f"{max(row[2] for row in rows):.0f} ms")
    if profile is not None:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    window.close()
    app.quit()


if __name__ == "__main__":
    main()
