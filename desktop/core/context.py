"""The sentence a stamp or a link belongs to, as plain text: what panels, backlinks and topic pages show.

The generator writes a stamp after the sentence(s) it cites, so within a block (a paragraph, a list item, a
heading) the text between one stamp and the next is what the second stamp cites. A link belongs to the
sentence around it, and that sentence's stamp is the one closing its segment.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from functools import cached_property

from desktop.core.links import ADMONITION_OPEN, MAX_ADMONITION_DEPTH, MAX_ADMONITIONS, fence_closes, has_fence
from desktop.core.text import has_pair

MAX_CONTEXT = 300

_OPTION_LINE = re.compile(r"\s*(?:title|collapse|icon|color)[ \t]*:", re.IGNORECASE)  # an admonition's
_BLOCK_START = re.compile(r"^(?:\s*(?:[-*+]|\d{1,9}[.)])\s+|\s*#{1,6}\s|\s*>|\s*\|)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_ALWAYS_BLOCK_START = frozenset(">|")  # the first character of a line `_BLOCK_START` matches whatever follows
_LIST_MARKS = frozenset("-*+")  # ... one it matches when white space follows
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
# The same ends found from their mark, one pattern a mark: a pattern starting with the one character it looks
# for is 4 times faster than one starting with a class of them. A match holds one mark, at its start, so the
# matches of the four are those of `_SENTENCE_END`, one character earlier.
_SENTENCE_ENDS_AFTER = tuple((mark, re.compile(re.escape(mark) + r"[\"'”’)\]]*\s+")) for mark in ".!?…")
# `_WIKILINK`'s spans without the `!` of an embed, found from their `[[` (a sentence mark never sits on it):
# `\[\[[^\[\]\n|]*?(?:\\?\|[^\[\]\n]*)?\]\]`, its parts read possessively (a `\` before the `|` read with the
# target: the same span), twice as fast
_WIKILINK_SPAN = re.compile(r"\[\[[^\[\]\n|]*+(?:\|[^\[\]\n]*+)?\]\]")

_STAMP_ANCHOR = re.compile(r"<a\b[^>]*yt[-_]timestamp[^>]*>.*?</a>", re.IGNORECASE | re.DOTALL)
# Patterns start with the character they look for (not with an optional part, an anchor or a lookbehind):
# the regex engine then skips to that character instead of trying every position, 5-40 times faster on a
# note. Each one's comment gives the plainer form it matches exactly as (tests/core/test_context.py).
# `!?\[\[([^\[\]\n|]*?)(?:\\?\|([^\[\]\n]*))?\]\]`, its target read possessively up to a `|` or `\|`: a lazy
# target tried the rest of the pattern after each of its characters (the pass took a third longer)
_WIKILINK = re.compile(r"(?:!\[|\[)\[([^\[\]\n|\\]*+(?:\\(?!\|)[^\[\]\n|\\]*+)*+)(?:\\?\|([^\[\]\n]*+))?\]\]")
# The same for a text without embeds (`![[`), starting with its `[`: the choice of `!` or `[` first had the regex
# engine test every character of a note against both (the pass took 3 times as long)
_WIKILINK_NO_EMBED = re.compile(_WIKILINK.pattern.replace(r"(?:!\[|\[)\[", r"\[\[", 1))
# Bounded and possessive (a link's words up to 500 characters, its address up to 2,048): unbounded, each `[` of
# a line of unclosed `[` and `](` scanned the rest of the line and back (QA: 120 KB of them took 50 s to index)
_MD_IMAGE = re.compile(r"!\[[^\]\n]{0,500}+\]\([^)\n]{0,2048}+\)")
_MD_LINK = re.compile(r"\[([^\]\n]{0,500}+)\]\([^)\n]{0,2048}+\)")
_TAG = re.compile(r"<[^>\n]{0,500}>")
_EMPHASIS = re.compile(r"(\*\*|__|==|~~|``*)")  # `(\*\*|__|==|~~|`+)`
_BOLD = re.compile(r"\*\*")
_SINGLE_STAR = re.compile(r"\*(?:(?<![\w*]\*)(?=\S)|(?<=\S\*)(?![\w*]))")  # `(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])`
_LINE_MARKER = re.compile(r"(?m)^\s*(?:[-*+]\s+\[[ xX]\]\s+|[-*+]\s+|\d{1,9}[.)]\s+|#{1,6}\s+|>\s*)+")
_COMMENT = re.compile(r"%%.*?%%", re.DOTALL)
_SPACES = re.compile(r"\s+")
# What else Markdown writes that a reader never sees: `_emphasis_` (never the `_` inside snake_case), block ids
# `^b15695` ending a line, callout markers `[!note]-`, footnote references `[^1]`, backslash escapes.
_SINGLE_UNDERSCORE = re.compile(r"_(?:(?<![\w\\]_)(?=\S)|(?<=\S_)(?!\w))")  # `(?<![\w\\])_(?=\S)|(?<=\S)_(?!\w)`
# `(?m)(?:^|[ \t])\^[A-Za-z0-9-]++[ \t]*+$`
_BLOCK_ID = re.compile(r"(?m)[ \t^](?:(?<=[ \t])\^|(?<=\^)(?<![^\n]\^))[A-Za-z0-9-]++[ \t]*+$")
_CALLOUT_MARKER = re.compile(r"\[![A-Za-z][\w-]*\][+-]?")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# Table rows: the delimiter row is dropped, the cells of the others read one after the other.
_TABLE_DELIMITER_ROW = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?")
_CELL_BAR = re.compile(r"(?<!\\)\|")
CELL_SEPARATOR = " · "


def plain_text(markdown: str) -> str:
    """Markdown of one sentence or paragraph as the words a reader sees, on one line.

    Each pass runs only when its trigger character is present: this runs for every stamp of every note.
    """
    first = markdown[:1]
    if _MARKUP_CHAR.search(markdown) is None and not (first in _MARKER_STARTS or first.isdigit() or first.isspace()):
        return leading_punctuation_cut(" ".join(markdown.split()))  # most sentences: words alone
    text = _markup_removed(markdown)
    if "\n" in text or text[:1] in _MARKER_STARTS or text[:1].isdigit() or text[:1].isspace():
        text = _LINE_MARKER.sub("", text)
    return leading_punctuation_cut(" ".join(_emphasis_removed(text).split()))


def _markup_removed(text: str) -> str:
    """`plain_text`'s passes before line markers: comments, stamps, links, tags, tables, block ids, escapes.
    Each runs only when its trigger characters are present; a pair of them is looked for only once the rarer
    one alone is found, or from each place of its second (`has_pair`): a scan for one character is several
    times faster than one for two."""
    if has_pair(text, "%%"):  # (`"%" in text and "%%" in text` took 2 µs a note: a third of them hold a `%`)
        text = _COMMENT.sub(" ", text)
    if "<" in text and _has_anchor_open(text):
        text = _STAMP_ANCHOR.sub(" ", text)
    if "[" in text:
        if "[[" in text:
            if "!" in text and "![[" in text:
                text = _WIKILINK.sub(_wikilink_words, text)
            else:
                text = _WIKILINK_NO_EMBED.sub(_link_words, text)
        if has_pair(text, "]("):
            text = _MD_IMAGE.sub(" ", text)
            text = _MD_LINK.sub(r"\1", text)
        if has_pair(text, "[!"):
            text = _CALLOUT_MARKER.sub(" ", text)
        if "^" in text and "[^" in text:
            text = _FOOTNOTE_REF.sub("", text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "|" in text:
        text = _table_text(text)
    if "^" in text:
        text = _BLOCK_ID.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    return text


def _has_anchor_open(text: str) -> bool:
    """`"<a" in text or "<A" in text`, found from each `<` (a scan for one character): most notes' `<` are a
    few `<br>`, and the two scans for two characters took 11 µs a note."""
    at = text.find("<")
    while at >= 0:
        if text[at + 1:at + 2] in _A:
            return True
        at = text.find("<", at + 1)
    return False


_A = frozenset("aA")


def _emphasis_removed(text: str) -> str:
    """`plain_text`'s last passes: emphasis marks and HTML entities."""
    if "_" in text or "=" in text or "~" in text or "`" in text:
        text = _EMPHASIS.sub("", text)
    elif "*" in text:  # the pattern's one match then is `**` (bold, in most notes), removed as it removes it
        text = _BOLD.sub("", text)  # (`text.replace("**", "")` took twice as long: 6.7 µs a note)
    if "*" in text:
        text = _SINGLE_STAR.sub("", text)
    if "_" in text:
        text = _SINGLE_UNDERSCORE.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return text


