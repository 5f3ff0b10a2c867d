"""The vault index: every note read and parsed, every link resolved, topics and backlinks gathered.

Building runs in two stages so later stages can cache or parallelise the first: `read_note` turns one file
into a `Note` (a pure function of the file's bytes), then `VaultIndex.from_notes` resolves links across the
whole vault and gathers topics and backlinks.
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
import logging
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.context import ContextFinder, block_spans, passage_texts
from desktop.core.frontmatter import (
    note_aliases,
    note_title,
    note_video_id,
    split_frontmatter,
    timestamp_override,
)
from desktop.core.links import code_spans, is_image, parse_links
from desktop.core.memory import long_lived, paused_gc
from desktop.core.model import FileWarning, Link, Mention, Note, Stamp, StampRef, Topic
from desktop.core.resolver import LinkResolver, topic_key
from desktop.core.store import PackedLinks
from desktop.core.stamps import find_stamps, read_note_stamps, youtube_url
from desktop.core.text import decode_note
from desktop.core.topic_names import other_names, topic_name
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
           stamp_contexts: bool = True) -> tuple[Note, ContextFinder, list[StampRef], list[tuple[int | None, str | None]]]:
    """The note, its context finder, its stamps as written and (seconds, reading) of each. Without
    `stamp_contexts` the note gets no `Stamp` objects (what the store keeps of its stamps is made of the
    refs and readings: a stamp's sentence is found when its note is shown), only its links and video spans.
    """
    meta, body, _offset, warnings = split_frontmatter(text)
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    title, title_warnings = note_title(meta, body, stem)
    video_id, video_warnings = note_video_id(meta)
    note = Note(path=path, title=title, body=body, meta=meta, aliases=note_aliases(meta), video_id=video_id,
                warnings=warnings + title_warnings + video_warnings)
    skip = code_spans(body)
    stamp_refs = find_stamps(body, skip)
    readings, note.timestamp_format, stamp_warnings = read_note_stamps(stamp_refs, timestamp_override(meta) or timestamp_format)
    note.warnings += stamp_warnings
    finder = ContextFinder(body, [(ref.start, ref.end) for ref in stamp_refs])
    seconds = [second for second, _ in readings]
    videos = [ref.video_id or video_id for ref in stamp_refs]  # the video each stamp's URL names
    if stamp_contexts:  # the note's own list (`Note.stamps` is a property: not asked per stamp)
        note.stamps = _stamps(stamp_refs, readings, videos, finder.stamp_contexts())
    refs = parse_links(body, skip)
    for ref, (context, stamp_index) in zip(refs, finder.link_contexts([(ref.start, ref.end) for ref in refs])):
        second, own_url = None, None
        if stamp_index is not None:
            second = seconds[stamp_index]
            cited = stamp_refs[stamp_index].video_id
            if cited and cited != video_id and second is not None:  # a stamp naming another video
                own_url = youtube_url(cited, second)
        note.links.append(Link(target=ref.target, heading=ref.heading, alias=ref.alias, embed=ref.embed,
                               resolved=None, start=ref.start, end=ref.end, context=context, seconds=second,
                               markdown=ref.markdown, stamp_url=own_url))
    note.video_links = video_links_in(body)
    note.video_spans = cited_video_spans(videos, seconds)
    return note, finder, stamp_refs, readings


def _stamps(refs: list[StampRef], readings: list[tuple[int | None, str | None]], videos: list[str | None],
            contexts: list[str]) -> list[Stamp]:
    """The note's stamps: each one's second and reading, the URL of the video it cites, its sentence."""
    return [Stamp(label=ref.value, seconds=second, url=youtube_url(vid, second) if vid and second is not None else None,
                  context=context, start=ref.start, end=ref.end, reading=reading)
            for ref, (second, reading), vid, context in zip(refs, readings, videos, contexts)]


def parse_stamps(text: str, timestamp_format: str | None = None) -> list[Stamp]:
    """The stamps `parse_note` gives the note of `text`, without the rest of its parse (links, their
    sentences): what a note loaded from the cache reads when it is shown (`search_text.StampsOfNote`)."""
    return _stamps(*stamp_fields(text, timestamp_format))


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


def _resolution(link: Link, note_path: str, resolver: LinkResolver) -> str | None:
    """Where a link of the note at `note_path` leads: `[[#Heading]]` to the note itself."""
    return note_path if not link.target else resolver.resolve(link.target, note_path)


def _resolve_links(note: Note, resolver: LinkResolver, shared: dict | None = None) -> list[Link]:
    """Resolve the note's links; the links, as objects (made of the cache's form for a note loaded from it,
    whose own form then keeps where each leads: `PackedLinks`). `shared`: see `PackedLinks.decoded`."""
    packed = note.links if isinstance(note.links, PackedLinks) else None
    links = packed.decoded(shared) if packed is not None else note.links
    for link in links:
        link.resolved = _resolution(link, note.path, resolver)
    if packed is not None:
        note.links = PackedLinks.resolved_as(packed.blob, links)
    return links


def _relinked_copy(note: Note, resolver: LinkResolver, answers: dict) -> Note | None:
    """A copy of `note` whose links lead where `resolver` says, or None when they all lead where they did.

    `answers`, shared by the notes of one pass, keeps the resolver's answer per target (per target and folder
    where the folder matters): a vault's links name far fewer targets than there are links.
    """
    folder = note.path.rpartition("/")[0]
    resolved = []
    packed = note.links if isinstance(note.links, PackedLinks) and note.links.targets is not None else None
    targets = packed.targets if packed is not None else [link.target for link in note.links]
    for target in targets:
        if not target:  # `[[#Heading]]`: this note
            resolved.append(note.path)
            continue
        found = answers.get(target)
        if found is None:
            found = answers[target] = resolver.same_from_everywhere(target)
        if not found[0]:
            key = (target, folder)
            if key not in answers:
                answers[key] = resolver.resolve(target, note.path)
            resolved.append(answers[key])
        else:
            resolved.append(found[1])
    if packed is not None:
        if list(packed.resolved) == resolved:
            return None
        return dataclasses.replace(note, links=packed.with_resolved(resolved))
    if all(link.resolved == path for link, path in zip(note.links, resolved)):
        return None
    links = [dataclasses.replace(link, resolved=path) for link, path in zip(note.links, resolved)]
    return dataclasses.replace(note, links=links)


def _is_topic_link(link: Link) -> bool:
    """A link that no note or file answers and that names a topic (a missing picture names none)."""
    return link.resolved is None and not (link.embed and is_image(link.target))


def _note_mentions(note: Note, links: list[Link] | None = None) -> Iterator[tuple[str, str, Mention]]:
    """The note's mentions of other notes and topics, in text order: ("note", path, mention) or ("topic",
    key, mention); one per sentence and destination (`Mention.other_aliases` holds the other links' texts).
    `links`: the note's links when the caller has them as objects already."""
    in_sentence: dict[tuple, Mention] = {}  # (destination, sentence, second) -> its Mention
    for ordinal, link in enumerate(note.links if links is None else links):
        if link.resolved is None:
            if not _is_topic_link(link):
                continue  # a picture the vault lacks: its page shows the missing-file placeholder, no topic
            destination = ("topic", topic_key(link.target))
        elif link.resolved != note.path:
            destination = ("note", link.resolved)
        else:
            continue
        context = link.context or _link_words(link)
        same = (destination, context, link.seconds)
        earlier = in_sentence.get(same)
        if earlier is not None:
            _add_alias(earlier, link.alias)
            continue
        picture = link.embed and is_image(link.resolved or link.target)
        mention = in_sentence[same] = Mention(
            source=note.path, context=context, seconds=link.seconds, url=link.stamp_url or None, alias=link.alias,
            video_id=note.video_id, ordinal=None if picture else ordinal)
        yield destination[0], destination[1], mention


def _mentions_by_destination(notes: Iterable[Note]) -> dict[str, dict[str, list[Mention]]]:
    found: dict[str, dict[str, list[Mention]]] = {"note": {}, "topic": {}}
    for note in notes:
        for kind, key, mention in _note_mentions(note):
            found[kind].setdefault(key, []).append(mention)
    return found


def _merged(mentions: Iterable[Mention], dropped: set[str], added: Iterable[Mention]) -> list[Mention]:
    """`mentions` without those of the notes `dropped`, with `added`: in note order, then text order."""
    kept = [m for m in mentions if m.source not in dropped]
    added = list(added)
    return sorted(kept + added, key=_source_of) if added else kept


def _source_of(mention: Mention) -> str:
    return mention.source


def _topics(mentions: dict[str, list[Mention]], notes: dict[str, Note]) -> list[Topic]:
    """The topics of `mentions` (key -> its mentions, in note order): each one's name and target from how the
    links to it are written, counted over the links of the notes mentioning it in note order (ties go to the
    first written), in one pass over those notes."""
    names = _TopicNames(mentions)
    sources = {m.source for found in mentions.values() for m in found}
    for path in sorted(sources):
        names.count(notes[path].links)
    return names.topics(mentions)


class _TopicNames:
    """How the links to each topic are written (targets and texts, counted in the order they are met): what
    names a topic (`topic_names`)."""

    def __init__(self, keys: Iterable[str]):
        self.targets: dict[str, Counter[str]] = {key: Counter() for key in keys}
        self.texts: dict[str, Counter[str]] = {key: Counter() for key in self.targets}
        self.keys: dict[str, str] = {}  # target -> topic key, each computed once

    def count(self, links: Iterable[Link] | PackedLinks, add: bool = False) -> None:
        """Count the topic links of one note (notes in path order: ties go to the first written); `add`:
        of every topic, else only of the topics it was made with."""
        if isinstance(links, PackedLinks) and links.resolved is not None:
            names = links.topic_names()  # without decoding them: a change counts all notes of its topics
        else:
            names = ((link.target, link.alias) for link in links if _is_topic_link(link))
        targets, texts, keys = self.targets, self.texts, self.keys
        for target, alias in names:
            key = keys.get(target)
            if key is None:
                key = keys[target] = topic_key(target)
            if add and key not in targets:
                targets[key], texts[key] = Counter(), Counter()
            if key in targets:
                targets[key][target] += 1
                if alias:
                    texts[key][alias] += 1

    def topics(self, mentions: dict[str, list[Mention]]) -> list[Topic]:
        targets, texts = self.targets, self.texts
        return [Topic(key=key, name=topic_name(key, targets[key], texts[key]), mentions=found,
                  target=targets[key].most_common(1)[0][0], other_names=other_names(key, texts[key]))
            for key, found in mentions.items()]


def _sorted_topics(topics: Iterable[Topic]) -> dict[str, Topic]:
    """Topics by name; topics of one name in the order they are first mentioned (note, then place in it)."""
    return {t.key: t for t in sorted(topics, key=_topic_order)}


def _topic_order(topic: Topic) -> tuple[str, str, int]:
    first = topic.mentions[0]
    return topic.name.casefold(), first.source, -1 if first.ordinal is None else first.ordinal


def _link_words(link: Link) -> str:
    """What a link says, for a mention whose sentence has no other words (an embed on a line of its own)."""
    if link.alias:
        return link.alias
    if link.heading and not link.heading.startswith("^"):
        return f"{link.target} › {link.heading}"
    return link.target


def _add_alias(mention: Mention, alias: str | None) -> None:
    """Remember one more link text of the mention's sentence (each text once)."""
    if alias and alias != mention.alias and alias not in mention.other_aliases:
        mention.other_aliases += (alias,)


def search_passages(finder: ContextFinder, seconds: list[int | None]) -> list[Passage]:
    """The note's text cut at its stamps, each piece with the second it cites (`seconds`: of each stamp), for
    full-text search: `ContextFinder.passages`, made plain in one pass (`context.passage_texts`)."""
    return [(seconds[i] if i is not None else None, text)
            for i, text in passage_texts(finder.body, finder.blocks, finder.stamp_spans)]


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


def read_note(file: VaultFile, passages: bool = False,
              timestamp_format: str | None = None) -> Note | FileWarning | tuple[Note, list[Passage]]:
    """Read one vault file into a Note, or say why it could not be read. With `passages`, what the store
    keeps instead: the note without body or stamps (read again when it is shown), and its search passages."""
    text, warnings = read_text(file)
    if text is None:
        return FileWarning(file.path, "; ".join(warnings) or "not text")
    note, finder, _, readings = _parse(file.path, text, timestamp_format, stamp_contexts=not passages)
    note.warnings[:0] = warnings
    note.size, note.mtime_ns = file.size, file.mtime_ns
    if passages:
        found = search_passages(finder, [second for second, _ in readings])
        note.body = None  # workers send back what the store keeps; the body is read again when shown
        return note, found
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
        # forkserver: the caller may be a GUI with threads, which must not be forked
        context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
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


@dataclass
class VaultIndex:
    """Everything known about one vault: notes by path, attachments, topics, backlinks, warnings."""

    root: Path
    notes: dict[str, Note] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=dict)
    backlinks: dict[str, list[Mention]] = field(default_factory=dict)
    warnings: list[FileWarning] = field(default_factory=list)
    resolver: LinkResolver | None = None
    complete: bool = True  # False for a names-only first stage: links, stamps and topics still to come
    timestamp_setting: str | None = None  # the vault's "hms"/"msf" override the notes were read with

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
                   warnings: Iterable[FileWarning] = (), resolver: LinkResolver | None = None) -> VaultIndex:
        """Link already-read notes: resolve every link, gather topics and backlinks. `resolver`: one made of
        these very names (paths, attachments, titles, aliases), else one is made."""
        index = cls(root=Path(root), notes={n.path: n for n in sorted(notes, key=lambda n: n.path)},
                    attachments=sorted(attachments), warnings=list(warnings))
        index.relink(resolver)
        return index

    def relink(self, resolver: LinkResolver | None = None) -> None:
        """Resolve all links again and rebuild topics and backlinks (after notes were added or removed).

        A sentence with several links to the same note or topic gives one Mention (anchored at the first).
        """
        self.resolver = resolver or _resolver_of(self.notes, self.attachments)
        backlinks: dict[str, list[Mention]] = {}
        topic_mentions: dict[str, list[Mention]] = {}
        in_order = list(self.notes) == sorted(self.notes)
        names = _TopicNames(())  # counted as the notes go by when they are in path order, as `_topics` counts
        shared: dict = {}  # one object per target, text, sentence and second (see `PackedLinks.decoded`)
        for note in self.notes.values():
            links = _resolve_links(note, self.resolver, shared)
            for kind, key, mention in _note_mentions(note, links):
                (topic_mentions if kind == "topic" else backlinks).setdefault(key, []).append(mention)
            if in_order:
                names.count(links, add=True)
        if not in_order:
            names = _TopicNames(topic_mentions)
            for path in sorted({m.source for found in topic_mentions.values() for m in found}):
                names.count(self.notes[path].links)
        self.backlinks = backlinks
        self.topics = _sorted_topics(names.topics(topic_mentions))

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
        for note in changed.values():
            _resolve_links(note, resolver)
        concerned = set(changed) | removed
        if resolver is not self.resolver:  # other names: any link may now lead elsewhere
            answers: dict = {}
            for path, note in kept.items():
                copy = _relinked_copy(note, resolver, answers)
                if copy is not None:
                    notes[path] = copy
                    concerned.add(path)
        index = VaultIndex(root=self.root, notes=notes, attachments=attachments, warnings=list(warnings),
                           resolver=resolver, timestamp_setting=self.timestamp_setting)
        old = _mentions_by_destination(self.notes[path] for path in concerned if path in self.notes)
        new = _mentions_by_destination(notes[path] for path in concerned if path in notes)
        index.backlinks = dict(self.backlinks)
        for key in old["note"].keys() | new["note"].keys():
            mentions = _merged(self.backlinks.get(key, ()), concerned, new["note"].get(key, ()))
            if mentions:
                index.backlinks[key] = mentions
            else:
                index.backlinks.pop(key, None)
        topics = dict(self.topics)
        again: dict[str, list[Mention]] = {}
        for key in old["topic"].keys() | new["topic"].keys():
            old_mentions = self.topics[key].mentions if key in self.topics else ()
            mentions = _merged(old_mentions, concerned, new["topic"].get(key, ()))
            if mentions:
                again[key] = mentions
            topics.pop(key, None)
        topics.update((topic.key, topic) for topic in _topics(again, notes))
        index.topics = _sorted_topics(topics.values())
        return index

    def body_of(self, path: str) -> str:
        """The note's body (text after the frontmatter), read from the vault when not in memory."""
        note = self.notes[path]
        if note.body is None:
            text, _ = read_text(VaultFile(path, str(self.root / path), note.size, note.mtime_ns, True))
            note.body = split_frontmatter(text)[1] if text is not None else ""
        return note.body

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

    def mentions_of(self, kind: str, key: str) -> list[Mention]:
        """Backlinks of a note, or the mentions of a topic: one per sentence, in note and text order."""
        if kind == "note":
            return self.backlinks.get(key, [])
        topic = self.topics.get(key)
        return topic.mentions if topic else []

    @property
    def timestamp_format(self) -> str:
        """What most notes with three-part stamps use: "hms", "msf" or "mixed"."""
        counts = Counter(n.timestamp_format for n in self.notes.values() if n.timestamp_format)
        return counts.most_common(1)[0][0] if counts else "hms"
