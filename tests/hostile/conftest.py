"""Session fixtures: the hostile vault (see `hostile_helpers`), built once and indexed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile_helpers import build_hostile_vault


@pytest.fixture(scope="session")
def hostile_base(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    build_hostile_vault(base)
    return base


@pytest.fixture(scope="session")
def hostile_vault(hostile_base) -> Path:
    return hostile_base / "vault"


@pytest.fixture(scope="session")
def hostile_index(hostile_vault):
    """The hostile vault indexed without a cache (the index is read-only in tests: do not mutate it)."""
    from desktop.core.index import VaultIndex

    return VaultIndex.build(hostile_vault, workers=1)
