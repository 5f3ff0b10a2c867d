"""The graph view: a vault's notes, topics and videos as shapes joined by their links, painted by hand.

A plain QWidget with its own paintEvent rather than a QGraphicsView: 20k items of a scene each cost a
Python object and a paint call, while here a frame at full view is a few dozen batched calls. Levels of detail
keep every frame within ~16 ms at 20k notes:
- zoomed out (many nodes in view, or nodes a few pixels wide): every node a square point, one `drawPoints`
  per colour and size; edges thinned to a budget (an even sample, the same one from frame to frame);
- zoomed in: only the nodes in view (found through the scene's grid), notes as circles, topics as squares,
  videos as triangles, at most MAX_NODE_PX wide (a dense cluster's nodes stand apart as it is zoomed into);
  edges with an end in view, up to the budget.
Names (`graph_labels.place_labels`): the page being read and the selection always, then their neighbours, then
the hubs (zoomed out) or the nodes in view (zoomed in), best linked first, each where it meets no other name and
no named node, inside the view; a name that finds no room waits for a zoom, and the hovered node's name shows
on a plate over the rest. Selecting a node dims everything but its neighbourhood.

The view only shows a `GraphScene` and says what the reader picked (`node_activated`); its owner opens it
through the session.
"""

from __future__ import annotations

import heapq

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QStaticText,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.core.graph import GraphNode, neighbourhood
from desktop.ui.graph_labels import LabelAsk, place_labels
from desktop.ui.graph_scene import FULL_VIEW_EDGES, SIZE_FACTORS, TOPIC_SLOT, VIDEO_SLOT, GraphScene, point_batches
from desktop.ui.theme import FOCUS_FRAME_PX, focus_ring_colour

EDGE_BUDGET = 1500  # edges drawn in one frame at most: past that they are a grey mass that costs frames
EDGES_PER_NODE = 4  # and at most this many per node in view (zoomed in: the shortest of each node's)
MOST_OF_THE_GRAPH = 0.5  # a view showing this share of the grid's cells draws the full view's edges
SMOOTH_EDGES = 600  # antialiased edges up to this many in a frame
CIRCLE_LIMIT = 1500  # nodes in view at most for shapes of their own (else square points)
SMOOTH_SHAPES = 400  # shapes antialiased and outlined up to this many in a frame (more: a crowd, zoomed in on a
# dense cluster, where antialiasing tripled the cost of a frame: 12 of 16 ms on the public vault)
MIN_SHAPE_PX = 2.5  # a node's radius on screen below which shapes are points anyway
MAX_NODE_PX = 10.0  # a node's radius on screen at most (times its size class's factor), however far zoomed in
EXACT_COUNT_FACTOR = 4  # the cells in view holding up to this many times CIRCLE_LIMIT: the view's own nodes counted
LABEL_LIMIT = 250  # a graph this small is fitted with room for its names at the sides
LABEL_TRIES = 400  # names tried in a frame at most (most important first; a crowded view shows fewer)
POINT_NAME_TRIES = 60  # zoomed out to points: hubs (and neighbours) tried at most (a few dozen names fit)
NEAR_NAMED = 200  # neighbours of the page read and of the selection named at any zoom, at most (best linked first)
MIN_LABEL_PX = 4.0  # a node's radius on screen below which only the page read, the selection and theirs are named
PAN_STEP = 80  # px per arrow key
REVEAL_MARGIN = 40  # px a node chosen by keyboard keeps from the view's edges (its ring and some of its name)
ZOOM_STEP = 1.25  # per + / - key
WHEEL_ZOOM = 1.0015  # per eighth of a degree of wheel
CLICK_SLOP = 4  # px a press may move and still be a click
LABEL_CHARS = 48
LABEL_MARGIN = 3  # px a name keeps from the view's edges
NEW_LABELS_PER_FRAME = 12  # names laid out in one frame at most; the rest come in the next frames

