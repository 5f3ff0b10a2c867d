"""Timestamps in note bodies: finding them, and reading each as the exact second it cites.

Pure Python (no Qt) so the indexer can run it over tens of thousands of notes in a worker.

The notes come from a language model that writes three-part stamps two ways: the documented `H:MM:SS`
and, in some notes, `M:SS:ff` (minutes, seconds, frames). `read_note_stamps` decides per note, then per
stamp, which reading the evidence supports, so every stamp leads to the second the claim was said. Notes
written `M:SS:ff` go on past the first hour as `H:MM:SS:ff` (1,027 stamps of the public vault); one note
writes each stamp as the stretch `MM:SS:MM:SS` (`_four_reading` tells the two apart).
"""

from __future__ import annotations

import functools
import html
import operator
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Sequence
from desktop.core.model import StampRef
from desktop.core.youtube import VIDEO_ID_RE, format_seconds, parse_youtube_url
from desktop.core.youtube import is_video_id as is_valid_video_id
from desktop.core.youtube import watch_url as youtube_url

__all__ = [
    "StampValue",
    "VIDEO_ID_RE",
    "find_stamps",
    "format_seconds",
    "is_valid_video_id",
    "parse_stamp_value",
    "read_note_stamps",
    "youtube_url",
]

NEAR = 300  # seconds: how far apart neighbouring claims of one note usually are at most
MAX_VIDEO = 4 * 3600  # these transcripts run at most 4 hours
MAX_STAMP = 24 * 3600  # seconds: past any video's length (YouTube keeps at most 12 hours of one): no time

# --------------------------------------------------------------------------- finding stamps

# Cheap scans decide whether a note can hold each kind of stamp at all; most bodies stop there. A substring
# test on the case-folded text: a case-insensitive regex search took 7 times as long (0.05 ms a note).
_ANCHOR_WORD, _YOUTUBE_WORD = "yt-timestamp", "youtu"


def mentions_youtube(text: str, folded: str | None = None) -> bool:
    """Whether `text` (case-folded: `folded`, if already at hand) names YouTube at all, in any letter case."""
    return _YOUTUBE_WORD in (folded if folded is not None else text.casefold())
# A stamp's tag is read up to `MAX_TAG` characters (one is some 40), by the core and the page alike: each `<a`
# of a note is tried, and one that never closed was read to the note's end and back (1,000 unclosed
# `<a class="yt-timestamp" ` took 17 s to index).
MAX_TAG = 1000
_ANCHOR_OPEN_RE = re.compile(rf"<a\b(?=[^>]{{0,{MAX_TAG}}}?yt[-_]timestamp)(?P<attrs>[^>]{{0,{MAX_TAG}}})>",
                             re.IGNORECASE)  # `yt_`: 20 typos
# The form the generator writes, read without a full attribute parse (the common case by far).
_CANONICAL_ATTRS_RE = re.compile(r' class="yt-timestamp" data-t="(?P<t>[^"&]*)"')
_ANCHOR_CLOSE_RE = re.compile(r"<(?P<slash>/?)a\b[^>]*>", re.IGNORECASE)
_ATTR_RE = re.compile(
    r"""(?P<name>[^\s=/>"']+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'=<>`]+)))?"""
)
_TAG_RE = re.compile(r"<[^>]*>")
# `[text](url)`; the text may hold one level of brackets (`[[12:34]](…)`); the url may sit in `<…>`.
# Never an image (`![…](…)`): the lookbehind after the `[`, so that the regex engine skips to it (first, the
# pattern took 2.7 times as long). The text is read whole, possessively: only its whole can be followed by the `]`
# (a shorter text ends before a character or a `[`), and the engine tried each shorter one at every `[` of a
# note (`[[topic]]`, `[00:01:37]`): 62 µs a note naming YouTube, now 16.
_MD_LINK_RE = re.compile(
    r"""\[(?<!!\[)(?P<text>[^\[\]\n]*+(?:\[[^\[\]\n]*+\][^\[\]\n]*+)*+)\]"""
    r"""\(\s*<?(?P<url>https?://[^\s<>()]*youtu[^\s<>()]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)""",
    re.IGNORECASE,
)
_PLAIN_SECONDS_RE = re.compile(r"(\d+)s?", re.IGNORECASE)  # `754` or `754s`: already exact


