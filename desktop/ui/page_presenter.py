"""Putting the session's current page on screen: rendered off the GUI thread, newest request wins.

A page in the source's cache shows at once (back/forward); any other renders in the background (rendering reads
the note's file: never on the GUI thread). A new index, a live reload or a theme change shows the same page
again in place: same scroll position, same search highlight.
"""

from __future__ import annotations

import dataclasses
import html as html_text
from concurrent.futures import Executor

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop.core.model import Note
from desktop.core.vault import unreadable_folder_of
from desktop.render.body import RenderCancelled, stop_when
from desktop.render.navigation import Location, Place
from desktop.render.pages import html_document
from desktop.ui.runner import BackgroundJob, background, error_text, python_threads
from desktop.ui.session import VaultSession

SLOW_RENDER_BYTES = 256 * 1024  # notes larger than this say "Rendering …" while they render
SLOW_RENDER_NOTICE_MS = 400  # any other page says it once it has rendered this long (a hostile note may be slow)
RENDER_THREADS = 2  # a huge note rendering does not hold up the next small one
GONE_WORDS = {"note": "This note was deleted (or moved)", "topic": "This topic is no longer in the vault",
              "video": "This video is no longer in the vault"}

_render_pool: Executor | None = None


def render_pool() -> Executor:
    """The threads pages render on, for the app's life (see `runner.python_threads`)."""
    global _render_pool
    if _render_pool is None:
        _render_pool = python_threads(RENDER_THREADS, "render")
    return _render_pool


