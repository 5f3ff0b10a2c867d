"""A vault's timestamp format as a setting of the core: kept in the config folder, never in the vault, and
changing it re-reads stamps in the cache it already has instead of deleting it."""

from __future__ import annotations

import json
import logging
import os
import sqlite3

import pytest

from desktop.core.loader import load_vault
from desktop.core.store import database_path
from desktop.core.vault_settings import VaultSettings, VaultSettingsRefused, vault_timestamp_format


def stamp(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}"></a>'


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "a.md").write_text(f"x {stamp('01:02:03')} y {stamp('01:02:33')}\n", encoding="utf-8")
    (root / "b.md").write_text(f"---\ntimestamp_format: hms\n---\nx {stamp('01:02:03')}\n", encoding="utf-8")
    return root


def test_the_format_is_kept_per_vault_in_the_config_folder(tmp_path, vault):
    settings = VaultSettings()
    assert settings.timestamp_format(vault) is None
    settings.set_timestamp_format(vault, "msf")
    assert vault_timestamp_format(vault) == "msf"  # what every entry point reads
    assert vault_timestamp_format(tmp_path / "another") is None
    assert settings.path.parent == VaultSettings().folder and settings.path.is_file()
    assert not any(p.name.endswith(".json") for p in vault.rglob("*"))  # nothing written into the vault
    settings.set_timestamp_format(vault, None)
    assert vault_timestamp_format(vault) is None


def test_a_config_folder_inside_the_vault_is_refused(vault):
    settings = VaultSettings(vault / ".config")
    with pytest.raises(VaultSettingsRefused, match="inside the vault"):
        settings.set_timestamp_format(vault, "msf")
    assert not (vault / ".config").exists()


def test_a_damaged_file_reads_as_defaults_with_a_warning(tmp_path, vault, caplog):
    settings = VaultSettings(tmp_path / "config")
    settings.folder.mkdir()
    settings.path.write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert settings.timestamp_format(vault) is None
    assert "cannot read the vault settings" in caplog.text
    settings.path.write_text(json.dumps({"vaults": {str(vault.resolve()): {"timestamp_format": "weird"}}}))
    assert settings.timestamp_format(vault) is None
    settings.set_timestamp_format(vault, "hms")  # a damaged file is replaced by a good one
    assert settings.timestamp_format(vault) == "hms"


def meta(db) -> dict:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT key, value FROM meta"))
    finally:
        conn.close()


def test_a_format_change_keeps_the_cache_and_reads_the_stamps_again(tmp_path, vault):
    cache = tmp_path / "cache"
    auto = load_vault(vault, cache=cache)
    assert [s.seconds for s in auto.notes["a.md"].stamps] == [3723, 3753]
    db = database_path(cache, vault)
    inode, created = os.stat(db).st_ino, meta(db)["created"]

    msf = load_vault(vault, cache=cache, timestamp_format="msf")
    assert [s.seconds for s in msf.notes["a.md"].stamps] == [62, 62]  # M:SS:ff
    assert [s.seconds for s in msf.notes["b.md"].stamps] == [3723]  # the note's own frontmatter still wins
    assert os.stat(db).st_ino == inode and meta(db)["created"] == created  # the same database, not a new one
    assert meta(db)["timestamp_format"] == "msf"

    again = load_vault(vault, cache=cache, timestamp_format="msf")
    assert [s.seconds for s in again.notes["a.md"].stamps] == [62, 62]
    back = load_vault(vault, cache=cache)
    assert [s.seconds for s in back.notes["a.md"].stamps] == [3723, 3753]
    assert os.stat(db).st_ino == inode and meta(db)["created"] == created
