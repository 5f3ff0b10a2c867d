"""Full-text search over a vault's cached notes (SQLite FTS5): ranked notes, a snippet, the nearest stamp."""

from __future__ import annotations

import itertools
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from desktop.core.fts_phrases import column_match, fold, phrase_check
from desktop.core.fts_rank import matching_rows, ranked_rows
from desktop.core.search_text import match_offset, seconds_at
from desktop.core.stamps import youtube_url
from desktop.core.store import IndexStore, rows_in, stored_marks
from desktop.core.youtube import is_video_id, parse_youtube_url

if TYPE_CHECKING:
    from desktop.core.index import Progress, VaultIndex

log = logging.getLogger(__name__)

MARK_START, MARK_END = "\x02", "\x03"  # match markers in snippets; never present in note text
ELLIPSIS = "…"  # where a snippet was cut
_WORD = re.compile(r"\w+\*?", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One note matching a query: the best stretch of its text as a snippet, and the second it cites."""

    path: str
    title: str
    snippet: str  # plain text with MARK_START/MARK_END around each match; a line break between passages
    seconds: int | None
    url: str | None
    rank: float

    def snippet_marked(self, start: str, end: str) -> str:
        """The snippet with the markers replaced, e.g. by `<mark>`/`</mark>` after escaping."""
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)


_KEYWORDS = ("AND", "OR", "NOT")  # FTS5's operators a user may type; anything else is a word
OPERATORS = ("title", "in", "video", "links")  # `name:value` filters (see `parse_query`)
SEARCH_HELP = 'words  "a phrase"  pre*  title:  in:folder  video:ID  links:topic'  # what the panel shows
# an optional `name:` then a "quoted value" (closed or running to the end) or a run of other characters
_TOKEN = re.compile(r'(?:(?P<op>[A-Za-z]+):(?=\S))?(?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]+))')


@dataclass(frozen=True, slots=True)
class Query:
    """A search as the user typed it, taken apart: the full-text part as FTS5 syntax, and the filters.

    `match` is empty when only filters were given: then every note passing them is listed."""

    match: str
    folders: tuple[str, ...] = ()  # in:  a prefix of the note's folder path (its channel), case-insensitive
    videos: tuple[str, ...] = ()  # video:  notes citing that video (its own, a stamp or a link to it)
    links: tuple[str, ...] = ()  # links:  notes linking that note or topic (resolved like a wiki-link target)

    @property
    def filtered(self) -> bool:
        return bool(self.folders or self.videos or self.links)

    @property
    def empty(self) -> bool:
        return not self.match and not self.filtered


def parse_query(text: str) -> Query:
    """The user's query taken apart: `title:word`, `title:"a phrase"`, `in:folder`, `in:"Some Channel"`,
    `video:ID` (or a YouTube URL), `links:Name` (or `links:"[[A Topic]]"`), the rest words, "phrases" and
    prefix*, all of them required (AND). An unknown `name:` or one without a usable value counts as words."""
    plain: list[str] = []
    titles: list[str] = []
    folders: list[str] = []
    videos: list[str] = []
    links: list[str] = []
    for token in _TOKEN.finditer(text):
        op, quoted, bare = (token.group("op") or "").lower(), token.group("quoted"), token.group("bare")
        value = (quoted if quoted is not None else bare or "").strip()
        if op == "title" and value:
            titles.append(_fts_words(f'"{value}"' if quoted is not None else value))
        elif op == "in" and value.strip("/"):
            folders.append(value.strip("/"))
        elif op == "video" and _video_id(value):
            videos.append(_video_id(value))
        elif op == "links" and _link_name(value):
            links.append(_link_name(value))
        else:  # a plain word or phrase, or an operator this search does not know: its words
            plain.append(token.group(0))
    words = _fts_words(" ".join(plain))
    titled = [f"title : ({part})" for part in titles if part]
    match = " AND ".join(([f"({words})"] if words else []) + titled) if titled else words
    return Query(match, tuple(folders), tuple(videos), tuple(links))


def _video_id(value: str) -> str | None:
    """A video id as written, or the id of a YouTube URL (`core.youtube` knows both)."""
    if is_video_id(value):
        return value
    parsed = parse_youtube_url(value)
    return parsed[0] if parsed else None


def _link_name(value: str) -> str:
    """A link target as `links:` takes it: `[[Name|text]]`, `[[Name#heading]]` or `Name` give `Name`."""
    value = value.strip()
    if value.startswith("[[") and value.endswith("]]"):
        value = value[2:-2]
    return value.split("|", 1)[0].split("#", 1)[0].strip()


def fts_query(text: str) -> str:
    """The user's query as FTS5 syntax (operators like `title:` included: see `parse_query`)."""
    return parse_query(text).match


def _fts_words(text: str) -> str:
    """Words, "phrases" and prefix* as FTS5 syntax; AND/OR/NOT kept between terms, stray ones dropped."""
    parts: list[str] = []
    for i, chunk in enumerate(text.split('"')):
        if i % 2 == 1:
            words = _WORD.findall(chunk)
            if words:
                parts.append('"' + " ".join(w.rstrip("*") for w in words) + '"')
        else:
            for word in _WORD.findall(chunk):
                if word.upper() in _KEYWORDS:
                    parts.append(word.upper())
                elif word.endswith("*"):
                    parts.append(f'"{word[:-1]}"*')
                else:
                    parts.append(f'"{word}"')
    cleaned: list[str] = []
    for part in parts:  # no two operators in a row, none at either end
        if part in _KEYWORDS and (not cleaned or cleaned[-1] in _KEYWORDS):
            continue
        cleaned.append(part)
    while cleaned and cleaned[-1] in _KEYWORDS:
        cleaned.pop()
    return " ".join(cleaned)


PAGE_SIZE = 50  # results a search lists at a time (the panel's "Show more" asks for the next ones)


@dataclass(frozen=True, slots=True)
class SearchPage:
    """Results `offset` to `offset + len(results)` of a search, and how many notes match in all.

    `total` is exact unless `exact` is False: a query with phrases whose candidates (notes holding all of a
    phrase's words) were not all read to check the phrase; `total` is then their number, at most that many
    match, and `count_matches` gives the exact number (reading them)."""

    results: list[SearchResult]
    total: int
    offset: int = 0
    exact: bool = True

    @property
    def shown(self) -> int:
        """Results up to the end of this page."""
        return self.offset + len(self.results)

    @property
    def more(self) -> bool:
        """Whether notes may match past this page."""
        return self.shown < self.total


def search(store: IndexStore, query: str, limit: int = PAGE_SIZE, index: VaultIndex | None = None) -> list[SearchResult]:
    """The first `limit` notes matching `query`, best first (see `search_page`)."""
    return search_page(store, query, limit, index).results


def search_page(store: IndexStore, query: str, limit: int = PAGE_SIZE, index: VaultIndex | None = None,
                offset: int = 0) -> SearchPage:
    """Notes `offset` to `offset + limit` matching `query`, best first (bm25, see `fts_rank`; a title match
    weighs ten text matches), with how many match in all; with only filters (`in:`, `video:`, `links:`),
    the notes passing them by title. `links:` asks `index` (the vault's links resolved); without one it
    matches nothing. The count costs nothing more for words: FTS5 lists every matching row to rank them."""
    found = _candidates(store, query, index, ranked=True)
    if found is None:
        return SearchPage([], 0, offset)
    if found.match is None:
        return SearchPage(_listed(store, sorted(found.allowed), limit, offset), len(found.allowed), offset)
    ordered, check = found.rows, found.check
    if check is None:
        ranked, total, exact = ordered[offset:offset + limit], len(ordered), True
    else:
        passed, read_all = _checked(store, ordered, check, offset + limit)
        ranked = passed[offset:]
        total, exact = (len(passed), True) if read_all else (len(ordered), False)
    return SearchPage(_results(store, found.match, check, ranked), total, offset, exact)


def count_matches(store: IndexStore, query: str, index: VaultIndex | None = None) -> int:
    """How many notes match `query`, exactly: for a query with phrases, every candidate note is read and
    checked (about 0.7 ms a candidate), so ask it apart from the results, on a worker."""
    found = _candidates(store, query, index, ranked=False)
    if found is None:
        return 0
    if found.match is None:
        return len(found.allowed)
    if found.check is None:
        return len(found.rows)
    return len(_checked(store, found.rows, found.check, len(found.rows))[0])


class _Candidates(NamedTuple):
    """What a query asks the store for: its FTS5 words (`match`; None: filters alone, `allowed` are the notes),
    the notes the filters allow (None: any), the matching rows (rowid, rank), and the phrase check, if any."""

    match: str | None
    allowed: set[int] | None
    rows: list[tuple[int, float]]
    check: Callable | None


def _candidates(store: IndexStore, query: str, index: VaultIndex | None, ranked: bool) -> _Candidates | None:
    """The rows `query` matches before its phrases are checked, best first when `ranked` (else in the index's
    order, with no rank): what a page of results and an exact count both start from. None: nothing matches
    (an empty query, filters that pass nothing, a query FTS5 cannot take)."""
    parsed = parse_query(query)
    if parsed.empty:
        return None
    conn = store.conn
    allowed = _filtered_ids(conn, parsed, index) if parsed.filtered else None
    if allowed is not None and not allowed:
        return None
    if not parsed.match:
        return _Candidates(None, allowed, [], None)
    fts = column_match(parsed.match)
    try:
        if ranked:
            rows = ranked_rows(conn, fts, allowed)
        else:
            rows = [(rowid, 0.0) for rowid in matching_rows(conn, fts) if allowed is None or rowid in allowed]
    except sqlite3.OperationalError as error:
        if _is_query_error(error):
            return None  # a query FTS5 cannot take: no results
        raise  # locked, full, corrupt: the store cannot serve (see `search_vault`)
    # phrases of several words: asked as their words, then checked (see fts_phrases)
    return _Candidates(parsed.match, allowed, rows, phrase_check(parsed.match))


def _results(store: IndexStore, match: str, check, ranked: list[tuple[int, float]]) -> list[SearchResult]:
    """The results of the `ranked` rows (rowid, rank) of the FTS5 query `match`: snippets and stamps."""
    conn = store.conn
    fts = column_match(match)
    ids = [rowid for rowid, _ in ranked]
    rows = rows_in(conn, "SELECT t.id, t.path, t.title, n.marks, n.video_id FROM search_text t "
                         "JOIN notes n ON n.path = t.path WHERE t.id IN ({0})", ids)
    texts = store.search_texts(row[1] for row in rows)  # made from the vault: the cache keeps no text
    notes = {rowid: (path, title, texts[path], stored_marks(blob), video) for rowid, path, title, blob, video in rows}
    # FTS5's snippet() grows with the square of a note's matches (4 MB: 5 s, 100k stamps: 98 s a query):
    # a big note's snippet is found here instead, over a bounded stretch of its text.
    # So is every snippet of a query with phrases: FTS5 would mark their words wherever they stand alone.
    big = {rowid for rowid, row in notes.items() if check is not None or len(row[2]) > BIG_NOTE_CHARS}
    snippets = _snippets(conn, fts, [rowid for rowid in ids if rowid not in big])
    if big:
        words = _match_pattern(match)
        for rowid in big:
            snippets[rowid] = (_bounded_snippet(notes[rowid][2], words), _bounded_snippet(notes[rowid][1], words))
    results = []
    for rowid, rank in ranked:
        if rowid not in notes:
            continue
        path, title, text, marks, video = notes[rowid]
        text_snippet, title_snippet = snippets.get(rowid, ("", ""))
        seconds = None
        if MARK_START in text_snippet:
            offset = match_offset(text_snippet, text, (MARK_START, MARK_END), ELLIPSIS)
            seconds = seconds_at(marks, offset) if offset is not None else None
            snippet = text_snippet
        else:  # only the title matched
            snippet = title_snippet
        url = youtube_url(video, seconds) if video and seconds is not None else None
        results.append(SearchResult(path, title, snippet, seconds, url, rank))
    return results


PHRASE_BATCH = 100  # candidates of a phrase query checked at a time


def _checked(store: IndexStore, ordered: list[tuple[int, float]], check,
             limit: int) -> tuple[list[tuple[int, float]], bool]:
    """The first `limit` of the `ordered` rows whose title and text pass `check`, read a batch at a time, and
    whether every row was read (then they are all the rows passing)."""
    passed: list[tuple[int, float]] = []
    for start in range(0, len(ordered), PHRASE_BATCH):
        rows = ordered[start:start + PHRASE_BATCH]
        titles = {rowid: (path, title) for rowid, path, title in rows_in(
            store.conn, "SELECT id, path, title FROM search_text WHERE id IN ({0})", [rowid for rowid, _ in rows])}
        for rowid, rank in rows:
            if rowid in titles:
                path, title = titles[rowid]
                if check(fold(title), fold(store.search_texts([path])[path])):
                    passed.append((rowid, rank))
                    if len(passed) == limit:
                        return passed, start + len(rows) >= len(ordered) and (rowid, rank) == rows[-1]
    return passed, True


MAX_CANDIDATES = 5000  # notes a phrase query hands to a caller that checks each one itself


def phrase_candidates(store: IndexStore, match: str, limit: int = MAX_CANDIDATES) -> list[str]:
    """The paths of the notes matching the FTS5 query `match` (its phrases as their words), unranked (bm25
    would read every one: see `fts_rank`): for a caller that checks each note's text itself
    (`mentions.unlinked_mentions`). A fault of the store is raised."""
    try:
        rows = store.conn.execute("SELECT t.path FROM search_index s JOIN search_text t ON t.id = s.rowid "
                                  "WHERE search_index MATCH ? LIMIT ?",
                                  (column_match(match), limit)).fetchall()
    except sqlite3.OperationalError as error:
        if _is_query_error(error):
            return []
        raise
    return [path for (path,) in rows]


def _filtered_ids(conn: sqlite3.Connection, query: Query, index: VaultIndex | None) -> set[int]:
    """The rowids of the notes passing every filter of `query`."""
    folders = [folder.casefold() for folder in query.folders]
    required = [_citing_notes(conn, index, video) for video in query.videos]
    required += [_linking_notes(index, name) for name in query.links]
    ids = set()
    for rowid, path in conn.execute("SELECT id, path FROM search_text"):
        folder = path.rpartition("/")[0].casefold()
        if all(folder.startswith(prefix) for prefix in folders) and all(path in paths for paths in required):
            ids.add(rowid)
    return ids


def _citing_notes(conn: sqlite3.Connection, index: VaultIndex | None, video: str) -> set[str]:
    """The notes citing `video`: their own video, or a stamp or link to it. The index knows them (found while
    parsing: `Note.video_links`, `Note.video_spans`); without one the store's rows are read."""
    if index is not None:
        return {path for path, note in index.notes.items()
                if note.video_id == video or video in note.video_links or video in note.video_spans}
    return {path for (path,) in conn.execute("SELECT path FROM notes WHERE video_id = ? OR instr(videos, ?)",
                                             (video, f'"{video}"'))}


def _linking_notes(index: VaultIndex | None, name: str) -> set[str]:
    """The notes linking the note or topic `name` names, resolved as a wiki-link `[[name]]` would be (a topic
    is one however it is spelled); none without a linked index."""
    if index is None or index.resolver is None:
        return set()
    path = index.resolve(name)
    if path is not None and path in index.notes:
        kind, key = "note", path
    else:
        kind, key = index.find(name) or ("topic", index.topic_key(name))
    return {mention.source for mention in index.mentions_of(kind, key)}


def _listed(store: IndexStore, ids: list[int], limit: int, offset: int = 0) -> list[SearchResult]:
    """The notes `ids` by title (`offset` to `offset + limit`), each with its beginning as the snippet: what
    filters alone find."""
    rows = rows_in(store.conn, "SELECT id, path, title FROM search_text WHERE id IN ({0})", ids)
    rows = sorted(rows, key=lambda row: (row[2].casefold(), row[1]))[offset:offset + limit]
    texts = store.search_texts(path for _, path, _ in rows)
    return [SearchResult(path, title, _bounded_snippet(texts[path], None), None, None, 0.0)
            for rowid, path, title in rows]


BIG_NOTE_CHARS = 100_000  # notes longer than this get their snippet from `_bounded_snippet`
SNIPPET_SCAN_CHARS = 2_000_000  # how far into a big note its snippet looks for a match
_SNIPPET_WORDS_BEFORE, _SNIPPET_WORDS_AFTER = 5, 10  # about FTS5's 16-token snippet
_QUOTED = re.compile(r'"([^"]*)"(\*?)')


def _match_pattern(match: str) -> re.Pattern[str] | None:
    """A pattern finding the words and phrases of an FTS query (`"a b"`, `"pre"*`) in text, case-insensitively;
    None when the query names none. Accents count here (FTS5 folds them): a word written with other accents
    is not marked, and the snippet then shows the note's beginning."""
    parts = []
    for phrase, star in _QUOTED.findall(match):
        words = [re.escape(word) for word in phrase.split()]
        if words:
            parts.append(r"(?<!\w)" + r"\W+".join(words) + (r"\w*" if star else r"(?!\w)"))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _bounded_snippet(text: str, pattern: re.Pattern[str] | None) -> str:
    """A stretch of `text` around its first match of `pattern` (looked for in the first SNIPPET_SCAN_CHARS),
    matches marked and cuts shown by an ellipsis, as FTS5's snippet() gives, at a cost bounded whatever the
    text's length; the text's beginning when no match is found."""
    found = pattern.search(text, 0, SNIPPET_SCAN_CHARS) if pattern is not None else None
    at = found.start() if found else 0
    before = [m.start() for m in _WORD.finditer(text, max(0, at - 400), at)][-_SNIPPET_WORDS_BEFORE:]
    start = before[0] if before else at
    after = list(itertools.islice(_WORD.finditer(text, at, at + 2000), _SNIPPET_WORDS_AFTER + 1))
    end = after[-1].end() if after else min(len(text), at + 200)
    if found is not None:
        end = max(end, found.end())
    stretch = text[start:end]
    if pattern is not None:
        stretch = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", stretch)
    return (ELLIPSIS if start > 0 else "") + stretch + (ELLIPSIS if end < len(text) else "")


_PREFIX_PART = re.compile(r'"([^"]*)"\*')
MAX_PREFIX_TERMS = 1000


def _snippets(conn: sqlite3.Connection, match: str, ids: list[int]) -> dict[int, tuple[str, str]]:
    """The snippets of each note in `ids` (of its text, and of its title), matches marked.

    FTS5 finds a prefix query's matches in one note by merging the lists of every term with that prefix
    up to it: ~1 ms a note for `demog*`. The vocabulary names those terms, and an OR of them marks the
    same words at a fraction of the cost.
    """
    if not ids:
        return {}
    marks = f"'{MARK_START}', '{MARK_END}', '{ELLIPSIS}', 16"
    sql = (f"SELECT rowid, snippet(search_index, 1, {marks}), snippet(search_index, 0, {marks}) "
           f"FROM search_index WHERE search_index MATCH ? AND rowid IN ({','.join('?' * len(ids))})")
    try:
        rows = conn.execute(sql, [_expand_prefixes(conn, match), *ids]).fetchall()
    except sqlite3.OperationalError as error:  # the expansion could not be written as a query: the plain one
        if not _is_query_error(error):
            raise
        rows = conn.execute(sql, [match, *ids]).fetchall()
    return {rowid: (text, title) for rowid, text, title in rows}


def _expand_prefixes(conn: sqlite3.Connection, match: str) -> str:
    """`match` with each `"pre"*` replaced by an OR of the indexed terms starting with it (where few enough)."""
    if "*" not in match:
        return match
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, search_index, row)")

    def expand(part: re.Match) -> str:
        prefix = fold(part.group(1))
        terms = [row[0] for row in conn.execute(
            "SELECT term FROM temp.search_terms WHERE term >= ? AND term < ? LIMIT ?",
            (prefix, prefix + "\U0010ffff", MAX_PREFIX_TERMS + 1))]
        if not prefix or not terms or len(terms) > MAX_PREFIX_TERMS or any('"' in t for t in terms):
            return part.group(0)
        return "(" + " OR ".join(f'"{term}"' for term in terms) + ")"

    return _PREFIX_PART.sub(expand, match)


