"""Videos as the vault cites them: every video id, its title, channel, notes, and its stamps in time order.

Pure Python (no Qt): the catalog is built on a worker from the index and read by the video pages, the
Videos tab and `--inspect`. A stamp belongs to the video its URL names, which is usually, but not always,
the video its note was made from.

Building stays cheap at 20k notes because it reads only what the index holds undecoded: each note's
`video_id`, and per note a `VideoSpan` summary (stamps and last second per cited video) that the indexer can
compute while the stamps are in hand (`note_video_spans`). The merged outline of one video is decoded only
when its page is shown, from that video's few notes, and never cached on the notes themselves.
"""

from __future__ import annotations

import html

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from desktop.core.frontmatter import _clean_heading
from desktop.core.links import code_spans
from desktop.core.memory import long_lived
from desktop.core.model import Note, Stamp
from desktop.core.stamps import _MD_LINK_RE, _starts_inside, mentions_youtube
from desktop.core.youtube import parse_youtube_url, watch_url

__all__ = [
    "Video",
    "VideoCatalog",
    "VideoSpan",
    "VideoStamp",
    "note_video_spans",
    "read_video_links",
    "stamp_video_id",
    "video_links_in",
]

# --------------------------------------------------------------------------- video links in note bodies

def video_links_in(body: str, folded: str | None = None) -> dict[str, str]:
    """Video id → link text of every Markdown link to a YouTube video in `body`, first text per id.

    Channel notes title their videos this way (`### [Title](https://www.youtube.com/watch?v=ID)`). Links
    with a time (`[12:34](https://youtu.be/ID?t=754)`) are stamps, whose text is a time, not a title;
    links inside code are not links. The text reads as plain text, as a heading's does (markup dropped,
    entities decoded). Link syntax and id parsing are the project's own (stamps, frontmatter). `folded`: the
    body case-folded, if the caller has it.
    """
    if not mentions_youtube(body, folded):
        return {}
    found: dict[str, str] = {}
    skip = None
    for m in _MD_LINK_RE.finditer(body):
        text = html.unescape(_clean_heading(m.group("text")))
        parsed = parse_youtube_url(html.unescape(m.group("url"))) if text else None
        if parsed is None or parsed[1] is not None:  # not a video, or a stamp (its text is a time, no title)
            continue
        video_id = parsed[0]
        if video_id is None or video_id in found:
            continue
        if skip is None:
            skip = code_spans(body)
        if _starts_inside(m.start(), skip):
            continue
        found[video_id] = text
    return found


def read_video_links(index) -> dict[str, dict[str, str]]:
    """Note path → `video_links_in` of its body, for every note of `index`: reads the bodies not in memory.

    A stand-in until the indexer keeps each note's video links while parsing (then no file is read here).
    """
    links: dict[str, dict[str, str]] = {}
    for path in index.notes:
        found = video_links_in(index.body_of(path))
        if found:
            links[path] = found
    return links


# --------------------------------------------------------------------------- which video a stamp cites

def stamp_video_id(stamp: Stamp, note_video_id: str | None) -> str | None:
    """The video a stamp cites: the one its URL names (often the note's own), None when it has no URL."""
    if stamp.url is None or stamp.seconds is None:
        return None
    if note_video_id is not None and stamp.url == watch_url(note_video_id, stamp.seconds):
        return note_video_id  # the common case, without parsing the URL
    parsed = parse_youtube_url(stamp.url)
    return parsed[0] if parsed is not None else None  # None when missing or not a valid id


class VideoSpan(NamedTuple):
    """What one note's stamps say about one video: how many stamps cite it, and the last second cited."""

    stamps: int
    last_second: int


def note_video_spans(video_id: str | None, stamps: Iterable[Stamp]) -> dict[str, VideoSpan]:
    """Per video the stamps cite (id → VideoSpan): cheap to keep beside a note while it is parsed."""
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    for stamp in stamps:
        cited = stamp_video_id(stamp, video_id)
        if cited is None:
            continue
        counts[cited] = counts.get(cited, 0) + 1
        if stamp.seconds > last.get(cited, -1):
            last[cited] = stamp.seconds
    return {vid: VideoSpan(n, last[vid]) for vid, n in counts.items()}


