"""Fenced code inside callouts, quotes and list items, rendered as code blocks (highlighted like any other).

Python-Markdown's `fenced_code` only sees fences at the start of a line, so a fence written inside a callout
(`> ```css`) or a list item (`   ```sh`) became a paragraph with the code flattened into inline text. This
preprocessor finds such fences before `fenced_code` runs, strips their container prefix, has `fenced_code`
render and stash the code, and puts the placeholder back inside the same container.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# A fence opener after a container prefix: quote markers `>`, list markers `-`/`1.`, spaces.
# Possessive: each part has one reading, so a long prefix that ends in no fence fails in linear time.
_OPEN_RE = re.compile(
    r"(?P<prefix>(?:[ ]*+(?:>[ ]?+|(?:[-*+]|\d{1,9}[.)])[ ]++))*+[ ]*+)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)")
_QUOTE_RE = re.compile(r"[ ]{0,3}>[ ]?")
_LIST_ITEM_RE = re.compile(r"[ ]*(?:[-*+]|\d{1,9}[.)])(?:[ ]|$)")
_MARKER_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ ]")


class ContainerFencePreprocessor(Preprocessor):
    """Fences whose opener sits in a quote, a callout or a list item; top-level fences are left to
    `fenced_code` (and skipped whole, so a fence shown inside a code block stays text)."""

    def run(self, lines: list[str]) -> list[str]:
        fenced = self.md.preprocessors["fenced_code_block"] if "fenced_code_block" in self.md.preprocessors else None
        if fenced is None or not any("```" in line or "~~~" in line for line in lines):
            return lines
        out: list[str] = []
        in_list = False
        previous_blank = True
        i = 0
        while i < len(lines):
            line = lines[i]
            m = _OPEN_RE.fullmatch(line) if ("```" in line or "~~~" in line) else None
            if m and not (m["fence"][0] == "`" and "`" in m["info"]):
                prefix = m["prefix"]
                in_container = ">" in prefix or _MARKER_RE.search(prefix) is not None or (in_list and prefix)
                if in_container and len(prefix) - len(prefix.lstrip(" ")) <= 3 + 40 * in_list:
                    i = self._container_fence(lines, i, m, fenced, out)
                    previous_blank = False
                    continue
                if len(prefix) <= 3:  # a top-level fence: copy it whole, `fenced_code` renders it
                    end = _closing_line(lines, i + 1, m["fence"], lambda text: text)
                    out.extend(lines[i:end + 1])
                    i = end + 1
                    previous_blank = False
                    continue
            if not line.strip():
                previous_blank = True
            else:
                if _LIST_ITEM_RE.match(line):
                    in_list = True
                elif previous_blank and not line.startswith(" "):
                    in_list = False
                previous_blank = False
            out.append(line)
            i += 1
        return out

    def _container_fence(self, lines: list[str], i: int, m: re.Match[str], fenced, out: list[str]) -> int:
        """Render the fence opening at line i into `out`; the index of the first line after it."""
        prefix = m["prefix"]
        quotes = prefix.count(">")
        last_quote = prefix.rfind(">")
        quote_part = ""
        if last_quote >= 0:
            quote_part = prefix[:last_quote + 1] + (" " if prefix[last_quote + 1:last_quote + 2] == " " else "")
        inner = prefix[len(quote_part):]
        indent = len(inner)

        def content(text: str) -> str | None:
            """The line inside the container, or None when the container has ended."""
            for _ in range(quotes):
                q = _QUOTE_RE.match(text)
                if q is None:
                    return None
                text = text[q.end():]
            spaces = len(text) - len(text.lstrip(" "))
            if text.strip() and spaces < indent and not quotes:
                return None  # a line less indented than the item: the list item (and the fence) ended
            return text[min(spaces, indent):]

        end = _closing_line(lines, i + 1, m["fence"], content)
        body = [content(line) or "" for line in lines[i + 1:end]]
        closed = end < len(lines) and content(lines[end]) is not None
        stashed = [line for line in fenced.run([m["fence"] + m["info"], *body, m["fence"]]) if line.strip()]
        after = end + 1 if closed else end
        blank_quote = quote_part.rstrip()
        if quotes and not _MARKER_RE.search(inner):
            # A block of its own inside the quote, not the end or the start of a paragraph.
            out.append(blank_quote)
            out.extend(prefix + line for line in stashed)
            if after < len(lines) and (content(lines[after]) or "").strip():
                out.append(blank_quote)
        else:
            out.extend(prefix + line for line in stashed)
        return after


def _closing_line(lines: list[str], start: int, fence: str, content) -> int:
    """The index of the line closing `fence` from `start` (seen through `content`), or of the first line
    outside its container, or len(lines)."""
    for j in range(start, len(lines)):
        text = content(lines[j])
        if text is None:
            return j
        rest = text.strip()
        spaces = len(text) - len(text.lstrip(" "))
        if spaces <= 3 and len(rest) >= len(fence) and rest[0] == fence[0] and rest.strip(fence[0]) == "":
            return j
    return len(lines)


class ContainerFenceExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace normalization (30) and the nesting cap (29), before `fenced_code` (25).
        md.preprocessors.register(ContainerFencePreprocessor(md), "container_fences", 26)


def makeExtension(**kwargs):
    return ContainerFenceExtension(**kwargs)