def _is_query_error(error: sqlite3.Error) -> bool:
    """Whether SQLite refused the query itself (SQLITE_ERROR: FTS5 syntax), not the database."""
    return (getattr(error, "sqlite_errorcode", 1) or 1) & 0xFF == 1


# ------------------------------------------------------------------ search that always answers

_memory_stores: dict[tuple, tuple[object, IndexStore]] = {}  # (root, setting, id(index)) -> (index, memory store)
_memory_lock = threading.Lock()


T = TypeVar("T")


def search_vault(root: Path, index: VaultIndex | None, timestamp_format: str | None, query: str,
                 limit: int = PAGE_SIZE, cache: Path | None = None, refresh: bool = False) -> list[SearchResult]:
    """The first `limit` results of `query` in the vault (see `search_vault_page`)."""
    return search_vault_page(root, index, timestamp_format, query, limit, cache=cache, refresh=refresh).results


def search_vault_page(root: Path, index: VaultIndex | None, timestamp_format: str | None, query: str,
                      limit: int = PAGE_SIZE, offset: int = 0, cache: Path | None = None, refresh: bool = False,
                      exact: bool = False, progress: Progress | None = None) -> SearchPage:
    """What the search panel and `--search` ask: results `offset` to `offset + limit` of `query` and how many
    notes match, from the vault's cache, or, when the cache cannot serve (locked, corrupt, disk full,
    refused), from the notes read into a database in memory: the same results a healthy cache gives, never
    an empty or partial list. `index` is the in-memory index when there is one (its notes are the ones
    searched then; else the vault is scanned). `refresh` brings the cache up to date with the vault first
    (`--search`; the window's loader does that itself). `exact`: a phrase query's total is counted too
    (it reads every candidate note: see `count_matches`)."""
    def work(store: IndexStore) -> SearchPage:
        linked = _linked(root, store, index, query)
        page = search_page(store, query, limit, linked, offset)
        if exact and not page.exact:
            page = SearchPage(page.results, count_matches(store, query, linked), offset)
        return page

    return answer_from_vault(root, index, timestamp_format, work, cache, refresh, progress=progress)


