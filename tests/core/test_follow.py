"""Which stamp is being said at a playback time."""

from __future__ import annotations

from desktop.core.follow import playing_stamp


def test_the_stamp_said_last_at_or_before_the_playback_time():
    seconds = [10, 20, None, 540, 20]
    assert playing_stamp(seconds, 5) is None  # before the first stamp
    assert playing_stamp(seconds, 10) == 0
    assert playing_stamp(seconds, 19.9) == 0
    assert playing_stamp(seconds, 25) == 1  # the first of two stamps at 20 s
    assert playing_stamp(seconds, 10_000) == 3
    assert playing_stamp([300, 100], 200) == 1  # notes need not cite in time order
    assert playing_stamp([], 50) is None
