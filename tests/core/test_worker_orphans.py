"""Worker processes die with the app (issue #12): after a `kill -9` of a process indexing on workers, none of
its workers, forkserver or resource tracker stays behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PARENT = """
import os, sys, threading
from pathlib import Path

from desktop.core.index import map_chunks
from desktop.core.vault import VaultFile


def block(chunk):
    Path(sys.argv[1], f"worker-{os.getpid()}").touch()
    threading.Event().wait()  # reads for ever, as a worker on a huge vault would
    return chunk


if __name__ == "__main__":
    files = [VaultFile(f"n{i}.md", f"/nowhere/n{i}.md", 1, 1, True) for i in range(800)]
    for part in map_chunks(block, files, workers=2):
        pass
"""


def _processes_marked(marker: str) -> set[int]:
    """Processes whose environment holds `marker`: the parent and everything it started."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if marker.encode() in Path(f"/proc/{entry}/environ").read_bytes():
                    found.add(int(entry))
            except OSError:
                pass
    return found


def test_kill_9_of_the_parent_leaves_no_worker_forkserver_or_tracker(qtbot, tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT, encoding="utf-8")
    marker = f"NOTE_READER_ORPHAN_TEST={uuid.uuid4().hex}"
    env = {**os.environ, "PYTHONPATH": str(REPO), marker.split("=")[0]: marker.split("=")[1]}
    parent = subprocess.Popen([sys.executable, str(script), str(tmp_path)], env=env)
    try:
        qtbot.waitUntil(lambda: len(list(tmp_path.glob("worker-*"))) == 2, timeout=60000)  # the workers started
        started = _processes_marked(marker)
        assert len(started) >= 5  # parent, resource tracker, forkserver, two workers
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        qtbot.waitUntil(lambda: not _processes_marked(marker), timeout=30000)  # none of them is left
    finally:
        for pid in _processes_marked(marker):  # only what this test started
            os.kill(pid, signal.SIGKILL)
