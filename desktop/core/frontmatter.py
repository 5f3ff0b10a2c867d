"""A note's YAML frontmatter and what the reader takes from it: title, video id, aliases, timestamp format.

Splitting follows python-frontmatter's rules for the common case (a leading `---` line, YAML, then a `---`
line; we also accept YAML's `...` end marker and refuse `----`), but with a regex of our own and PyYAML's
libyaml-based `CSafeLoader` called directly. python-frontmatter is not a dependency (issue #14, measured by
tests/benchmarks/bench_frontmatter.py on 10k notes): its handler splits in 17 ms where ours takes 6 ms, gives
no body offset, its other fence rules (`----` opens, `...` does not close, blank lines after a fence) would
change what notes read as, and its `load` builds the loader out of reach, so the impossible-date warnings
below could not be read from it; the YAML load itself is the same PyYAML call either way. Frontmatter is untrusted input, so it is size-capped and alias bombs
("billion laughs") are refused before anything walks the data.
"""

from __future__ import annotations

import base64
import datetime as _dt
import math
import re
from typing import Any

import yaml

from desktop.core.wrapped import unwrapped
from desktop.core.youtube import is_video_id, video_id_in_text

__all__ = [
    "MAX_FRONTMATTER_BYTES",
    "split_frontmatter",
    "note_body",
    "json_safe",
    "note_title",
    "note_video_id",
    "note_aliases",
    "timestamp_override",
]

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader



class _NoteLoader(_Loader):
    """The YAML loader for frontmatter: an impossible date (`date: 2024-13-45`) is kept as the text it is, with
    a warning, instead of failing the whole frontmatter with a bare ValueError."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.bad_dates: list[str] = []


def _date_or_text(loader: _NoteLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        loader.bad_dates.append(str(node.value))
        return str(node.value)


_NoteLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)

MAX_FRONTMATTER_BYTES = 64 * 1024
# Limits on the data YAML builds. Aliases share nodes, so loading is cheap, but anything walking the data
# (json_safe, JSON output, the UI) pays the expanded size: that is what we bound.
_MAX_EXPANDED_NODES = 100_000
_MAX_DEPTH = 100

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class _Refused(Exception):
    """Frontmatter YAML too costly to use (alias bomb, self-reference, too deep)."""


def split_frontmatter(text: str) -> tuple[dict, str, int, list[str]]:
    """Split a note into (meta, body, body_offset, warnings); the body is `text[body_offset:]`, of the same
    length, but for the fence lines of a body wrapped whole in a ```markdown fence, blanked (`wrapped`).

    The body is the text after the closing fence even when the YAML is unusable, so a note with broken
    frontmatter still reads well. `meta` is always a JSON-safe dict (see `json_safe`).
    """
    meta, body, offset, warnings = _split(text)
    return meta, unwrapped(body), offset, warnings


def note_body(text: str) -> str:
    """The body `split_frontmatter` gives, without reading the YAML: what a page shows of a note whose
    frontmatter the index already read (the export read it again for every page, 2-4% of its time)."""
    return unwrapped(text[_fences(text)[2]:])


def _fences(text: str) -> tuple[re.Match[str] | None, re.Match[str] | None, int]:
    """The frontmatter's opening and closing fences (None: no frontmatter, or not closed) and where the body
    starts."""
    opening = _OPEN.match(text) if text.startswith("---") else None  # not `----`, `---x`, or only `---`
    if opening is None:
        return None, None, 0
    close = _CLOSE.search(text, opening.end())
    if close is None:
        return opening, None, 0
    offset = close.end()
    if text.startswith("\n", offset):
        offset += 1
    return opening, close, offset


def _split(text: str) -> tuple[dict, str, int, list[str]]:
    opening, close, offset = _fences(text)
    if opening is None:
        return {}, text, 0, []
    if close is None:
        return {}, text, 0, ["frontmatter not closed: read as text"]
    body = text[offset:]
    raw = text[opening.end():close.start()]
    if len(raw) > MAX_FRONTMATTER_BYTES:  # characters >= bytes/4; close enough for a safety cap
        return {}, body, offset, [f"frontmatter is {len(raw) // 1024} KB (over 64 KB): ignored"]
    if not raw.strip():
        return {}, body, offset, []
    simple = simple_frontmatter(raw)
    if simple is not None:
        return simple, body, offset, []
    loader = _NoteLoader(raw)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        return {}, body, offset, [f"broken frontmatter YAML: {_yaml_reason(exc)}"]
    except (RecursionError, ValueError, OverflowError) as exc:  # odd scalars in the pure-Python loader
        return {}, body, offset, [f"frontmatter YAML unreadable ({type(exc).__name__}: {exc}): frontmatter "
                                  "ignored"]
    finally:
        loader.dispose()
    warnings = [f"frontmatter date {value!r} is not a real date: kept as text" for value in loader.bad_dates]
    if data is None:  # only comments
        return {}, body, offset, []
    if not isinstance(data, dict):
        return {}, body, offset, [f"frontmatter is not a mapping ({_kind(data)}): ignored"]
    if "&" in raw:  # anchors exist, so aliases may share (or loop) nodes
        try:
            _check_expansion(data)
        except _Refused as exc:
            return {}, body, offset, [f"frontmatter YAML refused: {exc}"]
    try:
        meta = json_safe(data)
    except RecursionError:  # only reachable with odd loaders; keep the note readable
        return {}, body, offset, ["frontmatter YAML refused: nested too deeply"]
    return meta, body, offset, warnings


# The frontmatter the generator writes (every note of the public vault and of the sample): lines of `key: value`,
# each value one line of plain words (`title: Behavioral pricing`), maybe quoted without escapes. Read by
# `simple_frontmatter` without YAML: the YAML load took 36 µs a note, a sixteenth of a worker's parse.
_SIMPLE_LINE = re.compile(
    r"(?P<key>[A-Za-z][A-Za-z0-9_]{0,63}): (?:"
    # a plain scalar: no indicator first, no `:` or `#` in it (so no `: `, no ` #` comment), no space last
    r"(?P<plain>[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^:#]*[^:#\s])?)"
    r"|\"(?P<double>[^\"\\]*)\"|'(?P<single>[^']*)')")  # quoted: no escape, no quote inside
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()


