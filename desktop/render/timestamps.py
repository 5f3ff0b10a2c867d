"""Timestamp anchors `<a class="yt-timestamp" data-t=…>` rendered as ▶ chips that open the video there.

The seconds and the video URL come from the note's stamps as the core read them (`Note.stamps`), never from
parsing the label again: the i-th anchor with a label takes the i-th stamp of the note with that label.
"""

from __future__ import annotations

import re
import secrets
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
from desktop.core.stamps import BRACKET_STAMP_RE, MAX_TAG, UNCLOSED_LABEL_RE, anchor_reading, bracket_reading
from desktop.core.youtube import format_seconds  # re-exported: the page renderers show times this way

# An anchor whose attributes mention yt-timestamp, with its inner text up to `</a>` — or just the opening
# tag when the next anchor tag is not a closing one, with the bracketed label right after it (the core reads
# unclosed anchors the same way: `stamps.UNCLOSED_LABEL_RE`). A tag is read up to `stamps.MAX_TAG` characters:
# each `<a` of a text is tried, and one that never closes was read to the text's end (quadratic: a note of
# 53,000 unclosed `<a ` took minutes); a stamp's tag is some 40.
ANCHOR_RE = (rf"<a\b(?=[^>]{{0,{MAX_TAG}}}?yt[-_]timestamp)([^>]{{0,{MAX_TAG}}})>(?:((?:(?!</?a\b).)*?)</a\s*>|(" + UNCLOSED_LABEL_RE.pattern
             + r"))?")


def _inner(m: re.Match[str]) -> str | None:
    """An `ANCHOR_RE` match's inner text: up to `</a>`, or the label of an unclosed anchor."""
    return m.group(2) if m.group(2) is not None else m.group(3)


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


def is_chip(node: object) -> bool:
    """Whether `node` (what Python-Markdown's inline pass stashed) is a chip `stamp_element` made."""
    return isinstance(node, etree.Element) and node.get("class") in ("stamp", "stamp nolink")


class StampQueue:
    """The note's stamps by label, each handed out once, in text order, with its index in the note."""

    def __init__(self, stamps: Sequence[Stamp]):
        self._by_label: dict[str, deque[tuple[int, Stamp]]] = defaultdict(deque)
        for i, stamp in enumerate(stamps):
            self._by_label[stamp.label].append((i, stamp))

    def take(self, label: str) -> tuple[int, Stamp] | None:
        queue = self._by_label.get(label)
        return queue.popleft() if queue else None

    def has(self, label: str) -> bool:
        return bool(self._by_label.get(label))


@lru_cache(maxsize=65536)
def shown_time(seconds: int) -> str:
    """`format_seconds`, remembered: an export shows the same few thousand times in every chip, mark and row."""
    return format_seconds(seconds)


def chip_html(seconds: int, href: str | None, element_id: str | None = None) -> str:
    """A chip as HTML text, as the sanitizer writes `stamp_element`'s: `<a class="stamp" href=… title="Open the
    video at m:ss">▶ m:ss</a>`, or the time alone without an `href` (escaped already; `element_id` plain)."""
    shown = shown_time(seconds)  # digits and colons: nothing to escape
    id_attr = f' id="{element_id}"' if element_id else ""
    if href is None:
        return f'<span class="stamp nolink"{id_attr}>{shown}</span>'
    # the serializer writes the attributes sorted by name; nh3 keeps their order
    return f'<a class="stamp" href="{href}"{id_attr} title="Open the video at {shown}">▶ {shown}</a>'


@lru_cache(maxsize=16384)
def stamp_label(attrs_text: str, inner: str | None) -> str | None:
    """What the note's stamp of an anchor (its attributes' text, its inner text) is labelled (`Stamp.label`,
    the value the core read: `anchor_reading`, broken anchors too), None when it is no stamp. Cached: the
    same few thousand anchors come back in note after note."""
    read = anchor_reading(attrs_text, inner)
    return read[1] if read is not None else None


class TimestampInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, ext: TimestampExtension):
        super().__init__(pattern)
        self.compiled_re = re.compile(pattern, re.DOTALL | re.IGNORECASE)
        self.ext = ext

    def handleMatch(self, m, data):
        label = stamp_label(m.group(1), _inner(m))
        if label is None:
            return None, None, None
        return self.ext.chip(label), m.start(0), m.end(0)

    def chip_or_token(self, m, tokens: ChipTokens) -> etree.Element | str | None:
        """What `handleMatch` makes of the match, as a token of `tokens` when it can be; None: no stamp."""
        label = stamp_label(m.group(1), _inner(m))
        if label is None:
            return None
        return self.ext.chip(label, tokens)


class BracketStampInlineProcessor(InlineProcessor):
    """`[00:01:37]` written as plain text after a sentence: the chip of the note's stamp the core read there
    (`stamps.bracket_reading`)."""

    def __init__(self, ext: TimestampExtension):
        super().__init__(BRACKET_STAMP_RE.pattern)
        self.compiled_re = BRACKET_STAMP_RE
        self.ext = ext

    def handleMatch(self, m, data):
        _label, value = bracket_reading(m)
        if not self.ext.has(value):  # not a stamp the core read (the text of a tag it does not take for an
            return None, None, None  # anchor): left as text
        return self.ext.chip(value), m.start(0), m.end(0)


class RawHtmlStampPostprocessor(Postprocessor):
    """Anchors inside raw HTML blocks (`<div>…</div>` written by the generator) become chips too.

    This rewrites the note's own stashed HTML source before it is put back, not the finished page.
    """

    def __init__(self, md: Markdown, ext: TimestampExtension):
        super().__init__(md)
        self.ext = ext
        self.pattern = re.compile(ANCHOR_RE, re.DOTALL | re.IGNORECASE)

    def _chip(self, m: re.Match[str]) -> str:
        label = stamp_label(m.group(1), _inner(m))
        if label is None:
            return m.group(0)
        return to_html_string(self.ext.chip(label))

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for i, block in enumerate(blocks):
            if isinstance(block, str) and ("yt-timestamp" in block or "yt_timestamp" in block):
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

    def has(self, label: str) -> bool:
        """Whether a stamp labelled `label` is left to take."""
        if self._queue is None:
            self._queue = StampQueue(self.getConfig("stamps") or [])
        return self._queue.has(label)

    def chip(self, label: str, tokens: ChipTokens | None = None) -> etree.Element | str:
        """The chip of the next anchor labelled `label`: an element, or a token of `tokens` standing for it."""
        taken = self.take(label)
        if taken is None:
            stamp, element_id = None, None
        else:
            i, stamp = taken
            prefix = self.getConfig("id_prefix")
            element_id = f"{prefix}{i}" if prefix else None
        token = tokens.token(label, stamp, element_id) if tokens is not None else None
        return token if token is not None else stamp_element(label, stamp, element_id)

    def reset(self) -> None:
        self._queue = None

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Before the raw-HTML pattern (90) and the link patterns; after `backtick` (190) so code stays code.
        md.inlinePatterns.register(TimestampInlineProcessor(ANCHOR_RE, self), "yt_timestamp", 187)
        # After the wiki-link patterns (a `[[00:01:37]]` is a link), before Markdown's link patterns (160-170).
        md.inlinePatterns.register(BracketStampInlineProcessor(self), "bracket_stamp", 184)
        md.postprocessors.register(RawHtmlStampPostprocessor(md, self), "yt_timestamp_raw", 35)


def makeExtension(**kwargs):
    return TimestampExtension(**kwargs)


# --------------------------------------------------------------------------- chips kept out of the sanitizer

# What a chip's attribute values and text may hold for `ChipTokens` to write its HTML itself: printable ASCII
# but the quotes, angle brackets and `;`, and the ▶ of its label. Python-Markdown escapes `&` (not starting an
# entity, which needs a `;`) and nothing else of these, and nh3 keeps them as they are; anything else (a
# non-breaking space nh3 writes `&nbsp;`, a control character, a quote) leaves the chip to Markdown's tree
# and the sanitizer.
_PLAIN_CHIP_TEXT_RE = re.compile(r"[ !#-&(-:=?-~▶]*")
_PLAIN_ID_RE = re.compile(r"[A-Za-z0-9_-]*")
_PLAIN_CHIP_URL_RE = re.compile(r"(https?)://[A-Za-z0-9][A-Za-z0-9\-._~:/?#@!$&()*+,=%]*")


