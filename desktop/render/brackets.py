"""Python-Markdown's link patterns reading `[…]` and `(…)` in time linear in the text, not quadratic.

Python-Markdown (3.x) reads a link's text by walking from its `[` to the `]` that balances it, one character at
a time, and its destination the same way from `(` to the balancing `)`. Every `[` of a paragraph is a candidate
(for the link, image and three reference patterns), and a `[` that never closes is walked to the paragraph's
end: a note of 8,000 unclosed `[[` took 23 s to render, a 160 KB one of brackets more than five minutes.

`ClosingBrackets` answers where each `[` closes from one left-to-right pass over a text, shared by every
question on that text: the same answers as Python-Markdown's walk, each character read once. A destination is
read within its first `MAX_DESTINATION` characters: one that does not close by then is no link (the text stays
text), where Python-Markdown went on to the paragraph's end for each `(` — the core's link parser stops within
bounds the same way (`core/links.py`).
"""

from __future__ import annotations

import re

# The longest `(…)` of a link read (its URL and title): past it the `(` is text. The longest of the public
# vault's notes is some 300 characters (a search URL). A destination with a quote or a nested `(` is walked to
# this bound by each `[…](` of a paragraph: it keeps that walk short.
MAX_DESTINATION = 512

_BRACKET_RE = re.compile(r"[\[\]]")


class ClosingBrackets:
    """Where the `]` balancing a `[` of a text is, the text read once from the first `[` asked about.

    A `[` closes where Python-Markdown's `getText` says: at the first `]` after it that brings the count of
    `[` opened since back to zero, which is the `]` a stack of open brackets pops it at. The answers hold for
    one text (held here, so it is not another text at the same address); a new text starts a new pass.
    `steps` counts the brackets read over the pass's lifetime (for tests: bounded by the text's size).
    """

    def __init__(self) -> None:
        self.data: str | None = None
        self.start = 0  # the first position read: a `[` before it is not asked about this pass
        self.pos = 0  # read up to here
        self.open: list[int] = []  # `[` read and not closed yet
        self.closes: dict[int, int] = {}  # `[` position -> its `]`
        self.steps = 0

    def close_of(self, data: str, open_pos: int) -> int | None:
        """The position of the `]` balancing the `[` at `open_pos` of `data`, or None when none does."""
        if data is not self.data or open_pos < self.start:
            self.data, self.start, self.pos = data, open_pos, open_pos
            self.open, self.closes = [], {}
        close = self.closes.get(open_pos)
        if close is not None or self.pos >= len(data):
            return close
        if open_pos >= self.pos and not self.open:
            # Nothing open before it: what lies between closes nothing, and is not read (a `[` there is asked
            # about in a new pass).
            self.start = self.pos = open_pos
        stack, closes = self.open, self.closes
        for m in _BRACKET_RE.finditer(data, self.pos):
            self.steps += 1
            at = m.start()
            if data[at] == "[":
                stack.append(at)
            elif stack:
                opened = stack.pop()
                closes[opened] = at
                if opened == open_pos:
                    self.pos = at + 1
                    return at
        self.pos = len(data)
        return None


class BoundedLinkReading:
    """For a subclass of Python-Markdown's `LinkInlineProcessor` (and the image and reference patterns built on
    it): its `getText` through `ClosingBrackets`, its `getLink` within `MAX_DESTINATION` characters."""

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        if index < 1 or data[index - 1] != "[":  # every pattern's match ends with its `[`; else as Markdown reads it
            return super().getText(data, index)
        brackets = self.__dict__.get("_closing_brackets")
        if brackets is None:
            brackets = self._closing_brackets = ClosingBrackets()
        close = brackets.close_of(data, index - 1)
        if close is None:
            return data[index:], len(data), False
        return data[index:close], close + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        close = data.find(")", index, index + MAX_DESTINATION)
        if close < 0:  # nothing closes it within the bound (nothing at all: what Markdown answers too)
            return "", None, index, False
        first = data[index:close + 1]
        if first.count("(") == 1 and not any(char in first for char in "\"'<"):
            # Most links: no title, `<…>` or nested `(` — the walk ends at the first `)`, read alone.
            href, title, end, handled = super().getLink(first, 0)
            return href, title, index + end, handled
        if len(data) - index <= MAX_DESTINATION:
            return super().getLink(data, index)
        # Python-Markdown's reading of the destination's first characters only; it reads nothing before `index`.
        window = data[index:index + MAX_DESTINATION]
        href, title, end, handled = super().getLink(window, 0)
        if not handled or end >= len(window):  # not closed within the window: no link
            return "", None, index, False
        return href, title, index + end, True
