"""A cap on how deep quotes and lists nest, so a hostile note cannot make Python-Markdown recurse too deep.

Python-Markdown parses each nested list level (and each embedded note) a few stack frames deeper: 5,000
levels of `- - - …` or of indented list items raise RecursionError. This preprocessor keeps the first
`MAX_NESTING` container markers (`>`, `-`, `*`, `+`, `1.`) at the start of each line and at most
`MAX_INDENT` columns of indentation, and tells the renderer it did, so the page can say so.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

MAX_NESTING = 24
MAX_INDENT = 4 * MAX_NESTING  # columns: 4 per list level
NOTICE = f"Quotes and lists nested deeper than {MAX_NESTING} levels are shown flattened."

# One container marker with the spaces before it: a quote `>` (a space after it is part of the marker),
# or a list bullet/number followed by a space or the end of the line.
_MARKER = re.compile(r"(?P<indent>[ ]*)(?P<marker>>[ ]?|(?:[-*+]|\d{1,9}[.)])(?:[ ]|$))")
_LEADING = " >-*+0123456789.)"


def cap_line(line: str) -> str | None:
    """The line with its container prefix cut to MAX_NESTING markers and MAX_INDENT columns, or None if fine."""
    if len(line) - len(line.lstrip(_LEADING)) <= MAX_NESTING:
        return None  # the common case: too short a prefix to be too deep
    kept: list[str] = []
    width = depth = pos = 0
    changed = False
    while (m := _MARKER.match(line, pos)) is not None:
        pos = m.end()
        marker = m.group("marker")
        if depth >= MAX_NESTING or width + len(marker) > MAX_INDENT:
            changed = True  # drop the marker (and its spaces): one level less
            continue
        indent = min(len(m.group("indent")), MAX_INDENT - width - len(marker))
        changed |= indent != len(m.group("indent"))
        kept.append(" " * indent + marker)
        width += indent + len(marker)
        depth += 1
    rest = line[pos:]
    spaces = len(rest) - len(rest.lstrip(" "))
    allowed = max(0, MAX_INDENT - width)
    if spaces > allowed:
        rest = " " * allowed + rest[spaces:]
        changed = True
    return "".join(kept) + rest if changed else None


class NestingCapPreprocessor(Preprocessor):
    """Flatten lines nested too deep; set `md.nesting_capped` when it did."""

    def run(self, lines: list[str]) -> list[str]:
        capped = False
        for i, line in enumerate(lines):
            if line and line[0] in _LEADING:
                new = cap_line(line)
                if new is not None:
                    lines[i] = new
                    capped = True
        self.md.nesting_capped = capped
        return lines


class NestingCapExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.nesting_capped = False
        md.registerExtension(self)
        # After whitespace normalization (30: tabs expanded), before raw HTML (20) and fenced code (25).
        md.preprocessors.register(NestingCapPreprocessor(md), "nesting_cap", 29)

def makeExtension(**kwargs):
    return NestingCapExtension(**kwargs)


# Raw HTML containers nested deeper than this are flattened before the sanitizer: nh3's HTML parser checks
# the whole stack of open elements at each block container's start tag (is a `<p>` open in it?), so 32,000
# nested `<div>`s took 1.5 s, growing with the square of the depth. Chromium's own parser stops nesting at
# 512 elements, so a page never showed them deeper than that anyway.
MAX_HTML_DEPTH = 512
HTML_NOTICE = f"HTML nested deeper than {MAX_HTML_DEPTH} levels is shown flattened."
_CONTAINERS = ("address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset|figcaption|figure|"
               "footer|header|hgroup|main|menu|nav|ol|section|summary|ul")
_CONTAINER_START_RE = re.compile(rf"<(?:{_CONTAINERS})\b", re.IGNORECASE)
_CONTAINER_TAG_RE = re.compile(rf"<(/?)({_CONTAINERS})\b[^>]*>", re.IGNORECASE)


def cap_html_depth(html: str, limit: int = MAX_HTML_DEPTH) -> tuple[str, bool]:
    """`html` with the start tags of block containers nested past `limit` (and their end tags) left out, and
    whether any were: what is inside them stays, at the deepest level kept."""
    starts = _CONTAINER_START_RE.findall(html, 0, len(html)) if html.count("<") > limit else ()
    if len(starts) <= limit:
        return html, False  # the common case: too few containers to be too deep
    pieces: list[str] = []
    dropped: list[bool] = []  # per open container: whether its start tag was left out
    depth = last = 0
    for m in _CONTAINER_TAG_RE.finditer(html):
        if m.group(1):  # an end tag: closes the innermost open container, if any
            if not dropped:
                continue
            drop = dropped.pop()
            depth -= not drop
        else:
            drop = depth >= limit
            dropped.append(drop)
            depth += not drop
        if drop:
            pieces.append(html[last:m.start()])
            last = m.end()
    if not pieces:
        return html, False
    pieces.append(html[last:])
    return "".join(pieces), True
