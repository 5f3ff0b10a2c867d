"""The core and the renderer import no Qt (they must run headless and be testable alone); the layering holds."""

import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

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


PROJECT = Path(__file__).resolve().parents[1]


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    """import-linter on `project`'s pyproject.toml contracts, with `project`'s copy of the package imported."""
    return subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command;"
                           " lint_imports_command(['--no-cache'])"],
                          cwd=project, env={**os.environ, "PYTHONPATH": str(project)},
                          capture_output=True, text=True)


def test_import_contracts_are_kept():
    result = lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_import_contracts_catch_the_core_importing_the_ui(tmp_path):
    shutil.copytree(PROJECT / "desktop", tmp_path / "desktop", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path)
    resolver = tmp_path / "desktop" / "core" / "resolver.py"
    resolver.write_text(resolver.read_text() + "\nfrom desktop.ui import navigation  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "The core imports neither the renderer, the UI nor Qt BROKEN" in result.stdout
    assert "desktop.core.resolver -> desktop.ui.navigation" in result.stdout
