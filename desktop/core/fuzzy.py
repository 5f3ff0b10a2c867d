"""Subsequence ("fuzzy") matching for the quick switcher: Qt-free, so it is tested on its own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """Something the switcher can open: `label` is matched and shown, `url` is where it leads."""

    label: str
    detail: str
    url: str


def subsequence_score(query: str, text: str) -> int | None:
    """How well `query` matches `text` as a subsequence (higher is better), or None when it does not.

    Rewards consecutive letters and letters at word starts, so "frill" ranks "Freedom and the illusion"
    above a title where the letters are scattered; a plain substring beats any scattered match.
    """
    q, t = query.casefold(), text.casefold()
    if not q:
        return 0
    found = t.find(q)
    if found >= 0:
        return 1000 - found - len(t) // 10
    score, pos, prev = 0, 0, -2
    for ch in q:
        if ch == " ":
            continue
        pos = t.find(ch, pos)
        if pos < 0:
            return None
        if pos == prev + 1:
            score += 5
        if pos == 0 or not t[pos - 1].isalnum():
            score += 3
        score -= 1
        prev, pos = pos, pos + 1
    return score - len(t) // 20


def rank(query: str, candidates: Iterable[Candidate], limit: int = 100) -> list[Candidate]:
    """The candidates matching `query`, best first; one entry per url (its best-matching label)."""
    best: dict[str, tuple[int, Candidate]] = {}
    for cand in candidates:
        score = subsequence_score(query, cand.label)
        if score is None:
            continue
        held = best.get(cand.url)
        if held is None or score > held[0]:
            best[cand.url] = (score, cand)
    ordered = sorted(best.values(), key=lambda sc: (-sc[0], sc[1].label.casefold()))
    return [cand for _, cand in ordered[:limit]]
