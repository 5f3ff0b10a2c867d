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
    def __init__(self, pattern: str, ext: WikiLinkExtension):
        super().__init__(pattern)
        self.ext = ext

    def handleMatch(self, m, data):
        target, heading, alias = split_wikilink(m.group(1))
        if (not target and not heading) or is_time_target(m.group(1)):  # `[[02:15:01]]`: a stamp's chip
            return None, None, None
        targets: LinkTargets = self.ext.getConfig("targets")
        el = link_element(targets, target, heading, link_text(target, heading, alias))
        return mark_link(self.md, el, embed=False, markdown=False, target=target, heading=heading), m.start(0), m.end(0)


class WikiLinkExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"targets": ["", "LinkTargets: how link targets resolve and where they point"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # Before `escape` (180) so a table's `\|` is still there, after `backtick` (190) so code stays code.
        processor = WikiLinkInlineProcessor(WIKILINK_RE, self)
        processor.md = md
        md.inlinePatterns.register(processor, "wikilink", 185)


def makeExtension(**kwargs):
    return WikiLinkExtension(**kwargs)
