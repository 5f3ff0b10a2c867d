"""Opening a vault: the cached index brought up to date with the files, in one call or in two stages.

Stage one (`open_names`) gives what the tree and link resolution need, fast: when the cache is warm, from
its names snapshot (names, attachments and the resolver's tables in one blob, kept by the last full load);
else from what a helper process read meanwhile (`desktop.core.prefetch`); else from each file's frontmatter
alone. Stage two (`load_vault`) parses what changed since the cache was written, on several processes,
stores it, and returns the full index (links, stamps, backlinks).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import marshal
import struct
import re
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from typing import NamedTuple, TypeVar
from pathlib import Path

import lz4.frame

from desktop.core.frontmatter import note_aliases, note_title, split_frontmatter
from desktop.core.index import CHUNK_NOTES, VaultIndex, _resolver_of, map_chunks, read_note, start_workers
from desktop.core.memory import long_lived, release_free_memory
from desktop.core.model import FileWarning, Note
from desktop.core.resolver import LinkResolver
from desktop.core.store import DamagedRow, IndexStore, database_path, note_row
from desktop.core.text import decode_note
from desktop.core.vault import VaultFile, read_vault_head, scan_vault
from desktop.paths import cache_dir

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
HEAD_BYTES = 8192
FIRST_HEAD_BYTES = 2048


def open_store(root: Path, cache: Path | None = None, timestamp_format: str | None = None,
               restamp: bool = True) -> IndexStore:
    """The vault's store; `restamp` False for a reader that must not switch the stamp setting (see IndexStore)."""
    return IndexStore(database_path(cache or cache_dir(), root), root, timestamp_format, restamp=restamp)


class LoadCancelled(Exception):
    """A load was stopped (the window closed, or another vault was opened). What it stored stays stored."""


def load_vault(root: str | Path, progress: Progress | None = None, cache: Path | None = None,
               workers: int | None = None, store: IndexStore | None = None,
               timestamp_format: str | None = None, cancelled: Callable[[], bool] | None = None,
               every_page: bool = False, names: VaultIndex | None = None, stamps_json: bool = False) -> VaultIndex:
    """The full index of the vault at `root`, re-reading only files that changed since the cache.

    `timestamp_format` ("hms"/"msf"/None) is the vault's reading setting; changing it re-reads every note.
    `cancelled` is asked as each chunk of notes comes in: True raises LoadCancelled, so a closing window need
    not wait for a big vault's first index (the next start reads only what is still missing).
    Each note's stamps are read from the vault when first asked for (`search_text.StampsOfNote`: the cache
    keeps none, and a loaded index holds none until a view asks). With `stamps_json` (`--inspect`) they are
    read at once on the worker processes, beside the load, as each note's stamps' text in the inspect document
    (`inspect.timestamps_json`), handed out once (`_AheadStamps.timestamps_json`): the pass writes it as it
    is, and never holds every note's text at once.
    A pass over every page (`every_page`: `--inspect`) gets every mention's sentence kept in the index, decoded
    once (a window's index cuts each from its note when a page shows it: `model.MentionTable`).
    `names`: the names-stage index of the vault shown meanwhile; when the notes have the names it has, the new
    index takes its resolver and path and title strings rather than a copy of each (`_names_kept`).
    """
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"no vault folder at {root}")
    own_store = store is None
    store = store or open_store(root, cache, timestamp_format)
    ahead = None
    _workers_ahead(store, workers)
    try:
        for attempt in range(2):
            files, warnings = scan_vault(root)
            if stamps_json and ahead is None:
                ahead = _StampsAhead([f for f in files if f.is_note], store.timestamp_format or None, workers)
            with long_lived():
                stored = with_store(store, lambda: _update(root, store, files, warnings, progress, workers,
                                                           cancelled))
                del files  # the scan (11 MB at the public vault) is not carried through the linking's peak
                try:
                    index = _linked(root, stored, names, store, keep_sentences=every_page)
                except DamagedRow as error:  # a note's links read back damaged: the cache is rebuilt, once
                    if attempt:
                        raise
                    store.recover(error)
                    continue
                if progress:
                    progress(stored.total, stored.total)
                break
    except BaseException:
        if ahead is not None:
            ahead.join()  # no worker processes left reading behind a failed load
        raise
    finally:
        if own_store:
            store.close()
    if ahead is not None:
        ahead.give(index)
    return index