def cited_video_spans(videos: Iterable[str | None], seconds: Iterable[int | None]) -> dict[str, VideoSpan]:
    """`note_video_spans` of stamps given as the video each one's URL names (`StampRef.video_id`, else the
    note's own; None without one) and the second it cites: what the indexer has before any `Stamp` is made."""
    videos, seconds = list(videos), list(seconds)
    if videos and videos[0] is not None and videos.count(videos[0]) == len(videos):  # one video: most notes
        cited = [second for second in seconds if second is not None]
        return {videos[0]: VideoSpan(len(cited), max(cited))} if cited else {}
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    for cited, second in zip(videos, seconds):
        if cited is None or second is None:
            continue
        counts[cited] = counts.get(cited, 0) + 1
        if second > last.get(cited, -1):
            last[cited] = second
    return {vid: VideoSpan(n, last[vid]) for vid, n in counts.items()}


def _stamps_of(note: Note) -> list[Stamp]:
    """The note's stamps without keeping the decoded form on the note (the index stays as it was)."""
    return note.peek_stamps()


# --------------------------------------------------------------------------- the catalog

@dataclass(frozen=True, slots=True)
class VideoStamp:
    """One row of a video's merged outline: a second, the sentence said there, and the note it comes from."""

    seconds: int
    sentence: str
    note: str  # vault-relative path of the note holding the stamp
    index: int  # the stamp's position among that note's stamps (what the note view selects)


