"""A page the reader leaves while it renders stops rendering: its thread is freed for the next page, and
no error is shown for it."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from desktop.render.body import RenderCancelled
from desktop.ui import page_presenter
from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from ui_helpers import open_window


def window_on(qtbot, tmp_path, notes: dict[str, str]) -> MainWindow:
    """A window on a vault of `a_small.md` (the first shown) and `notes`, its full index in."""
    root = tmp_path / "vault"
    root.mkdir()
    (root / "a_small.md").write_text("# A small note\nhello\n", encoding="utf-8")
    for name, text in notes.items():
        (root / name).write_text(text, encoding="utf-8")
    win = open_window(qtbot, tmp_path, root)
    assert win.index.complete and win.shown == Location("note", "a_small.md")
    return win


def test_a_page_left_while_it_renders_stops_and_the_next_one_shows(qtbot, tmp_path, monkeypatch):
    win = window_on(qtbot, tmp_path, {"slow.md": "# Slow\n" + "A paragraph with [[a link]].\n\n" * 500,
                                      "other.md": "# Other\nthe next page\n"})

    asking, moved_on, stopped = threading.Event(), threading.Event(), []
    real_stop_when = page_presenter.stop_when

    @contextmanager
    def held_at_its_start(unwanted):
        """Each render waits at its first question until the reader has moved on (so the slow one is still
        rendering then, whatever the machine's speed), then asks the presenter's question."""
        def asked() -> bool:
            asking.set()
            moved_on.wait(30)
            return unwanted()
        try:
            with real_stop_when(asked):
                yield
        except RenderCancelled:
            stopped.append(threading.current_thread().name)
            raise

    monkeypatch.setattr(page_presenter, "stop_when", held_at_its_start)
    win.router.go(Location("note", "slow.md"))
    qtbot.waitUntil(asking.is_set, timeout=10000)  # its render has begun
    win.router.go(Location("note", "other.md"))
    moved_on.set()
    qtbot.waitUntil(lambda: win.shown == Location("note", "other.md") and bool(stopped), timeout=20000)
    assert "could not be rendered" not in win.statusBar().currentMessage()
    assert "the next page" in win.view.toPlainText()


def test_a_page_still_rendering_says_so(qtbot, tmp_path, monkeypatch):
    win = window_on(qtbot, tmp_path, {"slow.md": "---\ntitle: Slow\n---\nA small note that renders slowly.\n"})

    said, real_stop_when = threading.Event(), page_presenter.stop_when

    @contextmanager
    def slow(unwanted):
        """The render holds at its first question until the window has said it is rendering."""
        def asked() -> bool:
            said.wait(30)
            return unwanted()
        with real_stop_when(asked):
            yield

    monkeypatch.setattr(page_presenter, "stop_when", slow)
    win.router.go(Location("note", "slow.md"))
    assert "Rendering" not in win.statusBar().currentMessage()  # a small note: nothing said at first
    qtbot.waitUntil(lambda: "Rendering Slow …" in win.statusBar().currentMessage(), timeout=10000)
    said.set()
    qtbot.waitUntil(lambda: win.shown == Location("note", "slow.md"), timeout=10000)
