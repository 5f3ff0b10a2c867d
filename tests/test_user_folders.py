"""The test suite never writes into the user's real cache, config, data or state folders.

Fixtures wider than one test (a module's window, a session's vault) run before any function-scoped fixture,
so the private homes must already be in place when they start: this module checks it from such a fixture.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.core.loader import open_store
from desktop.paths import cache_dir, config_dir, log_dir


def outside(path: Path, folders: list[Path]) -> bool:
    return not any(Path(path).resolve().is_relative_to(folder.resolve()) for folder in folders)


@pytest.fixture(scope="module")
def module_wide_folders(tmp_path_factory):
    """What a module-scoped fixture (like the UI tests' shared window) sees, and where its index lands."""
    vault = tmp_path_factory.mktemp("vault")
    (vault / "a.md").write_text("# A\nhello [[b]]\n", encoding="utf-8")
    store = open_store(vault)
    store.close()
    return {"cache": cache_dir(), "config": config_dir(), "log": log_dir(), "home": Path(os.environ["HOME"]),
            "index files": sorted(cache_dir().rglob("*.sqlite3"))}


def test_fixtures_wider_than_a_test_use_private_folders(module_wide_folders, real_user_dirs):
    assert module_wide_folders["index files"], "the store wrote no index: nothing was checked"
    for name, value in module_wide_folders.items():
        for path in value if isinstance(value, list) else [value]:
            assert outside(path, real_user_dirs), f"{name} {path} is in the user's real folders"


def test_each_test_uses_private_folders(real_user_dirs):
    for path in (cache_dir(), config_dir(), log_dir(), Path.home()):
        assert outside(path, real_user_dirs)