class _StampsAhead:
    """Every note's stamps read on the worker processes while the index loads, and after, as their text in the
    inspect document: for `--inspect`, which would otherwise read the notes one after the other in this process
    once the index is in. A note asks for its own (`_AheadStamps`), waiting only until its chunk is in, so the
    pass runs beside the reading."""

    def __init__(self, files: list[VaultFile], setting: str | None, workers: int | None):
        self.found: dict[str, tuple[int, int, bytes]] = {}
        self.done = False
        self.changed = threading.Condition()
        self.setting = setting
        self.thread = threading.Thread(target=self._read, args=(files, workers), name="stamps-ahead", daemon=True)
        self.thread.start()

    def _read(self, files: list[VaultFile], workers: int | None) -> None:
        stats = {f.path: (f.size, f.mtime_ns) for f in files}
        work = functools.partial(_stamps_json, timestamp_format=self.setting)
        try:
            for part in map_chunks(work, files, workers):
                with self.changed:
                    for path, found in part:
                        self.found[path] = (*stats[path], found)
                    self.changed.notify_all()
        except Exception as error:  # noqa: BLE001 - the notes then read their own stamps, as usual
            log.warning("stamps not read ahead (%s): each note reads its own", error)
        finally:
            with self.changed:
                self.done = True
                self.changed.notify_all()

    def join(self) -> None:
        self.thread.join()

    def take(self, path: str) -> tuple[int, int, bytes] | None:
        """The stamps read of the note at `path` (its size and mtime then), once its chunk is in; no longer
        kept here."""
        with self.changed:
            self.changed.wait_for(lambda: path in self.found or self.done)
            return self.found.pop(path, None)

    def give(self, index: VaultIndex) -> None:
        """Make each note of `index` take its stamps' text from here when asked."""
        for note in index.notes.values():
            note.stamps_data = _AheadStamps(self, note.path, note.size, note.mtime_ns, note.stamps_data)


class _AheadStamps:
    """A note's stamps as it reads them otherwise, and as the inspect document's text of them from `_StampsAhead`
    (`timestamps_json`) when read of the same file."""

    __slots__ = ("ahead", "path", "size", "mtime_ns", "otherwise")

    def __init__(self, ahead: _StampsAhead, path: str, size: int, mtime_ns: int, otherwise):
        self.ahead, self.path, self.size, self.mtime_ns, self.otherwise = ahead, path, size, mtime_ns, otherwise

    def __call__(self) -> list:
        otherwise = self.otherwise
        return otherwise() if callable(otherwise) else list(otherwise)

    def timestamps_json(self) -> bytes | None:
        """The note's stamps as the inspect document's text of them (`inspect.timestamps_json`) when read
        ahead so, of the same file; given once (the pass writes each note once, and keeps none), else None."""
        found = self.ahead.take(self.path)
        return found[2] if found is not None and found[:2] == (self.size, self.mtime_ns) else None


def _stamps_json(files: list[VaultFile], timestamp_format: str | None) -> list[tuple[str, bytes]]:
    """Each note's stamps as the inspect document's text of them (`inspect.timestamps_json`)."""
    from desktop.core.index import read_text, stamp_rows
    from desktop.core.inspect import timestamps_json

    found = []
    for file in files:
        text, _ = read_text(file)
        found.append((file.path, timestamps_json(stamp_rows(text, timestamp_format) if text is not None else ())))
    return found


def refresh_index(index: VaultIndex, progress: Progress | None = None, cache: Path | None = None,
                  workers: int | None = None, cancelled: Callable[[], bool] | None = None,
                  snapshot: bool = True) -> VaultIndex:
    """A new index of the vault `index` was loaded from, read again where files changed since.

    Only the notes added, changed or removed are read and linked (`VaultIndex.patched`): a change shows in
    a big vault without loading every note from the cache again. `index` itself is left as it is. A names-only
    index is loaded in full (`load_vault`). Without `snapshot` the names snapshot is left for the caller to
    keep once the new index is shown (`keep_names_snapshot`).
    """
    if not index.complete:
        return load_vault(index.root, progress, cache, workers, timestamp_format=index.timestamp_setting,
                          cancelled=cancelled, names=index)
    root = index.root
    store = open_store(root, cache, index.timestamp_setting)
    try:
        files, warnings = scan_vault(root)
        with long_lived():
            return with_store(store, lambda: _patch(index, store, files, warnings, progress, workers, cancelled,
                                                    snapshot))
    finally:
        store.close()


