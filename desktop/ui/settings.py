"""What the window remembers between runs (window layout, vaults, last note per vault), in the user's config folder.

Never in the vault: the vault is the user's data and is only ever read. A vault's timestamp format is a
setting of the core (`desktop.core.vault_settings`), which the command line reads too; the window's own
settings file held it before, and hands it over once.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from desktop.core.vault import is_inside
from desktop.core.vault_settings import TIMESTAMP_FORMATS, VaultSettings, VaultSettingsRefused
from desktop.paths import config_dir
from desktop.ui.panel_layout import PanelLayout

if TYPE_CHECKING:  # imported when used: the command line reads these settings before it loads the renderer
    from desktop.render.navigation import Place

log = logging.getLogger(__name__)

MAX_RECENT = 10
THEMES = ("system", "light", "dark")
STAMP_TARGETS = ("browser", "player")
_PANELS = "window/panels"  # the tree's and the side column's widths, and which the reader closed (PanelLayout)
_OLD_TIMESTAMP_FORMATS = "vaults/timestamp_format"  # where the window kept them before the core did
_LAST_LOCATION = "vaults/last_location"  # the `vault://` URL last shown, per vault
_HISTORY = "vaults/history"  # {"pages": [[url, scroll, mark, mark words], ...], "at": shown} per vault
_SEARCH = "vaults/last_search"  # the Search panel's query per vault
_TREE_TAB = "window/tree_tab"
HISTORY_KEPT = 50  # pages kept on each side of the one shown
_LAST_PLACE = "vaults/last_scroll"  # [url, scroll, mark, mark words] per vault (its name from when it was the scroll)
FONT_SIZES = (9, 40)  # px; 0 means the stylesheet's own size


@dataclass(frozen=True, slots=True)
class Preferences:
    """What the Settings dialog edits for the whole app (the timestamp format is per vault, apart)."""

    theme: str = "system"
    font_size: int = 0
    allow_remote: bool = False
    stamp_target: str = "browser"

    def with_changes(self, **changes) -> Preferences:
        return replace(self, **changes)

    @property
    def stamps_in_player(self) -> bool:
        return self.stamp_target == "player"


class MemorySettings:
    """The part of QSettings this module uses, kept in memory: settings that must not reach their file."""

    def __init__(self, values: dict[str, object]) -> None:
        self._values = dict(values)

    def value(self, key: str, default=None):
        return self._values.get(key, default)

    def setValue(self, key: str, value) -> None:  # noqa: N802 (QSettings' name)
        self._values[key] = value

    def contains(self, key: str) -> bool:
        return key in self._values

    def remove(self, key: str) -> None:
        self._values.pop(key, None)

    def sync(self) -> None:
        pass


class AppSettings:
    """Typed access to one INI file; every getter tolerates a missing or damaged value.

    The file's folder is made only when something is written (QSettings makes it), so merely starting the
    app creates nothing, and `keep_out_of(vault)` moves the settings into memory when that file lies inside
    the vault being read (a vault that is the home folder holds ~/.config).
    """

    def __init__(self, path: Path | None = None, vault_settings: VaultSettings | None = None) -> None:
        self.path = path or config_dir() / "settings.ini"
        self.qsettings: QSettings | MemorySettings = QSettings(str(self.path), QSettings.Format.IniFormat)
        self.vault_settings = vault_settings or VaultSettings()
        self._migrate_timestamp_formats()

    @property
    def in_memory(self) -> bool:
        return isinstance(self.qsettings, MemorySettings)

    def keep_out_of(self, vault: Path) -> bool:
        """True (and from now on nothing is written) when the settings file lies inside `vault`."""
        if self.in_memory or not is_inside(vault, self.path):
            return self.in_memory
        values = {key: self.qsettings.value(key) for key in self.qsettings.allKeys()}
        self.qsettings = MemorySettings(values)
        log.warning("the settings file %s lies inside the vault %s: settings are kept for this session only",
                    self.path, vault)
        return True

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def splitter(self, name: str) -> QByteArray | None:
        return self._bytes(f"window/splitter_{name}")

    def panel_layout(self) -> PanelLayout | None:
        """The tree's and the side column's widths and which the reader closed (None: none kept, or damaged)."""
        kept = self._json(_PANELS, {})
        return PanelLayout.from_json(kept) if kept else None

    def save_layout(self, geometry: QByteArray, state: QByteArray, splitters: dict[str, QByteArray],
                    panels: PanelLayout | None = None) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)
        for name, value in splitters.items():
            self.qsettings.setValue(f"window/splitter_{name}", value)
        if panels is not None:
            self.qsettings.setValue(_PANELS, json.dumps(panels.to_json()))
            self.qsettings.remove("window/splitter_main")  # an older version's sizes, a 0 of the room's among them

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
        value = self._of_vault(_LAST_LOCATION, root)
        return value if isinstance(value, str) else None

    def remember_location(self, root: Path, url: str) -> None:
        self._keep_for_vault(_LAST_LOCATION, root, url)

    def last_place(self, root: Path, url: str) -> Place | None:
        """Where the page `url` was left when the vault at `root` was last closed on it: its scroll position and
        search highlight (an older version kept the scroll position alone)."""
        entry = self._of_vault(_LAST_PLACE, root)
        if not isinstance(entry, list) or len(entry) not in (2, 4) or entry[0] != url:
            return None
        return _place(*entry[1:]) if len(entry) == 4 else _place(entry[1], None, None)

    def remember_place(self, root: Path, url: str, place: Place) -> None:
        """Keep where the page `url` of the vault at `root` is left as the window closes (one page per vault)."""
        self._keep_for_vault(_LAST_PLACE, root, [url, place.scroll, place.mark, place.mark_words])

    def last_history(self, root: Path) -> tuple[list[tuple[str, Place | None]], int] | None:
        """The Back/Forward pages of the vault at `root` as its window last had them ((URL, place) each, and
        which one was shown), or None when none were kept or what was kept is damaged."""
        entry = self._of_vault(_HISTORY, root)
        if not isinstance(entry, dict) or not isinstance(entry.get("pages"), list) \
                or not isinstance(entry.get("at"), int) or not 0 <= entry["at"] < len(entry["pages"]):
            return None
        pages: list[tuple[str, Place | None]] = []
        for page in entry["pages"]:
            if not isinstance(page, list) or len(page) != 4 or not isinstance(page[0], str):
                return None
            pages.append((page[0], _place(*page[1:])))
        return pages, entry["at"]

    def remember_history(self, root: Path, pages: list[tuple[str, Place | None]], at: int) -> None:
        """Keep the Back/Forward pages of the vault at `root` ((URL, place) each; `at`: the one shown), the
        `HISTORY_KEPT` nearest to it on each side."""
        first = max(0, at - HISTORY_KEPT)
        kept_pages = [[url, *((place.scroll, place.mark, place.mark_words) if place else (None, None, None))]
                      for url, place in pages[first:at + HISTORY_KEPT + 1]]
        self._keep_for_vault(_HISTORY, root, {"pages": kept_pages, "at": at - first})

    def last_search(self, root: Path) -> str:
        """The query the Search panel held when the window on the vault at `root` last closed ("" for none)."""
        value = self._of_vault(_SEARCH, root)
        return value if isinstance(value, str) else ""

    def remember_search(self, root: Path, query: str) -> None:
        self._keep_for_vault(_SEARCH, root, query)

    def _of_vault(self, key: str, root: Path):
        """What `key` (a JSON object of vault → value) keeps for the vault at `root`, None for nothing."""
        kept = self._json(key, {})
        return kept.get(str(root)) if isinstance(kept, dict) else None

    def _keep_for_vault(self, key: str, root: Path, value) -> None:
        kept = self._json(key, {})
        if not isinstance(kept, dict):
            kept = {}
        kept[str(root)] = value
        self.qsettings.setValue(key, json.dumps(kept))

    def tree_tab(self) -> int:
        """The tab of the tree panel (Notes, Topics, Videos) last shown."""
        return self._int(_TREE_TAB) or 0

    def remember_tree_tab(self, tab: int) -> None:
        self.qsettings.setValue(_TREE_TAB, str(int(tab)))

    # preferences ------------------------------------------------------------------------------------------

    def preferences(self) -> Preferences:
        theme = self._str("prefs/theme")
        target = self._str("prefs/stamp_target")
        size = self._int("prefs/font_size")
        return Preferences(
            theme=theme if theme in THEMES else "system",
            font_size=size if size and FONT_SIZES[0] <= size <= FONT_SIZES[1] else 0,
            allow_remote=self._str("prefs/allow_remote") == "true",
            stamp_target=target if target in STAMP_TARGETS else "browser",
        )

    def save_preferences(self, prefs: Preferences) -> None:
        self.qsettings.setValue("prefs/theme", prefs.theme)
        self.qsettings.setValue("prefs/font_size", str(int(prefs.font_size)))
        self.qsettings.setValue("prefs/allow_remote", "true" if prefs.allow_remote else "false")
        self.qsettings.setValue("prefs/stamp_target", prefs.stamp_target)

    def timestamp_format(self, root: Path) -> str | None:
        """The vault's forced reading of `a:b:c` stamps ("hms" or "msf"), or None to let the core decide."""
        return self.vault_settings.timestamp_format(root)

    def set_timestamp_format(self, root: Path, value: str | None) -> bool:
        """Save the vault's format in the core's settings; False (and a warning) when it cannot be saved."""
        try:
            self.vault_settings.set_timestamp_format(root, value)
        except VaultSettingsRefused as error:
            log.warning("%s", error)
            return False
        return True

    def _migrate_timestamp_formats(self) -> None:
        """Formats an older version kept in this file move to the core's settings, once; one the core
        already has for a vault wins."""
        if not self.qsettings.contains(_OLD_TIMESTAMP_FORMATS):
            return
        old = self._json(_OLD_TIMESTAMP_FORMATS, {})
        for root, value in old.items():
            if value in TIMESTAMP_FORMATS and self.vault_settings.timestamp_format(root) is None:
                if not self.set_timestamp_format(Path(root), value):
                    return  # kept here, to be moved when it can be
        self.qsettings.remove(_OLD_TIMESTAMP_FORMATS)
        self.qsettings.sync()

    def _str(self, key: str) -> str | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, str) else None

    def _int(self, key: str) -> int | None:
        try:
            return int(self._str(key) or "")
        except ValueError:
            return None

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


def _place(scroll, mark, words) -> Place | None:
    """A `Place` as kept (scroll, mark, mark words), or None for a scroll that is no number: a highlight is
    only one with a mark, its words only with it."""
    from desktop.render.navigation import Place

    if not isinstance(scroll, (int, float)) or isinstance(scroll, bool):
        return None
    mark = mark if isinstance(mark, str) and mark else None
    return Place(float(scroll), mark, words if mark and isinstance(words, str) and words else None)
