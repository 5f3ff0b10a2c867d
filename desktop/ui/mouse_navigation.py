"""Mouse back/forward buttons anywhere in the window move through the session's history, as in a browser."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget

from desktop.ui.session import VaultSession


class MouseNavigation(QObject):
    """Mouse back/forward buttons anywhere in the window move through history, as in a browser.

    Installed on each widget rather than on the application: an application-wide Python filter sees every
    event of Chromium's internals too (slow, and it crashed QtWebEngine here).
    """

    def __init__(self, session: VaultSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session

    def watch(self, widget: QWidget) -> None:
        for child in [widget, *widget.findChildren(QWidget)]:
            child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.ChildAdded and isinstance(event.child(), QWidget):
            self.watch(event.child())  # e.g. the web view's render widget, created on first load
        elif kind == QEvent.Type.MouseButtonPress:
            if event.button() == Qt.MouseButton.BackButton:
                self.session.back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.session.forward()
                return True
        return False
