"""The optional video player: a dock whose own web view plays YouTube embeds at a stamp's second.

Off unless the user turns it on in Settings, because it loads remote content and runs its JavaScript. It has
its own profile and page, apart from the note view's (which stays without JavaScript and without network):
nothing here can reach `vault:` pages, and nothing of YouTube's reaches the notes.

Follow along: while a video is open, the dock asks the embed's `<video>` element its time a few times a second
(`time_changed`), and a stamp of the same video seeks it instead of loading the embed again. Both are two
lines of script run in an isolated world of the app's own (`ApplicationWorld`): the embed's scripts cannot
see or change them, and nothing of ours runs in the note view.
"""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QDockWidget, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop.core.youtube import watch_url  # what "Open in browser" opens when the embed cannot load
from desktop.ui.web_view import NewWindowCatcher


EMBED_HOST = "www.youtube-nocookie.com"
POLL_MS = 250  # how often the playing time is asked while a video is open
APP_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld  # ours: the embed's own scripts do not see it
TIME_JS = "(function () { var v = document.querySelector('video'); return v ? v.currentTime : null; })()"
SEEK_JS = ("(function (s) { var v = document.querySelector('video'); if (!v) { return false; } v.currentTime = s;"
           " if (v.paused && v.play) { v.play().catch(function () {}); } return true; })(%d)")


def embed_url(video_id: str, seconds: int) -> str:
    """The privacy-enhanced embed of `video_id`, starting at `seconds` and playing at once."""
    return f"https://{EMBED_HOST}/embed/{quote(video_id, safe='')}?start={max(0, int(seconds))}&autoplay=1"


