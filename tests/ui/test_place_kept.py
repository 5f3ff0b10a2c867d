"""History, the page on screen, its scroll position and its search highlight survive index swaps (stage one →
full index, a live reload) and theme changes: real clicks in between, then Back pressed as a key."""

from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from desktop.ui import vault_loader
from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings

LONG = "# Long read\n\n" + "".join(f"Paragraph {i} says something about [[beta]] in many words.\n\n"
                                   for i in range(300)) + "The needle sentence sits near the end.\n"


@pytest.fixture(autouse=True)
def _system_look_after(qapp):
    """These tests switch the app to the dark theme; the next module gets the look it started with."""
    yield
    from desktop.ui.theme import apply_theme

    apply_theme(qapp, "system")


def click(qtbot, window, url: str) -> None:
    """What the text view does on a link click."""
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.view.anchorClicked.emit(QUrl(url))


def press_back(qtbot, window) -> None:
    focused = QApplication.focusWidget() or window.view
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(focused, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)


def touch(path, text: str, step: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(10**18 + step, 10**18 + step))


@pytest.fixture
def held_window(qtbot, tmp_path, fresh_vault, monkeypatch):
    """A window whose full index (stage two) waits until the test releases it: clicks happen on stage one."""
    (fresh_vault / "long.md").write_text(LONG, encoding="utf-8")
    release = threading.Event()
    real = vault_loader.load_vault

    def held(*args, **kwargs):
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(vault_loader, "load_vault", held)
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        win.open_vault(fresh_vault, note="alpha.md")
    assert not win.index.complete
    yield win, fresh_vault, release
    release.set()


def test_history_survives_stage_two_a_live_reload_and_a_theme_change(qtbot, held_window):
    win, root, release = held_window
    click(qtbot, win, "vault://note/folder/beta.md")  # on the names-only index
    with qtbot.waitSignal(win.vault_loaded, timeout=20000):
        release.set()  # stage two: the full index replaces the first one
    assert win.index.complete and win.back_action.isEnabled()
    click(qtbot, win, "vault://note/folder/sub/gamma.md")
    with qtbot.waitSignals([win.vault_loaded, win.page_shown], timeout=20000):  # a live reload
        touch(root / "folder" / "sub" / "gamma.md", "---\ntitle: Gamma Ray Bursts\n---\nGamma, rewritten.\n", 1)
        win.loader.reload()
    # the page may be shown again more than once (the reload, the video catalog that follows it): wait for the text
    qtbot.waitUntil(lambda: "rewritten" in win.view.toPlainText(), timeout=20000)
    assert win.shown == Location("note", "folder/sub/gamma.md")
    win.apply_preferences(win.prefs.with_changes(theme="dark"))
    assert win.back_action.isEnabled()
    win.view.setFocus()
    press_back(qtbot, win)
    assert win.shown == Location("note", "folder/beta.md")
    press_back(qtbot, win)
    assert win.shown == Location("note", "alpha.md")
    assert win.forward_action.isEnabled() and not win.back_action.isEnabled()


def test_scroll_position_and_search_highlight_survive_reloads_and_theme(qtbot, held_window):
    win, root, release = held_window
    with qtbot.waitSignal(win.vault_loaded, timeout=20000):
        release.set()
    qtbot.waitUntil(lambda: win.session.videos is not None, timeout=20000)  # its page shown again: not the reload's
    click(qtbot, win, "vault://note/long.md")
    bar = win.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1000)
    win.presenter.mark_text("needle sentence")
    assert win.view.textCursor().selectedText() == "needle sentence"
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    with qtbot.waitSignal(win.page_shown, timeout=20000):  # the page itself changed on disk
        touch(root / "long.md", LONG + "\nOne more line.\n", 2)
        win.loader.reload()
    assert "One more line" in win.view.toPlainText()
    assert bar.value() == place and win.view.textCursor().selectedText() == "needle sentence"
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        win.apply_preferences(win.prefs.with_changes(theme="dark"))
    assert win.source.dark
    assert bar.value() == place and win.view.textCursor().selectedText() == "needle sentence"
    assert win.shown == Location("note", "long.md") and win.back_action.isEnabled()


def test_the_web_view_keeps_the_scroll_position_across_a_theme_change(qtbot, tmp_path, fresh_vault):
    from desktop.ui.web_view import APP_WORLD

    (fresh_vault / "long.md").write_text(LONG, encoding="utf-8")
    win = MainWindow(renderer="web", settings=AppSettings(tmp_path / "settings.ini"), staged=False, watch=False)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.page_shown, timeout=20000):
        win.open_vault(fresh_vault, note="long.md")
    page = win.view.page()
    with qtbot.waitCallback(timeout=5000) as scrolled:
        page.runJavaScript("window.scrollTo(0, 2000); window.scrollY", APP_WORLD, scrolled)
    assert scrolled.args[0] > 1500
    qtbot.waitUntil(lambda: page.scrollPosition().y() > 1500)
    place = page.scrollPosition().y()
    with qtbot.waitSignal(win.page_shown, timeout=20000):
        win.apply_preferences(win.prefs.with_changes(theme="dark"))
    qtbot.waitUntil(lambda: abs(page.scrollPosition().y() - place) < 2, timeout=5000)
    assert win.shown == Location("note", "long.md")


def test_another_vault_starts_a_new_history_even_at_the_same_path(qtbot, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for root, words in ((first, "the first vault"), (second, "the second vault")):
        root.mkdir()
        (root / "a.md").write_text(f"# A\n{words} links [[b]]\n", encoding="utf-8")
        (root / "b.md").write_text("# B\n", encoding="utf-8")
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"), staged=False, watch=False)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.page_shown, timeout=20000):
        win.open_vault(first, note="b.md")
    click(qtbot, win, "vault://note/a.md")
    assert "the first vault" in win.view.toPlainText() and win.back_action.isEnabled()
    with qtbot.waitSignal(win.page_shown, timeout=20000):
        win.open_vault(second, note="a.md")
    assert "the second vault" in win.view.toPlainText()
    assert not win.back_action.isEnabled()
