"""Counting words for people: "1 mention", "2 mentions" (one home, for every panel and dialog)."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """`count` and `word`, with an "s" unless there is exactly one."""
    return f"{count} {word}{'' if count == 1 else 's'}"
