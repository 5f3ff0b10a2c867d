"""What a hover preview says about a link: pure and Qt-free, so each kind is tested without a window.

`preview_for` may read a note's body (`index.body_of`) for its first paragraph: callers run it off the GUI
thread. Every other kind answers from what the index and the video catalog hold already.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.context import plain_text
from desktop.core.model import Note
from desktop.core.videos import stamp_video_id
from desktop.core.youtube import format_seconds, video_at
from desktop.render.linker import parse_app_url

MENTIONS_SHOWN = 3  # a topic's first mentions in its preview
PARAGRAPH_CHARS = 320
PROSE_MIN_CHARS = 40  # a shorter first paragraph (`From: [[channel]]`) gives way to the next  # a note's first paragraph is cut (on a word) beyond this
_FENCE = re.compile(r"^\s*(```|~~~)")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[.,;:!?])")  # where a stamp anchor stood
_SKIPPED_LINE = re.compile(r"^\s*(#{1,6}\s|>\s*\[!|!\[\[|---+\s*$|\|)")


@dataclass(frozen=True, slots=True)
class Preview:
    """A popover's text: a bold title, a kind line (`Note`, `Topic · 12 mentions`), then plain lines."""

    title: str
    kind: str
    lines: tuple[str, ...] = ()


def first_paragraph(body: str, limit: int = PARAGRAPH_CHARS) -> str:
    """The first paragraph of prose in a note body, as plain text: headings, fences, embeds and tables skipped,
    and a short first line such as `From: [[channel]]` passed over for the prose after it (when there is some)."""
    paragraphs = _paragraphs(body, limit * 2)
    texts = (_SPACE_BEFORE_PUNCTUATION.sub("", _paragraph_text(p)).strip() for p in paragraphs)
    first = ""
    for text in texts:
        first = first or text
        if len(text) >= PROSE_MIN_CHARS:
            return shorten(text, limit)
    return shorten(first, limit)


def _paragraph_text(lines: list[str]) -> str:
    """A paragraph's lines as plain text; a list's items apart, " · " between them (a channel note's list of
    its videos' notes read as one run-on sentence)."""
    if len(lines) > 1 and all(_LIST_ITEM.match(line) for line in lines):
        return " · ".join(text for text in (plain_text(line) for line in lines) if text)
    return plain_text("\n".join(lines))


_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")


def _paragraphs(body: str, most_chars: int):
    """The note's paragraphs of prose, as lists of lines, lazily (a preview needs the first one or two)."""
    paragraph: list[str] = []
    in_fence = False
    for line in body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and line.strip() and not _SKIPPED_LINE.match(line):
            paragraph.append(line)
            if sum(len(p) for p in paragraph) <= most_chars:
                continue
        if paragraph:
            yield paragraph
            paragraph = []
    if paragraph:
        yield paragraph


def shorten(text: str, limit: int) -> str:
    """`text` cut on a word near `limit`, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut} …"


def _time(seconds: int | None) -> str:
    return f"▶ {format_seconds(seconds)}  " if seconds is not None else ""


def note_preview(index, path: str, heading: str | None = None) -> Preview | None:
    note = index.notes.get(path)
    if note is None:
        return None
    kind = f"Note · § {heading}" if heading else "Note"
    paragraph = first_paragraph(index.body_of(path))
    return Preview(note.title, kind, (paragraph,) if paragraph else ("(no text)",))


def topic_preview(index, key: str) -> Preview | None:
    topic = index.topics.get(key)
    if topic is None:
        return None
    count = len(topic.mentions)
    kind = f"Topic · {count} mention{'' if count == 1 else 's'} in {topic.note_count} " \
           f"note{'' if topic.note_count == 1 else 's'}"
    lines = []
    for mention in topic.mentions[:MENTIONS_SHOWN]:
        note = index.notes.get(mention.source)
        source = note.title if note is not None else mention.source
        lines.append(f"{_time(mention.seconds)}{shorten(mention.context, 160)} — {source}")
    return Preview(topic.name, kind, tuple(lines))


def video_preview(videos, video_id: str) -> Preview | None:
    video = videos.get(video_id) if videos is not None else None
    if video is None:
        return None
    notes = len(video.all_notes)
    kind = (f"Video · {notes} note{'' if notes == 1 else 's'} · "
            f"{video.stamp_count} stamp{'' if video.stamp_count == 1 else 's'}")
    lines = (f"Channel: {video.channel}",) if video.channel else ()
    return Preview(video.display_title, kind, lines)


def stamp_preview(url: str, index, videos, current_note: Note | None) -> Preview | None:
    """A YouTube link: its time and the sentence said there: of the shown note's stamp (`current_note`,
    completed for showing: `loader.complete_note`), else of the video's outline (merged from its notes, on
    the worker a preview is made on) (QA: a video page's marks and a topic's chips showed no sentence)."""

    target = video_at(url)
    if target is None:
        return None
    video_id, seconds = target
    note = current_note
    sentence = None
    if note is not None:
        for stamp in note.stamps:
            if stamp.url == url or (stamp.seconds == seconds and stamp_video_id(stamp, note.video_id) == video_id):
                sentence = stamp.context
                break
    video = videos.get(video_id) if videos is not None else None
    if sentence is None and video is not None:  # a video page's mark, a topic's chip: the video's own outline
        sentence = next((row.sentence for row in video.stamps if row.seconds == seconds and row.sentence), None)
    title = video.title if video is not None and video.title else f"YouTube video {video_id}"
    lines = (shorten(sentence, 300),) if sentence else ()
    return Preview(f"▶ {format_seconds(seconds)}", f"Stamp · {title}", lines)


def preview_for(url: str, index, videos, current_note: Note | None) -> Preview | None:
    """The preview of the link `url` hovered in the page of `current_note` (the note completed for showing, or
    None on a topic or video page), or None for a link with nothing to preview (a file, a web page, an unknown target)."""
    if index is None or not url:
        return None
    parsed = parse_app_url(url)
    if parsed is None:
        return stamp_preview(url, index, videos, current_note)
    kind, key, fragment = parsed
    if kind == "note":
        return note_preview(index, key, fragment)
    if kind == "topic":
        return topic_preview(index, key)
    if kind == "video":
        return video_preview(videos, key)
    return None
