"""The window and the command line read a vault with the same timestamp setting (the core's), so they share
one cache: neither deletes the database the other built. The window's old setting moves to the core once."""

from __future__ import annotations

import json
import os
import sqlite3

from PySide6.QtCore import QSettings

from desktop.cli import main
from desktop.core.store import database_path
from desktop.core.vault_settings import VaultSettings
from desktop.paths import cache_dir
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings


def database_identity(root) -> tuple[int, str, str]:
    """(inode, created, timestamp setting) of the vault's cache database: a rebuilt one differs."""
    db = database_path(cache_dir(), root)
    conn = sqlite3.connect(db)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        rows = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    finally:
        conn.close()
    assert rows == 3  # the vault's notes are in it
    return os.stat(db).st_ino, meta["created"], meta["timestamp_format"]


def cli_search(capsys, root, query: str) -> list[dict]:
    capsys.readouterr()
    assert main([str(root), "--search", query]) == 0
    return json.loads(capsys.readouterr().out)["results"]


def test_the_command_line_and_the_window_share_one_cache(qtbot, tmp_path, fresh_vault, capsys):
    root = fresh_vault.resolve()
    settings = AppSettings(tmp_path / "settings.ini")
    assert settings.set_timestamp_format(root, "msf")  # what the Settings dialog does

    results = cli_search(capsys, root, "gamma rays")
    assert [(r["path"], r["seconds"]) for r in results] == [("alpha.md", 62)]  # 01:02:03 read as M:SS:ff
    before = database_identity(root)
    assert before[2] == "msf"

    win = MainWindow(renderer="text", settings=settings, remember_layout=False, watch=False)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.vault_loaded, timeout=30000, check_params_cb=lambda index: index.complete):
        win.open_vault(root)
    assert [s.seconds for s in win.index.notes["alpha.md"].stamps] == [1, 62]  # 00:01:05 and 01:02:03 as M:SS:ff
    assert database_identity(root) == before  # the window used the CLI's database as it was

    win.close()
    assert [(r["path"], r["seconds"]) for r in cli_search(capsys, root, "gamma rays")] == [("alpha.md", 62)]
    assert database_identity(root) == before


def test_the_windows_old_setting_moves_to_the_core_once(tmp_path, fresh_vault):
    root = fresh_vault.resolve()
    ini = tmp_path / "settings.ini"
    old = QSettings(str(ini), QSettings.Format.IniFormat)
    old.setValue("vaults/timestamp_format", json.dumps({str(root): "msf", str(tmp_path / "gone"): "bogus"}))
    old.sync()
    del old

    settings = AppSettings(ini)
    assert VaultSettings().timestamp_format(root) == "msf"  # the command line sees it now
    assert settings.timestamp_format(root) == "msf"
    assert not settings.qsettings.contains("vaults/timestamp_format")

    settings.set_timestamp_format(root, None)
    assert AppSettings(ini).timestamp_format(root) is None  # moved once: not brought back on the next start


def test_inspect_and_export_read_the_vaults_format(tmp_path, fresh_vault, capsys):
    """--inspect and --export-html read stamps as the window does (the core's setting), not their own way."""
    root = fresh_vault.resolve()
    VaultSettings().set_timestamp_format(root, "msf")
    capsys.readouterr()
    assert main([str(root), "--inspect"]) == 0
    notes = {note["path"]: note for note in json.loads(capsys.readouterr().out)["notes"]}
    assert [s["seconds"] for s in notes["alpha.md"]["timestamps"]] == [1, 62]

    site = tmp_path / "site"
    assert main([str(root), "--export-html", str(site)]) == 0
    page = next(site.rglob("alpha*.html")).read_text(encoding="utf-8")
    assert "t=62s" in page and "t=3723s" not in page


def test_changing_the_format_in_the_window_keeps_its_cache(qtbot, tmp_path, fresh_vault):
    root = fresh_vault.resolve()
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"), remember_layout=False,
                     watch=False)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.vault_loaded, timeout=30000, check_params_cb=lambda index: index.complete):
        win.open_vault(root)
    assert [s.seconds for s in win.index.notes["alpha.md"].stamps] == [65, 3723]  # H:MM:SS by default
    before = database_identity(root)

    with qtbot.waitSignal(win.vault_loaded, timeout=30000, check_params_cb=lambda index: index.complete):
        win.set_timestamp_format("msf")  # what the Settings dialog's format box calls
    assert [s.seconds for s in win.index.notes["alpha.md"].stamps] == [1, 62]
    after = database_identity(root)
    assert after[:2] == before[:2] and after[2] == "msf"  # the same database, its setting recorded
