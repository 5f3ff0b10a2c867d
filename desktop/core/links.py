"""Finding links in a note body: wiki-links, embeds and Markdown links to local files, never inside code.

Pure Python (no Qt): the indexer runs this over every note of a vault, so it stays regex-driven and
skips the expensive passes when a cheap substring test shows there is nothing to find.
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_right
from collections.abc import Sequence
from urllib.parse import unquote

from desktop.core.model import LinkRef
from desktop.core.stamps import is_time_target
from desktop.core.text import has_pair

__all__ = ["ADMONITION_OPEN", "IMAGE_SUFFIXES", "MAX_ADMONITIONS", "MAX_ADMONITION_DEPTH", "code_spans", "fence_closes", "has_fence", "is_image", "link_anchor", "parse_links", "split_target"]

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".avif", ".ico"})


def is_image(path: str) -> bool:
    """True for a file a page shows as a picture (an embed of it is an image, not a link)."""
    return posixpath.splitext(path)[1].lower() in IMAGE_SUFFIXES

Span = tuple[int, int]

# --- code -------------------------------------------------------------------------------------------

# A fence opener: optional container markers (blockquote `>`, list bullets `-*+`, `1.`/`1)`) then ``` or ~~~.
_FENCE_OPEN = re.compile(
    r"[ \t]*(?:(?:>[ \t]?)|(?:[-*+]|\d{1,9}[.)])[ \t]+)*[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)"
)
_FENCE_CLOSE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_INDENTED = re.compile(r"(?: {4}|\t| {0,3}\t)")
_ATX_OR_RULE = re.compile(r" {0,3}(?:#{1,6}(?:[ \t]|$)|(?:[-*_][ \t]*){3,}$)")
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


# An admonition (Obsidian's Admonition plugin): a fence whose info is `ad-TYPE`, its content Markdown in a box
# (the renderer's `admonitions`). Up to 3 spaces before it, nothing after the type.
ADMONITION_OPEN = re.compile(r"[ ]{0,3}(?P<fence>`{3,}|~{3,})[ \t]*ad-(?P<kind>[A-Za-z][\w-]*)[ \t]*")
# How many admonitions a note may have read as boxes, and how deep in each other; past either, a fence is code
# as any other. Each one's end is looked for ahead: without a bound, a hostile note of unclosed openers took
# quadratic time here and nested the page's callouts past Python's recursion limit.
MAX_ADMONITIONS = 200
MAX_ADMONITION_DEPTH = 4


def fence_closes(line: str, fence: str) -> bool:
    """Whether `line` closes a fence opened with `fence`: up to 3 spaces, at least as many of its character,
    nothing else."""
    rest = line.strip()
    return (len(line) - len(line.lstrip(" ")) <= 3 and len(rest) >= len(fence) and rest[0] == fence[0]
            and rest.strip(fence[0]) == "")


def _is_blank(line: str) -> bool:
    return not line.strip()


def _block_code_spans(body: str) -> list[Span]:
    """Fenced and indented code blocks, found line by line (fences need state, so no single regex)."""
    spans: list[Span] = []
    lines = body.splitlines(keepends=True)
    offsets: list[int] = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)

    in_list = False  # inside a list item or its continuation, where indentation is not code
    prev_blank = True  # start of body counts as after a blank line
    i = 0
    n = len(lines)
    admonition_ends: list[int] = []  # the closing line of each admonition the scan is inside, innermost last
    admonitions = 0
    while i < n:
        line = lines[i].rstrip("\r\n")
        if admonition_ends and admonition_ends[-1] == i:
            spans.append((offsets[i], offsets[i] + len(line)))  # its closing fence line
            while admonition_ends and admonition_ends[-1] == i:
                admonition_ends.pop()
            prev_blank = True
            i += 1
            continue
        limit = admonition_ends[-1] if admonition_ends else n  # a fence inside one ends with it
        if _is_blank(line):
            prev_blank = True
            i += 1
            continue

        indented = _INDENTED.match(line) is not None
        if indented and prev_blank and not in_list:
            # Indented code block: runs over indented and blank lines, ends before the next shallower line.
            start = offsets[i]
            end_line = i
            j = i + 1
            while j < limit:
                nxt = lines[j].rstrip("\r\n")
                if _is_blank(nxt):
                    j += 1
                    continue
                if _INDENTED.match(nxt):
                    end_line = j
                    j += 1
                    continue
                break
            spans.append((start, offsets[end_line] + len(lines[end_line].rstrip("\r\n"))))
            i = end_line + 1
            prev_blank = False
            continue

        fence = _FENCE_OPEN.fullmatch(line) if ("```" in line or "~~~" in line) else None
        if fence and not (fence["fence"][0] == "`" and "`" in fence["info"]):
            # Outside lists and quotes a fence may be indented at most 3 spaces (deeper is paragraph text).
            prefix = line[: fence.start("fence")]
            if (ADMONITION_OPEN.fullmatch(line) and admonitions < MAX_ADMONITIONS
                    and len(admonition_ends) < MAX_ADMONITION_DEPTH):  # Markdown in a box: its fence lines not text
                admonitions += 1
                spans.append((offsets[i], offsets[i] + len(line)))
                admonition_ends.append(next((j for j in range(i + 1, limit) if fence_closes(lines[j], fence["fence"])),
                                            limit))
                prev_blank = True
                i += 1
                continue
            if in_list or prefix.strip() or len(prefix.expandtabs(4)) <= 3:
                char, length = fence["fence"][0], len(fence["fence"])
                start = offsets[i]
                end = offsets[limit] - 1 if limit < n else len(body)  # an unclosed fence runs to the end
                j = i + 1
                while j < limit:
                    candidate = lines[j].rstrip("\r\n")
                    rest = candidate[_FENCE_CLOSE_PREFIX.match(candidate).end():].rstrip()
                    if len(rest) >= length and rest.strip(char) == "" and rest[0] == char:
                        end = offsets[j] + len(candidate)
                        break
                    j += 1
                spans.append((start, end))
                i = j + 1 if j < limit else limit  # unclosed: the admonition around it still closes
                prev_blank = False
                continue

        if _ATX_OR_RULE.match(line):
            in_list = False
        elif _LIST_ITEM.match(line):
            in_list = True
        elif prev_blank and not line[0] in " \t":
            in_list = False  # a flush-left paragraph after a blank line ends the list
        prev_blank = False
        i += 1
    return spans


def _inline_code_spans(body: str, start: int, end: int, out: list[Span]) -> None:
    """CommonMark code spans in body[start:end]: a run of N backticks closed by the next run of exactly N."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(body, start, end)]
    k = 0
    while k < len(runs):
        run_start, run_end = runs[k]
        # A backslash before the run escapes its first backtick (outside code, backslashes escape).
        slashes = 0
        p = run_start - 1
        while p >= start and body[p] == "\\":
            slashes += 1
            p -= 1
        if slashes % 2:
            run_start += 1
            if run_start == run_end:
                k += 1
                continue
        length = run_end - run_start
        closed = False
        for m in range(k + 1, len(runs)):
            close_start, close_end = runs[m]
            if close_end - close_start == length:
                # A code span never crosses a paragraph break.
                if _BLANK_LINE.search(body, run_end, close_start) is None:
                    out.append((run_start, close_end))
                    k = m + 1
                    closed = True
                break
        if not closed:
            k += 1


