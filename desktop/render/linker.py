"""Where rendered links point: the app's own `vault://` URLs, or relative links between exported pages."""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from markdown.extensions.toc import slugify_unicode

from desktop.core.model import Topic
from desktop.core.resolver import slugify

APP_SCHEME = "vault"


def heading_id(heading: str) -> str:
    """The id the toc extension gives a heading (first occurrence), so `[[note#Heading]]` lands on it; for a
    block reference `^b15695` the id of that block, `block-b15695` (see `render/blocks.py`)."""
    if heading.startswith("^") and len(heading) > 1:
        return f"block-{heading[1:].strip()}"
    return slugify_unicode(heading, "-")


class Linker(Protocol):
    """Turns vault paths and topic keys into hrefs; None when the target has no page to go to."""

    def note_href(self, path: str, heading: str | None = None) -> str | None: ...

    def topic_href(self, key: str) -> str | None: ...

    def file_href(self, path: str) -> str | None: ...

    def video_href(self, video_id: str, via: str | None = None) -> str | None: ...


APP_KINDS = ("note", "topic", "file", "video")
VIA = "via"  # the query key naming the note a video page was opened from


class AppLinker:
    """Links for the reader app: `vault://note/<path>[#id]`, `vault://topic/<key>`, `vault://file/<path>`,
    `vault://video/<id>`."""

    url_schemes = frozenset({"http", "https", "mailto", APP_SCHEME})

    def note_href(self, path: str, heading: str | None = None) -> str:
        href = f"{APP_SCHEME}://note/{quote(path, safe='/')}"
        return f"{href}#{quote(heading_id(heading))}" if heading else href

    def topic_href(self, key: str) -> str:
        return f"{APP_SCHEME}://topic/{quote(key, safe='')}"

    def file_href(self, path: str) -> str:
        return f"{APP_SCHEME}://file/{quote(path, safe='/')}"

    def video_href(self, video_id: str, via: str | None = None) -> str:
        """The video's page; `via`: the note it is opened from, whose marks stand out on its timeline."""
        href = f"{APP_SCHEME}://video/{quote(video_id, safe='')}"
        return f"{href}?{urlencode({VIA: via})}" if via else href


def via_of(url: str) -> str | None:
    """The note an AppLinker video URL was opened from (its `?via=`), else None."""
    found = parse_qs(urlsplit(url).query).get(VIA)
    return found[0] if found else None


def parse_app_url(url: str) -> tuple[str, str, str | None] | None:
    """(kind, path-or-key, fragment) of an AppLinker URL — kind is one of `APP_KINDS` — else None."""
    parts = urlsplit(url)
    if parts.scheme != APP_SCHEME or parts.netloc not in APP_KINDS:
        return None
    value = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
    return parts.netloc, value, (unquote(parts.fragment) or None)


def safe_segment(name: str) -> str:
    """A file-name segment safe on any disk and in any URL: letters, digits, `._-` kept, others as `~XX`.

    Reversible and collision-free (`~` itself is encoded); a leading dot is encoded so `..` never appears.
    A very long name is cut and given a hash after `~~` (which encoding alone never produces).
    """
    out: list[str] = []
    for i, ch in enumerate(name):
        if (ch.isalnum() or ch in "_-" or (ch == "." and i > 0)) and ch.isprintable():
            out.append(ch)
        else:
            out.extend(f"~{b:02X}" for b in ch.encode("utf-8"))
    safe = "".join(out) or "~"
    if len(safe.encode("utf-8")) > 150:
        safe = safe[:60] + "~~" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:16]
    return safe


def safe_path(path: str) -> str:
    """`safe_segment` applied to each `/`-separated part of a vault-relative path."""
    return "/".join(safe_segment(part) for part in path.split("/") if part)


def note_page_path(path: str) -> str:
    """Where a note's page lives in an export: `notes/<path>.html`, the `.md` suffix replaced.

    Other suffixes stay and get a `~` before `.html` (never produced by encoding), so no two notes share a page.
    """
    if path.endswith(".md"):
        return f"notes/{safe_path(path[:-3])}.html"
    return f"notes/{safe_path(path)}~.html"


def topic_page_path(key: str) -> str:
    return f"topics/{safe_segment(key)}.html"


def file_copy_path(path: str) -> str:
    return f"files/{safe_path(path)}"


def video_page_path(video_id: str) -> str:
    return f"videos/{safe_segment(video_id)}.html"


class SitePaths:
    """Where each note, topic and file of a static export lives: `note_page_path` and its kin, made unique
    where two would differ only in letter case. On a case-insensitive disk (macOS, Windows, a FAT stick)
    `Energy.md` and `energy.md` would share one page and the later would overwrite the first; the later one
    (in sorted order) gets `~v2` before its suffix instead (`~v` never comes out of `safe_segment`).
    """

    def __init__(self, notes: Iterable[str] = (), topics: Iterable[str] | Mapping[str, Topic] = (),
                 files: Iterable[str] = (), videos: Iterable[str] = ()):
        notes, files = list(notes), list(files)
        # every folder a page or file goes in: a page never takes a folder's name (`x.md` beside a folder `x.html`:
        # QA's export stopped there, "a folder of that name is in the way")
        taken: set[str] = {folder.casefold() for path in [*map(note_page_path, notes), *map(file_copy_path, files)]
                           for folder in _folders_of(path)}
        self.notes = _unique_paths(notes, note_page_path, taken)
        # A topic's key is its letters alone ("joebiden"): its page is named by its target as most often
        # written ("topics/joe_biden.html") when the topics themselves are given.
        named = {key: slugify(topic.target) for key, topic in topics.items()} if isinstance(topics, Mapping) else {}
        self.topics = _unique_paths(topics, lambda key: topic_page_path(named.get(key) or key), taken)
        self.files = _unique_paths(files, file_copy_path, taken)
        self.videos = _unique_paths(videos, video_page_path, taken)  # ids differing in case only get ~v2


