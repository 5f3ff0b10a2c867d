"""Where the app's own files live: bundled resources and sample vault, and the user's cache/config folders.

In a source checkout (or an editable install) resources/ and seeds/ sit beside the package; an installed
wheel carries copies inside the package as `desktop/_data/resources` and `desktop/_data/seeds`.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import platformdirs

APP_NAME = "note-reader"
_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def resources_dir() -> Path:
    return _data_dir("resources")


def resource(name: str) -> Path:
    """A file of resources/ (icons, stylesheets, the .desktop file)."""
    return resources_dir() / name


def seeds_dir() -> Path:
    """The bundled sample vault, opened on first launch."""
    return _data_dir("seeds")


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


# The folders of the XDG base directory spec, with where each is when its variable is unset. Qt (its pipeline
# cache), Mesa (its shader cache) and the log write there too, not only the app's own cache and settings.
_USER_FOLDERS = {"XDG_CACHE_HOME": ".cache", "XDG_CONFIG_HOME": ".config", "XDG_STATE_HOME": ".local/state",
                 "XDG_DATA_HOME": ".local/share"}


def keep_user_folders_out_of(vault: Path) -> list[str]:
    """Point each user folder (`XDG_*_HOME`) that lies inside `vault` at a temporary folder of this process's
    own, removed at exit, and the temporary folder itself (`TMPDIR`) at one outside it; return their
    variables: the reader never writes into a vault, nor do the libraries it loads. Call it before they start
    (Qt, the log), once the vault is known."""
    from desktop.core.vault import is_inside

    base = _temporary_place_outside(vault)
    if base is None:  # the vault holds every place there is (the root folder opened as a vault)
        return []
    moved = []
    if any(is_inside(vault, os.environ[name]) for name in _TEMPORARY_VARIABLES if os.environ.get(name)):
        for name in _TEMPORARY_VARIABLES:
            os.environ[name] = base
        tempfile.tempdir = None  # asked again of the environment
        moved.append("TMPDIR")
    for variable, default in _USER_FOLDERS.items():
        folder = os.environ.get(variable) or str(Path.home() / default)
        if is_inside(vault, folder):
            os.environ[variable] = _session_folder(variable, base)
            moved.append(variable)
    return moved


# Where `tempfile` (and Qt, Chromium) look for the temporary folder. Read from the environment, never through
# `tempfile.gettempdir()`: that tries each candidate by writing a file in it, the vault's too.
_TEMPORARY_VARIABLES = ("TMPDIR", "TEMP", "TMP")


def _temporary_place_outside(vault: Path) -> str | None:
    """A writable folder for temporary files that is not inside `vault`: the one set, else a usual one."""
    from desktop.core.vault import is_inside

    named = [os.environ[name] for name in _TEMPORARY_VARIABLES if os.environ.get(name)]
    for candidate in (*named, "/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(candidate) and os.access(candidate, os.W_OK) and not is_inside(vault, candidate):
            return candidate
    return None


def _session_folder(variable: str, base: str) -> str:
    folder = tempfile.mkdtemp(prefix=f"note-reader-{variable.lower()}-", dir=base)
    atexit.register(shutil.rmtree, folder, True)  # made here, by this process, outside the vault: only it
    return folder


# Mesa keeps its shader cache in an index file it maps into memory at its full size and fills as shaders are
# compiled: on a disk with no room left, writing a page the disk cannot hold kills the process (SIGBUS; seen
# with the cache folder on a full tmpfs). With less room than this, the run goes without that cache.
SHADER_CACHE_ROOM = 64 * 1024 * 1024


def shader_cache_folder() -> Path:
    """Where Mesa keeps its shader cache: MESA_SHADER_CACHE_DIR, else the user's cache folder."""
    named = os.environ.get("MESA_SHADER_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    return Path(named) if named else Path.home() / ".cache"


def shader_cache_off_on_a_full_disk() -> Path | None:
    """Turn Mesa's shader cache on disk off for this run (`MESA_SHADER_CACHE_DISABLE`) when the disk of its
    folder has less than SHADER_CACHE_ROOM free, and return that folder; None when it is left alone (room
    enough, the disk cannot be asked, or the user set the variable). Call it before Qt starts."""
    if os.environ.get("MESA_SHADER_CACHE_DISABLE") or os.environ.get("MESA_GLSL_CACHE_DISABLE"):
        return None
    folder = shader_cache_folder()
    from desktop.core.vault import existing_folder

    existing = existing_folder(folder)
    try:
        free = shutil.disk_usage(existing).free if existing is not None else None
    except OSError:
        return None
    if free is None or free >= SHADER_CACHE_ROOM:
        return None
    os.environ["MESA_SHADER_CACHE_DISABLE"] = "true"
    return folder
