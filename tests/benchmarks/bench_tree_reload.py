"""The note tree panel through live reloads of a big vault (not collected by pytest): the GUI thread's time in the
tree's models, and its longest wait, while a reload's index comes in with a filter typed and without.

    XDG_CACHE_HOME=/tmp/me/cache .venv/bin/python tests/benchmarks/bench_tree_reload.py VAULT [--runs N]
        [--query russia] [--src CHECKOUT] [--retitle NOTE]

In-process: a window (text renderer, no watcher) opens VAULT and waits for its full index; then, for each case
(the query typed in the filter, and no filter), `runs` times: `loader.reload()` (a live reload: the index read
again into a new one), until the tree panel shows the new index's lists. Timed on the GUI thread: every call of
the note tree model's `set_index` / `show_index` / `show_filtered`, the topic model's `show_index`, and the
tree's names (`note_names_of`, `_names_of` before it; nested in the former); and the longest wait of a 5 ms
timer from the reload's index arriving to the lists shown. Run it once first to warm the cache: the first run of
a fresh cache is cold.

`--retitle NOTE` (a path inside VAULT: use a copy of the vault, this writes into it) gives that note a new title
before each reload, so the tree's names change (a note renamed, added or deleted), and puts it back at the end.

It also prints the time from the names stage's index (the window's handler of it ran first) to the tree showing it.

`--src` measures another checkout's `desktop/` (e.g. `git archive main | tar -x -C /tmp/main-src`), so the
baseline and the change run back to back with the same script.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
ROOT = Path(__file__).resolve().parents[2]


def instrument(timings: dict[str, list[float]]) -> None:
    """Wrap the tree models' index-taking methods (those the checkout has) to time their GUI-thread calls."""
    from desktop.ui import tree_model, tree_panel

    def timed(owner, name: str, label: str) -> None:
        real = getattr(owner, name, None)
        if real is None:
            return

        def wrapper(*args, **kwargs):
            if threading.current_thread() is not threading.main_thread():
                return real(*args, **kwargs)
            begin = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                timings[label].append(time.perf_counter() - begin)

        setattr(owner, name, wrapper)

    timed(tree_model.NoteTreeModel, "set_index", "NoteTreeModel.set_index")
    timed(tree_model.NoteTreeModel, "show_index", "NoteTreeModel.show_index")
    timed(tree_model.NoteTreeModel, "show_filtered", "NoteTreeModel.show_filtered")
    timed(tree_model.TopicTableModel, "show_index", "TopicTableModel.show_index")
    for module in (tree_model, tree_panel):  # the tree's names: `_names_of` before, `note_names_of` after
        timed(module, "_names_of", "names of the notes")
        timed(module, "note_names_of", "names of the notes")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("vault")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="russia")
    parser.add_argument("--src", default=str(ROOT), help="the checkout whose desktop/ is measured")
    parser.add_argument("--retitle", help="a note of VAULT (a copy: it is written) retitled before each reload")
    args = parser.parse_args()
    retitled = Path(args.vault) / args.retitle if args.retitle else None
    original = retitled.read_text(encoding="utf-8") if retitled is not None else ""
    if retitled is not None and not original.startswith("---\ntitle: "):
        raise SystemExit(f"{retitled}: no title on its first frontmatter line")
    sys.path.insert(0, str(Path(args.src).resolve()))

    from desktop.ui.app import prepare_qt

    prepare_qt("text")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import AppSettings

    timings: dict[str, list[float]] = defaultdict(list)
    instrument(timings)
    settings = AppSettings(Path(tempfile.mkdtemp()) / "settings.ini")
    window = MainWindow(renderer="text", settings=settings, remember_layout=False, staged=True, watch=False)
    window.resize(1400, 900)
    window.show()
    panel = window.tree_panel

    def wait_until(done, timeout_s: float = 120.0) -> None:
        loop = QEventLoop()
        poll = QTimer(interval=2)
        poll.timeout.connect(lambda: loop.quit() if done() else None)
        poll.start()
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        if not done():
            loop.exec()
        poll.stop()
        if not done():
            raise SystemExit("timed out")

    loaded: list = []  # the complete indexes the window took in
    arrived: list[float] = []  # when

    def took(index) -> None:
        if index.complete:
            loaded.append(index)
            arrived.append(time.perf_counter())

    window.vault_loaded.connect(took)
    # the first tree: from the names stage's index to the tree showing it, polled every 2 ms meanwhile
    first: dict[str, float] = {}
    window.loader.names_ready.connect(lambda _root, _index: first.setdefault("names", time.perf_counter()))
    poll = QTimer(interval=2)
    poll.timeout.connect(lambda: first.setdefault("tree", time.perf_counter())
                         if panel.note_model.note_count() else None)
    poll.start()
    window.open_vault(Path(args.vault))
    wait_until(lambda: loaded and window.shown is not None and "tree" in first)
    poll.stop()
    print(f"source {Path(args.src).resolve()}: {len(loaded[-1].notes):,} notes, {len(loaded[-1].topics):,} topics")
    if "names" in first:
        print(f"  the names stage's index to the tree shown: {(first['tree'] - first['names']) * 1000:.0f} ms")

    ticks: list[float] = []
    ticker = QTimer(interval=5)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))

    for query in (args.query, ""):
        panel.filter_edit.setText(query)
        wait_until(lambda: not panel.filtering and panel._applied_query == query)
        timings.clear()
        waits = []
        for run in range(args.runs):
            count = len(loaded)
            if retitled is not None:
                renamed = f"title: Renamed {run} {'filtered' if query else 'whole'} "
                retitled.write_text(original.replace("title: ", renamed, 1), encoding="utf-8")
            window.loader.reload()
            wait_until(lambda: len(loaded) > count)
            ticks[:] = [arrived[-1]]
            ticker.start()
            wait_until(lambda: not panel.filtering and panel.note_model._index is loaded[-1]
                       and panel.topic_model._index is loaded[-1])
            settle = time.perf_counter() + 0.3  # and a moment after, for what the lists' reset costs Qt
            wait_until(lambda: time.perf_counter() > settle)
            ticker.stop()
            waits.append(max(b - a for a, b in zip(ticks, ticks[1:])))
        print(f"\nfilter {query!r}, {args.runs} reloads: GUI-thread ms, median / max (calls)")
        for label, values in sorted(timings.items()):
            print(f"  {label:32} {statistics.median(values) * 1000:7.1f} / {max(values) * 1000:7.1f}  ({len(values)})")
        print(f"  {'longest wait of a 5 ms timer':32} {statistics.median(waits) * 1000:7.1f} / "
              f"{max(waits) * 1000:7.1f}")
    if retitled is not None:
        retitled.write_text(original, encoding="utf-8")
    os._exit(0)


if __name__ == "__main__":
    main()