@dataclass(slots=True)
class Video:
    """A video the vault cites, with the notes that cite it; `stamps` is merged on first use."""

    id: str
    title: str | None  # from a Markdown link to the video somewhere in the vault; None when there is none
    channel: str | None  # the folder of its notes, else the note that links to it
    channel_note: str | None  # the note (not made from this video) whose link gave the title, if any
    notes: tuple[str, ...]  # notes made from this video (their `video_id`), by path
    citing: tuple[str, ...]  # other notes whose stamps cite this video, by path
    stamp_count: int
    last_second: int | None  # None when no stamp places anything on this video's timeline
    _merge: Callable[[Video], tuple[VideoStamp, ...]] | None = field(default=None, repr=False, compare=False)
    _stamps: tuple[VideoStamp, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def display_title(self) -> str:
        """The title, else the id (what a reader can still search YouTube for)."""
        return self.title or self.id

    @property
    def all_notes(self) -> tuple[str, ...]:
        """Every note on this video's timeline: the ones made from it, then the ones citing it."""
        return self.notes + self.citing

    @property
    def stamps(self) -> tuple[VideoStamp, ...]:
        """Every stamp on this video from all its notes, in time order (ties: note order, then text order)."""
        if self._stamps is None:
            self._stamps = self._merge(self) if self._merge is not None else ()
        return self._stamps


class VideoCatalog:
    """Every video cited in an index, by id, in reading order: channel, then title.

    `video_links` maps note path → {video id → link text} (`video_links_in` of each body), from which titles
    and channel notes come. `spans` maps note path → `note_video_spans` of that note; when not given it is
    computed here, which decodes every note's stamps (fine for a small vault or `--inspect`, seconds at 20k).
    """

    def __init__(self, videos: dict[str, Video]):
        self.videos = videos

    def __len__(self) -> int:
        return len(self.videos)

    def __iter__(self):
        return iter(self.videos.values())

    def __contains__(self, video_id: object) -> bool:
        return video_id in self.videos

    def get(self, video_id: str) -> Video | None:
        return self.videos.get(video_id)

    @classmethod
    def build(cls, index, video_links: Mapping[str, Mapping[str, str]] | None = None,
              spans: Mapping[str, Mapping[str, VideoSpan]] | None = None) -> VideoCatalog:
        """The catalog of `index`'s notes (`from_notes`)."""
        return cls.from_notes(index.notes, video_links, spans)

    @classmethod
    def from_notes(cls, notes: Mapping[str, Note], video_links: Mapping[str, Mapping[str, str]] | None = None,
                   spans: Mapping[str, Mapping[str, VideoSpan]] | None = None) -> VideoCatalog:
        """The catalog of `notes`: `video_links` and `spans` as the index found them while parsing (see
        `VaultIndex.video_links`, `video_spans`); without `spans`, each note's stamps are read for them."""
        with long_lived():  # ~10^4 records: no collector walks over the whole index meanwhile
            return cls._build(notes, video_links or {}, spans)

    @classmethod
    def _build(cls, notes: Mapping[str, Note], video_links: Mapping[str, Mapping[str, str]],
               spans: Mapping[str, Mapping[str, VideoSpan]] | None) -> VideoCatalog:
        own: dict[str, list[str]] = {}
        citing: dict[str, list[str]] = {}
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        no_spans: Mapping[str, VideoSpan] = {}
        for path, note in notes.items():
            vid_of_note = note.video_id
            if vid_of_note:
                own.setdefault(vid_of_note, []).append(path)
            note_spans = (spans.get(path, no_spans) if spans is not None
                          else note_video_spans(vid_of_note, _stamps_of(note)))
            for vid, (n, second) in note_spans.items():
                if vid != vid_of_note:
                    citing.setdefault(vid, []).append(path)
                counts[vid] = counts.get(vid, 0) + n
                if second > last.get(vid, -1):
                    last[vid] = second
        titles, linkers = _titles_and_linkers(video_links)
        merge = _Merger(notes)
        videos = []
        for vid in own.keys() | citing.keys():
            mine = tuple(sorted(own[vid])) if vid in own else ()
            channel_note = next((p for p in linkers[vid] if p not in mine), None) if vid in linkers else None
            videos.append(Video(
                id=vid, title=titles.get(vid), channel=_channel(mine, channel_note, notes),
                channel_note=channel_note, notes=mine, citing=tuple(sorted(citing[vid])) if vid in citing else (),
                stamp_count=counts.get(vid, 0), last_second=last.get(vid), _merge=merge))
        videos.sort(key=_reading_order)
        return cls({v.id: v for v in videos})

    def for_inspect(self) -> list[dict]:
        """`--inspect`'s "videos": id, title (null when unknown), every note on its timeline, stamps, last second."""
        return [{"id": v.id, "title": v.title, "notes": list(v.all_notes), "stamps": v.stamp_count,
                 "last_second": v.last_second} for v in self]

    def most_cited(self) -> Video | None:
        """The video with the most notes (then the most stamps): the heaviest page to show."""
        return max(self, key=lambda v: (len(v.all_notes), v.stamp_count), default=None)


def _titles_and_linkers(video_links: Mapping[str, Mapping[str, str]]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Per video id: the text most notes use for it (first in path order on a tie), and the notes linking it."""
    texts: dict[str, Counter[str]] = {}
    linkers: dict[str, list[str]] = {}
    for path in sorted(video_links):
        for vid, text in video_links[path].items():
            texts.setdefault(vid, Counter())[text] += 1
            linkers.setdefault(vid, []).append(path)
    return {vid: counter.most_common(1)[0][0] for vid, counter in texts.items()}, linkers


def _reading_order(video: Video) -> tuple[str, str, str]:
    return ((video.channel or "").casefold(), video.display_title.casefold(), video.id)


def _folder_name(path: str) -> str | None:
    folder = path.rpartition("/")[0]
    return folder.rpartition("/")[2] or None


def _channel(paths: tuple[str, ...], channel_note: str | None, notes: Mapping[str, Note]) -> str | None:
    """The folder most of the video's own notes sit in (one folder per channel), else the linking note's
    folder or title; never the folder of notes that only cite it (they belong to another channel)."""
    if len(paths) == 1:
        folder = _folder_name(paths[0])
        if folder:
            return folder
    elif folders := Counter(f for f in map(_folder_name, paths) if f):
        return folders.most_common(1)[0][0]
    if channel_note is not None:
        note = notes.get(channel_note)
        return _folder_name(channel_note) or (note.title if note is not None else None)
    return None


class _Merger:
    """Merges one video's stamps from its notes when its page is first shown (decoding only those notes)."""

    def __init__(self, notes: Mapping[str, Note]):
        self.notes = notes

    def __call__(self, video: Video) -> tuple[VideoStamp, ...]:
        rows: list[tuple[int, int, int, VideoStamp]] = []
        for order, path in enumerate(video.all_notes):
            note = self.notes.get(path)
            if note is None:
                continue
            for i, stamp in enumerate(_stamps_of(note)):
                if stamp_video_id(stamp, note.video_id) == video.id:
                    rows.append((stamp.seconds, order, i, VideoStamp(stamp.seconds, stamp.context, path, i)))
        rows.sort(key=lambda row: row[:3])
        return tuple(row[3] for row in rows)
