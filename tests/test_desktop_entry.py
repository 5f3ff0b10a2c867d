"""The bundled .desktop file is valid, and --install-desktop-entry writes exactly its two files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import desktop_entry
from desktop.desktop_entry import exec_argument, install_desktop_entry
from desktop.paths import resource

KNOWN_VERSIONS = {"1.0", "1.1", "1.2", "1.3", "1.4", "1.5"}
BOOLEAN_KEYS = {"Terminal", "NoDisplay", "Hidden", "StartupNotify", "DBusActivatable", "PrefersNonDefaultGPU"}
LIST_KEYS = {"Categories", "MimeType", "Keywords", "OnlyShowIn", "NotShowIn", "Actions", "Implements"}
MAIN_CATEGORIES = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics", "Network",
                   "Office", "Science", "Settings", "System", "Utility"}
KEY = re.compile(r"^[A-Za-z0-9-]+(\[[A-Za-z_@.]+\])?$")


def parse_desktop_file(text: str) -> dict[str, str]:
    """A small validator after the Desktop Entry spec: one [Desktop Entry] group, well-formed unique keys."""
    entries: dict[str, str] = {}
    group = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            assert line == "[Desktop Entry]" and group is None, f"line {number}: unexpected group {line!r}"
            group = line
            continue
        assert group, f"line {number}: key before the [Desktop Entry] group"
        key, sep, value = line.partition("=")
        key = key.strip()
        assert sep and KEY.match(key), f"line {number}: bad key {line!r}"
        assert key not in entries, f"line {number}: duplicate key {key}"
        entries[key] = value.strip()
    return entries


def check_entry(entries: dict[str, str]) -> None:
    for key in ("Type", "Name", "GenericName", "Comment", "Exec", "Icon", "Terminal", "Categories", "Keywords"):
        assert entries.get(key), f"missing {key}"
    assert entries["Type"] == "Application"
    assert entries.get("Version", "1.0") in KNOWN_VERSIONS
    assert entries["Name"] == "Note Reader"
    assert entries["Icon"] == "note-reader"
    assert entries["Terminal"] == "false"
    for key in BOOLEAN_KEYS & entries.keys():
        assert entries[key] in ("true", "false"), key
    for key in LIST_KEYS & entries.keys():
        assert entries[key].endswith(";"), f"{key} must end with ';'"
    categories = entries["Categories"].split(";")[:-1]
    assert {"Office", "Viewer"} <= set(categories) and MAIN_CATEGORIES & set(categories)
    assert re.fullmatch(r"\S.* %f", entries["Exec"]), entries["Exec"]
    assert "%" not in entries["Exec"][:-3].replace("%%", ""), "stray field code in Exec"


def exec_program(exec_value: str) -> str:
    """The program of an Exec value (unquoting a double-quoted first argument)."""
    value = exec_value.replace("\\\\", "\\")
    if value.startswith('"'):
        match = re.match(r'"((?:[^"\\]|\\.)*)"', value)
        return re.sub(r"\\(.)", r"\1", match.group(1))
    return value.split(" ", 1)[0]


def tree(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


def test_bundled_desktop_file_is_valid():
    entries = parse_desktop_file(resource("note-reader.desktop").read_text(encoding="utf-8"))
    check_entry(entries)
    assert entries["Exec"] == "note-reader %f"
    assert entries.get("MimeType") == "inode/directory;"


def test_install_writes_exactly_the_two_files(tmp_path, capsys):
    data = tmp_path / "data"
    (data / "applications").mkdir(parents=True)
    (data / "applications" / "other.desktop").write_text("[Desktop Entry]\n")
    before = tree(tmp_path)

    written = install_desktop_entry(data)

    entry = data / "applications" / "note-reader.desktop"
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / "note-reader.svg"
    assert written == [entry, icon]
    new_files = {p for p in tree(tmp_path) - before if (tmp_path / p).is_file()}
    assert new_files == {entry.relative_to(tmp_path), icon.relative_to(tmp_path)}
    assert (data / "applications" / "other.desktop").read_text() == "[Desktop Entry]\n"
    assert icon.read_bytes() == resource("note-reader.svg").read_bytes()
    assert entry.stat().st_mode & 0o777 == 0o644
    printed = capsys.readouterr().out
    assert str(entry) in printed and str(icon) in printed

    entries = parse_desktop_file(entry.read_text(encoding="utf-8"))
    check_entry(entries)
    program = Path(exec_program(entries["Exec"]))
    assert program.is_absolute() and program.is_file() and os.access(program, os.X_OK)

    install_desktop_entry(data, quiet=True)  # again: replaced in place, no temporary files left
    assert {p for p in tree(tmp_path) - before if (tmp_path / p).is_file()} == new_files


def test_default_location_is_xdg_data_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    written = install_desktop_entry(quiet=True)
    assert all(path.is_relative_to(tmp_path / "xdg") for path in written)
    assert list(home.iterdir()) == []

    monkeypatch.delenv("XDG_DATA_HOME")
    written = install_desktop_entry(quiet=True)
    assert written[0] == home / ".local" / "share" / "applications" / "note-reader.desktop"


def test_exec_uses_python_m_desktop_without_a_script(tmp_path, monkeypatch):
    monkeypatch.setattr(desktop_entry.shutil, "which", lambda name: None)
    monkeypatch.setattr(sys, "argv", ["-c"])
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no such dir" / "python3"))
    assert desktop_entry.launcher_command() == [str(tmp_path / "no such dir" / "python3"), "-m", "desktop"]
    install_desktop_entry(tmp_path, quiet=True)
    entries = parse_desktop_file((tmp_path / "applications" / "note-reader.desktop").read_text())
    assert exec_program(entries["Exec"]) == str(tmp_path / "no such dir" / "python3")
    assert entries["Exec"].endswith(" -m desktop %f")


@pytest.mark.parametrize("arg", ["/opt/note reader/bin/note-reader", '/x/a"b$c`d\\e', "/plain/path-1.0/x"])
def test_exec_argument_round_trips(arg):
    assert exec_program(exec_argument(arg) + " %f") == arg


def test_cli_installs_and_exits_0(tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "desktop", "--install-desktop-entry"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "note-reader.desktop" in result.stdout and "note-reader.svg" in result.stdout
    assert {p.name for p in tmp_path.rglob("*") if p.is_file()} == {"note-reader.desktop", "note-reader.svg"}
