"""Where the graph's names go (pure geometry): never over one another or over a named node, never cut by the
view's edges, the page being read always named, a spot clear of other nodes preferred."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.ui.graph_labels import LabelAsk, place_labels

WIDTH, HEIGHT, LINE = 330.0, 300.0, 17.0


def _rects(asks: list[LabelAsk], placed) -> dict[int, tuple[float, float, float, float]]:
    size = {a.node: (a.width, a.height) for a in asks}
    return {i: (x, y, x + size[i][0], y + size[i][1]) for i, x, y in placed}


def _meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


asks_strategy = st.lists(st.tuples(st.floats(-40, WIDTH + 40), st.floats(-40, HEIGHT + 40), st.floats(1.5, 14),
                                   st.floats(20, 200)), min_size=1, max_size=80)


@settings(max_examples=150, deadline=None)
@given(asks_strategy)
def test_names_never_meet_and_stay_whole_in_the_view(specs) -> None:
    asks = [LabelAsk(n, x, y, r, w, LINE, forced=n == 0) for n, (x, y, r, w) in enumerate(specs)]
    rects = _rects(asks, place_labels(asks, WIDTH, HEIGHT, margin=3))
    shown = list(rects.items())
    for k, (i, a) in enumerate(shown):
        assert 0 <= a[0] and a[2] <= WIDTH and 0 <= a[1] and a[3] <= HEIGHT, (i, a)  # never cut by an edge
        for j, b in shown[:k]:
            assert not _meet(a, b), (i, j)
        for j in rects:  # nor over a named node's shape
            if j != i:
                node = asks[j]
                assert not _meet(a, (node.x - node.radius, node.y - node.radius, node.x + node.radius,
                                     node.y + node.radius)), (i, j)
    first = asks[0]
    if 0 <= first.x <= WIDTH and 0 <= first.y <= HEIGHT:
        assert 0 in rects  # the page being read is always named


def test_the_page_read_is_named_even_in_a_crowd_and_the_crowd_gives_way() -> None:
    crowd = [LabelAsk(n, 160 + n % 3, 150 + n % 5, 3, 120, LINE) for n in range(1, 40)]
    centre = LabelAsk(0, 160, 150, 8, 120, LINE, forced=True)
    placed = place_labels([centre, *crowd], WIDTH, HEIGHT)
    assert placed[0][0] == 0
    assert len(placed) < 8  # the rest wait for a zoom or the pointer


def test_a_name_keeps_off_another_node_when_it_can() -> None:
    """Under the centre sits another node: the centre's name goes elsewhere rather than over it."""
    centre = LabelAsk(0, 160, 150, 8, 100, LINE, forced=True)
    below = LabelAsk(1, 160, 172, 6, 60, LINE)
    shapes = [(a.x - a.radius, a.y - a.radius, a.x + a.radius, a.y + a.radius) for a in (centre, below)]
    rects = _rects([centre, below], place_labels([centre, below], WIDTH, HEIGHT, shapes=shapes))
    assert set(rects) == {0, 1}
    assert not _meet(rects[0], shapes[1])


def test_a_node_out_of_the_view_is_not_named_and_one_at_its_side_keeps_its_name_whole() -> None:
    out = LabelAsk(0, -5, 150, 4, 100, LINE)
    side = LabelAsk(1, 2, 100, 4, 100, LINE)
    bottom = LabelAsk(2, 200, HEIGHT - 2, 4, 100, LINE)
    rects = _rects([out, side, bottom], place_labels([out, side, bottom], WIDTH, HEIGHT, margin=3))
    assert set(rects) == {1, 2}
    assert rects[1][0] >= 3 and rects[2][3] <= HEIGHT - 3  # slid in; the bottom one's name above its node


def test_budget_caps_the_names() -> None:
    asks = [LabelAsk(n, 20 + (n % 5) * 60, 20 + (n // 5) * 30, 2, 30, LINE) for n in range(40)]
    assert len(place_labels(asks, WIDTH, HEIGHT, budget=7)) == 7