def _patch(index: VaultIndex, store: IndexStore, files: list[VaultFile], warnings: list[FileWarning],
           progress: Progress | None, workers: int | None, cancelled: Callable[[], bool] | None,
           snapshot: bool) -> VaultIndex:
    """`index` patched with the notes whose files differ from it, as `_update` would load them all."""
    _refresh(store, files, progress, workers, cancelled)
    current = {f.path: (f.size, f.mtime_ns) for f in files if f.is_note}
    generation = store.generation()
    known = index.notes
    changed = [path for path, stat in current.items()
               if path not in known or (known[path].size, known[path].mtime_ns) != stat]
    fresh = [n for n in _stored_notes(store, index.root, changed) if current.get(n.path) == (n.size, n.mtime_ns)]
    gone = (set(known) - current.keys()) | (set(changed) - {n.path for n in fresh})
    attachments = [f.path for f in files if not f.is_note]
    patched = index.patched(fresh, gone, attachments, warnings + store.load_skipped())
    if snapshot and changed and len(fresh) == len(changed):
        _save_snapshot(store, generation, patched)
    if progress:
        progress(len(current), len(current))
    return patched


def keep_names_snapshot(index: VaultIndex, cache: Path | None = None) -> bool:
    """Keep the names snapshot of a full `index` if the cache holds exactly its notes (else nothing: the next
    full load keeps one); whether it was kept. For after a refresh, once its index is shown."""
    store = open_store(index.root, cache, index.timestamp_setting)
    try:
        if store.in_memory:
            return False
        generation = store.generation()
        skipped = {warning.path for warning in store.load_skipped()}
        stored = {path: stat for path, stat in store.known_files().items() if path not in skipped}
        if stored != {path: (note.size, note.mtime_ns) for path, note in index.notes.items()}:
            return False
        _save_snapshot(store, generation, index)
        return store.has_snapshot(generation, SNAPSHOT_FORMAT)
    except sqlite3.Error as error:
        log.info("names snapshot not kept (%s)", error)
        return False
    finally:
        store.close()


def _stored_notes(store: IndexStore, root: Path, paths: list[str] | None) -> list[Note]:
    """The notes at `paths` (all when None) as the store keeps them; their stamps are read from the vault when
    first asked for (`search_text.StampsOfNote`)."""
    if paths is not None and not paths:
        return []
    return store.load_notes(paths)


T = TypeVar("T")


def with_store(store: IndexStore, work: Callable[[], T]) -> T:
    """`work()`, done again after a fault of the cache database: on a new database if the old one was corrupt,
    else on one in memory (the file left alone). Results are then read from the vault again, never partial."""
    for _ in range(2):
        try:
            return work()
        except sqlite3.Error as error:
            store.recover(error)  # raises when even the memory database failed
    return work()


def update_store(root: Path, store: IndexStore, progress: Progress | None = None,
                 workers: int | None = None) -> tuple[list[VaultFile], list[FileWarning]]:
    """Bring the cache up to date with the vault's files (in memory if the cache cannot take them); return
    the scan (files, warnings)."""
    _workers_ahead(store, workers)
    files, warnings = scan_vault(root)
    with_store(store, lambda: _refresh(store, files, progress, workers))
    return files, warnings


def _workers_ahead(store: IndexStore, workers: int | None) -> None:
    """Have the worker processes' fork server start while the vault is scanned when every note will be read (an
    empty cache): `index.start_workers`."""
    if workers is not None and workers <= 1:
        return
    try:
        empty = store.is_empty()
    except sqlite3.Error:  # the load meets the fault itself, and says so (`with_store`)
        return
    if empty:
        start_workers()


def fill_store(root: Path, store: IndexStore, index: VaultIndex | None) -> None:
    """Read the notes of `index` (else of the whole vault) into `store`: what a search answers from when
    the cache cannot serve."""
    if index is None:
        update_store(root, store)
        return
    files = [VaultFile(path, str(Path(root) / path), note.size, note.mtime_ns, True)
             for path, note in index.notes.items()]
    _refresh(store, files, None, None)