class NetworkGate(QWebEngineUrlRequestInterceptor):
    """Lets the player's requests out only while `open` (tests close it: no test may reach the network)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open = True
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 (Qt override)
        if not self.open and info.requestUrl().scheme() in ("http", "https"):
            self.blocked.append(info.requestUrl().toString())
            info.block(True)


_profile: QWebEngineProfile | None = None


def player_profile() -> QWebEngineProfile:
    """The player's own off-the-record profile (no vault scheme), parented to the application so it outlives
    every page."""
    global _profile
    if _profile is None:
        _profile = QWebEngineProfile(QCoreApplication.instance())
        _profile.network_gate = NetworkGate(_profile)
        _profile.setUrlRequestInterceptor(_profile.network_gate)
    return _profile


class PlayerPage(QWebEnginePage):
    """JavaScript on (the embed needs it); the main frame stays on the embed, links out go to `link_clicked`."""

    link_clicked = Signal(QUrl)

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        self.embed_hosts = {EMBED_HOST}  # tests add the host of their local fake player
        settings = self.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, True)
        settings.setAttribute(QWebEngineSettings.WebAttribute.PlaybackRequiresUserGesture, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.FullScreenSupportEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)

    def acceptNavigationRequest(self, url: QUrl, kind: QWebEnginePage.NavigationType,  # noqa: N802
                                is_main_frame: bool) -> bool:
        if not is_main_frame:
            return True
        if (url.host() in self.embed_hosts and url.path().startswith("/embed/")) or url.scheme() == "about":
            return True
        if kind == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            self.link_clicked.emit(url)
        return False

    def createWindow(self, _kind: QWebEnginePage.WebWindowType) -> QWebEnginePage:  # noqa: N802
        """"Watch on YouTube" and the like: report the link instead of opening a window here."""
        catcher = NewWindowCatcher(self.profile(), self)
        catcher.link_clicked.connect(self.link_clicked)
        return catcher


class PlayerDock(QDockWidget):
    """A dock titled "Video". `play(video_id, seconds)` shows it and (re)loads the embed at that second.

    `playing(seconds)` once the embed has loaded; `failed()` when it could not (offline): the dock then says so
    with an "Open in browser" button instead of Chromium's error page.
    """

    link_clicked = Signal(QUrl)
    playing = Signal(int)
    failed = Signal()
    time_changed = Signal(str, float)  # video id, the second it is playing (asked every POLL_MS)
    sought = Signal(int)  # the open video was moved to this second (not loaded again)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Video", parent)
        self.setObjectName("player")
        self.setAccessibleName("Video player")
        self.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
        self.placeholder = QLabel("Click a timestamp to play the video here.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack = QStackedWidget()  # the placeholder, then the web view; always 16:9
        self.stack.addWidget(self.placeholder)
        self.offline = QWidget()  # the embed did not load
        self.offline_label = QLabel("The video could not be loaded. Are you offline?")
        self.offline_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offline_label.setWordWrap(True)
        self.open_button = QPushButton("Open in browser")
        self.open_button.clicked.connect(self._open_in_browser)
        offline_layout = QVBoxLayout(self.offline)
        offline_layout.addStretch(1)
        offline_layout.addWidget(self.offline_label)
        offline_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignCenter)
        offline_layout.addStretch(1)
        self.stack.addWidget(self.offline)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setContentsMargins(8, 4, 8, 0)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.addWidget(self.stack)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self.setWidget(body)
        self.view: QWebEngineView | None = None  # made on the first play: no Chromium page until then
        self.current_url: str | None = None
        self.embed_url = embed_url  # where a video is loaded from (tests: their local fake player)
        self._video: tuple[str, int] | None = None
        self._loaded_video: str | None = None  # the video the embed holds, once it has loaded
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._ask_time)

    def _ensure_view(self) -> QWebEngineView:
        if self.view is None:
            self.view = QWebEngineView()
            self.view.setAccessibleName("Video")
            self.page = PlayerPage(player_profile(), self.view)
            self.page.link_clicked.connect(self.link_clicked, Qt.ConnectionType.QueuedConnection)
            self.view.setPage(self.page)
            self.view.loadFinished.connect(self._loaded)
            self.stack.addWidget(self.view)
        return self.view

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Keep the video 16:9 at the dock's width; the caption and free space go below it."""
        super().resizeEvent(event)
        self.stack.setFixedHeight(max(self.stack.width() * 9 // 16, 90))

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)

    def play(self, video_id: str, seconds: int) -> None:
        """Play `video_id` from `seconds`: the open video seeks there; another (or none yet) loads the embed."""
        view = self._ensure_view()
        self.stack.setCurrentWidget(view)
        self.show()
        self.raise_()
        self._video = (video_id, seconds)
        if self._loaded_video == video_id:
            self.page.runJavaScript(SEEK_JS % max(0, int(seconds)), APP_WORLD,
                                    lambda done, v=video_id, s=seconds: self._seeked(done, v, s))
            return
        self._load(video_id, seconds)

    def _load(self, video_id: str, seconds: int) -> None:
        url = self.embed_url(video_id, seconds)
        self.current_url = url
        self._loaded_video = None
        self._poll.stop()
        self.view.load(QUrl(url))

    def _seeked(self, done, video_id: str, seconds: int) -> None:
        if self._video != (video_id, seconds):
            return  # another stamp came meanwhile
        if done is True:
            self.sought.emit(seconds)
        else:  # no player in the page (yet): load it at that second
            self._load(video_id, seconds)

    def _loaded(self, ok: bool) -> None:
        if self.current_url is None or self._video is None:
            return  # the about:blank of stop()
        if ok:
            self._loaded_video = self._video[0]
            self._poll.start()
            self.playing.emit(self._video[1])
            return
        self.stack.setCurrentWidget(self.offline)  # our message, not Chromium's "This site can't be reached"
        self.failed.emit()

    def _ask_time(self) -> None:
        video = self._loaded_video
        if video is None or self.view is None:
            self._poll.stop()
            return
        self.page.runJavaScript(TIME_JS, APP_WORLD, lambda value, v=video: self._told_time(v, value))

    def _told_time(self, video_id: str, value) -> None:
        if video_id == self._loaded_video and isinstance(value, (int, float)) and not isinstance(value, bool):
            self.time_changed.emit(video_id, float(value))

    def _open_in_browser(self) -> None:
        if self._video is not None:
            self.link_clicked.emit(QUrl(watch_url(*self._video)))

    def stop(self) -> None:
        """Stop playing (and loading) and show the placeholder again."""
        self.current_url = None
        self._video = None
        self._loaded_video = None
        self._poll.stop()
        self.caption.clear()
        if self.view is not None:
            self.view.setUrl(QUrl("about:blank"))
        self.stack.setCurrentWidget(self.placeholder)
