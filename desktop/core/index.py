"""The vault index: every note read and parsed, every link resolved, topics and backlinks gathered.

Building runs in two stages so later stages can cache or parallelise the first: `read_note` turns one file
into a `Note` (a pure function of the file's bytes), then `VaultIndex.from_notes` resolves links across the
whole vault and gathers topics and backlinks.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import select
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.context import ContextFinder, block_spans, passage_texts
from desktop.core.frontmatter import (
    note_aliases,
    note_body,
    note_title,
    note_video_id,
    split_frontmatter,
    timestamp_override,
)
from desktop.core.links import code_spans, parse_links
from desktop.core.linking import LinkPass, link_all, link_rows, mentions_by_destination, merged, relinked_copy, \
    sentences_of, sorted_topics, topics_of
from desktop.core.memory import long_lived, paused_gc
from desktop.core.model import FileWarning, Link, Mention, MentionList, MentionTable, Note, Stamp, StampRef, Topic
from desktop.core.resolver import LinkResolver, topic_key
from desktop.core.stamps import find_stamps, mentions_youtube, read_note_stamps, stamp_url, youtube_url
from desktop.core.text import decode_note
from desktop.core.vault import VaultFile, read_vault_file, scan_vault
from desktop.core.videos import cited_video_spans, video_links_in

log = logging.getLogger(__name__)
CHUNK_NOTES = 100  # notes per task for the worker processes

Progress = Callable[[int, int], None]


Passage = tuple[int | None, str]  # (seconds of the stamp closing the passage, its plain text)


def parse_note(path: str, text: str, timestamp_format: str | None = None) -> Note:
    """A note from its decoded text: frontmatter, title, links and stamps with their sentences.

    `timestamp_format` ("hms"/"msf") is the vault's setting; a note's own frontmatter still wins.
    """
    return _parse(path, text, timestamp_format)[0]


def _parse(path: str, text: str, timestamp_format: str | None = None,
           passages: bool = False) -> tuple[Note, list[Passage] | None, list[tuple] | None]:
    """The note, and with `passages` its search passages (`search_passages`) instead of its `Stamp` objects
    (what the store keeps of its stamps is made of the passages' seconds and the video spans: a stamp's
    sentence is found when its note is shown), and its links as the store's rows (`store.LINK_FIELDS`) instead
    of `Link` objects (made only to be taken apart again: 5 µs a note of a cold load). The passages are made
    plain before the links' sentences, most of which are whole passages (`ContextFinder.link_contexts`).
    """
    meta, body, _offset, warnings = split_frontmatter(text)
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    title, title_warnings = note_title(meta, body, stem)
    video_id, video_warnings = note_video_id(meta)
    note = Note(path=path, title=title, body=body, meta=meta, aliases=note_aliases(meta), video_id=video_id,
                warnings=warnings + title_warnings + video_warnings)
    skip = code_spans(body)
    # once, for the stamps and the video links; `lower` is `casefold` of ASCII text, and 2 µs faster on a note
    folded = body.lower() if body.isascii() else body.casefold()
    youtube = mentions_youtube(body, folded)  # likewise (most notes name no video: a scan of the whole note)
    stamp_refs = find_stamps(body, skip, folded, youtube)
    readings, note.timestamp_format, stamp_warnings = read_note_stamps(stamp_refs, timestamp_override(meta) or timestamp_format)
    note.warnings += stamp_warnings
    finder = ContextFinder(body, [(ref.start, ref.end) for ref in stamp_refs])
    seconds = [second for second, _ in readings]
    videos = [ref.video_id or video_id for ref in stamp_refs]  # the video each stamp's URL names
    found = search_passages(finder, seconds) if passages else None
    if not passages:  # the note's own list (`Note.stamps` is a property: not asked per stamp)
        note.stamps = _stamps(stamp_refs, readings, videos, finder.stamp_contexts())
    refs = parse_links(body, skip)
    rows: list[tuple] | None = [] if passages else None
    for ref, (context, stamp_index) in zip(refs, finder.link_contexts([(ref.start, ref.end) for ref in refs])):
        second, own_url = None, None
        if stamp_index is not None:
            second = seconds[stamp_index]
            cited = stamp_refs[stamp_index].video_id
            if cited and cited != video_id and second is not None:  # a stamp naming another video
                own_url = youtube_url(cited, second)
        if rows is not None:  # `store.LINK_FIELDS`
            rows.append((ref.target, ref.heading, ref.alias, ref.embed, ref.start, ref.end, context, second,
                         ref.markdown, own_url))
        else:
            # Link(target, heading, alias, embed, resolved, start, end, context, seconds, markdown, stamp_url),
            # given by position: by keyword it took three times as long to make (0.42 µs, 9 links a note)
            note.links.append(Link(ref.target, ref.heading, ref.alias, ref.embed, None, ref.start, ref.end,
                                   context, second, ref.markdown, own_url))
    note.video_links = video_links_in(body, folded) if youtube else {}  # (what it gives a note naming none)
    note.video_spans = cited_video_spans(videos, seconds)
    return note, found, rows


def _stamps(refs: list[StampRef], readings: list[tuple[int | None, str | None]], videos: list[str | None],
            contexts: list[str]) -> list[Stamp]:
    """The note's stamps: each one's second and reading, the URL of the video it cites, its sentence."""
    return [Stamp(label=ref.value, seconds=second, url=stamp_url(vid, second),
                  context=context, start=ref.start, end=ref.end, reading=reading)
            for ref, (second, reading), vid, context in zip(refs, readings, videos, contexts)]


def parse_stamps(text: str, timestamp_format: str | None = None) -> list[Stamp]:
    """The stamps `parse_note` gives the note of `text`, without the rest of its parse (links, their
    sentences): what a note loaded from the cache reads when it is shown (`search_text.StampsOfNote`)."""
    return _stamps(*stamp_fields(text, timestamp_format))


def stamp_rows(text: str, timestamp_format: str | None = None) -> list[tuple[str, int | None, str | None, str]]:
    """(label, seconds, url, context) of each stamp `parse_stamps` gives, without making the `Stamp`s: what
    the inspect document says of them (`inspect.timestamps_json`)."""
    refs, readings, videos, contexts = stamp_fields(text, timestamp_format)
    return [(ref.value, second, stamp_url(vid, second), context)
            for ref, (second, _), vid, context in zip(refs, readings, videos, contexts)]


def stamp_fields(text: str, timestamp_format: str | None = None) -> tuple[list[StampRef], list[tuple[int | None, str | None]], list[str | None], list[str]]:
    """What `parse_stamps` makes its stamps of: the refs, (seconds, reading) and cited video of each, and
    their sentences."""
    meta, body, _offset, _warnings = split_frontmatter(text)
    video_id, _ = note_video_id(meta)
    refs = find_stamps(body, code_spans(body))
    readings, _, _ = read_note_stamps(refs, timestamp_override(meta) or timestamp_format)
    contexts = ContextFinder(body, [(ref.start, ref.end) for ref in refs]).stamp_contexts()
    return refs, readings, [ref.video_id or video_id for ref in refs], contexts


def _resolver_of(notes: dict[str, Note], attachments: list[str]) -> LinkResolver:
    return LinkResolver(
        list(notes) + attachments,
        titles={p: n.title for p, n in notes.items()},
        aliases={p: n.aliases for p, n in notes.items() if n.aliases},
    )


def search_passages(finder: ContextFinder, seconds: list[int | None]) -> list[Passage]:
    """The note's text cut at its stamps, each piece with the second it cites (`seconds`: of each stamp), for
    full-text search: `ContextFinder.passages`, made plain in one pass (`ContextFinder.passage_texts`)."""
    return [(seconds[i] if i is not None else None, text) for i, text in finder.passage_texts()]


def note_search_text(body: str) -> str:
    """The note's search text (its passages joined, as `search_text.join_passages` joins them) from its body:
    what the full-text index reads from the vault when it needs a note's text (the cache keeps none)."""
    from desktop.core.search_text import SEPARATOR

    skip = code_spans(body)
    refs = find_stamps(body, skip)
    spans = [(ref.start, ref.end) for ref in refs]
    return SEPARATOR.join(text for _, text in passage_texts(body, block_spans(body), spans))