def find_stamps(body: str, skip: Sequence[tuple[int, int]] = (), folded: str | None = None,
                youtube: bool | None = None) -> list[StampRef]:
    """Every timestamp of `body` in text order; matches starting inside a `skip` span (code) are left out.
    `folded`: the body case-folded, and `youtube`: whether it `mentions_youtube`, if the caller has them (the
    parse also asks `videos.video_links_in`, only of a note that names YouTube: the scan of a whole note for
    it took 3.6 µs)."""
    if folded is None:
        folded = body.casefold()
    anchors = _anchor_refs(body, folded) if _ANCHOR_WORD in folded or "yt_timestamp" in folded else []
    links: list[StampRef] = []
    if youtube if youtube is not None else mentions_youtube(body, folded):
        anchor_spans = [(ref.start, ref.end) for ref in anchors]
        links = [ref for ref in _find_link_stamps(body) if not _starts_inside(ref.start, anchor_spans)]
    refs = sorted(anchors + links, key=_START) if links else anchors  # the anchors come in text order
    if "[" in body and _BRACKET_START_RE.search(body):
        taken = [(ref.start, ref.end) for ref in refs]
        brackets = [ref for ref in _bracket_refs(body) if not _starts_inside(ref.start, taken)]
        if brackets:
            refs = sorted(refs + brackets, key=_START)
    if skip:
        starts = [span[0] for span in skip]
        refs = [ref for ref in refs if not _starts_inside(ref.start, skip, starts)]
    return refs


_START = operator.attrgetter("start")

# `[00:01:37]` as plain text after a sentence: how 1,484 notes of the public vault cite their video (61,900
# times), with no anchor around it; also `[00:01:02, 00:01:30]`, `[00:02:50 | 00:34:42]` and `[00:01:37 -
# 00:01:45]`, which cite the first time; `[[02:15:01]]` (800 times: a wiki-link to no note, but a time),
# `[01:05:04](#01:05:04)` (a link to a heading no note has) and `[02:32:30](02:32:30)`. Not `[00:01:37](url)`:
# a Markdown link, a stamp when its URL is a video's.
_TIME = r"\d{1,3}(?::\d{1,2}){1,3}"
_MORE_TIMES = r"(?:[ \t]*[,|–-][ \t]*" + _TIME + r")*"
BRACKET_STAMP_RE = re.compile(r"\[(?<!\">\[)(?P<open>\[)?(?P<label>(?P<t>" + _TIME + r")" + _MORE_TIMES + r")\]"
                              r"(?(open)\]|)(?:\((?:#[^()\s]*|" + _TIME + r")\)|(?!\())")
# Never an anchor's own label (`">[00:01:37]</a>`); the `[` first, so the regex engine skips to it (the
# lookbehind first took 9 times as long).
_BRACKET_START_RE = re.compile(r"\[(?<!\">\[)\[?\d{1,3}:")
_TIMES_RE = re.compile(_TIME + _MORE_TIMES)


def is_time_target(inner: str) -> bool:
    """Whether the text between a wiki-link's `[[ ]]` is a time (or a list of them), not a name: such a
    `[[02:15:01]]` is a stamp (`BRACKET_STAMP_RE`), never a link or a topic."""
    return ":" in inner and _TIMES_RE.fullmatch(inner.strip()) is not None  # (a time has a colon: most names none)


def stamp_url(video_id: str | None, second: int | None) -> str | None:
    """The URL a stamp opens: its video at its second; None without either."""
    return youtube_url(video_id, second) if video_id and second is not None else None


# (label, value) of the stamp a `BRACKET_STAMP_RE` match is: its times as written, and the first. The one reading
# of a bracketed time: the renderer makes its chip of the same. A call in C, mapped over a note's matches (a
# note of 43 bracketed stamps took 39 µs to read them with a Python function, now 28).
bracket_reading: Callable[[re.Match[str]], tuple[str, str]] = operator.methodcaller("group", "label", "t")


def _bracket_refs(body: str) -> list[StampRef]:
    found = list(BRACKET_STAMP_RE.finditer(body))
    if not found:
        return []
    labels, values = zip(*map(bracket_reading, found))
    return list(map(StampRef, labels, values, map(re.Match.start, found), map(re.Match.end, found)))


