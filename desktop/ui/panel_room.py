"""Room for the note: the main splitter's panels give way in small windows and when the player opens, and
get their widths back when there is room again. The note itself never goes below a readable width.

A panel is closed for one of two reasons, kept apart: the window had no room for it (it opens again when there
is), or the reader closed it (View menu, dragged shut: it stays closed until the reader opens it). What is
remembered between runs is the reader's widths and choices (`PanelLayout`), never a width of 0 the room made."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from desktop.ui.panel_layout import (  # noqa: F401 (NOTE_MIN_WIDTH and the widths are read from here too)
    NOTE_COMFORT,
    NOTE_MIN_WIDTH,
    PANEL_MIN,
    PANEL_SHARED,
    PANEL_WIDTHS,
    PANES,
    PLAYER_PANELS,
    PanelLayout,
)


class PanelRoom(QObject):
    """Watches a tree | note | side-column splitter and keeps the note readable."""

    shown_changed = Signal(int, bool)  # a panel (0 the tree, 2 the side column) opened or closed, for any reason

    def __init__(self, splitter: QSplitter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.splitter = splitter
        self._hidden: set[int] = set()  # panes the reader closed: fit() never opens them
        self._wanted: list[int] | None = None  # the tree's and the side column's widths when there is room
        self._shown = {pane: True for pane in PANES}  # as last announced through shown_changed
        self._before_player: list[int] | None = None
        self._restore: list[int] | None = None  # the widths to give back once the player has closed
        self.tree_first = False  # the tree gives way first (the search panel, open, stands in for it)
        splitter.installEventFilter(self)
        splitter.splitterMoved.connect(self._dragged)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """The note column's room changed (the window, a dock opening or closing): fit the panels to it."""
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self.fit)  # after the splitter has shared out its new width
        return super().eventFilter(watched, event)

    def _dragged(self, _pos: int, handle: int) -> None:
        """The reader set the widths by hand: those are the ones to come back to; a panel dragged shut stays
        shut (until the reader opens it), and keeps its width for then."""
        sizes = self.splitter.sizes()
        wanted = self._wanted or list(PANEL_WIDTHS)
        for pane in PANES:
            if sizes[pane] > 0:
                wanted[pane // 2] = max(sizes[pane], PANEL_MIN)
                self._hidden.discard(pane)
            elif pane == (0 if handle == 1 else 2):  # the panel of the handle dragged: the reader shut it
                self._hidden.add(pane)
        self._wanted = wanted
        self._announce()

    # what the reader sees and chooses -------------------------------------------------------------------

    def is_shown(self, pane: int) -> bool:
        """Whether the panel has room on screen now."""
        return self.splitter.sizes()[pane] > 0

    def is_hidden(self, pane: int) -> bool:
        """Whether the reader closed the panel (it is not closed only for room)."""
        return pane in self._hidden

    def pane_of(self, widget: QWidget | None) -> int | None:
        """The splitter's pane (0, 1, 2) that holds `widget`, None when none does."""
        for pane in range(self.splitter.count()):
            holder = self.splitter.widget(pane)
            if widget is not None and (widget is holder or holder.isAncestorOf(widget)):
                return pane
        return None

    def set_shown(self, pane: int, shown: bool) -> None:
        """The reader opens (as `reveal`) or closes a panel; one closed this way stays closed until opened."""
        if shown:
            self.reveal(pane)
            return
        self._hidden.add(pane)
        sizes = self.splitter.sizes()
        if sizes[pane] > 0:
            sizes[1] += sizes[pane]
            sizes[pane] = 0
            self.splitter.setSizes(sizes)
        self.fit()  # the room it leaves: the other panel widens back to its width

    def layout(self) -> PanelLayout:
        """The widths and choices to keep for the next run (not the sizes of this window's moment)."""
        widths = self._wanted or [size if size >= PANEL_MIN else default
                                  for size, default in zip(self.splitter.sizes()[::2], PANEL_WIDTHS)]
        return PanelLayout((widths[0], widths[1]), frozenset(self._hidden))

    def restore(self, layout: PanelLayout) -> None:
        """Take the widths and choices of a last run; fit() then closes what this window has no room for."""
        self._wanted = list(layout.widths)
        self._hidden = set(layout.hidden)
        sizes = self.splitter.sizes()
        total = max(sum(sizes), 1)
        tree, side = (0 if pane in self._hidden else width for pane, width in zip(PANES, layout.widths))
        self.splitter.setSizes([tree, max(total - tree - side, NOTE_MIN_WIDTH), side])
        self._announce()

    def _announce(self) -> None:
        """Say which panels opened or closed since last said (for the View menu's check marks)."""
        sizes = self.splitter.sizes()
        for pane in PANES:
            shown = sizes[pane] > 0
            if shown != self._shown[pane]:
                self._shown[pane] = shown
                self.shown_changed.emit(pane, shown)

    def reveal(self, pane: int, keep_note: bool = False) -> bool:
        """Open the tree (`pane` 0) or the side column (2) when the reader asks for it (by keyboard, the View
        menu) while it is closed (by the reader, or for room): at its width, taken from the note down to
        NOTE_MIN_WIDTH, then from the other panel down to PANEL_MIN; when that leaves it under PANEL_MIN, the
        other panel closes (for room: it comes back when there is). False when even that leaves no PANEL_MIN
        (a sliver helps no one: the panel opens when the window has room, or the caller makes some).

        `keep_note` (F6 passing through): the other panel gives first, then closes, so that the note keeps its
        width (its lines, and the reader's place in it, stay); the note gives only when both panels were shut."""
        self._hidden.discard(pane)
        sizes = self.splitter.sizes()
        if sizes[pane] == 0:
            width = self._wanted[pane // 2] if self._wanted is not None else PANEL_WIDTHS[pane // 2]
            other = 2 - pane
            if keep_note:
                from_other = min(width, max(sizes[other] - PANEL_MIN, 0))
                if from_other < PANEL_MIN:  # no room for both: the panels take turns beside the note
                    from_other = sizes[other]
                from_note = 0 if from_other >= PANEL_MIN else min(width, max(sizes[1] - NOTE_MIN_WIDTH, 0))
            else:
                from_note = min(width, max(sizes[1] - NOTE_MIN_WIDTH, 0))
                from_other = min(width - from_note, max(sizes[other] - PANEL_MIN, 0))
                if from_note + from_other < PANEL_MIN:  # no room for both: the other panel makes way
                    from_other = sizes[other]
                    from_note = max(min(width - from_other, sizes[1] - NOTE_MIN_WIDTH), from_note)
            if from_note + from_other >= PANEL_MIN:
                sizes[pane] = from_note + from_other
                sizes[1] -= from_note
                sizes[other] -= from_other
                self.splitter.setSizes(sizes)
        self._announce()
        return self.splitter.sizes()[pane] > 0

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
        """Fit the panels to the room (`_fit`) and say which opened or closed."""
        self._fit()
        self._announce()

    def _fit(self) -> None:
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
        for pane in reversed(self._closing_order()):  # room again: reopen what had none, the last closed first
            width = PANEL_WIDTHS[pane // 2]
            sizes = splitter.sizes()
            room = total - sum(sizes[i] for i in (0, 2) if i != pane) - NOTE_COMFORT
            if sizes[pane] == 0 and pane not in self._hidden and room >= PANEL_MIN:
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
                splitter.setSizes(sizes)
        tree, note, side = splitter.sizes()
        if note >= NOTE_COMFORT:
            return
        need = NOTE_COMFORT - note
        for pane in (0, 2) if self.tree_first else (2, 0):  # narrow the side column first (the tree, if the
            # search stands in for it), then the other
            sizes = splitter.sizes()
            give = min(need, max(sizes[pane] - PANEL_MIN, 0))
            sizes[pane] -= give
            sizes[1] += give
            need -= give
            splitter.setSizes(sizes)
        tree, _note, side = splitter.sizes()
        squeezed = (0 < tree < PANEL_SHARED and 0 < side < PANEL_SHARED) or \
            (self.tree_first and 0 < tree < PANEL_SHARED and side > 0)  # the search stands in for the tree
        if squeezed:  # one closes, the other widens
            closing = self._closing_order()[0]
            other = 2 - closing
            sizes = splitter.sizes()
            freed, sizes[closing] = sizes[closing], 0
            grow = min(freed, max(self._wanted[other // 2] - sizes[other], 0))
            sizes[other] += grow
            sizes[1] += freed - grow
            splitter.setSizes(sizes)
        for pane in self._closing_order():  # still too narrow: collapse them
            sizes = splitter.sizes()
            if sizes[1] >= NOTE_MIN_WIDTH + 40 or sizes[pane] == 0:
                continue
            sizes[1] += sizes[pane]
            sizes[pane] = 0
            splitter.setSizes(sizes)

    def _closing_order(self) -> tuple[int, int]:
        """The side column closes for room before the tree, unless the keyboard is in it, or the search panel is
        open (`tree_first`: it stands in for the tree): the panel the reader is in stays on screen longest (the
        keyboard is never left in a panel out of sight if one can stay)."""
        focused = self.pane_of(QApplication.focusWidget())
        return (0, 2) if focused == 2 or (self.tree_first and focused != 0) else (2, 0)
