"""A note body to HTML: one configured Python-Markdown per thread (and per embedding depth), reused."""

from __future__ import annotations

from html import unescape as html_unescape
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from markdown import Markdown, util
from markdown.extensions.codehilite import CodeHiliteExtension
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.footnotes import FootnoteInlineProcessor
from markdown.extensions.toc import (TocExtension, TocTreeprocessor, escape_cdata, nest_toc_tokens, remove_fnrefs,
                                      render_inner_html, run_postprocessors, slugify_unicode, strip_tags, unique)
from markdown.extensions.toc import unescape as toc_unescape
from markdown.htmlparser import HTMLExtractor
from markdown.inlinepatterns import (BACKTICK_RE, IMAGE_LINK_RE, IMAGE_REFERENCE_RE, LINK_RE, REFERENCE_RE,
                                     ImageInlineProcessor, ImageReferenceInlineProcessor, LinkInlineProcessor,
                                     ReferenceInlineProcessor, ShortImageReferenceInlineProcessor,
                                     ShortReferenceInlineProcessor)
from markdown.preprocessors import HtmlBlockPreprocessor
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor, isString

from desktop.core.model import Link, Stamp
from desktop.render.admonitions import AdmonitionExtension
from desktop.render.anchors import LinkAnchorExtension
from desktop.render.brackets import BoundedLinkReading
from desktop.render.blocks import BlockIdExtension, block_of
from desktop.render.callouts import CalloutExtension
from desktop.render.embeds import EmbedExtension, Transclude
from desktop.render.fences import ContainerFenceExtension
from desktop.render.linker import LinkTargets
from desktop.render.nesting import HTML_NOTICE as HTML_NESTING_NOTICE
from desktop.render.nesting import NOTICE as NESTING_NOTICE
from desktop.render.nesting import NestingCapExtension, cap_html_depth
from desktop.render.obsidian import ObsidianExtension
from desktop.render.timestamps import (ChipTokens, TimestampExtension, chips_may_be_tokens, is_chip,
                                       only_plain_tags)
from desktop.render.wikilinks import WikiLinkExtension

MAX_EMBED_DEPTH = 4


class RenderCancelled(Exception):
    """A page's render given up part way: whoever asked for it wants it no more (`stop_when`)."""


_stop = threading.local()


@contextmanager
def stop_when(unwanted: Callable[[], bool]) -> Iterator[None]:
    """Renders on this thread inside the block stop (raise `RenderCancelled`) soon after `unwanted()` says so:
    it is asked before each block and each text of a note. A window's page the reader has left behind so
    frees its core, rather than rendering a slow note to the end for no one."""
    before = getattr(_stop, "unwanted", None)
    _stop.unwanted = unwanted
    try:
        yield
    finally:
        _stop.unwanted = before


def _stop_if_unwanted() -> None:
    unwanted = getattr(_stop, "unwanted", None)
    if unwanted is not None and unwanted():
        _local.__dict__.pop("pool", None)  # its renderers stopped half way: the next render makes new ones
        raise RenderCancelled