def _refresh(store: IndexStore, files: list[VaultFile], progress: Progress | None,
             workers: int | None, cancelled: Callable[[], bool] | None = None) -> None:
    """Parse what changed since the cache and store it, `SAVE_NOTES` at a time as the worker processes hand
    them over, while they read on. A fault of the database is raised (see `with_store`)."""
    notes = {f.path: f for f in files if f.is_note}
    known = store.known_files()
    changed = [f for path, f in notes.items() if known.get(path) != (f.size, f.mtime_ns)]
    removed = [path for path in known if path not in notes]
    if changed or removed:
        log.info("index: %d notes to read, %d gone", len(changed), len(removed))
        store.check_room()
        work = functools.partial(_parse_for_store, timestamp_format=store.timestamp_format or None)
        parts = map_chunks(work, changed, workers, progress)
        if removed:  # the removals first, on their own
            store.save([], [], removed)
        batch = _Batch(store)
        to_come = len(changed)
        try:
            for part in parts:
                if cancelled is not None and cancelled():
                    raise LoadCancelled(f"stopped with {len(changed)} notes to read")
                batch.add([result for result in part if not isinstance(result, FileWarning)],
                          [(result, notes[result.path].size, notes[result.path].mtime_ns)
                           for result in part if isinstance(result, FileWarning)])
                to_come -= len(part)
                if 0 < to_come <= CHUNK_NOTES:
                    batch.save()  # all but the last chunk stored while the workers read it (see `SAVE_NOTES`)
        finally:
            batch.save()  # the rest, or what was read before an interruption: only the chunk in hand is lost
        store.compact()  # the store holds the vault as it is now: the one moment a rebuild reads it right
    store.save_attachments([f.path for f in files if not f.is_note])


# Notes stored per transaction while the workers read on. Each commit writes the full-text index's pending terms as
# a new segment that later ones are merged into: at the public vault (21k notes) a commit per 100 notes cost 2.5 s
# of CPU in the main process, per 2,000 notes 1.9 s. A killed load loses at most this many notes' parse.
# What is read before the last chunk is stored before it comes: the notes stored once the workers are done
# are that chunk's alone (at the public vault the last 1,273 notes were, 0.1 s of CPU on one core, the other idle).
SAVE_NOTES = 2000


class _Batch:
    """Parsed notes waiting to be stored, `SAVE_NOTES` at a time."""

    def __init__(self, store: IndexStore):
        self.store = store
        self.parsed: list = []
        self.skipped: list = []

    def add(self, parsed: list, skipped: list) -> None:
        self.parsed += parsed
        self.skipped += skipped
        if len(self.parsed) + len(self.skipped) >= SAVE_NOTES:
            self.save()

    def save(self) -> None:
        parsed, skipped, self.parsed, self.skipped = self.parsed, self.skipped, [], []
        if parsed or skipped:  # emptied first: a save that fails is not tried again on the way out
            self.store.save(parsed, skipped)


def _parse_for_store(files: list[VaultFile], timestamp_format: str | None) -> list:
    """Read notes into what the store keeps: a `note_row` and the search text, or a FileWarning."""
    results: list = []
    for file in files:
        result = read_note(file, passages=True, timestamp_format=timestamp_format)
        results.append(result if isinstance(result, FileWarning) else note_row(*result))
    return results


class _Stored(NamedTuple):
    """What `_update` read from the store for `_linked`: the notes current with the files, the other files,
    the warnings, how many notes the vault has, and the generation of the store when a names snapshot of the
    index is to be kept (None: the store lacks some of its notes)."""

    notes: list[Note]
    attachments: list[str]
    warnings: list[FileWarning]
    total: int
    generation: int | None
    timestamp_setting: str | None


def _update(root: Path, store: IndexStore, files: list[VaultFile], warnings: list[FileWarning],
            progress: Progress | None, workers: int | None,
            cancelled: Callable[[], bool] | None = None) -> _Stored:
    """Bring the store up to date with `files` and read its notes (what a fault of the store makes the caller
    do again: `with_store`); `_linked` makes the index of them once the caller no longer holds the scan."""
    _refresh(store, files, progress, workers, cancelled)
    current = {f.path: (f.size, f.mtime_ns) for f in files if f.is_note}
    generation = store.generation()
    stored = _stored_notes(store, root, None)
    loaded = [n for n in stored if current.get(n.path) == (n.size, n.mtime_ns)]
    return _Stored(loaded, [f.path for f in files if not f.is_note], warnings + store.load_skipped(),
                   len(current), generation if len(loaded) == len(stored) else None,
                   store.timestamp_format or None)


