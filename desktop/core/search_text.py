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
from itertools import accumulate, count
from operator import add, gt
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
# The marks are 32-bit little-endian integers: every passage's end, then every passage's second (-1: none). A
# passage ends within the 1 MB a note is read up to, a second is within a day (`stamps.MAX_STAMP`). Written as
# JSON and compressed they took 25 µs a note of a cold load's parse (47 marks), as an array 6; the blob is some
# 380 bytes where the compressed JSON was 250 (3 MB more at the public vault's 21k notes).

_NO_SECOND = -1


def pack_note(passages: Iterable[tuple[int | None, str]]) -> tuple[bytes, str]:
    """The blob kept for a note (its marks), and its search text (for the FTS5 index, which keeps none)."""
    passages = passages if isinstance(passages, list) else list(passages)
    seconds, texts = zip(*passages) if passages else ((), ())
    if not all(texts):  # an empty passage is left out (`join_passages`); the parse's passages have none
        text, marks = join_passages(passages)
        return pack_marks([end for end, _ in marks], [second for _, second in marks]), text
    # each passage's end in the joined text (`join_passages`'s), summed in C
    ends = map(add, accumulate(map(len, texts)), count(0, len(SEPARATOR)))
    return pack_marks(ends, seconds), SEPARATOR.join(texts)


def pack_marks(ends: Iterable[int], seconds: Sequence[int | None]) -> bytes:
    """The blob of marks with these passage ends and seconds (None: no second)."""
    values = array("i", ends)
    values.extend(seconds if None not in seconds else [_NO_SECOND if s is None else s for s in seconds])
    if _BIG_ENDIAN:
        values.byteswap()
    return values.tobytes()


_BIG_ENDIAN = sys.byteorder == "big"


def note_marks(blob: bytes) -> Marks:
    """Where each passage of the note's search text ends, and the second it cites. A blob that cannot be marks
    (a damaged cache) raises ValueError."""
    if len(blob) % 8:
        raise ValueError("marks of another length")
    values = array("i")
    values.frombytes(blob)
    if _BIG_ENDIAN:
        values.byteswap()
    count = len(values) // 2
    ends, seconds = values[:count], values[count:]
    if count and (ends[0] < 0 or min(seconds) < _NO_SECOND or any(map(gt, ends, ends[1:]))):
        raise ValueError("marks out of order")
    return [[end, second if second != _NO_SECOND else None] for end, second in zip(ends, seconds)]


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
