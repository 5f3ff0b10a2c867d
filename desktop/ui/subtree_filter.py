"""An event filter on a widget and every widget it makes later (such as Chromium's render widget, created on a
page's first load): installed widget by widget, never on the application, whose Python filter would see every
event of Chromium's internals (slow, and it crashed QtWebEngine here)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class SubtreeFilter(QObject):
    """Subclasses say what an event means in `handle`; True swallows it."""

    def watch(self, widget: QWidget) -> None:
        for child in [widget, *widget.findChildren(QWidget)]:
            child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ChildAdded and isinstance(event.child(), QWidget):
            self.watch(event.child())
            return False
        return self.handle(event)

    def handle(self, event: QEvent) -> bool:
        return False
