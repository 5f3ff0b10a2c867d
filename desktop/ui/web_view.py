"""The QtWebEngine note view: JavaScript off, pages by `vault://` URL, every link click handed to the router."""

from __future__ import annotations

import json

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QPainter, QRegion
from PySide6.QtWebEngineCore import (
    QWebEngineLoadingInfo,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QWidget

from desktop.core.youtube import video_at
from desktop.render.linker import parse_app_url
from desktop.render.page_source import PageSource
from desktop.ui.find_bar import Matches
from desktop.ui.theme import FOCUS_FRAME_PX, focus_ring_colour
from desktop.ui.url_scheme import SCHEME, RemoteBlocker, VaultSchemeHandler, register_vault_scheme

_profile: QWebEngineProfile | None = None
# A place the page was put back at after a find is held a moment: Chromium may scroll to the find's match after
# it has reported the find, even after a scroll of ours (QA: Back to a search result the reader had scrolled away
# from came back at the match). Asked again every HOLD_TICK_MS, HOLD_TICKS times, unless the reader scrolls.
HOLD_TICK_MS, HOLD_TICKS = 100, 10
HOLD_JS = "if (Math.abs(window.scrollY - %s) > 1) window.scrollTo(window.scrollX, %s);"
APP_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld  # our few lines run here; the page's JS stays off
HIGHLIGHT_JS = """(function () {
  var old = document.querySelector('[data-nr-highlight]');
  if (old) { old.removeAttribute('data-nr-highlight'); old.style.removeProperty('background-color');
             old.style.removeProperty('box-shadow'); }
  var el = document.getElementById(%s);
  if (!el) return false;
  el.setAttribute('data-nr-highlight', '');
  el.style.setProperty('background-color', 'rgba(255, 200, 40, 0.45)');
  el.style.setProperty('box-shadow', '0 0 0 2px rgba(255, 170, 0, 0.9)');
  if (%s) el.scrollIntoView({block: 'center'});
  return true;
})()"""
# A page shown at a place (again in place, or Back/Forward to where the reader left it) is put there before its
# first frame: this runs in the app's world as the document is created and scrolls it before every frame (as far
# as the page parsed so far reaches) until it is loaded, so that no frame shows its top (QA: a live reload showed
# the top for a frame or two, then jumped back to the reader's place). The reader's own scroll ends it.
# The script alone left a frame of the top in 3 of 12 live reloads (a page parsed only down to its header is too
# short to scroll): a page shown again in place is also covered by a still picture of itself until the new one,
# loaded and at its place, has painted (at most COVER_MAX_MS after it loaded).
COVER_MAX_MS = 300
COVER_LONGEST_MS = 3000  # a load that never reports (replaced, dropped) uncovers the page after this at most
PLACE_SCRIPT = "note-reader-place"
PLACE_JS = """(function (x, y) {
  var done = false;
  function put() {
    if (!done && (Math.abs(window.scrollY - y) > 1 || Math.abs(window.scrollX - x) > 1)) window.scrollTo(x, y);
  }
  function tick() {
    put();
    if (!done && document.readyState !== 'complete') requestAnimationFrame(tick);
  }
  function stop() { done = true; }
  requestAnimationFrame(tick);
  document.addEventListener('DOMContentLoaded', put);
  window.addEventListener('load', function () { put(); stop(); });
  ['wheel', 'keydown', 'mousedown', 'touchstart'].forEach(function (kind) {
    window.addEventListener(kind, stop, {capture: true, passive: true});
  });
})(%s, %s);"""
# A section the app rendered, added at the end of the page (`.page`, see render/pages.html_document).
APPEND_JS = """(function (html) {
  var page = document.querySelector('body > .page') || document.body;
  page.insertAdjacentHTML('beforeend', html);
  return true;
})(%s)"""


def shared_profile() -> QWebEngineProfile:
    """One off-the-record profile for the app, with the vault scheme and the remote blocker installed.

    Parented to the application so it outlives every page (Chromium warns when a profile dies first).
    """
    global _profile
    if _profile is None:
        register_vault_scheme()  # no-op when app.py already did it before QApplication
        _profile = QWebEngineProfile(QCoreApplication.instance())
        _profile.scheme_handler = VaultSchemeHandler(_profile)
        _profile.remote_blocker = RemoteBlocker(_profile)
        _profile.installUrlSchemeHandler(SCHEME, _profile.scheme_handler)
        _profile.setUrlRequestInterceptor(_profile.remote_blocker)
    return _profile


def _base(url: QUrl) -> str:
    return url.toString(QUrl.ComponentFormattingOption.FullyEncoded).partition("#")[0]


class NotePage(QWebEnginePage):
    """Lets only the view's own `vault://` loads through; link clicks are reported, never followed here."""

    link_clicked = Signal(QUrl)

    def __init__(self, profile: QWebEngineProfile, parent: QWidget | None = None) -> None:
        super().__init__(profile, parent)
        settings = self.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.AutoLoadIconsForPage, False)

    def acceptNavigationRequest(self, url: QUrl, kind: QWebEnginePage.NavigationType,  # noqa: N802
                                is_main_frame: bool) -> bool:
        if kind == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            self.link_clicked.emit(url)
            return False
        if kind == QWebEnginePage.NavigationType.NavigationTypeBackForward:
            return False  # history is the router's, not Chromium's
        return url.scheme() == "vault"

    def createWindow(self, _kind: QWebEnginePage.WebWindowType) -> QWebEnginePage:  # noqa: N802
        """A `target=_blank` link: catch its navigation in a throwaway page and report it as a click."""
        catcher = NewWindowCatcher(self.profile(), self)
        catcher.link_clicked.connect(self.link_clicked)
        return catcher


