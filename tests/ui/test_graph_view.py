"""The graph view alone: clicks map to nodes, keys pan and zoom, hover names a node, a selection lights its
neighbourhood and dims the rest, and a big graph is drawn with levels of detail."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPalette

from desktop.core.graph import GraphNode, VaultGraph
from desktop.ui.graph_scene import FULL_VIEW_EDGES, TOPIC_SLOT, build_scene, group_slots
from desktop.ui.graph_view import EDGE_BUDGET, MIN_LABEL_PX, PAN_STEP, ZOOM_STEP, GraphColours, GraphView

NODES = [
    GraphNode("note", "a/one.md", "Note One", "a"),
    GraphNode("note", "a/two.md", "Note Two", "a"),
    GraphNode("note", "b/three.md", "Note Three", "b"),
    GraphNode("topic", "some_topic", "Some Topic", ""),
    GraphNode("note", "b/four.md", "Note Four", "b"),
]
EDGES = [(0, 1), (0, 3), (2, 3), (2, 4)]
POSITIONS = [(0.0, 0.0), (100.0, 0.0), (0.0, 100.0), (100.0, 100.0), (-100.0, 100.0)]


@pytest.fixture
def view(qtbot):
    graph = VaultGraph(list(NODES), list(EDGES))
    widget = GraphView()
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_scene(build_scene(graph, POSITIONS, group_slots(graph.groups())))
    widget.setFocus()
    return widget


def _point(view, i) -> QPoint:
    return view.screen_pos(i).toPoint()


def test_a_click_on_a_node_selects_it_and_asks_to_open_it(qtbot, view) -> None:
    with qtbot.waitSignal(view.node_activated, timeout=2000) as opened:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_point(view, 2))
    assert opened.args == [NODES[2]]
    assert view.selected == 2


def test_a_click_on_empty_space_opens_nothing_and_clears_the_selection(qtbot, view) -> None:
    view.select(0)
    with qtbot.assertNotEmitted(view.node_activated):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert view.selected is None


def test_enter_opens_the_selected_node_and_escape_clears_it(qtbot, view) -> None:
    view.select(4)
    with qtbot.waitSignal(view.node_activated, timeout=2000) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [NODES[4]]
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.selected is None


SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_shift_and_the_arrows_walk_from_node_to_node_and_enter_opens_the_one_reached(qtbot, view) -> None:
    """QA: no key reached a node; Enter opened only a node clicked first."""
    fitted = view.transform()
    with qtbot.waitSignal(view.selection_changed, timeout=2000) as chosen:
        qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)  # nothing selected: the node nearest the middle first
    assert chosen.args == [0]
    walk = [(Qt.Key.Key_Right, 1), (Qt.Key.Key_Down, 3), (Qt.Key.Key_Left, 2), (Qt.Key.Key_Left, 4),
            (Qt.Key.Key_Up, 0)]  # up from (-100, 100): Note One up and to the right, not Note Two far right
    for key, expected in walk:
        with qtbot.waitSignal(view.selection_changed, timeout=2000) as chosen:
            qtbot.keyClick(view, key, SHIFT)
        assert chosen.args == [expected]
    assert view.transform() == pytest.approx(fitted)  # all in view: walking pans nothing
    qtbot.keyClick(view, Qt.Key.Key_Up, SHIFT)  # nothing further up: the selection stays
    assert view.selected == 0
    qtbot.waitUntil(lambda: 0 in dict(view.last_frame_labels))  # drawn selected: ringed and named
    with qtbot.waitSignal(view.node_activated, timeout=2000) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [NODES[0]]
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.selected is None


def test_the_first_node_the_keyboard_reaches_is_the_page_being_read(qtbot, view) -> None:
    view.set_centre("note", "b/three.md")
    with qtbot.waitSignal(view.selection_changed, timeout=2000) as chosen:
        qtbot.keyClick(view, Qt.Key.Key_Left, SHIFT)
    assert chosen.args == [2]


def test_a_node_reached_off_screen_is_scrolled_into_view_at_the_same_zoom(qtbot, view) -> None:
    view.set_transform(5.0, 250.0, 200.0)  # Note One in the middle, Note Two 500 px to its right: off screen
    view.select(0)
    assert view.screen_pos(1).x() > view.width()
    with qtbot.waitSignal(view.view_changed, timeout=2000):
        qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)
    assert view.selected == 1
    point = view.screen_pos(1)
    assert 0 < point.x() < view.width() and 0 < point.y() < view.height()
    assert view.transform()[0] == pytest.approx(5.0)
    scale, x, y = view.transform()
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the plain arrows still pan, a node selected or not
    assert view.transform() == pytest.approx((scale, x - PAN_STEP, y))
    assert view.selected == 1


def test_arrow_keys_pan_plus_and_minus_zoom_and_zero_fits(qtbot, view) -> None:
    fitted = view.transform()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    scale, x, y = view.transform()
    assert (scale, x, y) == pytest.approx((fitted[0], fitted[1] - PAN_STEP, fitted[2] - PAN_STEP))
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.transform()[0] == pytest.approx(fitted[0] * ZOOM_STEP)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.transform()[0] == pytest.approx(fitted[0] / ZOOM_STEP)
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert view.transform() == pytest.approx(fitted)


def test_zooming_keeps_the_middle_in_place(qtbot, view) -> None:
    centre = QPointF(view.width() / 2, view.height() / 2)
    middle = view.to_world(centre)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.to_world(centre) == pytest.approx(middle)


def test_dragging_pans_and_is_no_click(qtbot, view) -> None:
    scale, x, y = view.transform()
    start = QPoint(20, 20)
    with qtbot.assertNotEmitted(view.node_activated):
        qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(view, QPoint(60, 50))
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(60, 50))
    assert view.transform() == pytest.approx((scale, x + 40, y + 30))


def test_hover_names_the_node(qtbot, view) -> None:
    with qtbot.waitSignal(view.node_hovered, timeout=2000) as hovered:
        qtbot.mouseMove(view, _point(view, 3))
    assert hovered.args == ["Some Topic"]
    assert view.hover_text == "Some Topic"
    assert view.toolTip() == "Some Topic"
    with qtbot.waitSignal(view.node_hovered, timeout=2000) as left:
        qtbot.mouseMove(view, QPoint(3, 3))
    assert left.args == [""]


def _pixel(view, i) -> QColor:
    image = view.grab().toImage()
    ratio = image.devicePixelRatio()
    point = view.screen_pos(i)
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))


def test_selecting_a_node_lights_its_neighbourhood_and_dims_the_rest(view) -> None:
    colours = GraphColours(view.palette())
    slots = view.scene.slot
    assert _pixel(view, 4) == colours.slots[slots[4]]  # nothing selected: every node in its colour
    view.select(0)  # Note One: linked to Note Two and Some Topic
    assert view.highlighted == {0, 1, 3}
    assert _pixel(view, 1) == colours.slots[slots[1]]
    assert _pixel(view, 3) == colours.slots[TOPIC_SLOT]
    assert _pixel(view, 2) == colours.dim_slots[slots[2]]
    assert _pixel(view, 4) == colours.dim_slots[slots[4]]


def test_folders_have_colours_of_their_own(view) -> None:
    slots = view.scene.slot
    assert slots[0] == slots[1] != slots[2] == slots[4]
    assert _pixel(view, 0) != _pixel(view, 2)


def test_the_dark_palette_paints_a_dark_ground(qtbot, view) -> None:
    light = view.grab().toImage().pixelColor(2, 2)
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1f2124"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#dfe2e7"))
    view.setPalette(palette)
    dark = view.grab().toImage().pixelColor(2, 2)
    assert light.lightness() > 200 and dark.lightness() < 60


def _big_scene(count: int = 6000, links: int = 40000):
    rng = random.Random(3)
    nodes = [GraphNode("note", f"c{i % 30}/n{i}.md", f"Note {i}", f"c{i % 30}") for i in range(count)]
    edges = sorted({tuple(sorted(rng.sample(range(count), 2))) for _ in range(links)})
    positions = [(rng.uniform(-1000, 1000), rng.uniform(-1000, 1000)) for _ in range(count)]
    graph = VaultGraph(nodes, edges)
    return build_scene(graph, positions, group_slots(graph.groups()))


def test_a_big_graph_zoomed_out_is_points_and_a_sample_of_its_edges(qtbot) -> None:
    view = GraphView()
    qtbot.addWidget(view)
    view.resize(600, 450)
    view.show()
    qtbot.waitExposed(view)
    view.set_scene(_big_scene())
    view.grab()  # a synchronous paint
    assert view.last_frame_mode == "points"
    assert view.last_frame_edges == FULL_VIEW_EDGES  # of ~40,000: an even sample
    for _ in range(12):
        view.zoom_by(ZOOM_STEP)
    view.grab()  # a synchronous paint
    assert view.last_frame_mode == "shapes"  # few enough nodes in view: shapes of their own
    assert 0 < view.last_frame_nodes < 600
    assert 0 < view.last_frame_edges <= EDGE_BUDGET
    hit = view.node_at(view.rect().center().toPointF())
    if hit is not None:
        assert view.rect().contains(view.screen_pos(hit).toPoint())


def test_the_wheel_zooms_about_the_pointer(qtbot, view) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    pointer = QPointF(view.screen_pos(2))
    under = view.to_world(pointer)
    scale = view.transform()[0]
    wheel = QWheelEvent(pointer, view.mapToGlobal(pointer), QPoint(0, 0), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view, wheel)
    assert view.transform()[0] > scale * 1.3  # two notches in
    assert view.to_world(pointer) == pytest.approx(under)  # the point under the pointer stays there


def test_names_stay_whole_inside_a_pane_as_narrow_as_in_an_800_by_600_window(qtbot) -> None:
    """The local graph beside the note of an 800×600 window is some 150 px wide: a node near its side keeps its
    name inside the pane (slid in), and a name wider than the pane is cut to it."""
    from desktop.ui.graph_panel import PANEL_LABEL_CHARS

    nodes = [GraphNode("note", "hub.md", "Hub", "a"),
             GraphNode("note", "a/left.md", "The long history of natural gas pipelines", "a"),
             GraphNode("note", "b/right.md", "Why shipping insurance decides wars", "b"),
             GraphNode("topic", "trade", "Demographic collapse and trade", "")]
    graph = VaultGraph(nodes, [(0, 1), (0, 2), (0, 3)])
    widget = GraphView()
    qtbot.addWidget(widget)
    widget.label_chars = PANEL_LABEL_CHARS
    widget.resize(150, 280)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_scene(build_scene(graph, [(0.0, 0.0), (-100.0, -150.0), (100.0, 80.0), (-100.0, 250.0)],
                                 group_slots(graph.groups())))
    widget.grab()  # paints a frame
    drawn = dict(widget.last_frame_labels)
    assert set(drawn) == {0, 1, 2, 3}
    assert all(widget.rect().toRectF().contains(rect) for rect in drawn.values()), drawn
    assert widget.screen_pos(1).x() < drawn[1].right() and widget.screen_pos(2).x() > drawn[2].left()  # by its node


def _crowded_local_view(qtbot, count: int = 400) -> tuple[GraphView, int]:
    """A 2-step local graph as the panel shows it: a page with a few neighbours among hundreds of nodes."""
    from desktop.ui.graph_panel import PANEL_LABEL_CHARS

    rng = random.Random(5)
    nodes = [GraphNode("note", f"c{i % 4}/n{i}.md", f"A rather long note title number {i}", f"c{i % 4}")
             for i in range(count)]
    edges = sorted({tuple(sorted(rng.sample(range(count), 2))) for _ in range(count * 2)} | {(0, i) for i in (1, 2, 3)})
    positions = [(rng.uniform(-500, 500), rng.uniform(-500, 500)) for _ in range(count)]
    positions[0] = (490.0, 10.0)  # the page read near the side, as a force layout often puts it
    widget = GraphView()
    qtbot.addWidget(widget)
    widget.label_chars = PANEL_LABEL_CHARS
    widget.resize(330, 300)
    widget.show()
    qtbot.waitExposed(widget)
    graph = VaultGraph(nodes, edges)
    widget.set_scene(build_scene(graph, positions, group_slots(graph.groups())))
    widget.set_centre("note", "c0/n0.md")
    return widget, 0


def _settled_labels(qtbot, widget) -> dict[int, QRectF]:
    """The names of a frame once a next frame draws the same (a frame lays out only a few new names)."""

    def same_as_last() -> bool:
        widget.grab()
        last = dict(widget.last_frame_labels)
        widget.grab()
        return dict(widget.last_frame_labels) == last

    qtbot.waitUntil(same_as_last)
    return dict(widget.last_frame_labels)


def test_the_page_read_is_named_in_a_crowded_local_graph_and_no_names_meet(qtbot) -> None:
    widget, centre = _crowded_local_view(qtbot)
    drawn = _settled_labels(qtbot, widget)
    assert centre in drawn  # hundreds of nodes in view: the page read is still named
    assert set(drawn) & {1, 2, 3}  # and its neighbours come next
    rects = list(drawn.values())
    for k, a in enumerate(rects):
        assert widget.rect().toRectF().contains(a), a  # never cut by the view's edges
        assert not any(a.intersects(b) for b in rects[:k])


def test_no_name_covers_a_named_node_nor_is_cut_after_a_pan(qtbot, view) -> None:
    view.resize(300, 260)
    view.fit()
    for _ in range(3):
        view.zoom_by(ZOOM_STEP)
    view.pan_by(-view.screen_pos(4).x() - 6, 0)  # node 4 just past the left edge, its name would hang there
    drawn = _settled_labels(qtbot, view)
    assert 4 not in drawn
    scene, s = view.scene, view.transform()[0]
    for i, rect in drawn.items():
        assert view.rect().toRectF().contains(rect), (i, rect)
        for j in drawn:
            if j != i:
                centre, r = view.screen_pos(j), scene.radius[j] * s
                assert not rect.intersects(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r)), (i, j)


def test_a_name_left_out_shows_on_hover_and_when_zoomed_in(qtbot) -> None:
    widget, _ = _crowded_local_view(qtbot)
    drawn = _settled_labels(qtbot, widget)
    hidden = next(i for i in range(widget.scene.node_count) if i not in drawn
                  and widget.rect().contains(widget.screen_pos(i).toPoint()))
    qtbot.mouseMove(widget, widget.screen_pos(hidden).toPoint())
    qtbot.waitUntil(lambda: widget.hovered == hidden)
    widget.grab()
    assert widget.hover_label_rect is not None and widget.rect().toRectF().contains(widget.hover_label_rect)
    qtbot.mouseMove(widget, QPoint(1, 1))
    for _ in range(14):
        widget.zoom_by(ZOOM_STEP, widget.screen_pos(hidden))
    assert hidden in _settled_labels(qtbot, widget)


def _clustered_scene(count: int = 4000):
    """A layout like the public vault's: dense clusters packed in bounds that are mostly empty (a far outlier)."""
    rng = random.Random(7)
    nodes = [GraphNode("note", f"c{i % 3}/n{i}.md", f"Clustered note {i}", f"c{i % 3}") for i in range(count)]
    edges = sorted({tuple(sorted((rng.randrange(count), rng.randrange(count)))) for _ in range(count)}
                   - {(i, i) for i in range(count)})
    positions = [(rng.gauss(0, 10), rng.gauss(0, 10)) for _ in range(count)]
    positions[-1] = (400.0, 300.0)  # one far node: most of the bounds are empty
    graph = VaultGraph(nodes, edges)
    return build_scene(graph, positions, group_slots(graph.groups()))


