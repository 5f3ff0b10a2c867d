"""Timestamp anchors `<a class="yt-timestamp" data-t=…>` rendered as ▶ chips that open the video there.

The seconds and the video URL come from the note's stamps as the core read them (`Note.stamps`), never from
parsing the label again: the i-th anchor with a label takes the i-th stamp of the note with that label.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections import defaultdict, deque
from collections.abc import Sequence
from functools import lru_cache

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.serializers import to_html_string
from markdown.util import AtomicString

from desktop.core.model import Stamp
from desktop.core.youtube import format_seconds  # re-exported: the page renderers show times this way

# An anchor whose attributes mention yt-timestamp, with its inner text up to `</a>` — or just the opening
# tag when the next anchor tag is not a closing one (the core reads unclosed anchors the same way).
ANCHOR_RE = r"<a\b(?=[^>]*yt-timestamp)([^>]*)>(?:((?:(?!</?a\b).)*?)</a\s*>)?"
_ATTR_RE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_TAG_RE = re.compile(r"<[^>]*>")


def anchor_attrs(text: str) -> dict[str, str]:
    """Attribute names (lower-cased) to unescaped values; the first occurrence wins, as in HTML."""
    attrs: dict[str, str] = {}
    for m in _ATTR_RE.finditer(text):
        name = m.group(1).lower()
        if name not in attrs:
            value = next((g for g in m.group(2, 3, 4) if g is not None), "")
            attrs[name] = html.unescape(value)
    return attrs


def anchor_label(inner: str | None, attrs: dict[str, str]) -> str:
    """What the core calls the stamp's label: the inner text without tags and `[ ]`, else `data-t`."""
    text = html.unescape(_TAG_RE.sub("", inner or "")).strip()
    if len(text) >= 2 and text[0] == "[" and text[-1] == "]":
        text = text[1:-1].strip()
    return text or attrs.get("data-t", "").strip()


def stamp_element(label: str, stamp: Stamp | None, element_id: str | None = None) -> etree.Element:
    """The chip: `<a class="stamp" href=url>▶ m:ss</a>`, or `<span class="stamp nolink">label</span>`.

    `element_id` (`stamp-<i>`, i its place in Note.stamps) lets the stamp panel scroll to the chip.
    """
    if stamp is None or stamp.url is None or stamp.seconds is None:
        el = etree.Element("span")
        if element_id:
            el.set("id", element_id)
        el.set("class", "stamp nolink")
        el.text = AtomicString(label)
        return el
    shown = format_seconds(stamp.seconds)
    el = etree.Element("a")
    if element_id:
        el.set("id", element_id)
    el.set("class", "stamp")
    el.set("href", stamp.url)
    el.set("title", f"Open the video at {shown}")
    el.text = AtomicString(f"▶ {shown}")
    return el


class StampQueue:
    """The note's stamps by label, each handed out once, in text order, with its index in the note."""

    def __init__(self, stamps: Sequence[Stamp]):
        self._by_label: dict[str, deque[tuple[int, Stamp]]] = defaultdict(deque)
        for i, stamp in enumerate(stamps):
            self._by_label[stamp.label].append((i, stamp))

    def take(self, label: str) -> tuple[int, Stamp] | None:
        queue = self._by_label.get(label)
        return queue.popleft() if queue else None


@lru_cache(maxsize=16384)
def stamp_label(attrs_text: str, inner: str | None) -> str | None:
    """The label of an anchor (its attributes' text, its inner text), None when its class is not
    yt-timestamp. Cached: the same few thousand anchors come back in note after note."""
    attrs = anchor_attrs(attrs_text)
    if "yt-timestamp" not in attrs.get("class", "").lower().split():
        return None
    return anchor_label(inner, attrs)


class TimestampInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, ext: TimestampExtension):
        super().__init__(pattern)
        self.compiled_re = re.compile(pattern, re.DOTALL | re.IGNORECASE)
        self.ext = ext

    def handleMatch(self, m, data):
        label = stamp_label(*m.group(1, 2))
        if label is None:
            return None, None, None
        return self.ext.chip(label), m.start(0), m.end(0)


class RawHtmlStampPostprocessor(Postprocessor):
    """Anchors inside raw HTML blocks (`<div>…</div>` written by the generator) become chips too.

    This rewrites the note's own stashed HTML source before it is put back, not the finished page.
    """

    def __init__(self, md: Markdown, ext: TimestampExtension):
        super().__init__(md)
        self.ext = ext
        self.pattern = re.compile(ANCHOR_RE, re.DOTALL | re.IGNORECASE)

    def _chip(self, m: re.Match[str]) -> str:
        label = stamp_label(*m.group(1, 2))
        if label is None:
            return m.group(0)
        return to_html_string(self.ext.chip(label))

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for i, block in enumerate(blocks):
            if isinstance(block, str) and "yt-timestamp" in block:
                blocks[i] = self.pattern.sub(self._chip, block)
        return text


class TimestampExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "stamps": [[], "the note's stamps (Note.stamps) in text order"],
            "id_prefix": ["stamp-", "chips get id=<prefix><index in stamps>; empty: no ids (embedded notes)"],
        }
        self._queue: StampQueue | None = None
        super().__init__(**kwargs)

    def take(self, label: str) -> tuple[int, Stamp] | None:
        """The next unused stamp with this label and its index in the note's stamps."""
        if self._queue is None:
            self._queue = StampQueue(self.getConfig("stamps") or [])
        return self._queue.take(label)

    def chip(self, label: str) -> etree.Element:
        taken = self.take(label)
        if taken is None:
            return stamp_element(label, None)
        i, stamp = taken
        prefix = self.getConfig("id_prefix")
        return stamp_element(label, stamp, f"{prefix}{i}" if prefix else None)

    def reset(self) -> None:
        self._queue = None

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Before the raw-HTML pattern (90) and the link patterns; after `backtick` (190) so code stays code.
        md.inlinePatterns.register(TimestampInlineProcessor(ANCHOR_RE, self), "yt_timestamp", 187)
        md.postprocessors.register(RawHtmlStampPostprocessor(md, self), "yt_timestamp_raw", 35)


def makeExtension(**kwargs):
    return TimestampExtension(**kwargs)
