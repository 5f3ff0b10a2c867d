"""Everything the app knows about YouTube links, in one place: what a video id is, what a YouTube URL points
at (video and second), the watch URL for a second, and how a second is shown.

Qt-free and dependency-free: the indexer, the renderer and the window all import it. Stamps (`core/stamps`),
frontmatter ids (`core/frontmatter`), link clicks (`render/navigation`) and the player read URLs here.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qs, quote, urlsplit

VIDEO_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")
YOUTUBE_HOSTS = frozenset({"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com", "youtu.be"})
WEB_SCHEMES = frozenset({"http", "https"})
_ID_PATH_PREFIXES = ("embed", "shorts", "live", "v", "e")  # youtube.com/<prefix>/<id>
_TIME_PARAM_RE = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", re.IGNORECASE)  # `t=` values: 754, 754s, 1h2m3s
# A YouTube URL anywhere in a piece of text, with or without its scheme (frontmatter fields hold such text).
_URL_IN_TEXT_RE = re.compile(
    r"(?:https?://)?(?:[A-Za-z0-9-]+\.)*"
    r"(?:youtube(?:-nocookie)?\.com/(?:watch/?\?(?:[^#\s]*?&)?v=|(?:shorts|embed|live|v)/)|youtu\.be/)"
    r"([A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])",
    re.IGNORECASE,
)


def is_video_id(text: str | None) -> bool:
    """True for an 11-character YouTube id; anything else would build a dead link."""
    return bool(text) and VIDEO_ID_RE.fullmatch(text) is not None


def parse_youtube_url(url: str) -> tuple[str | None, str | None] | None:
    """(video id, time value) of a YouTube URL, or None when `url` is not one.

    The id comes from `youtu.be/ID`, `watch?v=ID` or `/embed/ID` (and kin); it is None when missing or not a
    valid id. The time value is the raw `t=`/`start=` of the query or the fragment (`754`, `1m5s`), else None.
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return None
    if host not in YOUTUBE_HOSTS:
        return None
    query = parse_qs(parts.query)
    segments = [s for s in parts.path.split("/") if s]
    if host == "youtu.be":
        video_id = segments[0] if segments else None
    elif query.get("v"):
        video_id = query["v"][0]
    elif len(segments) >= 2 and segments[0].lower() in _ID_PATH_PREFIXES:
        video_id = segments[1]
    else:
        video_id = None
    fragment = parse_qs(parts.fragment)
    value = next((source[key][0].strip() for source in (query, fragment) for key in ("t", "start")
                  if source.get(key)), None)
    return (video_id if is_video_id(video_id) else None), value


def time_param_seconds(value: str | None) -> int:
    """The second a `t=` value names (`754`, `754s`, `1h2m3s`); 0 for none or one that is no time."""
    m = _TIME_PARAM_RE.fullmatch((value or "").strip())
    if not m or not any(m.groups()):
        return 0
    hours, minutes, secs = (int(g or 0) for g in m.groups())
    return hours * 3600 + minutes * 60 + secs


def video_at(url: str) -> tuple[str, int] | None:
    """(video id, second) a web link to a YouTube video points at (0 without a time), or None for other links."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    parsed = parse_youtube_url(url) if scheme in WEB_SCHEMES else None
    if parsed is None or parsed[0] is None:
        return None
    return parsed[0], time_param_seconds(parsed[1])


def video_id_in_text(text: str) -> str | None:
    """The video id of the first YouTube URL in `text` (watch?v=, youtu.be/, shorts/, embed/, live/), or None."""
    m = _URL_IN_TEXT_RE.search(text)
    return m.group(1) if m else None


def watch_url(video_id: str, seconds: int) -> str:
    """The watch URL that opens the video at `seconds` on youtube.com."""
    return f"https://www.youtube.com/watch?v={_quoted_id(video_id)}&t={max(0, int(seconds))}s"


@functools.lru_cache(maxsize=4096)
def _quoted_id(video_id: str) -> str:
    """The id as a URL query value: asked for every stamp of every note, and most notes cite one video."""
    return quote(video_id, safe="")


def format_seconds(seconds: int) -> str:
    """`m:ss` under an hour, `h:mm:ss` from an hour: how YouTube itself shows a time."""
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(abs(int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
