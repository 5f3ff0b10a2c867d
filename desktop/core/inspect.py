"""The index as the JSON document `note-reader VAULT --inspect` prints."""

from __future__ import annotations

from collections import Counter
from typing import Any

from desktop.core.index import VaultIndex


def index_to_json(index: VaultIndex) -> dict[str, Any]:
    """A plain, JSON-serialisable view of the whole index, links and stamps in the order of the text."""
    notes = []
    for note in index.notes.values():
        notes.append({
            "path": note.path,
            "title": note.title,
            "video_id": note.video_id,
            "timestamp_format": note.timestamp_format,
            "warnings": list(note.warnings),
            "links": [{"target": link.target, "heading": link.heading, "alias": link.alias,
                       "embed": link.embed, "resolved": link.resolved} for link in note.links],
            "timestamps": [{"label": s.label, "seconds": s.seconds, "url": s.url, "context": s.context}
                           for s in note.stamps],
            "backlinks": [{"from": m.source, "context": m.context}
                          for m in index.backlinks.get(note.path, [])],
        })
    unresolved = sorted(({"target": t.target, "mentions": len(t.mentions)} for t in index.topics.values()),
                        key=lambda t: (-t["mentions"], t["target"].casefold()))
    return {
        "vault": str(index.root),
        "timestamp_format": index.timestamp_format,
        "notes": notes,
        "unresolved": unresolved,
        "warnings": [{"path": w.path, "message": w.message} for w in index.warnings],
    }


def stamp_summary(index: VaultIndex) -> Counter[str]:
    """How many stamps were read, and how many of them point past four hours (a sign of a misreading)."""
    counts: Counter[str] = Counter()
    for note in index.notes.values():
        for stamp in note.stamps:
            if stamp.seconds is not None:
                counts["stamps"] += 1
                counts["past_4h"] += stamp.seconds > 4 * 3600
    return counts
