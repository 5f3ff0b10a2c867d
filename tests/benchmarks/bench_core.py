"""Benchmark (issue #14): what a big vault costs after the first note shows, every row beside the floor.

    .venv/bin/python tests/benchmarks/bench_core.py [--only 1k,10k,20k,sample40x] [--idle-s 20] [--json OUT]
                                                    [--no-window] [--no-export] [--repo CHECKOUT]
                                                    [--vault NAME=PATH ...]

`--no-window` measures the core's rows alone (no window child); `--repo` runs the commands from another
checkout (e.g. `git archive` of an older commit) with this interpreter, for before/after back to back.

Rows, each measured in this one run, in fresh subprocesses, page cache warm:
- floor: Python reading every file of the vault once and running two regexes over it (the wiki-link and the
  stamp anchor pattern): less than this no reader can do.
- idle: a window with the vault open and its index complete, nothing changing: the CPU time of the window
  process and everything it started, over `--idle-s` seconds, as a share of one core. Then a note is added
  to the vault and the time until the window has it in its index ("change shown").
- cold full index: `note-reader VAULT --search x` with an empty cache folder (it builds the whole index).
- `--inspect`: wall time and peak RSS (the whole index as JSON, to /dev/null).
- cache size: the cache folder after the full index, beside the vault's size.
- window RSS: the window process once its index is complete (Chromium's helpers not included: printed
  beside it as the whole tree).
- index kept: the core's share of that, measured alone: the memory a process keeps after loading the full
  index from the warm cache (the window's stage two), and how long that load took.
- `--export-html`: wall time of the static export of the whole vault, and its CPU time (workers included).

Vaults: generated 1k, 10k and 20k notes (make_vault.py, ~9 KB a note) and the shared sample copied 40 times
(19,840 real notes); `--vault NAME=PATH` adds any other, such as the public vault itself (the `content/`
folder of a clone of github.com/sieve-data/tubegraph: 21,273 notes, 166 MB of Markdown; issue #14's table
was measured on it). Measure a fixed commit from a copy if others edit the tree (see bench_scale.py).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import count_notes, generated_vault, sample_copies, tree_rss_kb, vault_bytes  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SAMPLE = REPO.parent / "shared" / "vaults" / "tubegraph-sample"
TMP = Path(tempfile.gettempdir())
SIZES = {"1k": 1000, "10k": 10000, "20k": 20000}
SAMPLE_COPIES = 40
WIKILINK = re.compile(rb"\[\[([^\[\]\n]+)\]\]")
STAMP = re.compile(rb'<a class="yt-timestamp" data-t="([^"]*)"')
CHILD_TIMEOUT_S = 1200


def floor_with_regexes(vault: Path) -> float:
    """Read every file once and find its links and stamps with one regex each: the least any reader does."""
    start = time.perf_counter()
    for folder, _, names in os.walk(vault):
        for name in names:
            with open(os.path.join(folder, name), "rb") as handle:
                data = handle.read()
            for _ in WIKILINK.finditer(data):
                pass
            for _ in STAMP.finditer(data):
                pass
    return time.perf_counter() - start


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and all its living descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    todo += [int(c) for c in handle.read().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


# the window child ------------------------------------------------------------------------------------------

def child_idle(vault: Path, idle_s: float) -> None:
    """Open `vault` watched, wait for the full index, measure idle CPU, then add a note and time its arrival."""
    import resource

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    sys.path.insert(0, os.getcwd())  # the checkout measured (`--repo`), as the index child does
    from desktop.ui.app import prepare_qt

    prepare_qt("web")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    window = MainWindow(renderer="web", remember_layout=False, staged=True, watch=True)
    marks: dict = {}
    probe = vault / "zz_bench_probe_note.md"

    def index_of(window) -> object:
        return window.index if hasattr(window, "index") else window.session.index

    def loaded(index) -> None:
        if not index.complete:
            return
        if "full index" not in marks:
            marks["full index"] = time.perf_counter() - T0
            marks["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            with open("/proc/self/statm") as handle:  # beside the peak: what the window holds at that moment
                marks["rss_now_kb"] = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
            import desktop
            marks["code"] = str(Path(desktop.__file__).parent.parent)
            marks["tree_rss_kb"] = tree_rss_kb(os.getpid())
            QTimer.singleShot(2000, start_idle)  # let the first page's Chromium work settle
        elif "change shown" not in marks and any(path.endswith(probe.name) for path in index.notes):
            marks["change shown"] = time.perf_counter() - marks.pop("_changed_at")
            probe.unlink()
            QTimer.singleShot(0, app.quit)

    def start_idle() -> None:
        marks["_cpu0"], marks["_t0"] = tree_cpu_s(os.getpid()), time.perf_counter()
        QTimer.singleShot(int(idle_s * 1000), end_idle)

    def end_idle() -> None:
        cpu = tree_cpu_s(os.getpid()) - marks.pop("_cpu0")
        marks["idle cpu share"] = cpu / (time.perf_counter() - marks.pop("_t0"))
        marks["_changed_at"] = time.perf_counter()
        probe.write_text("---\ntitle: Bench probe\n---\n\nA new note.\n", encoding="utf-8")

    def failed(message: str) -> None:
        marks["error"] = message
        app.quit()

    window.vault_loaded.connect(loaded)
    window.vault_failed.connect(failed)
    window.show()
    window.open_vault(vault)
    QTimer.singleShot(CHILD_TIMEOUT_S * 1000, app.quit)
    app.exec()
    if probe.exists():
        probe.unlink()
    sys.stdout.write(json.dumps(marks) + "\n")
    sys.stdout.flush()
    os._exit(0)


# the index child: the core's share of the window's memory -------------------------------------------------

def child_index(vault: Path) -> None:
    """Load the full index from the (warm) cache as the window's stage two does, and print the memory it
    keeps: resident set after the load minus before it (imports done), and the peak."""
    import resource

    sys.path.insert(0, str(Path.cwd()))

    def rss_mb() -> float:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6

    from desktop.core.loader import load_vault

    before = rss_mb()
    start = time.perf_counter()
    index = load_vault(vault)
    marks = {"index mb": rss_mb() - before, "load s": time.perf_counter() - start,
             "peak mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "notes": len(index.notes)}
    sys.stdout.write(json.dumps(marks) + "\n")


# the parent ------------------------------------------------------------------------------------------------

def fresh_env(temp: Path) -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1",
                XDG_CACHE_HOME=str(temp / "cache"), XDG_CONFIG_HOME=str(temp / "config"),
                XDG_DATA_HOME=str(temp / "data"))


def timed_run(cmd: list[str], env: dict, repo: Path = REPO) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KB) and CPU seconds (user + system) of one command run from `repo`, its worker
    processes included: on a shared machine the CPU time says what the command costs when the wall time says
    how busy the others are."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=repo)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd} failed: {process.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def folder_bytes(folder: Path) -> int:
    return sum(os.path.getsize(os.path.join(f, n)) for f, _, names in os.walk(folder) for n in names)


def bench_vault(name: str, vault: Path, idle_s: float, window: bool = True, export: bool = True,
                repo: Path = REPO, leftovers: list[Path] | None = None) -> dict:
    """One row. Its export (41k files at the public vault) is removed only once every row is measured, with
    `leftovers`: ext4 passes over inodes freed in the last seconds to minutes when it makes new files, so an
    export made right after another was removed paid seconds of system time for it (the public vault's
    export: 55.5 s beside 42.8 s in a fresh folder, bench_export.py). None: removed at once."""
    py = sys.executable
    floor_with_regexes(vault)  # warm the page cache
    row: dict = {"name": name, "notes": count_notes(vault), "mb": vault_bytes(vault) / 1e6,
                 "floor": min(floor_with_regexes(vault) for _ in range(3))}
    temp = Path(tempfile.mkdtemp(prefix="note-reader-bench-core-"))
    try:
        env = fresh_env(temp)
        row["cold index"], _, _ = timed_run([py, "-m", "desktop", str(vault), "--search", "x"], env, repo)
        row["cache mb"] = folder_bytes(temp / "cache") / 1e6
        row["inspect"], row["inspect rss kb"], _ = timed_run([py, "-m", "desktop", str(vault), "--inspect"], env,
                                                          repo)
        out = temp / "site"
        row["export"], _, row["export cpu"] = (
            timed_run([py, "-m", "desktop", str(vault), "--export-html", str(out)], env, repo)
            if export else (None, None, None))
        done = subprocess.run([py, str(Path(__file__).resolve()), "--child-index", str(vault)], capture_output=True,
                              text=True, env=env, cwd=repo, timeout=CHILD_TIMEOUT_S)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        row["index"] = json.loads(lines[-1]) if lines else {"error": done.stderr[-2000:]}
        if not window:
            row["window"] = {}
            return row
        done = subprocess.run([py, str(Path(__file__).resolve()), "--child-idle", str(vault), "--idle-s",
                               str(idle_s)], capture_output=True, text=True, env=env, cwd=repo,
                              timeout=CHILD_TIMEOUT_S + 60)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        row["window"] = json.loads(lines[-1]) if lines else {"error": done.stderr[-2000:]}
    finally:
        shutil.rmtree(temp / "cache", ignore_errors=True)
        if leftovers is None:
            shutil.rmtree(temp, ignore_errors=True)
        else:
            leftovers.append(temp)
    return row


def report(rows: list[dict]) -> None:
    print("\n| vault | notes | MB | floor | idle CPU | change shown | cold full index | `--inspect` | "
          "`--inspect` peak RSS | cache (× vault) | window RSS (tree) | index kept (warm load) | `--export-html` |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        w = r["window"]
        idle = f"{w['idle cpu share'] * 100:.1f}%" if "idle cpu share" in w else w.get("error", "—")[:40]
        change = f"{w['change shown']:.2f} s" if "change shown" in w else "—"
        rss = (f"{w['rss_kb'] / 1024:.0f} MB ({w['tree_rss_kb'] / 1024:.0f})" if "rss_kb" in w else "—")
        export = f"{r['export']:.1f} s ({r['export cpu']:.0f} s CPU)" if r.get("export") is not None else "—"
        kept = r.get("index", {})
        kept = f"{kept['index mb']:.0f} MB ({kept['load s']:.1f} s)" if "index mb" in kept else "—"
        print(f"| {r['name']} | {r['notes']:,} | {r['mb']:.0f} | {r['floor']:.2f} s | {idle} | {change} | "
              f"{r['cold index']:.1f} s | {r['inspect']:.1f} s | {r['inspect rss kb'] / 1024:.0f} MB | "
              f"{r['cache mb']:.0f} MB ({r['cache mb'] / r['mb']:.2f}×) | {rss} | {kept} | {export} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="comma-separated subset of: 1k,10k,20k,sample40x")
    parser.add_argument("--idle-s", type=float, default=20.0, help="seconds of idle CPU measured")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--no-window", action="store_true", help="the core's rows only (no window child)")
    parser.add_argument("--no-export", action="store_true", help="skip the `--export-html` row")
    parser.add_argument("--repo", type=Path, default=REPO, help="run the commands from this checkout")
    parser.add_argument("--vault", action="append", default=[], metavar="NAME=PATH",
                        help="also measure the vault at PATH (e.g. public=/path/to/tubegraph/content)")
    parser.add_argument("--child-idle", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_idle:
        child_idle(args.child_idle, args.idle_s)
        return
    if args.child_index:
        child_index(args.child_index)
        return
    named = dict(entry.split("=", 1) for entry in args.vault)
    names = args.only.split(",") if args.only else ([] if named else [*SIZES, f"sample{SAMPLE_COPIES}x"])
    names += [name for name in named if name not in names]
    rows: list[dict] = []
    leftovers: list[Path] = []
    try:
        measure_each(names, named, args, rows, leftovers)
    finally:
        for temp in leftovers:
            shutil.rmtree(temp, ignore_errors=True)
    report(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


def measure_each(names: list[str], named: dict[str, str], args, rows: list[dict], leftovers: list[Path]) -> None:
    for name in names:
        if name in named:
            vault = Path(named[name]).resolve()
        else:
            vault = generated_vault(SIZES[name]) if name in SIZES else sample_copies(SAMPLE, SAMPLE_COPIES)
        print(f"measuring {name} ({vault})…", file=sys.stderr)
        rows.append(bench_vault(name, vault, args.idle_s, window=not args.no_window, export=not args.no_export,
                                repo=args.repo.resolve(), leftovers=leftovers))
        print(json.dumps(rows[-1]), file=sys.stderr)


if __name__ == "__main__":
    main()
