"""Benchmark (issue #5): how launch, full index, search and memory grow with the vault, against the floor.

    .venv/bin/python tests/benchmarks/bench_scale.py [--only seeds,1k,10k,20k,sample20x] [--runs N] [--sample PATH]
                                                     [--vault NAME=PATH ...]

Vaults: the bundled seeds vault (1 note, the baseline), generated vaults of 1k, 10k and 20k notes
(make_vault.py, ~12 KB a note, kept under /tmp/note-reader-bench-*), and the shared sample copied 20 times
into copy_00..copy_19 (~10k real notes; links resolve inside each copy by the nearest-folder rule);
`--vault NAME=PATH` adds any other, such as the public vault (see bench_core.py).

Every figure is measured in this one run, each in a fresh subprocess:
- floor: Python reading every file of the vault once, page cache warm (everything is read once before).
- launch: a window process started the way `run_app` starts (the names helper of `desktop.core.prefetch`
  first, then QApplication + MainWindow(staged=True, watch=False, renderer="web")) opening the vault; the
  time from process start to the first `page_shown` (a note rendered), and to `vault_loaded` with the full
  index. Process start = `time.perf_counter()` at the top of this script plus the interpreter
  start cost, measured separately as `python -c pass`. Cold: XDG_CACHE_HOME a fresh folder (no index
  cache); warm: the same folder again.
- search: in-process `open_store` + `search()` on the warm index (median of 5 runs per query), and the wall
  time of `python -m desktop VAULT --search '"nuclear weapons"'` (warm).
- the window while stage two runs: the longest wait of a 5 ms timer on the GUI thread between the first page
  and the full index (the issue asks that the UI never block for more than ~100 ms).
- memory: max RSS of the window process (`ru_maxrss`) once the full index is in and the note shown; the
  Chromium helper processes and index workers are not in it (the whole process tree's RSS at that moment
  is printed beside it).

Targets: cold launch within seeds' cold launch + 4x floor, warm launch within seeds' warm launch + 1.5x
floor, `--search` within seeds' warm launch + 1.5x floor.

The code measured is the `desktop/` beside this script. While others edit the working tree, measure a fixed
commit from a copy: `git archive HEAD | tar -x -C /tmp/src && .venv/bin/python /tmp/src/tests/benchmarks/...`
(a parser or schema version bumped mid-run would turn a warm launch into a cold one).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()  # first thing: the window child measures from here (plus interpreter start)

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_index import floor  # noqa: E402  (one definition of the floor for every benchmark)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SAMPLE = REPO.parent / "shared" / "vaults" / "tubegraph-sample"
SEEDS = REPO / "seeds"
TMP = Path(tempfile.gettempdir())
SIZES = {"1k": 1000, "10k": 10000, "20k": 20000}
COPIES = 20
QUERIES = ["russia", '"nuclear weapons"', "demog*", "dardanelles"]  # common, phrase, prefix, rare (2 notes)
CLI_QUERY = '"nuclear weapons"'
CHILD_TIMEOUT_S = 900


# children --------------------------------------------------------------------------------------------------

def tree_rss_kb(pid: int) -> int:
    """Current resident size of a process and all its descendants (Chromium helpers, index workers), in KB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as handle:
                total += next((int(line.split()[1]) for line in handle if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    todo += [int(c) for c in handle.read().split()]
        except (OSError, ValueError):
            continue
    return total


def child_window(vault: Path) -> None:
    """Open `vault` in a window; print (JSON) seconds since T0 to each stage, and the resident size."""
    import resource

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    sys.path.insert(0, str(REPO))
    from desktop.core.prefetch import start_prefetch

    prefetch = start_prefetch(vault)  # as `run_app` does: the names helper starts before Qt loads
    from desktop.ui.app import prepare_qt

    prepare_qt("web")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setApplicationName("note-reader")
    marks: dict[str, float | int | str] = {"qapplication": time.perf_counter() - T0}
    from desktop.ui.main_window import MainWindow
    from desktop.ui.theme import apply_theme

    dark = apply_theme(app)
    window = MainWindow(renderer="web", dark=dark, remember_layout=False, staged=True, watch=False)
    marks["window built"] = time.perf_counter() - T0

    # The window's responsiveness while stage two runs: a 5 ms timer on the GUI thread, its longest wait.
    ticks: list[float] = []
    ticker = QTimer(interval=5)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def finish_if_done() -> None:
        if "first page" in marks and "full index" in marks and "longest stall" not in marks:
            ticker.stop()
            gaps = [b - a for a, b in zip(ticks, ticks[1:])]
            marks["longest stall"] = max(gaps, default=0.0)
            marks["stalls over 100 ms"] = sum(gap > 0.1 for gap in gaps)
            marks["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            marks["tree_rss_kb"] = tree_rss_kb(os.getpid())
            QTimer.singleShot(0, app.quit)

    def names(_root, _index) -> None:
        marks.setdefault("names ready", time.perf_counter() - T0)

    def shown(_location) -> None:
        marks.setdefault("first page", time.perf_counter() - T0)
        if not ticker.isActive() and "full index" not in marks:
            ticks.append(time.perf_counter())
            ticker.start()
        finish_if_done()

    def loaded(index) -> None:
        if index.complete and "full index" not in marks:
            marks["full index"] = time.perf_counter() - T0
            marks["notes"] = len(index.notes)
            QTimer.singleShot(200, finish_if_done)  # the timer also sees the window take the full index in

    def failed(message: str) -> None:
        marks["error"] = message
        app.quit()

    window.loader.names_ready.connect(names)
    window.page_shown.connect(shown)
    window.vault_loaded.connect(loaded)
    window.vault_failed.connect(failed)
    window.show()
    window.open_vault(vault, prefetch=prefetch)
    QTimer.singleShot(CHILD_TIMEOUT_S * 1000, app.quit)
    app.exec()
    window.settings.sync()
    sys.stdout.write(json.dumps(marks) + "\n")
    sys.stdout.flush()
    os._exit(0)  # Chromium's teardown is not what is measured


def child_search(vault: Path, runs: int) -> None:
    """Median seconds of `search()` per query on the warm cached index, and the result counts (JSON)."""
    sys.path.insert(0, str(REPO))
    from desktop.core.loader import open_store
    from desktop.core.search import search

    store = open_store(vault.resolve())
    out = {}
    try:
        for query in QUERIES:
            times, count = [], 0
            for _ in range(runs):
                start = time.perf_counter()
                count = len(search(store, query))
                times.append(time.perf_counter() - start)
            out[query] = {"median": statistics.median(times), "results": count}
    finally:
        store.close()
    print(json.dumps(out))


# parent ----------------------------------------------------------------------------------------------------

def count_notes(vault: Path) -> int:
    return sum(1 for _, _, names in os.walk(vault) for n in names if n.endswith((".md", ".txt")))


def vault_bytes(vault: Path) -> int:
    return sum(os.path.getsize(os.path.join(f, n)) for f, _, names in os.walk(vault) for n in names)


def generated_vault(notes: int) -> Path:
    out = TMP / f"note-reader-bench-{notes // 1000}k"
    if out.is_dir() and count_notes(out) == notes:
        return out
    print(f"generating {out} ({notes} notes)…", file=sys.stderr)
    part = out.with_name(out.name + ".part")
    shutil.rmtree(part, ignore_errors=True)
    subprocess.run([sys.executable, str(HERE / "make_vault.py"), str(part), "--notes", str(notes),
                    "--target-mb", str(notes * 0.009)], check=True)
    shutil.rmtree(out, ignore_errors=True)
    part.rename(out)
    return out


def sample_copies(sample: Path, copies: int = COPIES) -> Path:
    out = TMP / f"note-reader-bench-sample{copies}x"
    if not sample.is_dir():
        raise SystemExit(f"no sample vault at {sample} (give --sample PATH)")
    want = copies * count_notes(sample)
    if out.is_dir() and count_notes(out) == want:
        return out
    print(f"copying the sample {copies}x into {out}…", file=sys.stderr)
    part = out.with_name(out.name + ".part")
    shutil.rmtree(part, ignore_errors=True)
    for i in range(copies):
        shutil.copytree(sample, part / f"copy_{i:02d}")
    shutil.rmtree(out, ignore_errors=True)
    part.rename(out)
    return out


def wall(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=REPO)
    return time.perf_counter() - start


def run_json(cmd: list[str], env: dict) -> dict:
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=CHILD_TIMEOUT_S + 60)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"child printed no result: {done.stdout[-500:]} {done.stderr[-2000:]}")
    result = json.loads(lines[-1])
    if "error" in result or "first page" not in result or "full index" not in result:
        raise RuntimeError(f"child did not finish: {result} {done.stderr[-2000:]}")
    return result


def launch(vault: Path, env: dict, interpreter: float) -> dict:
    marks = run_json([sys.executable, str(Path(__file__).resolve()), "--child-window", str(vault)], env)
    return {k: (v + interpreter if isinstance(v, float) and k != "longest stall" else v) for k, v in marks.items()}


def bench_vault(name: str, vault: Path, interpreter: float, runs: int) -> dict:
    py = sys.executable
    floor(vault)  # warm the page cache: every figure below reads from memory alike
    row: dict = {"name": name, "vault": str(vault), "notes": count_notes(vault), "mb": vault_bytes(vault) / 1e6}
    row["floor"] = statistics.median(floor(vault) for _ in range(3))
    colds, warms = [], []
    for _ in range(runs):
        temp = Path(tempfile.mkdtemp(prefix="note-reader-bench-xdg-"))
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1",
                   XDG_CACHE_HOME=str(temp / "cache"), XDG_CONFIG_HOME=str(temp / "config"),
                   XDG_DATA_HOME=str(temp / "data"))
        colds.append(launch(vault, env, interpreter))
        warms.append(launch(vault, env, interpreter))
        if len(colds) < runs:
            shutil.rmtree(temp, ignore_errors=True)
    pick = lambda marks: sorted(marks, key=lambda m: m["first page"])[len(marks) // 2]
    row["cold"], row["warm"] = pick(colds), pick(warms)
    row["search"] = json.loads(subprocess.run([py, str(Path(__file__).resolve()), "--child-search", str(vault)],
                                              check=True, capture_output=True, text=True, env=env,
                                              cwd=REPO).stdout.splitlines()[-1])
    row["cli search"] = statistics.median(wall([py, "-m", "desktop", str(vault), "--search", CLI_QUERY], env)
                                          for _ in range(3))
    shutil.rmtree(temp, ignore_errors=True)
    return row


# report ----------------------------------------------------------------------------------------------------

def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def verdict(value: float, target: float) -> str:
    return f"{'yes' if value <= target else '**no**'} ({ms(value)} ≤ {ms(target)})"


def report(rows: list[dict], interpreter: float) -> None:
    seeds = next((r for r in rows if r["name"] == "seeds"), None)
    print(f"\nInterpreter start (`python -c pass`, median of 5): {ms(interpreter)} ms, included in every launch "
          "figure. All times in ms, wall clock, measured in this one run on a 2-core machine shared with other "
          "test runs.\n")
    print("| vault | notes | MB | floor | cold: first note | cold: full index | warm: first note "
          "| warm: full index | cold target met? | warm target met? |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in rows:
        cold, warm = r["cold"], r["warm"]
        if seeds and r is not seeds:
            cold_ok = verdict(cold["first page"], seeds["cold"]["first page"] + 4 * r["floor"])
            warm_ok = verdict(warm["first page"], seeds["warm"]["first page"] + 1.5 * r["floor"])
        else:
            cold_ok = warm_ok = "(baseline)"
        print(f"| {r['name']} | {r['notes']:,} | {r['mb']:.0f} | {ms(r['floor'])} | {ms(cold['first page'])} "
              f"| {ms(cold['full index'])} | {ms(warm['first page'])} | {ms(warm['full index'])} "
              f"| {cold_ok} | {warm_ok} |")

    print("\nStages of the launch (ms from process start; names = stage 1 index in, first = note rendered):\n")
    print("| vault | run | QApplication | window built | names ready | first note | full index |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        for run in ("cold", "warm"):
            m = r[run]
            print(f"| {r['name']} | {run} | {ms(m['qapplication'])} | {ms(m['window built'])} "
                  f"| {ms(m.get('names ready', float('nan')))} | {ms(m['first page'])} | {ms(m['full index'])} |")

    print("\nThe window while stage two reads the vault (a 5 ms timer on the GUI thread from the first page to the "
          "full index; the issue allows ~100 ms):\n")
    print("| vault | longest wait, cold | waits over 100 ms, cold | longest wait, warm | waits over 100 ms, warm |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        cold, warm = r["cold"], r["warm"]
        print(f"| {r['name']} | {ms(cold.get('longest stall', 0))} | {cold.get('stalls over 100 ms', 0)} "
              f"| {ms(warm.get('longest stall', 0))} | {warm.get('stalls over 100 ms', 0)} |")

    print("\nSearch on the warm index (in-process `search()`: median of 5, ms [results]; `--search` "
          f"{CLI_QUERY}: whole command, median of 3):\n")
    print("| vault | " + " | ".join(f"`{q}`" for q in QUERIES) + " | `--search` wall | target met? |")
    print("|---|" + "---:|" * len(QUERIES) + "---:|---|")
    for r in rows:
        cells = " | ".join(f"{r['search'][q]['median'] * 1000:.2f} [{r['search'][q]['results']}]" for q in QUERIES)
        ok = verdict(r["cli search"], seeds["warm"]["first page"] + 1.5 * r["floor"]) \
            if seeds and r is not seeds else "(baseline)"
        print(f"| {r['name']} | {cells} | {ms(r['cli search'])} | {ok} |")

    print("\nMemory of the window process with the vault open (full index in, note shown):\n")
    print("| vault | max RSS (MB) | over seeds (MB) | whole process tree RSS now (MB) |")
    print("|---|---:|---:|---:|")
    for r in rows:
        over = (r["warm"]["maxrss_kb"] - seeds["warm"]["maxrss_kb"]) / 1024 if seeds else float("nan")
        print(f"| {r['name']} | {r['warm']['maxrss_kb'] / 1024:.0f} | {over:+.0f} "
              f"| {r['warm']['tree_rss_kb'] / 1024:.0f} |")
    print("(max RSS of the warm-cache run; the cold run's: "
          + ", ".join(f"{r['name']} {r['cold']['maxrss_kb'] / 1024:.0f}" for r in rows) + " MB)")

    by_name = {r["name"]: r for r in rows}
    if all(n in by_name for n in SIZES):
        growth(by_name, seeds)


def growth(by_name: dict, seeds: dict | None) -> None:
    figures = {
        "floor": lambda r: r["floor"],
        "cold: first note": lambda r: r["cold"]["first page"],
        "cold: full index": lambda r: r["cold"]["full index"],
        "warm: first note": lambda r: r["warm"]["first page"],
        "warm: full index": lambda r: r["warm"]["full index"],
        "search `russia`": lambda r: r["search"]["russia"]["median"],
        "search `\"nuclear weapons\"`": lambda r: r["search"]['"nuclear weapons"']["median"],
        "`--search` wall": lambda r: r["cli search"],
        "max RSS (MB)": lambda r: r["warm"]["maxrss_kb"] / 1024 / 1000,  # shown as MB below
    }
    if seeds:
        figures.update({
            "cold: first note − seeds": lambda r: r["cold"]["first page"] - seeds["cold"]["first page"],
            "warm: first note − seeds": lambda r: r["warm"]["first page"] - seeds["warm"]["first page"],
            "warm: full index − seeds": lambda r: r["warm"]["full index"] - seeds["warm"]["full index"],
            "max RSS − seeds (MB)": lambda r: (r["warm"]["maxrss_kb"] - seeds["warm"]["maxrss_kb"]) / 1024 / 1000,
        })
    print("\nGrowth with the vault (generated vaults; ms unless MB; ×: ratio to the previous size; notes grow "
          "10× then 2×):\n")
    print("| figure | 1k | 10k | 20k | × 1k→10k | × 10k→20k |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, get in figures.items():
        a, b, c = (get(by_name[n]) for n in SIZES)
        fmt = (lambda s: f"{s * 1000:,.2f}") if "search `" in label else ms
        ratio = lambda x, y: f"{y / x:.1f}" if x > 0 else "–"
        print(f"| {label} | {fmt(a)} | {fmt(b)} | {fmt(c)} | {ratio(a, b)} | {ratio(b, c)} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="comma-separated subset of: seeds,1k,10k,20k,sample20x")
    parser.add_argument("--runs", type=int, default=1, help="launches per vault (median; seeds at least 3)")
    parser.add_argument("--sample", type=Path, default=SAMPLE, help="the shared tubegraph sample vault")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--vault", action="append", default=[], metavar="NAME=PATH",
                        help="also measure the vault at PATH (e.g. public=/path/to/tubegraph/content)")
    parser.add_argument("--child-window", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-search", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_window:
        child_window(args.child_window)
        return
    if args.child_search:
        child_search(args.child_search, 5)
        return

    named = dict(entry.split("=", 1) for entry in args.vault)
    wanted = (args.only or ("seeds" if named else "seeds,1k,10k,20k,sample20x")).split(",")
    wanted += [name for name in named if name not in wanted]
    vaults: list[tuple[str, Path]] = []
    for name in wanted:
        if name in named:
            vaults.append((name, Path(named[name]).resolve()))
        elif name == "seeds":
            vaults.append((name, SEEDS))
        elif name in SIZES:
            vaults.append((name, generated_vault(SIZES[name])))
        elif name == "sample20x":
            vaults.append((name, sample_copies(args.sample)))
        else:
            parser.error(f"unknown vault {name!r}")
    interpreter = statistics.median(wall([sys.executable, "-c", "pass"]) for _ in range(5))
    rows = []
    for name, vault in vaults:
        print(f"measuring {name} ({vault})…", file=sys.stderr, flush=True)
        rows.append(bench_vault(name, vault, interpreter, max(args.runs, 3) if name == "seeds" else args.runs))
    if args.json:
        args.json.write_text(json.dumps({"interpreter": interpreter, "rows": rows}, indent=1))
    print(f"\n## Note Reader at scale — code in {REPO}, {' '.join(sys.argv[1:]) or 'all vaults'}")
    report(rows, interpreter)


if __name__ == "__main__":
    main()
