"""Helpers shared by the core tests: writing a vault's files and stamp anchors."""

from __future__ import annotations

from pathlib import Path


def write(root: Path, rel: str, text: str) -> Path:
    """Write `text` to `root/rel` (UTF-8), making its folders."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def stamp(t: str) -> str:
    """A timestamp anchor as the generator writes it."""
    return f'<a class="yt-timestamp" data-t="{t}"></a>'
