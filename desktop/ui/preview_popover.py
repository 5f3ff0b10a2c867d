"""Hover previews: resting on a link for a moment shows a small popover saying what it leads to.

`LinkPreviews.hover(url)` is fed by whatever reports hovered links (the note view, the backlinks, the search
results); the text comes from `render.previews.preview_for`, computed on a worker (a note's first paragraph is
read from its file). The popover is a tool-tip window: it never takes focus; Escape, leaving the link, another
page, the keyboard focus moving or another application hides it, and it is placed inside the screen at any
window edge. A link that comes under a pointer that has not moved (the page scrolled or changed by keyboard) is
not a hover: no popover pops up at the mouse then.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from desktop.render.previews import Preview, preview_for
from desktop.ui.runner import BackgroundJob, background

PREVIEW_DELAY_MS = 300  # resting this long on a link shows its preview
POPOVER_WIDTH = 380
CURSOR_GAP = 16  # px between the cursor and the popover
FAR_PX = 150  # px the pointer goes from where a popover showed before it goes


def popover_place(size: QSize, cursor: QPoint, screen: QRect) -> QPoint:
    """Where the popover goes: above and right of the cursor (a link's own tool tip shows below it, and the line
    read stays in sight); below it or left of it when that would leave the screen; never outside `screen` (the
    available geometry of the cursor's screen)."""
    x, y = cursor.x() + CURSOR_GAP, cursor.y() - CURSOR_GAP - size.height()
    if x + size.width() > screen.right() + 1:
        x = cursor.x() - CURSOR_GAP - size.width()
    if y < screen.top():
        y = cursor.y() + CURSOR_GAP
    x = min(max(x, screen.left()), max(screen.right() + 1 - size.width(), screen.left()))
    y = min(max(y, screen.top()), max(screen.bottom() + 1 - size.height(), screen.top()))
    return QPoint(x, y)


class PreviewPopover(QFrame):
    """The popover itself: a title, a kind line and a few lines of plain text; thin on purpose."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # input goes through it to what lies under it (QA: it took the click meant for the backlink below)
        super().__init__(parent, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowTransparentForInput)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("previewPopover")
        self.setFrameShape(QFrame.Shape.Box)
        self.setAccessibleName("Link preview")
        self.label = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)
        self.label.setFixedWidth(POPOVER_WIDTH - 20)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.label)
        self.preview: Preview | None = None
        self.shown_at = QPoint()  # the pointer when it was shown

    def show_preview(self, preview: Preview, cursor: QPoint) -> None:
        self.preview, self.shown_at = preview, cursor
        dim = self.palette().placeholderText().color().name()
        lines = "".join(f"<p style='margin:4px 0 0 0'>{html.escape(line)}</p>" for line in preview.lines)
        self.label.setText(f"<b>{html.escape(preview.title)}</b><br>"
                           f"<span style='color:{dim}'>{html.escape(preview.kind)}</span>{lines}")
        self.adjustSize()
        screen = QGuiApplication.screenAt(cursor) or QGuiApplication.primaryScreen()
        self.move(popover_place(self.sizeHint(), cursor, screen.availableGeometry()))
        self.show()

    def text(self) -> str:
        """What the popover says, as plain text (for tests and the accessibility tree)."""
        if self.preview is None:
            return ""
        return "\n".join([self.preview.title, self.preview.kind, *self.preview.lines])


class LinkPreviews(QObject):
    """Turns hovered links into popovers after a rest of `PREVIEW_DELAY_MS`; `preview_shown(Preview)` then."""

    preview_shown = Signal(object)  # Preview
    preview_hidden = Signal()

    def __init__(self, context: Callable[[], tuple], parent: QWidget) -> None:
        """`context()` gives (index, videos, the note on screen completed for showing, or
        None) at the moment a preview is asked."""
        super().__init__(parent)
        self.context = context
        self.popover = PreviewPopover(parent)
        self.url = ""
        self._origin: object = None  # what reported `url`
        self._still_at: tuple[object, QPoint] | None = None  # (origin, pointer) when origin moved under it
        self._job: BackgroundJob | None = None
        self.timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self._rested)
        # Escape hides it: a window shortcut, live only while the popover shows (no application-wide event filter:
        # a Python one sees QtWebEngine's internal events and crashes the app)
        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), parent, context=Qt.ShortcutContext.WindowShortcut)
        self.escape.setEnabled(False)
        self.escape.activated.connect(self.dismiss)
        QGuiApplication.instance().applicationStateChanged.connect(self._application_state)
        # the focus widgets (QApplication.focusChanged), not focus objects: those may be the web engine's
        # internal objects, and a Python slot handed one crashed the app
        QApplication.instance().focusChanged.connect(self._focus_moved)
        parent.installEventFilter(self)  # the window moved or resized: the popover would float apart from it

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize) and shiboken6.isValid(self) \
                and self.popover.isVisible():
            self.dismiss()
        return super().eventFilter(watched, event)

    def hover(self, url: str, origin: object = None) -> None:
        """The link under the cursor in `origin` (a view, a panel) is now `url` ("" for none): restart the wait, or
        hide. An "" from another origin than the last link's is stale and ignored: the web engine reports leaving
        a link asynchronously, possibly after the mouse has reached a row of the backlinks."""
        if url == self.url or (not url and origin is not self._origin):
            return
        self.url, self._origin = url, origin
        self.hide()
        if self._still_at is not None and QCursor.pos() != self._still_at[1]:
            self._still_at = None  # the mouse moved: hovers are the user's again
        if url and (self._still_at is None or self._still_at[0] is not origin):
            self.timer.start()

    def dismiss(self) -> None:
        """Hide the popover and forget the link (the page changed, Escape, a click, the focus moved)."""
        self.url = ""
        self.hide()

    def hold_still(self, origin: object) -> None:
        """`origin` (the note view) is about to move under the pointer by itself (another page, a stamp chosen
        by keyboard): hide the popover, and until the mouse moves, a link it brings under the pointer is no
        hover (no popover pops up at the mouse, far from what the keyboard chose)."""
        self.dismiss()
        self._still_at = (origin, QCursor.pos())

    def pointer_moved(self) -> None:
        """The mouse moved over a view: a link that came under it while it was still (and so showed nothing)
        is the user's hover now; Chromium reports no new hover while the pointer stays on the same link. A
        popover the pointer went far from goes (one a link focused by keyboard showed: QA found it stayed)."""
        if self.popover.isVisible() and (QCursor.pos() - self.popover.shown_at).manhattanLength() > FAR_PX:
            self.dismiss()
        if self._still_at is None or QCursor.pos() == self._still_at[1]:
            return
        origin, self._still_at = self._still_at[0], None
        if self.url and self._origin is origin and not self.popover.isVisible() and not self.timer.isActive() \
                and self._job is None:
            self.timer.start()

    def hide(self) -> None:
        self.timer.stop()
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.escape.setEnabled(False)
        if self.popover.isVisible():
            self.popover.hide()
            self.preview_hidden.emit()

    def _rested(self) -> None:
        url = self.url
        index, videos, current_note = self.context()
        if index is None:
            return
        self._job = (background(lambda: preview_for(url, index, videos, current_note), name="link preview")
                     .success(lambda preview: self._answer(url, preview)).start())

    def _answer(self, url: str, preview: Preview | None) -> None:
        self._job = None
        if preview is None or url != self.url or not shiboken6.isValid(self.popover):
            return
        self.popover.show_preview(preview, QCursor.pos())
        self.escape.setEnabled(True)
        self.preview_shown.emit(preview)

    def _focus_moved(self, _old: QWidget | None, _new: QWidget | None) -> None:
        """The keyboard focus moved (F6, a panel's row chosen by keyboard, a click): the popover goes with it."""
        if shiboken6.isValid(self) and (self.popover.isVisible() or self.timer.isActive() or self._job is not None):
            self.dismiss()

    def _application_state(self, state: Qt.ApplicationState) -> None:
        """Another application took the focus: the popover goes."""
        if state != Qt.ApplicationState.ApplicationActive and shiboken6.isValid(self):
            self.dismiss()