def _folders_of(path: str) -> Iterator[str]:
    """The folders `path` lies in, innermost first ("a/b/c.html": "a/b", "a")."""
    folder = posixpath.dirname(path)
    while folder:
        yield folder
        folder = posixpath.dirname(folder)


def _unique_paths(names: Iterable[str], place: Callable[[str], str], taken: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in sorted(names):
        path = place(name)
        stem, suffix = posixpath.splitext(path)
        number = 1
        while path.casefold() in taken:
            number += 1
            path = f"{stem}~v{number}{suffix}"
        taken.add(path.casefold())
        out[name] = path
    return out


class ExportLinker:
    """Relative links between the pages of a static export, from the page at `current_page_path`.

    `site` holds what the export has and where (see `SitePaths`); a target outside it gets None, so no
    exported link can be broken. Without one, every target is linked at its plain place. Every file linked
    is remembered in `requested_files`.
    """

    url_schemes = frozenset({"http", "https", "mailto"})

    def __init__(self, current_page_path: str, site: SitePaths | None = None):
        self.current_page_path = current_page_path
        self._base = posixpath.dirname(current_page_path)
        self._site = site
        self.requested_files: set[str] = set()

    def _relative(self, target: str) -> str:
        return _relative_href(target, self._base or ".")

    def _target(self, name: str, places: dict[str, str] | None, place: Callable[[str], str]) -> str | None:
        """Where `name` is in the site (None when the export does not hold it), or its plain place."""
        return place(name) if self._site is None else places.get(name)

    def note_href(self, path: str, heading: str | None = None) -> str | None:
        target = self._target(path, self._site and self._site.notes, note_page_path)
        if target is None:
            return None
        href = "" if target == self.current_page_path and heading else self._relative(target)
        return f"{href}#{quote(heading_id(heading))}" if heading else href

    def topic_href(self, key: str) -> str | None:
        target = self._target(key, self._site and self._site.topics, topic_page_path)
        return self._relative(target) if target is not None else None

    def file_href(self, path: str) -> str | None:
        target = self._target(path, self._site and self._site.files, file_copy_path)
        if target is None:
            return None
        self.requested_files.add(path)
        return self._relative(target)

    def video_href(self, video_id: str, via: str | None = None) -> str | None:
        """The video's page (one per video: `via` is the app's, an export page cannot know where one came from)."""
        target = self._target(video_id, self._site and self._site.videos, video_page_path)
        return self._relative(target) if target is not None else None

    def page_href(self, page_path: str) -> str:
        """A link to any other page of the export (`index.html`, the stylesheet)."""
        return self._relative(page_path)


@lru_cache(maxsize=65536)
def _relative_href(target: str, base: str) -> str:
    """`target` from the folder `base`, quoted: an export asks for the same few (a folder's pages, the
    stylesheet, the topics) from every page, and `posixpath.relpath` was a twentieth of its time."""
    path = _relative_path(target, base)
    return path if _UNQUOTED_RE.fullmatch(path) else quote(path)


_UNQUOTED_RE = re.compile(r"[A-Za-z0-9_.~/-]*")  # what `quote` leaves as it is (its default `safe="/"`)


_NOT_PLAIN = ("", ".", "..")


@lru_cache(maxsize=4096)
def _plain_parts(folder: str) -> tuple[str, ...] | None:
    """The segments of a folder of the site ("." for its top), None when one is empty, `.` or `..`."""
    parts = () if folder == "." else tuple(folder.split("/"))
    return None if any(part in _NOT_PLAIN for part in parts) else parts


def _relative_path(target: str, base: str) -> str:
    """`posixpath.relpath(target, base)` for two paths from the same root: `relpath` makes both absolute
    (asking the system for the working folder each time, a link of every page) only to drop that again."""
    parts = target.split("/")
    base_parts = _plain_parts(base)
    if base_parts is None or any(part in _NOT_PLAIN for part in parts):
        return posixpath.relpath(target, base)  # not a plain relative path: as `relpath` reads it
    common = 0
    for ours, theirs in zip(base_parts, parts):
        if ours != theirs:
            break
        common += 1
    rel = [".."] * (len(base_parts) - common) + parts[common:]
    return "/".join(rel) if rel else "."


@dataclass
class LinkTargets:
    """How the links of the note being rendered reach their targets: resolution plus a Linker.

    `resolve(target)` gives the vault path a link target reaches (note or attachment) or None (a topic);
    `is_note(path)` tells notes from attachments; `current_path` is the note being rendered.
    """

    linker: Linker
    resolve: Callable[[str], str | None]
    is_note: Callable[[str], bool]
    topic_key: Callable[[str], str]
    current_path: str | None = None

    @classmethod
    def for_index(cls, index, linker: Linker, current_path: str | None) -> LinkTargets:
        """Targets resolved through a VaultIndex, from the note at `current_path`."""
        return cls(linker=linker, resolve=lambda t: index.resolve(t, current_path),
                   is_note=lambda p: p in index.notes, topic_key=index.topic_key, current_path=current_path)
