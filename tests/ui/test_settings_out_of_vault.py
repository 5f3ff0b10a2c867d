"""A vault that holds the settings' folder (the home folder as a vault): the settings stay in memory, and the
vault stays exactly as it was through a whole session, layout saving on close included."""

from __future__ import annotations

from vault_tree import tree_state
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings


def test_settings_inside_the_vault_are_kept_in_memory(qtbot, tmp_path):
    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    (home / "notes" / "a.md").write_text("---\ntitle: A\n---\nLinks to [[b]].\n")
    (home / "notes" / "b.md").write_text("---\ntitle: B\n---\nPlain.\n")
    settings = AppSettings(home / ".config" / "note-reader" / "settings.ini")
    before = tree_state(home)

    window = MainWindow(renderer="text", settings=settings, staged=False, watch=False, remember_layout=True)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.vault_loaded, timeout=20000):
        window.open_vault(home)
    qtbot.waitUntil(lambda: window.shown is not None, timeout=10000)
    assert settings.in_memory
    assert "kept for this session only" in window.statusBar().currentMessage()
    assert settings.last_location(home) is not None  # remembered, in memory
    window.close()  # saves the layout: in memory too
    settings.sync()

    assert not (home / ".config").exists()
    assert tree_state(home) == before


def test_settings_outside_the_vault_are_written(qtbot, tmp_path, vault_root):
    settings = AppSettings(tmp_path / "config" / "settings.ini")
    window = MainWindow(renderer="text", settings=settings, staged=False, watch=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.vault_loaded, timeout=20000):
        window.open_vault(vault_root)
    settings.sync()
    assert not settings.in_memory
    assert (tmp_path / "config" / "settings.ini").is_file()