def _starts_inside(
    pos: int, spans: Sequence[tuple[int, int]], starts: Sequence[int] | None = None
) -> bool:
    """Whether `pos` falls in one of the sorted, non-overlapping [start, end) `spans`."""
    if not spans:
        return False
    if starts is None:
        starts = [span[0] for span in spans]
    i = bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# The whole element exactly as the generator writes it: read with one match, no attribute parse.
_CANONICAL_ELEMENT_RE = re.compile(
    r'<a class="yt-timestamp" data-t="(?P<t>[^"&<>]*)">(?:\[(?P<bracketed>[^\[\]<>&]*)\]|(?P<plain>[^\[\]<>&]*))</a>')


# The generator's anchor labelled with its own time (`[00:01:37]`, `00:01:37` or nothing: 87% of the public
# vault's stamps), or any other `<a`/`<A`, in one scan. When every `<a` of a note (every place an anchor of
# `_ANCHOR_OPEN_RE` may start) is an anchor as the generator writes it whose tag `_ANCHOR_OPEN_RE` reads whole,
# each is its ref with its span, whichever way below the note would go: (time, time) for one labelled with its
# time (digits and colons, nothing `str.strip` takes off), `_canonical_refs` of any other.
_LONGEST_TIME = MAX_TAG - len(' class="yt-timestamp" data-t=""')  # of a tag `_ANCHOR_OPEN_RE` reads
_SAME_ANCHOR_OR_OPENER_RE = re.compile(
    rf'<(?:a(?: class="yt-timestamp" data-t="([0-9:]{{1,{_LONGEST_TIME}}})">(?:\[\1\]|\1)?</a>)?|A)')
_TIME_OF_MATCH = operator.itemgetter(1)


def _anchor_refs(body: str, folded: str) -> list[StampRef]:
    """`_find_anchor_stamps` of `body` (`folded`: its case-folded text) as a list; a note whose anchors are all
    as the generator writes them read in one scan (most notes), else in four."""
    found = list(_SAME_ANCHOR_OR_OPENER_RE.finditer(body))
    times = list(map(_TIME_OF_MATCH, found))
    # passes in C, no Python loop over the stamps: `find_stamps` took 34 µs a note, not 42
    refs = list(map(StampRef, times, times, map(re.Match.start, found), map(re.Match.end, found)))
    if None not in times or _other_anchors_read(body, found, times, refs):
        return refs
    canonical = list(_CANONICAL_ELEMENT_RE.finditer(body))
    if len(canonical) == folded.count(_ANCHOR_WORD) == len(_ANCHOR_OPENER.findall(folded)):
        return _canonical_refs(canonical)
    return list(_find_anchor_stamps(body))


def _other_anchors_read(body: str, found: list[re.Match[str]], times: list[str | None], refs: list[StampRef]) -> bool:
    """Make the ref of each `<a` of `found` that is no anchor labelled with its time (None in `times`): whether
    each is an anchor as the generator writes it, with a tag `_ANCHOR_OPEN_RE` reads (a note of anchors labelled
    `[00:11:18]` for `data-t="11:18:00"`, one in 16 of the public vault's, took 70 µs, now 50)."""
    for i in [i for i, time in enumerate(times) if time is None]:
        whole = _CANONICAL_ELEMENT_RE.match(body, found[i].start())
        if whole is None or len(whole["t"]) > _LONGEST_TIME:
            return False
        refs[i] = _canonical_refs([whole])[0]
    return True


# `folded.count("<a")` is `len(_ANCHOR_OPENER.findall(folded))` ("<a" cannot overlap itself): the regex engine
# skips from `<` to `<` (a note has some 80), where `str.count` tried each `a` (7.5 µs a note against 4)
_ANCHOR_OPENER = re.compile("<a")


def _find_anchor_stamps(body: str):
    """The `<a class="yt-timestamp" …>…</a>` elements, whatever their attribute order and quoting."""
    for opening in _ANCHOR_OPEN_RE.finditer(body):
        if whole := _CANONICAL_ELEMENT_RE.match(body, opening.start()):
            yield from _canonical_refs([whole])  # one reading of the generator's form (placeholders too)
            continue
        inner, end = _anchor_inner(body, opening.end())
        read = anchor_reading(opening.group("attrs"), inner)
        if read is not None:
            label, value = read
            yield StampRef(label=label, value=value, start=opening.start(), end=end)


