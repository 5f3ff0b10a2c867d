"""The optional video player: a dock whose own web view plays YouTube through the IFrame API.

Off unless the user turns it on in Settings, because it loads remote content and runs its JavaScript. It has
its own profile and page, apart from the note view's (which stays without JavaScript and without network):
nothing here can reach `vault:` pages, and nothing of YouTube's reaches the notes.

The page is the app's own (`desktop.ui.player_page`): it makes one `YT.Player` and the dock drives it —
`loadVideoById` for another video, `seekTo` for a stamp of the open one (never a reload), `getCurrentTime` and
`getPlayerState` for following along, the `onReady`/`onStateChange`/`onError` events for the rest. Nothing is
fetched before the first play; the IFrame API script is the first request.

Polled, not a QWebChannel: the IFrame API has no time event, so the time must be asked for anyway, and one
`runJavaScript` a few times a second while playing (once a second otherwise) brings the time, the state and the
events queued since the last ask in one answer. A channel would also put an object of the app's within reach of
YouTube's own scripts, which run in the same world as the page.
"""

from __future__ import annotations

import json

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

from desktop.core.youtube import watch_url  # what "Open in browser" opens when the player cannot
from desktop.ui.player_page import API_URL, BUFFERING, PAGE_BASE, PLAYING, STATUS_JS, play_call, player_page_html
from desktop.ui.web_view import NewWindowCatcher

POLL_MS = 250  # how often the player is asked its time while playing
IDLE_POLL_MS = 1000  # ... and while paused, ended or not started (a play in the embed itself is seen then)
API_TIMEOUT_MS = 20000  # no ready player this long after the page: YouTube is out of reach
PAGE_WORLD = QWebEngineScript.ScriptWorldId.MainWorld  # the page's `noteReader` (our code) lives there
OFFLINE_TEXT = "Cannot reach YouTube. Are you offline?"
REFUSED_TEXT = "YouTube will not play this video here (error {code})."


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
    """JavaScript on (the player needs it); the main frame stays on the app's player page, links out go to
    `link_clicked`. The embed YouTube makes is a sub-frame: it navigates as it likes inside its frame."""

    link_clicked = Signal(QUrl)

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        settings = self.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled, True)
        settings.setAttribute(QWebEngineSettings.WebAttribute.PlaybackRequiresUserGesture, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.FullScreenSupportEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.AutoLoadIconsForPage, False)  # no favicon asked

    def acceptNavigationRequest(self, url: QUrl, kind: QWebEnginePage.NavigationType,  # noqa: N802
                                is_main_frame: bool) -> bool:
        if not is_main_frame:
            return True
        if kind == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            self.link_clicked.emit(url)
            return False
        # our own loads only: the player page (setHtml: a data: URL under PAGE_BASE) and the blank of stop(),
        # both asked for by the app (typed); nothing the page's scripts start
        return kind == QWebEnginePage.NavigationType.NavigationTypeTyped and url.scheme() in ("data", "about")

    def createWindow(self, _kind: QWebEnginePage.WebWindowType) -> QWebEnginePage:  # noqa: N802
        """"Watch on YouTube" and the like: report the link instead of opening a window here."""
        catcher = NewWindowCatcher(self.profile(), self)
        catcher.link_clicked.connect(self.link_clicked)
        return catcher