def _shown_view(qtbot, scene) -> GraphView:
    view = GraphView()
    qtbot.addWidget(view)
    view.resize(600, 450)
    view.show()
    qtbot.waitExposed(view)
    view.set_scene(scene)
    return view


def test_zoomed_in_on_a_dense_cluster_the_nodes_in_view_are_shapes_with_names(qtbot) -> None:
    """The grid's cells are made fine where the nodes are, and the view counts its own nodes: zoomed in on a
    cluster (several hundred nodes in view), they are shapes and named, not the whole cluster's points."""
    view = _shown_view(qtbot, _clustered_scene())
    middle = QPointF(300, 225)
    view.pan_by(middle.x() - view.to_screen(0, 0).x(), middle.y() - view.to_screen(0, 0).y())
    view.zoom_by(40 / view.transform()[0], middle)  # 15 by 11 units of the cluster's middle in view
    drawn = _settled_labels(qtbot, view)
    assert view.last_frame_mode == "shapes"
    assert 300 < view.last_frame_nodes <= 1500
    assert len(drawn) > 5


def test_zoomed_far_in_a_node_stays_a_few_pixels_wide(qtbot) -> None:
    """Two nodes far apart: zoomed in as far as the view lets, the layout's size would make a node 120 px wide;
    it is drawn MAX_NODE_PX wide, and only there is it hit."""
    from desktop.ui.graph_view import MAX_NODE_PX

    nodes = [GraphNode("note", "a/one.md", "One", "a"), GraphNode("note", "a/two.md", "Two", "a")]
    view = _shown_view(qtbot, build_scene(VaultGraph(nodes, []), [(0.0, 0.0), (1000.0, 1000.0)]))
    middle = QPointF(300, 225)
    spot = view.screen_pos(0)
    view.pan_by(middle.x() - spot.x(), middle.y() - spot.y())
    view.zoom_by(1e6, middle)
    assert view.scene.radius[0] * view.transform()[0] > 4 * MAX_NODE_PX
    image = view.grab().toImage()
    centre = view.screen_pos(0)
    assert image.pixelColor(centre.toPoint()) == view.colours.slots[view.scene.slot[0]]
    beyond = centre + QPointF(2 * MAX_NODE_PX, 0)
    assert image.pixelColor(beyond.toPoint()) == view.colours.background
    assert view.node_at(centre + QPointF(MAX_NODE_PX - 2, 0)) == 0
    assert view.node_at(beyond) is None