def read_text(file: VaultFile) -> tuple[str | None, list[str]]:
    """The decoded text of a vault file, or None and why not."""
    data, read_warnings = read_vault_file(file)
    if data is None:
        return None, read_warnings or ["unreadable"]
    text, decode_warnings = decode_note(data)
    return text, read_warnings + decode_warnings


def read_note(file: VaultFile, passages: bool = False, timestamp_format: str | None = None
              ) -> Note | FileWarning | tuple[Note, list[Passage], list[tuple]]:
    """Read one vault file into a Note, or say why it could not be read. With `passages`, what the store
    keeps instead (`store.note_row` of it): the note without body, stamps or links (read again when it is
    shown), its search passages, and its links as the store's rows."""
    text, warnings = read_text(file)
    if text is None:
        return FileWarning(file.path, "; ".join(warnings) or "not text")
    note, found, rows = _parse(file.path, text, timestamp_format, passages)
    note.warnings[:0] = warnings
    note.size, note.mtime_ns = file.size, file.mtime_ns
    if found is not None:
        note.body = None  # workers send back what the store keeps; the body is read again when shown
        return note, found, rows
    return note


def _read_chunk(files: list[VaultFile], passages: bool, timestamp_format: str | None) -> list:
    return [read_note(f, passages, timestamp_format) for f in files]


