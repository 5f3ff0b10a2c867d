"""The persistent index: one SQLite database per vault in the user's cache folder, updated incrementally.

A note is parsed again only when its size or mtime changed; rows of deleted or renamed files are dropped.
What is kept per note is what the index needs without reading the file (title, aliases, links with their
sentences, the marks of its search text, video spans); the body is read from the vault when a note is
shown, and its stamps with their sentences then (`search_text.StampsOfNote`). Search runs on an FTS5 table with one row per note: its title,
and its text as passages (see `search_text`) with the second each one cites. The cache keeps no copy of
that text: the FTS5 table reads it through the `search_content` view, whose `vault_text` (registered on
every connection) makes it again from the note in the vault. Rows of notes changed or removed since they
were indexed are never deleted from the FTS5 index (that would need their old text); they are left out of
every query and the index is rebuilt when they grow many (`compact`). The vault itself is only ever read.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import operator
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import lz4.block

from desktop.core.model import FileWarning, Link, Note
from desktop.core.search_text import StampsOfNote, note_marks, pack_note
from desktop.core.videos import VideoSpan

log = logging.getLogger(__name__)

# 6: each note's video links and spans (`videos`). 7: the search text kept once, compressed with the stamps
# (`search_text.pack_note`), read by the FTS5 table through a view; links compressed. 8: the FTS5 index keeps
# no positions (`detail=column`: less than half the size; phrases are checked on the text, `fts_phrases`).
# 9: no text kept: the FTS5 table reads the note from the vault (`vault_text`), stale rows left (`compact`).
# 10: a note's search marks as an array of integers, not compressed JSON (`search_text.pack_marks`); its links'
# JSON an LZ4 block, not zlib (`pack_links`). 11: the marks' passages by their lengths, 16 bits each if they fit.
SCHEMA_VERSION = 11
# Bump when reading a note gives different results (contexts, stamp rules, links): cached parses are then
# stale, and the store is rebuilt rather than serving them.
PARSER_VERSION = 12  # 8-9: stamp forms of the public vault ([00:01:37], [[02:15:01]], four parts, broken anchors), ```markdown-wrapped bodies; 10: ```ad-note admonitions read as Markdown; 11: a stamp past a day is no time, a stamp tag read up to 1,000 characters; 12: a sentence starting with a relative path ("../x") keeps its dots, a note is read up to 1 MB (was 4)
_VERSION = f"{SCHEMA_VERSION}.{PARSER_VERSION}"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE notes (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    title TEXT NOT NULL, aliases TEXT NOT NULL, video_id TEXT, timestamp_format TEXT,
    warnings TEXT NOT NULL, links BLOB NOT NULL, marks BLOB NOT NULL, videos TEXT NOT NULL
);
CREATE TABLE skipped (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                      message TEXT NOT NULL);
CREATE TABLE search_text (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, title TEXT NOT NULL);
CREATE TABLE snapshot (generation INTEGER NOT NULL, form TEXT NOT NULL, value BLOB NOT NULL);
CREATE VIEW search_content AS
    SELECT t.id AS id, t.title AS title, vault_text(t.path) AS text FROM search_text t;
CREATE VIRTUAL TABLE search_index USING fts5(
    title, text, content = 'search_content', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', detail = column
);
"""


_OTHER_SETTING = "other setting"  # `_usable`'s answer to a reader when the stamps were read another way
_DAMAGED = "damaged"  # `_usable`'s answer when a row was found damaged since (`IndexStore.mark_damaged`)


