"""Full-text search over a vault's cached passages (SQLite FTS5): ranked notes, a snippet, the nearest stamp."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from desktop.core.stamps import youtube_url
from desktop.core.store import IndexStore

MARK_START, MARK_END = "\x02", "\x03"  # match markers in snippets; never present in note text
_WORD = re.compile(r"\w+\*?", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One note matching a query: its best passage as a snippet, and the second that passage cites."""

    path: str
    title: str
    snippet: str  # plain text with MARK_START/MARK_END around each match
    seconds: int | None
    url: str | None
    rank: float

    def snippet_marked(self, start: str, end: str) -> str:
        """The snippet with the markers replaced, e.g. by `<mark>`/`</mark>` after escaping."""
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)


def fts_query(text: str) -> str:
    """The user's query as FTS5 syntax: words, "phrases" and prefix* kept; stray operators made harmless."""
    parts: list[str] = []
    for i, chunk in enumerate(text.split('"')):
        if i % 2 == 1:
            words = _WORD.findall(chunk)
            if words:
                parts.append('"' + " ".join(w.rstrip("*") for w in words) + '"')
        else:
            for word in _WORD.findall(chunk):
                if word.upper() in ("AND", "OR", "NOT", "NEAR"):
                    parts.append(word.upper())
                elif word.endswith("*"):
                    parts.append(f'"{word[:-1]}"*')
                else:
                    parts.append(f'"{word}"')
    while parts and parts[-1] in ("AND", "OR", "NOT", "NEAR"):
        parts.pop()
    while parts and parts[0] in ("AND", "OR", "NOT", "NEAR"):
        parts.pop(0)
    return " ".join(parts)


def search(store: IndexStore, query: str, limit: int = 50) -> list[SearchResult]:
    """Notes matching `query`, best first (bm25; a title match weighs ten times a passage match)."""
    match = fts_query(query)
    if not match:
        return []
    try:
        rows = store.conn.execute(
            "SELECT p.path, p.id, p.seconds, bm25(passages, 10.0, 1.0) AS r FROM passages "
            "JOIN passage_text p ON p.id = passages.rowid WHERE passages MATCH ? ORDER BY r LIMIT ?",
            (match, limit * 40)).fetchall()
    except sqlite3.OperationalError:
        return []
    best: dict[str, tuple[int, int | None, float]] = {}
    for path, rowid, seconds, rank in rows:
        if path not in best:
            best[path] = (rowid, seconds, rank)
        elif best[path][1] is None and seconds is not None and rank <= best[path][2] * 0.5:
            best[path] = (rowid, seconds, best[path][2])  # a stamped passage nearly as good: it leads somewhere
        if len(best) >= limit and path not in best:
            break
    chosen = list(best.items())[:limit]
    ids = [rowid for _, (rowid, _, _) in chosen]
    marks = f"'{MARK_START}', '{MARK_END}', '…', 16"
    snippets = {rowid: text or title for rowid, text, title in store.conn.execute(
        f"SELECT rowid, snippet(passages, 1, {marks}), snippet(passages, 0, {marks}) FROM passages "
        f"WHERE passages MATCH ? AND rowid IN ({','.join('?' * len(ids))})", [match, *ids])}
    paths = [path for path, _ in chosen]
    info = {p: (t, v) for p, t, v in store.conn.execute(
        f"SELECT path, title, video_id FROM notes WHERE path IN ({','.join('?' * len(paths))})", paths)}
    results = []
    for path, (rowid, seconds, rank) in chosen:
        title, video = info.get(path, (path, None))
        url = youtube_url(video, seconds) if video and seconds is not None else None
        results.append(SearchResult(path, title, snippets.get(rowid, ""), seconds, url, rank))
    return results
