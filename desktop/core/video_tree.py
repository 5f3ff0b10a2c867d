"""The vault's videos as the Videos tab lists them: grouped by channel, with note and stamp counts, narrowed
by the tree panel's filter. Pure data (no Qt): `ui/tree_model.VideoTreeModel` shows it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.tree import filter_words
from desktop.core.videos import Video

NO_CHANNEL = "(no channel)"


@dataclass(frozen=True, slots=True)
class VideoRow:
    """One video: its id, the title shown (the id when the vault names none), its notes and stamps."""

    id: str
    title: str
    notes: int
    stamps: int


@dataclass(frozen=True, slots=True)
class ChannelGroup:
    """A channel and its videos, in title order."""

    name: str
    videos: tuple[VideoRow, ...]

    @property
    def notes(self) -> int:
        return sum(v.notes for v in self.videos)

    @property
    def stamps(self) -> int:
        return sum(v.stamps for v in self.videos)


def video_matches(video: Video, words: list[str]) -> bool:
    """True when every word of the filter occurs in the video's title, id or channel."""
    haystack = "\n".join([video.display_title, video.id, video.channel or ""]).casefold()
    return all(word in haystack for word in words)


def video_groups(videos: Iterable[Video], query: str = "") -> list[ChannelGroup]:
    """Videos matching `query`, grouped by channel (channels by name, "(no channel)" last), titles in order."""
    words = filter_words(query)
    groups: dict[str, list[VideoRow]] = {}
    for video in videos:
        if words and not video_matches(video, words):
            continue
        groups.setdefault(video.channel or NO_CHANNEL, []).append(
            VideoRow(video.id, video.display_title, len(video.all_notes), video.stamp_count))
    out = []
    for name in sorted(groups, key=lambda n: (n == NO_CHANNEL, n.casefold(), n)):
        rows = sorted(groups[name], key=lambda r: (r.title.casefold(), r.id))
        out.append(ChannelGroup(name, tuple(rows)))
    return out