_MARKER_STARTS = frozenset("-*+#>")
_LEADING_PUNCTUATION = ".,;:!?)]}\u201d\u2019 "


def leading_punctuation_cut(text: str) -> str:
    """`text` (words on one line) without the punctuation and spaces a sentence cut after a stamp or a link
    starts with (the period a stamp was put before, ") " after a link), but for the dots of a relative path
    ("../notes/x", a link's words)."""
    if not text or text[0] not in _LEADING_PUNCTUATION:
        return text
    cut = text.lstrip(_LEADING_PUNCTUATION)
    if cut[:1] == "/":
        dots = len(text) - len(cut)
        while dots and text[dots - 1] == ".":
            dots -= 1
        return text[dots:] if text[dots] == "." else cut
    return cut


# The characters that set off a pass of `plain_text`: text without any (nor a marker, digit or space first) is
# words alone, as are most sentences.
_MARKUP_CHAR = re.compile(r"[%<\[|^\\\n*_=~`&]")


def _table_text(text: str) -> str:
    """Lines that are table rows (starting or ending with `|`) as their cells' words; delimiter rows dropped."""
    lines = []
    for line in text.split("\n"):
        row = line.strip()
        if row.startswith("|") or (row.endswith("|") and not row.endswith("\\|")):
            if _TABLE_DELIMITER_ROW.fullmatch(row):
                continue
            cells = (cell.strip() for cell in _CELL_BAR.split(row))
            line = CELL_SEPARATOR.join(cell for cell in cells if cell)
        lines.append(line)
    return "\n".join(lines)