def code_spans(body: str) -> list[tuple[int, int]]:
    """Sorted (start, end) offsets of fenced blocks, indented blocks and inline code, where links are not links."""
    may_have_blocks = has_fence(body) or _may_have_indented_code(body)
    blocks = _block_code_spans(body) if may_have_blocks else []
    if "`" not in body:
        return blocks
    spans: list[Span] = []
    cursor = 0
    for block_start, block_end in blocks:
        if cursor < block_start:
            _inline_code_spans(body, cursor, block_start, spans)
        spans.append((block_start, block_end))
        cursor = block_end
    if cursor < len(body):
        _inline_code_spans(body, cursor, len(body), spans)
    return spans


def has_fence(text: str) -> bool:
    """Whether `text` holds a ``` or ~~~ (a fence, maybe): a scan for the one character first, as most notes have
    neither (several times faster than one for three)."""
    return ("`" in text and "```" in text) or ("~" in text and "~~~" in text)


def _may_have_indented_code(body: str) -> bool:
    """Whether a body without fences may hold an indented code block: a line indented as code first in the body
    or after a blank line. Most indented lines are nested list items, and the line scan that said they are no
    code took a fifth of reading such a note. Lines split at `\n` here: a body with another line break
    (`str.splitlines` splits at these too) may."""
    if (_INDENTED_LINE.search(body) is None and ("\t" not in body or "\n\t" not in body)
            and not body.startswith(("    ", "\t"))):
        return False
    return (_INDENTED.match(body) is not None or _FIRST_LINE_BLANK_THEN_INDENTED.match(body) is not None
            or _BLANK_THEN_INDENTED.search(body) is not None or _other_line_breaks(body))


