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

from desktop.core.context import shorten
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
# One compressed blob per note holds its search text, the marks, and its stamps, each stamp's context kept as
# the number of the passage it is cut from (a stamp cites the passage before it): the text is stored once,
# for search (the FTS5 table reads it through `note_text`) and for the stamps alike. Layout: zlib of the
# marks as JSON, a line break, the stamps as JSON, a line break, then the text (a search reads no stamps).

_LEVEL = 1  # zlib: level 6 made the blob 7% smaller for 10% more parse time (the cold index) a note
_OWN_VIDEO = 1  # a stamp's URL that is the note's own video at its second, rebuilt when read


def pack_note(passages: Iterable[tuple[int | None, str]], stamps: Sequence[Stamp], sources: Sequence[int | str],
              video_id: str | None) -> tuple[bytes, str]:
    """The blob kept for a note, and its search text. `sources` says per stamp where its context is among the
    passages (`ContextFinder.passage_sources`)."""
    text, marks = _joined(passages)
    rows = []
    for stamp, source in zip(stamps, sources):
        url = stamp.url
        if url is not None and video_id and stamp.seconds is not None and url == youtube_url(video_id, stamp.seconds):
            url = _OWN_VIDEO
        rows.append([stamp.label, stamp.seconds, url, source, stamp.start, stamp.end, stamp.reading])
    dump = lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    return zlib.compress(f"{dump(marks)}\n{dump(rows)}\n{text}".encode("utf-8"), _LEVEL), text


def _parts(blob: bytes) -> list[str]:
    """The blob's marks (JSON), stamps (JSON) and text: JSON keeps line breaks escaped, the text has none
    inside a passage, so the first two line breaks split it."""
    return zlib.decompress(blob).decode("utf-8").split("\n", 2)


def note_text(blob: bytes) -> str:
    """The search text kept in a note's blob (what the FTS5 table indexes and cuts snippets from)."""
    return _parts(blob)[2]


def text_and_marks(blob: bytes) -> tuple[str, Marks]:
    """The search text of a note's blob, and where each passage ends and the second it cites."""
    marks, _, text = _parts(blob)
    return text, json.loads(marks)


def unpack_stamps(blob: bytes, video_id: str | None) -> list[Stamp]:
    """The stamps kept in a note's blob, contexts cut from their passages as the parser cut them."""
    _, stamps, text = _parts(blob)
    rows = json.loads(stamps)
    passages = text.split(SEPARATOR) if text else []
    stamps = []
    for label, seconds, url, source, start, end, reading in rows:
        if url == _OWN_VIDEO:
            url = youtube_url(video_id, seconds)
        if isinstance(source, str):
            context = source
        elif source >= 0:
            context = shorten(passages[source])
        else:
            context = shorten(passages[-source - 1], keep_end=False)
        stamps.append(Stamp(label=label, seconds=seconds, url=url, context=context, start=start, end=end,
                            reading=reading))
    return stamps


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
