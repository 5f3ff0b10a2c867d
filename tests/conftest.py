"""Test setup: Qt runs offscreen, QtWebEngine may run as root, and nothing reaches the user's real folders.

The private homes are set here, at import, before any test module imports platformdirs, QSettings or Qt, and
before any module- or session-scoped fixture builds a window: a function-scoped fixture alone came too late
for those (a module's window wrote its search index into the user's real cache).
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox")

USER_DIR_VARS = (("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                 ("XDG_STATE_HOME", "state"))
REAL_HOME = Path(os.environ.get("HOME") or Path.home())
# Where the app would write for this user outside the tests (what test_user_folders checks stays untouched).
REAL_USER_DIRS = {var: Path(os.environ.get(var) or REAL_HOME / default)
                  for var, default in (("XDG_CACHE_HOME", ".cache"), ("XDG_CONFIG_HOME", ".config"),
                                       ("XDG_DATA_HOME", ".local/share"), ("XDG_STATE_HOME", ".local/state"))}
SESSION_HOME = Path(tempfile.mkdtemp(prefix="note-reader-tests-"))
os.environ["HOME"] = str(SESSION_HOME / "home")
(SESSION_HOME / "home").mkdir()
for _var, _sub in USER_DIR_VARS:
    os.environ[_var] = str(SESSION_HOME / _sub)

import pytest  # noqa: E402  (after the environment above)


@pytest.fixture(scope="session")
def real_user_dirs() -> list[Path]:
    """The user's own home and cache/config/data/state folders, which no test may touch."""
    return [REAL_HOME, *REAL_USER_DIRS.values()]


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory, monkeypatch):
    """Each test gets fresh cache, config, data and state folders of its own (the session's stay for fixtures
    wider than one test)."""
    base = tmp_path_factory.mktemp("userdirs")
    for var, sub in USER_DIR_VARS:
        monkeypatch.setenv(var, str(base / sub))
