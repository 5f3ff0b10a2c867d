"""The window's start on a machine that cannot show it: one line saying what is missing, exit 2, never an abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.display_check import (check_display, debian_package, fedora_package, missing_libraries,
                                   qt_library_dir, qt_platform)
from desktop.paths import seeds_dir


def _plugin_needing_a_missing_library(folder: Path) -> Path:
    """A real `platforms/libqxcb.so` whose loader needs `libnrabsent.so.4`, which is not installed.

    Built with the system compiler against a stub library that is deleted afterwards, exactly as a plugin
    looks when the package holding one of its libraries was never installed.
    """
    compiler = shutil.which("cc") or shutil.which("gcc")
    assert compiler is not None, "these tests build a small shared library with the system C compiler"
    (folder / "stub.c").write_text("int nr_absent(void) { return 1; }\n")
    (folder / "plugin.c").write_text("int nr_absent(void);\nint plugin(void) { return nr_absent(); }\n")
    subprocess.run([compiler, "-shared", "-fPIC", "-o", str(folder / "libnrabsent.so.4"),
                    "-Wl,-soname,libnrabsent.so.4", str(folder / "stub.c")], check=True)
    platforms = folder / "Qt" / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    plugin = platforms / "libqxcb.so"
    subprocess.run([compiler, "-shared", "-fPIC", "-o", str(plugin), str(folder / "plugin.c"),
                    "-Wl,--no-as-needed", f"-L{folder}", "-l:libnrabsent.so.4"], check=True)
    (folder / "libnrabsent.so.4").unlink()
    return plugin


def test_a_missing_library_is_named_with_the_packages_that_bring_it(tmp_path):
    plugin = _plugin_needing_a_missing_library(tmp_path)
    assert missing_libraries(plugin) == ["libnrabsent.so.4"]
    problem = check_display({"DISPLAY": ":0"}, qt_dir=tmp_path / "Qt")
    assert problem is not None
    assert "libnrabsent.so.4" in problem.message
    assert "apt install libnrabsent4" in problem.message and "dnf install libnrabsent" in problem.message
    assert "\n" not in problem.message


def test_the_bundled_qt_plugin_resolves_on_this_machine():
    """The machine the tests run on has what the xcb plugin needs (CI installs it): nothing is reported."""
    plugin = qt_library_dir() / "plugins" / "platforms" / "libqxcb.so"
    assert plugin.is_file()
    assert missing_libraries(plugin) == []


@pytest.mark.parametrize("soname, debian, fedora", [
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    ("libGL.so.1", "libgl1", "libglvnd-glx"),
    ("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
    ("libnss3.so", "libnss3", "nss"),
])
def test_package_names(soname, debian, fedora):
    assert debian_package(soname) == debian
    assert fedora_package(soname) == fedora


def test_platform_choice():
    assert qt_platform({}) == "xcb"
    assert qt_platform({"QT_QPA_PLATFORM": "offscreen"}) == "offscreen"
    assert qt_platform({"QT_QPA_PLATFORM": "wayland;xcb"}) == "wayland"
    assert qt_platform({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}) == "wayland"
    assert check_display({"QT_QPA_PLATFORM": "offscreen"}) is None  # draws without a window system


def _start_window(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {key: value for key, value in os.environ.items()
               if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    environ.update({"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
                    "XDG_DATA_HOME": str(tmp_path / "data"), **env})
    return subprocess.run([sys.executable, "-m", "desktop", str(seeds_dir())], capture_output=True, text=True,
                          env=environ, timeout=120)


def test_no_display_exits_2_with_one_line(tmp_path):
    result = _start_window(tmp_path)
    assert result.returncode == 2  # not -6 (SIGABRT), Qt's answer
    lines = result.stderr.strip().splitlines()
    assert lines == ["note-reader: no display: DISPLAY is not set. Start Note Reader from a desktop session "
                     "(the headless commands --inspect, --search, --export-html and --screenshot need none)"]


def test_an_unreachable_display_exits_2_with_one_line(tmp_path):
    display = ":187"  # no server: its socket is not there
    assert not Path(f"/tmp/.X11-unix/X{display[1:]}").exists()
    result = _start_window(tmp_path, DISPLAY=display)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"note-reader: cannot connect to the X display '{display}': is the X server running, "
        "and may this user use it?"]
