"""Find in the page on screen (Ctrl+F): a bar under the note, as in a browser.

The bar only asks the note view (`find_in_page`, `mark_matches`); each view finds in its own way (Chromium's
find, the text document's). Enter finds the next match, Shift+Enter the one before, Escape closes the bar and
gives the focus back to the note; the bar says which match is current and how many the page has.

The bar stays open as the reader moves to another page (a link, Back, the tree) and finds its words in that
page too, as they arrive: its count and marks are never those of the page before. The reader is left where the
page put them (its top, an anchor, the place Back returns to); Enter then goes to the first match. A page that
comes with a search highlight (a search result opened, Back to one) keeps it: the page has one find, and the
highlight is what the reader asked that page for; the bar then counts nothing until Enter finds again.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


AGAIN_MS = 250  # a find that found nothing is asked again after this (`FindBar._answer_to`),
AGAIN_TIMES = 4  # up to this many times: a second after the words were typed, "No matches" is the page's


@dataclass(frozen=True, slots=True)
class Matches:
    """What a find in the page found: the current match (1 for the first; 0: none current) of `count`;
    `more`: the view counted no further than `count`."""

    current: int
    count: int
    more: bool = False

    def words(self) -> str:
        """What the bar says: "3 of 12", "12 matches", "No matches"."""
        if self.count == 0:
            return "No matches"
        count = f"{self.count}+" if self.more else str(self.count)
        if self.current:
            return f"{self.current} of {count}"
        return f"{count} match" if count == "1" else f"{count} matches"


class FindBar(QWidget):
    """A field that finds its text in `view` as it is typed; hidden until `open_bar`. `finding` before each find:
    the page may scroll to a match under a resting mouse."""

    finding = Signal()

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._asked = 0  # finds asked so far: an answer to an older one is not shown
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
        self._asked += 1
        self.view.find_in_page("", False, lambda _matches: None)
        self.status.clear()

    def find(self, backward: bool = False) -> None:
        text = self.field.text()
        self.finding.emit()
        self.view.find_in_page(text, backward, self._answer_to(text))

    def page_changed(self, highlighted: bool = False) -> None:
        """The view shows another page (or the same one loaded again): find the bar's words in it, the reader
        left where they are; `highlighted`: the page shows a search highlight (also: a search result marked
        in the page on screen), which stays (the bar counts nothing until Enter finds again)."""
        if not self.isVisible() or not self.field.text():
            return
        self._asked += 1
        if highlighted:
            self.status.clear()
            return
        self.finding.emit()
        self.view.mark_matches(self.field.text(), self._answer_to(self.field.text()))

    def _answer_to(self, text: str, again: int = AGAIN_TIMES):
        """The slot the view answers a find of `text` through: shown unless another find was asked since. No
        match for words typed is asked again (`again` times more, a moment apart): Chromium answered a find made
        while the page was shown again in place with none ("No matches" for words on the page, in 1 run in 10
        under load, and in 2 of 3 runs of the whole suite in a fresh clone)."""
        self._asked += 1
        asked = self._asked

        def answer(matches: Matches) -> None:
            if asked != self._asked:
                return
            if text and not matches.count and again:
                QTimer.singleShot(AGAIN_MS, lambda: self._ask_again(asked, text, again - 1))
            self.status.setText(matches.words() if text else "")

        return answer

    def _ask_again(self, asked: int, text: str, again: int) -> None:
        """Count the matches of `text` again, as on a page just shown (`mark_matches`: none current, Enter goes to
        the first). The find that answered none may have found its matches after all (Chromium answers a find with
        none when another was asked before it was done: each letter typed asks one), and the same words found
        again would go on to a next match it never showed ("2 of 3" for words just typed, 1 run in 10)."""
        if asked == self._asked and self.isVisible() and self.field.text() == text:
            self.view.mark_matches(text, self._answer_to(text, again))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_bar()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.find(backward=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        else:
            super().keyPressEvent(event)
