"""A note body to HTML: one configured Python-Markdown per thread (and per embedding depth), reused."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from markdown import Markdown, util
from markdown.extensions.codehilite import CodeHiliteExtension
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.treeprocessors import InlineProcessor

from desktop.core.model import Link, Stamp
from desktop.render.anchors import LinkAnchorExtension
from desktop.render.blocks import BlockIdExtension, block_of
from desktop.render.callouts import CalloutExtension
from desktop.render.embeds import EmbedExtension, Transclude
from desktop.render.fences import ContainerFenceExtension
from desktop.render.linker import LinkTargets
from desktop.render.nesting import NOTICE as NESTING_NOTICE
from desktop.render.nesting import NestingCapExtension
from desktop.render.obsidian import ObsidianExtension
from desktop.render.timestamps import TimestampExtension
from desktop.render.wikilinks import WikiLinkExtension

MAX_EMBED_DEPTH = 4

# What each inline pattern cannot match without: a text holding none of its characters skips it. Python-
# Markdown tries every pattern on every text of a page (some thousand regex searches a note, a third of an
# export's time); most texts hold none of these characters. A pattern not named here is always tried.
_NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",), "yt_timestamp": ("<",), "wikiembed": ("![[",), "wikilink": ("[[",), "escape": ("\\",),
    "footnote": ("[^",), "reference": ("[",), "link": ("[",), "image_link": ("![",), "image_reference": ("![",),
    "short_reference": ("[",), "short_image_ref": ("![",), "autolink": ("<",), "automail": ("@",),
    "linebreak": ("  \n",), "html": ("<",), "entity": ("&",), "obsidian_tag": ("#",), "highlight": ("==",),
    "em_strong": ("*", "_"),
}


class _SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's inline pass, trying on a text only the patterns whose characters it holds (any one
    of `_NEEDS[name]`): the same result, as a pattern cannot match a text without them."""

    def _InlineProcessor__handleInline(self, data: str, pattern_index: int = 0) -> str:  # noqa: N802
        # Python-Markdown's private `__handleInline` (3.x), with the skip: it calls this name for every text.
        if isinstance(data, util.AtomicString):
            return data
        patterns = self.inlinePatterns
        needs = self._needs()
        apply = self._InlineProcessor__applyPattern
        start = 0
        count = len(patterns)
        while pattern_index < count:
            need = needs[pattern_index]
            if need is not None and not any(chars in data for chars in need):
                pattern_index, start = pattern_index + 1, 0  # as when the pattern finds nothing
                continue
            data, matched, start = apply(patterns[pattern_index], data, pattern_index, start)
            if not matched:
                pattern_index += 1
        return data

    def _needs(self) -> list[tuple[str, ...] | None]:
        """Per pattern, in the order they are tried, what it needs (None: always tried); the patterns are
        registered once, when the renderer is made."""
        needs = getattr(self, "_needs_list", None)
        if needs is None or len(needs) != len(self.inlinePatterns):
            needs = [None] * len(self.inlinePatterns)
            for name, chars in _NEEDS.items():
                if name in self.inlinePatterns:
                    needs[self.inlinePatterns.get_index_for_name(name)] = chars
            self._needs_list = needs
        return needs


# The skipping pass stands in for Python-Markdown's own only where that has the two private methods it builds on.
_CAN_SKIP = all(hasattr(InlineProcessor, name) for name in
                ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern"))


class BodyRenderer:
    """One Markdown with all our extensions. Not thread-safe and not re-entrant: use `body_renderer()`."""

    def __init__(self) -> None:
        self.wikilinks = WikiLinkExtension()
        self.timestamps = TimestampExtension()
        self.embeds = EmbedExtension()
        self.anchors = LinkAnchorExtension()
        self.blocks = BlockIdExtension()
        self.md = Markdown(
            output_format="html",
            extensions=[
                "tables", "footnotes", "fenced_code", "sane_lists",
                CodeHiliteExtension(css_class="codehilite", guess_lang=False),
                TocExtension(slugify=slugify_unicode, toc_depth="1-6"),
                self.wikilinks, self.timestamps, self.embeds, CalloutExtension(), ObsidianExtension(),
                NestingCapExtension(), self.anchors, self.blocks, ContainerFenceExtension(),
            ],
        )
        if _CAN_SKIP:
            self.md.treeprocessors.register(_SkippingInlineProcessor(self.md), "inline", 20)  # replaces Markdown's

    def render(self, body: str, targets: LinkTargets, stamps: Sequence[Stamp] = (), *,
               transclude: Transclude | None = None, allow_remote: bool = False,
               stamp_ids: bool = True, links: Sequence[Link] = ()) -> tuple[str, list[dict]]:
        """(HTML, headings) of a note body. The HTML is not sanitized yet; headings are the toc tokens.

        `stamp_ids`: chips get `id="stamp-<i>"` and blocks `id="block-<id>"`; off for embedded notes, whose
        chips and blocks are another note's (the page's own would lose their ids to the copies).
        `links`: the note's links (Note.links): their elements get `id="link-<n>"` (`render/anchors.py`).
        """
        self.md.reset()
        self.wikilinks.setConfig("targets", targets)
        self.embeds.setConfig("targets", targets)
        self.embeds.setConfig("transclude", transclude or "")
        self.embeds.setConfig("allow_remote", allow_remote)
        self.timestamps.setConfig("stamps", list(stamps))
        self.timestamps.setConfig("id_prefix", "stamp-" if stamp_ids else "")
        self.anchors.setConfig("links", list(links))
        self.blocks.setConfig("ids", stamp_ids)
        try:
            html = self.md.convert(body)
        finally:  # this renderer outlives the page: keep nothing of it (the index it came from above all)
            self.wikilinks.setConfig("targets", "")
            self.embeds.setConfig("targets", "")
            self.embeds.setConfig("transclude", "")
            self.timestamps.setConfig("stamps", [])
            self.anchors.setConfig("links", [])
        if getattr(self.md, "nesting_capped", False):
            html = f'<p class="render-notice">{NESTING_NOTICE}</p>\n{html}'
        headings = list(getattr(self.md, "toc_tokens", []))
        return html, headings


_local = threading.local()


def body_renderer(depth: int = 0) -> BodyRenderer:
    """This thread's renderer for notes embedded `depth` levels deep (0: the page's own note)."""
    pool = getattr(_local, "pool", None)
    if pool is None:
        pool = _local.pool = {}
    renderer = pool.get(depth)
    if renderer is None:
        renderer = pool[depth] = BodyRenderer()
    return renderer


_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def part_of(body: str, heading: str) -> str | None:
    """What `![[note#heading]]` shows of `body`: the block `^id` names, or the section under the heading."""
    if heading.startswith("^"):
        return block_of(body, heading[1:].strip())
    return section_of(body, heading)


def section_of(body: str, heading: str) -> str | None:
    """The part of `body` under `heading` (up to the next heading of the same or a higher level), or None."""
    wanted = slugify_unicode(heading, "-")
    for m in _HEADING_RE.finditer(body):
        if slugify_unicode(m.group(2), "-") != wanted:
            continue
        level = len(m.group(1))
        for nxt in _HEADING_RE.finditer(body, m.end()):
            if len(nxt.group(1)) <= level:
                return body[m.start():nxt.start()]
        return body[m.start():]
    return None
