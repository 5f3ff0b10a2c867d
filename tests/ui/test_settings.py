"""Settings (Ctrl+,): what the dialog edits is saved in the app's settings file and applied to the open window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from desktop.ui.theme import stylesheet
from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings, Preferences
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui import vault_loader
from ui_helpers import wait_for_first_page


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return tmp_path_factory.mktemp("settingsconfig") / "settings.ini"


@pytest.fixture(scope="module")
def window(qapp, vault_root, config):
    win = MainWindow(renderer="text", settings=AppSettings(config))
    win.show()
    win.open_vault(vault_root)
    wait_for_first_page(qapp, win)
    yield win
    win.apply_preferences(Preferences())  # back to the system theme for the modules after this one
    win.close()


@pytest.fixture
def dialog(qtbot, window):
    window.settings_action.trigger()
    dlg = window.settings_dialog
    assert isinstance(dlg, SettingsDialog) and dlg.isVisible()
    yield dlg
    dlg.close()


def goto(qtbot, window, kind, key):
    if window.shown != Location(kind, key):
        with qtbot.waitSignal(window.page_shown, timeout=5000):
            window.router.go(Location(kind, key))


def test_defaults_are_safe(tmp_path):
    prefs = AppSettings(tmp_path / "fresh.ini").preferences()
    assert prefs == Preferences(theme="system", font_size=0, allow_remote=False, stamp_target="browser")


def test_damaged_values_fall_back_to_defaults(tmp_path):
    settings = AppSettings(tmp_path / "bad.ini")
    for key, value in (("prefs/theme", "purple"), ("prefs/font_size", "huge"), ("prefs/stamp_target", "tv"),
                       ("prefs/allow_remote", "maybe")):
        settings.qsettings.setValue(key, value)
    assert settings.preferences() == Preferences()


def test_the_last_place_keeps_its_highlight_and_reads_an_older_or_damaged_entry(tmp_path):
    from desktop.render.navigation import Place

    settings = AppSettings(tmp_path / "places.ini")
    root, url = tmp_path / "vault", "vault://note/long.md"
    settings.remember_place(root, url, Place(812.0, "the needle sentence", "needle"))
    assert AppSettings(tmp_path / "places.ini").last_place(root, url) == Place(812.0, "the needle sentence", "needle")
    assert settings.last_place(root, "vault://note/other.md") is None  # another page: its top
    older = f'{{"{root}": ["{url}", 240]}}'  # a version that kept the scroll position alone
    for stored, expected in ((older, Place(240.0)), ('{"x": 1}', None), ("[1, 2]", None),
                             (f'{{"{root}": ["{url}", "far", 3, 4]}}', None),
                             (f'{{"{root}": ["{url}", 9, 5, "needle"]}}', Place(9.0))):
        settings.qsettings.setValue("vaults/last_scroll", stored)
        assert settings.last_place(root, url) == expected, stored


def test_a_window_start_reads_the_settings_once(monkeypatch, tmp_path, fresh_vault):
    """The command line reads the settings for the vault opened last; the window starts with those very settings
    (and their preferences) rather than reading the file again."""
    import desktop.ui.app as app_module
    import desktop.ui.settings as settings_module
    from desktop.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    remembered = AppSettings()
    remembered.remember_vault(fresh_vault)
    remembered.sync()
    made: list[AppSettings] = []

    class Counted(AppSettings):
        def __init__(self, *args, **kwargs) -> None:
            made.append(self)
            super().__init__(*args, **kwargs)

    started: dict[str, object] = {}
    monkeypatch.setattr(settings_module, "AppSettings", Counted)
    monkeypatch.setattr(app_module, "run_app",
                        lambda args, vault, settings=None: started.update(vault=vault, settings=settings) or 0)
    assert main([]) == 0
    assert len(made) == 1 and started == {"vault": fresh_vault, "settings": made[0]}


def test_settings_persist_across_a_new_window(qtbot, window, dialog, config, vault_root):
    dialog.font_size_box.setValue(19)
    dialog.remote_box.setChecked(True)
    dialog.target_box.setCurrentIndex(dialog.target_box.findData("player"))
    assert window.prefs == Preferences(font_size=19, allow_remote=True, stamp_target="player")
    try:
        again = MainWindow(renderer="text", settings=AppSettings(config), remember_layout=False)
        qtbot.add_widget(again)
        assert again.prefs == Preferences(font_size=19, allow_remote=True, stamp_target="player")
        assert again.router.stamps_in_player
        assert "prefs" not in {p.name for p in vault_root.rglob("*")}  # nothing written into the vault
    finally:
        window.apply_preferences(Preferences())
    assert AppSettings(config).preferences() == Preferences()


def test_font_size_re_renders_the_page(qtbot, window, dialog):
    goto(qtbot, window, "note", "alpha.md")
    with qtbot.waitSignal(window.page_shown, timeout=5000):
        dialog.font_size_box.setValue(22)
    assert "body { font-size: 22px; }" in window.source.page("note", "alpha.md")[1]
    assert window.shown == Location("note", "alpha.md")
    with qtbot.waitSignal(window.page_shown, timeout=5000):
        dialog.default_size_box.setChecked(True)
    assert window.prefs.font_size == 0
    assert "body { font-size:" not in window.source.page("note", "alpha.md")[1]


def test_theme_change_re_renders_dark_and_restyles_the_widgets(qtbot, window, dialog):
    goto(qtbot, window, "note", "alpha.md")
    app = QApplication.instance()
    dark_qss = stylesheet(dark=True)
    try:
        with qtbot.waitSignal(window.page_shown, timeout=5000):
            dialog.theme_box.setCurrentIndex(dialog.theme_box.findData("dark"))
        assert window.dark and window.source.dark
        assert 'class="dark"' in window.source.page("note", "alpha.md")[1]
        assert app.styleSheet() == dark_qss
        assert app.palette().window().color().lightness() < 128
        with qtbot.waitSignal(window.page_shown, timeout=5000):
            dialog.theme_box.setCurrentIndex(dialog.theme_box.findData("light"))
        assert not window.dark
        assert 'class="light"' in window.source.page("note", "alpha.md")[1]
        assert app.styleSheet() == stylesheet(dark=False)
    finally:
        dialog.theme_box.setCurrentIndex(dialog.theme_box.findData("system"))
    assert window.prefs.theme == "system"


def test_remote_images_render_when_allowed(qtbot, window, dialog):
    assert window.source.allow_remote is False
    dialog.remote_box.setChecked(True)
    assert window.source.allow_remote is True
    dialog.remote_box.setChecked(False)
    assert window.source.allow_remote is False


def test_timestamp_format_is_per_vault_and_reloads_it(qtbot, window, dialog, monkeypatch, vault_root, config):
    calls = []
    real = vault_loader.load_vault

    def load_vault(root, *args, timestamp_format=None, **kwargs):
        calls.append((root, timestamp_format))
        return real(root, *args, timestamp_format=timestamp_format, **kwargs)

    monkeypatch.setattr(vault_loader, "load_vault", load_vault)
    with qtbot.waitSignal(window.vault_loaded, timeout=10000):
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("msf"))
    assert calls == [(window.root, "msf")]
    assert window.loader.timestamp_format == "msf"
    assert AppSettings(config).timestamp_format(vault_root.resolve()) == "msf"  # saved, not only in memory
    assert window.settings.timestamp_format(vault_root / "other") is None
    qtbot.waitUntil(lambda: window.shown is not None)
    with qtbot.waitSignal(window.vault_loaded, timeout=10000):
        dialog.format_box.setCurrentIndex(dialog.format_box.findData(None))
    assert calls[-1] == (window.root, None)
    assert window.settings.timestamp_format(window.root) is None
    qtbot.waitUntil(lambda: window.shown is not None)


def test_dialog_shows_the_saved_values(qtbot):
    dlg = SettingsDialog(Preferences(theme="dark", font_size=18, allow_remote=True, stamp_target="player"),
                         None, None)
    qtbot.add_widget(dlg)
    assert dlg.current_preferences() == Preferences(theme="dark", font_size=18, allow_remote=True,
                                                    stamp_target="player")
    assert not dlg.format_box.isEnabled()  # no vault open


def test_every_hint_of_the_dialog_gets_the_height_its_wrapped_lines_need(qtbot, tmp_path):
    from PySide6.QtWidgets import QLabel

    dialog = SettingsDialog(Preferences(), tmp_path / "vault", None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.width(), 300)  # what a window manager did on an 800×600 screen: less than it asked
    hints = [label for label in dialog.findChildren(QLabel) if label.wordWrap()]
    qtbot.waitUntil(lambda: dialog.layout().geometry().height() > 0)
    assert len(hints) == 3
    for hint in hints:
        assert hint.height() >= hint.heightForWidth(hint.width()), hint.text()


def test_the_history_kept_round_trips_and_a_damaged_one_is_none(tmp_path):
    from desktop.render.navigation import Place

    root = tmp_path / "vault"
    settings = AppSettings(tmp_path / "history.ini")
    assert settings.last_history(root) is None
    pages = [("vault://note/a.md", Place(12.0)), ("vault://topic/t", None), ("vault://note/b.md", Place(3.0, "x y", "y"))]
    settings.remember_history(root, pages, 1)
    settings.sync()
    assert AppSettings(tmp_path / "history.ini").last_history(root) == (pages, 1)
    for damaged in ('{"%s": {"pages": [["u", 1, null, null]], "at": 3}}', '{"%s": {"pages": "x", "at": 0}}',
                    '{"%s": {"pages": [[1, 2]], "at": 0}}', "[1"):
        settings.qsettings.setValue("vaults/history", damaged.replace("%s", str(root)))
        assert settings.last_history(root) is None, damaged


def test_only_the_pages_nearest_the_one_shown_are_kept(tmp_path):
    from desktop.ui.settings import HISTORY_KEPT

    root = tmp_path / "vault"
    settings = AppSettings(tmp_path / "history.ini")
    pages = [(f"vault://note/{i}.md", None) for i in range(3 * HISTORY_KEPT)]
    settings.remember_history(root, pages, 2 * HISTORY_KEPT)
    kept, at = settings.last_history(root)
    assert kept[at] == pages[2 * HISTORY_KEPT] and len(kept) == 2 * HISTORY_KEPT
    assert kept[0] == pages[HISTORY_KEPT] and kept[-1] == pages[-1]