def count_in_vault(root: Path, index: VaultIndex | None, timestamp_format: str | None, query: str,
                   cache: Path | None = None) -> int:
    """How many notes of the vault match `query`, exactly (`count_matches`), from where a search is answered."""
    return answer_from_vault(root, index, timestamp_format,
                             lambda store: count_matches(store, query, _linked(root, store, index, query)), cache)


def _linked(root: Path, store: IndexStore, index: VaultIndex | None, query: str) -> VaultIndex | None:
    """The index a query is answered with: `index`, or for `links:` without one the vault's, read from `store`."""
    if index is None and parse_query(query).links:  # `links:` needs the vault's links resolved
        return _linked_index(root, store)
    return index


def answer_from_vault(root: Path, index: VaultIndex | None, timestamp_format: str | None,
                      work: Callable[[IndexStore], T], cache: Path | None = None, refresh: bool = False,
                      fill: bool = True, progress: Progress | None = None) -> T | None:
    """`work(store)` on the vault's cache, or, when the cache cannot serve, on the notes of `index` (else of
    the vault) read into a database in memory: what search and the unlinked mentions both ask. Without
    `fill`, a memory database is used only when a search already filled it (else None): reading the whole
    vault again is for a search the user asked, not for a page's side section."""
    from desktop.core.loader import open_store, update_store

    root = Path(root).resolve()
    store = open_store(root, cache, timestamp_format, restamp=refresh)  # a reader leaves the setting to the load
    try:
        if refresh:
            update_store(root, store, progress)  # into memory, whole, when the cache cannot take it
        if refresh or not (store.in_memory or store.fresh or not _cache_holds(store, index)):
            # (a new empty cache knows no notes yet; a cache behind the index missed a live change)
            try:
                return work(store)
            except sqlite3.Error as error:
                if store.in_memory:
                    raise
                log.warning("search: the index cache cannot serve (%s): searching the notes in memory", error)
                store.recover(error)  # a corrupt cache is replaced (the next load fills it), any other left alone
    finally:
        store.close()
    with _memory_lock:  # one connection shared by the panel's query threads
        if not fill and _kept(root, index, timestamp_format) is None:
            return None
        return work(_filled(root, index, timestamp_format))


