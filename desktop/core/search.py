"""Full-text search over a vault's cached passages (SQLite FTS5): ranked notes, a snippet, the nearest stamp."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from desktop.core.stamps import youtube_url
from desktop.core.store import IndexStore, rows_in

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
    conn = store.conn
    try:
        # Rank on the FTS table alone (the join to passage_text would be paid for every match), then look up
        # where the best few thousand passages belong.
        ranked = conn.execute("SELECT rowid, bm25(passages, 10.0, 1.0) AS r FROM passages WHERE passages MATCH ? "
                              "ORDER BY r LIMIT ?", (match, limit * 40)).fetchall()
    except sqlite3.OperationalError:
        return []
    where = {rowid: (path, seconds) for rowid, path, seconds in rows_in(
        conn, "SELECT id, path, seconds FROM passage_text WHERE id IN ({0})", [rowid for rowid, _ in ranked])}
    best: dict[str, tuple[int, int | None, float]] = {}
    for rowid, rank in ranked:
        path, seconds = where.get(rowid, (None, None))
        if path is None:
            continue
        if path not in best:
            if len(best) >= limit:
                break
            best[path] = (rowid, seconds, rank)
        elif best[path][1] is None and seconds is not None and rank <= best[path][2] * 0.5:
            best[path] = (rowid, seconds, best[path][2])  # a stamped passage nearly as good: it leads somewhere
    chosen = list(best.items())
    ids = [rowid for _, (rowid, _, _) in chosen]
    snippets = _snippets(conn, match, ids)
    info = {p: (t, v) for p, t, v in rows_in(
        conn, "SELECT path, title, video_id FROM notes WHERE path IN ({0})", [path for path, _ in chosen])}
    results = []
    for path, (rowid, seconds, rank) in chosen:
        title, video = info.get(path, (path, None))
        url = youtube_url(video, seconds) if video and seconds is not None else None
        results.append(SearchResult(path, title, snippets.get(rowid, ""), seconds, url, rank))
    return results


_PREFIX_PART = re.compile(r'"([^"]*)"\*')
MAX_PREFIX_TERMS = 1000


def _snippets(conn: sqlite3.Connection, match: str, ids: list[int]) -> dict[int, str]:
    """The snippet of each passage in `ids` (its text, else its title), matches marked.

    FTS5 finds a prefix query's matches in one passage by merging the lists of every term with that prefix
    up to it: ~1 ms a passage for `demog*`. The vocabulary names those terms, and an OR of them marks the
    same words at a fraction of the cost.
    """
    if not ids:
        return {}
    marks = f"'{MARK_START}', '{MARK_END}', '…', 16"
    sql = (f"SELECT rowid, snippet(passages, 1, {marks}), snippet(passages, 0, {marks}) FROM passages "
           f"WHERE passages MATCH ? AND rowid IN ({','.join('?' * len(ids))})")
    try:
        rows = conn.execute(sql, [_expand_prefixes(conn, match), *ids]).fetchall()
    except sqlite3.OperationalError:  # the expansion could not be written as a query: the plain one
        rows = conn.execute(sql, [match, *ids]).fetchall()
    return {rowid: text or title for rowid, text, title in rows}


def _expand_prefixes(conn: sqlite3.Connection, match: str) -> str:
    """`match` with each `"pre"*` replaced by an OR of the indexed terms starting with it (where few enough)."""
    if "*" not in match:
        return match
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passage_terms USING fts5vocab(main, passages, row)")

    def expand(part: re.Match) -> str:
        prefix = _fold(part.group(1))
        terms = [row[0] for row in conn.execute(
            "SELECT term FROM temp.passage_terms WHERE term >= ? AND term < ? LIMIT ?",
            (prefix, prefix + "\U0010ffff", MAX_PREFIX_TERMS + 1))]
        if not prefix or not terms or len(terms) > MAX_PREFIX_TERMS or any('"' in t for t in terms):
            return part.group(0)
        return "(" + " OR ".join(f'"{term}"' for term in terms) + ")"

    return _PREFIX_PART.sub(expand, match)


def _fold(word: str) -> str:
    """A word as the unicode61 tokenizer with remove_diacritics stores it: lower case, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
