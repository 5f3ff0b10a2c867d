"""Ids on a note's rendered links (`id="link-<n>"`, as `Mention.anchor` names them), so a backlink can open
the note scrolled to the very link that makes it.

Each processor that makes the element of a link marks it with the link as the core reads it (`mark_link`:
kind, target, heading). After the inline pass a tree pass walks the page in text order and gives each marked
element the id of the next link of the note with the same mark, `link_anchor(n)` for its place n in
`Note.links` (the core's links in text order). Matching by mark, not by a running count, keeps the ids right
when a link the core counts is not rendered as one (inside raw HTML, say): only links with that very mark
could shift. Transcluded notes get no ids (their links are another note's); the marks are always removed.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections import defaultdict, deque
from collections.abc import Sequence

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from desktop.core.links import link_anchor
from desktop.core.model import Link

LINK_MARK = "data-link-mark"  # a working attribute: removed before the page is serialized


def marks_links(md: Markdown | None) -> bool:
    """True when `md` has this extension, which removes the marks again (a Markdown without it gets none)."""
    return bool(getattr(md, "link_anchors", False))


def link_mark(embed: bool, markdown: bool, target: str, heading: str | None) -> str:
    """What identifies a link between the core and the renderer: its kind, target and heading as written."""
    return f"{'!' if embed else ''}{'md' if markdown else 'wiki'}\x1f{target}\x1f{heading or ''}"


def mark_link(md: Markdown | None, el: etree.Element, *, embed: bool, markdown: bool, target: str,
              heading: str | None) -> etree.Element:
    """Mark `el` as the element of that link, for `LinkAnchorTreeprocessor` to give it its id."""
    if marks_links(md):
        el.set(LINK_MARK, link_mark(embed, markdown, target, heading))
    return el


class LinkQueue:
    """The note's links by mark, each handed out once, in text order, with its place in `Note.links`."""

    def __init__(self, links: Sequence[Link]):
        self._by_mark: dict[str, deque[int]] = defaultdict(deque)
        for n, link in enumerate(links):
            self._by_mark[link_mark(link.embed, link.markdown, link.target, link.heading)].append(n)

    def take(self, mark: str) -> int | None:
        queue = self._by_mark.get(mark)
        return queue.popleft() if queue else None


class LinkAnchorTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: LinkAnchorExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        links = self.ext.getConfig("links")
        queue = LinkQueue(links) if links else None
        for el in root.iter():
            mark = el.attrib.pop(LINK_MARK, None)
            if mark is None or queue is None:
                continue
            n = queue.take(mark)
            if n is not None and "id" not in el.attrib:
                el.set("id", link_anchor(n))


class LinkAnchorExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"links": [[], "the note's links (Note.links) in text order; empty: no ids (embedded notes)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.link_anchors = True
        # After the inline pass (20) and local Markdown targets (15); before prettify (10) and the toc (5).
        md.treeprocessors.register(LinkAnchorTreeprocessor(md, self), "link_anchors", 12)


def makeExtension(**kwargs):
    return LinkAnchorExtension(**kwargs)
