"""`note-reader --install-desktop-entry`: put the .desktop file and the icon in the user's data folder.

Writes exactly two files and nothing else (no cache updates, no system folders):
  $XDG_DATA_HOME/applications/note-reader.desktop           (Exec = this installation, absolute)
  $XDG_DATA_HOME/icons/hicolor/scalable/apps/note-reader.svg
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from desktop.paths import APP_NAME, resource

DESKTOP_FILE = f"{APP_NAME}.desktop"
ICON_FILE = f"{APP_NAME}.svg"
# Characters that need no quoting in an Exec argument (desktop entry spec, "The Exec key").
_PLAIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+,:@=")


def default_data_home() -> Path:
    """$XDG_DATA_HOME if set to an absolute path, else ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def launcher_command() -> list[str]:
    """The command that starts this installation: its `note-reader` script, else `python -m desktop`."""
    candidates = []
    if Path(sys.argv[0]).name == APP_NAME:
        candidates.append(Path(sys.argv[0]))
    candidates.append(Path(sys.executable).parent / APP_NAME)  # the script of this environment
    found = shutil.which(APP_NAME)
    if found:
        candidates.append(Path(found))
    for script in candidates:
        script = script.expanduser().absolute()
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script)]
    return [str(Path(sys.executable).absolute()), "-m", "desktop"]


def exec_argument(arg: str) -> str:
    """One argument of an Exec line: quoted when needed, reserved characters escaped."""
    arg = arg.replace("%", "%%")
    if arg and set(arg) <= _PLAIN | {"%"}:
        quoted = arg
    else:
        quoted = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return quoted.replace("\\", "\\\\")  # the file format's own escaping of backslashes in string values


def desktop_entry_text(command: list[str]) -> str:
    """The bundled .desktop file with Exec (and TryExec) pointing at `command`."""
    exec_line = " ".join(exec_argument(arg) for arg in command) + " %f"
    lines = []
    for line in resource(DESKTOP_FILE).read_text(encoding="utf-8").splitlines():
        key = line.split("=", 1)[0].strip()
        if key == "Exec":
            line = f"Exec={exec_line}"
        elif key == "TryExec":
            line = "TryExec=" + command[0].replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _write(path: Path, data: bytes) -> None:
    """Replace `path` atomically, readable by all (0644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def install_desktop_entry(data_home: Path | None = None, *, quiet: bool = False) -> list[Path]:
    """Install the launcher and the icon for this user (under `data_home`, default $XDG_DATA_HOME or
    ~/.local/share); print and return the files written."""
    base = Path(data_home) if data_home is not None else default_data_home()
    entry = base / "applications" / DESKTOP_FILE
    icon = base / "icons" / "hicolor" / "scalable" / "apps" / ICON_FILE
    _write(entry, desktop_entry_text(launcher_command()).encode("utf-8"))
    _write(icon, resource(ICON_FILE).read_bytes())
    written = [entry, icon]
    if not quiet:
        for path in written:
            print(f"wrote {path}")
    return written
