"""Scrolling the note by hand pauses Follow Video for a moment, as media players do: the reader's place wins
over the playing video's until they have stopped scrolling for `PAUSE_MS`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer

from desktop.ui.subtree_filter import SubtreeFilter

PAUSE_MS = 4000
SCROLL_KEYS = frozenset({Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home,
                         Qt.Key.Key_End, Qt.Key.Key_Space})


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
        kind = event.type()
        if kind == QEvent.Type.Wheel or (kind == QEvent.Type.KeyPress and event.key() in SCROLL_KEYS
                                         and not event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.timer.start()  # (again): the pause runs from the last scroll
        return False
