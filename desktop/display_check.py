"""Before Qt starts: is there a display, and are the system libraries Qt's window needs installed?

Qt answers neither question itself: with no display, or with one of the xcb helper libraries missing
(`libxcb-icccm4`, `libxcb-keysyms1`, … on a fresh Debian), it prints a hint that names the wrong package and
aborts the process (SIGABRT). This module asks first, without importing Qt, so the app can say in one line
what is missing and exit 2 instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Platforms that draw without a window system: nothing to check.
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "vnc", "linuxfb", "eglfs", "minimalegl", "vkkhrdisplay"})

# Fedora packages for the sonames that Debian's naming rule does not give (dnf names them by upstream project).
FEDORA_PACKAGES = {
    "libxcb-cursor.so.0": "xcb-util-cursor",
    "libxcb-icccm.so.4": "xcb-util-wm",
    "libxcb-keysyms.so.1": "xcb-util-keysyms",
    "libxcb-image.so.0": "xcb-util-image",
    "libxcb-render-util.so.0": "xcb-util-renderutil",
    "libxcb-util.so.1": "xcb-util",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11",
    "libxkbcommon.so.0": "libxkbcommon",
    "libEGL.so.1": "libglvnd-egl",
    "libGL.so.1": "libglvnd-glx",
    "libfontconfig.so.1": "fontconfig",
    "libdbus-1.so.3": "dbus-libs",
    "libnss3.so": "nss",
    "libasound.so.2": "alsa-lib",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_SONAME = re.compile(r"^(?P<name>lib[\w+.-]*?)\.so(?:\.(?P<version>[\d.]+))?$")


@dataclass(frozen=True)
class DisplayProblem:
    """Why the window cannot start, in one sentence, and what would fix it."""

    message: str


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package shipping `soname`, by Debian's library naming rule (libfoo.so.4 → libfoo4)."""
    match = _SONAME.match(soname)
    if match is None:
        return soname
    name, version = match["name"].lower(), (match["version"] or "").split(".")[0]
    if not version:
        return name  # libnss3.so → libnss3
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def fedora_package(soname: str) -> str:
    return FEDORA_PACKAGES.get(soname, soname.split(".so", 1)[0])


def qt_platform(environ: dict[str, str]) -> str:
    """The platform plugin Qt will load: QT_QPA_PLATFORM if set, else wayland in a Wayland session, else xcb."""
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip().lower()
    if chosen:
        return chosen
    if environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def qt_library_dir() -> Path | None:
    """PySide6's bundled Qt (plugins and libraries), found without importing Qt itself."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def missing_libraries(binary: Path) -> list[str]:
    """Sonames `binary` needs that the dynamic loader cannot find (`ldd`; empty when ldd is unavailable)."""
    ldd = shutil.which("ldd")
    if ldd is None or not binary.is_file():
        return []
    try:
        out = subprocess.run([ldd, str(binary)], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(set(_NOT_FOUND.findall(out)))


def can_connect_x(display: str) -> bool:
    """Whether an X server answers at `display` (through libxcb, as Qt would connect)."""
    name = ctypes.util.find_library("xcb")
    if name is None:
        return True  # no libxcb at all: the library check reports that
    try:
        xcb = ctypes.CDLL(name)
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)


def _install_hint(sonames: list[str]) -> str:
    debian = " ".join(sorted({debian_package(s) for s in sonames}))
    fedora = " ".join(sorted({fedora_package(s) for s in sonames}))
    return f"install them with `sudo apt install {debian}` (Debian/Ubuntu) or `sudo dnf install {fedora}` (Fedora)"


def check_display(environ: dict[str, str] | None = None, qt_dir: Path | None = None) -> DisplayProblem | None:
    """What stops Qt's window from starting here, or None when nothing we can see does.

    Only the X11 (xcb) platform is checked: Wayland and the headless platforms load no xcb libraries.
    """
    environ = dict(os.environ if environ is None else environ)
    if not sys.platform.startswith("linux"):
        return None
    platform = qt_platform(environ)
    if platform in HEADLESS_PLATFORMS or platform != "xcb":
        return None
    qt_dir = qt_dir or qt_library_dir()
    plugin = qt_dir / "plugins" / "platforms" / "libqxcb.so" if qt_dir else None
    missing = missing_libraries(plugin) if plugin else []
    if missing:
        return DisplayProblem(f"the window needs system libraries that are missing: {', '.join(missing)}; "
                              + _install_hint(missing))
    display = environ.get("DISPLAY", "")
    if not display:
        return DisplayProblem("no display: DISPLAY is not set. Start Note Reader from a desktop session "
                              "(the headless commands --inspect, --search, --export-html and --screenshot need none)")
    if not can_connect_x(display):
        return DisplayProblem(f"cannot connect to the X display {display!r}: is the X server running, "
                              "and may this user use it?")
    return None


def web_view_missing(qt_dir: Path | None = None) -> list[str]:
    """Libraries the web note view (QtWebEngine) lacks; without them the window falls back to the text view."""
    qt_dir = qt_dir or qt_library_dir()
    return missing_libraries(qt_dir / "lib" / "libQt6WebEngineCore.so.6") if qt_dir else []


def web_view_hint(missing: list[str]) -> str:
    return (f"the web note view needs {', '.join(missing)}, so notes show in the plain text view; "
            + _install_hint(missing))