def _wikilink_words(match: re.Match[str]) -> str:
    """What a reader sees of a wiki-link or an embed (`_WIKILINK`): an embed's place is a space."""
    return " " if match.group(0).startswith("!") else _link_words(match)


def _link_words(match: re.Match[str]) -> str:
    """What a reader sees of a wiki-link (`_WIKILINK_NO_EMBED`): its alias, or the note or heading it names, as
    words. (Asked for each link of a note: without the embed's check, 1.5 µs a note less.)"""
    target, alias = match.groups()
    if alias and (alias := alias.strip()):
        return alias
    target = target.strip()
    words = target.partition("#")[0] or target.lstrip("#^")
    return words.replace("_", " ") if "_" in words else words


def shorten(text: str, limit: int = MAX_CONTEXT, keep_end: bool = True) -> str:
    """Trim to about `limit` characters at a word boundary, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    if keep_end:
        cut = text[-limit:]
        space = cut.find(" ")
        return "…" + (cut[space + 1:] if 0 <= space < 40 else cut)
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit - 40 else cut) + "…"


def block_spans(body: str) -> list[tuple[int, int]]:
    """Spans of the body's blocks: runs of lines split at blank lines and at list items, headings, quotes.
    An admonition's fence lines part blocks as blank lines do, and its `title:` is a block of its own (the
    page shows the fences as a box, the title as its heading: `render.admonitions`)."""
    spans: list[tuple[int, int]] = []
    start = None
    pos = 0
    admonitions: list[str] = []  # the fences of the admonitions the scan is inside, innermost last
    boxes = 0
    options_next = False  # right after an admonition's opener, where its options are
    code_fence: str | None = None  # the fence of the code block the scan is inside
    boxed = has_fence(body) and "ad-" in body
    for line in body.splitlines(keepends=True):
        end = pos + len(line)
        stripped = line.lstrip()  # (only its start is read: `strip` took longer)
        if boxed:
            if options_next and _OPTION_LINE.match(line):  # `title:` and its kin, at the top of a box
                if start is not None:
                    spans.append((start, pos))
                spans.append((pos, end - (len(line) - len(line.rstrip("\r\n")))))
                start = None
                pos = end
                continue
            options_next = False
            if code_fence is not None:  # inside a code block: an admonition quoted there is code
                if fence_closes(line, code_fence):
                    code_fence = None
            elif stripped.startswith(("```", "~~~")):
                if ((opener := ADMONITION_OPEN.fullmatch(line.rstrip("\r\n"))) and boxes < MAX_ADMONITIONS
                        and len(admonitions) < MAX_ADMONITION_DEPTH):  # as `links.code_spans` reads them
                    admonitions.append(opener["fence"])
                    boxes += 1
                    options_next = True
                    stripped = ""
                elif admonitions and fence_closes(line, admonitions[-1]):
                    admonitions.pop()
                    stripped = ""
                elif len(line) - len(line.lstrip(" ")) <= 3:  # a code block opens
                    code_fence = stripped[:len(stripped) - len(stripped.lstrip(stripped[0]))]
        if not stripped:
            if start is not None:
                spans.append((start, pos))
                start = None
        else:
            first = stripped[0]
            if start is None:
                start = pos
            # `_BLOCK_START.match(line)`, read without the pattern for a quote, a table row or a list item's mark
            # (its `\s+`: the character after it, the line's break too, is white space): 12 µs a note, not 17
            elif first in _ALWAYS_BLOCK_START or (first in _LIST_MARKS and stripped[1:2].isspace()) \
                    or ((first == "#" or first.isdigit()) and _BLOCK_START.match(line)):
                spans.append((start, pos))
                start = pos
            if first == "#" and _HEADING.match(line):
                spans.append((start, end))  # a heading is a block of its own
                start = None
        pos = end
    if start is not None:
        spans.append((start, len(body)))
    return spans


class ContextFinder:
    """Finds, for offsets in one note body, the block, stamp segment and sentence they sit in."""

    def __init__(self, body: str, stamp_spans: Sequence[tuple[int, int]]):
        self.body = body
        self.blocks = block_spans(body)
        self.stamp_spans = list(stamp_spans)
        self._plain_cache: dict[tuple[int, int], str] = {}
        self._sentences: _SentenceEnds | None = None  # of the whole body, found when a link first asks
        self._last_sentence: tuple[tuple[int, int], str] = ((-1, -1), "")

    # Where the blocks and the stamps start, for the searches of one offset (`_block_of`, `link_sentence`): made
    # when first asked, as a parse walks blocks and stamps in text order instead (`stamp_contexts`, `link_sentences`)
    @cached_property
    def _block_starts(self) -> list[int]:
        return [start for start, _ in self.blocks]

    @cached_property
    def _stamp_starts(self) -> list[int]:
        return [start for start, _ in self.stamp_spans]

    def _plain(self, start: int, end: int) -> str:
        """Plain text of body[start:end], computed once: stamp contexts and search passages share it."""
        key = (start, end)
        text = self._plain_cache.get(key)
        if text is None:
            text = self._plain_cache[key] = plain_text(self.body[start:end])
        return text

    def _block_of(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._block_starts, offset) - 1
        if i >= 0 and self.blocks[i][0] <= offset < self.blocks[i][1]:
            return self.blocks[i]
        return (offset, offset)

    def stamp_context(self, index: int) -> str:
        """The text the stamp number `index` cites: its block's text since the previous stamp."""
        start, end = self.stamp_spans[index]
        block_start, block_end = self._block_of(start)
        seg_start = block_start
        if index > 0 and self.stamp_spans[index - 1][1] > block_start:
            seg_start = self.stamp_spans[index - 1][1]
        text = self._plain(seg_start, start)
        if text:
            return shorten(text)
        # A stamp opening its block cites what follows it, up to the next stamp.
        seg_end = block_end
        if index + 1 < len(self.stamp_spans) and self.stamp_spans[index + 1][0] < block_end:
            seg_end = self.stamp_spans[index + 1][0]
        return shorten(self._plain(end, seg_end), keep_end=False)

    def stamp_contexts(self) -> list[str]:
        """`stamp_context` of every stamp in order, their texts made plain in one pass (`plain_texts`)."""
        spans, blocks, body = self.stamp_spans, self.blocks, self.body
        # each stamp's block (`_block_of`), walking blocks and stamps together: both are in text order
        around: list[tuple[int, int]] = []
        block, last, count = 0, len(blocks) - 1, len(blocks)
        for start, _end in spans:
            while block < last and blocks[block + 1][0] <= start:
                block += 1
            around.append(blocks[block] if count and blocks[block][0] <= start < blocks[block][1]
                          else (start, start))
        pieces = []
        previous_end = None
        for (start, end), (block_start, _) in zip(spans, around):
            seg_start = previous_end if previous_end is not None and previous_end > block_start else block_start
            pieces.append(body[seg_start:start])
            previous_end = end
        texts = plain_texts(pieces)
        contexts = [text if len(text) <= MAX_CONTEXT else shorten(text) for text in texts]
        empty = [index for index, text in enumerate(texts) if not text]
        if empty:
            after: list[str] = []
            for index in empty:  # a stamp opening its block cites what follows it, up to the next stamp
                end = spans[index][1]
                seg_end = around[index][1]
                if index + 1 < len(spans) and spans[index + 1][0] < seg_end:
                    seg_end = spans[index + 1][0]
                after.append(body[end:seg_end])
            for index, text in zip(empty, plain_texts(after)):
                contexts[index] = shorten(text, keep_end=False)
        return contexts

    def link_context(self, start: int, end: int) -> tuple[str, int | None]:
        """The sentence around a link, and the index of the stamp that cites it (None when none does)."""
        span, stamp_index = self.link_sentence(start, end)
        if self._last_sentence[0] != span:
            text = plain_text(self.body[span[0]:span[1]])
            self._last_sentence = (span, shorten(text, keep_end=False) if len(text) > MAX_CONTEXT else text)
        return self._last_sentence[1], stamp_index

    def link_contexts(self, spans: Sequence[tuple[int, int]]) -> list[tuple[str, int | None]]:
        """`link_context` of each of the links at `spans` (in text order), their sentences made plain in one
        pass (`plain_texts`). A sentence that is a whole passage already made plain (`passage_texts`, asked
        first: two of three links' sentences at the public vault) is not made plain again, nor one that is a
        passage but for the end of the sentence before it (`_reads_as_its_segment`: half of the others)."""
        found, segments = self._link_sentences(spans)
        known = self._plain_cache
        sentences: dict[tuple[int, int], str | None] = {}
        new = []
        for (span, _), segment in zip(found, segments):
            if span in sentences:
                continue
            text = known.get(span)
            if text is None:
                if segment is not None and segment in known and _reads_as_its_segment(self.body, span, segment):
                    text = known[segment]
                else:
                    new.append(span)
            sentences[span] = text if text is None or len(text) <= MAX_CONTEXT else shorten(text, keep_end=False)
        if new:
            pieces = [self.body[start:end] for start, end in new]
            for span, text in zip(new, plain_texts(pieces, nul_free="\0" not in self.body)):
                known[span] = text
                sentences[span] = shorten(text, keep_end=False) if len(text) > MAX_CONTEXT else text
        return [(sentences[span], stamp_index) for span, stamp_index in found]

    def link_sentences(self, spans: Sequence[tuple[int, int]]) -> list[tuple[tuple[int, int], int | None]]:
        """`link_sentence` of each of the links at `spans`, found walking them in text order with the blocks and
        stamps, and the sentence ends in each link's segment alone, once a segment (`_SegmentSentenceEnds`):
        9 links a note at the public vault, in 8 of its 70 segments, two thirds of them holding no end. The
        ends of the whole body (`_SentenceEnds`) took longer than all this (23 µs a note against 15)."""
        return self._link_sentences(spans)[0]

    def _link_sentences(self, spans: Sequence[tuple[int, int]]
                        ) -> tuple[list[tuple[tuple[int, int], int | None]], list[tuple[int, int] | None]]:
        """`link_sentences`, and the segment of each link (None: not found in one)."""
        blocks, stamps, body = self.blocks, self.stamp_spans, self.body
        last_block, stamp_count = len(blocks) - 1, len(stamps)
        block = stamp = 0
        previous = -1
        found: list[tuple[tuple[int, int], int | None]] = []
        segments: list[tuple[int, int] | None] = []
        segment: tuple[int, int] | None = None
        segment_ends = _SegmentSentenceEnds(body)
        starts: list[int] = []
        ends: list[int] = []
        for start, end in spans:
            if start < previous:  # not in text order
                return [self.link_sentence(start, end) for start, end in spans], [None] * len(spans)
            previous = start
            while block < last_block and blocks[block + 1][0] <= start:
                block += 1
            block_start, block_end = blocks[block] if blocks and blocks[block][0] <= start < blocks[block][1] \
                else (start, start)
            while stamp < stamp_count and stamps[stamp][0] <= start:
                stamp += 1
            seg_start = stamps[stamp - 1][1] if stamp and stamps[stamp - 1][1] > block_start else block_start
            if start < seg_start:  # a link starting inside a stamp: its sentence may end before its segment starts
                found.append(self.link_sentence(start, end))
                segments.append(None)
                continue
            stamp_index: int | None = None
            seg_end = block_end
            if stamp < stamp_count and stamps[stamp][0] < block_end:
                seg_end, stamp_index = stamps[stamp][0], stamp
            if segment != (seg_start, seg_end):
                segment = (seg_start, seg_end)
                starts, ends = segment_ends.within(seg_start, seg_end)
            if starts:  # as `_SentenceEnds.around_in`
                i = bisect_right(ends, start) - 1
                j = bisect_left(starts, end)
                found.append(((ends[i] if i >= 0 else seg_start, starts[j] if j < len(starts) else seg_end),
                              stamp_index))
            else:
                found.append((segment, stamp_index))
            segments.append(segment)
        return found, segments

    def link_sentence(self, start: int, end: int) -> tuple[tuple[int, int], int | None]:
        """The span of the sentence around a link, and the index of the stamp that cites it (None when none
        does)."""
        block_start, block_end = self._block_of(start)
        i = bisect_right(self._stamp_starts, start)
        seg_start = block_start
        if i > 0 and self.stamp_spans[i - 1][1] > block_start:
            seg_start = self.stamp_spans[i - 1][1]
        stamp_index: int | None = None
        seg_end = block_end
        if i < len(self.stamp_spans) and self.stamp_spans[i][0] < block_end:
            seg_end = self.stamp_spans[i][0]
            stamp_index = i
        if self._sentences is None:
            self._sentences = _SentenceEnds(self.body)
        return self._sentences.around_in(seg_start, seg_end, start, end), stamp_index

    def passage_texts(self) -> list[tuple[int | None, str]]:
        """`passage_texts` of this note, each passage's plain text kept (`_plain`) for the link sentences that
        are whole passages (`link_contexts`)."""
        spans, closing, pieces = passage_pieces(self.body, self.blocks, self.stamp_spans)
        texts = plain_texts(pieces, nul_free="\0" not in self.body)
        self._plain_cache.update(zip(spans, texts))
        return [(i, text) for i, text in zip(closing, texts) if text]

    def passages(self) -> Iterator[tuple[int | None, str]]:
        """Every stretch of text between stamps, block by block, with the index of the stamp closing it.

        These are what full-text search indexes, so a match leads to the stamp nearest to it. (The indexer
        makes them with `passage_texts`, in one pass; this, one stretch at a time, says what that gives.)
        """
        stamp_index = 0
        for block_start, block_end in self.blocks:
            pos = block_start
            while stamp_index < len(self.stamp_spans) and self.stamp_spans[stamp_index][0] < block_end:
                start, end = self.stamp_spans[stamp_index]
                if start >= block_start:
                    text = self._plain(pos, start)
                    if text:
                        yield stamp_index, text
                    pos = end
                stamp_index += 1
            text = self._plain(pos, block_end)
            if text:
                yield None, text