# The graph's keys, as F1 and the Graph window's hint list them (the view reads its keys in `keyPressEvent`).
KEYS = (
    ("Pan", "Left / Right / Up / Down"),
    ("Select the nearest node that way (the page read first)", "Shift+Left / Right / Up / Down"),
    ("Zoom in / out", "+ / −"),
    ("Fit the whole graph", "0"),
    ("Open the selected node", "Enter"),
    ("Clear the selection (in the Graph window, Esc again closes it)", "Esc"),
)

LIGHT_FOLDERS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f",
                 "#ff9da7", "#3a8fb7", "#8cd17d", "#d37295")
DARK_FOLDERS = ("#6f9bd1", "#ffa552", "#7cc26f", "#ff7b7d", "#8fd3cd", "#cf9bc4", "#f4d86a", "#c39a82",
                "#ffb3bb", "#5fb0d8", "#a6e39a", "#eb8fb0")


class GraphColours:
    """The view's colours for a palette: folders, topics, videos, edges, and their dimmed versions."""

    def __init__(self, palette: QPalette) -> None:
        self.background = palette.color(QPalette.ColorRole.Base)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.dark = self.background.lightness() < 128
        folders = DARK_FOLDERS if self.dark else LIGHT_FOLDERS
        topic = "#a8adb7" if self.dark else "#7b818c"
        video = "#ff6b6b" if self.dark else "#c4302b"
        plain = "#b8bcc4" if self.dark else "#6b7280"
        self.slots = [QColor(c) for c in (*folders, topic, video, plain)]
        self.dim_slots = [self.mix(c, 0.8) for c in self.slots]
        self.edge = self.mix(self.text, 0.82)
        self.dim_edge = self.mix(self.text, 0.93)
        self.accent = palette.color(QPalette.ColorRole.Highlight)
        if self.dark:
            self.accent = QColor("#7aa7ff")
        self.plate = QColor(self.background)
        self.plate.setAlpha(215)
        self.name_plate = QColor(self.background)
        self.name_plate.setAlpha(170)

    def mix(self, color: QColor, toward_background: float) -> QColor:
        """`color` that far toward the background, opaque (drawn twice it looks the same)."""
        t, b = toward_background, self.background
        return QColor(round(color.red() * (1 - t) + b.red() * t), round(color.green() * (1 - t) + b.green() * t),
                      round(color.blue() * (1 - t) + b.blue() * t))


