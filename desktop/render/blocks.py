"""Obsidian block ids: `^b15695` ending a paragraph or list item, or on a line of its own after a table, quote,
callout or list. The id is hidden and its block gets `id="block-b15695"`, where `[[Note#^b15695]]` leads.

`block_of` finds the Markdown of such a block, for `![[Note#^b15695]]` to show just that block.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from desktop.render.linker import heading_id

BLOCK_ID = r"[A-Za-z0-9-]+"  # Obsidian allows letters, digits and dashes
# `^id` at the end of a text run (a line end inside it, or its very end), after a space or at its start.
# (The spaces before it are trimmed by hand: a `[ \t]+` here would rescan a long run of spaces from each one.)
_TRAILING_ID_RE = re.compile(rf"(?<![^ \t\n])\^({BLOCK_ID})[ \t]*+(?=\n|$)")
_ONLY_ID_RE = re.compile(rf"[ \t]*\^({BLOCK_ID})[ \t]*")
_BLOCKS = frozenset({"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "blockquote"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIP = frozenset({"code", "pre"})


def block_element_id(block_id: str) -> str:
    """The HTML id of the block `^block_id` (`linker.heading_id` makes `[[Note#^block_id]]` lead there)."""
    return heading_id(f"^{block_id}")


class BlockIdTreeprocessor(Treeprocessor):
    """Hide `^id` markers and put `id="block-<id>"` on the block they name (only hide them, without `ids`)."""

    def __init__(self, md: Markdown, ext: BlockIdExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        if not any("^" in (el.text or "") or "^" in (el.tail or "") for el in root.iter()):
            return  # no marker (each holds a `^`) in any text or tail: nothing to hide or to name
        self.ids = bool(self.ext.getConfig("ids"))
        self._walk(root, None)

    def _walk(self, el: etree.Element, block: etree.Element | None) -> None:
        if el.tag in _SKIP:
            return
        if el.tag in _BLOCKS:
            block = el
        if block is not None and el.text and "^" in el.text and not isinstance(el.text, AtomicString):
            el.text = self._take_ids(el.text, block)
        children = list(el)
        for i, child in enumerate(children):
            if child.tag == "p" and self._standalone(el, children, i):
                continue
            self._walk(child, block)
            if block is not None and child.tail and "^" in child.tail and not isinstance(child.tail, AtomicString):
                child.tail = self._take_ids(child.tail, block)

    def _take_ids(self, text: str, block: etree.Element) -> str:
        pieces, pos = [], 0
        for m in _TRAILING_ID_RE.finditer(text):
            pieces.append(text[pos:m.start()].rstrip(" \t"))
            pos = m.end()
            # A heading keeps the id the toc gives it.
            if self.ids and "id" not in block.attrib and block.tag not in _HEADINGS:
                block.set("id", block_element_id(m.group(1)))
        if not pieces:
            return text
        pieces.append(text[pos:])
        return "".join(pieces)

    def _standalone(self, parent: etree.Element, children: list[etree.Element], i: int) -> bool:
        """A paragraph that is only `^id` names the block before it (a table, quote, callout, list): the id goes
        there and the paragraph goes away. True when it did."""
        p = children[i]
        m = _ONLY_ID_RE.fullmatch(p.text or "")
        if not m or len(p) or i == 0:
            return False
        before = children[i - 1]
        if self.ids and "id" not in before.attrib:
            before.set("id", block_element_id(m.group(1)))
        if p.tail and p.tail.strip():
            before.tail = (before.tail or "") + p.tail
        parent.remove(p)
        return True


_LINE_ID_RE = r"(?:^|[ \t])\^{}[ \t]*$"
_LIST_ITEM_RE = re.compile(r"^([ \t]*(?:>[ \t]?)*[ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]")
_HEADING_LINE_RE = re.compile(r"^[ ]{0,3}#{1,6}[ \t]")


def block_of(body: str, block_id: str) -> str | None:
    """The Markdown of the block `^block_id` names in `body` (id included), or None when no block has it.

    The id on a line of its own names the block just before it; ending a list item's line, that item (with
    the lines indented under it); ending any other line, the paragraph that line belongs to.
    """
    found = re.search(_LINE_ID_RE.format(re.escape(block_id)), body, re.MULTILINE)
    if found is None:
        return None
    lines = body.split("\n")
    at = body.count("\n", 0, found.start())
    line = lines[at]
    if _ONLY_ID_RE.fullmatch(line):
        end = at - 1
        while end >= 0 and not lines[end].strip():
            end -= 1
        if end < 0:
            return None
        start = end
        while start > 0 and lines[start - 1].strip():
            start -= 1
        return "\n".join(lines[start:end + 1] + ["", line.strip()])
    item = _LIST_ITEM_RE.match(line)
    if item is not None:
        depth = len(item.group(1).expandtabs(4))
        end = at
        while end + 1 < len(lines) and lines[end + 1].strip() and _indent(lines[end + 1]) > depth:
            end += 1
        return "\n".join([line[len(item.group(1)):]] + [ln[depth:] for ln in lines[at + 1:end + 1]])
    if _HEADING_LINE_RE.match(line):
        return line
    start = at
    while (start > 0 and lines[start - 1].strip() and not _HEADING_LINE_RE.match(lines[start - 1])
           and not _LIST_ITEM_RE.match(lines[start - 1])):
        start -= 1
    return "\n".join(lines[start:at + 1])


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


class BlockIdExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"ids": [True, "give blocks their ids; off for embedded notes (the ids are only hidden)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline pass (20), so the id is found after links and emphasis; before the toc (5).
        md.treeprocessors.register(BlockIdTreeprocessor(md, self), "block_ids", 13)


def makeExtension(**kwargs):
    return BlockIdExtension(**kwargs)
