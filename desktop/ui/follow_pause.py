"""Scrolling the note by hand pauses Follow Video for a moment, as media players do: the reader's place wins
over the playing video's until they have stopped scrolling for `PAUSE_MS`."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

PAUSE_MS = 4000


class FollowPause(QObject):
    """`paused` while the reader scrolled the note by hand (the wheel, a scrolling key: `scrolled`, fed by the
    view's `ViewInput`) less than `PAUSE_MS` ago."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True, interval=PAUSE_MS)

    @property
    def paused(self) -> bool:
        return self.timer.isActive()

    def scrolled(self) -> None:
        self.timer.start()  # (again): the pause runs from the last scroll
