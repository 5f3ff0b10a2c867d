"""The vault watcher: native notification, the poll fallback, hidden folders ignored, bursts coalesced."""

from __future__ import annotations

import logging
import queue
from pathlib import Path

import pytest

from desktop.core import watch as watch_module
from desktop.core.watch import VaultWatcher

WAIT_S = 30  # a bound for a broken watcher, not a speed requirement: each wait ends as soon as the change arrives


class Recorder:
    """Collects the batches a watcher reports, for the test thread to wait on."""

    def __init__(self) -> None:
        self.batches: queue.Queue[set[str]] = queue.Queue()

    def __call__(self, paths: set[str]) -> None:
        self.batches.put(paths)

    def until(self, wanted: Path) -> list[set[str]]:
        """Every batch up to and including the one that names `wanted`."""
        seen = []
        while True:
            batch = self.batches.get(timeout=WAIT_S)
            seen.append(batch)
            if str(wanted) in batch:
                return seen


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "vault"
    (root / "channel").mkdir(parents=True)
    (root / "channel" / "a.md").write_text("# A\n")
    return root


def started(watcher: VaultWatcher) -> VaultWatcher:
    watcher.start()
    assert watcher.wait_started(WAIT_S)
    return watcher


@pytest.mark.parametrize("force_polling", [False, True], ids=["native", "poll"])
def test_a_new_and_a_changed_note_are_reported(vault, force_polling):
    recorder = Recorder()
    watcher = started(VaultWatcher(vault, recorder, force_polling=force_polling, poll_ms=100))
    try:
        assert watcher.mode == ("poll" if force_polling else "native")
        new = vault / "channel" / "b.md"
        new.write_text("# B\n")
        recorder.until(new)
        changed = vault / "channel" / "a.md"
        changed.write_text("# A, edited\n")
        recorder.until(changed)
    finally:
        watcher.stop()
    assert watcher.mode is None


def test_hidden_folders_are_not_the_vaults(vault):
    recorder = Recorder()
    watcher = started(VaultWatcher(vault, recorder))
    try:
        (vault / ".obsidian").mkdir()
        (vault / ".obsidian" / "workspace.json").write_text("{}")
        (vault / "channel" / ".hidden.md").write_text("x")
        visible = vault / "channel" / "c.md"
        visible.write_text("# C\n")
        batches = recorder.until(visible)
    finally:
        watcher.stop()
    reported = set().union(*batches)
    assert reported == {str(visible)}


def test_a_burst_arrives_coalesced(vault):
    recorder = Recorder()
    watcher = started(VaultWatcher(vault, recorder, debounce_ms=500))
    try:
        paths = [vault / "channel" / f"n{i:02}.md" for i in range(40)]
        for path in paths:
            path.write_text("# note\n")
        batches = recorder.until(paths[-1])
        while not set(map(str, paths)) <= set().union(*batches):
            batches.append(recorder.batches.get(timeout=WAIT_S))
    finally:
        watcher.stop()
    assert len(batches) < len(paths)  # not one reload per file


def test_native_failure_falls_back_to_polling_and_says_so(vault, monkeypatch, caplog):
    """Where inotify cannot start (its watch limit, a filesystem without it), the watcher polls instead."""
    import watchfiles

    real_watch = watchfiles.watch

    def no_native(*args, force_polling=False, **kwargs):
        if not force_polling:
            raise OSError("OS file watch limit reached")
        return real_watch(*args, force_polling=True, **kwargs)

    monkeypatch.setattr(watchfiles, "watch", no_native)
    recorder = Recorder()
    with caplog.at_level(logging.WARNING, logger=watch_module.__name__):
        watcher = started(VaultWatcher(vault, recorder, poll_ms=100))
        try:
            assert watcher.mode == "poll"
            new = vault / "channel" / "d.md"
            new.write_text("# D\n")
            recorder.until(new)
        finally:
            watcher.stop()
    assert any("native change notification unavailable" in r.getMessage() and "polling every" in r.getMessage()
               for r in caplog.records)


def test_a_vault_that_goes_away_is_reported_not_raised(tmp_path):
    errors: queue.Queue[str] = queue.Queue()
    watcher = VaultWatcher(tmp_path / "missing", lambda _paths: None, on_error=errors.put)
    watcher.start()
    message = errors.get(timeout=WAIT_S)
    assert "missing" in message or "No such file" in message
    watcher.stop()
    assert watcher.mode is None
