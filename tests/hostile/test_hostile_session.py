"""A GUI session on a hostile tree (issue #12) leaves the vault exactly as it was: names that are not UTF-8, a
FIFO and a socket in the vault, a note swapped for a FIFO after the scan, and the cache folder inside the
vault (a vault that is the home folder). The window loads, shows, searches; nothing blocks, nothing is written."""

from __future__ import annotations

import os
import socket
import unicodedata
from pathlib import Path

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings

from vault_tree import tree_state

NFD = unicodedata.normalize("NFD", "Renée")


def _hostile_tree(vault: Path) -> None:
    vault.mkdir()
    (vault / "first.md").write_text("# First\nA note on marmalade, see [[second]] and [[Renée]].\n", encoding="utf-8")
    (vault / "second.md").write_text("# Second\nMore marmalade.\n", encoding="utf-8")
    (vault / f"{NFD}.md").write_text("# Renée\nDecomposed marmalade.\n", encoding="utf-8")
    (vault / "Case.md").write_text("# Upper\nmarmalade\n", encoding="utf-8")
    (vault / "case.md").write_text("# Lower\nmarmalade\n", encoding="utf-8")
    raw = os.fsencode(vault)
    for name in (b"/bad\xff.md", b"/img\xff.png"):
        os.close(os.open(raw + name, os.O_CREAT | os.O_WRONLY))
    os.mkdir(raw + b"/dir\xff")
    os.close(os.open(raw + b"/dir\xff/inner.md", os.O_CREAT | os.O_WRONLY))
    os.mkfifo(vault / "pipe.md")


def test_a_gui_session_on_a_hostile_tree_writes_nothing_and_never_blocks(qtbot, tmp_path, monkeypatch):
    vault = tmp_path / "vault"
    _hostile_tree(vault)
    monkeypatch.setenv("XDG_CACHE_HOME", str(vault / ".cache"))  # the cache folder inside the vault
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(vault / "sock.md"))
    try:
        before = tree_state(os.fsencode(vault))
        win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"))
        qtbot.addWidget(win)
        win.show()
        win.open_vault(vault)
        qtbot.waitUntil(lambda: win.index is not None and win.index.complete and win.shown is not None,
                        timeout=15000)
        assert sorted(win.index.notes) == sorted(["first.md", "second.md", f"{NFD}.md", "Case.md", "case.md"])
        warned = {w.path for w in win.index.warnings}
        assert {"bad\\xff.md", "img\\xff.png", "dir\\xff", "pipe.md", "sock.md"} <= warned
        for location in (Location("note", f"{NFD}.md"), Location("note", "case.md")):
            with qtbot.waitSignal(win.page_shown, timeout=10000):
                win.router.go(location)
        assert tree_state(os.fsencode(vault)) == before
        os.unlink(vault / "second.md")
        os.mkfifo(vault / "second.md")  # swapped for a FIFO after the scan: refused, not waited on
        before = tree_state(os.fsencode(vault))
        with qtbot.waitSignal(win.page_shown, timeout=10000):
            win.router.go(Location("note", "second.md"))
        win.open_search()
        win.search_panel.query_edit.setText("marmalade")
        win.search_panel.run_query()
        qtbot.waitUntil(lambda: len(win.search_panel.results()) >= 4, timeout=10000)
        win.close()
        assert tree_state(os.fsencode(vault)) == before
        assert not (vault / ".cache").exists()
    finally:
        server.close()