class PlayerDock(QDockWidget):
    """A dock titled "Video". `play(video_id, seconds)` shows it and plays there: the open video seeks, another is
    loaded into the same player, the first play opens the player page.

    `playing(seconds)` once the player plays a newly loaded video; `sought(seconds)` when the open one was moved;
    `time_changed(video, seconds)` as it plays; `state_changed(state)` on each IFrame API state event; `failed()`
    when YouTube cannot be reached (or refuses the video): the dock then says so with an "Open in browser"
    button that opens the watch page at the second it was at.
    """

    link_clicked = Signal(QUrl)
    playing = Signal(int)
    failed = Signal()
    time_changed = Signal(str, float)  # video id, the second it is playing (asked every POLL_MS while playing)
    state_changed = Signal(int)  # a YT.PlayerState
    sought = Signal(int)  # the open video was moved to this second (not loaded again)

    def __init__(self, parent: QWidget | None = None, *, api_url: str = API_URL) -> None:
        super().__init__("Video", parent)
        self.setObjectName("player")
        self.setAccessibleName("Video player")
        self.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
        self.api_url = api_url  # where the IFrame API script comes from (tests: their fake, as a data: URL)
        self.placeholder = QLabel("Click a timestamp to play the video here.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack = QStackedWidget()  # the placeholder, then the web view; always 16:9
        self.stack.addWidget(self.placeholder)
        self.offline = QWidget()  # YouTube out of reach, or the video refused
        self.offline_label = QLabel(OFFLINE_TEXT)
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
        self.caption.setObjectName("playerCaption")
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
        self.current_url: str | None = None  # the player page's address while it is open
        self._video: tuple[str, int] | None = None  # what was asked for last
        self._page_open = False  # the player page is loaded (its `noteReader` answers)
        self._ready = False  # ... and its YT.Player is ready
        self.last_time: tuple[str, float] | None = None  # (video, second) last reported
        self.player_state: int | None = None
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._ask_status)
        self._give_up = QTimer(self, singleShot=True, interval=API_TIMEOUT_MS)
        self._give_up.timeout.connect(lambda: self._fail(OFFLINE_TEXT))

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

    @property
    def video(self) -> str | None:
        """The video asked for last (playing, loading or failed)."""
        return self._video[0] if self._video is not None else None

    def play(self, video_id: str, seconds: int) -> None:
        """Play `video_id` from `seconds`: the open video seeks there, another is loaded into the open player,
        and the first play (or the first after a failure) opens the player page."""
        view = self._ensure_view()
        self.show()
        self.raise_()
        self._video = (video_id, seconds)
        if self._page_open:
            self.stack.setCurrentWidget(view)
            self.page.runJavaScript(play_call(video_id, seconds), PAGE_WORLD,
                                    lambda answer, v=video_id, s=seconds: self._asked_to_play(answer, v, s))
            return
        self._open_page(video_id, seconds)

    def _open_page(self, video_id: str, seconds: int) -> None:
        self.stack.setCurrentWidget(self.view)
        self.current_url = PAGE_BASE
        self._page_open = self._ready = False
        self.last_time = None
        self.player_state = None
        self._poll.setInterval(POLL_MS)
        self._give_up.start()
        self.page.setHtml(player_page_html(video_id, seconds, api_url=self.api_url), QUrl(PAGE_BASE))

    def _asked_to_play(self, answer, video_id: str, seconds: int) -> None:
        if self._video != (video_id, seconds):
            return  # another stamp came meanwhile
        if answer == "sought":
            self.sought.emit(seconds)
        elif answer == "loaded":
            self.last_time = None
            self.playing.emit(seconds)
        elif answer != "waiting":  # no player page answering (it went away): open it again
            self._open_page(video_id, seconds)

    def _loaded(self, ok: bool) -> None:
        if self.current_url is None or self._video is None:
            return  # the about:blank of stop()
        if not ok:
            self._fail(OFFLINE_TEXT)
            return
        self._page_open = True
        self._poll.start()

    def _ask_status(self) -> None:
        if not self._page_open or self.view is None:
            self._poll.stop()
            return
        self.page.runJavaScript(STATUS_JS, PAGE_WORLD, self._told_status)

    def _told_status(self, answer) -> None:
        """The page's answer to `noteReader.status()` (as JSON): events first, then the time."""
        if not self._page_open or not isinstance(answer, str):
            return
        try:
            status = json.loads(answer)
        except ValueError:
            return
        if not isinstance(status, dict):
            return
        error = status.get("error")
        if error == "api":
            self._fail(OFFLINE_TEXT)
            return
        if isinstance(error, str) and error.startswith("player"):
            self._fail(REFUSED_TEXT.format(code=error.removeprefix("player").strip()))
            return
        for event in status.get("events") or []:
            if not isinstance(event, list) or len(event) != 2:
                continue
            name, data = event
            if name == "ready" and not self._ready:
                self._ready = True
                self._give_up.stop()
                if self._video is not None:
                    self.playing.emit(self._video[1])
            elif name == "state" and isinstance(data, (int, float)):
                self.player_state = int(data)
                self._poll.setInterval(POLL_MS if self.player_state in (PLAYING, BUFFERING) else IDLE_POLL_MS)
                self.state_changed.emit(self.player_state)
        video, seconds = status.get("video"), status.get("time")
        if isinstance(video, str) and isinstance(seconds, (int, float)) and not isinstance(seconds, bool):
            if self.last_time != (video, float(seconds)):
                self.last_time = (video, float(seconds))
                self.time_changed.emit(video, float(seconds))

    def _fail(self, text: str) -> None:
        """Say so in the dock, instead of a blank player or Chromium's "This site can't be reached"."""
        self._give_up.stop()
        self._poll.stop()
        self._page_open = self._ready = False
        self.offline_label.setText(text)
        self.stack.setCurrentWidget(self.offline)
        self.failed.emit()

    def _open_in_browser(self) -> None:
        """The watch page at the second the player was at (else the stamp's), through the app's link path."""
        if self._video is None:
            return
        video_id, seconds = self._video
        if self.last_time is not None and self.last_time[0] == video_id:
            seconds = int(self.last_time[1])
        self.link_clicked.emit(QUrl(watch_url(video_id, seconds)))

    def stop(self) -> None:
        """Stop playing (and loading) and show the placeholder again."""
        self.current_url = None
        self._video = None
        self._page_open = self._ready = False
        self.last_time = None
        self.player_state = None
        self._poll.stop()
        self._give_up.stop()
        self.caption.clear()
        if self.view is not None:
            self.view.setUrl(QUrl("about:blank"))
        self.stack.setCurrentWidget(self.placeholder)
