"""Point by point polish of the window: arrows readable in both themes, text size ▲ goes up, the player says
when it is offline, the stamp panel makes way on notes without stamps, panels widen again after the player,
no stale selection in the Topics list, and the switcher counts and fits its rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory

from desktop.ui.actions import arrow_icon
from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.player_dock import PlayerDock, player_profile
from desktop.ui.settings import Preferences
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui.settings import AppSettings
from desktop.ui.theme import dark_palette


@pytest.fixture(scope="module")
def window(qapp, vault_root, tmp_path_factory):
    from ui_helpers import wait_for_first_page

    win = MainWindow(renderer="text", settings=AppSettings(tmp_path_factory.mktemp("polish") / "s.ini"),
                     watch=False)
    win.show()
    win.open_vault(vault_root)
    wait_for_first_page(qapp, win)
    yield win
    win.close()


def goto(qtbot, window, kind, key):
    if window.shown != Location(kind, key):
        with qtbot.waitSignal(window.page_shown, timeout=10000):
            window.router.go(Location(kind, key))


def stroke_contrast(icon: QIcon, mode: QIcon.Mode, background: QColor) -> float:
    """How far the arrow's most opaque pixel stands from the background, in lightness (0..255)."""
    image = icon.pixmap(24, 24, mode).toImage()
    best = 0.0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha():
                mixed = pixel.lightness() * pixel.alphaF() + background.lightness() * (1 - pixel.alphaF())
                best = max(best, abs(mixed - background.lightness()))
    return best


@pytest.mark.parametrize("palette", [dark_palette, lambda: QStyleFactory.create("Fusion").standardPalette()],
                         ids=["dark", "light"])
def test_back_and_forward_arrows_stand_out_when_enabled(qapp, palette):
    pal: QPalette = palette()
    background = pal.color(QPalette.ColorRole.Window)
    for direction in ("back", "forward"):
        icon = arrow_icon(direction, pal)
        enabled = stroke_contrast(icon, QIcon.Mode.Normal, background)
        disabled = stroke_contrast(icon, QIcon.Mode.Disabled, background)
        assert enabled > 120 and disabled < enabled / 2


def test_the_window_draws_its_arrows_for_the_dark_theme(qtbot, window):
    from desktop.ui.theme import apply_theme

    try:
        apply_theme(QApplication.instance(), "dark")
        qtbot.waitUntil(lambda: stroke_contrast(window.back_action.icon(), QIcon.Mode.Normal,
                                                window.palette().color(QPalette.ColorRole.Window)) > 120)
    finally:
        apply_theme(QApplication.instance(), "system")  # the look the tests started with


def test_text_size_up_from_default_makes_the_text_bigger(qtbot):
    dialog = SettingsDialog(Preferences(), None, None)
    qtbot.addWidget(dialog)
    assert dialog.default_size_box.isChecked() and dialog.current_preferences().font_size == 0
    before = dialog.font_size_box.value()
    assert before > dialog.font_size_box.minimum()
    dialog.font_size_box.stepUp()  # what ▲ does
    assert dialog.current_preferences().font_size == before + 1 > 16
    assert not dialog.default_size_box.isChecked()
    dialog.default_size_box.setChecked(True)
    assert dialog.current_preferences().font_size == 0


def test_the_player_offline_says_so_and_offers_the_browser(qtbot, window, monkeypatch):
    gate = player_profile().network_gate
    gate.open = False  # what being offline looks like to the embed (and no test reaches the network)
    opened: list[str] = []
    try:
        window.apply_preferences(window.prefs.with_changes(stamp_target="player"))
        goto(qtbot, window, "note", "alpha.md")
        dock: PlayerDock = window.player()
        dock.link_clicked.disconnect()
        dock.link_clicked.connect(lambda url: opened.append(url.toString()))
        with qtbot.waitSignal(dock.failed, timeout=10000):
            window.view.anchorClicked.emit(QUrl(window.index.notes["alpha.md"].stamps[0].url))
        assert dock.stack.currentWidget() is dock.offline
        assert "could not be loaded" in window.statusBar().currentMessage()
        assert "Playing" not in window.statusBar().currentMessage()
        dock.open_button.click()
        assert opened == ["https://www.youtube.com/watch?v=abcdefghijk&t=65s"]
    finally:
        window.apply_preferences(window.prefs.with_changes(stamp_target="browser"))
        gate.open = True


def test_the_panels_widen_again_when_the_player_closes(qtbot, window):
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] >= 250)
    before = window.main_splitter.sizes()
    window.apply_preferences(window.prefs.with_changes(stamp_target="player"))
    try:
        window.player_action.setChecked(True)
        qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] < before[0])
        window.player_action.setChecked(False)
        qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] == before[0])
    finally:
        window.apply_preferences(window.prefs.with_changes(stamp_target="browser"))


def test_a_note_without_stamps_gives_the_column_to_its_backlinks(qtbot, window):
    goto(qtbot, window, "note", "folder/sub/gamma.md")  # no stamps
    assert not window.stamp_panel.isVisible() and window.backlinks_panel.isVisible()
    qtbot.waitUntil(lambda: window.backlinks_panel.height() + window.graph_panel.height()  # beside the local graph
                    > window.side_splitter.height() * 0.9)
    goto(qtbot, window, "note", "alpha.md")
    assert window.stamp_panel.isVisible() and window.stamp_panel.topLevelItemCount() == 2


def test_the_topics_list_keeps_no_stale_selection(qtbot, window):
    key = window.index.topic_key("Some Topic")
    goto(qtbot, window, "topic", key)
    topics = window.tree_panel.topic_list
    assert [i.data() for i in topics.selectionModel().selectedRows()] == ["Some Topic"]
    goto(qtbot, window, "note", "alpha.md")
    assert topics.selectionModel().selectedRows() == []
    assert window.tree_panel.note_tree.currentIndex().isValid()


def test_the_switcher_counts_in_good_english_and_fits_its_rows(qtbot, window):
    window.switcher.popup()
    try:
        qtbot.keyClicks(window.switcher.edit, "Other Topic")
        assert window.switcher.results.currentItem().text().endswith("topic · 1 mention")
        qtbot.keyClicks(window.switcher.edit, "\b" * 20 + "Some Topic")
        assert window.switcher.results.currentItem().text().endswith("topic · 2 mentions")
        assert not window.switcher.results.horizontalScrollBar().isVisible()
    finally:
        window.switcher.reject()


def test_the_text_size_label_has_its_shortcut_not_an_ampersand(qtbot):
    dialog = SettingsDialog(Preferences(), None, None)
    qtbot.addWidget(dialog)
    size_label = next(label for label in dialog.findChildren(QLabel) if "size" in label.text())
    assert size_label.buddy() is dialog.font_size_box  # shown as "Note text size:" with s underlined


def test_the_dark_themes_checked_box_shows_a_check_mark(qapp):
    """QA: in the dark theme a checked box was a filled blue square with no mark. Its picture is named by an
    absolute path that exists, so Qt finds it whatever the working folder."""
    import re
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from desktop.ui.theme import apply_theme

    try:
        apply_theme(QApplication.instance(), "dark")
        sheet = QApplication.instance().styleSheet()
    finally:
        apply_theme(QApplication.instance(), "system")
    checked = next(line for line in sheet.splitlines() if line.startswith("QCheckBox::indicator:checked"))
    pictures = [p.strip("\"'") for p in re.findall(r"url\(([^)]*)\)", checked)]
    assert pictures and all(Path(p).is_absolute() and Path(p).is_file() for p in pictures)
