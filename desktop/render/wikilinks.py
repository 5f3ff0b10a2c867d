"""Wiki-links `[[target#Heading|alias]]` rendered as links to notes, files, headings or topics."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from desktop.core.links import split_wikilink
from desktop.core.stamps import is_time_target
from desktop.render.anchors import mark_link
from desktop.render.linker import LinkTargets, heading_id

# `[[...]]` not preceded by `!` (embeds are their own extension); `\|` allowed inside (tables).
WIKILINK_RE = r"(?<!!)\[\[([^\[\]\n]+?)\]\]"


def link_element(targets: LinkTargets, target: str, heading: str | None, text: str) -> etree.Element:
    """An `<a>` for a link target (class `wikilink`, plus `topic` when no note answers it), or a
    `<span class="wikilink broken">` when the target has no page to go to."""
    classes = "wikilink"
    if not target:
        href = f"#{heading_id(heading)}" if heading else None
    else:
        path = targets.resolve(target)
        if path is None:
            classes = "wikilink topic"
            href = targets.linker.topic_href(targets.topic_key(target))
        elif targets.is_note(path):
            href = targets.linker.note_href(path, heading)
        else:
            href = targets.linker.file_href(path)
    if href is None:
        el = etree.Element("span")
        el.set("class", classes + " broken")
    else:
        el = etree.Element("a")
        el.set("class", classes)
        el.set("href", href)
    el.set("title", f"{target}#{heading}" if target and heading else target or f"#{heading}")
    el.text = AtomicString(text)
    return el


def link_text(target: str, heading: str | None, alias: str | None) -> str:
    if alias:
        return alias
    if target and heading and heading.startswith("^"):
        return target  # a block reference reads as its note's name
    if target and heading:
        return f"{target} › {heading}"
    return target or heading or ""


class WikiLinkInlineProcessor(InlineProcessor):
    """Each `[[…]]` as its link element. What a link's text makes of it (where it leads, its classes, title
    and text, its mark) is worked out once a render and copied for each link written the same way: a note
    links the same few notes again and again (a 224 KB note of 14,000 links resolved and quoted each one)."""

    def __init__(self, pattern: str, ext: WikiLinkExtension):
        super().__init__(pattern)
        self.ext = ext
        self._made: dict[str, tuple[str, dict[str, str], str] | None] = {}  # link text → (tag, attributes, text)
        self._made_for: LinkTargets | None = None  # the targets `_made` was worked out with

    def forget(self) -> None:
        self._made.clear()
        self._made_for = None

    def _make(self, inner: str, targets: LinkTargets) -> tuple[str, dict[str, str], str] | None:
        target, heading, alias = split_wikilink(inner)
        if (not target and not heading) or is_time_target(inner):  # `[[02:15:01]]`: a stamp's chip
            return None
        el = link_element(targets, target, heading, link_text(target, heading, alias))
        mark_link(self.md, el, embed=False, markdown=False, target=target, heading=heading)
        return el.tag, dict(el.attrib), el.text

    def handleMatch(self, m, data):
        targets: LinkTargets = self.ext.getConfig("targets")
        if targets is not self._made_for:
            self.forget()
            self._made_for = targets
        inner = m.group(1)
        try:
            made = self._made[inner]
        except KeyError:
            made = self._made[inner] = self._make(inner, targets)
        if made is None:
            return None, None, None
        tag, attrib, text = made
        el = etree.Element(tag, attrib)  # a copy of the attributes: later passes add an id, pop the mark
        el.text = text
        return el, m.start(0), m.end(0)


class WikiLinkExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"targets": ["", "LinkTargets: how link targets resolve and where they point"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # Before `escape` (180) so a table's `\|` is still there, after `backtick` (190) so code stays code.
        md.registerExtension(self)
        processor = self.processor = WikiLinkInlineProcessor(WIKILINK_RE, self)
        processor.md = md
        md.inlinePatterns.register(processor, "wikilink", 185)

    def reset(self) -> None:
        """A new render: the links' elements are worked out again (the vault may have changed since)."""
        processor = getattr(self, "processor", None)
        if processor is not None:
            processor.forget()


def makeExtension(**kwargs):
    return WikiLinkExtension(**kwargs)