def _linked(root: Path, stored: _Stored, names: VaultIndex | None, store: IndexStore,
            keep_sentences: bool = False) -> VaultIndex:
    """The full index of the notes `_update` read (`names`: the names stage shown meanwhile, see `load_vault`),
    and its names snapshot kept in the store when `stored` says so.

    The snapshot is made of the names and the resolver, not of the links: it is kept on a thread of its own
    beside the linking (`_snapshot_beside`), once the resolver is made (or taken from the names stage)."""
    resolver = _names_kept(names, root, stored.notes, stored.attachments) if names is not None else None
    index = VaultIndex.from_notes(root, stored.notes, stored.attachments, stored.warnings, resolver,
                                  keep_sentences, link=False)
    index.timestamp_setting = stored.timestamp_setting
    if stored.generation is None:
        index.relink(resolver, keep_sentences)
        return index
    index.resolver = resolver = resolver or _resolver_of(index.notes, index.attachments)
    with _snapshot_beside(store, stored.generation, index):
        index.relink(resolver, keep_sentences)
    return index


@contextlib.contextmanager
def _snapshot_beside(store: IndexStore, generation: int, index: VaultIndex) -> Iterator[None]:
    """Keep the names snapshot of `index` (its names and resolver: made, not linked) on a thread while the body
    runs (the linking), and wait for it at the end: its compression and its write to the store let go of the
    interpreter lock, and ran after the linking on one core with the other idle (0.25 s of a cold load at the
    public vault, past the parse). It is done well before the linking's tables reach their highest point."""
    snapshot = threading.Thread(target=_keep_snapshot, args=(store, generation, index), name="names-snapshot",
                                daemon=True)
    snapshot.start()
    try:
        yield
    finally:
        snapshot.join()  # the store is not closed, nor recovered, under it


def _names_kept(names: VaultIndex, root: Path, notes: list[Note], attachments: list[str]) -> LinkResolver | None:
    """The resolver of the names-stage index `names` if `notes` and `attachments` name the same files with
    the same titles and aliases (what a resolver is made of), else None. Then the notes also take its path
    and title strings, alias lists and size and time numbers: while the window swaps one index for the other
    both are in memory, and at 20k notes a second resolver and second copies of the names were 20-30 MB of
    its peak."""
    if (names.resolver is None or Path(names.root) != Path(root) or len(names.notes) != len(notes)
            or sorted(names.attachments) != sorted(attachments)):
        return None
    known = names.notes
    for note in notes:
        old = known.get(note.path)
        if old is None or old.title != note.title or old.aliases != note.aliases:
            return None
    for note in notes:
        old = known[note.path]
        note.path, note.title, note.aliases = old.path, old.title, old.aliases
        if (old.size, old.mtime_ns) == (note.size, note.mtime_ns):
            note.size, note.mtime_ns = old.size, old.mtime_ns
    return names.resolver


# The names snapshot: what stage one of a warm start needs (names, attachments, the resolver's tables), in one
# marshal blob, taken of the store at one generation. The format names this layout and the Python version
# (marshal's own format may change between versions); a snapshot of another format is taken again. The store
# keeps it compressed (a third of the size: paths repeat), as an LZ4 frame with a checksum of its content (what
# marshal reads must be what was written): at the public vault (20 MB of names) 45 ms to compress on the path of a
# cold full index and 29 ms to decompress on a warm start's, against zlib's 119 and 60 (level 1), 7.5 MB against
# 5.6. The prefetch helper pipes it as it is.
SNAPSHOT_FORMAT = "names-4l/py{}.{}".format(*sys.version_info[:2])


def _keep_snapshot(store: IndexStore, generation: int, index: VaultIndex) -> None:
    """`_save_snapshot` on a thread of its own: whatever it meets is logged (the load goes on without it)."""
    try:
        _save_snapshot(store, generation, index)
    except Exception as error:  # noqa: BLE001 - a snapshot is only what speeds the next start
        log.warning("names snapshot not kept (%s: %s)", type(error).__name__, error)


