"""The outline's nesting of a page's flat headings."""

from desktop.render.outline import nest_headings


def _shape(entries):
    return [(e.text, e.anchor, _shape(e.children)) for e in entries]


def test_headings_nest_by_level_and_a_skipped_level_nests_one_step() -> None:
    headings = [(1, "t", "Title"), (2, "a", "A"), (4, "a1", "A deep"), (3, "a2", "A two"), (2, "b", "B"),
                (1, "end", "End")]
    assert _shape(nest_headings(headings)) == [
        ("Title", "t", [("A", "a", [("A deep", "a1", []), ("A two", "a2", [])]), ("B", "b", [])]),
        ("End", "end", []),
    ]


def test_a_page_starting_below_the_top_level_keeps_its_headings_as_roots() -> None:
    assert _shape(nest_headings([(3, "x", "X"), (2, "y", "Y"), (3, "z", "Z")])) == [
        ("X", "x", []), ("Y", "y", [("Z", "z", [])])]
    assert nest_headings([]) == []
