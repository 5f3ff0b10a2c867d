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


def test_a_restored_history_surrounds_the_one_page_shown_and_leaves_a_longer_one_alone():
    from desktop.render.navigation import Place

    a, b, c, d = (Location("note", name) for name in "abcd")
    history = History()
    history.visit(b)
    history.surround([(a, Place(5.0))], [(c, None)])
    assert history.entries() == ([(a, Place(5.0)), (b, None), (c, None)], 1)
    assert history.back() == a and history.place == Place(5.0)
    assert history.forward() == b and history.forward() == c
    moved_on = History()
    moved_on.visit(b)
    moved_on.visit(d)
    moved_on.surround([(a, None)], [])
    assert moved_on.entries() == ([(b, None), (d, None)], 1)
