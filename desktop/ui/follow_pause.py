"""Scrolling the note by hand pauses Follow Video for a moment, as media players do: the reader's place wins
over the playing video's until they have stopped scrolling for `PAUSE_MS`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer

from desktop.ui.view_input import is_scroll_key
from desktop.ui.subtree_filter import SubtreeFilter

PAUSE_MS = 4000


class FollowPause(SubtreeFilter):
    """Watches a view (and the widgets it makes later, such as Chromium's render widget) for the wheel and the
    scrolling keys; `paused` while the reader scrolled less than `PAUSE_MS` ago."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True, interval=PAUSE_MS)

    @property
    def paused(self) -> bool:
        return self.timer.isActive()

    def handle(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel or is_scroll_key(event):
            self.timer.start()  # (again): the pause runs from the last scroll
        return False
