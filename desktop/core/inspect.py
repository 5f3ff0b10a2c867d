"""The index as the JSON document `note-reader VAULT --inspect` prints, written note by note.

At 20k notes the whole document as one dict, then as one string, held every note's stamps decoded at once
(3 GB and more): `index_json_chunks` gives each note as soon as it is made, decoding its stamps only for
that moment: the same document as `index_to_json`, one note a line. A note whose stamps were read ahead as
their text in the document (`timestamps_json`, made on the worker processes) has that text spliced into its
line as it is: decoding them into objects and encoding them again took most of the command's time.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from desktop.core.index import VaultIndex
from desktop.core.model import Link, Note
from desktop.core.store import PackedLinks
from desktop.core.videos import VideoCatalog


def note_to_json(index: VaultIndex, note: Note) -> dict[str, Any]:
    """One note of the document: links and stamps in the order of the text, then its backlinks."""
    return {**_note_head(note),
            "timestamps": stamp_items((s.label, s.seconds, s.url, s.context) for s in note.peek_stamps()),
            **_note_tail(index, note)}


def _note_head(note: Note) -> dict[str, Any]:
    """The note's keys before its "timestamps"."""
    return {
        "path": note.path,
        "title": note.title,
        "video_id": note.video_id,
        "timestamp_format": note.timestamp_format,
        "warnings": list(note.warnings),
        "links": [{"target": target, "heading": heading, "alias": alias, "embed": embed, "resolved": resolved}
                  for target, heading, alias, embed, resolved in _link_fields(note.links)],
    }


def _link_fields(links: Sequence[Link]) -> Iterable[tuple[str, str | None, str | None, bool, str | None]]:
    """(target, heading, alias, embed, resolved) of each link; of links as the cache keeps them, without
    making them objects."""
    if isinstance(links, PackedLinks):
        return links.fields()
    return ((link.target, link.heading, link.alias, link.embed, link.resolved) for link in links)


def _note_tail(index: VaultIndex, note: Note) -> dict[str, Any]:
    """The note's keys after its "timestamps"."""
    return {"backlinks": [{"from": m.source, "context": m.context} for m in index.backlinks.get(note.path, [])]}


_STAMP_KEYS = ("label", "seconds", "url", "context")  # a stamp's keys in the document, in order


def stamp_items(stamps: Iterable[tuple[str, int | None, str | None, str]]) -> list[dict[str, Any]]:
    """A note's "timestamps" in the document, of (label, seconds, url, context) of each stamp."""
    return [dict(zip(_STAMP_KEYS, stamp)) for stamp in stamps]


def timestamps_json(stamps: Iterable[tuple[str, int | None, str | None, str]]) -> bytes:
    """A note's "timestamps" as its line of the document writes them, in UTF-8 as `--inspect` prints it (a
    lone surrogate escaped): what the worker processes make of each note's stamps for the main process to
    splice in (`index_json_chunks`, through a note's stamps that offer it, `loader._AheadStamps`).

    Each stamp written with the encoder's own string escape into a template of the encoder's layout: what
    encoding `stamp_items` gives, without making a dict a stamp (this runs for every stamp of every note).
    """
    text = _string
    items = [_STAMP_TEMPLATE % (text(label), "null" if seconds is None else seconds,
                                "null" if url is None else text(url), text(context))
             for label, seconds, url, context in stamps]
    return f"[{', '.join(items)}]".encode("utf-8", "backslashreplace")


_STAMP_TEMPLATE = "{" + ", ".join(f'"{key}": %s' for key in _STAMP_KEYS) + "}"
_string = json.encoder.encode_basestring  # the escape `_ONE_LINE` gives a string (ensure_ascii=False)


_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))  # C-accelerated: no indent


