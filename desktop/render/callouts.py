"""Obsidian callouts `> [!type]± Title` rendered as `<div class="callout callout-type">` boxes.

A `+`/`-` fold marker makes the callout a `<details>` (open or closed) so it folds without JavaScript.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

from desktop.render.obsidian import break_before_lists

CALLOUT_RE = re.compile(r"^[ ]{0,3}>[ ]?\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*(.*)$")
_QUOTE_PREFIX_RE = re.compile(r"^[ ]{0,3}>[ ]?")

# Obsidian's other names for the same callout types.
CALLOUT_ALIASES = {
    "summary": "abstract", "tldr": "abstract", "hint": "tip", "important": "tip", "check": "success",
    "done": "success", "help": "question", "faq": "question", "caution": "warning", "attention": "warning",
    "fail": "failure", "missing": "failure", "error": "danger", "cite": "quote",
}


def callout_type(name: str) -> str:
    name = name.lower()
    return CALLOUT_ALIASES.get(name, name)


class CalloutBlockProcessor(BlockProcessor):
    def test(self, parent, block):
        return CALLOUT_RE.match(block.split("\n", 1)[0]) is not None

    def run(self, parent, blocks):
        block = blocks.pop(0)
        first, _, rest = block.partition("\n")
        m = CALLOUT_RE.match(first)
        kind, fold, title = m.group(1), m.group(2), m.group(3).strip()
        classes = f"callout callout-{callout_type(kind)}"
        if fold:
            box = etree.SubElement(parent, "details")
            box.set("class", classes + " callout-foldable")
            if fold == "+":
                box.set("open", "open")
            head = etree.SubElement(box, "summary")
        else:
            box = etree.SubElement(parent, "div")
            box.set("class", classes)
            head = etree.SubElement(box, "div")
        head.set("class", "callout-title")
        head.text = title or kind[:1].upper() + kind[1:].lower()
        lines = [_QUOTE_PREFIX_RE.sub("", line, count=1) for line in rest.split("\n")] if rest else []
        body = "\n".join(break_before_lists(lines))
        if body.strip():
            content = etree.SubElement(box, "div")
            content.set("class", "callout-content")
            self.parser.parseChunk(content, body)


class CalloutExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Before the blockquote processor (20), which would otherwise take the block.
        md.parser.blockprocessors.register(CalloutBlockProcessor(md.parser), "callout", 21)


def makeExtension(**kwargs):
    return CalloutExtension(**kwargs)