# The last check of a cache against an index: (db path, id(index)) -> (index, the cache file's stamp, holds).
_held: dict[tuple, tuple] = {}
_MOD = 1_000_000_007  # mtimes summed modulo this (SQLite's sum of 21k nanosecond times overflows 64 bits)


def _cache_holds(store: IndexStore, index: VaultIndex | None) -> bool:
    """Whether the cache holds the notes of `index` as the index has them. A live change the cache could not
    take (locked by another process, a full disk) is in the window's index only: searched, the cache would
    miss it (QA: words added while another process held the cache were found by `--search`, not by the
    panel). Checked again only when the index or the cache file changed: a count and two sums of the notes
    table, ~10 ms at the public vault."""
    if index is None or not index.complete:  # a load under way fills the cache as it reads: not behind
        return True
    try:
        stamp = tuple((info.st_size, info.st_mtime_ns) for info in
                      (os.stat(f"{store.db_path}{suffix}") for suffix in ("", "-wal") if
                       os.path.exists(f"{store.db_path}{suffix}")))
    except OSError:
        return True  # the cache's own errors are met where it is read
    key = (str(store.db_path), id(index))
    kept = _held.get(key)
    if kept is not None and kept[0] is index and kept[1] == stamp:
        return kept[2]
    notes = index.notes.values()
    mine = (len(index.notes), sum(note.size for note in notes), sum(note.mtime_ns % _MOD for note in notes))
    try:
        stored = store.conn.execute(f"SELECT count(*), coalesce(sum(size), 0), coalesce(sum(mtime_ns % {_MOD}), 0) "
                                    "FROM notes").fetchone()
    except sqlite3.Error:
        return True  # the search meets the fault itself, and answers from memory
    holds = tuple(stored) == mine or not _index_ahead(store, index)
    if not holds:
        log.info("search: the cache is behind the notes in memory (a change it could not take): searching those")
    _held.clear()  # one index searched at a time
    _held[key] = (index, stamp, holds)
    return holds