def simple_frontmatter(raw: str) -> dict[str, str] | None:
    """The mapping YAML reads `raw` (frontmatter between its fences) as, when `raw` is only `key: value`
    lines (and empty lines) whose keys and values YAML reads as the text they are; else None (YAML reads it).

    What makes this equal to `_NoteLoader(raw).get_single_data()` then `json_safe`: a line of printable
    characters (no tab, no other line break), a key of letters, digits and `_`, and a value that is a
    one-line plain scalar (no indicator first, no `:` or `#`, which rules out `: ` and comments) or a quoted
    one without escapes (its text is what is between its quotes); YAML's own resolver says each plain key
    and value is text, not a number, date, boolean or null; a repeated key's last value wins, in its first
    place, as in YAML (tests/core/test_frontmatter.py checks the two agree on generated frontmatter).
    """
    meta: dict[str, str] = {}
    resolve = _RESOLVER.resolve
    for line in raw.split("\n"):
        if not line:
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None or not line.isprintable():
            return None
        key, plain, double, single = match.groups()
        if resolve(yaml.ScalarNode, key, (True, False)) != _STR_TAG:
            return None
        if plain is not None:
            if resolve(yaml.ScalarNode, plain, (True, False)) != _STR_TAG:
                return None
            meta[key] = plain
        else:
            meta[key] = double if double is not None else single
    return meta or None


def _yaml_reason(exc: yaml.YAMLError) -> str:
    """A one-line reason with the note's line number (the fence is line 1), not PyYAML's multi-line report."""
    problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0] or type(exc).__name__
    mark = getattr(exc, "problem_mark", None)
    reason = f"{problem} (line {mark.line + 2})" if mark is not None else str(problem)
    return reason if len(reason) <= 120 else reason[:117] + "..."


def _kind(value: Any) -> str:
    """How a non-mapping frontmatter is named in a warning."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return type(value).__name__


def _check_expansion(data: Any) -> None:
    """Raise _Refused if the data, with aliases expanded, is huge, self-referencing or too deep.

    Memoized by object identity, so it costs time in the number of distinct nodes, not the expanded size:
    a billion-laughs document is measured without being expanded.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(obj: Any, depth: int) -> int:
        if not isinstance(obj, (dict, list, set)):
            return 1
        key = id(obj)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _Refused("an alias refers to itself")
        if depth > _MAX_DEPTH:
            raise _Refused("nested too deeply")
        active.add(key)
        total = 1
        items = obj.items() if isinstance(obj, dict) else ((None, v) for v in obj)
        for _k, value in items:
            total += 1 + size(value, depth + 1)
            if total > _MAX_EXPANDED_NODES:
                raise _Refused("too many aliases (possible alias bomb)")
        active.discard(key)
        sizes[key] = total
        return total

    size(data, 0)


def json_safe(meta: Any) -> Any:
    """A copy of YAML data that `json.dumps` accepts strictly: dates become ISO strings, keys strings.

    YAML happily yields dates, datetimes, bytes (!!binary), sets (!!set), NaN/inf and non-string keys;
    each would crash or produce invalid JSON later.
    """
    if meta is None or isinstance(meta, (str, bool, int)):
        return meta
    if isinstance(meta, float):
        return meta if math.isfinite(meta) else str(meta)
    if isinstance(meta, dict):
        return {_key(k): json_safe(v) for k, v in meta.items()}
    if isinstance(meta, (list, tuple)):
        return [json_safe(v) for v in meta]
    if isinstance(meta, (set, frozenset)):
        return sorted((json_safe(v) for v in meta), key=str)
    if isinstance(meta, (_dt.date, _dt.time)):  # datetime is a date
        return meta.isoformat()
    if isinstance(meta, (bytes, bytearray)):
        return base64.b64encode(meta).decode("ascii")
    return str(meta)


