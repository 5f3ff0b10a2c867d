"""What the reader's hands do over the note, for its hover previews and Follow Video: a key that scrolls it
(PageDown, Space, the arrows, Home, End), seen before the note scrolls (the page then moves under a pointer that
has not moved, and a link it brings there is no hover of the user's), the wheel, and the mouse moving over it.
One event filter for them all: it sees every event of Chromium's widgets."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal

from desktop.ui.subtree_filter import SubtreeFilter

SCROLL_KEYS = frozenset({Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home,
                         Qt.Key.Key_End, Qt.Key.Key_Space})


def is_scroll_key(event: QEvent) -> bool:
    """A key press that scrolls the page it reaches (Alt+arrows are Back/Forward, not a scroll)."""
    return (event.type() == QEvent.Type.KeyPress and event.key() in SCROLL_KEYS
            and not event.modifiers() & Qt.KeyboardModifier.AltModifier)


class ViewInput(SubtreeFilter):
    """Watches a view (and the widgets it makes later, such as Chromium's render widget): `scroll_key` when a
    scrolling key reaches it, before the view scrolls; `wheel` as it is scrolled with the wheel; `mouse_moved` as
    the mouse moves over it."""

    scroll_key = Signal()
    wheel = Signal()
    mouse_moved = Signal()
    pressed = Signal()  # a mouse button (a scroll bar's drag starts so)

    def handle(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            self.mouse_moved.emit()
        elif kind == QEvent.Type.MouseButtonPress:
            self.pressed.emit()
        elif kind == QEvent.Type.Wheel:
            self.wheel.emit()
        elif is_scroll_key(event):
            self.scroll_key.emit()
        return False
