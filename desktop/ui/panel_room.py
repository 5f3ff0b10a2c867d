"""Room for the note: the main splitter's panels give way in small windows and when the player opens, and
get their widths back when there is room again. The note itself never goes below a readable width."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QSplitter, QWidget

NOTE_MIN_WIDTH = 400  # px: below this a note's lines and title break badly; panels give way first
NOTE_COMFORT = 520  # px: panels narrow before the note goes under this
PANEL_MIN = 150  # px: the narrowest a side panel gets before it collapses
PANEL_WIDTHS = (300, 320)  # the tree's and the side column's widths when there is room
PLAYER_PANELS = (220, 260)  # the tree's and the side column's widths at most while the player is open


class PanelRoom(QObject):
    """Watches a tree | note | side-column splitter and keeps the note readable."""

    def __init__(self, splitter: QSplitter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.splitter = splitter
        self._collapsed: set[int] = set()  # panes fit() closed for room, to reopen when room comes back
        self._wanted: list[int] | None = None  # the tree's and the side column's widths when there is room
        self._before_player: list[int] | None = None
        self._restore: list[int] | None = None  # the widths to give back once the player has closed
        splitter.installEventFilter(self)
        splitter.splitterMoved.connect(self._dragged)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """The note column's room changed (the window, a dock opening or closing): fit the panels to it."""
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self.fit)  # after the splitter has shared out its new width
        return super().eventFilter(watched, event)

    @property
    def closed_for_room(self) -> list[int]:
        """The panes (0 the tree, 2 the side column) closed for room, to reopen when there is room: kept with the
        window's layout, so a panel a small screen closed comes back on a bigger one next time."""
        return sorted(self._collapsed)

    def closed_for_room_before(self, panes: list[int]) -> None:
        """The panes the last window closed for room (its layout restored, they are 0 wide): reopen them when
        there is room, as if closed here (a panel dragged shut stays shut)."""
        sizes = self.splitter.sizes()
        self._collapsed |= {pane for pane in panes if pane in (0, 2) and sizes[pane] == 0}

    def _dragged(self, *_args) -> None:
        """The reader set the widths by hand: those are the ones to come back to."""
        sizes = self.splitter.sizes()
        self._wanted = [sizes[0], sizes[2]]

    def reveal(self, pane: int) -> None:
        """Open the tree (`pane` 0) or the side column (2) when the reader asks for it by keyboard while it is
        closed (dragged shut, or closed for room): at its width, taken from the note down to NOTE_MIN_WIDTH,
        then from the other panel (closed if too little is left of it), then from the note anyway."""
        sizes = self.splitter.sizes()
        if sizes[pane] > 0:
            return
        wanted = self._wanted[pane // 2] if self._wanted is not None else 0
        width = max(wanted, PANEL_MIN) if wanted else PANEL_WIDTHS[pane // 2]
        other = 2 - pane
        from_note = min(width, max(sizes[1] - NOTE_MIN_WIDTH, 0))
        from_other = min(width - from_note, sizes[other])
        if sizes[other] - from_other < PANEL_MIN:  # a sliver of the other panel helps no one
            from_other = sizes[other]
            self._collapsed.add(other)
        from_note = max(min(width - from_other, sizes[1] - PANEL_MIN), from_note)
        sizes[pane] = from_note + from_other
        sizes[1] -= from_note
        sizes[other] -= from_other
        self._collapsed.discard(pane)
        self.splitter.setSizes(sizes)
        if self._wanted is not None and not wanted:
            self._wanted[pane // 2] = PANEL_WIDTHS[pane // 2]

    def make_room_for_player(self, dock: QWidget) -> None:
        """The note keeps most of its room when the player opens: the panels narrow (and widen again after)."""
        if self._before_player is not None or dock.isVisible():
            return
        self._before_player = self.splitter.sizes()
        tree, note, side = self._before_player
        narrow_tree, narrow_side = min(tree, PLAYER_PANELS[0]), min(side, PLAYER_PANELS[1])
        self.splitter.setSizes([narrow_tree, note + tree - narrow_tree + side - narrow_side, narrow_side])

    def player_closed(self) -> None:
        """The tree and the side column get back their widths once the splitter has the dock's room back."""
        if self._before_player is not None:
            self._restore, self._before_player = self._before_player, None
            QTimer.singleShot(0, self.fit)

    def fit(self) -> None:
        """Keep the note readable in any window: the side column and the tree narrow to PANEL_MIN, then the
        side column and then the tree collapse; when room comes back (a bigger window, the search panel closed)
        they open again, and widen back, to their widths: as first laid out, or as last dragged."""
        splitter = self.splitter
        handles = splitter.handleWidth() * 2
        total = splitter.width() - handles
        if total <= 0 or not splitter.isVisible():
            return
        if self._restore is not None:
            tree, _note, side = self._restore
            self._restore = None
            splitter.setSizes([tree, max(total - tree - side, 0), side])
        for pane, width in ((0, PANEL_WIDTHS[0]), (2, PANEL_WIDTHS[1])):  # room again: reopen what fit closed
            sizes = splitter.sizes()
            room = total - sum(sizes[i] for i in (0, 2) if i != pane) - NOTE_COMFORT
            if pane in self._collapsed and room >= PANEL_MIN:
                self._collapsed.discard(pane)
                sizes[pane] = min(width, room)
                sizes[1] = total - sizes[0] - sizes[2]
                splitter.setSizes(sizes)
        if self._wanted is None:  # the widths first laid out (set, or restored from last time) in a roomy window
            tree, note, side = splitter.sizes()
            roomy = note >= NOTE_COMFORT
            self._wanted = [tree if roomy and tree >= PANEL_MIN else PANEL_WIDTHS[0],
                            side if roomy and side >= PANEL_MIN else PANEL_WIDTHS[1]]
        for pane, width in ((0, self._wanted[0]), (2, self._wanted[1])):  # room again: widen back what gave way
            sizes = splitter.sizes()
            spare = sizes[1] - NOTE_COMFORT
            if self._before_player is None and 0 < sizes[pane] < width and spare > 0:
                grow = min(width - sizes[pane], spare)
                sizes[pane], sizes[1] = sizes[pane] + grow, sizes[1] - grow
                splitter.setSizes(sizes)
        for pane in (0, 2):  # a sliver of a panel helps no one: widen it to PANEL_MIN if there is room, else close
            sizes = splitter.sizes()
            if 0 < sizes[pane] < PANEL_MIN:
                grow = PANEL_MIN - sizes[pane]
                if sizes[1] - grow >= NOTE_COMFORT:
                    sizes[pane], sizes[1] = PANEL_MIN, sizes[1] - grow
                elif pane == 0 and sizes[2] - grow >= PANEL_MIN:  # the side column gives way before the tree
                    sizes[0], sizes[2] = PANEL_MIN, sizes[2] - grow
                else:
                    sizes[pane], sizes[1] = 0, sizes[1] + sizes[pane]
                    self._collapsed.add(pane)
                splitter.setSizes(sizes)
        tree, note, side = splitter.sizes()
        if note >= NOTE_COMFORT:
            return
        need = NOTE_COMFORT - note
        for pane in (2, 0):  # narrow the side column first, then the tree
            sizes = splitter.sizes()
            give = min(need, max(sizes[pane] - PANEL_MIN, 0))
            sizes[pane] -= give
            sizes[1] += give
            need -= give
            splitter.setSizes(sizes)
        for pane in (2, 0):  # still too narrow: collapse them, side column first
            sizes = splitter.sizes()
            if sizes[1] >= NOTE_MIN_WIDTH + 40 or sizes[pane] == 0:
                continue
            sizes[1] += sizes[pane]
            sizes[pane] = 0
            self._collapsed.add(pane)
            splitter.setSizes(sizes)
