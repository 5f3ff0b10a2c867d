"""Where the app's own files live: bundled resources and sample vault, and the user's cache/config folders.

In a source checkout (or an editable install) resources/ and seeds/ sit beside the package; an installed
wheel carries copies inside the package as `desktop/_data/resources` and `desktop/_data/seeds`.
"""

from __future__ import annotations

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