def _key(key: Any) -> str:
    """A mapping key as text; `2024-01-01:` keys are dates in YAML."""
    if isinstance(key, str):
        return key
    if isinstance(key, (_dt.date, _dt.time)):
        return key.isoformat()
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


# --- title -------------------------------------------------------------------------------------------

_HEADING_OR_FENCE = re.compile(
    r"^ {0,3}(?:#(?:[ \t]+(?P<h>[^\n]*))?[ \t]*$|(?P<f>`{3,}|~{3,})(?P<info>[^\n]*)$)", re.MULTILINE
)
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_WIKI = re.compile(r"!?\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")
_MDLINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>\n]+>")
_EMPH = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)([^_]+?)(?<=\S)_(?!\w)")
_MARKS = re.compile(r"\*\*|__|~~|==|`")
_SPACES = re.compile(r"\s+")


def note_title(meta: dict, body: str, stem: str) -> tuple[str, list[str]]:
    """The title shown for a note: frontmatter `title`, else the first `# ` heading, else the file stem."""
    warnings: list[str] = []
    title = meta.get("title")
    if isinstance(title, str):
        if title.strip():
            return title.strip(), warnings
    elif isinstance(title, (list, dict)):
        warnings.append("title is not text")
    elif title is not None:  # 2024, 3.5, true: YAML read a scalar as non-text; the user meant text
        return str(title), warnings
    heading = first_heading(body)
    return (heading if heading else stem), warnings


def first_heading(body: str) -> str | None:
    """The text of the first non-empty level-1 ATX heading outside fenced code, with inline markup removed."""
    fence: str | None = None
    for m in _HEADING_OR_FENCE.finditer(body):
        f = m.group("f")
        if fence is not None:
            if f and f[0] == fence[0] and len(f) >= len(fence) and not m.group("info").strip():
                fence = None
            continue
        if f:
            if f[0] == "`" and "`" in m.group("info"):
                continue  # not a fence: inline code like ```x```
            fence = f
            continue
        text = _clean_heading(m.group("h") or "")
        if text:
            return text
    return None


def _clean_heading(text: str) -> str:
    """Drop a closing `#` run and the common inline markup, so a heading reads as plain text."""
    text = _CLOSING_HASHES.sub("", text)
    text = _WIKI.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(1), text)
    text = _MDLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _MARKS.sub("", text)
    text = _EMPH.sub(lambda m: m.group(1) or m.group(2), text)
    return _SPACES.sub(" ", text).strip()


# --- video id ------------------------------------------------------------------------------------------

youtube_id_from_url = video_id_in_text  # its name here, where the video fields are read


def note_video_id(meta: dict) -> tuple[str | None, list[str]]:
    """The note's YouTube video id, which every timestamp link of the note needs.

    `videoId`, else `video_id` (an id or a YouTube URL); else a YouTube URL in `url`, `source` or `video`.
    A present but invalid id is warned about; a valid URL field still rescues the note.
    """
    warnings: list[str] = []
    for key in ("videoId", "video_id"):
        value = meta.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            warnings.append(f"invalid {key} ({_kind(value)}): no video links")
        else:
            text = str(value).strip()
            if is_video_id(text):
                return text, warnings
            found = youtube_id_from_url(text)
            if found:
                return found, warnings
            shown = text if len(text) <= 40 else text[:37] + "..."
            warnings.append(f'invalid {key} "{shown}": no video links')
        break
    for key in ("url", "source", "video"):
        value = meta.get(key)
        candidates = value if isinstance(value, list) else [value]
        for item in candidates:
            if isinstance(item, str):
                found = youtube_id_from_url(item)
                if found:
                    return found, warnings
    return None, warnings


# --- aliases, timestamp format -------------------------------------------------------------------------

def note_aliases(meta: dict) -> list[str]:
    """Other names a note answers to in links: `aliases` and `alias`, each a string or a list of strings.

    A single string is one alias (titles may contain commas). Non-strings are dropped; duplicates removed.
    """
    out: list[str] = []
    for key in ("aliases", "alias"):
        value = meta.get(key)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, str):
                item = item.strip()
                if item and item not in out:
                    out.append(item)
    return out


def timestamp_override(meta: dict) -> str | None:
    """`timestamp_format: hms|msf` in frontmatter: the user's word on how ambiguous `a:b:c` stamps read."""
    value = meta.get("timestamp_format")
    if isinstance(value, str):
        value = value.strip().lower()
        if value in ("hms", "msf"):
            return value
    return None
