"""Admonition blocks (Obsidian's Admonition plugin: a ```` ```ad-note ```` fence) rendered as callouts.

Twelve notes of the public vault box a remark this way. Read by the letter it is a code block: its links dead,
its stamps shown as anchor source. The plugin renders the fence's content as Markdown in a box titled by the
type (or a `title:` line); this preprocessor rewrites the fence as the callout Obsidian has for the same box
(`> [!note] Title`), which `callouts` renders. `collapse: open|closed` folds it as a callout's `+`/`-` does.
Nested admonitions (the outer fence longer) become nested callouts. The core reads the same fences as Markdown
(`links.code_spans` leaves them out), so their links and stamps count everywhere.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from desktop.core.links import ADMONITION_OPEN, MAX_ADMONITION_DEPTH, MAX_ADMONITIONS, fence_closes

_CODE_OPEN = re.compile(r"[ ]{0,3}(?P<fence>`{3,}|~{3,})[^`\n]*")
# The plugin's options, each on a line of its own at the top of the content.
_OPTION = re.compile(r"(?P<name>title|collapse|icon|color)[ \t]*:[ \t]*(?P<value>.*)", re.IGNORECASE)
_FOLDS = {"open": "+", "closed": "-"}


def as_callouts(lines: list[str]) -> list[str]:
    """`lines` with each admonition fence written as a callout (nested ones too); other lines as they are.
    Past `MAX_ADMONITIONS` of them, or `MAX_ADMONITION_DEPTH` deep, a fence stays a code block, as the core
    reads it (`links.code_spans`)."""
    if not any("ad-" in line for line in lines):
        return lines
    return _callouts(lines, 0, [MAX_ADMONITIONS])


def _callouts(lines: list[str], depth: int, left: list[int]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        opener = ADMONITION_OPEN.fullmatch(lines[i])
        if opener is not None and (left[0] <= 0 or depth >= MAX_ADMONITION_DEPTH):
            opener = None  # past the bounds: a code block like any other
        code = _CODE_OPEN.fullmatch(lines[i]) if opener is None else None
        if opener is None and code is None:
            out.append(lines[i])
            i += 1
            continue
        fence = (opener or code)["fence"]
        end = next((j for j in range(i + 1, len(lines)) if fence_closes(lines[j], fence)), len(lines))
        if opener is not None:
            left[0] -= 1
            out += _callout(opener["kind"], lines[i + 1:end], depth, left)
        else:  # a code block, shown as written (an admonition quoted in it stays code)
            out += lines[i:end + 1]
        i = end + 1
    return out


def _callout(kind: str, content: list[str], depth: int, left: list[int]) -> list[str]:
    title, fold = "", ""
    while content and (option := _OPTION.fullmatch(content[0].strip())) is not None:
        name, value = option["name"].lower(), option["value"].strip()
        if name == "title":
            title = value
        elif name == "collapse":
            fold = _FOLDS.get(value.lower(), "")
        content = content[1:]
    head = f"> [!{kind}]{fold} {title}".rstrip()
    inner = _callouts(content, depth + 1, left)
    return ["", head] + [f"> {line}" if line.strip() else ">" for line in inner] + [""]


class AdmonitionPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return as_callouts(lines)


class AdmonitionExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the nesting cap (29), before fences in containers (26) and `fenced_code` (25) see the fence.
        md.preprocessors.register(AdmonitionPreprocessor(md), "admonitions", 27)


def makeExtension(**kwargs):
    return AdmonitionExtension(**kwargs)