def _save_snapshot(store: IndexStore, generation: int, index: VaultIndex) -> None:
    """Keep the names snapshot of `index`, read from the store at `generation`, unless it is already kept."""
    try:
        if store.has_snapshot(generation, SNAPSHOT_FORMAT):
            return
        packer = lz4.frame.LZ4FrameCompressor(content_checksum=True)
        value = bytearray(packer.begin())
        for piece in names_pieces(index):
            value += packer.compress(piece)
        value += packer.flush()
        del packer
        release_free_memory()  # the parts marshalled meanwhile: given back before SQLite takes its copy
        store.save_snapshot(generation, SNAPSHOT_FORMAT, value)
    except (sqlite3.Error, ValueError) as error:  # locked, full, or a value marshal cannot take
        log.info("names snapshot not kept (%s)", error)


def unpacked_snapshot(blob: bytes) -> bytes:
    """The names value (`names_value`) of a snapshot as the store keeps it; a damaged one raises RuntimeError."""
    return lz4.frame.decompress(blob)


def names_value(index: VaultIndex) -> bytes:
    """The names snapshot of `index` as bytes: what `index_from_names` needs to rebuild its names stage."""
    return b"".join(names_pieces(index))


def names_pieces(index: VaultIndex) -> Iterator[bytes]:
    """`names_value` piece by piece: the marshal form of a list of the parts' own marshal forms, each part
    made and marshalled when reached (`_save_snapshot` compresses the pieces as they come).

    Marshalled part by part: one call holds the interpreter lock throughout, and the window's thread waits.
    Written out rather than one `marshal.dumps` of the list: that held every part's bytes twice, beside the
    index just built (at the public vault 54 MB for a moment, the window's highest point).
    """
    yield _MARSHAL_LIST + struct.pack("<i", 2 + index.resolver.STATE_PARTS)
    for part in _names_parts(index):
        data = marshal.dumps(part)
        del part
        yield _MARSHAL_BYTES + struct.pack("<i", len(data))
        yield data


def _names_parts(index: VaultIndex) -> Iterator:
    yield [(n.path, n.size, n.mtime_ns, n.title, n.aliases, n.video_id) for n in index.notes.values()]
    yield index.attachments
    yield from index.resolver.state_parts()


_MARSHAL_LIST, _MARSHAL_BYTES = b"[", b"s"  # marshal's type codes of a list and of a bytes object


def index_from_names(root: Path, value: bytes) -> VaultIndex | None:
    """The names-stage index `names_value` was taken of; None if this Python cannot read it."""
    try:
        rows, attachments, *state = _one_copy_each([marshal.loads(part) for part in marshal.loads(value)])
        notes = {p: Note(path=p, title=t, body=None, aliases=a, video_id=v, size=s, mtime_ns=m)
                 for p, s, m, t, a, v in rows}
        resolver = LinkResolver.from_state(state)
    except (EOFError, ValueError, TypeError) as error:
        log.warning("names snapshot unreadable (%s): reading the names instead", error)
        return None
    return VaultIndex(root=root, notes=notes, attachments=attachments, resolver=resolver, complete=False)


def _one_copy_each(parts: list) -> list:
    """The snapshot's parts with one string object per path across them: marshal shares an object only within
    the part it is in, and a path is in the rows and in most of the resolver's tables (keys and values), so
    at 20k notes each path came back eleven times (11 MB of the names stage). Rows are tuples whose first item
    is the path; tables are dicts of strings to a path or to a list of paths."""
    rows, *rest = parts
    path = {row[0]: row[0] for row in rows}.get
    shared = [rows]
    for part in rest:
        if isinstance(part, dict):
            if all(isinstance(v, str) for v in itertools.islice(part.values(), 1)):
                part = {path(k, k): path(v, v) for k, v in part.items()}
            else:
                for paths in part.values():
                    if isinstance(paths, list):
                        paths[:] = [path(p, p) for p in paths]
        elif isinstance(part, list):  # the attachments
            part = [path(p, p) for p in part]
        shared.append(part)
    return shared


def _names_from_snapshot(root: Path, store: IndexStore) -> VaultIndex | None:
    """The names-stage index from the store's snapshot, if it has a current one."""
    try:
        value = store.load_snapshot(SNAPSHOT_FORMAT)
        value = unpacked_snapshot(value) if value is not None else None
    except (sqlite3.Error, RuntimeError) as error:  # (RuntimeError: LZ4's, of a damaged frame)
        log.warning("names snapshot unreadable (%s): reading the names instead", error)
        return None
    return index_from_names(root, value) if value is not None else None


