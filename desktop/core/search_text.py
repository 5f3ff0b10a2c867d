"""A note's searchable text: its passages joined into one document, and the stamp each passage leads to.

Search ranks whole notes, one FTS5 row each: a common word then scores 10,000 rows at 10k notes instead of
the 760,000 passages it would as one row per passage, and the cost of a query follows the rows it scores.
The snippet FTS5 picks in a note is mapped back to the passage it falls in, so a result still opens the
video at the moment of its match.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable

SEPARATOR = "\n"  # between passages: where a stamp (or a block boundary) separates them on the page

Marks = list[list]  # per passage: [offset of its end in the joined text, seconds of its stamp or None]


def join_passages(passages: Iterable[tuple[int | None, str]]) -> tuple[str, str]:
    """The passages' text as one document, and (as JSON) where each passage ends and the second it cites."""
    parts: list[str] = []
    marks: Marks = []
    end = -len(SEPARATOR)
    for seconds, text in passages:
        if not text:
            continue
        end += len(SEPARATOR) + len(text)
        parts.append(text)
        marks.append([end, seconds])
    return SEPARATOR.join(parts), json.dumps(marks, separators=(",", ":"))


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