def read_notes(files: list[VaultFile], workers: int | None = None, progress: Progress | None = None,
               passages: bool = False, timestamp_format: str | None = None) -> list:
    """Read many notes, on several processes when there are enough of them to pay for it."""
    work = functools.partial(_read_chunk, passages=passages, timestamp_format=timestamp_format)
    return [result for chunk in map_chunks(work, files, workers, progress) for result in chunk]


def map_chunks(work: Callable[[list[VaultFile]], list], files: list[VaultFile], workers: int | None = None,
               progress: Progress | None = None) -> Iterator[list]:
    """`work` applied to consecutive chunks of `files`, each chunk's results yielded in order as they come.

    On worker processes when there are enough files to pay for starting them (`work` must then be a
    module-level function, or a partial of one). The caller can store each chunk while later ones are read.
    """
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    parallel = workers > 1 and len(files) >= 400
    # Small chunks: the pool hands each result back in one unpickling, which holds the interpreter lock (a
    # chunk of 1,250 notes stalled the window for 300 ms).
    size = min(CHUNK_NOTES, max(20, len(files) // (workers * 8))) if parallel else CHUNK_NOTES
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    done, count = 0, 0
    if parallel:
        context = worker_context()
        pool = None
        try:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=exit_with_parent,
                                       initargs=(os.getpid(),))
            for part in pool.map(functools.partial(_in_worker, work), chunks):
                done, count = done + 1, count + len(part)
                yield part
                if progress:
                    progress(count, len(files))
        except (BrokenProcessPool, OSError) as error:  # no worker processes here: read the rest in this one
            log.warning("worker processes unavailable (%s): reading in one process", error)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)  # a caller that stops early does not wait for the rest
    for chunk in chunks[done:]:
        with paused_gc():
            part = work(chunk)
        count += len(part)
        yield part
        if progress:
            progress(count, len(files))


# What the worker processes parse with: imported once by the fork server they are forked from, not by each of them
# (some 70 ms of CPU a worker, before its first note).
_WORKER_MODULES = ("desktop.core.loader",)


def worker_context() -> multiprocessing.context.BaseContext:
    """How the app's worker processes start: forked from a fork server that has the parse's modules imported (the
    caller may be a GUI with threads, which must never be forked itself), spawned where there is no fork server."""
    if os.name != "posix":
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", *_WORKER_MODULES])  # (`__main__`: what it preloads by default)
    return context


def start_workers() -> None:
    """Start the fork server the worker processes come from now: a cold load calls this before it scans the
    vault, so that the server's start and imports overlap the scan instead of following it (the first notes came
    back 0.15-0.25 s after the scan, one core idle meanwhile, at the public vault)."""
    if worker_context().get_start_method() != "forkserver":
        return
    try:
        multiprocessing.forkserver.ensure_running()
    except OSError as error:  # `map_chunks` then finds no workers either, reads in this process and says so
        log.info("worker processes not started ahead of the scan (%s)", error)