def names_from_heads(root: Path) -> VaultIndex:
    """The names stage of a vault the cache knows nothing of: scan it and read each note's head."""
    with long_lived():
        files, warnings = scan_vault(root)
        return _from_heads(root, files, warnings, [])


def _from_heads(root: Path, files: list[VaultFile], warnings: list[FileWarning], known: list[Note]) -> VaultIndex:
    """Notes from `known` (cached, still current) and from the heads of the other note files."""
    fresh = {n.path for n in known}
    heads = (_note_from_head(f) for f in files if f.is_note and f.path not in fresh)
    notes = known + [note for note in heads if note is not None]
    index = VaultIndex.from_notes(root, notes, [f.path for f in files if not f.is_note], warnings)
    index.complete = False
    return index


def open_names(root: str | Path, cache: Path | None = None, timestamp_format: str | None = None,
               prefetched: Callable[[], bytes | None] | None = None) -> VaultIndex:
    """A first index for the tree and link resolution: cached notes where fresh, frontmatter for the rest.

    Notes read here have titles and aliases but no links or stamps until `load_vault` completes;
    `complete_note` fills in one of them (the note shown first) without waiting for the rest.
    `prefetched` gives the names a helper process read meanwhile (`desktop.core.prefetch`), if any.
    """
    root = Path(root).resolve()
    with long_lived():
        index = _open_names(root, cache, timestamp_format, prefetched)
    index.timestamp_setting = timestamp_format
    return index


def _open_names(root: Path, cache: Path | None, timestamp_format: str | None,
                prefetched: Callable[[], bytes | None] | None) -> VaultIndex:
    store = open_store(root, cache, timestamp_format)
    try:
        return _names_from_store(root, store, prefetched)
    except sqlite3.Error as error:  # the cache failed mid-way: the names from the vault itself
        log.warning("index cache unreadable (%s): reading the names from the vault", error)
        return names_from_heads(root)
    finally:
        store.close()


def _names_from_store(root: Path, store: IndexStore,
                      prefetched: Callable[[], bytes | None] | None) -> VaultIndex:
    index = _names_from_snapshot(root, store)
    if index is None and prefetched is not None:
        value = prefetched()
        index = index_from_names(root, value) if value else None
    if index is not None:
        return index
    cached_attachments = store.load_attachments()
    if cached_attachments is not None:
        # Warm cache: show what the cache knows at once (no scan); stage two scans, re-reads what changed
        # and the window swaps in the result, so a file changed while the app was closed shows moments later.
        index = VaultIndex.from_notes(root, store.load_names(), cached_attachments, [])
        index.complete = False
        return index
    files, warnings = scan_vault(root)
    current = {f.path: (f.size, f.mtime_ns) for f in files if f.is_note}
    known = [n for n in store.load_names() if current.get(n.path) == (n.size, n.mtime_ns)]
    return _from_heads(root, files, warnings, known)


_SIMPLE_LINE = re.compile(r"([A-Za-z_][\w-]*):[ \t]*([^\s\"'\[\]{}&*!|>%@`#,][^\n]*?)?[ \t]*")
_UNSAFE_VALUE = re.compile(r": |\s#|^(?:true|false|yes|no|on|off|null|~|[-+.\d][\d_.:eE+-]*)$", re.IGNORECASE)


def quick_frontmatter(head: str) -> dict[str, str] | None:
    """The frontmatter of the usual generated note (`key: plain text` lines) without a YAML parse, else None.

    Only for the names stage: a value YAML would read as anything but the same text (quotes, lists, numbers,
    booleans, comments, anchors) sends the note to the real YAML loader instead. Stage two reads every
    note's frontmatter with PyYAML anyway.
    """
    if not head.startswith("---\n"):
        return {}
    end = head.find("\n---", 3)
    if end < 0:
        return None
    meta: dict[str, str] = {}
    for line in head[4:end].split("\n"):
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None:
            return None
        value = match.group(2) or ""
        if not value or _UNSAFE_VALUE.search(value):
            return None
        meta[match.group(1)] = value
    return meta