# What each inline pattern cannot match without: a text holding none of its characters skips it. Python-
# Markdown tries every pattern on every text of a page (some thousand regex searches a note, a third of an
# export's time); most texts hold none of these characters. A pattern not named here is always tried.
_NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",), "yt_timestamp": ("<",), "bracket_stamp": ("[",), "wikiembed": ("![[",), "wikilink": ("[[",), "escape": ("\\",),
    "footnote": ("[^",), "reference": ("[",), "link": ("[",), "image_link": ("![",), "image_reference": ("![",),
    "short_reference": ("[",), "short_image_ref": ("![",), "autolink": ("<",), "automail": ("@",),
    "linebreak": ("  \n",), "html": ("<",), "entity": ("&",), "obsidian_tag": ("#",), "highlight": ("==",),
    "em_strong": ("*", "_"),
}

# Patterns applied to all their matches in a text in one pass instead of one call per match (a note holds
# some sixty stamps and twenty links: Python-Markdown's per-match call rebuilt the text each time). Only for
# patterns whose match is the element's whole span, which look neither behind the match (but for `(?<!!)`,
# which a placeholder and the `]` it stands for both fail) nor at `data`: the result is the same. `==mark==`
# too: a hostile note's 32,000 marks in a paragraph rebuilt 160 KB 32,000 times.
_BATCHED = frozenset({"yt_timestamp", "wikilink", "highlight", "backtick"})
# Code spans too (a note of 26,500 code spans in a paragraph rebuilt its 160 KB once per span: 1.2 s). Their
# pattern looks one character behind a match (`(?<!\\)`) and reads the text after it, which is as it was;
# the one character behind differs only right after escaped backslashes before a backtick (`\\\\`x``), whose
# placeholder ends in ETX: there the next match is that backtick, read with the pattern minus the look-behind.
_BACKTICK_AFTER_ESCAPES = re.compile(BACKTICK_RE.replace("(?<!\\\\)", ""))


class _SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's inline pass, trying on a text only the patterns whose characters it holds (any one
    of `_NEEDS[name]`): the same result, as a pattern cannot match a text without them."""

    def _InlineProcessor__handleInline(self, data: str, pattern_index: int = 0) -> str:  # noqa: N802
        # Python-Markdown's private `__handleInline` (3.x), with the skip: it calls this name for every text.
        if isinstance(data, util.AtomicString):
            return data
        _stop_if_unwanted()
        patterns = self.inlinePatterns
        needs = self._needs()
        apply = self._InlineProcessor__applyPattern
        start = 0
        count = len(patterns)
        batched = self._batched()
        while pattern_index < count:
            need = needs[pattern_index]
            if need is not None:
                # A loop, not any(): this runs some thousand times a note. Looked for from `start` (past the
                # pattern's last match, whose characters a match lies after): looking from the text's start
                # walked over every match's placeholder again, 8,000 `==a==` in a paragraph were quadratic.
                for chars in need:
                    if (chars in data) if not start else (data.find(chars, start) >= 0):
                        break
                else:
                    pattern_index, start = pattern_index + 1, 0  # as when the pattern finds nothing
                    continue
            if batched[pattern_index]:
                data = self._apply_all(patterns[pattern_index], data, pattern_index, start)
                pattern_index, start = pattern_index + 1, 0
                continue
            data, matched, start = apply(patterns[pattern_index], data, pattern_index, start)
            if not matched:
                pattern_index += 1
        return data

    def _apply_all(self, pattern, data: str, pattern_index: int, start: int) -> str:
        """`__applyPattern` called until it finds nothing, in one pass: every match from `start` replaced
        by its element's placeholder, the elements' own texts handled as `__applyPattern` does, in order."""
        for exclude in pattern.ANCESTOR_EXCLUDES:
            if exclude.lower() in self.ancestors:
                return data
        regex = pattern.getCompiledRegExp()
        handle = self._InlineProcessor__handleInline
        pieces: list[str] = []
        last = 0
        spans = _TokenSpans(data) if self.chip_tokens is not None and pattern is self.stamp_pattern and \
            _may_hold_tokens(data, self.ancestors) else None
        m = regex.search(data, start)
        while m is not None:
            free = spans is not None and spans.free_at(m.start(0), m.end(0))
            if free:
                node = pattern.chip_or_token(m, self.chip_tokens)
                begin, end = (m.start(0), m.end(0)) if node is not None else (None, None)
            else:
                node, begin, end = pattern.handleMatch(m, data)
            if begin is None or end is None:  # rejected: the search goes on after it
                if spans is not None:
                    spans.rejected(m.start(0))
                m = regex.search(data, m.end(0))
                continue
            if free and isinstance(node, str):  # the chip's token, left in the text
                pieces.append(data[last:begin])
                pieces.append(node)
                last = end
                m = regex.search(data, end)
                continue
            if node is not None:
                if not isinstance(node, str) and not isinstance(node.text, util.AtomicString):
                    for child in [node, *node]:
                        if not isString(node):
                            if child.text:
                                self.ancestors.append(child.tag.lower())
                                child.text = handle(child.text, pattern_index + 1)
                                self.ancestors.pop()
                            if child.tail:
                                child.tail = handle(child.tail, pattern_index)
                pieces.append(data[last:begin])
                pieces.append(self._InlineProcessor__stashNode(node, pattern.type()))
                last = end
                if isinstance(node, str) and pattern.pattern == BACKTICK_RE:  # escaped backslashes: see above
                    m = _BACKTICK_AFTER_ESCAPES.match(data, end)
                    continue
            m = regex.search(data, end)
        if not pieces:
            return data
        pieces.append(data[last:])
        return "".join(pieces)

    chip_tokens: ChipTokens | None = None  # set by `BodyRenderer.render` for a page whose chips may be tokens
    stamp_pattern = None  # the stamp pattern, whose chips may become tokens

    def _batched(self) -> list[bool]:
        batched = getattr(self, "_batched_list", None)
        if batched is None or len(batched) != len(self.inlinePatterns):
            batched = [False] * len(self.inlinePatterns)
            for name in _BATCHED:
                if name in self.inlinePatterns and (name != "backtick" or
                                                    self.inlinePatterns[name].pattern == BACKTICK_RE):
                    batched[self.inlinePatterns.get_index_for_name(name)] = True
            self._batched_list = batched
        return batched

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
                ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern", "_InlineProcessor__stashNode"))


# Where a chip may be a token (`ChipTokens`) rather than an element: in a text no later pass reads for its
# boundaries — a heading's (the toc names it from its text), a `^id` block marker's, a line break's tail, an
# escaped character's — and, in that text, outside anything a link, image or wiki-link pattern could still
# wrap around it (their text and their `(url "title")`), where the chip would land in an attribute or in
# another anchor.
_NO_TOKEN_ANCESTORS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "a"})
_NO_TOKEN_TEXT = ("^", "  \n", "\\")
_BRACKETS_RE = re.compile(r"[\[\]()\"']")


def _may_hold_tokens(data: str, ancestors: list[str]) -> bool:
    for tag in ancestors:
        if tag in _NO_TOKEN_ANCESTORS:
            return False
    for chars in _NO_TOKEN_TEXT:
        if chars in data:
            return False
    return True


class _TokenSpans:
    """Reads a text left to right, match by match, saying whether a match is outside every bracket group and
    every `(…)` right after one: stamps are the first pattern tried after code spans, so the brackets around
    a match in the text are those the link patterns will see (the match's own text aside: it is replaced)."""

    def __init__(self, data: str):
        self.data = data
        self.pos = 0  # read up to here
        self.depth = 0  # `[` still open
        self.parens = 0  # `(` still open, from the one right after the `]` closing a group
        self.quoted = False  # a quote inside such `(…)`: a title, which may hold `)`; nothing after is free

    def free_at(self, start: int, end: int) -> bool:
        """Whether the match `start:end` is free, reading the text before it; its own text is skipped."""
        data, pos, self.pos = self.data, self.pos, end
        if self.quoted:
            return False
        if not (self.depth or self.parens) and "[" not in data[pos:start] and "]" not in data[pos:start]:
            return True
        while (m := _BRACKETS_RE.search(data, pos, start)) is not None:
            char, pos = m.group(0), m.end()
            if self.parens:
                if char == "(":
                    self.parens += 1
                elif char == ")":
                    self.parens -= 1
                elif char in "\"'":
                    self.quoted = True
                    return False
            elif char == "[":
                self.depth += 1
            elif char == "]" and self.depth:
                self.depth -= 1
                if not self.depth and pos < start and data[pos] == "(":
                    self.parens, pos = 1, pos + 1
        return not (self.depth or self.parens)

    def rejected(self, start: int) -> None:
        """The match at `start` was refused: its text stays, to be read with the next one."""
        self.pos = start


# Post-processors that change a text only where it holds a placeholder (STX … ETX), which a plain heading's
# text does not; ours only rewrite the stash, which the page's own post-processing (and `md.toc`'s) does.
_PLACEHOLDER_POSTPROCESSORS = frozenset({"raw_html", "amp_substitute", "footnote", "yt_timestamp_raw",
                                         "raw_html_images"})


def _plain_inner_html(heading) -> str | None:
    """What the toc's `render_inner_html` reads back of a heading holding only text with nothing to escape or
    put back (before its post-processors), or None for any other heading."""
    text = heading.text or ""
    if len(heading) or "&" in text or "<" in text or ">" in text or "\x02" in text:
        return None
    for value in heading.attrib.values():
        if "\x02" in value:
            return None
    return text.strip()


class _HeadingsTreeprocessor(TocTreeprocessor):
    """The toc's pass, building its `[TOC]` block only for a page that holds the marker. We keep the
    headings (`toc_tokens`) and never `md.toc`; building, serializing and post-processing that block for
    every page, and walking the page for a marker it does not hold, was a tenth of rendering a note.
    The post-processors it would run on the block run on the page anyway, after it, with the same result."""

    def run(self, doc) -> None:
        marker = self.marker
        self._with_block = bool(marker) and any(el.text and marker in el.text for el in doc.iter())
        if not self._with_block and not self.use_anchors and self.use_permalinks in (False, None):
            self._headings(doc)
            return
        if not self._with_block:
            self.marker = ""  # no element's text is the marker: `replace_marker` would change nothing
        try:
            super().run(doc)
        finally:
            self.marker = marker

    def _headings(self, doc) -> None:
        """`TocTreeprocessor.run` (Python-Markdown 3.x) for a page without the marker, anchors or permalinks,
        taking a heading that is plain text as it is rather than serializing it and reading it back."""
        used_ids = set()
        for el in doc.iter():
            if "id" in el.attrib:
                used_ids.add(el.attrib["id"])
        id_counters: dict[str, int] = {}
        toc_tokens = []
        for el in doc.iter():
            if isinstance(el.tag, str) and self.header_rgx.match(el.tag):
                self.set_level(el)
                innerhtml = _plain_inner_html(el)
                if innerhtml is None:
                    innerhtml = render_inner_html(remove_fnrefs(el), self.md)
                elif not set(self.md.postprocessors._data) <= _PLACEHOLDER_POSTPROCESSORS:
                    innerhtml = run_postprocessors(innerhtml, self.md)
                name = strip_tags(innerhtml)
                if "id" not in el.attrib:
                    el.attrib["id"] = unique(self.slugify(html_unescape(name), self.sep), used_ids, id_counters)
                data_toc_label = ""
                if "data-toc-label" in el.attrib:
                    data_toc_label = run_postprocessors(toc_unescape(el.attrib["data-toc-label"]), self.md)
                    name = escape_cdata(strip_tags(data_toc_label))
                    del el.attrib["data-toc-label"]
                if self.toc_top <= int(el.tag[-1]) <= self.toc_bottom:
                    toc_tokens.append({"level": int(el.tag[-1]), "id": toc_unescape(el.attrib["id"]), "name": name,
                                       "html": innerhtml, "data-toc-label": data_toc_label})
        toc_tokens = nest_toc_tokens(toc_tokens)
        toc = self.md.serializer(self.build_toc_div(toc_tokens))
        for pp in self.md.postprocessors:
            toc = pp.run(toc)
        self.md.toc_tokens = toc_tokens
        self.md.toc = toc

    def build_toc_div(self, toc_list: list):
        if self._with_block:
            return super().build_toc_div(toc_list)
        return etree.Element("div")  # becomes `md.toc`, which nothing reads


# A stamp anchor as the generator writes it: well-formed, two plain attributes (no entity, quote or `>` in them).
_PLAIN_STAMP_TAG_RE = re.compile(r'<a class="yt-timestamp" data-t="([0-9:]{1,16})">')


class _StampTagExtractor(HTMLExtractor):
    """Python-Markdown's raw-HTML extractor, reading a plain stamp anchor's tags without its general
    tag parsers (the tolerant regexes and attribute loop ran for each of a note's ~60 stamps, a tenth
    of rendering it): the same calls, with the attributes that parser finds in such a tag.

    A `<` with no `>` after it starts no tag, end tag or instruction: the rest of the text is text. The
    standard library's parser looked for each such `<`'s end up to the text's end and then went on one `<`
    further (quadratic: 53,000 unclosed `<a ` took minutes); outside a raw block, where every piece of text
    and every entity is kept in order alike, the rest is taken as text at once."""

    _last_close: tuple[str | None, int] = (None, -1)  # (rawdata, where its last `>` is)

    def _text_to_the_end(self, i: int) -> int | None:
        """Past the end, the rest taken as text, when no tag can start at `i`; else None."""
        rawdata = self.rawdata
        seen, last_close = self._last_close
        if seen is not rawdata:
            last_close = rawdata.rfind(">")
            self._last_close = (rawdata, last_close)
        if last_close > i or self.inraw or self.intail or self.cdata_elem is not None:
            return None
        self.handle_data(rawdata[i:])
        return len(rawdata)

    def parse_pi(self, i: int) -> int:
        end = self._text_to_the_end(i)
        return super().parse_pi(i) if end is None else end

    def parse_html_declaration(self, i: int) -> int:
        end = self._text_to_the_end(i)
        return super().parse_html_declaration(i) if end is None else end

    def parse_starttag(self, i: int) -> int:
        m = _PLAIN_STAMP_TAG_RE.match(self.rawdata, i)
        if m is None:
            end = self._text_to_the_end(i)
            return super().parse_starttag(i) if end is None else end
        self._HTMLExtractor__starttag_text = m.group(0)
        self.lasttag = "a"
        self.handle_starttag("a", [("class", "yt-timestamp"), ("data-t", m.group(1))])
        return m.end()

    def parse_endtag(self, i: int) -> int:
        # `</a>` closing each stamp, outside a script or style: what the general end-tag parser does with it.
        if self.cdata_elem is None and self.rawdata.startswith("</a>", i):
            self.handle_endtag("a")
            self.clear_cdata_mode()
            return i + 4
        end = self._text_to_the_end(i)
        return super().parse_endtag(i) if end is None else end


class _StampTagHtmlBlockPreprocessor(HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        if only_plain_tags(source) and "&#" not in source:
            # Inline tags only: the extractor stashes nothing and gives the text back as it was (a third of
            # rendering a note was its parser reading the stamp anchors, for nothing). But for a character
            # reference without its `;` (`&#65 `), which it completes (`&#65;`, an "A"), as browsers read it.
            return lines
        parser = _StampTagExtractor(self.md)
        parser.feed(source)
        parser.close()
        return "".join(parser.cleandoc).split("\n")


class _FencesWhenFenced(FencedBlockPreprocessor):
    """Python-Markdown's fenced-code pass, skipped for a page without three backticks or tildes in a row:
    a fence opens with them, and without one the pass gives the lines back as they were (its search
    of the whole page for a fence was a fiftieth of rendering it)."""

    def run(self, lines: list[str]) -> list[str]:
        for line in lines:
            if "```" in line or "~~~" in line:
                return super().run(lines)
        return lines


class _NoteLinkDestination:
    """Python-Markdown's reading of a link's `(…)`, with its fallback for a title that never closes counted
    right, and no link whose destination holds a stamp chip.

    Python-Markdown (3.x; 3.11.3, the one installed) takes a quote after `(` for a title's start and, when no
    quote closes it, falls back to the `)` balancing the `(` — but it counts a `(` inside that supposed title
    down instead of up. A `(` after an apostrophe, as in a note's `[00:36:56](<stamp>. A customer's story
    [00:37:38](<stamp>.`, so brings its count to 0 with no `)` found, and it answers a link ending at -1: a
    link to the rest of the paragraph, its last placeholder cut in half (shown as `klzzwxh:…`). A URL like
    `(…/Ender's_Game_(film)) and more` lost its text the same way. Where its answer ends before it starts,
    this takes the `)` that balances the `(` (none: no link, the text stays text).

    The public vault's generator also wrapped stamps in links, `[01:17:01](<stamp>)`: the stamp is stashed
    as its chip by then (`yt_timestamp` comes first), and the link went to a topic named after the chip's
    text. A chip is no link's destination: such a `[time](…)` stays text around the chip, as the core reads
    it (`core/links.py` finds no link there).
    """

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        href, title, end, handled = super().getLink(data, index)
        if handled and end <= index:
            close = _balancing_parenthesis(data, index)
            if close is None:
                return "", None, index, False
            href, title, end = self.unescape(data[index + 1:close]).strip(), None, close + 1
        if handled and self._holds_chip(data, index, end):
            return href, title, end, False
        return href, title, end, handled

    def _holds_chip(self, data: str, start: int, end: int) -> bool:
        """Whether `data[start:end]` holds the placeholder of a stamp chip."""
        if util.INLINE_PLACEHOLDER_PREFIX not in data[start:end]:
            return False
        stash = self.md.treeprocessors["inline"].stashed_nodes
        for m in util.INLINE_PLACEHOLDER_RE.finditer(data, start, end):
            if is_chip(stash.get(m.group(1))):
                return True
        return False


def _balancing_parenthesis(data: str, index: int) -> int | None:
    """Where the `)` closing the `(` at `index` is, counting the parentheses between (quotes are no title here)."""
    depth = 0
    for pos in range(index, len(data)):
        char = data[pos]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if not depth:
                return pos
    return None


class _LinkInlineProcessor(BoundedLinkReading, _NoteLinkDestination, LinkInlineProcessor):
    pass


class _ImageInlineProcessor(BoundedLinkReading, _NoteLinkDestination, ImageInlineProcessor):
    pass


class _ReferenceInlineProcessor(BoundedLinkReading, ReferenceInlineProcessor):
    pass


class _ImageReferenceInlineProcessor(BoundedLinkReading, ImageReferenceInlineProcessor):
    pass


class _ShortReferenceInlineProcessor(BoundedLinkReading, ShortReferenceInlineProcessor):
    pass


class _ShortImageReferenceInlineProcessor(BoundedLinkReading, ShortImageReferenceInlineProcessor):
    pass


_NEVER_RE = re.compile(r"(?!)")


class _FootnoteWhenDefined(FootnoteInlineProcessor):
    """Python-Markdown's footnote marker `[^id]`, not searched for on a page that defines no footnote, where no
    marker can be one (its `handleMatch` refuses every id not defined). Its search walks from each `[^` to the
    next `]`: to the paragraph's end for each of a hostile note's unclosed `[^`."""

    def getCompiledRegExp(self) -> re.Pattern[str]:  # noqa: N802
        return self.compiled_re if self.footnotes.footnotes else _NEVER_RE


class _UnescapeWhenEscaped(UnescapeTreeprocessor):
    """Python-Markdown's pass putting back backslash-escaped characters, skipped for a body without a
    backslash: only the escape pattern makes the placeholders it looks for (`STX digits ETX`; STX and ETX
    are taken out of every source), and it walked every element of every page for them."""

    escaped = True  # set by `BodyRenderer.render` for each body

    def run(self, root) -> None:
        if self.escaped:
            super().run(root)


class _HeadingsExtension(TocExtension):
    TreeProcessorClass = _HeadingsTreeprocessor


# What each block processor cannot take a block without (any one of the strings): a block holding none is
# not tested by it (`test`: its regex cannot match; `run`: one that always tests true and gives the block
# back when its regex finds nothing). A note's blocks are long paragraphs, each searched by every processor.
# Each is looked for in the block after a line break, so that "\n#" means `#` starting a line: a heading's `#`
# starts its line, a quote's `>` comes after at most three spaces, a rule holds three of `-`, `_` or `*` with at
# most two spaces between two of them (every paragraph with a stamp holds a `>`, and most a `-`).
_BLOCK_TEST_NEEDS: dict[str, tuple[str, ...]] = {
    "hashheader": ("\n#",), "setextheader": ("\n=", "\n-"), "table": ("|",),
    "hr": ("--", "- -", "-  -", "__", "_ _", "_  _", "**", "* *", "*  *"),
    "quote": ("\n>", "\n >", "\n  >", "\n   >"),
}
_BLOCK_RUN_NEEDS: dict[str, tuple[str, ...]] = {"reference": ("]:",), "footnote": ("[^",)}


def _guard_block_processors(parser) -> None:
    """Give the block processors of `parser` the cheap checks above, and have it step through them without
    re-sorting its registry for every block: the same processors in the same order, the same result."""
    processors = parser.blockprocessors
    for name, needs in _BLOCK_TEST_NEEDS.items():
        if name in processors:
            processor = processors[name]
            processor.test = _tested_only_with(processor.test, needs)
    for name, needs in _BLOCK_RUN_NEEDS.items():
        if name in processors and type(processors[name]).test(processors[name], None, "") is True:
            processor = processors[name]
            processor.run = _run_only_with(processor.run, needs)
    ordered = list(processors)

    def parse_blocks(parent, blocks: list[str]) -> None:  # BlockParser.parseBlocks over `ordered`
        while blocks:
            _stop_if_unwanted()
            for processor in ordered:
                if processor.test(parent, blocks[0]):
                    if processor.run(parent, blocks) is not False:
                        break

    parser.parseBlocks = parse_blocks


def _tested_only_with(test, needs: tuple[str, ...]):
    # Loops, not any() over a generator: these run for every block of every page, some 190 times a note. A
    # need "\n…" is found at the block's start too (without its line break).
    starts = tuple(chars[1:] for chars in needs if chars.startswith("\n"))

    def guarded(parent, block: str) -> bool:
        for chars in needs:
            if chars in block:
                return test(parent, block)
        if starts and block.startswith(starts):
            return test(parent, block)
        return False
    return guarded


def _run_only_with(run, needs: tuple[str, ...]):
    def guarded(parent, blocks: list[str]):
        block = blocks[0]
        for chars in needs:
            if chars in block:
                return run(parent, blocks)
        return False  # what `run` does when its regex finds nothing: the block stays for the next one
    return guarded


# The extractor's fast path sets the private start-tag text its `get_starttag_text` returns (Python-Markdown 3.x).
_CAN_READ_STAMP_TAGS = "_HTMLExtractor__starttag_text" in vars(HTMLExtractor)


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
                _HeadingsExtension(slugify=slugify_unicode, toc_depth="1-6"),
                self.wikilinks, self.timestamps, self.embeds, CalloutExtension(), ObsidianExtension(),
                NestingCapExtension(), self.anchors, self.blocks, ContainerFenceExtension(), AdmonitionExtension(),
            ],
        )
        # Python-Markdown's link and image patterns, reading a note's `(…)` right (`_NoteLinkDestination`),
        # and they and the reference patterns reading brackets in linear time (`BoundedLinkReading`).
        patterns = self.md.inlinePatterns
        patterns.register(_ReferenceInlineProcessor(REFERENCE_RE, self.md), "reference", 170)
        patterns.register(_LinkInlineProcessor(LINK_RE, self.md), "link", 160)
        patterns.register(_ImageInlineProcessor(IMAGE_LINK_RE, self.md), "image_link", 150)
        patterns.register(_ImageReferenceInlineProcessor(IMAGE_REFERENCE_RE, self.md), "image_reference", 140)
        patterns.register(_ShortReferenceInlineProcessor(REFERENCE_RE, self.md), "short_reference", 130)
        patterns.register(_ShortImageReferenceInlineProcessor(IMAGE_REFERENCE_RE, self.md), "short_image_ref", 125)
        footnote = patterns["footnote"]
        if type(footnote) is FootnoteInlineProcessor:
            patterns.register(_FootnoteWhenDefined(footnote.pattern, footnote.footnotes), "footnote", 175)
        self._inline = _SkippingInlineProcessor(self.md) if _CAN_SKIP else None
        if self._inline is not None:
            self._inline.stamp_pattern = self.md.inlinePatterns["yt_timestamp"]
            self.md.treeprocessors.register(self._inline, "inline", 20)  # replaces Markdown's
        _guard_block_processors(self.md.parser)
        fenced = self.md.preprocessors["fenced_code_block"]
        if type(fenced) is FencedBlockPreprocessor:
            self.md.preprocessors.register(_FencesWhenFenced(self.md, fenced.config), "fenced_code_block", 25)
        self._unescape = _UnescapeWhenEscaped(self.md)
        self.md.treeprocessors.register(self._unescape, "unescape", 0)  # replaces Markdown's
        if _CAN_READ_STAMP_TAGS:
            self.md.preprocessors.register(_StampTagHtmlBlockPreprocessor(self.md), "html_block", 20)  # as well


    def render(self, body: str, targets: LinkTargets, stamps: Sequence[Stamp] = (), *,
               transclude: Transclude | None = None, allow_remote: bool = False,
               stamp_ids: bool = True, links: Sequence[Link] = (),
               chip_tokens: ChipTokens | None = None) -> tuple[str, list[dict]]:
        """(HTML, headings) of a note body. The HTML is not sanitized yet; headings are the toc tokens.

        `stamp_ids`: chips get `id="stamp-<i>"` and blocks `id="block-<id>"`; off for embedded notes, whose
        chips and blocks are another note's (the page's own would lose their ids to the copies).
        `links`: the note's links (Note.links): their elements get `id="link-<n>"` (`render/anchors.py`).
        `chip_tokens`: where the chips may be tokens, the `ChipTokens` holding them (see `render_sanitized`).
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
        self._unescape.escaped = "\\" in body
        if self._inline is not None:
            self._inline.chip_tokens = chip_tokens
        try:
            html = self.md.convert(body)
        finally:  # this renderer outlives the page: keep nothing of it (the index it came from above all)
            if self._inline is not None:
                self._inline.chip_tokens = None
            self.wikilinks.setConfig("targets", "")
            self.embeds.setConfig("targets", "")
            self.embeds.setConfig("transclude", "")
            self.timestamps.setConfig("stamps", [])
            self.anchors.setConfig("links", [])
        if getattr(self.md, "nesting_capped", False):
            html = f'<p class="render-notice">{NESTING_NOTICE}</p>\n{html}'
        headings = list(getattr(self.md, "toc_tokens", []))
        return html, headings

    def render_sanitized(self, body: str, targets: LinkTargets, stamps: Sequence[Stamp] = (), *,
                         sanitize: Callable[[str], str], url_schemes: Iterable[str], **options) -> tuple[str, list]:
        """(sanitized HTML, headings) of a note body: `render` then `sanitize`, the chips the app writes itself
        kept out of both where they can be (`ChipTokens`: `url_schemes` are those `sanitize` keeps in links),
        raw HTML nested past `nesting.MAX_HTML_DEPTH` flattened first (with a notice)."""
        tokens = ChipTokens(url_schemes) if chips_may_be_tokens(body) else None
        html, headings = self.render(body, targets, stamps, chip_tokens=tokens, **options)
        html, flattened = cap_html_depth(html)
        html = sanitize(html)
        if flattened:
            html = f'<p class="render-notice">{HTML_NESTING_NOTICE}</p>\n{html}'
        return (tokens.put_back(html) if tokens is not None else html), headings


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
