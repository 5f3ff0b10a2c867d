"""The fake IFrame API (`fake_iframe_api.js`) handed to the player dock in tests, and ways to drive its clock."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from desktop.ui.player_dock import PAGE_WORLD

FAKE_API_URL = "data:text/javascript;base64," + base64.b64encode(
    (Path(__file__).with_name("fake_iframe_api.js")).read_bytes()).decode("ascii")


def run_js(qtbot, dock, script: str):
    """Run `script` in the player page (where the fake lives) and wait for its value."""
    answers: list = []
    dock.page.runJavaScript(script, PAGE_WORLD, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    return answers[0]


def fake_calls(qtbot, dock) -> list:
    """The IFrame API calls the player page made so far."""
    return json.loads(run_js(qtbot, dock, "JSON.stringify(fakeYT.calls)"))


def play_to(qtbot, dock, seconds: float) -> None:
    """Move the fake player's clock to `seconds` and wait until the dock has reported it."""
    with qtbot.waitSignal(dock.time_changed, timeout=5000,
                          check_params_cb=lambda _video, at: abs(at - seconds) < 0.01):
        dock.page.runJavaScript(f"fakeYT.setTime({float(seconds)})", PAGE_WORLD)