def _index_ahead(store: IndexStore, index: VaultIndex) -> bool:
    """Whether `index` holds a note the cache lacks, or a newer reading of one (a later mtime): a change the
    cache could not take. A cache ahead of the index (another window stored a change this one reads in a
    moment) still answers: reading the whole vault into memory for that would cost seconds at 21k notes."""
    try:
        stored = {path: (size, mtime) for path, size, mtime in store.conn.execute(
            "SELECT path, size, mtime_ns FROM notes")}
    except sqlite3.Error:
        return False
    for path, note in index.notes.items():
        kept = stored.get(path)
        if kept is None or (kept != (note.size, note.mtime_ns) and kept[1] < note.mtime_ns):
            return True
    return False


def _linked_index(root: Path, store: IndexStore) -> VaultIndex | None:
    """The vault's index read from the (current) cache, for `links:` asked without one (`--search`)."""
    from desktop.core.loader import load_vault

    try:
        return load_vault(root, store=store)
    except (sqlite3.Error, OSError) as error:
        log.warning("search: cannot read the vault's links (%s): links: matches nothing", error)
        return None


def _kept(root: Path, index: VaultIndex | None, timestamp_format: str | None) -> IndexStore | None:
    """The memory store already filled for `index`, if any. Call with the lock held."""
    kept = _memory_stores.get((str(root), timestamp_format, id(index)))
    return kept[1] if kept is not None and kept[0] is index else None


def _filled(root: Path, index: VaultIndex | None, timestamp_format: str | None) -> IndexStore:
    """A memory store holding the search text of the notes of `index` (else of the vault), kept while that
    index (or vault) is the one searched, so only the first query after a fault reads the notes. Call with
    the lock held."""
    from desktop.core.loader import fill_store

    kept = _kept(root, index, timestamp_format)
    if kept is not None:
        return kept
    key = (str(root), timestamp_format, id(index))
    store = IndexStore(Path(":memory:"), root, timestamp_format, memory=True)
    fill_store(root, store, index)
    for _, old_store in _memory_stores.values():
        old_store.close()
    _memory_stores.clear()
    _memory_stores[key] = (index, store)
    return store


def _search_in_memory(root: Path, index: VaultIndex | None, timestamp_format: str | None, query: str,
                      limit: int) -> list[SearchResult]:
    with _memory_lock:  # one connection shared by the panel's query threads
        store = _filled(root, index, timestamp_format)
        return search(store, query, limit, _linked(root, store, index, query))