def _note_from_head(file: VaultFile) -> Note | None:
    """Title and aliases from the first few kilobytes of a file: enough for the tree, never the body.

    Read and decoded the same way as the full read (encodings, symlink checks), so titles do not change
    when stage two completes; None for a file the full read would skip. Most notes say all of it in their
    first 2 KB; a note whose frontmatter runs longer, or whose title is a heading further down, gets 8 KB.
    """
    note = _names_from(file, *read_vault_head(file, FIRST_HEAD_BYTES), final=False)
    if note is False:
        note = _names_from(file, *read_vault_head(file, HEAD_BYTES), final=True)
    return note


def _names_from(file: VaultFile, data: bytes | None, whole: bool, final: bool) -> Note | None | bool:
    """The names-stage note read from `data`; False when more of the file may change it (and not `final`)."""
    head, _ = decode_note(data) if data is not None else (None, [])
    if head is None:
        return None
    complete = final or whole
    meta = quick_frontmatter(head)
    if meta is None:
        if not complete:
            return False
        meta, body, _, _ = split_frontmatter(head)
    else:
        end = head.find("\n---", 3)
        body = head[head.find("\n", end + 4) + 1:] if meta or head.startswith("---\n") else head
    title = meta.get("title")
    if not complete and not (isinstance(title, str) and title.strip()):
        return False  # the title may be a heading further down
    stem = file.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    title, _ = note_title(meta, body, stem)
    return Note(path=file.path, title=title, body=None, meta=meta, aliases=note_aliases(meta),
                size=file.size, mtime_ns=file.mtime_ns)


def _from_vault_after(error: DamagedRow, index: VaultIndex, known: Note, cache: Path | None) -> tuple:
    """The note `known` read from the vault after its links read back damaged from the cache, and its links
    (objects of its own); the cache is marked to be rebuilt by the next load. The note is a FileWarning when
    the vault cannot give it either."""
    from dataclasses import replace
    from desktop.core.index import read_note

    store = open_store(index.root, cache, index.timestamp_setting, restamp=False)
    try:
        store.mark_damaged(error)
    except sqlite3.Error as again:
        log.warning("index cache not marked for a rebuild (%s)", again)
    finally:
        store.close()
    result = read_note(VaultFile(known.path, str(index.root / known.path), known.size, known.mtime_ns, True),
                       timestamp_format=index.timestamp_setting)
    if not isinstance(result, Note):
        return result, []
    links = [replace(link) for link in result.links]
    for link in links:  # resolved as the index resolves the note's links
        link.resolved = known.path if not link.target else index.resolve(link.target, known.path)
    notice = CACHE_DAMAGED_NOTICE
    return replace(result, warnings=[*result.warnings, notice]), links


# What the page of a note whose links read back damaged from the cache says (read from the vault instead).
CACHE_DAMAGED_NOTICE = ("the index cache was found damaged: this note was read from the vault, and the cache "
                        "will be rebuilt on the next load")


def complete_note(index: VaultIndex, path: str, cache: Path | None = None) -> Note | None:
    """The note at `path` ready to show: its links as objects and resolved, its stamps decoded. A names-only
    index's note is read from the cache, else from the vault. The index is left as it is (views never change
    it): the note returned is the caller's own. None when the index has no such note."""
    from dataclasses import replace
    from desktop.core.index import read_note

    known = index.notes.get(path)
    if known is None:
        return None
    note = known
    if not index.complete:
        setting = index.timestamp_setting
        store = open_store(index.root, cache, setting)
        try:
            stored = {n.path: n for n in store.load_notes([path])}
        except sqlite3.Error as error:
            log.warning("index cache unreadable (%s): reading %s from the vault", error, path)
            stored = {}
        finally:
            store.close()
        note = stored.get(path)
        if note is None or (note.size, note.mtime_ns) != (known.size, known.mtime_ns):
            result = read_note(VaultFile(path, str(index.root / path), known.size, known.mtime_ns, True),
                               timestamp_format=setting)
            note = result if isinstance(result, Note) else known
    try:
        links = [replace(link) for link in note.links]  # objects of its own (`store.PackedLinks` makes new ones)
    except DamagedRow as error:  # read back damaged from the cache: the page reads the note from the vault
        note, links = _from_vault_after(error, index, known, cache)
    if not isinstance(note, Note):  # the vault cannot give it either (gone meanwhile): its names, no links
        note, links = known, []
    if not index.complete:
        for link in links:
            link.resolved = path if not link.target else index.resolve(link.target, path)
    return replace(note, links=links, stamps_data=note.peek_stamps())
