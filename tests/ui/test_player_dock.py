"""The player dock on its own: the app's player page drives the IFrame API (here the local fake, no network);
nothing remote before the first play; offline or refused, the dock says so and offers the browser."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEngineSettings

from desktop.ui.player_dock import OFFLINE_TEXT, PAGE_WORLD, PlayerDock, player_profile
from desktop.ui.player_page import API_URL, PAGE_BASE, PLAYER_HOST, player_page_html
from desktop.ui.web_view import shared_profile
from fake_player import FAKE_API_URL, fake_calls, play_to

VIDEO, OTHER = "abcdefghijk", "bcdefghijkl"


@pytest.fixture
def gate():
    """Every http(s) request of the player's profile is refused (and listed): what offline looks like."""
    network_gate = player_profile().network_gate
    network_gate.open = False
    network_gate.blocked.clear()
    yield network_gate
    network_gate.open = True


@pytest.fixture
def dock(qtbot, gate):
    player = PlayerDock(api_url=FAKE_API_URL)
    qtbot.add_widget(player)
    opened: list[str] = []
    player.link_clicked.connect(lambda url: opened.append(url.toString()))
    player.opened = opened
    yield player
    player.stop()


def test_nothing_is_made_or_fetched_before_the_first_play(dock, gate):
    assert dock.view is None and gate.blocked == []


def test_the_first_play_opens_the_apps_player_page_in_a_javascript_profile_of_its_own(qtbot, dock, gate):
    with qtbot.waitSignal(dock.playing, timeout=10000) as playing:
        dock.play(VIDEO, 65)
    assert playing.args == [65]
    assert dock.stack.currentWidget() is dock.view and dock.windowTitle() == "Video"
    assert fake_calls(qtbot, dock) == [["new", VIDEO, 65, PLAYER_HOST], ["playVideo"]]
    assert dock.page.url().toString().startswith(PAGE_BASE)  # an https origin for the embed to play under
    assert gate.blocked == []  # the fake API asked nothing of the network
    # JavaScript only here, in the player's own profile; the note view's pages keep it off
    assert dock.page.settings().testAttribute(QWebEngineSettings.WebAttribute.JavascriptEnabled)
    assert dock.page.profile() is player_profile() is not shared_profile()


def test_the_dock_reports_the_players_time_and_state(qtbot, dock):
    with qtbot.waitSignal(dock.playing, timeout=10000):
        dock.play(VIDEO, 65)
    play_to(qtbot, dock, 70.5)
    assert dock.last_time == (VIDEO, 70.5)
    with qtbot.waitSignal(dock.state_changed, timeout=5000) as state:
        dock.page.runJavaScript("fakeYT.pause()", PAGE_WORLD)
    assert state.args == [2]  # YT.PlayerState.PAUSED
    play_to(qtbot, dock, 80)  # a time moved while paused is reported too (the seek bar)


def test_a_second_play_seeks_or_loads_in_the_open_player(qtbot, dock):
    with qtbot.waitSignal(dock.playing, timeout=10000):
        dock.play(VIDEO, 65)
    with qtbot.waitSignal(dock.sought, timeout=5000) as sought:
        dock.play(VIDEO, 3723)
    assert sought.args == [3723]
    with qtbot.waitSignal(dock.playing, timeout=5000) as playing:
        dock.play(OTHER, 42)
    assert playing.args == [42]
    assert fake_calls(qtbot, dock)[2:] == [["seekTo", 3723], ["playVideo"], ["loadVideoById", OTHER, 42]]


def test_offline_the_dock_says_it_cannot_reach_youtube_and_offers_the_browser(qtbot, gate):
    dock = PlayerDock()  # the real IFrame API address: the closed gate refuses it, as being offline would
    qtbot.add_widget(dock)
    opened: list[str] = []
    dock.link_clicked.connect(lambda url: opened.append(url.toString()))
    try:
        with qtbot.waitSignal(dock.failed, timeout=10000):
            dock.play(VIDEO, 65)
        assert gate.blocked == [API_URL]  # the first and only request: the API script, on the play
        assert dock.stack.currentWidget() is dock.offline
        assert dock.offline_label.text() == OFFLINE_TEXT
        dock.open_button.click()
        assert opened == ["https://www.youtube.com/watch?v=abcdefghijk&t=65s"]
    finally:
        dock.stop()


def test_a_video_youtube_refuses_is_offered_in_the_browser_at_the_second_it_was_at(qtbot, dock):
    with qtbot.waitSignal(dock.playing, timeout=10000):
        dock.play(VIDEO, 65)
    play_to(qtbot, dock, 99.7)
    with qtbot.waitSignal(dock.failed, timeout=5000):
        dock.page.runJavaScript("fakeYT.fail(150)", PAGE_WORLD)  # the owner forbids embedding
    assert dock.stack.currentWidget() is dock.offline
    assert "150" in dock.offline_label.text()
    dock.open_button.click()
    assert dock.opened == ["https://www.youtube.com/watch?v=abcdefghijk&t=99s"]
    with qtbot.waitSignal(dock.playing, timeout=10000):  # a stamp after the failure tries again
        dock.play(VIDEO, 10)
    assert dock.stack.currentWidget() is dock.view


def test_links_out_of_the_player_are_reported_not_followed(qtbot, dock):
    with qtbot.waitSignal(dock.playing, timeout=10000):
        dock.play(VIDEO, 65)
    with qtbot.waitSignal(dock.link_clicked, timeout=5000) as clicked:
        dock.page.runJavaScript("var a = document.createElement('a'); a.href = 'https://www.youtube.com/watch?v="
                                f"{VIDEO}'; document.body.appendChild(a); a.click();", PAGE_WORLD)
    assert clicked.args == [QUrl(f"https://www.youtube.com/watch?v={VIDEO}")]
    assert dock.page.url().toString().startswith(PAGE_BASE)


def test_the_player_page_quotes_what_it_is_given():
    page = player_page_html("</script><b>", 5, api_url='x" onload="y')
    assert "</script><b>" not in page and '"\\u003c/script>\\u003cb>"' in page
    assert 'src="x&quot; onload=&quot;y"' in page
