"""Opening a vault for the window and the commands: one call that returns a ready index."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.core.index import VaultIndex

Progress = Callable[[int, int], None]


def load_vault(root: str | Path, progress: Progress | None = None) -> VaultIndex:
    """The index of the vault at `root`, reporting (done, total) notes read as it goes."""
    return VaultIndex.build(root, progress=progress)