class ChipTokens:
    """The stamp chips of one page kept out of Python-Markdown's tree and out of the sanitizer's input.

    A note holds some sixty stamps: as elements they were half of rendering its body (stashed, placed back,
    serialized) and half of sanitizing it, for markup the app writes itself from a time and a YouTube URL.
    The inline pass (`render/body.py`) puts a token in the text instead, where nothing can change what the
    chip would have become; `put_back` writes each chip's HTML in its token's place once the page is
    sanitized: the HTML nh3 writes for that element (`html_of` takes only chips whose parts it keeps as they
    are). Tokens are Python-Markdown's own placeholder shape (STX … ETX, which no source keeps) with a
    nonce no text can guess (one per page), so only the tokens made here are replaced.
    """

    _TOKEN_RE = re.compile("\x02nrchip([0-9a-f]{12}):([0-9]+)\x03")

    def __init__(self, url_schemes=frozenset({"http", "https"})):
        self._schemes = frozenset(url_schemes)
        self._chips: list[str] = []
        self._nonce = secrets.token_hex(6)

    def __len__(self) -> int:
        return len(self._chips)

    def html_of(self, label: str, stamp: Stamp | None, element_id: str | None = None) -> str | None:
        """The HTML nh3 makes of the serialized `stamp_element(label, stamp, element_id)`, or None when
        one of its parts is not plain (the element and the sanitizer write it then)."""
        if element_id is not None and not _PLAIN_ID_RE.fullmatch(element_id):
            return None
        id_attr = f' id="{element_id}"' if element_id else ""
        if stamp is None or stamp.url is None or stamp.seconds is None:
            if not _PLAIN_CHIP_TEXT_RE.fullmatch(label):
                return None
            return f'<span class="stamp nolink"{id_attr}>{label.replace("&", "&amp;")}</span>'
        url = _PLAIN_CHIP_URL_RE.fullmatch(stamp.url)
        if url is None or url.group(1) not in self._schemes:
            return None
        return chip_html(stamp.seconds, stamp.url.replace("&", "&amp;"), element_id)

    def token(self, label: str, stamp: Stamp | None, element_id: str | None = None) -> str | None:
        """A token standing for the chip `stamp_element(label, stamp, element_id)` in the text, or None when
        it must stay an element."""
        chip = self.html_of(label, stamp, element_id)
        if chip is None:
            return None
        self._chips.append(chip)
        return f"\x02nrchip{self._nonce}:{len(self._chips) - 1}\x03"

    def put_back(self, html: str) -> str:
        """`html` (sanitized) with each token replaced by its chip."""
        if not self._chips:
            return html
        chips, nonce = self._chips, self._nonce

        def chip(m: re.Match[str]) -> str:
            n = int(m.group(2))
            return chips[n] if m.group(1) == nonce and n < len(chips) else m.group(0)

        return self._TOKEN_RE.sub(chip, html)


# The tags the generator writes in a note: its stamp anchors (plain: two attributes, a bracketed time) and
# line breaks.
_PLAIN_STAMP_RE = re.compile(r'<a class="yt-timestamp" data-t="[0-9:]{1,16}">[^<]*</a>')
_PLAIN_BREAK_RE = re.compile(r"<br ?/?>")


def only_plain_tags(text: str) -> bool:
    """Whether every `<` of `text` opens a plain stamp anchor, its `</a>`, or a line break (the two kinds
    of match never overlap: a stamp's text holds no `<`)."""
    tags = text.count("<")
    return not tags or 2 * len(_PLAIN_STAMP_RE.findall(text)) + len(_PLAIN_BREAK_RE.findall(text)) == tags


def chips_may_be_tokens(body: str) -> bool:
    """Whether the chips of `body` may be kept out of the sanitizer's input (`ChipTokens`): its only tags are
    plain stamp anchors and line breaks (a raw tag could leave an anchor open around a chip, which the
    sanitizer's parser would close before it) and it embeds no note (whose raw HTML could do the same)."""
    return "![[" not in body and only_plain_tags(body)