def _parts(index: VaultIndex) -> list[tuple[str, Callable[[], Any]]]:
    """The document's keys in order, each with what makes its value ("notes" is written item by item)."""
    return [
        ("vault", lambda: str(index.root)),
        ("timestamp_format", lambda: index.timestamp_format),
        ("notes", lambda: (note_to_json(index, note) for note in index.notes.values())),
        ("unresolved", lambda: sorted(({"target": t.target, "mentions": len(t.mentions)}
                                       for t in index.topics.values()),
                                      key=lambda t: (-t["mentions"], t["target"].casefold()))),
        ("warnings", lambda: [{"path": w.path, "message": w.message} for w in index.warnings]),
        ("videos", lambda: VideoCatalog.build(index, index.video_links(), index.video_spans()).for_inspect()),
    ]


def index_to_json(index: VaultIndex) -> dict[str, Any]:
    """A plain, JSON-serialisable view of the whole index (small vaults and tests; the CLI streams it)."""
    document = {key: make() for key, make in _parts(index)}
    document["notes"] = list(document["notes"])
    return document


def _dumps(value: Any, depth: int) -> str:
    """`value` as `json.dumps(..., indent=1)` writes it `depth` levels deep in the document."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.replace("\n", "\n" + " " * depth) if depth else text


def _note_line(index: VaultIndex, note: Note, lead: str) -> str | bytes:
    """The note's line of the document after `lead`; in UTF-8 (as printed) where its stamps were read ahead as
    their text (`timestamps_json`), spliced in as it is: the line then is what encoding `note_to_json` gives,
    the encoder writing one key after the other."""
    take = getattr(note.stamps_data, "timestamps_json", None)
    ready = take() if take is not None else None
    if ready is None:
        return lead + _ONE_LINE.encode(note_to_json(index, note))
    head = _ONE_LINE.encode(_note_head(note))
    tail = _ONE_LINE.encode(_note_tail(index, note))
    return b"".join((f'{lead}{head[:-1]}, "timestamps": '.encode("utf-8", "backslashreplace"), ready,
                     f", {tail[1:]}".encode("utf-8", "backslashreplace")))


def _chunks(index: VaultIndex) -> Iterator[str | bytes]:
    """The pieces of `index_json_chunks`, each a note's line in UTF-8 where its stamps' text came so."""
    yield "{"
    for i, (key, make) in enumerate(_parts(index)):
        yield ("," if i else "") + f"\n {json.dumps(key)}: "
        if key != "notes":
            yield _dumps(make(), 1)
            continue
        first = True
        for note in index.notes.values():  # what make() gives, a line a note
            yield _note_line(index, note, ("[" if first else ",") + "\n  ")
            first = False
        yield "[]" if first else "\n ]"
    yield "\n}"


def index_json_chunks(index: VaultIndex) -> Iterator[str]:
    """The document in pieces, one a note: `index_to_json(index)` laid out as `json.dumps(..., indent=1)`
    but each note on one line of its own (the indenting encoder is pure Python: at 20k notes it took longer
    than reading the index; a line a note also suits `grep` and line-by-line readers)."""
    for chunk in _chunks(index):
        yield chunk if isinstance(chunk, str) else chunk.decode("utf-8")


def index_json_bytes(index: VaultIndex) -> Iterator[bytes]:
    """`index_json_chunks` in UTF-8 as `--inspect` prints it, a lone surrogate (a file name that is not UTF-8)
    escaped: the stamps' text read ahead in UTF-8 is written as it came."""
    for chunk in _chunks(index):
        yield chunk.encode("utf-8", "backslashreplace") if isinstance(chunk, str) else chunk


def stamp_summary(index: VaultIndex) -> Counter[str]:
    """How many stamps were read, and how many of them point past four hours (a sign of a misreading)."""
    counts: Counter[str] = Counter()
    for note in index.notes.values():
        for stamp in note.peek_stamps():
            if stamp.seconds is not None:
                counts["stamps"] += 1
                counts["past_4h"] += stamp.seconds > 4 * 3600
    return counts
