"""What a `vault://` URL serves: rendered note, topic and video pages (cached), or vault files that stay inside the
vault.

Qt-free, so both note views and the scheme handler share one answer, and the safety check is testable alone.
"""

from __future__ import annotations

import mimetypes
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace

from desktop.core.index import VaultIndex
from desktop.core.loader import complete_note
from desktop.core.model import Note
from desktop.core.vault import vault_file_path
from desktop.core.videos import VideoCatalog
from desktop.render.body import RenderCancelled
from desktop.render.linker import AppLinker, parse_app_url, via_of

CACHE_PAGES = 16


class OneAtATime:
    """Work done once however many threads ask for it at the same moment: the others wait for its answer.

    When a new index comes in, the page on screen is rendered again, its outline asks for its headings and
    its panels for its note, each on a worker: done three times over, they held the interpreter lock from
    the GUI thread (and the render threads) for nothing.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[tuple, Future] = {}

    def __call__(self, key: tuple, work: Callable[[], object]):
        with self._lock:
            running = self._running.get(key)
            mine = running is None
            if mine:
                running = self._running[key] = Future()
        if not mine:
            try:
                return running.result()
            except RenderCancelled:  # given up by the thread that asked first, not by this one: do it here
                return self(key, work)
        try:
            value = work()
        except BaseException as error:
            running.set_exception(error)
            raise
        else:
            running.set_result(value)
            return value
        finally:
            with self._lock:
                del self._running[key]


class PageSource:
    """Renders the pages of one vault for the app's views, keeping the last few so back/forward is instant."""

    def __init__(self, index: VaultIndex, *, dark: bool = False, allow_remote: bool = False,
                 font_size: int = 0, unlinked: bool = True) -> None:
        self.index = index
        self.dark = dark
        self.allow_remote = allow_remote
        self.font_size = font_size  # px; 0: the stylesheet's own
        self.linker = AppLinker()
        self.videos: VideoCatalog | None = None  # built on a worker after the full index (see set_videos)
        self.unlinked = unlinked  # note and topic pages list their unlinked mentions (`core.mentions`)
        # The one page cache: this source belongs to one index (a new index, a new source), so its keys need no
        # index identity. Each page's headings are kept beside it, for the outline.
        self._cache: OrderedDict[tuple, tuple[str, str]] = OrderedDict()
        self._headings: OrderedDict[tuple, list[tuple[int, str, str]]] = OrderedDict()
        # Unlinked mentions found so far, by page: a page renders without them first (finding them can take a
        # second at 20k notes); once `find_unlinked` has them, their section is added to it (`with_unlinked`).
        self._unlinked: OrderedDict[tuple[str, str], object] = OrderedDict()
        # The notes shown, completed (links resolved, stamps decoded: `loader.complete_note`), by path: what the
        # panels beside a note page read. The index is never changed; these are the source's own.
        self._notes: OrderedDict[str, Note] = OrderedDict()
        self._once = OneAtATime()  # a page or a note being made on one thread is not made again on another

    def set_videos(self, videos: VideoCatalog | None) -> None:
        """The vault's video catalog: video pages exist from now on, and note pages show their strip (pages
        cached without it are not served again: the cache key names the catalog)."""
        self.videos = videos

    def set_dark(self, dark: bool) -> None:
        self.dark = dark

    def configure(self, *, dark: bool, allow_remote: bool, font_size: int) -> None:
        """New reading preferences: pages render with them from now on (the cache keeps them apart)."""
        self.dark, self.allow_remote, self.font_size = dark, allow_remote, font_size

    def page(self, kind: str, key: str, via: str | None = None) -> tuple[str, str] | None:
        """(title, html) of a note, topic or video page, or None when the vault has no such page. `via`: the note
        a video page is opened from."""
        cached = self.cached(kind, key, via)
        if cached is not None:
            return cached
        result = self.render(kind, key, via)
        if result is not None:
            self.remember(self.cache_key(kind, key, via), result)
        return result

    def cache_key(self, kind: str, key: str, via: str | None = None) -> tuple:
        catalog = id(self.videos) if self.videos is not None else None
        return (kind, key, via, self.dark, self.allow_remote, self.font_size, catalog, (kind, key) in self._unlinked)

    def cached(self, kind: str, key: str, via: str | None = None) -> tuple[str, str] | None:
        """A page kept, without rendering (a note page only with its completed note: its panels read that)."""
        if kind == "note" and key not in self._notes:
            return None
        cache_key = self.cache_key(kind, key, via)
        found = self._cache.get(cache_key)
        if found is not None:
            self._cache.move_to_end(cache_key)
        return found

    def remember(self, cache_key: tuple, result: tuple[str, str]) -> None:
        self._cache[cache_key] = result
        while len(self._cache) > CACHE_PAGES:
            self._headings.pop(self._cache.popitem(last=False)[0], None)

    def render(self, kind: str, key: str, via: str | None = None) -> tuple[str, str] | None:
        """Render without touching the page cache: safe to call on a worker thread for a slow (huge) note. The
        page's headings are kept for the outline (a dict write: atomic under the interpreter lock)."""
        cache_key = self.cache_key(kind, key, via)
        rendered = self.rendered(kind, key, via)
        if rendered is None:
            return None
        self._headings[cache_key] = list(rendered.headings)
        while len(self._headings) > CACHE_PAGES * 2:  # pages rendered but superseded before they were shown
            self._headings.popitem(last=False)
        return rendered.title, rendered.html

    def headings(self, kind: str, key: str, via: str | None = None) -> list[tuple[int, str, str]]:
        """(level, id, text) of a page's headings, for the outline: kept when the page was rendered, so this
        costs nothing once the page is on screen. Else it reads the note: call it on a worker."""
        kept = self._headings.get(self.cache_key(kind, key, via))
        if kept is not None:
            return list(kept)
        rendered = self.rendered(kind, key, via)
        return list(rendered.headings) if rendered is not None else []

    def note(self, path: str) -> Note | None:
        """The note at `path` completed for showing (`loader.complete_note`), kept for the panels beside its
        page; None when the index has no such note. The first time it may read the cache or the vault: call it
        on a worker (`shown_note` answers on the GUI thread)."""
        kept = self._notes.get(path)
        return kept if kept is not None else self._complete(path)

    def shown_note(self, path: str) -> Note | None:
        """The completed note at `path` if it is kept (its page was rendered), else None; reads no file."""
        return self._notes.get(path)

    def _complete(self, path: str) -> Note | None:
        """Complete the note and keep it (without its body: the page rendered from it keeps what it shows)."""
        return self._once(("note", path), lambda: self._completed(path))

    def _completed(self, path: str) -> Note | None:
        kept = self._notes.get(path)  # completed by another thread meanwhile
        if kept is not None:
            return kept
        note = complete_note(self.index, path)
        if note is not None:
            self._notes[path] = replace(note, body=None) if note.body is not None else note
            while len(self._notes) > CACHE_PAGES * 2:  # a dict write and pops: atomic under the interpreter lock
                self._notes.popitem(last=False)
        return note

    def rendered(self, kind: str, key: str, via: str | None = None):
        """The `RenderedPage` of a note, topic or video page, or None when the vault has no such page (the
        same page asked on several threads at once is rendered once)."""
        return self._once(("page", *self.cache_key(kind, key, via)), lambda: self._rendered(kind, key, via))

    def _rendered(self, kind: str, key: str, via: str | None = None):
        from desktop.render.pages import render_note_page, render_topic_page

        videos = self.videos
        if kind == "note" and key in self.index.notes:
            note = self.note(key)
            rendered = render_note_page(self.index, key, self.linker, dark=self.dark, allow_remote=self.allow_remote,
                                        font_size=self.font_size or None, videos=videos,
                                        unlinked=self._unlinked.get((kind, key)), note=note)
        elif kind == "video" and videos is not None and key in videos:
            from desktop.render.video_page import render_video_page

            rendered = render_video_page(videos.get(key), self.index.notes, note_href=self.linker.note_href,
                                         highlight_note=via, dark=self.dark, font_size=self.font_size or None)
        elif kind == "topic" and key in self.index.topics:
            rendered = render_topic_page(self.index, key, self.linker, dark=self.dark,
                                         allow_remote=self.allow_remote, font_size=self.font_size or None,
                                         unlinked=self._unlinked.get((kind, key)))
        else:
            return None
        return rendered

    def wants_unlinked(self, kind: str, key: str) -> bool:
        """Whether the page `kind`/`key` lists unlinked mentions not found yet (only with the full index)."""
        return (self.unlinked and self.index.complete and kind in ("note", "topic")
                and (kind, key) not in self._unlinked
                and key in (self.index.notes if kind == "note" else self.index.topics))

    def find_unlinked(self, kind: str, key: str) -> str:
        """Find the page's unlinked mentions through the vault's full-text index and keep them: the page renders
        with them from now on (its cache key says so). Returns the section's HTML ("" when there are none), for
        a view that adds it to the page on screen. Reads the cache and notes: call it on a worker."""
        from desktop.core.mentions import unlinked_mentions_in_vault
        from desktop.render.pages import unlinked_html

        found = unlinked_mentions_in_vault(self.index, kind, key)
        self._unlinked[(kind, key)] = found
        while len(self._unlinked) > CACHE_PAGES * 4:
            self._unlinked.popitem(last=False)
        return unlinked_html(self.index, found, self.linker)

    def add_unlinked(self, without: tuple, section: str) -> tuple[str, str] | None:
        """Keep the page cached under the key `without` (rendered before its unlinked mentions were found) with
        their `section` added, under the key of the same page with them: what a render with them gives (the
        same options, the same catalog), without rendering the body again; its headings too. Returns that page,
        or None when the page without them is no longer kept. Call it on the GUI thread."""
        from desktop.render.pages import with_section

        page = self._cache.get(without)
        if page is None:
            return None
        with_them = (*without[:-1], True)  # the last part of a key: whether the page lists them
        headings = self._headings.get(without)
        if headings is not None:
            self._headings[with_them] = headings
        title, html = page
        self.remember(with_them, (title, with_section(html, section)))
        return self._cache[with_them]

    def file(self, rel: str) -> tuple[bytes, str] | None:
        """(bytes, mime type) of a vault file, only when its real path lies inside the vault."""
        path = vault_file_path(self.index.root, rel)
        if path is None:
            return None
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return path.read_bytes(), mime

    def serve(self, url: str, render: bool = True) -> tuple[bytes, str] | None:
        """(body, mime type) for any `vault://` URL, or None for anything this vault does not serve.

        `render` False: pages only from the cache, no file read (what the GUI thread may ask for)."""
        parsed = parse_app_url(url)
        if parsed is None:
            return None
        kind, value, _fragment = parsed
        if kind == "file":
            return self.file(value) if render else None
        via = via_of(url) if kind == "video" else None
        page = self.page(kind, value, via) if render else self.cached(kind, value, via)
        if page is None:
            return None
        return page[1].encode("utf-8"), "text/html"


def page_changed(previous: VaultIndex, index: VaultIndex, kind: str, key: str) -> bool:
    """Whether a new index of the same vault changes what the page `kind`/`key` shows (else it stays on screen
    and only the panels beside it are refreshed): the note's file, who links to it, or a topic's mentions.
    A video page is shown again once the new index's catalog is in (see the session)."""
    if kind == "video":
        return True
    if kind == "note":
        old, new = previous.notes.get(key), index.notes.get(key)
        if old is None or new is None:
            return True
        return ((old.size, old.mtime_ns) != (new.size, new.mtime_ns)
                or len(previous.backlinks.get(key, [])) != len(index.backlinks.get(key, [])))
    old_topic, new_topic = previous.topics.get(key), index.topics.get(key)
    if old_topic is None or new_topic is None or len(old_topic.mentions) != len(new_topic.mentions):
        return True
    # pair by pair, stopping at the first difference: each note's sentences are cut from its links once, while
    # the two lists read the same note (a hub's thousands were cut twice, on the GUI thread, reading each whole)
    return any((a.source, a.context) != (b.source, b.context) for a, b in zip(old_topic.mentions, new_topic.mentions))