def anchor_reading(attrs_text: str, inner: str | None) -> tuple[str, str] | None:
    """(label, value) of the stamp an anchor with these attributes (the text between `<a` and `>`) and inner
    HTML is, or None when it is no stamp. The one reading of an anchor: the renderer pairs each anchor with
    the note's stamp of the same label, so the two must never read one differently."""
    attrs = _stamp_attrs(attrs_text)
    if attrs is None:
        return None
    label = _anchor_label(inner or "")
    value = attrs.get("data-t", label).strip() or _broken_value(attrs_text)
    if label != value and label:
        value = _time_of(value, label)
    return label or value, value


def _time_of(value: str, label: str) -> str:
    """An anchor's value: its `data-t`, unless that is no time and its text is (`data-t="HH:00:00">[00:00:00]`:
    a placeholder the model left, 82 in the public vault)."""
    if parse_stamp_value(value) is None and parse_stamp_value(label) is not None:
        return label
    return value


# `data-t="00:03:01]-[00:03:03]</a>`: a range whose quote the model never closed (the public vault has 34 in
# one note). HTML would read the attribute on to the next quote, sentences and all; what the model meant is the
# time the range starts at. Likewise `data="00:11:05"></a>`: no `data-t`, no label, but a time in the tag.
_BROKEN_VALUE_RE = re.compile(_TIME)


def _broken_value(attrs: str) -> str:
    """The first time written in an anchor's attributes (its `data-t`, broken, or another), else ""."""
    found = _BROKEN_VALUE_RE.search(attrs)
    return found.group(0) if found else ""


def _canonical_refs(matches: list[re.Match[str]]) -> list[StampRef]:
    """The refs of anchors matched whole by `_CANONICAL_ELEMENT_RE` (what the loop below makes of them)."""
    refs = []
    for whole in matches:  # this runs for every stamp of every note: groups and span in one call each
        value, bracketed, plain = whole.groups()
        value = value.strip()
        label = (bracketed if bracketed is not None else plain).strip()
        if label != value and label:
            value = _time_of(value, label)
        refs.append(StampRef(label or value, value, *whole.span()))
    return refs


def _stamp_attrs(text: str) -> dict[str, str] | None:
    """The attributes of a `yt-timestamp` anchor, or None when its class does not hold `yt-timestamp`."""
    if canonical := _CANONICAL_ATTRS_RE.fullmatch(text):
        return {"data-t": canonical.group("t")}
    attrs = parse_attrs(text)
    classes = attrs.get("class", "").lower().split()
    if "yt-timestamp" in classes or "yt_timestamp" in classes:
        return attrs
    # The tag names `yt-timestamp` (the pattern found it) but its class is broken: `class="yt="yt-timestamp"`,
    # `class class="yt-timestamp"` (66 anchors of the public vault). With a time to cite it is still a stamp.
    return attrs if "data-t" in attrs and _BROKEN_CLASS_RE.search(text) else None


_BROKEN_CLASS_RE = re.compile(r"yt[-_]timestamp(?![\w-])", re.IGNORECASE)  # the name itself, not `yt-timestamps`


def parse_attrs(text: str) -> dict[str, str]:
    """Attribute names (lower-cased) to their unescaped values; the first occurrence wins, as in HTML. (Of a
    tag's text between its name and `>`: stamp anchors here, raw `<img>` tags in `render/embeds.py`.)"""
    attrs: dict[str, str] = {}
    for m in _ATTR_RE.finditer(text):
        name = m.group("name").lower()
        if name in attrs:
            continue
        raw = next((g for g in (m.group("dq"), m.group("sq"), m.group("uq")) if g is not None), "")
        attrs[name] = html.unescape(raw)
    return attrs


def _anchor_inner(body: str, pos: int) -> tuple[str, int]:
    """The text up to this anchor's `</a>` and the offset after it; an unclosed anchor is just its tag, and
    the bracketed time right after it (`<a …>[00:13:54]岡田, <a …>`: 136 in the public vault), which is its
    label and no stamp of its own."""
    close = _ANCHOR_CLOSE_RE.search(body, pos)
    if close is None or not close.group("slash"):
        label = UNCLOSED_LABEL_RE.match(body, pos)
        return (label.group(0), label.end()) if label else ("", pos)
    return body[pos : close.start()], close.end()