def test_zoomed_out_to_points_the_hubs_in_view_are_named_without_overlap(qtbot) -> None:
    rng = random.Random(9)
    count = 3000
    nodes = [GraphNode("note", f"c{i % 5}/n{i}.md", f"Note {i}", f"c{i % 5}") for i in range(count)]
    edges = {tuple(sorted(rng.sample(range(count), 2))) for _ in range(3000)}
    edges |= {tuple(sorted((hub, rng.randrange(20, count)))) for hub in range(12) for _ in range(90)}
    positions = [(rng.uniform(0, 1000), rng.uniform(0, 1000)) for _ in range(count)]
    graph = VaultGraph(nodes, sorted(edges))
    view = _shown_view(qtbot, build_scene(graph, positions, group_slots(graph.groups())))
    drawn = _settled_labels(qtbot, view)
    assert view.last_frame_mode == "points"
    scene = view.scene
    assert set(scene.hubs) == set(range(12))
    assert drawn and set(drawn) <= set(scene.hubs)
    assert scene.hubs[0] in drawn  # the best linked node is named first
    rects = list(drawn.values())
    assert not any(a.intersects(b) for k, a in enumerate(rects) for b in rects[:k])


def test_a_graph_of_small_shapes_and_no_hubs_names_its_best_linked_nodes(qtbot) -> None:
    """QA: a graph filtered by a search ("russia", a few hundred notes) showed no names at all: its nodes were
    shapes too small to name each, and the hub names of a zoomed-out view came only with points, from a hub size
    class such a graph has none of."""
    rng = random.Random(3)
    count = 800
    nodes = [GraphNode("note", f"c{i % 3}/n{i}.md", f"Note {i}", f"c{i % 3}") for i in range(count)]
    edges = {tuple(sorted(rng.sample(range(count), 2))) for _ in range(count * 2)}
    edges |= {tuple(sorted((hub, rng.randrange(10, count)))) for hub in range(5) for _ in range(40)}
    positions = [(rng.uniform(0, 1000), rng.uniform(0, 1000)) for _ in range(count)]
    graph = VaultGraph(nodes, sorted(edges))
    view = GraphView()
    qtbot.addWidget(view)
    view.resize(1100, 720)  # the Graph window's size: the filtered graph's nodes are shapes, a few px wide
    view.show()
    qtbot.waitExposed(view)
    view.set_scene(build_scene(graph, positions, group_slots(graph.groups())))
    drawn = _settled_labels(qtbot, view)
    assert view.last_frame_mode == "shapes" and view.scene.base_radius * view.scale < MIN_LABEL_PX
    assert drawn and max(view.scene.degree[i] for i in drawn) == max(view.scene.degree)  # the best linked named
    rects = list(drawn.values())
    assert not any(a.intersects(b) for k, a in enumerate(rects) for b in rects[:k])