def exit_with_parent(parent_pid: int) -> None:
    """Make this worker process exit when the app (`parent_pid`) dies, even by `kill -9`: else the workers
    read on, and the forkserver and resource tracker that wait for them stay too (~70 MB, for good).

    A worker's own parent is the forkserver: on Linux the kernel kills the worker when that one dies
    (PR_SET_PDEATHSIG); a watchdog thread waits for the app itself (on a pidfd where there is one, else by
    asking every second) and ends the process.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="parent-watchdog", daemon=True).start()


_PR_SET_PDEATHSIG = 1


def _watch_parent(pid: int) -> None:
    try:
        fd = os.pidfd_open(pid)  # readable once the process has exited
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
        os._exit(1)
    while True:
        time.sleep(1.0)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except OSError:
            pass  # alive, but not ours to signal


def _in_worker(work: Callable[[list[VaultFile]], list], chunk: list[VaultFile]) -> list:
    with paused_gc():  # a worker process only builds and sends: no collections in its way
        return work(chunk)


_NO_MENTIONS = MentionList()


@dataclass
class VaultIndex:
    """Everything known about one vault: notes by path, attachments, topics, backlinks, warnings."""

    root: Path
    notes: dict[str, Note] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=dict)
    backlinks: dict[str, MentionList] = field(default_factory=dict)
    warnings: list[FileWarning] = field(default_factory=list)
    resolver: LinkResolver | None = None
    complete: bool = True  # False for a names-only first stage: links, stamps and topics still to come
    timestamp_setting: str | None = None  # the vault's "hms"/"msf" override the notes were read with
    # what the mentions of `backlinks` and `topics` are numbers into (`MentionList`)
    mention_table: MentionTable | None = field(default=None, compare=False, repr=False)

    @classmethod
    def build(cls, root: str | Path, workers: int | None = None, progress: Progress | None = None,
              timestamp_format: str | None = None) -> VaultIndex:
        """Scan, read and link a whole vault."""
        root = Path(root).resolve()
        files, warnings = scan_vault(root)
        note_files = [f for f in files if f.is_note]
        attachments = [f.path for f in files if not f.is_note]
        notes: list[Note] = []
        with long_lived():
            for result in read_notes(note_files, workers, progress, timestamp_format=timestamp_format):
                if isinstance(result, Note):
                    notes.append(result)
                else:
                    warnings.append(result)
            return cls.from_notes(root, notes, attachments, warnings)

    @classmethod
    def from_notes(cls, root: Path, notes: Iterable[Note], attachments: Iterable[str],
                   warnings: Iterable[FileWarning] = (), resolver: LinkResolver | None = None,
                   keep_sentences: bool = False, link: bool = True) -> VaultIndex:
        """Link already-read notes: resolve every link, gather topics and backlinks. `resolver`: one made of
        these very names (paths, attachments, titles, aliases), else one is made. `keep_sentences`: for a pass
        reading every page, the mentions' sentences kept rather than cut again from their notes' links when read
        (`MentionTable`). Without `link`, the index of the notes and `resolver` before any linking: the caller
        links it (`relink`)."""
        index = cls(root=Path(root), notes={n.path: n for n in sorted(notes, key=lambda n: n.path)},
                    attachments=sorted(attachments), warnings=list(warnings), resolver=resolver)
        if link:
            index.relink(resolver, keep_sentences)
        return index

    def relink(self, resolver: LinkResolver | None = None, keep_sentences: bool = False) -> None:
        """Resolve all links again and rebuild topics and backlinks (after notes were added or removed).

        A sentence with several links to the same note or topic gives one mention (anchored at the first).
        """
        self.resolver = resolver or _resolver_of(self.notes, self.attachments)
        self.backlinks, self.topics, self.mention_table = link_all(self.notes, self.resolver, keep_sentences)

    def patched(self, changed: Iterable[Note], removed: Iterable[str], attachments: Iterable[str],
                warnings: Iterable[FileWarning] = ()) -> VaultIndex:
        """A new index: this one with the notes `changed` (read again, or new) put in and those `removed` taken
        out, equal to what `from_notes` builds of the result, for the cost of the notes concerned.

        This index is left as it is (views may still show it): notes whose links now lead elsewhere (a new
        note answers a topic, a renamed one no longer answers its links) are copies in the new one. Only the
        backlinks and topics these notes had or have are gathered again.
        """
        changed = {note.path: note for note in changed}
        removed = {path for path in removed if path in self.notes and path not in changed}
        attachments = sorted(attachments)
        kept = {path: note for path, note in self.notes.items() if path not in removed and path not in changed}
        notes = dict(sorted({**kept, **changed}.items()))
        same_names = attachments == self.attachments and not removed and all(
            path in self.notes and (self.notes[path].title, self.notes[path].aliases) == (note.title, note.aliases)
            for path, note in changed.items())
        resolver = self.resolver if same_names and self.resolver is not None else _resolver_of(notes, attachments)
        table = self.mention_table if self.mention_table is not None else MentionTable(sentences_of)
        with table.lock:  # the new mentions join those kept, in one table (another patch of this index waits)
            linking = LinkPass(resolver, table)
            for note in changed.values():
                linking.resolve(note, link_rows(note))
            concerned = set(changed) | removed
            if resolver is not self.resolver:  # other names: any link may now lead elsewhere
                for path, note in kept.items():
                    copy = relinked_copy(note, resolver, linking.answers)
                    if copy is not None:
                        notes[path] = copy
                        concerned.add(path)
            # where the notes' mentions went (only their keys read: found on a table of their own, then dropped)
            old = mentions_by_destination((self.notes[path] for path in concerned if path in self.notes),
                                          LinkPass(resolver))
            new = mentions_by_destination((notes[path] for path in concerned if path in notes), linking)
            table.settle()
        index = VaultIndex(root=self.root, notes=notes, attachments=attachments, warnings=list(warnings),
                           resolver=resolver, timestamp_setting=self.timestamp_setting, mention_table=table)
        index.backlinks = dict(self.backlinks)
        for key in old["note"].keys() | new["note"].keys():
            mentions = merged(self.backlinks.get(key), concerned, new["note"].get(key, ()), table)
            if mentions:
                index.backlinks[key] = mentions
            else:
                index.backlinks.pop(key, None)
        topics = dict(self.topics)
        again: dict[str, MentionList] = {}
        for key in old["topic"].keys() | new["topic"].keys():
            mentions = merged(self.topics[key].mentions if key in self.topics else None, concerned,
                              new["topic"].get(key, ()), table)
            if mentions:
                again[key] = mentions
            topics.pop(key, None)
        topics.update((topic.key, topic) for topic in topics_of(again, notes))
        index.topics = sorted_topics(topics.values())
        return index

    def body_of(self, path: str) -> str:
        """The note's body (text after the frontmatter), read from the vault when not in memory. A body read is
        not kept on the note: its reader (a view, on a worker) never changes the index."""
        return self.read_body(path)[0]

    def read_body(self, path: str) -> tuple[str, str | None]:
        """`body_of` the note, and why the vault could not give it now ("" is then its body): a note indexed
        when it could be read, made unreadable since without a change of size or time, is still listed from
        the cache, and its page says why it shows nothing."""
        note = self.notes[path]
        if note.body is not None:
            return note.body, None
        text, warnings = read_text(VaultFile(path, str(self.root / path), note.size, note.mtime_ns, True))
        if text is None:
            return "", "; ".join(warnings) or "unreadable"
        return note_body(text), None

    def video_links(self) -> dict[str, dict[str, str]]:
        """Note path -> its links to videos (id -> link text), for the notes that have any: what
        `VideoCatalog.build` takes, found while parsing (no file read here)."""
        return {path: note.video_links for path, note in self.notes.items() if note.video_links}

    def video_spans(self) -> dict[str, dict[str, tuple[int, int]]]:
        """Note path -> per video its stamps cite, (stamps, last second): `VideoCatalog.build`'s spans."""
        return {path: note.video_spans for path, note in self.notes.items()}

    def resolve(self, target: str, from_path: str | None = None) -> str | None:
        """The vault-relative path a link target reaches, or None for a topic."""
        assert self.resolver is not None
        return self.resolver.resolve(target, from_path)

    @staticmethod
    def topic_key(target: str) -> str:
        return topic_key(target)

    def find(self, name: str) -> tuple[str, str] | None:
        """A note by path, stem or title — else a topic by target, key or name: ("note", path) or ("topic", key)."""
        name = name.strip()
        if name in self.notes:
            return ("note", name)
        path = self.resolve(name)
        if path is not None and path in self.notes:
            return ("note", path)
        key = topic_key(name)
        if key in self.topics:
            return ("topic", key)
        folded = name.casefold()
        return next((("topic", t.key) for t in self.topics.values() if t.name.casefold() == folded), None)

    def mentions_of(self, kind: str, key: str) -> Sequence[Mention]:
        """Backlinks of a note, or the mentions of a topic: one per sentence, in note and text order (a
        `MentionList`, whose `Mention` objects are made as they are read)."""
        if kind == "note":
            return self.backlinks.get(key, _NO_MENTIONS)
        topic = self.topics.get(key)
        return topic.mentions if topic else _NO_MENTIONS

    @property
    def timestamp_format(self) -> str:
        """What most notes with three-part stamps use: "hms", "msf" or "mixed"."""
        counts = Counter(n.timestamp_format for n in self.notes.values() if n.timestamp_format)
        return counts.most_common(1)[0][0] if counts else "hms"
