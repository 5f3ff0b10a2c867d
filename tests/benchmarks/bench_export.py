"""`--export-html` of one or more vaults, from two or more checkouts side by side, rounds alternating.

    python tests/benchmarks/bench_export.py VAULT [VAULT ...] --repo base=/tmp/base --repo new=. [--rounds 2]

Each checkout runs the command with a cache and config folder of its own, warmed first by one `--search`;
each export goes into a new folder (on the same file system as the temporary folder, `--tmp`), all removed
at the end, not between runs: ext4 skips inodes deleted in the last minutes when it creates files, scanning
its inode tables for others, so an export made right after an earlier one was deleted pays seconds of system
time for it (the benchmark would measure its own clean-up). Before each run it waits `--settle` seconds.

Prints per run the wall seconds and the CPU seconds (user + system) of the command and all its worker processes
(on Linux this process adopts the ones orphaned at the command's exit, such as a forkserver's readers, and
counts them when they end; elsewhere only those the command waits for), then per checkout the best wall and
the median CPU: on a shared machine the wall time says how busy the others are.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed_export(repo: Path, vault: Path, out: Path, env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of `--export-html` run from `repo`."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "desktop", str(vault), "--export-html", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=repo)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        how = f"signal {-code}" if code < 0 else f"status {code}"
        raise RuntimeError(f"export from {repo} failed ({how}): {process.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime + _reap_orphans()


def _adopt_orphans() -> None:
    """Make this process the reaper of its descendants orphaned when their parent exits (Linux): a forkserver
    and the readers it forked outlive the command a moment, and their CPU is counted only when reaped."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _reap_orphans(patience: float = 30.0) -> float:
    """CPU seconds of the orphans adopted (`_adopt_orphans`) once they end (given up after `patience`)."""
    cpu, deadline = 0.0, time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.05)
            continue
        cpu += usage.ru_utime + usage.ru_stime
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vaults", nargs="+", type=Path)
    parser.add_argument("--repo", action="append", required=True, metavar="LABEL=CHECKOUT",
                        help="a checkout to run the command from (repeat: base=..., new=...)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--settle", type=float, default=10.0, help="seconds to wait before each run")
    parser.add_argument("--tmp", type=Path, default=None, help="where the caches and exports go")
    args = parser.parse_args()
    repos = [(label, Path(path).resolve()) for label, _, path in (spec.partition("=") for spec in args.repo)]
    _adopt_orphans()
    temp = Path(tempfile.mkdtemp(prefix="note-reader-bench-export-", dir=args.tmp))
    try:
        for vault in args.vaults:
            envs = {}
            for label, repo in repos:
                envs[label] = dict(os.environ, XDG_CACHE_HOME=str(temp / label / "cache"),
                                   XDG_CONFIG_HOME=str(temp / label / "config"),
                                   XDG_STATE_HOME=str(temp / label / "state"))
                subprocess.run([sys.executable, "-m", "desktop", str(vault), "--search", "x"], cwd=repo,
                               env=envs[label], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            _reap_orphans()  # the warm-ups' leftovers are not the first export's
            runs: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in repos}
            for round_ in range(args.rounds):
                for label, repo in repos:
                    time.sleep(args.settle)
                    out = temp / f"site-{vault.name}-{label}-{round_}"
                    wall, cpu = timed_export(repo, vault, out, envs[label])
                    runs[label].append((wall, cpu))
                    print(f"{vault.name} {label} round {round_ + 1}: {wall:.1f} s wall, {cpu:.1f} s CPU "
                          f"(load {os.getloadavg()[0]:.1f})", flush=True)
            for label, done in runs.items():
                print(f"{vault.name} {label}: best {min(w for w, _ in done):.1f} s wall, "
                      f"median {statistics.median(c for _, c in done):.1f} s CPU", flush=True)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
