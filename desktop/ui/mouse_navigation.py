"""Mouse back/forward buttons anywhere in the window move through the session's history, as in a browser."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt

from desktop.ui.subtree_filter import SubtreeFilter

from desktop.ui.session import VaultSession


class MouseNavigation(SubtreeFilter):
    """Mouse back/forward buttons anywhere in the window move through history, as in a browser."""

    def __init__(self, session: VaultSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session

    def handle(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            if event.button() == Qt.MouseButton.BackButton:
                self.session.back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.session.forward()
                return True
        return False
