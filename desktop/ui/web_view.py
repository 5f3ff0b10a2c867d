"""The QtWebEngine note view: JavaScript off, pages by `vault://` URL, every link click handed to the router."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QMenu, QWidget

from desktop.render.page_source import PageSource
from desktop.ui.url_scheme import SCHEME, RemoteBlocker, VaultSchemeHandler, register_vault_scheme

_profile: QWebEngineProfile | None = None


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
        # Queued: the router loads the next page, and loading from inside acceptNavigationRequest crashes Chromium.
        self.note_page.link_clicked.connect(self.link_clicked, Qt.ConnectionType.QueuedConnection)
        self.note_page.linkHovered.connect(self.link_hovered)
        self.loadFinished.connect(self._load_finished)
        self.source: PageSource | None = None
        self.current_url = ""
        self._pending: dict[str, bytes] = {}

    def set_source(self, source: PageSource | None) -> None:
        self.source = source
        self._pending.clear()

    def _load_finished(self, ok: bool) -> None:
        """Report only the load of the page we asked for: a refused link click also ends in loadFinished(False)."""
        def base(url: QUrl) -> str:
            return url.toString(QUrl.ComponentFormattingOption.FullyEncoded).partition("#")[0]

        if base(self.url()) == base(QUrl(self.current_url)):
            self.page_loaded.emit(ok)

    def set_dark(self, dark: bool) -> None:
        """Paint the background the page will have, so switching notes never flashes white in the dark."""
        self.note_page.setBackgroundColor(QColor("#1e1e1e") if dark else QColor("#ffffff"))

    def _serve(self, url: str) -> tuple[bytes, str] | None:
        base = url.partition("#")[0]
        html = self._pending.get(base)
        if html is not None:
            return html, "text/html"
        return self.source.serve(base) if self.source is not None else None

    def show_page(self, url: str, html: str) -> None:
        self.note_page.profile().scheme_handler.serve = self._serve
        base = url.partition("#")[0]
        self._pending = {base: html.encode("utf-8")}
        self.current_url = url
        self.note_page.load(QUrl(url))

    def scroll_to(self, anchor: str) -> None:
        base = self.current_url.partition("#")[0]
        self.note_page.load(QUrl(f"{base}#{anchor}"))

    def show_stamp(self, number: int, context: str) -> None:
        """Go to the chip `#stamp-<number>`: Chromium scrolls to it and the page's `:target` rule marks it."""
        self.scroll_to(f"stamp-{number}")

    def set_allow_remote(self, allow: bool) -> None:
        """Let remote images through the profile's request interceptor (the page must be rendered with them)."""
        self.note_page.profile().remote_blocker.allow_remote = allow

    def mark_text(self, text: str) -> bool:
        """Highlight `text` and scroll to it with Chromium's find (works with JavaScript off)."""
        self.note_page.findText("")
        self.note_page.findText(text)
        return True

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Copy and select only: no Back, Reload, View Source — those belong to the app or not at all."""
        menu = QMenu(self)
        request = self.lastContextMenuRequest()
        if request is not None and not request.linkUrl().isEmpty():
            menu.addAction(self.note_page.action(QWebEnginePage.WebAction.CopyLinkToClipboard))
        menu.addAction(self.note_page.action(QWebEnginePage.WebAction.Copy))
        menu.addAction(self.note_page.action(QWebEnginePage.WebAction.SelectAll))
        menu.popup(event.globalPos())
