"""The one home of YouTube ids, URLs and times: what every reader of links (stamps, frontmatter, link clicks,
the player) now shares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.youtube import (
    format_seconds,
    is_video_id,
    parse_youtube_url,
    time_param_seconds,
    video_at,
    video_id_in_text,
    watch_url,
)

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


@pytest.mark.parametrize("url, expected", [
    ("https://www.youtube.com/watch?v=abcdefghijk&t=65s", ("abcdefghijk", "65s")),
    ("https://youtu.be/abcdefghijk?t=1m5s", ("abcdefghijk", "1m5s")),
    ("https://m.youtube.com/watch?v=abcdefghijk#t=754", ("abcdefghijk", "754")),
    ("https://www.youtube.com/embed/abcdefghijk?start=30", ("abcdefghijk", "30")),
    ("https://www.youtube.com/EMBED/abcdefghijk", ("abcdefghijk", None)),
    ("https://www.youtube.com/e/abcdefghijk?t=5", ("abcdefghijk", "5")),
    ("https://youtube-nocookie.com/shorts/abcdefghijk", ("abcdefghijk", None)),
    ("https://www.youtube.com/watch?v=short&t=5", (None, "5")),  # a time without a valid id
    ("https://www.youtube.com/feed/subscriptions", (None, None)),
    ("https://example.org/watch?v=abcdefghijk&t=5", None),
    ("http://[::1", None),  # not even a URL
])
def test_parse_youtube_url(url, expected):
    assert parse_youtube_url(url) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://www.youtube.com/watch?v=abcdefghijk&t=65s", ("abcdefghijk", 65)),
    ("https://youtu.be/abcdefghijk?t=1h2m3s", ("abcdefghijk", 3723)),
    ("https://www.youtube.com/watch?v=abcdefghijk", ("abcdefghijk", 0)),
    ("https://www.youtube.com/watch?v=abcdefghijk&t=soon", ("abcdefghijk", 0)),
    ("ftp://www.youtube.com/watch?v=abcdefghijk", None),  # only web links play
    ("https://www.youtube.com/watch?v=short&t=5", None),
])
def test_video_at(url, expected):
    assert video_at(url) == expected


def test_time_params():
    assert [time_param_seconds(v) for v in ("754", "754s", "1m5s", "1h", "2H3M", "", None, "x")] == \
        [754, 754, 65, 3600, 7380, 0, 0, 0]


def test_video_id_in_text_finds_a_url_with_or_without_its_scheme():
    assert video_id_in_text("see https://www.youtube.com/watch?v=abcdefghijk&t=5 there") == "abcdefghijk"
    assert video_id_in_text("youtu.be/abcdefghijk") == "abcdefghijk"
    assert video_id_in_text("https://youtu.be/abcdefghijkl") is None  # 12 characters: no id
    assert video_id_in_text("https://example.org/abcdefghijk") is None


def test_watch_url_and_format_seconds():
    assert watch_url("abcdefghijk", 3723) == "https://www.youtube.com/watch?v=abcdefghijk&t=3723s"
    assert watch_url("abcdefghijk", -5).endswith("&t=0s")
    assert [format_seconds(s) for s in (0, 65, 3723, -65)] == ["0:00", "1:05", "1:02:03", "-1:05"]


@given(st.integers(min_value=0, max_value=10**6))
def test_a_watch_url_reads_back_as_its_video_and_second(seconds):
    assert video_at(watch_url("a_b-c1234XY", seconds)) == ("a_b-c1234XY", seconds)
    assert is_video_id("a_b-c1234XY") and not is_video_id("a_b-c1234X") and not is_video_id(None)


def test_the_id_pattern_and_the_watch_url_are_written_once():
    """Everywhere else imports them from `desktop.core.youtube` (one home per concept)."""
    pattern = re.compile(r"A-Za-z0-9_-\]\{11\}|def (?:format_seconds|watch_url|youtube_url|video_at|file_inside)\b")
    homes = {str(path.relative_to(DESKTOP)) for path in DESKTOP.rglob("*.py")
             if pattern.search(path.read_text(encoding="utf-8"))}
    assert homes == {"core/youtube.py"}
