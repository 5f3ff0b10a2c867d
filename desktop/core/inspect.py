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
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from desktop.core.index import VaultIndex
from desktop.core.model import Note
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
        "links": [{"target": link.target, "heading": link.heading, "alias": link.alias,
                   "embed": link.embed, "resolved": link.resolved} for link in note.links],
    }


def _note_tail(index: VaultIndex, note: Note) -> dict[str, Any]:
    """The note's keys after its "timestamps"."""
    return {"backlinks": [{"from": m.source, "context": m.context} for m in index.backlinks.get(note.path, [])]}


def stamp_items(stamps: Iterable[tuple[str, int | None, str | None, str]]) -> list[dict[str, Any]]:
    """A note's "timestamps" in the document, of (label, seconds, url, context) of each stamp."""
    return [{"label": label, "seconds": seconds, "url": url, "context": context}
            for label, seconds, url, context in stamps]


def timestamps_json(stamps: Iterable[tuple[str, int | None, str | None, str]]) -> bytes:
    """A note's "timestamps" as its line of the document writes them, in UTF-8 as `--inspect` prints it (a
    lone surrogate escaped): what the worker processes make of each note's stamps for the main process to
    splice in (`index_json_chunks`, through a note's stamps that offer it, `loader._AheadStamps`)."""
    return _ONE_LINE.encode(stamp_items(stamps)).encode("utf-8", "backslashreplace")


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


def _note_line(index: VaultIndex, note: Note) -> str:
    """The note's line of the document: its stamps' text spliced in where it was read ahead as that text
    (the line then is what encoding `note_to_json` gives, the encoder writing one key after the other)."""
    take = getattr(note.stamps_data, "timestamps_json", None)
    ready = take() if take is not None else None
    if ready is None:
        return _ONE_LINE.encode(note_to_json(index, note))
    head = _ONE_LINE.encode(_note_head(note))
    tail = _ONE_LINE.encode(_note_tail(index, note))
    return f'{head[:-1]}, "timestamps": {ready.decode("utf-8")}, {tail[1:]}'


def index_json_chunks(index: VaultIndex) -> Iterator[str]:
    """The document in pieces, one a note: `index_to_json(index)` laid out as `json.dumps(..., indent=1)`
    but each note on one line of its own (the indenting encoder is pure Python: at 20k notes it took longer
    than reading the index; a line a note also suits `grep` and line-by-line readers)."""
    yield "{"
    for i, (key, make) in enumerate(_parts(index)):
        yield ("," if i else "") + f"\n {json.dumps(key)}: "
        if key != "notes":
            yield _dumps(make(), 1)
            continue
        first = True
        for note in index.notes.values():  # what make() gives, a line a note
            yield ("[" if first else ",") + "\n  " + _note_line(index, note)
            first = False
        yield "[]" if first else "\n ]"
    yield "\n}"


def stamp_summary(index: VaultIndex) -> Counter[str]:
    """How many stamps were read, and how many of them point past four hours (a sign of a misreading)."""
    counts: Counter[str] = Counter()
    for note in index.notes.values():
        for stamp in note.peek_stamps():
            if stamp.seconds is not None:
                counts["stamps"] += 1
                counts["past_4h"] += stamp.seconds > 4 * 3600
    return counts
