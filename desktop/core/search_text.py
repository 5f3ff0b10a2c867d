"""A note's searchable text: its passages joined into one document, and the stamp each passage leads to.

Search ranks whole notes, one FTS5 row each: a common word then scores 10,000 rows at 10k notes instead of
the 760,000 passages it would as one row per passage, and the cost of a query follows the rows it scores.
The snippet FTS5 picks in a note is mapped back to the passage it falls in, so a result still opens the
video at the moment of its match.
"""

from __future__ import annotations

import json
import re
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import accumulate, count
from operator import add
from pathlib import Path

from desktop.core.model import Stamp

SEPARATOR = "\n"  # between passages: where a stamp (or a block boundary) separates them on the page

Marks = list[list]  # per passage: [offset of its end in the joined text, seconds of its stamp or None]


def join_passages(passages: Iterable[tuple[int | None, str]]) -> tuple[str, str]:
    """The passages' text as one document, and (as JSON) where each passage ends and the second it cites."""
    text, marks = _joined(passages)
    return text, json.dumps(marks, separators=(",", ":"))


def _joined(passages: Iterable[tuple[int | None, str]]) -> tuple[str, Marks]:
    parts: list[str] = []
    marks: Marks = []
    end = -len(SEPARATOR)
    for seconds, text in passages:
        if not text:
            continue
        end += len(SEPARATOR) + len(text)
        parts.append(text)
        marks.append([end, seconds])
    return SEPARATOR.join(parts), marks


# ------------------------------------------------------------------ the note's record in the store
#
# One compressed blob per note holds the marks of its search text (where each passage ends, the second it
# cites), never text: the search text is made again from the note in the vault when it is needed
# (`IndexStore.search_texts`: snippets, phrases; the FTS5 table reads it through `search_content`), and so
# are the note's stamps with their sentences, when the note is shown (`StampsOfNote`).

_LEVEL = 1


def pack_note(passages: Iterable[tuple[int | None, str]]) -> tuple[bytes, str]:
    """The blob kept for a note (its marks), and its search text (for the FTS5 index, which keeps none)."""
    passages = passages if isinstance(passages, list) else list(passages)
    seconds, texts = zip(*passages) if passages else ((), ())
    if not all(texts):  # an empty passage is left out (`_joined`); the parse's passages have none
        text, marks = _joined(passages)
        return zlib.compress(json.dumps(marks, separators=(",", ":")).encode("utf-8"), _LEVEL), text
    # each passage's end in the joined text (`_joined`'s), summed in C
    ends = map(add, accumulate(map(len, texts)), count(0, len(SEPARATOR)))
    return zlib.compress(marks_json(ends, seconds).encode("utf-8"), _LEVEL), SEPARATOR.join(texts)


_MARK = "{},{}".format


def marks_json(ends: Iterable[int], seconds: Sequence[int | None]) -> str:
    """`json.dumps([[end, second], ...], separators=(",", ":"))` of the marks' ends and seconds (ints, or None
    for no second), written one `str.format` a mark: a number is written as JSON writes it, None as "None",
    made "null" after (the text holds nothing else that could read "None"). The encoder took 11 µs a note (47
    marks), this 7."""
    inner = "],[".join(map(_MARK, ends, seconds))
    if not inner:
        return "[]"
    return f"[[{inner}]]".replace("None", "null") if None in seconds else f"[[{inner}]]"


def note_marks(blob: bytes) -> Marks:
    """Where each passage of the note's search text ends, and the second it cites."""
    return json.loads(zlib.decompress(blob))


class StampsOfNote:
    """A note's stamps, read from the note in the vault when a view first asks for them (`Note.peek_stamps`
    calls this): the cache keeps none (a stamp's second is in the marks and video spans; its sentence is
    only ever shown for the note on screen). Read with the vault's stamp setting the index was made with,
    they are the stamps the index was made of while the file is unchanged; a note gone has none."""

    __slots__ = ("root", "path", "size", "mtime_ns", "setting")

    def __init__(self, root: str | Path, path: str, size: int, mtime_ns: int, setting: str | None):
        self.root, self.path, self.size, self.mtime_ns, self.setting = root, path, size, mtime_ns, setting

    def __call__(self) -> list[Stamp]:
        return self.stamps_in(self.text())

    def text(self) -> str | None:
        """The note's decoded text as it is now in the vault; None when it cannot be read."""
        from desktop.core.index import read_text
        from desktop.core.vault import VaultFile

        return read_text(VaultFile(self.path, str(Path(self.root) / self.path), self.size, self.mtime_ns, True))[0]

    def stamps_in(self, text: str | None) -> list[Stamp]:
        """The stamps of the note's `text` (as `text()` read it), read with the index's stamp setting."""
        from desktop.core.index import parse_stamps

        return parse_stamps(text, self.setting) if text is not None else []


def seconds_at(marks: Marks, offset: int) -> int | None:
    """The second cited for the text at `offset`: its passage's stamp; text without a stamp of its own (a
    heading, a block's last words) leads into the next stamp, or back to the last one at the note's end."""
    ends = [end for end, _ in marks]
    here = bisect_left(ends, offset)
    for _, seconds in marks[here:]:
        if seconds is not None:
            return seconds
    for _, seconds in reversed(marks[:here]):
        if seconds is not None:
            return seconds
    return None


def match_offset(snippet: str, text: str, marks: tuple[str, str], ellipsis: str) -> int | None:
    """Where in `text` the match an FTS5 `snippet()` of it is about starts: the first match in the snippet's
    passage with the most different words matched (for `number 17`, the passage with both words, not an
    earlier lone `number`). The snippet is a stretch of the text with `marks` around each match and
    `ellipsis` where it was cut. None when no match is marked or the stretch is not in the text."""
    body = snippet[len(ellipsis):] if snippet.startswith(ellipsis) else snippet
    body = body[:-len(ellipsis)] if ellipsis and body.endswith(ellipsis) else body
    start, end = marks
    at = text.find(body.replace(start, "").replace(end, ""))
    if at < 0:
        return None
    best: tuple[int, int] | None = None  # (words matched, plain offset of the passage's first match)
    plain_offset = 0
    for line in body.split(SEPARATOR):
        words = {word.casefold() for word in re.findall(f"{re.escape(start)}(.*?){re.escape(end)}", line)}
        first = line.find(start)
        if words and (best is None or len(words) > best[0]):
            best = (len(words), plain_offset + first)
        plain_offset += len(line.replace(start, "").replace(end, "")) + len(SEPARATOR)
    return at + best[1] if best is not None else None
