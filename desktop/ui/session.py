"""The reading session: the one holder of the vault being read and of where the reader is in it.

Panels and views subscribe to `index_changed` and `location_changed` and read `session.index` /
`session.current` when told; none keeps its own copy, so a new index (stage two after stage one, a live
reload) replaces what they show without touching history, the current page or its place on screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.core.index import VaultIndex
from desktop.render.navigation import History, Location
from desktop.render.page_source import PageSource


class VaultSession(QObject):
    """Vault root, index, page source, current location and history, with a signal for each change."""

    index_changed = Signal(object)  # VaultIndex: the same vault read again, or another vault
    location_changed = Signal(object)  # Location: go, back, forward (a new anchor in the same page too)
    history_changed = Signal()
    message = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root: Path | None = None
        self.index: VaultIndex | None = None
        self.source: PageSource | None = None
        self.history = History()
        self.page_options = {"dark": False, "allow_remote": False, "font_size": 0}

    @property
    def current(self) -> Location | None:
        return self.history.current

    def set_index(self, root: Path, index: VaultIndex) -> None:
        """Install a new index. The same vault keeps history and the current page; another vault starts over."""
        other_vault = root != self.root
        self.root, self.index = root, index
        self.source = PageSource(index, **self.page_options)
        if other_vault and self.history.current is not None:
            self.history.clear()
            self.history_changed.emit()
        self.index_changed.emit(index)

    def configure_pages(self, *, dark: bool, allow_remote: bool, font_size: int) -> None:
        """New reading preferences for the pages rendered from now on."""
        self.page_options = {"dark": dark, "allow_remote": allow_remote, "font_size": font_size}
        if self.source is not None:
            self.source.configure(**self.page_options)

    def exists(self, location: Location) -> bool:
        if self.index is None:
            return False
        pages = self.index.notes if location.kind == "note" else self.index.topics
        return location.key in pages

    def go(self, location: Location) -> None:
        """Go to `location` and record it, unless the vault has no such page."""
        if not self.exists(location):
            self.message.emit(f"No such {location.kind}: {location.key}")
            return
        self.history.visit(location)
        self.history_changed.emit()
        self.location_changed.emit(location)

    def back(self) -> None:
        self._step(self.history.back)

    def forward(self) -> None:
        self._step(self.history.forward)

    def _step(self, move) -> None:
        location = move()
        if location is None:
            return
        self.history_changed.emit()
        if self.exists(location):
            self.location_changed.emit(location)
        else:  # removed from the vault since: say so, and stay on the entry (the next press moves on)
            self.message.emit(f"No longer in the vault: {location.key}")