class GraphView(QWidget):
    """Paints a `GraphScene`; pan by dragging or arrow keys, zoom by wheel or +/-, 0 fits; a click selects
    and activates a node, Shift+arrows select the nearest node that way (scrolled into view), Enter activates
    the selected one, Escape clears the selection."""

    node_activated = Signal(object)  # GraphNode clicked, or Enter on the selected one
    node_hovered = Signal(str)  # the hovered node's name, "" when none
    selection_changed = Signal(object)  # node number or None
    view_changed = Signal()  # the transform changed (pan, zoom, fit)
    colours_changed = Signal()  # a new palette (light ↔ dark): `colours` are new

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        self.setAccessibleName("Graph")
        self.scene: GraphScene | None = None
        self.message = ""
        self.scale, self.offset_x, self.offset_y = 1.0, 0.0, 0.0
        self._own_view = False  # the reader panned or zoomed: kept across new scenes of the same vault
        self.selected: int | None = None
        self.hovered: int | None = None
        self.centre: int | None = None  # the page being read (the local graph's middle), ringed
        self._highlight: set[int] = set()
        self._highlight_batches: list = []
        self._highlight_edges = QPainterPath()
        self._press: QPointF | None = None
        self._dragged = False
        self._labels: dict[int, tuple[QStaticText, float]] = {}  # node -> its name, laid out once, and width
        self.label_chars = LABEL_CHARS  # names longer than about this many characters are cut
        self._colours = GraphColours(self.palette())
        self.last_frame_nodes = 0  # what the last frame drew, for tests and the benchmark
        self.last_frame_edges = 0
        self.last_frame_mode = ""
        self.last_frame_labels: list[tuple[int, QRectF]] = []  # node and where its name was drawn
        self.hover_label_rect: QRectF | None = None  # where the hovered node's name was drawn on its plate
        self._near: list[int] = []  # the neighbours of the centre and the selection, named first

    # what is shown ------------------------------------------------------------------------------------

    def set_scene(self, scene: GraphScene | None, keep_view: bool = False) -> None:
        """Show `scene`; the selection and the reader's pan/zoom stay when `keep_view` (the same vault changed)."""
        selected, centre = self.node(self.selected), self.node(self.centre)
        self.scene, self.hovered, self._labels = scene, None, {}
        self.selected, self._highlight, self._highlight_batches = None, set(), []
        self.centre = None
        if scene is not None:  # the same pages stay selected and ringed, if the new graph has them
            if centre is not None:
                self.centre = scene.graph.index_of(centre.kind, centre.key)
            if selected is not None:
                self.select(scene.graph.index_of(selected.kind, selected.key))
        self._find_near()
        if not keep_view or not self._own_view:
            self.fit()
        self.update()

    def set_message(self, text: str) -> None:
        """A line shown in the middle (e.g. "Laying out 20,000 nodes…"), over the graph if there is one."""
        self.message = text
        self.update()

    def set_centre(self, kind: str | None, key: str | None) -> None:
        self.centre = self.scene.graph.index_of(kind, key) if self.scene is not None and kind else None
        self._find_near()
        self.update()

    def _find_near(self) -> None:
        """The centre's and the selection's neighbours, best linked first: named before the rest."""
        scene, near = self.scene, set()
        if scene is not None:
            for i in (self.centre, self.selected):
                if i is not None:
                    near.update(scene.graph.neighbours(i))
            near -= {self.centre, self.selected}
        self._near = heapq.nlargest(NEAR_NAMED, near, key=lambda i: (scene.degree[i], -i)) if near else []

    def node(self, i: int | None) -> GraphNode | None:
        if i is None or self.scene is None or not 0 <= i < self.scene.node_count:
            return None
        return self.scene.graph.nodes[i]

    @property
    def hover_text(self) -> str:
        node = self.node(self.hovered)
        return node.label if node is not None else ""

    def select(self, i: int | None) -> None:
        """Select node `i` (None: no selection): its neighbourhood stands out, the rest dims."""
        if self.node(i) is None:
            i = None
        if i == self.selected:
            return
        self.selected = i
        if i is None:
            self._highlight, self._highlight_batches = set(), []
        else:
            self._highlight = neighbourhood(self.scene.graph, i) | {i}
            self._highlight_batches = point_batches(self.scene, sorted(self._highlight))
            xs, ys = self.scene.xs, self.scene.ys
            self._highlight_edges = QPainterPath()
            for j in sorted(self._highlight - {i})[:EDGE_BUDGET]:
                self._highlight_edges.moveTo(xs[i], ys[i])
                self._highlight_edges.lineTo(xs[j], ys[j])
        self._find_near()
        self.selection_changed.emit(i)
        self.update()

    @property
    def colours(self) -> GraphColours:
        """The colours the view paints with (its palette's), for a legend beside it."""
        return self._colours

    @property
    def highlighted(self) -> set[int]:
        return set(self._highlight)

    # the transform --------------------------------------------------------------------------------------

    def to_screen(self, x: float, y: float) -> QPointF:
        return QPointF(x * self.scale + self.offset_x, y * self.scale + self.offset_y)

    def screen_pos(self, i: int) -> QPointF:
        """Where node `i` is on the widget."""
        return self.to_screen(self.scene.xs[i], self.scene.ys[i])

    def to_world(self, point: QPointF) -> tuple[float, float]:
        return (point.x() - self.offset_x) / self.scale, (point.y() - self.offset_y) / self.scale

    def transform(self) -> tuple[float, float, float]:
        """(scale, x offset, y offset): screen = world × scale + offset."""
        return self.scale, self.offset_x, self.offset_y

    def set_transform(self, scale: float, offset_x: float, offset_y: float) -> None:
        self.scale, self.offset_x, self.offset_y = scale, offset_x, offset_y
        self._own_view = True
        self.view_changed.emit()
        self.update()

    def fit(self) -> None:
        """The whole graph in view, centred."""
        scene = self.scene
        if scene is None or not scene.node_count:
            self.scale, self.offset_x, self.offset_y = 1.0, 0.0, 0.0
        else:
            bounds = scene.bounds
            named = scene.node_count <= LABEL_LIMIT  # room at the sides and below for the names
            pad_x, pad_y = (min(self.label_chars * 3, self.width() * 0.2), 22) if named else (8, 8)
            width, height = max(self.width() - 2 * pad_x, 1), max(self.height() - 2 * pad_y, 1)
            self.scale = min(width / max(bounds.width(), 1e-9), height / max(bounds.height(), 1e-9))
            width, height = self.width(), self.height()
            self.offset_x = width / 2 - bounds.center().x() * self.scale
            self.offset_y = height / 2 - bounds.center().y() * self.scale
        self._own_view = False
        self.view_changed.emit()
        self.update()

    def pan_by(self, dx: float, dy: float) -> None:
        self.set_transform(self.scale, self.offset_x + dx, self.offset_y + dy)

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by `factor` keeping the world point under `anchor` (default: the middle) in place."""
        anchor = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        low, high = self._zoom_limits()
        scale = min(max(self.scale * factor, low), high)
        world_x, world_y = self.to_world(anchor)
        self.set_transform(scale, anchor.x() - world_x * scale, anchor.y() - world_y * scale)

    def _zoom_limits(self) -> tuple[float, float]:
        scene = self.scene
        if scene is None or not scene.node_count:
            return 1e-6, 1e6
        fit = min(max(self.width(), 1) / max(scene.bounds.width(), 1e-9),
                  max(self.height(), 1) / max(scene.bounds.height(), 1e-9))
        return fit / 4, max(fit * 4, 60 / scene.base_radius)  # down to a node 60 px wide

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._labels = {}  # names are cut to the view's width: laid out again for the new one
        if not self._own_view:
            self.fit()

    # input ------------------------------------------------------------------------------------------------

    def node_at(self, point: QPointF) -> int | None:
        """The node under a widget point (a few pixels of slack for small ones)."""
        if self.scene is None:
            return None
        x, y = self.to_world(point)
        return self.scene.node_at(x, y, 6 / self.scale, MAX_NODE_PX / self.scale)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._dragged = event.position(), False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        position = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            delta = position - self._press
            if self._dragged or abs(delta.x()) + abs(delta.y()) > CLICK_SLOP:
                self._dragged = True
                self._press = position
                self.pan_by(delta.x(), delta.y())
            return
        self._hover(self.node_at(position))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            clicked = not self._dragged
            self._press = None
            if clicked:
                hit = self.node_at(event.position())
                self.select(hit)
                if hit is not None:
                    self.node_activated.emit(self.node(hit))
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._hover(None)
        super().leaveEvent(event)

    def _hover(self, i: int | None) -> None:
        if i == self.hovered:
            return
        self.hovered = i
        text = self.hover_text
        self.setToolTip(text)
        self.node_hovered.emit(text)
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        steps = event.angleDelta().y() or event.angleDelta().x()
        if steps:
            self.zoom_by(WHEEL_ZOOM ** steps, event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """The keys of `KEYS`: arrows pan, Shift+arrows walk from node to node (Tab keeps moving the focus
        between widgets: a graph of 20k nodes would hold the keyboard in it)."""
        key = event.key()
        pans = {Qt.Key.Key_Left: (PAN_STEP, 0), Qt.Key.Key_Right: (-PAN_STEP, 0), Qt.Key.Key_Up: (0, PAN_STEP),
                Qt.Key.Key_Down: (0, -PAN_STEP)}
        shift = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.ShiftModifier
        if key in pans and shift:
            dx, dy = pans[key]
            self.step_selection(-dx, -dy)
        elif key in pans:
            self.pan_by(*pans[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key == Qt.Key.Key_Escape and self.selected is not None:
            self.select(None)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            self.node_activated.emit(self.node(self.selected))
        else:
            super().keyPressEvent(event)

    def step_selection(self, dx: float, dy: float) -> None:
        """Select the node nearest the selected one in the direction (`dx`, `dy`) on screen, and bring it into
        view; with nothing selected, the page being read (else the node nearest the view's middle)."""
        scene = self.scene
        if scene is None or not scene.node_count:
            return
        if self.selected is None:
            chosen = self.centre if self.centre is not None else self._nearest_to_middle(scene)
        else:
            chosen = self._nearest_towards(scene, self.selected, dx, dy)
        if chosen is not None:
            self.select(chosen)
            self.reveal(chosen)

    def _nearest_to_middle(self, scene: GraphScene) -> int:
        mx, my = self.to_world(QPointF(self.width() / 2, self.height() / 2))
        xs, ys = scene.xs, scene.ys
        return min(range(scene.node_count), key=lambda i: ((xs[i] - mx) ** 2 + (ys[i] - my) ** 2, i))

    @staticmethod
    def _nearest_towards(scene: GraphScene, start: int, dx: float, dy: float) -> int | None:
        """The node that way from `start`: within 45° of the direction, nearest with a penalty for straying
        sideways (as a keyboard moves between the fields of a form); if none lies in that cone, the nearest
        ahead at all. None: `start` is the last node that way."""
        length = (dx * dx + dy * dy) ** 0.5
        ux, uy = dx / length, dy / length
        x0, y0, xs, ys = scene.xs[start], scene.ys[start], scene.xs, scene.ys
        best_cone = best_ahead = None
        for i in range(scene.node_count):
            ahead = (xs[i] - x0) * ux + (ys[i] - y0) * uy
            if ahead <= 1e-9 or i == start:
                continue
            aside = abs((xs[i] - x0) * uy - (ys[i] - y0) * ux)
            score = (ahead + 2 * aside, i)
            if aside <= ahead:
                if best_cone is None or score < best_cone:
                    best_cone = score
            elif best_ahead is None or score < best_ahead:
                best_ahead = score
        best = best_cone or best_ahead
        return best[1] if best is not None else None

    def reveal(self, i: int) -> None:
        """Pan (not zoom) so that node `i` is inside the view, `REVEAL_MARGIN` from its edges (no pan if it is)."""
        point = self.screen_pos(i)
        margin_x = min(REVEAL_MARGIN, self.width() / 2)
        margin_y = min(REVEAL_MARGIN, self.height() / 2)
        dx = dy = 0.0
        if point.x() < margin_x:
            dx = margin_x - point.x()
        elif point.x() > self.width() - margin_x:
            dx = self.width() - margin_x - point.x()
        if point.y() < margin_y:
            dy = margin_y - point.y()
        elif point.y() > self.height() - margin_y:
            dy = self.height() - margin_y - point.y()
        if dx or dy:
            self.pan_by(dx, dy)

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        self.update()  # the focus frame

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self.update()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """A new theme: new colours."""
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self._colours = GraphColours(self.palette())
            self.update()
            self.colours_changed.emit()

    # painting ---------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        colours = self._colours
        painter.fillRect(self.rect(), colours.background)
        self.last_frame_labels, self.hover_label_rect = [], None
        scene = self.scene
        if scene is not None and scene.node_count:
            self._paint_scene(painter, scene, colours)
        else:
            self.last_frame_nodes = self.last_frame_edges = 0
        if self.message:
            painter.setPen(colours.text)
            metrics = QFontMetrics(painter.font())
            box = QRectF(metrics.boundingRect(self.message)).adjusted(-10, -6, 10, 6)
            box.moveCenter(QPointF(self.width() / 2, self.height() / 2))
            painter.fillRect(box, colours.plate)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.message)
        if self.hasFocus():  # where the keyboard is (F6): a frame inside the edges, nothing moves
            pen = QPen(focus_ring_colour(colours.dark), FOCUS_FRAME_PX)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = FOCUS_FRAME_PX / 2
            painter.drawRect(QRectF(self.rect()).adjusted(half, half, -half, -half))
        painter.end()

    def _paint_scene(self, painter: QPainter, scene: GraphScene, colours: GraphColours) -> None:
        s = self.scale
        pad = SIZE_FACTORS[-1] * min(scene.base_radius, MAX_NODE_PX / s)  # a node's reach past its centre
        left, top = self.to_world(QPointF(0, 0))
        right, bottom = self.to_world(QPointF(self.width(), self.height()))
        left, top, right, bottom = left - pad, top - pad, right + pad, bottom + pad
        cells = scene.cells_in(left, top, right, bottom)
        in_view = scene.count_in(cells)  # the nodes of the cells in view: a few cells' worth more than in view
        dim = self.selected is not None
        visible: list[int] | None = None
        if in_view <= CIRCLE_LIMIT * EXACT_COUNT_FACTOR and scene.base_radius * s >= MIN_SHAPE_PX:
            visible = scene.nodes_in(cells, left, top, right, bottom)  # zoomed in on a dense cluster: its cells
            in_view = len(visible)  # hold many more nodes than the view: count the view's own
        shapes = visible is not None and in_view <= CIRCLE_LIMIT

        painter.save()
        painter.translate(self.offset_x, self.offset_y)
        painter.scale(s, s)
        self._paint_edges(painter, scene, colours, cells, dim, in_view)
        if dim:
            self._paint_highlight_edges(painter, scene, colours)
        painter.restore()

        if shapes:
            self._paint_shapes(painter, scene, colours, visible, dim)
            self.last_frame_mode, self.last_frame_nodes = "shapes", len(visible)
        else:
            visible = []
            self._paint_points(painter, scene, colours, dim)
            self.last_frame_mode, self.last_frame_nodes = "points", scene.node_count
        self._paint_rings(painter, scene, colours)
        self._paint_labels(painter, scene, colours, self._label_order(scene, visible, dim), visible)
        if self.hovered is not None and self.hovered not in dict(self.last_frame_labels):
            self._paint_hover_label(painter, scene, colours, self.hovered)

    def _label_order(self, scene: GraphScene, visible: list[int], dim: bool) -> list[int]:
        """The nodes to name this frame, most important first: the page being read, the selection, their
        neighbours (the best linked first), then the other nodes in view, hubs first, when they are drawn
        large enough to name; zoomed out to points, the hubs in view only. With a selection, only its
        neighbourhood."""
        first = [i for i in (self.centre, self.selected) if i is not None]
        near = self._near if visible else self._near[:POINT_NAME_TRIES]
        order = first + [i for i in near if i not in first]
        seen = set(order)
        degree = scene.degree
        small = scene.base_radius * self.scale < MIN_LABEL_PX  # shapes too small to name each (a filtered graph)
        if not visible or small:  # zoomed out: the best linked hubs in view (a map's big towns)
            s, ox, oy, xs, ys = self.scale, self.offset_x, self.offset_y, scene.xs, scene.ys
            width, height = self.width(), self.height()
            found = 0
            for i in scene.hubs:
                if i not in seen and (not dim or i in self._highlight) \
                        and 0 <= xs[i] * s + ox <= width and 0 <= ys[i] * s + oy <= height:
                    order.append(i)
                    found += 1
                    if found >= POINT_NAME_TRIES:
                        break
        else:
            rest = [i for i in visible if i not in seen and (not dim or i in self._highlight)]
            if len(rest) > LABEL_TRIES:
                rest = heapq.nlargest(LABEL_TRIES, rest, key=degree.__getitem__)
            else:
                rest.sort(key=degree.__getitem__, reverse=True)
            order += rest
        return order

    def _paint_edges(self, painter: QPainter, scene: GraphScene, colours: GraphColours, cells, dim: bool,
                     in_view: int) -> None:
        pen = QPen(colours.dim_edge if dim else colours.edge, 0)  # cosmetic hairline
        painter.setPen(pen)
        most = cells is None or len(cells) >= MOST_OF_THE_GRAPH * len(scene.cell_nodes)
        if most and len(scene.edge_order) > EDGE_BUDGET:  # (most of) the whole graph: its prebuilt even sample
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.drawPath(scene.full_view_path)
            self.last_frame_edges = min(len(scene.edge_order), FULL_VIEW_EDGES)
            return
        if cells is None:
            cells = list(range(len(scene.cell_nodes)))
        lines = scene.lines_in(cells, min(EDGE_BUDGET, EDGES_PER_NODE * max(in_view, 1)))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(lines) <= SMOOTH_EDGES)
        painter.drawLines(lines)
        self.last_frame_edges = len(lines)

    def _paint_highlight_edges(self, painter: QPainter, scene: GraphScene, colours: GraphColours) -> None:
        """The selected node's links, over the dimmed rest (a path made once, at selection)."""
        pen = QPen(colours.accent, 0 if len(self._highlight) > SMOOTH_EDGES else 1.2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(self._highlight) <= SMOOTH_EDGES)
        painter.drawPath(self._highlight_edges)

    def _paint_points(self, painter: QPainter, scene: GraphScene, colours: GraphColours, dim: bool) -> None:
        """Every node a square point: one call per colour and size. The points are mapped to the screen first
        (in C++): drawn through a scaled painter, Qt stretched each square point sideways into a dash."""
        to_screen = QTransform(self.scale, 0, 0, self.scale, self.offset_x, self.offset_y)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        unit = scene.base_radius * self.scale * 2
        slot_colours = colours.dim_slots if dim else colours.slots
        for layer, batches in ((slot_colours, scene.batches), (colours.slots, self._highlight_batches if dim else [])):
            for slot, klass, points in batches:
                width = min(max(unit * SIZE_FACTORS[klass], 2.0 + klass), 9.0)
                pen = QPen(layer[slot], round(width))
                pen.setCapStyle(Qt.PenCapStyle.SquareCap)
                painter.setPen(pen)
                painter.drawPoints(to_screen.map(points))

    def _paint_shapes(self, painter: QPainter, scene: GraphScene, colours: GraphColours, visible: list[int],
                      dim: bool) -> None:
        """The nodes in view as shapes of their kind, drawn in screen coordinates."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(visible) <= SMOOTH_SHAPES)
        s, ox, oy = self.scale, self.offset_x, self.offset_y
        outline = QPen(colours.background, 1) if len(visible) <= SMOOTH_SHAPES else Qt.PenStyle.NoPen
        painter.setPen(outline)
        by_colour: dict[tuple[int, bool], list[int]] = {}
        for i in visible:
            by_colour.setdefault((scene.slot[i], dim and i not in self._highlight), []).append(i)
        xs, ys, kinds, shown = scene.xs, scene.ys, scene.graph.nodes, self._shape_radius
        for (slot, faded), nodes in sorted(by_colour.items(), key=lambda item: not item[0][1]):  # faded first
            painter.setBrush(colours.dim_slots[slot] if faded else colours.slots[slot])
            for i in nodes:
                x, y, r = xs[i] * s + ox, ys[i] * s + oy, shown(scene, i)
                if slot == TOPIC_SLOT:
                    painter.drawRect(QRectF(x - r, y - r, 2 * r, 2 * r))
                elif slot == VIDEO_SLOT and kinds[i].kind == "video":
                    painter.drawPolygon(QPolygonF([QPointF(x - r, y - r * 1.1), QPointF(x + r * 1.2, y),
                                                   QPointF(x - r, y + r * 1.1)]))
                else:
                    painter.drawEllipse(QPointF(x, y), r, r)

    def _paint_rings(self, painter: QPainter, scene: GraphScene, colours: GraphColours) -> None:
        """A ring around the page being read and around the selected node, at any zoom."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for i, width in ((self.centre, 2.5), (self.selected, 2.0)):
            if i is not None:
                painter.setPen(QPen(colours.accent if i == self.selected else colours.text, width))
                r = max(self._shape_radius(scene, i), 2.5) + 3
                painter.drawEllipse(self.screen_pos(i), r, r)

    def _paint_labels(self, painter: QPainter, scene: GraphScene, colours: GraphColours, order: list[int],
                      drawn: list[int]) -> None:
        """Names beside their nodes, placed by `place_labels` in `order` (no name over another or over a named
        node, none cut by the view's edges); a name is laid out once, then drawn as static text. Zoomed in on
        many new names, a frame lays out only the first few and the next frames go on, in the same order (a
        name shown never gives way to a more important one a frame later)."""
        metrics = QFontMetrics(painter.font())
        line = metrics.height()
        s, ox, oy, xs, ys = self.scale, self.offset_x, self.offset_y, scene.xs, scene.ys
        forced = {self.centre, self.selected} - {None}
        asks, fresh = [], 0
        for i in order:
            label = self._labels.get(i)
            if label is None:
                if fresh >= NEW_LABELS_PER_FRAME and i not in forced:
                    QTimer.singleShot(0, self.update)
                    break
                fresh += 1
                label = self._label(metrics, scene, i)
            asks.append(LabelAsk(i, xs[i] * s + ox, ys[i] * s + oy, self._shown_radius(scene, i), label[1], line,
                                 i in forced))
        painter.setPen(colours.text)
        shapes = []  # the nodes drawn as shapes: names keep off them when they can (not in a crowd: no room)
        for i in drawn if len(drawn) <= SMOOTH_SHAPES else ():
            x, y = xs[i] * s + ox, ys[i] * s + oy
            r = self._shape_radius(scene, i)
            shapes.append((x - r, y - r, x + r, y + r))
        placed = place_labels(asks, self.width(), self.height(), LABEL_MARGIN, LABEL_TRIES, shapes)
        for i, x, y in placed:  # a plate under each name: readable over a crowd of points and links
            width = self._labels[i][1]
            painter.fillRect(QRectF(x - 2, y, width + 4, line), colours.plate if i == self.selected
                             else colours.name_plate)
        for i, x, y in placed:
            static, width = self._labels[i]
            painter.drawStaticText(QPointF(x, y), static)
            self.last_frame_labels.append((i, QRectF(x, y, width, line)))

    def _paint_hover_label(self, painter: QPainter, scene: GraphScene, colours: GraphColours, i: int) -> None:
        """The hovered node's name, on a plate over whatever is there (the pointer asked for it)."""
        metrics = QFontMetrics(painter.font())
        static, width = self._labels.get(i) or self._label(metrics, scene, i)
        line = metrics.height()
        ask = LabelAsk(i, *self._screen_xy(scene, i), self._shown_radius(scene, i), width, line, True)
        for _, x, y in place_labels([ask], self.width(), self.height(), LABEL_MARGIN):
            painter.fillRect(QRectF(x - 4, y - 1, width + 8, line + 2), colours.plate)
            painter.setPen(colours.text)
            painter.drawStaticText(QPointF(x, y), static)
            self.hover_label_rect = QRectF(x, y, width, line)

    def _label(self, metrics: QFontMetrics, scene: GraphScene, i: int) -> tuple[QStaticText, float]:
        """Node `i`'s name cut to `label_chars` (and to the view's width), laid out once."""
        room = max(self.width() - 2 * LABEL_MARGIN, 1)
        text = metrics.elidedText(scene.graph.nodes[i].label, Qt.TextElideMode.ElideRight,
                                  min(metrics.averageCharWidth() * self.label_chars, room))
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        label = self._labels[i] = (static, metrics.horizontalAdvance(text))
        return label

    def _screen_xy(self, scene: GraphScene, i: int) -> tuple[float, float]:
        return scene.xs[i] * self.scale + self.offset_x, scene.ys[i] * self.scale + self.offset_y

    def _shape_radius(self, scene: GraphScene, i: int) -> float:
        """Node `i`'s radius on screen: its size in the layout zoomed, up to MAX_NODE_PX (times its size class):
        zoomed in on a dense cluster, nodes stay apart rather than growing over one another."""
        r = scene.radius[i]
        return max(min(r * self.scale, MAX_NODE_PX * r / scene.base_radius), 1.5)

    def _shown_radius(self, scene: GraphScene, i: int) -> float:
        """Node `i`'s radius on screen as drawn (a point's half width zoomed out; the ring of the page read)."""
        r = self._shape_radius(scene, i)
        if i == self.centre or i == self.selected:
            r = max(r, 2.5) + 4.5
        return r
