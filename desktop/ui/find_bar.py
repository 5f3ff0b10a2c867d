"""Find in the page on screen (Ctrl+F): a bar under the note, as in a browser.

The bar only asks the note view (`find_in_page`); each view finds in its own way (Chromium's find, the text
document's). Enter finds the next match, Shift+Enter the one before, Escape closes the bar and gives the
focus back to the note.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    """A field that finds its text in `view` as it is typed; hidden until `open_bar`."""

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setAccessibleName("Find in page")
        self.field = QLineEdit(self, placeholderText="Find in page", clearButtonEnabled=True,
                               accessibleName="Find in page")
        self.status = QLabel(self)
        previous = QToolButton(self, text="▲", toolTip="Previous match (Shift+Enter)", autoRaise=True)
        following = QToolButton(self, text="▼", toolTip="Next match (Enter)", autoRaise=True)
        close = QToolButton(self, text="✕", toolTip="Close (Escape)", autoRaise=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.status)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self.field.textChanged.connect(lambda _text: self.find())
        previous.clicked.connect(lambda: self.find(backward=True))
        following.clicked.connect(lambda: self.find())
        close.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        """Show the bar with its text selected, the cursor in it (Ctrl+F again: the same)."""
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        if self.field.text():
            self.find()

    def close_bar(self) -> None:
        """Hide the bar, clear the matches' highlight and give the focus back to the note."""
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)  # first: hiding the focused field would hand the
        self.hide()                                           # focus to the next pane (the stamps, scrolling the note)
        self.view.find_in_page("", False, lambda _found: None)
        self.status.clear()

    def find(self, backward: bool = False) -> None:
        text = self.field.text()
        self.view.find_in_page(text, backward, self._found if text else lambda _found: self.status.clear())

    def _found(self, found: bool) -> None:
        self.status.setText("" if found else "No matches")

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_bar()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.find(backward=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        else:
            super().keyPressEvent(event)