UNCLOSED_LABEL_RE = re.compile(r"\[[^\[\]<>\n]{1,24}\]")  # what the renderer's `ANCHOR_RE` also takes


def _anchor_label(inner: str) -> str:
    """What the reader sees: the inner text without tags and without the `[ ]` the model wraps it in."""
    text = html.unescape(_TAG_RE.sub("", inner)).strip()
    if len(text) >= 2 and text[0] == "[" and text[-1] == "]":
        text = text[1:-1].strip()
    return text


def _find_link_stamps(body: str):
    """Markdown links to a YouTube video at a time: `[12:34](https://youtu.be/ID?t=754)` and kin."""
    for m in _MD_LINK_RE.finditer(body):
        parsed = _youtube_time(m.group("url"))
        if parsed is None:
            continue
        value, video_id = parsed
        plain = _PLAIN_SECONDS_RE.fullmatch(value)
        yield StampRef(
            label=m.group("text").strip() or value,
            value=value,
            start=m.start(),
            end=m.end(),
            video_id=video_id if is_valid_video_id(video_id) else None,
            seconds_hint=int(plain.group(1)) if plain else None,
        )


def _youtube_time(url: str) -> tuple[str, str | None] | None:
    """(time value, video id) of a YouTube URL that carries a `t=`/`start=`, else None."""
    if "t=" not in url and "%" not in url and "&" not in url:
        # No `t=` even once unescaped (by `html.unescape`, or `parse_qs` in a key): no time. Most links of a note
        # that lists videos (`watch?v=ID`), parsed for nothing: such a note took 230 µs, now 120.
        return None
    parsed = parse_youtube_url(html.unescape(url))
    if parsed is None or parsed[1] is None:
        return None
    return parsed[1], parsed[0]


# --------------------------------------------------------------------------- parsing values

