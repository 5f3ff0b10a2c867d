"""The note on screen renamed, moved or deleted on disk: the window follows it to its new path (history too), or
says it is gone instead of showing a stale page; the panels agree, and Back still works."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core.index import VaultIndex
from desktop.render.navigation import Location, moved_note
from tests.ui.ui_helpers import open_window

LONG = ("---\ntitle: Long Read\nvideoId: abcdefghijk\n---\n# Long read\n\n"
        + "".join(f"Paragraph {i} cites [[beta]] <a class=\"yt-timestamp\" data-t=\"00:0{i % 10}:10\"></a>.\n\n"
                  for i in range(200)))


def reload_and_wait(qtbot, win) -> None:
    """The watcher's answer to a change on disk: the index read again, then the page shown again."""
    with qtbot.waitSignals([win.vault_loaded, win.page_shown], timeout=20000):
        win.loader.reload()


@pytest.fixture
def window(qtbot, tmp_path, fresh_vault):
    (fresh_vault / "long.md").write_text(LONG, encoding="utf-8")
    win = open_window(qtbot, tmp_path, fresh_vault, note="alpha.md")
    qtbot.waitUntil(lambda: win.index.complete and not win.loader.busy, timeout=20000)
    with qtbot.waitSignal(win.page_shown, timeout=20000):
        win.router.go(Location("note", "long.md"))
    return win, fresh_vault


def test_a_renamed_note_on_screen_is_followed_to_its_new_path_in_place(qtbot, window):
    win, root = window
    bar = win.view.verticalScrollBar()
    win.view.setFocus()
    for _ in range(3):
        qtbot.keyClick(win.view, Qt.Key.Key_PageDown)
    place = bar.value()
    assert place > 0
    (root / "elsewhere").mkdir()
    (root / "long.md").rename(root / "elsewhere" / "long read.md")
    (root / "alpha.md").rename(root / "alpha renamed.md")  # a note back in the history moves too
    reload_and_wait(qtbot, win)
    moved = Location("note", "elsewhere/long read.md")
    assert win.shown == moved and win.session.current == moved
    assert "Paragraph 3 cites" in win.view.toPlainText() and bar.value() == place
    assert win.windowTitle().startswith("Long Read")
    assert win.stamp_panel.topLevelItemCount() == 200
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert win.shown == Location("note", "alpha renamed.md")
    assert "The first claim links" in win.view.toPlainText()


def test_a_deleted_note_on_screen_says_so_and_back_still_works(qtbot, window):
    win, root = window
    assert win.stamp_panel.topLevelItemCount() == 200
    (root / "long.md").unlink()
    reload_and_wait(qtbot, win)
    text = win.view.toPlainText()
    assert "This note was deleted (or moved)" in text and "Paragraph 3" not in text
    assert "Long Read" in text  # which note it was
    assert win.stamp_panel.topLevelItemCount() == 0 and win.outline_panel.topLevelItemCount() == 0
    win.view.setFocus()
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert win.shown == Location("note", "alpha.md") and "The first claim links" in win.view.toPlainText()
    with qtbot.waitSignal(win.page_shown, timeout=10000):  # Forward to it: still gone, and said so
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert "This note was deleted (or moved)" in win.view.toPlainText()


def test_moved_note_is_found_by_title_and_file(tmp_path, fresh_vault):
    before = VaultIndex.build(fresh_vault)
    (fresh_vault / "folder").rename(fresh_vault / "renamed folder")
    (fresh_vault / "alpha.md").unlink()
    after = VaultIndex.build(fresh_vault)
    assert moved_note(before, after, "folder/beta.md") == "renamed folder/beta.md"
    assert moved_note(before, after, "folder/sub/gamma.md") == "renamed folder/sub/gamma.md"
    assert moved_note(before, after, "alpha.md") is None  # deleted
    assert moved_note(before, after, "renamed folder/beta.md") is None  # not a note of the first index


def test_a_note_whose_folder_became_unreadable_says_so_not_that_it_was_deleted(qtbot, window, monkeypatch):
    """QA (as `nobody`, `chmod 000` on a folder): the note on screen said "This note was deleted (or moved)",
    while Vault Warnings said its folder was unreadable."""
    import os

    win, root = window
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        win.router.go(Location("note", "folder/beta.md"))
    real_scandir = os.scandir
    locked = str(root / "folder")

    def scandir(path="."):
        if os.fspath(path).rstrip("/") == locked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # as a folder the user may no longer read lists
    reload_and_wait(qtbot, win)
    text = win.view.toPlainText()
    assert "This note cannot be read now: its folder folder is unreadable (Permission denied)" in text
    assert "deleted" not in text


def test_a_gone_note_with_no_page_before_offers_no_back(qtbot, tmp_path, fresh_vault):
    (fresh_vault / "long.md").write_text(LONG, encoding="utf-8")
    win = open_window(qtbot, tmp_path, fresh_vault, note="long.md")
    qtbot.waitUntil(lambda: win.index.complete and not win.loader.busy, timeout=20000)
    assert not win.session.history.can_go_back()
    (fresh_vault / "long.md").unlink()
    reload_and_wait(qtbot, win)
    text = win.view.toPlainText()
    assert "This note was deleted (or moved)" in text and "Back (Alt+Left)" not in text