# `"\n    " in body`: the regex engine skips from line break to line break, where `in` tried each space (2.8 µs
# a note against 4.6)
_INDENTED_LINE = re.compile("\n    ")
_BLANK_THEN_INDENTED = re.compile(r"\n[^\S\n]*\n(?: {4}|\t| {0,3}\t)")  # a blank line, then a line as `_INDENTED`
_FIRST_LINE_BLANK_THEN_INDENTED = re.compile(r"[^\S\n]*\n(?: {4}|\t| {0,3}\t)")


def _other_line_breaks(text: str) -> bool:
    """Whether `str.splitlines` splits `text` at anything but `\n` (one character looked for at a time: a regex of
    them all took 20 times as long)."""
    return ("\v" in text or "\f" in text or "\x1c" in text or "\x1d" in text or "\x1e" in text or "\r" in text
            or (not text.isascii() and ("\x85" in text or "\u2028" in text or "\u2029" in text)))


# --- links ------------------------------------------------------------------------------------------

# `[[target#heading|alias]]`: no brackets in the target; the alias may hold balanced `[...]` (a Markdown link).
# Patterns start with a literal '[' so the regex engine can scan fast; a leading '!' is checked by hand.
# Its parts are groups: the target (to the first `#` or `|`), the heading (after that `#`) and the alias (after the
# `|`), as `split_wikilink` cuts the text between the brackets: done by the regex engine, not per link in Python
# (1.4 µs a link, 9 links a note). The plain form, `\[\[([^\[\]\n|]*(?:\|ALIAS)?)\]\]`, matches the same spans.
_WIKI_PARTS = re.compile(r"\[\[([^\[\]\n|#]*)(?:#([^\[\]\n|]*))?(?:\|([^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*))?\]\]")
# Possessive quantifiers: each part has one reading, so never backtrack into it (3x faster on real notes).
_MD_LINK = re.compile(
    r"\[(?P<text>(?:[^\[\]\n\\]++|\\.|\[[^\[\]\n]*+\])*+)\]"
    r"\(\s*+(?:<(?P<angle>[^<>\n]*+)>|(?P<raw>(?:[^\s()\\]++|\\.|\((?:[^\s()\\]|\\.)*+\))++))"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def link_anchor(ordinal: int) -> str:
    """The HTML id of a note's link number `ordinal` (its place in `Note.links`) in the note's rendered page.

    Every link the page shows as a link or an embedded note has one; an embedded picture has none.
    """
    return f"link-{ordinal}"


def split_target(raw: str) -> tuple[str, str | None]:
    """Split `target#heading` at the first '#': the target (may be empty) and the heading (None when absent)."""
    target, sep, heading = raw.partition("#")
    heading = heading.strip()
    return target.strip(), (heading or None) if sep else None


def _starts_in(spans: Sequence[Span], pos: int) -> bool:
    """True when pos lies inside one of the sorted, non-overlapping spans."""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def split_wikilink(inner: str) -> tuple[str, str | None, str | None]:
    """(target, heading, alias) of the text between `[[` and `]]`; in tables the bar is written `\\|`."""
    bar = inner.find("|")
    if bar >= 0:
        raw_target = inner[: bar - 1] if bar > 0 and inner[bar - 1] == "\\" else inner[:bar]
        alias = inner[bar + 1:].strip() or None
    else:
        raw_target, alias = inner, None
    target, heading = split_target(raw_target)
    return target, heading, alias


def _wiki_link(match: re.Match[str], embed: bool) -> LinkRef | None:
    """The link a `_WIKI_PARTS` match is: its parts as `split_wikilink` gives them; None for `[[02:15:01]]` (a
    stamp) or a link naming nothing."""
    target, heading, alias = match.groups()
    if alias is not None:
        if heading is not None:  # in tables the bar is written `\|`: its backslash is not part of the name
            heading = heading[:-1] if heading.endswith("\\") else heading
        elif target.endswith("\\"):
            target = target[:-1]
        alias = alias.strip() or None
    target = target.strip()
    if heading is not None:
        heading = heading.strip() or None
    if not target and not heading:
        return None  # nothing named
    if not embed and ":" in match[0] and is_time_target(match[0][2:-2]):
        return None  # `[[02:15:01]]`: a stamp
    return LinkRef(target, heading, alias, embed, match.start() - embed, match.end())


def _markdown_link(match: re.Match[str], embed: bool) -> LinkRef | None:
    angle = match["angle"]
    dest = angle.strip() if angle is not None else _MD_ESCAPE.sub(r"\1", match["raw"])
    if not dest or dest.startswith(("#", "//")) or is_time_target(dest):
        return None  # empty, same-page anchor, a network URL, or `[02:32:30](02:32:30)`: a stamp
    if _SCHEME.match(dest) and not _DRIVE.match(dest):
        return None  # http:, mailto:, javascript:, ... but not C:\ or C:/
    path, sep, fragment = dest.partition("#")
    target = unquote(path).strip()
    if not target:
        return None
    heading = (unquote(fragment).strip() or None) if sep else None
    alias = _MD_ESCAPE.sub(r"\1", match["text"]).strip() or None
    return LinkRef(target, heading, alias, embed, match.start() - embed, match.end(), markdown=True)


def parse_links(body: str, skip: Sequence[tuple[int, int]] | None = None) -> list[LinkRef]:
    """Every wiki-link, embed and local Markdown link of body in text order, leaving out those starting in code.

    `skip` (sorted, non-overlapping spans) lets a caller that already computed `code_spans(body)` pass them in.
    """
    has_wiki = "[[" in body
    has_markdown = has_pair(body, "](")
    if not has_wiki and not has_markdown:
        return []
    if skip is None:
        skip = code_spans(body)

    links: list[LinkRef] = []
    wiki_spans: list[Span] = []
    if has_wiki:
        for match in _WIKI_PARTS.finditer(body):
            start = match.start()
            if skip and _starts_in(skip, start):
                continue
            embed = start > 0 and body[start - 1] == "!" and not (skip and _starts_in(skip, start - 1))
            start -= embed
            wiki_spans.append((start, match.end()))
            link = _wiki_link(match, embed)
            if link is not None:
                links.append(link)
    if has_markdown:
        found_markdown = False
        for match in _MD_LINK.finditer(body):
            start = match.start()
            if skip and _starts_in(skip, start):
                continue
            embed = start > 0 and body[start - 1] == "!" and not (skip and _starts_in(skip, start - 1))
            start -= embed
            if wiki_spans and _starts_in(wiki_spans, start):
                continue  # `[[a|[x](y.md)]]`: part of the wiki-link's text
            link = _markdown_link(match, embed)
            if link is not None:
                links.append(link)
                found_markdown = True
        if found_markdown and wiki_spans:
            links.sort(key=lambda link: link.start)
    return links
