"""A note's searchable text: its passages joined into one document, and the stamp each passage leads to.

Search ranks whole notes, one FTS5 row each: a common word then scores 10,000 rows at 10k notes instead of
the 760,000 passages it would as one row per passage, and the cost of a query follows the rows it scores.
The snippet FTS5 picks in a note is mapped back to the passage it falls in, so a result still opens the
video at the moment of its match.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from pathlib import Path

from desktop.core.context import ContextFinder
from desktop.core.model import Stamp
from desktop.core.stamps import youtube_url

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
# cites) and its stamps (value, second, place), never text: the search text is made again from the note in
# the vault when it is needed (`IndexStore.search_texts`: snippets, phrases; the FTS5 table reads it through
# `search_content`), and a stamp's sentence is found when its note is shown (`StampsOfNote`).
# Layout: zlib of the marks as JSON, a line break, the stamps as JSON.

_LEVEL = 1  # zlib: the blob is small now; level 6 saved little for more time a note


def pack_note(passages: Iterable[tuple[int | None, str]], stamps: Sequence[tuple]) -> tuple[bytes, str]:
    """The blob kept for a note, and its search text (for the FTS5 index, which keeps no copy of it).
    `stamps`: per stamp (value, seconds, video its URL names when not the note's own, start, end, reading)."""
    text, marks = _joined(passages)
    dump = lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    return zlib.compress(f"{dump(marks)}\n{dump(stamps)}".encode("utf-8"), _LEVEL), text


def _parts(blob: bytes) -> list[str]:
    """The blob's marks and stamps (JSON, which keeps line breaks escaped)."""
    return zlib.decompress(blob).decode("utf-8").split("\n", 1)


def note_marks(blob: bytes) -> Marks:
    """Where each passage of the note's search text ends, and the second it cites."""
    return json.loads(_parts(blob)[0])


def unpack_stamps(blob: bytes, video_id: str | None, body: str) -> list[Stamp]:
    """The stamps kept in a note's blob, each one's sentence found in `body` (the note's body as it was
    indexed) exactly as the parser finds it (`ContextFinder.stamp_context`)."""
    rows = json.loads(_parts(blob)[1])
    finder = ContextFinder(body, [(row[3], row[4]) for row in rows])
    stamps = []
    for i, (label, seconds, cited, start, end, reading) in enumerate(rows):
        vid = cited or video_id
        url = youtube_url(vid, seconds) if vid and seconds is not None else None
        stamps.append(Stamp(label=label, seconds=seconds, url=url, context=finder.stamp_context(i) if body else "",
                            start=start, end=end, reading=reading))
    return stamps


class StampsOfNote:
    """A note's stamps as the store keeps them (`pack_note`), made into `Stamp`s with their sentences when a
    view first asks (`Note.peek_stamps` calls this): the sentences are cut from the note read again from
    the vault. A note changed since it was indexed is read whole again (its stamps as they are now); one
    gone from the vault keeps its stamps without sentences."""

    __slots__ = ("blob", "root", "path", "size", "mtime_ns", "video_id", "setting")

    def __init__(self, blob: bytes, root: str | Path, path: str, size: int, mtime_ns: int, video_id: str | None,
                 setting: str | None):
        self.blob, self.root, self.path, self.size, self.mtime_ns = blob, root, path, size, mtime_ns
        self.video_id, self.setting = video_id, setting

    def __call__(self) -> list[Stamp]:
        from desktop.core.frontmatter import split_frontmatter
        from desktop.core.index import read_note, read_text
        from desktop.core.model import Note
        from desktop.core.vault import VaultFile

        file = VaultFile(self.path, str(Path(self.root) / self.path), self.size, self.mtime_ns, True)
        try:
            stat = os.stat(file.abs_path)
            same = (stat.st_size, stat.st_mtime_ns) == (self.size, self.mtime_ns)
        except OSError:
            return unpack_stamps(self.blob, self.video_id, "")
        if same:
            text, _ = read_text(file)
            if text is not None:
                return unpack_stamps(self.blob, self.video_id, split_frontmatter(text)[1])
        result = read_note(file, timestamp_format=self.setting)
        return result.stamps if isinstance(result, Note) else unpack_stamps(self.blob, self.video_id, "")


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
