"""No file is read on the GUI thread: pages render on a worker, images are read on a worker, and a note swapped
for a FIFO (a read that never ends) leaves the window answering."""

from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtCore import QTimer, QUrl

from desktop.render.page_source import PageSource
from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings


@pytest.fixture(params=["text", "web"])
def window(request, qtbot, tmp_path, fresh_vault):
    win = MainWindow(renderer=request.param, settings=AppSettings(tmp_path / "settings.ini"), staged=False,
                     watch=False)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.page_shown, timeout=20000):
        win.open_vault(fresh_vault, note="folder/sub/gamma.md")
    return win


def test_pages_render_on_a_worker(qtbot, window, monkeypatch):
    threads: list[str] = []
    real = PageSource.render
    monkeypatch.setattr(PageSource, "render", lambda self, kind, key: threads.append(
        threading.current_thread().name) or real(self, kind, key))
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.router.go(Location("note", "folder/beta.md"))
    assert threads and "MainThread" not in threads


def test_images_are_read_on_a_worker(qtbot, window, monkeypatch):
    threads: list[str] = []
    real = PageSource.file
    monkeypatch.setattr(PageSource, "file", lambda self, rel: threads.append(
        threading.current_thread().name) or real(self, rel))
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.router.go(Location("note", "alpha.md"))  # embeds picture.png
    qtbot.waitUntil(lambda: bool(threads), timeout=10000)
    assert "MainThread" not in threads
    if window.view.kind == "text":  # laid out again once the picture arrived
        qtbot.waitUntil(lambda: window.view.loadResource(2, QUrl("vault://file/picture.png")) is not None)


def test_a_note_swapped_for_a_fifo_never_blocks_the_window(qtbot, window, fresh_vault):
    note = fresh_vault / "folder" / "beta.md"
    note.unlink()
    os.mkfifo(note)
    try:
        window.router.go(Location("note", "folder/beta.md"))
        ticks: list[int] = []
        timer = QTimer(window, interval=10)
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start()
        qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=5000)  # the GUI thread keeps running meanwhile
        timer.stop()
    finally:
        qtbot.waitUntil(lambda: _release_reader(note) and window.presenter._job is None, timeout=10000)


def _release_reader(fifo) -> bool:
    """Open the FIFO's other end and close it: a worker still waiting in open() or read() gets end-of-file."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:  # no reader (yet, or any more)
        pass
    return True