def database_path(cache_dir: Path, vault: Path) -> Path:
    """One database per vault, named by a hash of the vault's real path."""
    digest = hashlib.sha1(str(Path(vault).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(cache_dir) / "index" / f"{Path(vault).name[:40] or 'vault'}-{digest}.sqlite3"


def has_current_snapshot(db_path: Path, vault: Path, form: str) -> bool:
    """Whether the store of `vault` holds a names snapshot (format `form`) of its current state; only reads.

    For a helper that must not touch the store: any doubt (no file, locked, another version) says False.
    """
    if not Path(db_path).is_file():
        return False
    try:
        conn = sqlite3.connect(f"{Path(db_path).as_uri()}?mode=ro", uri=True, timeout=0.5)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('schema', 'vault', 'generation', "
                                     "'damaged')"))
            if (meta.get("schema") != _VERSION or meta.get("vault") != str(Path(vault).resolve())
                    or "damaged" in meta):
                return False
            row = conn.execute("SELECT generation, form FROM snapshot").fetchone()
            return row is not None and (str(row[0]), row[1]) == (meta.get("generation", "0"), form)
        finally:
            conn.close()
    except sqlite3.Error:
        return False


# What went wrong with a cache database, read from SQLite's primary result code (`sqlite_errorcode & 0xff`).
LOCKED, FULL, CORRUPT, UNUSABLE = "locked", "full", "corrupt", "unusable"
_FAULTS = {5: LOCKED, 6: LOCKED, 13: FULL, 11: CORRUPT, 26: CORRUPT}  # BUSY, LOCKED, FULL, CORRUPT, NOTADB
# "could not decode": text read back that is not UTF-8, which this cache never writes (a byte flipped inside a
# row: SQLite's own checks see nothing wrong)
_FAULT_WORDS = (("locked", LOCKED), ("busy", LOCKED), ("full", FULL), ("malformed", CORRUPT),
                ("not a database", CORRUPT), ("could not decode", CORRUPT))


def cache_fault(error: BaseException) -> str:
    """LOCKED (another process holds it), FULL (no room on the disk), CORRUPT (the file is proven damaged or
    not a database) or UNUSABLE (anything else: unwritable, cannot be opened...). Only CORRUPT justifies
    replacing the file; the others leave a valid cache alone."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _FAULTS:
        return _FAULTS[code & 0xFF]
    message = str(error).lower()
    return next((fault for word, fault in _FAULT_WORDS if word in message), UNUSABLE)


def _disk_full(folder: Path) -> bool:
    """Whether the filesystem holding `folder` (or, not made yet, the folder it would be made in) has (next to)
    no room left: SQLite reports a write that failed for want of space on its shared-memory file as a plain
    I/O error."""
    from desktop.core.vault import existing_folder

    existing = existing_folder(folder)
    try:
        return existing is not None and shutil.disk_usage(existing).free < 1024 * 1024
    except OSError:
        return False


class DamagedRow(sqlite3.DatabaseError):
    """A row of the cache that reads back as nothing this app writes (a blob that does not decompress, JSON
    that does not parse, a value of the wrong type): a byte changed inside a row, which SQLite's own checks
    do not see. A `sqlite3.DatabaseError` whose message says "malformed", so every caller that carries on
    after a fault of the cache (`IndexStore.recover`, `loader.with_store`, search) replaces it as corrupt."""

    def __init__(self, what: str, error: BaseException):
        super().__init__(f"database disk image is malformed: {what} reads back damaged "
                         f"({type(error).__name__}: {error})")


# What decoding a damaged row raises: LZ4BlockError, json's ValueError (also UnicodeDecodeError), TypeError (a
# blob where text was kept, None), KeyError/IndexError/AttributeError (JSON of another shape).
ROW_DAMAGE = (lz4.block.LZ4BlockError, ValueError, TypeError, KeyError, IndexError, AttributeError)


@contextmanager
def reading_row(what: str) -> Iterator[None]:
    """Decode a row of the cache inside this: damage found (`ROW_DAMAGE`) is raised as a `DamagedRow`."""
    try:
        yield
    except ROW_DAMAGE as error:
        raise DamagedRow(what, error) from error


def stored_marks(blob: bytes) -> list:
    """`search_text.note_marks` of a stored blob; a damaged one raises `DamagedRow`."""
    with reading_row("a note's search marks"):
        return note_marks(blob)


_said: set = set()  # the faults logged as warnings so far in this process (`_say_once`)


def _say_once(level: int, message: str, *args, once: object) -> None:
    """Log a fault as a warning the first time this process meets it (`once`: what it is), then as info: a
    window opens the cache from several places (the load, searches, pages), and said the same four times."""
    log.log(level if once not in _said else logging.INFO, message, *args)
    _said.add(once)


_FAULT_SAYS = {
    LOCKED: "is locked by another process: leaving it as it is and keeping this index in memory",
    FULL: "cannot grow (the disk is full): keeping it as it is and this index in memory",
    UNUSABLE: "cannot be used: keeping this index in memory",
}


class IndexStore:
    """The cached parse results of one vault's notes, and its full-text search table.

    Never a crash, never wrong results: a fault met at any point (`recover`) either replaces a database
    proven corrupt, or leaves the file alone and carries on with an empty database in memory, which the
    caller fills again from the vault.
    """

    def __init__(self, db_path: Path, vault: Path, timestamp_format: str | None = None, memory: bool = False,
                 restamp: bool = True):
        self.db_path = Path(db_path)
        # False for a reader (a search, a page's side section): a database read with another stamp setting is
        # left as it is (the reader works in memory), never switched back under the load that switched it.
        self.restamp = restamp
        self.vault = str(Path(vault).resolve())
        self.timestamp_format = timestamp_format or ""  # notes were read with this vault setting
        self.read_only = False  # True when the index is kept in memory: nothing reaches the cache folder
        self.fresh = False  # True when the database was (re)created empty by this store: it knows no notes yet
        self.made_here = False  # True when this store made the database's tables (a new file, or rebuilt)
        self.conn = self._memory() if memory else self._open()

    @property
    def in_memory(self) -> bool:
        return self.read_only

    # ------------------------------------------------------------------ opening, never crashing

    def _open(self) -> sqlite3.Connection:
        """Open the database, rebuilding it when proven corrupt, foreign or of another schema; in memory when it
        is locked, the disk is full, the folder is unwritable or lies inside the vault."""
        from desktop.core.vault import is_inside

        if is_inside(self.vault, self.db_path.parent):
            log.warning("the cache folder %s is inside the vault %s: keeping the index in memory (the app never "
                        "writes into a vault)", self.db_path.parent, self.vault)
            return self._memory()
        # the database (or its journal) a link into the vault: SQLite would write through it, and put its journal
        # beside the file it leads to (QA: a vault's own SQLite file was switched to WAL)
        linked = [path for path in (self.db_path, *(Path(f"{self.db_path}{end}") for end in ("-wal", "-shm")))
                  if path.is_symlink() and is_inside(self.vault, path.resolve())]
        if linked:
            log.warning("the cache file %s leads into the vault %s: keeping the index in memory (the app never "
                        "writes into a vault)", linked[0], self.vault)
            return self._memory()
        if not self.db_path.exists():
            if not self.restamp:  # a reader (a search, a page's side section): nothing to read, and no file made
                return self._memory()
            self.made_here = True  # removed if the disk cannot hold it (`_after`)
            if _disk_full(self.db_path.parent):  # no new file on a disk with no room
                return self._after(sqlite3.OperationalError("database or disk is full (no room for a new "
                                                            "database)"))
        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connected(str(self.db_path))
            try:
                current = self._usable(conn)
            except sqlite3.Error:
                conn.close()
                raise
            if current is _OTHER_SETTING:
                conn.close()
                log.info("index database %s holds stamps read with another setting: this reader works in memory",
                         self.db_path)
                return self._memory()
            if current is _DAMAGED:
                log.warning("index database %s was found damaged (%s): rebuilding it", self.db_path,
                            conn.execute("SELECT value FROM meta WHERE key = 'damaged'").fetchone()[0])
            elif current:
                return conn
            else:
                log.warning("index database %s is of another version, vault or stamp setting, or not this app's: "
                            "rebuilding it", self.db_path)
            conn.close()
            return self._fresh()
        except (sqlite3.Error, OSError) as error:
            return self._after(error)

    def _after(self, error: BaseException) -> sqlite3.Connection:
        """The connection to carry on with after `error`: a new database if the old one is proven corrupt,
        else one in memory (the file left alone)."""
        fault = cache_fault(error) if isinstance(error, sqlite3.Error) else UNUSABLE
        if fault == UNUSABLE and _disk_full(self.db_path.parent):  # SQLite may say only "disk I/O error"
            fault = FULL
        if fault == CORRUPT:
            log.warning("index database %s is corrupt (%s): replacing it", self.db_path, error)
            try:
                return self._fresh()
            except (sqlite3.Error, OSError) as again:
                error, fault = again, cache_fault(again) if isinstance(again, sqlite3.Error) else UNUSABLE
        says = _FAULT_SAYS.get(fault, _FAULT_SAYS[UNUSABLE])
        if fault == FULL and self.made_here:  # no database was there to keep
            says = "cannot be made (the disk is full): keeping this index in memory"
        _say_once(logging.WARNING, "index database %s %s (%s)", self.db_path, says, error, once=(self.db_path, fault))
        if fault == FULL and self.made_here:
            self._give_room_back()
        return self._memory()

    def _give_room_back(self) -> None:
        """Remove the database this store began and the disk could not hold: a part of a cache, which would
        keep the disk full for good (a connection another process has open keeps its files until it closes)."""
        try:
            self._remove_files()
        except OSError as error:
            log.info("index database %s: not removed (%s)", self.db_path, error)
            return
        log.info("index database %s: the part the disk could hold removed", self.db_path)

    def check_room(self) -> None:
        """Raise the fault a write would meet when the disk of the database has no room left: a load finds
        it out before it reads notes to store, which it then reads once, into memory, not twice."""
        if not self.read_only and _disk_full(self.db_path.parent):
            raise sqlite3.OperationalError("database or disk is full (no room left before writing)")

    def _fresh(self) -> sqlite3.Connection:
        self.fresh = self.made_here = True
        self._remove_files()
        conn = self._connected(str(self.db_path))
        try:
            self._create(conn)
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _memory(self) -> sqlite3.Connection:
        self.read_only = True
        conn = self._connected(":memory:")
        self._create(conn)
        return conn

    def recover(self, error: sqlite3.Error) -> None:
        """Carry on after `error` met while using the store: a corrupt database is replaced by an empty one,
        anything else leaves the file alone and switches to an empty database in memory. Either way the
        caller fills the store again from the vault. A fault of the memory database itself is raised."""
        if self.read_only:
            raise error
        try:
            # A database that holds no note yet (begun by this run's first stage, say) is no cache to keep
            self.made_here = self.made_here or self.conn.execute("SELECT 1 FROM notes LIMIT 1").fetchone() is None
        except sqlite3.Error:
            pass
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
        self.conn = self._after(error)

    def mark_damaged(self, error: BaseException) -> None:
        """A row was found damaged after the store was read (a note's links decoded when its page is shown):
        the database is marked so the next load rebuilds it (`_usable`), rather than replaced under the loads
        and searches that may have it open now. A database that cannot take the mark is replaced at once."""
        log.warning("index database %s: %s: it will be rebuilt on the next load", self.db_path, error)
        if self.read_only:
            return
        try:
            with self.transaction() as conn:
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('damaged', ?)", (str(error),))
        except sqlite3.Error as again:
            self.recover(again if cache_fault(again) != CORRUPT else DamagedRow("the mark of a damaged row", again))

    def _connected(self, target: str) -> sqlite3.Connection:
        """A connection to `target` with the function the FTS5 table reads the notes' text through."""
        conn = self._connect(target)
        conn.create_function("vault_text", 1, functools.partial(vault_text, self.vault))
        return conn

    @staticmethod
    def _connect(target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=2.0, check_same_thread=False, isolation_level=None)
        # A new database's pages (no effect on an existing one): a note's row is ~2 KB, and 4 KB pages held
        # one each, a third of every page left empty.
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        conn.execute("PRAGMA journal_mode=WAL") if target != ":memory:" else None
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def _usable(self, conn: sqlite3.Connection) -> bool:
        """Whether the database is ours and current; a new empty one is set up (atomically: two loads of one
        vault may open it at the same moment)."""
        try:
            if not self._tables(conn):  # read first: a reader of a cache another process is writing never waits
                conn.execute("BEGIN IMMEDIATE")
                try:
                    if not self._tables(conn):
                        self.fresh = self.made_here = True  # a new database: it knows no notes yet
                        self._create(conn, in_transaction=True)
                finally:
                    conn.execute("COMMIT")
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            if "damaged" in meta:
                return _DAMAGED
            if meta.get("schema") != _VERSION or meta.get("vault") != self.vault:
                return False
            conn.execute("SELECT path FROM notes LIMIT 1").fetchall()
            if meta.get("timestamp_format", "") != self.timestamp_format:
                if not self.restamp:
                    return _OTHER_SETTING
                self._restamp(conn)
            return True
        except sqlite3.DatabaseError as error:
            if (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF != 1:  # locked, full, corrupt, read-only...
                raise  # the caller decides from what it was
            return False  # SQLITE_ERROR (no such table...): another app's database, to be replaced

    @staticmethod
    def _tables(conn: sqlite3.Connection) -> set[str]:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def _restamp(self, conn: sqlite3.Connection) -> None:
        """The vault's timestamp setting changed: keep the database, but make every note stale (its size no
        file has), so the next update reads each one again with the new setting."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("UPDATE notes SET size = -1")
            # every note is stored again: the search index starts empty rather than keep a stale row of each
            conn.execute("DELETE FROM search_text")
            conn.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
            conn.execute("DELETE FROM meta WHERE key = 'stale'")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('timestamp_format', ?)", (self.timestamp_format,))
            conn.execute("INSERT OR REPLACE INTO meta SELECT 'generation', CAST(coalesce((SELECT CAST(value AS "
                         "INTEGER) FROM meta WHERE key = 'generation'), 0) + 1 AS TEXT)")  # snapshots are stale
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        log.info("index database %s: timestamp setting now %r, every note to be read again", self.db_path,
                 self.timestamp_format or "auto")

    def _create(self, conn: sqlite3.Connection, in_transaction: bool = False) -> None:
        if not in_transaction:
            conn.execute("BEGIN")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.executemany("INSERT INTO meta VALUES (?, ?)",
                         [("schema", _VERSION), ("vault", self.vault),
                          ("timestamp_format", self.timestamp_format), ("created", str(time.time()))])
        # FTS5 merges 16 segments of a level instead of 4: a cold index of the public vault spent a quarter
        # less CPU in its FTS5 inserts (1.9 -> 1.4 s), and queries took as long (`tests/benchmarks/bench_fts.py`)
        conn.execute("INSERT INTO search_index (search_index, rank) VALUES ('automerge', 16)")
        conn.execute("INSERT INTO search_index (search_index, rank) VALUES ('hashsize', ?)", (FTS_HASH_BYTES,))
        if not in_transaction:
            conn.execute("COMMIT")

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.remove(str(self.db_path) + suffix)
            except FileNotFoundError:
                pass

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # SQLite already rolled back after some errors (a full disk)
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # ------------------------------------------------------------------ reading

    def is_empty(self) -> bool:
        """Whether the store has no result for any file yet (a cold load reads every note)."""
        return self.conn.execute("SELECT EXISTS (SELECT 1 FROM notes) OR EXISTS (SELECT 1 FROM skipped)").fetchone()[0] == 0

    def known_files(self) -> dict[str, tuple[int, int]]:
        """(size, mtime_ns) of every file the store has a result for, parsed or skipped."""
        rows = self.conn.execute("SELECT path, size, mtime_ns FROM notes UNION ALL "
                                 "SELECT path, size, mtime_ns FROM skipped")
        return {path: (size, mtime) for path, size, mtime in rows}

    def load_notes(self, paths: Iterable[str] | None = None, stamps: bool = True) -> list[Note]:
        """Notes as stored (without body: `VaultIndex.body_of` reads it when needed); their stamps read from
        the vault when first asked for (`StampsOfNote`), or none unless `stamps`."""
        query = "SELECT path, size, mtime_ns, title, aliases, video_id, timestamp_format, warnings, links, " \
                "NULL, videos FROM notes"
        if paths is None:
            rows = self.conn.execute(query)
        else:
            rows = rows_in(self.conn, query + " WHERE path IN ({0})", list(paths))
        setting, root = self.timestamp_format or None, self.vault if stamps else None
        notes: list[Note] = []
        row = None
        try:
            for row in rows:
                notes.append(note_from_row(row, root, setting))
        except ROW_DAMAGE as error:  # (one try for all rows: a context per row cost the load)
            raise DamagedRow(f"the row of {row[0]!r}", error) from error
        return notes

    def load_names(self) -> list[Note]:
        """Notes with only what the tree and link resolution need: path, title, aliases, video id."""
        rows = self.conn.execute("SELECT path, size, mtime_ns, title, aliases, video_id FROM notes")
        with reading_row("a note's names"):
            return [Note(path=p, title=t, body=None, aliases=[] if a == "[]" else _aliases(a), video_id=v,
                         size=s, mtime_ns=m) for p, s, m, t, a, v in rows if _names_typed(p, s, m, t, v)]

    def load_attachments(self) -> list[str] | None:
        """The vault's other files as of the last full scan; None before the first one completed."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'attachments'").fetchone()
        if not row:
            return None
        with reading_row("the list of attachments"):
            paths = json.loads(row[0])
            if not isinstance(paths, list) or not all(isinstance(path, str) for path in paths):
                raise TypeError("not a list of paths")
            return paths

    def save_attachments(self, paths: list[str]) -> None:
        """Remember the other files (the last thing a full scan stores: its presence means the cache is whole)."""
        value = json.dumps(paths, ensure_ascii=False)
        if self.load_attachments() != paths:
            with self.transaction() as conn:
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('attachments', ?)", (value,))
                self._changed(conn)

    def generation(self) -> int:
        """How many times the store changed: a snapshot is good only for the generation it was taken of."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def load_snapshot(self, form: str) -> bytes | None:
        """The snapshot in format `form` taken of the store as it is now (see `save_snapshot`), or None."""
        row = self.conn.execute("SELECT s.value FROM snapshot s JOIN meta m ON m.key = 'generation' "
                                "WHERE s.generation = CAST(m.value AS INTEGER) AND s.form = ?", (form,)).fetchone()
        return bytes(row[0]) if row else None

    def has_snapshot(self, generation: int, form: str) -> bool:
        return self.conn.execute("SELECT 1 FROM snapshot WHERE generation = ? AND form = ?",
                                 (generation, form)).fetchone() is not None

    def save_snapshot(self, generation: int, form: str, value: bytes) -> bool:
        """Keep `value` (format `form`), derived from the store at `generation`, unless the store changed since
        (then False). The names stage of a warm start reads it in one piece instead of rebuilding it."""
        with self.transaction() as conn:
            if self.generation() != generation:
                return False
            conn.execute("DELETE FROM snapshot")
            conn.execute("INSERT INTO snapshot VALUES (?, ?, ?)", (generation, form, value))
        return True

    def _changed(self, conn: sqlite3.Connection) -> None:
        """Mark a change (inside a write transaction): snapshots of the store as it was are stale now."""
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(self.generation() + 1),))

    def load_skipped(self) -> list[FileWarning]:
        return [FileWarning(p, m) for p, m in self.conn.execute("SELECT path, message FROM skipped")]

    # ------------------------------------------------------------------ writing

    def save(self, notes: Iterable[tuple[tuple, str]], skipped: Iterable[tuple[FileWarning, int, int]] = (),
             removed: Iterable[str] = ()) -> None:
        """Store parsed notes (each a `note_row` with its search text), skipped files, and forget removed
        paths: one transaction, so a load can store each chunk of notes as soon as it is read."""
        notes, skipped, removed = list(notes), list(skipped), list(removed)
        with self.transaction() as conn:
            self._changed(conn)
            paths = [row[0] for row, _ in notes] + [warning.path for warning, _, _ in skipped]
            # read under the write lock: another instance may have saved these meanwhile
            known = {path for (path,) in rows_in(conn, "SELECT path FROM notes WHERE path IN ({0}) UNION ALL "
                                                         "SELECT path FROM skipped WHERE path IN ({0})", paths, 2)}
            for path in removed:
                self._forget(conn, path)
            for warning, size, mtime in skipped:
                if warning.path in known:
                    self._forget(conn, warning.path)
                conn.execute("INSERT INTO skipped VALUES (?, ?, ?, ?)", (warning.path, size, mtime, warning.message))
            for row, _ in notes:
                if row[0] in known:
                    self._forget(conn, row[0])
            conn.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [row for row, _ in notes])
            first = self._next_search_id(conn)
            conn.executemany("INSERT INTO search_text (id, path, title) VALUES (?, ?, ?)",
                             [(first + i, row[0], row[3]) for i, (row, _) in enumerate(notes)])
            conn.executemany("INSERT INTO search_index (rowid, title, text) VALUES (?, ?, ?)",
                             [(first + i, row[3], text) for i, (row, text) in enumerate(notes)])

    @staticmethod
    def _next_search_id(conn: sqlite3.Connection) -> int:
        """A rowid no FTS5 row ever had: a stale row (`_forget`) keeps its id in the index."""
        return max(conn.execute("SELECT coalesce(max(id), 0) FROM search_text").fetchone()[0],
                   conn.execute("SELECT coalesce(max(id), 0) FROM search_index_docsize").fetchone()[0]) + 1

    @staticmethod
    def _forget(conn: sqlite3.Connection, path: str) -> None:
        # The FTS5 row stays (its old text, which deleting it needs, is gone with the note): no longer in
        # `search_text`, it is left out of every query, and counted for `compact`.
        if conn.execute("DELETE FROM search_text WHERE path = ?", (path,)).rowcount:
            conn.execute("INSERT OR REPLACE INTO meta SELECT 'stale', CAST(coalesce((SELECT CAST(value AS "
                         "INTEGER) FROM meta WHERE key = 'stale'), 0) + 1 AS TEXT)")
        conn.execute("DELETE FROM notes WHERE path = ?", (path,))
        conn.execute("DELETE FROM skipped WHERE path = ?", (path,))


    def stale_rows(self) -> int:
        """FTS5 rows of notes changed or removed since they were indexed (see `_forget`)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'stale'").fetchone()
        return int(row[0]) if row else 0

    def compact(self) -> bool:
        """Rebuild the FTS5 index from the vault when its stale rows are more than a quarter of the live ones
        (and more than STALE_ROWS): they cost room and weigh in every rank. Call it when the store holds the
        vault as it is (after an update): the rebuild reads every note again. Whether it rebuilt."""
        stale = self.stale_rows()
        if stale <= STALE_ROWS:
            return False
        live = self.conn.execute("SELECT count(*) FROM search_text").fetchone()[0]
        if stale * 4 <= live:
            return False
        log.info("index database %s: %d stale search rows for %d notes: rebuilding the search index",
                 self.db_path, stale, live)
        with self.transaction() as conn:
            conn.execute("INSERT INTO search_index (search_index) VALUES ('rebuild')")
            conn.execute("DELETE FROM meta WHERE key = 'stale'")
        return True

    def search_texts(self, paths: Iterable[str]) -> dict[str, str]:
        """The search text of each note at `paths` (`search_text.join_passages` of its passages), made from the
        note in the vault: the cache keeps none. A note the vault no longer has gives ""."""
        return {path: vault_text(self.vault, path) for path in paths}


PAGE_SIZE = 16384
# The terms FTS5 gathers in memory before it writes them as a segment (its default 1 MB). A cold load stores
# `loader.SAVE_NOTES` notes a transaction, whose terms took 3-4 MB at the public vault: FTS5 wrote each batch as
# several segments and merged them again. At 8 MB each commit writes one: the inserts of the public vault took
# 1.0 s of CPU instead of 1.4, and the cache 26.3 MB of FTS5 data instead of 28.6 (`tests/benchmarks/bench_fts.py`).
# Kept in the table's settings; a cache made before keeps its own (the same index, written in more pieces).
FTS_HASH_BYTES = 8 << 20
STALE_ROWS = 200  # stale FTS5 rows `IndexStore.compact` lets be whatever the vault's size

_TEXTS: dict[tuple[str, str], tuple[int, int, str]] = {}  # (vault, path) -> (size, mtime_ns, search text)
_TEXTS_KEPT = 256
_TEXTS_LOCK = threading.Lock()  # queries of several threads (the search panel's, a page's side section) ask


def vault_text(vault: str, path: str) -> str:
    """The search text of the note at `path` in `vault`, made from the file as it is now ("" when it cannot be
    read). The last few are kept while their file is unchanged: a query reads the text of the notes it ranks
    (bm25 of a detail=column index), then again of those it shows (snippets). SQLite calls this: it never
    raises (an error would read as a fault of the cache), a note it cannot make is logged and gives ""."""
    from desktop.core.frontmatter import split_frontmatter
    from desktop.core.index import note_search_text, read_text
    from desktop.core.vault import VaultFile

    full = str(Path(vault) / path)  # as the scan builds it: the read checks the file is still in the vault
    try:
        stat = os.stat(full)
    except (OSError, ValueError):
        return ""
    key = (vault, path)
    with _TEXTS_LOCK:
        kept = _TEXTS.get(key)
    if kept is not None and kept[:2] == (stat.st_size, stat.st_mtime_ns):
        return kept[2]
    try:
        text, _ = read_text(VaultFile(path, full, stat.st_size, stat.st_mtime_ns, True))
        found = note_search_text(split_frontmatter(text)[1]) if text is not None else ""
    except Exception as error:  # noqa: BLE001 - a bug here must not read as a broken cache
        log.warning("search text of %s not made (%s): searched as empty", path, error)
        return ""
    with _TEXTS_LOCK:
        if len(_TEXTS) >= _TEXTS_KEPT:
            _TEXTS.pop(next(iter(_TEXTS)))
        _TEXTS[key] = (stat.st_size, stat.st_mtime_ns, found)
    return found


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def rows_in(conn: sqlite3.Connection, sql: str, values: list, times: int = 1) -> list[tuple]:
    """`sql` with each `{0}` an IN list of `values` (used `times` times), in chunks SQLite's variable limit
    allows: `rows_in(conn, "SELECT path FROM notes WHERE path IN ({0})", paths)`."""
    rows: list[tuple] = []
    for chunk in _chunks(values, 900 // times):
        marks = ",".join("?" * len(chunk))
        rows += conn.execute(sql.format(marks), chunk * times).fetchall()
    return rows


# A link as the cache keeps it: one JSON row of `PackedLinks.blob`, these fields of `Link` in this order. The rows
# of a note are kept as an LZ4 block of their JSON (`pack_links`): compressed with zlib (level 1) they took 23 µs a
# note of a cold load's parse, and 8 µs to decode at each load; as LZ4 3 µs and 1, for 40% more bytes (the public
# vault's links: 22.7 MB instead of 16, `tests/benchmarks/bench_cold_stages.py`).
LINK_FIELDS = ("target", "heading", "alias", "embed", "start", "end", "context", "seconds", "markdown", "stamp_url")
TARGET, HEADING, ALIAS, EMBED, START, END, CONTEXT, SECONDS, MARKDOWN, STAMP_URL = range(len(LINK_FIELDS))


def packed_link_rows(blob: bytes) -> list[list]:
    """The rows of a note's stored links (`LINK_FIELDS` each); a damaged blob raises `DamagedRow`."""
    try:  # (no `reading_row` context: every load decodes every note's links)
        rows = json.loads(unpack_links(blob))
        if rows.__class__ is not list or set(map(len, rows)) - _ROW_LENGTH:  # (map: C speed, 384k rows at 20k notes)
            raise TypeError("not rows of links")
    except ROW_DAMAGE as error:
        raise DamagedRow("a note's links", error) from error
    return rows


_ROW_LENGTH = {len(LINK_FIELDS)}


def pack_links(data: bytes) -> bytes:
    """The blob kept of a note's links' JSON: an LZ4 block, its size first."""
    return lz4.block.compress(data)


def unpack_links(blob: bytes) -> bytes:
    """The links' JSON of a blob `pack_links` made. A block whose size field is past what any note's links
    take (a damaged cache) raises ValueError before anything is made that big."""
    if len(blob) < 4 or int.from_bytes(blob[:4], "little") > _MOST_LINKS_BYTES:
        raise ValueError("no block of links")
    return lz4.block.decompress(blob)


# A note is read up to 1 MB (`vault.MAX_NOTE_BYTES`): 200k links at most, each row under 400 bytes (its sentence
# is cut at 300 characters).
_MOST_LINKS_BYTES = 256 << 20


def link_row(link: Link) -> list:
    """The row of `link` (`LINK_FIELDS`)."""
    return [link.target, link.heading, link.alias, link.embed, link.start, link.end, link.context, link.seconds,
            link.markdown, link.stamp_url]


# `link_row` as a tuple, made in C: JSON writes a tuple as it writes a list, so the blob is the same bytes
_LINK_FIELDS_OF = operator.attrgetter(*LINK_FIELDS)
# `json.dumps(value, ensure_ascii=False, separators=(",", ":"))`: `dumps` makes an encoder per call when given
# options (2.4 µs a note for the four of a row); one kept gives the same text
_dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def note_row(note: Note, passages: list[tuple[int | None, str]], link_rows: list[tuple] | None = None
             ) -> tuple[tuple, str]:
    """The `notes` row of a parsed note, and its search text (made in the worker that parsed it: strings and
    bytes travel cheaply). `link_rows`: its links as rows (`LINK_FIELDS`) when the parse made them so, else
    the rows of `note.links`."""
    links = _dump(link_rows if link_rows is not None else list(map(_LINK_FIELDS_OF, note.links)))
    marks, text = pack_note(passages)
    videos = _dump([note.video_links, note.video_spans]) if note.video_links or note.video_spans else ""
    return (note.path, note.size, note.mtime_ns, note.title, _dump(note.aliases) if note.aliases else "[]",
            note.video_id, note.timestamp_format, _dump(note.warnings) if note.warnings else "[]",
            pack_links(links.encode("utf-8")), marks, videos), text


_FORMATS = {form: form for form in ("hms", "msf", "mixed")}  # one string of each (a row gives its own: 1 MB)


def note_from_row(row: tuple, root: str | Path | None, setting: str | None = None) -> Note:
    """The note of a `notes` row; its links left as the row keeps them (`PackedLinks`) until read; its stamps
    read from the note in the vault at `root` (with the stamp setting `setting`) when first asked for
    (`StampsOfNote`), none without a `root`."""
    path, size, mtime, title, aliases, video_id, ts_format, warnings, links, _marks, videos = row
    # a damaged row (types this app never writes) raises TypeError here, not later in a view; checked inline,
    # with the usual empty lists read without a parse (checks in calls of their own cost ~0.9 µs a row)
    if not (path.__class__ is str and title.__class__ is str and links.__class__ is bytes
            and size.__class__ is int and mtime.__class__ is int and (video_id is None or video_id.__class__ is str)):
        raise TypeError("a value of another type")
    aliases = [] if aliases == "[]" else _strings(json.loads(aliases))
    warnings = [] if warnings == "[]" else _strings(json.loads(warnings))
    note = Note(path=path, title=title, body=None, aliases=aliases, video_id=video_id,
                timestamp_format=_FORMATS.get(ts_format, ts_format), warnings=warnings, size=size, mtime_ns=mtime)
    if videos:
        video_links, spans = json.loads(videos)
        if video_links:
            note.video_links = video_links
        if len(spans) == 1:  # nearly every note: its own video's (20,900 of the public vault's 21,273)
            ((vid, (n, last)),) = spans.items()
            note.video_spans = OneVideoSpan(video_id if vid == video_id else vid, n, last)
        elif spans:
            note.video_spans = {vid: VideoSpan(n, last) for vid, (n, last) in spans.items()}
    note.links = PackedLinks(links)
    if root is not None:
        note.stamps_data = StampsOfNote(root, path, size, mtime, setting)
    return note


def _names_typed(path, size, mtime, title, video_id) -> bool:
    """True when a row's names are of the types this app keeps; else TypeError (a damaged row)."""
    if not (isinstance(path, str) and isinstance(title, str) and isinstance(size, int) and isinstance(mtime, int)
            and (video_id is None or isinstance(video_id, str))):
        raise TypeError("a name or number of another type")
    return True


def _strings(value) -> list[str]:
    """`value` if it is a list of strings (aliases, warnings), else TypeError (a damaged row)."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("not a list of strings")
    return value


def _aliases(text: str) -> list[str]:
    return _strings(json.loads(text))


class OneVideoSpan(Mapping[str, VideoSpan]):
    """`Note.video_spans` of a note whose stamps cite one video, as a loaded note keeps it: a dict of one entry
    and its `VideoSpan` were some 300 bytes a note (6 MB of the window at the public vault)."""

    __slots__ = ("video_id", "stamps", "last_second")

    def __init__(self, video_id: str, stamps: int, last_second: int) -> None:
        self.video_id, self.stamps, self.last_second = video_id, stamps, last_second

    def __getitem__(self, key: str) -> VideoSpan:
        if key != self.video_id:
            raise KeyError(key)
        return VideoSpan(self.stamps, self.last_second)

    def __iter__(self) -> Iterator[str]:
        return iter((self.video_id,))

    def __len__(self) -> int:
        return 1

    def __repr__(self) -> str:
        return repr(dict(self))


class PackedLinks(Sequence[Link]):
    """A note's links as the cache keeps them (compressed JSON), made into `Link` objects each time they are
    read, and where each one leads (`resolved`, set by `VaultIndex.relink`).

    A loaded index holds every note's links: at 20k notes 384k `Link` objects and their offsets took 80 MB
    of the window's memory, this form a third of it. Topic pages and backlinks read the `Mention`s the index
    made of them; a note's links are made again when that note is shown (a list of them, kept on the note
    `loader.complete_note` fills) or when a pass reads them all (the graph, `--inspect`).
    """

    __slots__ = ("blob", "resolved", "targets", "pictures")

    def __init__(self, blob: bytes, resolved: tuple[str | None, ...] | None = None,
                 targets: tuple[str, ...] | None = None, pictures: frozenset[int] | None = None):
        self.blob = blob
        # Once resolved, per link: where it leads, its target as written, and which links embed a picture:
        # what resolving again and naming topics read (`VaultIndex.patched`). A link's text is read off the
        # blob, only for a note naming a topic (`topic_names`).
        self.resolved = resolved
        self.targets = targets
        self.pictures = pictures

    def decoded(self, shared: dict | None = None) -> list[Link]:
        """The links; targets, texts and sentences equal to ones in `shared` (a dict a pass over many notes
        keeps) are those string objects: many links name the same topic, and a sentence's links share it."""
        one = (shared if shared is not None else {}).setdefault
        rows = self._rows()
        resolved = self.resolved or (None,) * len(rows)
        with reading_row("a note's links"):
            return [Link(target=one(t, t), heading=h, alias=a if a is None else one(a, a), embed=e, resolved=r,
                         start=s, end=en, context=one(c, c), seconds=sec if sec is None else one(sec, sec),
                         markdown=md, stamp_url=u)
                    for (t, h, a, e, s, en, c, sec, md, u), r in zip(rows, resolved)]  # `LINK_FIELDS`, in order

    def _rows(self) -> list[list]:
        """The stored rows (`LINK_FIELDS`); a damaged blob raises `DamagedRow`."""
        return packed_link_rows(self.blob)

    def fields(self) -> list[tuple[str, str | None, str | None, bool, str | None]]:
        """(target, heading, alias, embed, resolved) of each link, without making the `Link`s: for a pass
        writing every note's links (`--inspect`; the objects took 40% of its time past the load)."""
        rows = self._rows()
        resolved = self.resolved or (None,) * len(rows)
        with reading_row("a note's links"):
            return [(row[TARGET], row[HEADING], row[ALIAS], row[EMBED], where) for row, where in zip(rows, resolved)]

    def with_resolved(self, resolved: Iterable[str | None]) -> PackedLinks:
        """These links leading where `resolved` says (one per link, in order)."""
        return PackedLinks(self.blob, tuple(resolved), self.targets, self.pictures)

    def topic_names(self) -> Iterator[tuple[str, str | None]]:
        """(target, text) of each link naming a topic (leading nowhere, and no picture), once resolved; the texts
        read off the blob, only for a note naming a topic."""
        pictures = self.pictures or ()
        if all(resolved is not None for resolved in self.resolved):
            return
        with reading_row("a note's links"):
            aliases = [row[ALIAS] for row in self._rows()]
        for i, (target, resolved, alias) in enumerate(zip(self.targets, self.resolved, aliases)):
            if resolved is None and i not in pictures:
                yield target, alias

    def __iter__(self) -> Iterator[Link]:
        return iter(self.decoded())

    def __len__(self) -> int:
        return len(self.resolved) if self.resolved is not None else len(self._rows())

    def __getitem__(self, item):
        return self.decoded()[item]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (PackedLinks, list)):
            return self.decoded() == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"PackedLinks({self.decoded()!r})"
