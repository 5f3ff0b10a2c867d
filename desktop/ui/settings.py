"""What the app remembers between runs (window layout, vaults, last note per vault), in the user's config folder.

Never in the vault: the vault is the user's data and is only ever read.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from desktop.paths import config_dir

MAX_RECENT = 10


class AppSettings:
    """Typed access to one INI file; every getter tolerates a missing or damaged value."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or config_dir() / "settings.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def splitter(self, name: str) -> QByteArray | None:
        return self._bytes(f"window/splitter_{name}")

    def save_layout(self, geometry: QByteArray, state: QByteArray, splitters: dict[str, QByteArray]) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)
        for name, value in splitters.items():
            self.qsettings.setValue(f"window/splitter_{name}", value)

    def last_vault(self) -> Path | None:
        value = self.qsettings.value("vaults/last")
        return Path(value) if isinstance(value, str) and value and Path(value).is_dir() else None

    def recent_vaults(self) -> list[Path]:
        """Recently opened vaults that still exist, newest first."""
        return [Path(p) for p in self._json("vaults/recent", []) if isinstance(p, str) and Path(p).is_dir()]

    def remember_vault(self, root: Path) -> None:
        root_s = str(root)
        recent = [root_s] + [str(p) for p in self.recent_vaults() if str(p) != root_s]
        self.qsettings.setValue("vaults/last", root_s)
        self.qsettings.setValue("vaults/recent", json.dumps(recent[:MAX_RECENT]))

    def last_location(self, root: Path) -> str | None:
        """The `vault://` URL last shown for the vault at `root`."""
        value = self._json("vaults/last_location", {}).get(str(root))
        return value if isinstance(value, str) else None

    def remember_location(self, root: Path, url: str) -> None:
        locations = self._json("vaults/last_location", {})
        if not isinstance(locations, dict):
            locations = {}
        locations[str(root)] = url
        self.qsettings.setValue("vaults/last_location", json.dumps(locations))

    def _json(self, key: str, default):
        value = self.qsettings.value(key)
        if not isinstance(value, str):
            return default
        try:
            parsed = json.loads(value)
        except ValueError:
            return default
        return parsed if isinstance(parsed, type(default)) else default

    def sync(self) -> None:
        self.qsettings.sync()