class NewWindowCatcher(QWebEnginePage):
    """A page that only reports where a new-window link leads, then goes away (note view and player alike)."""

    link_clicked = Signal(QUrl)

    def acceptNavigationRequest(self, url: QUrl, _kind, _is_main_frame) -> bool:  # noqa: N802
        self.link_clicked.emit(url)
        self.deleteLater()
        return False


class PaintWatcher(QObject):
    """Says when the widget it filters has been sent a paint event (Chromium's widget: a new frame on screen)."""

    painted = Signal()

    def eventFilter(self, _watched, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.painted.emit()
        return False


class WebNoteView(QWebEngineView):
    """Shows pages by URL through the shared profile's scheme handler; the HTML it is given is served first."""

    link_clicked = Signal(QUrl)
    link_hovered = Signal(str)
    page_loaded = Signal(bool)

    kind = "web"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note_page = NotePage(shared_profile(), self)
        self.setPage(self.note_page)
        self.setAccessibleName("Note")
        # A frame where the keyboard is (F6): the page is laid out inside a margin always this wide, which this
        # view paints in the page's colour, or the focus ring's while the page has the keyboard.
        self.layout().setContentsMargins(*(FOCUS_FRAME_PX,) * 4)
        self.dark = False
        self.focus_frame = False  # the frame is drawn: the page (Chromium's widget inside this view) has the focus
        QApplication.instance().focusChanged.connect(self._focus_moved)
        # Queued: the router loads the next page, and loading from inside acceptNavigationRequest crashes Chromium.
        self.note_page.link_clicked.connect(self.link_clicked, Qt.ConnectionType.QueuedConnection)
        self.note_page.linkHovered.connect(self.link_hovered)
        self.note_page.linkHovered.connect(self._link_hovered)
        self.note_page.loadingChanged.connect(self._loading_changed)
        self._previewed_link = False  # the link under the mouse gets the app's preview, not Chromium's tooltip
        self.source: PageSource | None = None
        self.current_url = ""
        self._pending: dict[str, bytes] = {}
        self._reloads = 0
        self._loading = False  # a load of ours is under way (a refused link click ends a load too)
        self._restore_scroll: QPointF | None = None  # where to scroll once the page loading now is in
        self._kept_place: QPointF | None = None  # where the last page shown in place was scrolled to
        self._finds = 0  # finds in the page asked so far
        self._first_next: str | None = None  # `mark_matches` found this: its first match is current, unseen
        self._held_y: float | None = None  # where the reader is while a find has (or may put) the page at a match
        self._hold_timer = QTimer(self, interval=HOLD_TICK_MS)
        self._hold_timer.timeout.connect(self._hold_tick)
        self._hold_ticks = 0
        self.note_page.scrollPositionChanged.connect(self._scrolled)
        self.cover = QLabel(self)  # the page as it was, over its reload in place until the new one is at its place
        self.cover.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.cover.hide()
        self._cover_timer = QTimer(self, singleShot=True)
        self._cover_timer.timeout.connect(self._uncover)
        self._uncover_on_paint = False  # the page is loaded and placed: its next frame on screen ends the cover
        self._painted = None  # the widget Chromium paints into, watched while the cover is up
        self._paints = PaintWatcher(self)
        self._paints.painted.connect(self._frame_painted)

    def _link_hovered(self, url: str) -> None:
        self._previewed_link = bool(url) and (parse_app_url(url) is not None or video_at(url) is not None)

    def event(self, event: QEvent) -> bool:  # noqa: D102 (Qt override)
        # A note, topic, video or stamp link shows the app's preview popover; the link's title as Chromium's
        # tooltip on top of it would say the same thing twice, overlapping it. Other links keep their tooltip.
        if event.type() == QEvent.Type.ToolTip and self._previewed_link:
            event.accept()
            return True
        return super().event(event)

    def set_source(self, source: PageSource | None) -> None:
        self.source = source  # the page on screen stays in _pending: a stamp's #fragment reloads it from there

    def _loading_changed(self, info: QWebEngineLoadingInfo) -> None:
        """Report only the end of the load we asked for last: a chip or web link the router handed elsewhere
        (a refused navigation) and a load a newer one replaced must not say "could not be shown"."""
        status = info.status()
        if status == QWebEngineLoadingInfo.LoadStatus.LoadStartedStatus or not self._loading:
            return
        if _base(info.url()) != self.current_url.partition("#")[0]:
            if info.url().scheme() == "vault" and self._reloads < 2:
                # An older page of ours finished after we asked for the new one, and Chromium dropped the new
                # request: ask again (twice at most).
                self._reloads += 1
                self.note_page.load(QUrl(self.current_url))
            return
        if status == QWebEngineLoadingInfo.LoadStatus.LoadStoppedStatus:
            return  # stopped for a newer load of the same page, which reports in its turn
        ok = status == QWebEngineLoadingInfo.LoadStatus.LoadSucceededStatus
        self._loading = False
        place, self._restore_scroll = self._restore_scroll, None
        self._kept_place = place
        self._place_before_first_frame(None)  # the next document goes where its own load says
        if ok:
            self._scroll_to(place)
        if self.cover.isVisible():  # once Chromium has the page at its place: the next frame painted uncovers it
            self.note_page.runJavaScript("0", APP_WORLD, lambda _result: self._uncover_at_next_frame())
            self._cover_timer.start(COVER_MAX_MS)
        self.page_loaded.emit(ok)

    def set_dark(self, dark: bool) -> None:
        """Paint the background the page will have, so switching notes never flashes white in the dark."""
        self.dark = dark
        self.note_page.setBackgroundColor(QColor("#1e1e1e") if dark else QColor("#ffffff"))
        self.update()

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        focused = new is not None and (new is self or self.isAncestorOf(new))
        if focused != self.focus_frame:
            self.focus_frame = focused
            self.setProperty("focusFrame", focused)
            self.update(self._frame_region())  # the margin only: the page is not painted again

    def _frame_region(self) -> QRegion:
        edge = FOCUS_FRAME_PX
        return QRegion(self.rect()) - QRegion(self.rect().adjusted(edge, edge, -edge, -edge))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """The margin around the page: the focus ring's colour while the page has the keyboard, else the page's."""
        painter = QPainter(self)
        colour = focus_ring_colour(self.dark) if self.focus_frame else self.note_page.backgroundColor()
        for rect in self._frame_region():
            painter.fillRect(rect, colour)
        painter.end()

    def _serve(self, url: str) -> tuple[bytes, str] | None:
        """Pages from memory only (the page being shown, else the cache): never a render on the GUI thread."""
        base = url.partition("#")[0]
        html = self._pending.get(base)
        if html is not None:
            return html, "text/html"
        return self.source.serve(base, render=False) if self.source is not None else None

    def _serve_file(self, url: str) -> tuple[bytes, str] | None:
        """A vault file (an image): read on a worker by the scheme handler."""
        return self.source.serve(url) if self.source is not None else None

    def scroll_place(self) -> float:
        """How far the page on screen is scrolled (kept in history as the reader leaves it); while a page loads
        to be scrolled back somewhere, that place (else its top: Chromium may still report the page before)."""
        if self._loading:
            return self._restore_scroll.y() if self._restore_scroll is not None else 0.0
        if self._held_y is not None:  # a find shows the first match for a moment: the reader is not there
            return self._held_y
        return self.note_page.scrollPosition().y()

    def show_page(self, url: str, html: str, keep_place: bool = False, place: float | None = None) -> None:
        """Load the page; `keep_place`: the same page again (new index, theme): back to where the reader was;
        `place`: scroll there (Back/Forward to where the reader left it) rather than to the anchor."""
        handler = self.note_page.profile().scheme_handler
        handler.serve, handler.serve_file = self._serve, self._serve_file
        base = url.partition("#")[0]
        self._pending = {base: html.encode("utf-8")}
        held = self._held_y
        self._release_hold()
        self._finds += 1  # a find in the page before is dropped: the bar finds again in this one
        self._restore_scroll = ((QPointF(0, held) if held is not None else QPointF(self.note_page.scrollPosition()))
                                if keep_place
                                else QPointF(0, place) if place is not None else None)
        self.current_url = url
        self._loading = True
        self._reloads = 0
        self._place_before_first_frame(self._restore_scroll)
        # Only a page shown again in place is covered: covering Back/Forward too made Chromium drop a later load
        # (test_history_place, Back after Forward: no load started; cause not found). The script serves them.
        if keep_place and self._restore_scroll.y() > 0:
            self._cover_page()
        else:
            self._uncover()
        self.note_page.load(QUrl(base if self._restore_scroll is not None else url))

    def _cover_page(self) -> None:
        """Cover the page area with a still picture of what it shows now, until the page loading is at its place."""
        painted = self.focusProxy()
        if painted is None or not self.isVisible() or not self.current_url:
            return
        if not self.cover.isVisible():
            self.cover.setPixmap(painted.grab())
            self.cover.setGeometry(painted.geometry())
            self.cover.raise_()
            self.cover.show()
        self._uncover_on_paint = False
        self._cover_timer.start(COVER_LONGEST_MS)
        if self._painted is not painted:
            self._stop_watching_paints()
            self._painted = painted
            painted.installEventFilter(self._paints)  # only while covered: no Python call on every frame else

    def _uncover_at_next_frame(self) -> None:
        if self.cover.isVisible() and not self._loading:
            self._uncover_on_paint = True
            self.focusProxy().update()

    def _frame_painted(self) -> None:
        """A frame of the page painted after it was placed: the cover goes (after this paint, not before it)."""
        if self._uncover_on_paint:
            self._uncover_on_paint = False
            QTimer.singleShot(0, self, self._uncover)

    def _uncover(self) -> None:
        self._uncover_on_paint = False
        self._cover_timer.stop()
        self._stop_watching_paints()
        if self.cover.isVisible():
            self.cover.hide()
            self.cover.clear()

    def _stop_watching_paints(self) -> None:
        if self._painted is not None and shiboken6.isValid(self._painted):
            self._painted.removeEventFilter(self._paints)
        self._painted = None

    def _place_before_first_frame(self, place: QPointF | None) -> None:
        """The next document loaded is put at `place` from its first frame (None: no place, at its top or
        anchor): a script of the app's own world, replaced at each page shown."""
        scripts = self.note_page.scripts()
        for old in scripts.find(PLACE_SCRIPT):
            scripts.remove(old)
        if place is None or place.y() <= 0:
            return
        script = QWebEngineScript()
        script.setName(PLACE_SCRIPT)
        script.setWorldId(APP_WORLD)
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        script.setRunsOnSubFrames(False)
        script.setSourceCode(PLACE_JS % (f"{place.x():.0f}", f"{place.y():.0f}"))
        scripts.insert(script)

    def append_section(self, html: str) -> None:
        """Add a section the app rendered (sanitized, escaped) at the end of the page on screen, without a
        reload: the reader's place, selection and highlight stay. Runs in the app's world, not the page's."""
        self.note_page.runJavaScript(APPEND_JS % json.dumps(html), APP_WORLD)

    def scroll_to(self, anchor: str) -> None:
        self._release_hold()
        base = self.current_url.partition("#")[0]
        self.note_page.load(QUrl(f"{base}#{anchor}"))

    def highlight_anchor(self, anchor: str, reveal: bool = True) -> None:
        """Mark the element `anchor` names (a backlink's mention, a heading, a block) and scroll to it, unless
        not `reveal` (Back to a place the reader left)."""
        if reveal:
            self._release_hold()
        self.note_page.runJavaScript(HIGHLIGHT_JS % (json.dumps(anchor), json.dumps(reveal)), APP_WORLD)

    def show_stamp(self, number: int, context: str) -> None:
        """Go to the chip `#stamp-<number>`: Chromium scrolls to it and the page's `:target` rule marks it."""
        self.scroll_to(f"stamp-{number}")

    def set_allow_remote(self, allow: bool) -> None:
        """Let remote images through the profile's request interceptor (the page must be rendered with them)."""
        self.note_page.profile().remote_blocker.allow_remote = allow

    def mark_text(self, text: str, reveal: bool = True, words: str | None = None) -> bool:
        """Highlight `text`, or only `words` where `text` is (`text` says where, `words` what: a search's matched
        words), with Chromium's find (works with JavaScript off). A find of new words starts from the match
        before, so `words` is found in the place `text` was. Find scrolls to the match, so a page shown again in
        place (`reveal` False) goes back to its kept position afterwards."""
        page, no_flags = self.note_page, QWebEnginePage.FindFlag(0)
        self._finds += 1  # Chromium has one find: this one replaces a find in page still waiting
        self._first_next = None
        self._release_hold()
        place = None if reveal else self._kept_place
        narrow = bool(words) and words != text

        def back_in_place(_result=None) -> None:
            if place is not None:
                self._hold_place(place.y())

        def found(result) -> None:
            if narrow and result.numberOfMatches():  # the place not found: no word marked elsewhere either
                page.findText(words, no_flags, back_in_place)
            else:
                back_in_place()

        page.findText("")
        page.findText(text, no_flags, found)
        return True

    def find_in_page(self, text: str, backward: bool, done) -> None:
        """Chromium's find: every match marked, the next (or previous) one current, wrapping; `done(Matches)`.
        An empty `text` clears the marks. Right after `mark_matches`, the next match is the first."""
        self._finds += 1  # a find of the page just shown, still waiting for its place, is dropped
        self._release_hold()  # this find moves the reader to its match
        page, first_next, self._first_next = self.note_page, self._first_next, None
        flags = QWebEnginePage.FindFlag.FindBackward if backward else QWebEnginePage.FindFlag(0)

        def find(_result=None) -> None:
            page.findText(text, flags, lambda result: done(Matches(result.activeMatch(), result.numberOfMatches())))

        if first_next == text and not backward:  # the first match is current, unseen: back a match, then on
            page.findText(text, QWebEnginePage.FindFlag.FindBackward, find)  # (on once it is found: a find
        else:                                                              # asked meanwhile would replace it)
            find()

    def mark_matches(self, text: str, done) -> None:
        """Mark every match of `text` in the page just shown and count them, the reader left where the page was
        put (its top, an anchor, a place kept in history): Chromium's find scrolls to the first match, so the
        page goes back to where it was (meanwhile `scroll_place` says that place, not the match's: a refresh in
        place keeps the reader's); `done(Matches)` with none current."""
        page, finds = self.note_page, self._finds + 1
        self._finds, self._first_next = finds, None

        def at(y) -> None:
            if finds != self._finds:
                return
            self._held_y = float(y) if isinstance(y, (int, float)) else None

            def found(result) -> None:
                if finds != self._finds:  # the reader finds on meanwhile, or the page is loading again
                    return
                if self._held_y is not None:
                    self._hold_place(self._held_y)
                self._first_next = text if result.numberOfMatches() else None
                done(Matches(0, result.numberOfMatches()))

            page.findText("")
            page.findText(text, QWebEnginePage.FindFlag(0), found)

        if self._held_y is not None:  # the page was shown again while a find held it: the same place
            at(self._held_y)
        elif self._kept_place is not None or "#" not in self.current_url:  # where this load put the page
            at(self._kept_place.y() if self._kept_place is not None else 0.0)
        else:  # at an anchor: where Chromium scrolled to
            page.runJavaScript("window.scrollY", APP_WORLD, at)

    def _hold_place(self, y: float) -> None:
        """Put the page at `y` after a find, and keep it there against the find's own scroll, which Chromium may
        make after it reported the find, until the reader scrolls or `HOLD_TICKS` of `HOLD_TICK_MS` pass."""
        self._held_y, self._hold_ticks = y, 0
        self._put_back()
        self._hold_timer.start()

    def _put_back(self) -> None:
        y = f"{self._held_y:.0f}"
        self.note_page.runJavaScript(HOLD_JS % (y, y), APP_WORLD)

    def _hold_tick(self) -> None:
        self._hold_ticks += 1
        if self._held_y is None or self._hold_ticks > HOLD_TICKS:
            self._release_hold()
        else:
            self._put_back()

    def reader_moved(self) -> None:
        """The reader scrolled or pressed a button over the page (the window's `ViewInput` says): a place held
        after a find (`_hold_place`) is theirs to leave."""
        self._release_hold()

    def _release_hold(self) -> None:
        self._held_y = None
        self._hold_timer.stop()

    def _scrolled(self, position: QPointF) -> None:
        if self._hold_timer.isActive() and self._held_y is not None and abs(position.y() - self._held_y) > 1:
            self._put_back()

    def _scroll_to(self, place: QPointF | None) -> None:
        if place is not None and place.y() > 0:
            self.note_page.runJavaScript(f"window.scrollTo({place.x():.0f}, {place.y():.0f})", APP_WORLD)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Copy and select only: no Back, Reload, View Source — those belong to the app or not at all."""
        menu = QMenu(self)
        request = self.lastContextMenuRequest()
        if request is not None and not request.linkUrl().isEmpty():
            menu.addAction(self.note_page.action(QWebEnginePage.WebAction.CopyLinkToClipboard))
        menu.addAction(self.note_page.action(QWebEnginePage.WebAction.Copy))
        menu.addAction(self.note_page.action(QWebEnginePage.WebAction.SelectAll))
        menu.popup(event.globalPos())
