"""The main window's panel widths, and what of them is kept between runs (no Qt widgets: the settings read it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QByteArray, QDataStream, QIODevice

NOTE_MIN_WIDTH = 400  # px: below this a note's lines and title break badly; panels give way first
NOTE_COMFORT = 520  # px: panels narrow before the note goes under this
PANEL_MIN = 150  # px: the narrowest a side panel gets before it collapses
# px: two panels both narrower than this serve no one (QA at 1280×800 with the search open: tree rows all read
# "Potentia…", backlinks a word a line): one closes for room, the other gets its width back
PANEL_SHARED = 200
PANEL_WIDTHS = (300, 320)  # the tree's and the side column's widths when there is room
PLAYER_PANELS = (220, 260)  # the tree's and the side column's widths at most while the player is open
PANES = (0, 2)  # the splitter's panels: the tree (0) and the side column (2); the note (1) is always there
MAX_PANEL = 4000  # px: a remembered width past any screen is a damaged setting, not a choice
_SPLITTER_MARKER = 0xFF  # QSplitter::saveState's first int (its version follows, then the list of sizes)


@dataclass(frozen=True)
class PanelLayout:
    """What is kept between runs: each panel's width when there is room, and the panels the reader closed."""

    widths: tuple[int, int] = PANEL_WIDTHS
    hidden: frozenset[int] = field(default_factory=frozenset)

    def to_json(self) -> dict:
        return {"tree": self.widths[0], "side": self.widths[1],
                "hidden": [name for pane, name in zip(PANES, ("tree", "side")) if pane in self.hidden]}

    @classmethod
    def from_json(cls, value: object) -> PanelLayout | None:
        """The layout kept in `value`, None when it is not one (a width out of range falls back to its default)."""
        if not isinstance(value, dict):
            return None
        widths = tuple(width if isinstance(width, int) and not isinstance(width, bool)
                       and PANEL_MIN <= width <= MAX_PANEL else default
                       for width, default in ((value.get("tree"), PANEL_WIDTHS[0]),
                                              (value.get("side"), PANEL_WIDTHS[1])))
        names = value.get("hidden")
        hidden = frozenset(pane for pane, name in zip(PANES, ("tree", "side"))
                           if isinstance(names, list) and name in names)
        return cls(widths, hidden)  # type: ignore[arg-type]


def from_splitter_state(state: QByteArray) -> PanelLayout | None:
    """The layout in an older version's `QSplitter.saveState()` of the tree | note | side column splitter: its
    widths as saved, a width under PANEL_MIN (a 0 the window's room made) read as the default, nothing hidden."""
    stream = QDataStream(state, QIODevice.OpenModeFlag.ReadOnly)
    if stream.readInt32() != _SPLITTER_MARKER or stream.readInt32() != 1:
        return None
    count = stream.readInt32()
    sizes = [stream.readInt32() for _ in range(max(count, 0))] if 0 < count <= 16 else []
    if stream.status() != QDataStream.Status.Ok or len(sizes) != 3:
        return None
    return PanelLayout.from_json({"tree": sizes[0], "side": sizes[2]})
