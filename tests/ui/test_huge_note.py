"""A huge note renders on a worker thread: the window keeps answering, then shows it with a notice if cut."""

from __future__ import annotations

from desktop.render import pages
from desktop.ui.main_window import BACKGROUND_RENDER_BYTES, MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings

STAMP = '<a class="yt-timestamp" data-t="00:01:00"></a>'


def test_huge_note_renders_off_the_gui_thread_and_is_shown(qtbot, tmp_path, monkeypatch):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "small.md").write_text("# Small\nhello\n", encoding="utf-8")
    line = f"A long claim about [[some topic]] and more words here {STAMP}.\n\n"
    (root / "zz_huge.md").write_text("# Huge\n" + line * (BACKGROUND_RENDER_BYTES // len(line) + 200), encoding="utf-8")
    monkeypatch.setattr(pages, "RENDER_LIMIT", BACKGROUND_RENDER_BYTES)  # a cut, and a notice, without 50 MB
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    win.open_vault(root)
    qtbot.waitUntil(lambda: win.index is not None and win.index.complete and win.shown is not None, timeout=10000)
    assert win.shown == Location("note", "small.md")

    threads = []
    real_render = win.source.render
    monkeypatch.setattr(win.source, "render", lambda kind, key: threads.append(
        __import__("threading").current_thread().name) or real_render(kind, key))
    win.router.go(Location("note", "zz_huge.md"))
    assert win.shown == Location("note", "small.md")  # not yet: it is rendering on a worker
    assert "Rendering Huge" in win.statusBar().currentMessage()
    qtbot.waitUntil(lambda: win.shown == Location("note", "zz_huge.md"), timeout=20000)
    assert threads and threads[0] != "MainThread"
    text = win.view.toPlainText()
    assert "only the first" in text and "A long claim about some topic" in text