class PagePresenter(QObject):
    """Shows `session.current` in `view`; `page_shown(Location)` once the view has it on screen."""

    page_shown = Signal(object)  # Location
    note_ready = Signal(object)  # Location of the note on screen, now completed (`shown_note`) after a wait
    title_changed = Signal(str)
    message = Signal(str)  # for the status bar

    def __init__(self, session: VaultSession, view: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.view = session, view
        self.shown: Location | None = None  # the page the view holds (session.current once it is rendered)
        self._shown_root = None  # the vault `shown` belongs to
        self.mark: str | None = None  # the search highlight of the shown page, put back after a refresh
        self.mark_words: str | None = None  # the part of `mark` highlighted (the matched words), None: all of it
        self._mark_pending = False
        self._mark_page: Location | None = None
        self._in_place = False  # the page loading now is shown where the reader was (again in place, or Back)
        self._place: float | None = None  # where to scroll the page being put on screen (Back/Forward)
        self._back_to_place = False  # the page loading now goes back to a place kept in history
        self._job: BackgroundJob | None = None
        self._unlinked_job: BackgroundJob | None = None
        self._note_job: tuple[object, str, BackgroundJob] | None = None  # (source, path, job) completing a note
        session.location_changed.connect(self.show)
        session.leaving.connect(self._leaving)
        session.page_moved.connect(self._page_moved)
        self._title = ""  # the title of the page on screen (a page gone from the vault keeps it)
        view.page_loaded.connect(self._page_loaded)

    def show(self, location: Location, *, refresh: bool = False) -> None:
        """Put `location` on screen (`refresh`: the page may have changed; keep the reader's place in it)."""
        source = self.session.source
        if source is None:
            return
        if self._on_screen(location) and not refresh:
            self._cancel()
            self.shown = location
            if location.anchor:
                self.view.highlight_anchor(location.anchor)
            self.page_shown.emit(location)
            return
        if not self._on_screen(location):
            pending = self._mark_pending and location.same_page(self._mark_page)
            self.mark = self.mark if pending else None
            self._mark_pending = pending
            self._take_place(location)
        keep_place = refresh and self._on_screen(location)
        page = source.cached(location.kind, location.key, location.via)
        if page is not None:
            self._cancel()
            self._put_on_screen(location, page, keep_place)
            return
        self._render(location, keep_place)

    def _take_place(self, location: Location) -> None:
        """Back/Forward to an entry the reader left: its scroll position and search highlight come back with
        the page (kept in the session's history, not here)."""
        place = self.session.place if location == self.session.current else None
        self._place = place.scroll if place is not None else None
        if place is not None and place.mark:
            self.mark, self.mark_words, self._mark_page = place.mark, place.mark_words, location
            self._mark_pending = True

    def _page_moved(self, old: Location, new: Location) -> None:
        """The note on screen was renamed or moved: its new path is the same page, shown again in place."""
        if self.shown is not None and self.shown.same_page(old):
            self.shown = dataclasses.replace(self.shown, key=new.key)
        if self._mark_page is not None and self._mark_page.same_page(old):
            self._mark_page = dataclasses.replace(self._mark_page, key=new.key)

    def _gone_page(self, location: Location) -> tuple[str, str]:
        """What stands for a page the vault no longer has: its title and a plain word of what happened, rather
        than its stale text (the panels show nothing of it either). Back still goes back."""
        words = GONE_WORDS.get(location.kind, "This page is no longer in the vault")
        index = self.session.index
        folder = unreadable_folder_of(location.key, index.warnings) if location.kind == "note" and index else None
        if folder is not None:  # not deleted: its folder can no longer be read (QA: it said "deleted")
            words = (f"This note cannot be read now: its folder {folder.path} is unreadable "
                     f"({folder.message.rsplit('(', 1)[-1].rstrip(')')})")
        title = self._title if self.shown is not None and self.shown.same_page(location) and self._title else \
            location.key
        back = " Back (Alt+Left) returns to the page before." if self.session.history.can_go_back() else ""
        body = (f"<h1>{html_text.escape(title)}</h1>\n<p class=\"gone-page\"><strong>{html_text.escape(words)}."
                f"</strong></p>\n<p>It was at <code>{html_text.escape(location.key)}</code>.{back}</p>\n")
        options = self.session.page_options
        return title, html_document(title, body, dark=options["dark"], font_size=options["font_size"] or None)

    def _leaving(self, location: Location) -> None:
        """The reader leaves `location`: tell the session where they were in it, if its page is the one on
        screen (a page still rendering keeps the place its entry has)."""
        if self.shown is not None and self.shown == location and self._on_screen(location):
            self.session.keep_place(self.place())

    def place(self) -> Place:
        """Where the reader is in the page on screen: its scroll position and search highlight (not one waiting
        for the page about to open: QA found a search's words kept with the page it was typed on)."""
        waiting = self._mark_pending and self._mark_page is not None and not self._mark_page.same_page(self.shown)
        return Place(self.view.scroll_place(), None if waiting else self.mark, None if waiting else self.mark_words)

    def shown_note(self) -> Note | None:
        """The note on screen completed for showing (links resolved, stamps decoded), as the page source keeps
        it for the panels: None on a topic or video page, and while it is being completed (a new index came
        and the page stayed): `note_ready` follows then. Reads no file."""
        shown, source = self.shown, self.session.source
        if shown is None or shown.kind != "note" or source is None:
            return None
        note = source.shown_note(shown.key)
        if note is None:
            self._complete(source, shown)
        return note

    def _complete(self, source, location: Location) -> None:
        """Complete the note of `location` on a worker (once at a time per note), then say so."""
        if self._note_job is not None:
            if self._note_job[:2] == (source, location.key):
                return
            self._note_job[2].cancel()

        def completed(note: Note | None) -> None:
            self._note_job = None
            if note is not None and source is self.session.source and self._on_screen(location):
                self.note_ready.emit(location)

        def failed(error: BaseException) -> None:  # the runner logged the traceback
            self._note_job = None
            self.message.emit(f"The note could not be read: {error_text(error)}")

        job = background(lambda: source.note(location.key), name=f"complete {location.key}", pool=render_pool(),
                         owner=self).success(completed).failure(failed)
        self._note_job = (source, location.key, job)
        job.start()

    def _on_screen(self, location: Location) -> bool:
        """Whether the view holds `location`'s page already (of this vault: another may have the same path)."""
        return location.same_page(self.shown) and self._shown_root == self.session.root

    def refresh(self) -> None:
        """Show the current page again from the session's (new) source, in place."""
        if self.session.current is not None:
            self.show(self.session.current, refresh=True)

    def mark_text(self, text: str, words: str | None = None) -> None:
        """Highlight `words` (all of `text` when None) where `text` is in the page now on screen, and again
        whenever the page is refreshed."""
        self.mark, self.mark_words = text, words
        self.view.mark_text(text, words=words)

    def mark_after_load(self, text: str, location: Location, words: str | None = None) -> None:
        """`mark_text` once `location`, about to be opened, is on screen."""
        self.mark, self.mark_words, self._mark_page = text, words, location
        self._mark_pending = True

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _render(self, location: Location, keep_place: bool) -> None:
        self._cancel()
        source = self.session.source
        note = self.session.index.notes.get(location.key) if location.kind == "note" else None
        cache_key = source.cache_key(location.kind, location.key, location.via)  # what it is rendered from, named now
        name = note.title if note is not None else location.key
        if note is not None and note.size > SLOW_RENDER_BYTES:
            self.message.emit(f"Rendering {name} …")

        def rendered(page) -> None:
            if source is not self.session.source:  # a new index came meanwhile: render from that one
                self.show(location, refresh=keep_place)
                return
            self._job = None
            if page is None:
                self.message.emit(f"No longer in the vault: {location.key}")
                self._put_on_screen(location, self._gone_page(location), keep_place=False)
                return
            source.remember(cache_key, page)
            self._put_on_screen(location, page, keep_place)

        def failed(error: BaseException) -> None:  # the runner logged the traceback
            self._job = None
            self.message.emit(f"The page could not be rendered: {error_text(error)}")

        page_of = (location.kind, location.key) + ((location.via,) if location.via else ())  # via: video pages only

        def render():  # stopped part way once the reader has gone to another page (`_cancel`): its core is freed
            with stop_when(lambda: job.cancelled):
                return source.render(*page_of)

        job = background(render, name=f"render {location.key}", expected=(RenderCancelled,), pool=render_pool(),
                         owner=self).success(rendered).failure(failed)
        self._job = job.start()
        # A small page said nothing: say so if it takes long (not on a vault's first page, where the status bar
        # says how the vault opened).
        if (note is None or note.size <= SLOW_RENDER_BYTES) and self.shown is not None \
                and self._shown_root == self.session.root:
            QTimer.singleShot(SLOW_RENDER_NOTICE_MS, self, lambda: self._job is job and self.message.emit(
                f"Rendering {name} …"))

    def _put_on_screen(self, location: Location, page: tuple[str, str], keep_place: bool) -> None:
        title, html = page
        self._title = title
        self.shown, self._shown_root = location, self.session.root
        place, self._place = (None if keep_place else self._place), None
        self._in_place = keep_place or place is not None
        self._back_to_place = place is not None
        if keep_place and self.mark:
            self._mark_pending = True
        self.title_changed.emit(title)
        self.view.show_page(location.url, html, keep_place=keep_place, place=place)  # last: a view may report at once

    def _find_unlinked(self, location: Location) -> None:
        """The page `location` is on screen without its unlinked mentions: find them in the background, then add their
        section to the page where it is (no reload: the reader's place, selection and highlight stay) and keep
        the whole page in the cache for back/forward. Finding them can take a second in a big vault; the page
        never waits for it."""
        source = self.session.source
        if source is None or not source.wants_unlinked(location.kind, location.key):
            return
        if self._unlinked_job is not None:
            self._unlinked_job.cancel()
        page_of = (location.kind, location.key) + ((location.via,) if location.via else ())
        without = source.cache_key(*page_of)  # the page on screen, rendered without them

        def add(section: str) -> None:
            self._unlinked_job = None
            if section and source is self.session.source and self._on_screen(location):
                self.view.append_section(section)

        def found(section: str) -> None:
            self._unlinked_job = None
            source.add_unlinked(without, section)  # the body is not rendered again
            if source.cached(*page_of) is not None or source is not self.session.source:
                add(section)
                return
            # the page was shown again meanwhile (the video catalog came, the theme changed): only a render
            # gives that page with them, for back/forward
            now = source.cache_key(*page_of)

            def rendered(page) -> None:
                if page is not None:
                    source.remember(now, page)
                add(section)

            self._unlinked_job = (background(lambda: source.render(*page_of), name=f"render {location.key}",
                                             pool=render_pool(), owner=self).success(rendered).failure(failed)
                                  .start())

        def failed(error: BaseException) -> None:  # the runner logged the traceback; the page stays as it is
            self._unlinked_job = None
            self.message.emit(f"Unlinked mentions could not be found: {error_text(error)}")

        self._unlinked_job = (background(lambda: source.find_unlinked(location.kind, location.key),
                                         name=f"unlinked mentions of {location.key}", pool=render_pool(),
                                         owner=self).success(found).failure(failed).start())

    def _page_loaded(self, ok: bool) -> None:
        if self.shown is None:
            return
        if self._mark_pending and self.mark:
            self._mark_pending = False
            self.view.mark_text(self.mark, reveal=not self._in_place, words=self.mark_words)
        if self.shown.anchor and not self._in_place:
            self.view.highlight_anchor(self.shown.anchor)
        elif self.shown.anchor and self._back_to_place and not self.mark:  # marked again; the reader's place wins
            self.view.highlight_anchor(self.shown.anchor, reveal=False)
        if not ok:
            self.message.emit("The page could not be shown")
        self.page_shown.emit(self.shown)
        if ok:  # loaded: a section added now stays (added during the load, the new document would drop it)
            self._find_unlinked(self.shown)
