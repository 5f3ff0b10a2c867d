"""A cold load starts its worker processes' fork server before it scans the vault; a warm one never does."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core import loader
from desktop.core.loader import load_vault, open_store, update_store

from core_helpers import write


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What a load does, in order: the fork server started ahead (`start_workers`) and the scan."""
    done: list[str] = []
    scan = loader.scan_vault

    def scanned(root):
        done.append("scan")
        return scan(root)

    monkeypatch.setattr(loader, "start_workers", lambda: done.append("workers"))
    monkeypatch.setattr(loader, "scan_vault", scanned)
    return done


@pytest.mark.parametrize("how", ["window", "command line"])
def test_a_cold_load_starts_the_workers_before_its_scan_and_a_warm_one_never(tmp_path: Path, steps: list[str],
                                                                               how: str):
    root, cache = tmp_path / "vault", tmp_path / "cache"
    write(root, "a.md", "# A\nSee [[b]].\n")

    def load() -> None:
        if how == "window":
            load_vault(root, cache=cache)
        else:
            store = open_store(root, cache)
            try:
                update_store(root, store)
            finally:
                store.close()

    load()
    assert steps == ["workers", "scan"]
    steps.clear()
    load()  # the cache holds the note now: only what changed is read, seldom enough to want workers
    assert steps == ["scan"]


def test_a_load_told_to_read_in_one_process_starts_no_workers(tmp_path: Path, steps: list[str]):
    write(tmp_path / "vault", "a.md", "# A\n")
    load_vault(tmp_path / "vault", cache=tmp_path / "cache", workers=1)
    assert steps == ["scan"]
