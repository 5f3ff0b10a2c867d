"""Locations and history, without Qt."""

from __future__ import annotations

from desktop.render.navigation import History, Location, video_at


def test_history_drops_forward_entries_on_visit():
    history = History()
    a, b, c = (Location("note", name) for name in "abc")
    for loc in (a, b):
        history.visit(loc)
    assert history.back() == a and history.can_go_forward()
    history.visit(c)
    assert not history.can_go_forward() and history.back() == a and history.forward() == c


def test_location_round_trips_through_its_url():
    loc = Location("note", "folder/a b#c.md", "Second part")
    assert Location.from_url(loc.url) == loc
    assert Location.from_url("https://example.org") is None


def test_video_at_reads_the_second_of_a_youtube_link():
    assert video_at("https://www.youtube.com/watch?v=abcdefghijk&t=65s") == ("abcdefghijk", 65)
    assert video_at("https://youtu.be/abcdefghijk?t=1h2m3s") == ("abcdefghijk", 3723)
    assert video_at("https://example.org/watch?v=abcdefghijk") is None
