"""Per-vault settings of the core (how a vault's `a:b:c` stamps read), kept in the user's config folder.

Every entry point reads them here (the window, `--inspect`, `--search`, `--export-html`), so all of them
read a vault's stamps the same way and share one cache. Never inside a vault: the app only ever reads a
vault, so a config folder that lies inside the vault being set up is refused.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from desktop.core.vault import is_inside
from desktop.paths import config_dir

log = logging.getLogger(__name__)

SETTINGS_FILE = "vault-settings.json"
TIMESTAMP_FORMATS = ("hms", "msf")  # H:MM:SS, M:SS:ff; None: let the core decide per note


class VaultSettingsRefused(OSError):
    """The settings cannot be written where they would go (inside the vault itself, or an unwritable folder)."""


class VaultSettings:
    """One JSON file, `{"vaults": {"/real/path": {"timestamp_format": "msf"}}}`; a missing or damaged file
    reads as no settings (with a warning), and a bad value as the default."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = Path(folder) if folder is not None else None

    @property
    def folder(self) -> Path:
        """The given folder, else the user's config folder as it is now (looked up on each use)."""
        return self._folder if self._folder is not None else config_dir()

    @property
    def path(self) -> Path:
        return self.folder / SETTINGS_FILE

    def timestamp_format(self, vault: str | Path) -> str | None:
        """The vault's forced reading of `a:b:c` stamps ("hms" or "msf"), or None to let the core decide."""
        value = self._vaults().get(_key(vault), {}).get("timestamp_format")
        return value if value in TIMESTAMP_FORMATS else None

    def set_timestamp_format(self, vault: str | Path, value: str | None) -> None:
        """Remember `value` for `vault` (None or anything else: the default). Raises VaultSettingsRefused."""
        vaults = self._vaults()
        entry = dict(vaults.get(_key(vault), {}))
        if value in TIMESTAMP_FORMATS:
            entry["timestamp_format"] = value
        else:
            entry.pop("timestamp_format", None)
        if entry:
            vaults[_key(vault)] = entry
        else:
            vaults.pop(_key(vault), None)
        self._write(vault, vaults)

    def _vaults(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("cannot read the vault settings %s (%s): using the defaults", self.path, error)
            return {}
        vaults = data.get("vaults") if isinstance(data, dict) else None
        if not isinstance(vaults, dict):
            log.warning("the vault settings %s are not in the expected form: using the defaults", self.path)
            return {}
        return {key: entry for key, entry in vaults.items() if isinstance(key, str) and isinstance(entry, dict)}

    def _write(self, vault: str | Path, vaults: dict[str, dict]) -> None:
        """Replace the file atomically (a reader never sees half of it)."""
        folder = self.folder
        if is_inside(Path(vault).resolve(), folder):
            raise VaultSettingsRefused(f"the config folder {folder} is inside the vault {vault}: the app never "
                                       "writes into a vault, so this setting is not saved")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".vault-settings-", suffix=".json", dir=folder)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump({"vaults": vaults}, out, ensure_ascii=False, indent=1, sort_keys=True)
                os.replace(temp, folder / SETTINGS_FILE)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise VaultSettingsRefused(f"cannot save the vault settings in {folder}: {error}") from error


def _key(vault: str | Path) -> str:
    return str(Path(vault).expanduser().resolve())


def vault_timestamp_format(vault: str | Path) -> str | None:
    """The timestamp format every entry point reads `vault` with (from the user's config folder)."""
    return VaultSettings().timestamp_format(vault)