class _SentenceEnds:
    """Where the sentences of a text end, leaving out periods inside a link: found once per note body, then
    asked within each segment (`around_in`)."""

    def __init__(self, segment: str):
        self.length = len(segment)
        links = [(m.start(), m.end()) for m in _WIKILINK_SPAN.finditer(segment)] if "[[" in segment else []
        link_starts = [a for a, _ in links]
        self.starts: list[int] = []
        self.ends: list[int] = []
        found: list[tuple[int, int]] = []
        for mark, pattern in _SENTENCE_ENDS_AFTER:
            if mark in segment:
                found += [(m.start() + 1, m.end()) for m in pattern.finditer(segment)]
        found.sort()
        for at, end in found:  # at: after the mark, where `_SENTENCE_END` matches
            i = bisect_left(link_starts, at) - 1  # the last link starting before it: links never overlap
            if i >= 0 and links[i][0] < at < links[i][1]:
                continue
            self.starts.append(at)
            self.ends.append(end)

    def around_in(self, seg_start: int, seg_end: int, start: int, end: int) -> tuple[int, int]:
        """`around` within the segment [seg_start, seg_end) of the text these ends were found in: what
        `_SentenceEnds(text[seg_start:seg_end]).around(...)` gives, shifted by seg_start.

        The same ends: a segment starts after a stamp (`>`) or at a line's start, where no sentence end can
        be (an end follows `.!?…`), and ends before a stamp (`<`) or after a line, so the ends found in the
        whole text that start inside the segment are the ones found in it alone (one running past its end
        ends later, which no link inside it can tell)."""
        i = bisect_right(self.ends, start) - 1
        sentence_start = self.ends[i] if i >= 0 and self.starts[i] >= seg_start else seg_start
        j = bisect_left(self.starts, end)
        sentence_end = self.starts[j] if j < len(self.starts) and self.starts[j] < seg_end else seg_end
        return max(sentence_start, seg_start), sentence_end

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence(s) holding [start, end): from the last end at or before `start` to the
        first sentence end at or after `end`."""
        i = bisect_right(self.ends, start)
        sentence_start = self.ends[i - 1] if i > 0 else 0
        j = bisect_left(self.starts, end)
        sentence_end = self.starts[j] if j < len(self.starts) else self.length
        return sentence_start, sentence_end


# The end of a sentence alone (no quote after its mark: `leading_punctuation_cut` keeps a quote)
_SENTENCE_END_ALONE = re.compile(r"[.!?][)\]]*\s+")


def _reads_as_its_segment(body: str, sentence: tuple[int, int], segment: tuple[int, int]) -> bool:
    """Whether the sentence, the end of its segment, reads as the whole segment: what comes before it there is
    the end of the sentence before (a stamp's period, `. `), and it starts with a letter. Each pass of
    `plain_text` then treats both alike, and the punctuation and spaces the segment starts with are cut
    (`leading_punctuation_cut`)."""
    start, end = sentence
    return (end == segment[1] and body[start:start + 1].isalpha()
            and _SENTENCE_END_ALONE.fullmatch(body, segment[0], start) is not None)


class _SegmentSentenceEnds:
    """The sentence ends `_SentenceEnds` finds in a body, asked segment by segment, in text order: each mark of a
    segment (a scan for one character) checked with its pattern, and left out when it is inside a wiki-link.
    A link holds no bracket, so the one a mark can be inside starts at the last `[[` before it; each stretch of
    the body is searched for `[[` once."""

    def __init__(self, body: str):
        self.body = body
        self.searched = 0  # where the search for the last `[[` before a mark stopped
        self.link_start = -1  # the last `[[` found, and the end of the wiki-link starting there (-1: none)
        self.link_end = -1

    def within(self, start: int, end: int) -> tuple[list[int], list[int]]:
        """Where each sentence end starting in [start, end) starts and ends, in order: those `_SentenceEnds`
        finds in the whole body (see `_SentenceEnds.around_in`)."""
        if end <= start:
            return [], []
        body = self.body
        first = start - 1 if start else 0  # a mark is where the end before it starts
        text = body[first:end - 1]  # (`in` and `find` on a slice of it: a third faster than on the body in bounds)
        found: list[tuple[int, int]] = []
        for mark, pattern in _SENTENCE_ENDS_AFTER:
            if mark in text:
                at = text.find(mark)
                while at >= 0:
                    if (match := pattern.match(body, first + at)) is not None:
                        found.append((first + at + 1, match.end()))
                    at = text.find(mark, at + 1)
        if not found:
            return [], []
        found.sort()
        starts, ends = [], []
        for at, after in found:
            if not self._in_link(at - 1):
                starts.append(at)
                ends.append(after)
        return starts, ends

    def _in_link(self, mark: int) -> bool:
        """Whether the mark at `mark` is inside a wiki-link (`_WIKILINK_SPAN`)."""
        if mark < self.searched:  # asked out of order: search from the start again
            self.searched, self.link_start, self.link_end = 0, -1, -1
        opening = self.body.rfind("[[", self.searched, mark)
        self.searched = mark  # a mark is no `[`: no `[[` found later starts before it
        if opening >= 0:
            link = _WIKILINK_SPAN.match(self.body, opening)
            self.link_start, self.link_end = opening, link.end() if link is not None else -1
        return self.link_start >= 0 and mark + 1 < self.link_end


def passage_texts(body: str, blocks: Sequence[tuple[int, int]],
                  stamp_spans: Sequence[tuple[int, int]]) -> list[tuple[int | None, str]]:
    """What `ContextFinder.passages` gives (each stretch of text between stamps, block by block, with the
    index of the stamp closing it), made plain in one pass over the note instead of one per passage."""
    _, closing, pieces = passage_pieces(body, blocks, stamp_spans)
    texts = plain_texts(pieces, nul_free="\0" not in body)
    return [(i, text) for i, text in zip(closing, texts) if text]


def passage_pieces(body: str, blocks: Sequence[tuple[int, int]], stamp_spans: Sequence[tuple[int, int]]
                   ) -> tuple[list[tuple[int, int]], list[int | None], list[str]]:
    """The span of each stretch of text between stamps, block by block (empty ones too), the index of the
    stamp closing it (None: its block's end), and its text (cut here: a second loop took 2 µs a note)."""
    spans: list[tuple[int, int]] = []
    closing: list[int | None] = []
    pieces: list[str] = []
    stamp_index = 0
    count = len(stamp_spans)
    for block_start, block_end in blocks:
        pos = block_start
        while stamp_index < count and stamp_spans[stamp_index][0] < block_end:
            start, end = stamp_spans[stamp_index]
            if start >= block_start:
                spans.append((pos, start))
                closing.append(stamp_index)
                pieces.append(body[pos:start])
                pos = end
            stamp_index += 1
        spans.append((pos, block_end))
        closing.append(None)
        pieces.append(body[pos:block_end])
    return spans, closing, pieces


def plain_texts(pieces: list[str], nul_free: bool = False) -> list[str]:
    """`plain_text` of each piece, in one pass over them all.

    The pieces are joined with a NUL on a line of its own (every pass of `plain_text` treats a line break
    as it treats the string's ends), made plain together, and split again. Should a pass have joined two
    pieces (a `%%comment%%` running from one to the next) or a piece hold a NUL, the count tells, and the
    pieces are made plain one by one instead. `nul_free`: the caller knows no piece holds a NUL (the pieces
    of a body holding none: a scan of the body for one is 8 times faster than the count of them).
    """
    joined = _PIECE_BREAK.join(pieces)
    if len(pieces) < 2 or (not nul_free and joined.count("\0") != len(pieces) - 1):
        return [plain_text(piece) for piece in pieces]
    text = plain_text_lines(joined)
    texts = text.replace("\n", " ").split("\0")
    if len(texts) != len(pieces):
        return [plain_text(piece) for piece in pieces]
    for space in _OTHER_SPACES:  # a scan for one character each; none found in text of one byte a character
        if space in text:
            return [leading_punctuation_cut(" ".join(piece.split())) for piece in texts]
    # Each piece's words one space apart, its leading punctuation cut (`leading_punctuation_cut`): its
    # punctuation and spaces stripped from its start, its spaces from its end, and the rare piece holding a run
    # of spaces (0.2 a note at the public vault) or starting with a path's `/` made plain as ever. A pass over
    # the whole text for the runs of spaces took longer than this loop (12 µs a note: one character in six is
    # a space), and so did a call of `leading_punctuation_cut` for each of the half of the pieces (the text
    # after a stamp: `.`, `. Then`) that start with punctuation (these lines took 36 µs a note, now 22).
    words = []
    paths = "/" in text  # (three notes in four hold none: their pieces are not asked, 1.3 µs a note less)
    for piece in texts:
        plain = piece.lstrip(_LEADING_PUNCTUATION).rstrip(" ")
        if "  " in plain or (paths and plain[:1] == "/"):
            plain = leading_punctuation_cut(_SPACE_RUN.sub(" ", piece.strip(" ")))
        words.append(plain)
    return words


# What `str.split()` splits at besides " " and "\n" (the characters whose `isspace()` is true), and runs of
# spaces
_OTHER_SPACES = tuple("\x09\x0b\x0c\x0d\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SPACE_RUN = re.compile("  +")


_PIECE_BREAK = "\n\0\n"
# `_LINE_MARKER` for `plain_text_lines`: its spaces never the line break ending a piece (a piece's `-` at its
# end stays a `-`), and found after a line break (a literal the regex engine skips to) or at the start. After
# the break, a look at the one character a marker (or the spaces before it) can start with: most breaks are
# followed by none, and fail there (the pass took a third longer); nor is a line break ending a piece, before
# the NUL after it (30 a note: they made the pass take a tenth longer).
_PIECE_SPACE = r"(?:(?!\n\0)\s)"
_MARKERS_OF_PIECES = _LINE_MARKER.pattern.removeprefix("(?m)^").replace(r"\s", _PIECE_SPACE)
_LINE_MARKER_AFTER_BREAK = re.compile(r"\n(?=[\s\-*+\d#>])(?!\n\0)" + _MARKERS_OF_PIECES)
_LINE_MARKER_AT_START = re.compile(_MARKERS_OF_PIECES)


def plain_text_lines(markdown: str) -> str:
    """`plain_text`'s passes over text whose lines are each made plain on their own: the words of each line
    left on it (not joined into one line, not trimmed). For `passage_texts`."""
    text = _markup_removed(markdown)
    if (start := _LINE_MARKER_AT_START.match(text)) is not None:
        text = text[start.end():]
    if "\n" in text:
        text = _LINE_MARKER_AFTER_BREAK.sub("\n", text)
    return _emphasis_removed(text)

