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


def test_user_folders_inside_the_vault_are_moved_out_for_the_run_log_and_libraries_included(tmp_path):
    import os
    import subprocess
    import sys

    home = tmp_path / "home"
    (home / "notes").mkdir(parents=True)
    (home / "notes" / "a.md").write_text("---\ntitle: A\n---\nLinks to [[b]] <a class=\"yt-timestamp\" "
                                         "data-t=\"00:00:05\"></a>.\n")
    (home / "tmp").mkdir()  # the temporary folder inside the vault too: the moved folders must not go there
    before = tree_state(home)
    env = dict(os.environ, HOME=str(home), QT_QPA_PLATFORM="offscreen", TMPDIR=str(home / "tmp"))
    for variable, folder in (("XDG_CACHE_HOME", ".cache"), ("XDG_CONFIG_HOME", ".config"),
                             ("XDG_STATE_HOME", ".local/state"), ("XDG_DATA_HOME", ".local/share")):
        env[variable] = str(home / folder)
    env.pop("XDG_CACHE_HOME")  # unset: the default under HOME, inside the vault too
    for command in (["--search", "links"], ["--inspect"], ["--screenshot", str(tmp_path / "shot.png")]):
        done = subprocess.run([sys.executable, "-m", "desktop", str(home), "--verbose", *command], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stderr.count("lie inside the vault") == 1 and "XDG_CACHE_HOME" in done.stderr  # said once
        assert "TMPDIR" in done.stderr
        assert tree_state(home) == before, command
    assert (tmp_path / "shot.png").is_file()


def test_the_log_of_a_window_opening_the_remembered_vault_is_kept_out_of_it(qtbot, tmp_path):
    import os
    import subprocess
    import sys

    vault = tmp_path / "vault"
    (vault / "notes").mkdir(parents=True)
    (vault / "notes" / "a.md").write_text("---\ntitle: A\n---\nText.\n")
    config = tmp_path / "config"
    remembered = AppSettings(config / "note-reader" / "settings.ini")
    remembered.remember_vault(vault)
    remembered.sync()
    before = tree_state(vault)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config),
               XDG_STATE_HOME=str(vault / ".state"))  # the log's folder inside the vault opened last
    done = subprocess.run([sys.executable, "-m", "desktop", "--verbose", "--screenshot", str(tmp_path / "shot.png")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "XDG_STATE_HOME lie inside the vault" in done.stderr
    assert tree_state(vault) == before
