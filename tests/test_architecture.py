"""The core and the renderer import no Qt: they must run headless and be testable on their own."""

import pkgutil
import subprocess
import sys

import desktop.core
import desktop.render


def test_core_and_render_import_no_qt():
    modules = [m.name for pkg in (desktop.core, desktop.render)
               for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")]
    assert "desktop.core.index" in modules
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "import desktop.cli\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