_FOUR_RE = re.compile(r"(\d{1,2}):(\d{2}):(\d{2}):(\d{1,3})")  # H:MM:SS:ff, as the model writes it
_THREE_RE = re.compile(r"(\d{1,3}):(\d{1,2}):(\d{1,2})")
_TWO_RE = re.compile(r"(\d{1,3}):(\d{1,2})")
_UNITS_RE = re.compile(r"(?=\d)(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class StampValue:
    """A stamp value's numbers and shape; three-part values need a reading ("hms"/"msf") to become seconds."""

    parts: tuple[int, ...]
    kind: str  # "four", "three", "two", "seconds" or "hms_units"

    def seconds_as(self, reading: str = "hms") -> int:
        """The second this value cites when read as `reading` (only three-part values depend on it)."""
        if self.kind == "three":
            a, b, c = self.parts
            return a * 60 + b if reading == "msf" else a * 3600 + b * 60 + c
        if self.kind == "two":
            return self.parts[0] * 60 + self.parts[1]
        if self.kind == "four" and reading == "range":  # MM:SS:MM:SS, from one time to the next
            return self.parts[0] * 60 + self.parts[1]
        if self.kind == "hms_units" or self.kind == "four":  # H:MM:SS:ff: the frames do not make a second
            h, m, s = self.parts[:3]
            return h * 3600 + m * 60 + s
        return self.parts[0]


@functools.lru_cache(maxsize=32768)
def parse_stamp_value(value: str) -> StampValue | None:
    """The shape of a stamp value, or None when it is not a time at all (remembered: a vault's stamps say the
    same values again and again; the public vault's 804,776 stamps hold 33,000 values, and a memory of 8,192
    missed one lookup in five, 17 µs a note; full, this one holds some 8 MB). The model's `[ ]` around a time
    (`00:19:07]`, 170 stray brackets in the public vault) and a colon after it are not part of it."""
    text = _stamp_text(value)
    if m := _THREE_RE.fullmatch(text):
        return StampValue(tuple(map(int, m.groups())), "three")
    if m := _FOUR_RE.fullmatch(text):
        hours, minutes, seconds, frames = (int(g) for g in m.groups())
        return StampValue((hours, minutes, seconds, frames), "four") if minutes < 60 and seconds < 60 else None
    if m := _TWO_RE.fullmatch(text):
        minutes, seconds = int(m.group(1)), int(m.group(2))
        return StampValue((minutes, seconds), "two") if seconds < 60 else None
    if m := _PLAIN_SECONDS_RE.fullmatch(text):
        return StampValue((int(m.group(1)),), "seconds")
    if (m := _UNITS_RE.fullmatch(text)) and (m.group(1) or m.group(2)):
        return StampValue(tuple(int(g or 0) for g in m.groups()), "hms_units")
    return None


def _stamp_text(value: str) -> str:
    """A stamp value's text without the `[ ]` the model put around it or a colon after it."""
    text = (value or "").strip().strip("[]").strip()
    if text.endswith(":") and ":" in text[:-1]:  # `01:26:`: 79 in the public vault
        text = text[:-1]
    return text


# --------------------------------------------------------------------------- reading a note's stamps

_FLIP = {"hms": "msf", "msf": "hms"}


def read_note_stamps(
    refs: Sequence[StampRef], override: str | None = None
) -> tuple[list[tuple[int | None, str | None]], str | None, list[str]]:
    """Per ref (seconds, reading), the note's timestamp_format, and warnings for values that are no time.

    `override` ("hms"/"msf", from frontmatter) forces the reading of every three-part stamp.
    """
    if refs and (override is None or override in _FLIP):
        read = _read_three_part(refs, override)
        if read is not None:
            return read
    return _read_any(refs, override)


# What a three-part value is to `_read_three_part`: (its second read H:MM:SS, read M:SS:ff, its `_ODD`, `_SECONDS`
# and `_HOURS` flags), False for any other value. Looked up by the value as written with `dict.get` mapped over
# a note's values: no Python call per stamp, as `parse_stamp_value`'s cache needs.
_THREE_PART: dict[str, tuple[int, int, int] | bool] = {}
_THREE_PART_MAX = 32768  # values (a vault's are some 33,000; full, some 6 MB); emptied when full
_ODD, _SECONDS, _HOURS = 1, 2, 4  # past a clock's field or any video (H:MM:SS); seconds not 0; hours not 0
_HMS_SECOND, _MSF_SECOND, _FLAGS = (operator.itemgetter(i) for i in range(3))
_VALUE, _HINT = operator.attrgetter("value"), operator.attrgetter("seconds_hint")

# A three-part value read M:SS:ff is at most 999:99 (`_THREE_RE`), one read H:MM:SS as its note's reading within
# `MAX_VIDEO`, and one read the other way near its neighbours: only a note forced to H:MM:SS may cite a second
# past any video (the look at each stamp took 0.5 µs a note).
_ONLY_FORCED_PAST = 999 * 60 + 99 + NEAR <= MAX_STAMP and MAX_VIDEO <= MAX_STAMP


def _three_part(value: str) -> tuple[int, int, int] | bool:
    """`_THREE_PART` of `value`, remembered (here only: `parse_stamp_value`'s cache need not hold it too). Read
    as `parse_stamp_value` first reads a value, without making its `StampValue` (a new value took 1.5 µs, now
    0.9: a worker meets some 25,000)."""
    three = _THREE_RE.fullmatch(_stamp_text(value))
    if three is None:
        found: tuple[int, int, int] | bool = False
    else:
        hours, minutes, seconds = map(int, three.groups())
        found = (hours * 3600 + minutes * 60 + seconds, hours * 60 + minutes, _flags_of(hours, minutes, seconds))
    if len(_THREE_PART) >= _THREE_PART_MAX:
        _THREE_PART.clear()
    _THREE_PART[value] = found
    return found


def _read_three_part(
    refs: Sequence[StampRef], override: str | None
) -> tuple[list[tuple[int | None, str | None]], str | None, list[str]] | None:
    """`_read_any` of a note whose every stamp is a three-part time with no exact second (95% of the public
    vault's notes), in passes in C over the numbers `_THREE_PART` keeps of each value (`read_note_stamps` takes
    12-14 µs a note, not 22-25); None for any other note, or one with a stamp past any video."""
    if list(map(_HINT, refs)).count(None) != len(refs):
        return None
    known = list(map(_THREE_PART.get, map(_VALUE, refs)))
    if not all(known):  # a value not met yet (None), or one no three-part time (False)
        if None in known:
            known = [found if found is not None else _three_part(ref.value) for found, ref in zip(known, refs)]
        if False in known:
            return None
    if override is None:  # `_note_reading` of the note's flags
        flags = functools.reduce(operator.or_, map(_FLAGS, known))
        reading = _reading_of_flags(flags)
    else:
        reading = override
    seconds: list[int | None] = list(map(_MSF_SECOND if reading == "msf" else _HMS_SECOND, known))
    readings: list[str | None] = [reading] * len(seconds)
    timestamp_format = reading
    # `_correct_outliers` of the few stamps it could read the other way (its `values` of them only); none in a
    # note with no hour (half the notes: 2.4 µs each not spent): read H:MM:SS, it reads no `00:MM:SS` M:SS:ff,
    # and read M:SS:ff, all its stamps lie within 99 s
    if override is None and flags & _HOURS and (isolated := _isolated(seconds)):
        _correct_isolated({pos: parse_stamp_value(refs[pos].value) for pos in isolated}, readings, seconds, reading,
                          range(len(seconds)), list(seconds), isolated)
        if readings.count(reading) != len(readings):
            timestamp_format = "mixed"
    if (override == "hms" or not _ONLY_FORCED_PAST) and max(seconds) > MAX_STAMP:
        return None
    return list(zip(seconds, readings)), timestamp_format, []


def _read_any(
    refs: Sequence[StampRef], override: str | None = None
) -> tuple[list[tuple[int | None, str | None]], str | None, list[str]]:
    """`read_note_stamps` of any note."""
    # each ref's parsed value (None: no time); an exact `seconds_hint` wins
    values = [parse_stamp_value(ref.value) if ref.seconds_hint is None else StampValue((ref.seconds_hint,), "seconds")
              for ref in refs]
    warnings = _grouped([ref.value for ref, value in zip(refs, values) if value is None])
    if override is not None and override not in _FLIP:
        warnings.append(f'unknown timestamp_format "{override}" ignored')
        override = None
    three = [v for v in values if v is not None and v.kind == "three"]
    note_reading = override or _note_reading(three)
    if len(three) == len(values):  # every stamp three-part (most notes): all read alike
        readings: list[str | None] = [note_reading] * len(values)
        seconds: list[int | None] = _three_part_seconds(three, note_reading)
    else:
        four_reading = _four_reading([v for v in values if v is not None and v.kind == "four"])
        readings = [_reading_of(v, note_reading, four_reading) for v in values]
        # each value's second as read, once (this runs for every stamp of every note); None for no time
        seconds = [v.seconds_as(r) if v is not None else None for v, r in zip(values, readings)]
    if override is None:
        _correct_outliers(values, readings, seconds, note_reading)
    if past := [i for i, second in enumerate(seconds) if second is not None and second > MAX_STAMP]:
        warnings += _grouped([refs[i].value for i in past], "past any video's length")  # `360000000000`
        for i in past:
            seconds[i], readings[i] = None, None
    used = {readings[i] for i, v in enumerate(values)
            if v is not None and v.kind == "three" and readings[i] is not None} if three else set()
    return list(zip(seconds, readings)), _format_of(used), warnings


def _three_part_seconds(three: Sequence[StampValue], reading: str) -> list[int | None]:
    """`[v.seconds_as(reading) for v in three]` of three-part values read alike, without a call per value."""
    if reading == "msf":
        return [v.parts[0] * 60 + v.parts[1] for v in three]
    return [h * 3600 + m * 60 + s for h, m, s in [v.parts for v in three]]


def _grouped(invalid: list[str], why: str = "") -> list[str]:
    """One warning per invalid value, in the order first met, saying how often the note has it (a note with
    34 broken stamps showed 34 equal lines), and `why` it is none when that is not plain."""
    counts: dict[str, int] = {}
    for value in invalid:
        counts[value] = counts.get(value, 0) + 1
    because = f" ({why})" if why else ""
    return [f'invalid timestamp "{value}" ignored{because}' + (f" ({n} times)" if n > 1 else "")
            for value, n in counts.items()]


def _note_reading(three: Sequence[StampValue]) -> str:
    """H:MM:SS unless the note's three-part stamps show that it can only be M:SS:ff."""
    return _reading_of_flags(functools.reduce(operator.or_, (_flags_of(*v.parts) for v in three), 0))


def _flags_of(hours: int, minutes: int, seconds: int) -> int:
    """What of a three-part value's numbers decides its note's reading (`_reading_of_flags`): a field no clock
    has or a time past any video read H:MM:SS (`_ODD`), seconds (`_SECONDS`), hours (`_HOURS`)."""
    odd = minutes >= 60 or seconds >= 60 or hours * 3600 + minutes * 60 + seconds > MAX_VIDEO
    return (_ODD if odd else 0) | (_SECONDS if seconds else 0) | (_HOURS if hours else 0)


def _reading_of_flags(flags: int) -> str:
    """The reading of a note whose three-part values have these flags together: M:SS:ff when one of them can be
    nothing else, or when they are all whole minutes past an hour (`01:58:00`); else H:MM:SS."""
    return "msf" if flags & _ODD or flags & (_SECONDS | _HOURS) == _HOURS else "hms"


def _four_reading(four: Sequence[StampValue]) -> str:
    """H:MM:SS:ff, unless every four-part stamp of the note is a short stretch `MM:SS:MM:SS` (its second time
    0-5 minutes after its first) and one of them can only be that (past 4 hours as H:MM:SS:ff). One note of the
    public vault writes its 59 stamps `05:38:05:46`; 46 others write `01:00:17:51` past their first hour, and
    some of theirs (`01:00:03:00`) also look like short stretches."""
    if four and any(v.seconds_as("hmsf") > MAX_VIDEO for v in four) and all(
            0 <= (v.parts[2] * 60 + v.parts[3]) - (v.parts[0] * 60 + v.parts[1]) <= NEAR and v.parts[3] < 60
            for v in four):
        return "range"
    return "hmsf"


def _reading_of(value: StampValue | None, note_reading: str, four_reading: str = "hmsf") -> str | None:
    """The reading a single value gets before any per-stamp correction."""
    if value is None:
        return None
    if value.kind == "three":
        return note_reading
    if value.kind == "four":
        return four_reading
    return "ms" if value.kind == "two" else "s"


def _correct_outliers(
    values: Sequence[StampValue | None], readings: list[str | None], seconds: list[int | None], note_reading: str
) -> None:
    """Read the other way each three-part stamp that sits alone, far from neighbours that agree (`readings`
    and `seconds`, each value's as read so far, changed where it is read the other way).

    Judged in one pass against the note-level seconds, so one correction never causes another.
    """
    valued = [i for i, second in enumerate(seconds) if second is not None]
    near = [seconds[i] for i in valued]
    _correct_isolated(values, readings, seconds, note_reading, valued, near, _isolated(near))


def _isolated(near: list[int]) -> list[int]:
    """The positions in `near` (the seconds of a note's stamps that are a time) that `_is_isolated` says yes to, in
    one comprehension (a call per stamp took 3 times as long)."""
    return [pos for pos, (prev, current, nxt) in enumerate(zip(near, near[1:], near[2:]), 1)
            if abs(current - prev) > NEAR and abs(current - nxt) > NEAR and abs(prev - nxt) <= NEAR]


def _correct_isolated(
    values: Sequence[StampValue | None] | dict[int, StampValue | None], readings: list[str | None],
    seconds: list[int | None], note_reading: str, valued: Sequence[int], near: list[int], isolated: list[int]
) -> None:
    """`_correct_outliers` of the `isolated` positions of `near` (the seconds of the stamps `valued` points to)."""
    corrected = []
    for pos in isolated:
        i = valued[pos]
        value = values[i]
        if value.kind != "three" or (note_reading == "hms" and value.parts[0] == 0):
            continue
        other = _FLIP[readings[i]]
        second = value.seconds_as(other)
        if _fits_between(second, near[pos - 1], near[pos + 1]):
            corrected.append((i, other, second))
    for i, other, second in corrected:
        readings[i], seconds[i] = other, second


def _is_isolated(current: int, prev: int, nxt: int) -> bool:
    """Far from both neighbours while they are near each other: a misreading, not a real jump."""
    return abs(prev - nxt) <= NEAR and abs(current - prev) > NEAR and abs(current - nxt) > NEAR


def _fits_between(candidate: int, prev: int, nxt: int) -> bool:
    """Near both neighbours."""
    return abs(candidate - prev) <= NEAR and abs(candidate - nxt) <= NEAR


def _format_of(used: set[str | None]) -> str | None:
    """The note's timestamp_format from the readings its three-part stamps actually got."""
    if not used:
        return None
    return "mixed" if len(used) > 1 else next(iter(used))

