"""Benchmark: the window's memory when it shows one huge note (issue: a 50 MB note took it to ~767 MB).

    python tests/benchmarks/bench_big_note_window.py [--mb 50] [--checkout PATH ...] [--runs 2]

Makes (once) a vault of one note of `--mb` MB, the shared sample's notes run together, and a small note
linking it, in /tmp; then, for each checkout (default: this one), runs
`python -m desktop VAULT --note big.md --screenshot PNG` from that checkout with empty cache and config folders
of its own, and samples its process tree's RSS every 50 ms: the peak of the Python process (the window, and
Chromium's browser side), of QtWebEngine's page process, and of their sum. Checkouts alternate run by run, so
a baseline is measured beside the change.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = Path("/work/shared/vaults/tubegraph-sample")
FRONTMATTER_RE = re.compile(r"\A---\n.*?\n---\n", re.S)


def make_vault(mb: int) -> Path:
    vault = Path(tempfile.gettempdir()) / f"note-reader-big-note-{mb}mb"
    big = vault / "big.md"
    if big.exists():
        return vault
    vault.mkdir(parents=True, exist_ok=True)
    notes = sorted(SAMPLE.rglob("*.md"))
    written = 0
    with open(big, "w", encoding="utf-8") as out:
        out.write("---\ntitle: Big note\nvideoId: abcdefghijk\n---\n")
        i = 0
        while written < mb * 1_000_000:
            text = FRONTMATTER_RE.sub("", notes[i % len(notes)].read_text(encoding="utf-8")) + "\n\n"
            out.write(text)
            written += len(text)
            i += 1
    (vault / "small.md").write_text("---\ntitle: Small\n---\nA small note linking [[big]].\n", encoding="utf-8")
    return vault


def _tree(pid: int) -> list[int]:
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                try:
                    todo += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
                except OSError:
                    pass
        except OSError:
            pass
    return seen


def _rss_mb(pid: int) -> tuple[str, int]:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "?", 0
    name = re.search(r"^Name:\s*(\S+)", status, re.M)
    rss = re.search(r"^VmRSS:\s*(\d+)", status, re.M)
    return (name.group(1) if name else "?"), (int(rss.group(1)) // 1024 if rss else 0)


def run(checkout: Path, vault: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": f"{tmp}/cache", "XDG_CONFIG_HOME": f"{tmp}/cfg",
               "XDG_DATA_HOME": f"{tmp}/data", "QTWEBENGINE_DISABLE_SANDBOX": "1", "PYTHONPATH": str(checkout)}
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "desktop", str(vault), "--note", "big.md",
                                 "--screenshot", f"{tmp}/shot.png"], cwd=checkout, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        python = page = total = 0
        while proc.poll() is None:
            sizes = [_rss_mb(p) for p in _tree(proc.pid)]
            python = max(python, _rss_mb(proc.pid)[1])
            page = max([page] + [mb for name, mb in sizes if name.startswith("QtWebEngine")])
            total = max(total, sum(mb for _name, mb in sizes))
            time.sleep(0.05)
        return {"seconds": round(time.perf_counter() - start, 1), "python_mb": python, "web_page_mb": page,
                "tree_mb": total, "shot": proc.returncode == 0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--checkout", action="append", type=Path, help="a checkout to run (default: this one)")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    checkouts = args.checkout or [Path(__file__).resolve().parents[2]]
    vault = make_vault(args.mb)
    if shutil.which("Xvfb") and not os.environ.get("DISPLAY"):
        print("no DISPLAY: the window draws offscreen", file=sys.stderr)
    for i in range(args.runs):
        for checkout in checkouts:
            print(f"run {i + 1} {str(checkout):24} {run(checkout, vault)}", flush=True)


if __name__ == "__main__":
    main()
