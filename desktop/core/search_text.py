"""A note's searchable text: its passages joined into one document, and the stamp each passage leads to.

Search ranks whole notes, one FTS5 row each: a common word then scores 10,000 rows at 10k notes instead of
the 760,000 passages it would as one row per passage, and the cost of a query follows the rows it scores.
The snippet FTS5 picks in a note is mapped back to the passage it falls in, so a result still opens the
video at the moment of its match.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import accumulate, chain, repeat
from operator import add, sub
from pathlib import Path

from desktop.core.model import Stamp

SEPARATOR = "\n"  # between passages: where a stamp (or a block boundary) separates them on the page

Marks = list[list]  # per passage: [offset of its end in the joined text, seconds of its stamp or None]


def join_passages(passages: Iterable[tuple[int | None, str]]) -> tuple[str, Marks]:
    """The passages' text as one document, and where each passage ends and the second it cites (empty passages
    left out)."""
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
# One blob per note holds the marks of its search text (where each passage ends, the second it cites), never
# text: the search text is made again from the note in the vault when it is needed (`IndexStore.search_texts`:
# snippets, phrases; the FTS5 table reads it through `search_content`), and so are the note's stamps with their
# sentences, when the note is shown (`StampsOfNote`).
#
# The marks are little-endian integers: each passage's length with the separator before it (16 bits a passage when
# every one is under 65,536 characters, as in every note of the public vault, else 32; a first byte says which),
# then each passage's second (32 bits, -1: none; a second is within a day, `stamps.MAX_STAMP`). Written as JSON and
# compressed they took 25 µs a note of a cold load's parse (47 marks), as an array 6; the blob is some 280 bytes
# where the compressed JSON was 250 (32-bit ends too, 380 bytes, made the cache of the shared sample ×40 half the
# vault's size).

_NO_SECOND = -1
_WIDTHS = {2: "H", 4: "i"}  # the first byte of a blob: how many bytes each passage's length takes


def pack_note(passages: Iterable[tuple[int | None, str]]) -> tuple[bytes, str]:
    """The blob kept for a note (its marks), and its search text (for the FTS5 index, which keeps none)."""
    passages = passages if isinstance(passages, list) else list(passages)
    seconds, texts = zip(*passages) if passages else ((), ())
    if not all(texts):  # an empty passage is left out (`join_passages`); the parse's passages have none
        text, marks = join_passages(passages)
        ends = [end for end, _ in marks]
        return pack_marks(map(sub, ends, chain((0,), ends)), [second for _, second in marks]), text
    # each passage's length with the separator before it (`join_passages`'s ends, one from the next), in C
    steps = map(add, map(len, texts), chain((0,), repeat(len(SEPARATOR))))
    return pack_marks(steps, seconds), SEPARATOR.join(texts)


def pack_marks(steps: Iterable[int], seconds: Sequence[int | None]) -> bytes:
    """The blob of marks whose passages end `steps` characters after the one before (the first: after the text's
    start), each citing its second of `seconds` (None: no second)."""
    steps = list(steps)
    try:
        lengths = array("H", steps)
    except OverflowError:  # a passage of 65,536 characters or more
        lengths = array("i", steps)
    said = array("i", seconds if None not in seconds else [_NO_SECOND if s is None else s for s in seconds])
    if _BIG_ENDIAN:
        lengths.byteswap()
        said.byteswap()
    return bytes((lengths.itemsize,)) + lengths.tobytes() + said.tobytes()


_BIG_ENDIAN = sys.byteorder == "big"


def note_marks(blob: bytes) -> Marks:
    """Where each passage of the note's search text ends, and the second it cites. A blob that cannot be marks
    (a damaged cache) raises ValueError."""
    code = _WIDTHS.get(blob[0]) if blob else None
    width = blob[0] if code else 0
    if code is None or (len(blob) - 1) % (width + 4):
        raise ValueError("marks of another form")
    count = (len(blob) - 1) // (width + 4)
    lengths, said = array(code), array("i")
    lengths.frombytes(blob[1:1 + width * count])
    said.frombytes(blob[1 + width * count:])
    if _BIG_ENDIAN:
        lengths.byteswap()
        said.byteswap()
    if count and (min(lengths) < 0 or min(said) < _NO_SECOND):
        raise ValueError("marks out of order")
    return [[end, second if second != _NO_SECOND else None] for end, second in zip(accumulate(lengths), said)]


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
