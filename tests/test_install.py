"""What ships: a wheel built from the checkout carries the sample vault and resources/ inside the package,
and an installation from it (in a fresh venv, no network, run from elsewhere) finds them and starts.

Also: the bundled resources are usable (the icon renders, the stylesheets parse), and an editable install
reads resources/ and seeds/ from the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from desktop import __version__

REPO = Path(__file__).resolve().parents[1]
SEED = "000_c7e1bab3a6e96006.txt"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "_data")


def copy_checkout(dest: Path) -> Path:
    """The files a build reads, copied, so the build's own folders never land in the shared checkout."""
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE"):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, dest / name)
    for name in ("desktop", "resources", "seeds"):
        shutil.copytree(REPO / name, dest / name, ignore=SKIP)
    return dest


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(PIP_NO_INPUT="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1")
    return env


def pip(*args: str, python: Path | None = None) -> None:
    target = ["--python", str(python)] if python else []
    subprocess.run([sys.executable, "-m", "pip", *target, *args, "--no-deps", "--no-build-isolation",
                    "--no-index", "-q"], check=True, env=clean_env(), timeout=120)


def fresh_venv(path: Path) -> Path:
    """A venv with no packages; the dependencies (PySide6, ...) come from the running environment through a
    .pth file, which puts them after the venv's own site-packages (so the installed `desktop` wins)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True, timeout=60)
    python = path / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "_running_env_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    return python


def run(cmd: list[str], cwd: Path) -> str:
    result = subprocess.run(cmd, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = copy_checkout(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("wheel")
    pip("wheel", str(src), "-w", str(out))
    wheels = list(out.glob("note_reader-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_carries_the_sample_vault_and_resources(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        seed = zf.read(f"desktop/_data/seeds/{SEED}")
        entry_points = zf.read(f"note_reader-{__version__}.dist-info/entry_points.txt").decode()
    assert seed == (REPO / "seeds" / SEED).read_bytes()
    for path in sorted((REPO / "seeds").rglob("*")) + sorted((REPO / "resources").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"desktop/_data/{path.relative_to(REPO).as_posix()}" in names
    for name in ("note-reader.svg", "note-reader.desktop", "app-light.qss", "app-dark.qss"):
        assert f"desktop/_data/resources/{name}" in names
    assert {"desktop/__init__.py", "desktop/__main__.py", "desktop/cli.py", "desktop/paths.py"} <= names
    assert "note-reader = desktop.cli:main" in entry_points
    assert not any(name.startswith(("tests/", "seeds/", "resources/")) for name in names)


def test_installed_wheel_finds_its_data_and_starts(wheel, tmp_path):
    python = fresh_venv(tmp_path / "venv")
    pip("install", str(wheel), python=python)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    venv = (tmp_path / "venv").resolve()

    assert run([str(tmp_path / "venv" / "bin" / "note-reader"), "--version"], elsewhere) \
        == f"note-reader {__version__}\n"
    assert "examples:" in run([str(python), "-m", "desktop", "--help"], elsewhere)
    code = ("import desktop, desktop.paths as p\n"
            "print(desktop.__file__); print(p.seeds_dir()); print(p.resources_dir())\n"
            f"print((p.seeds_dir() / {SEED!r}).read_bytes().hex())\n"
            "print(p.resource('note-reader.svg').is_file(), p.resource('note-reader.desktop').is_file())\n")
    module, seeds, resources, seed_hex, found = run([str(python), "-c", code], elsewhere).splitlines()
    assert Path(module).resolve().is_relative_to(venv)
    assert Path(seeds).resolve().is_relative_to(venv) and Path(seeds).name == "seeds"
    assert Path(resources).resolve().is_relative_to(venv)
    assert bytes.fromhex(seed_hex) == (REPO / "seeds" / SEED).read_bytes()
    assert found == "True True"


def test_editable_install_reads_the_checkout(tmp_path):
    (tmp_path / "src").mkdir()
    src = copy_checkout(tmp_path / "src")
    python = fresh_venv(tmp_path / "venv")
    pip("install", "-e", str(src), python=python)
    code = "import desktop.paths as p; print(p.seeds_dir()); print(p.resources_dir())"
    seeds, resources = run([str(python), "-c", code], tmp_path).splitlines()
    assert Path(seeds).resolve() == (src / "seeds").resolve()
    assert Path(resources).resolve() == (src / "resources").resolve()
    assert not (src / "desktop" / "_data").exists()


def test_checkout_has_no_stale_bundled_copy():
    """desktop/_data only exists inside a built wheel; in the checkout it would shadow resources/ and seeds/."""
    assert not (REPO / "desktop" / "_data").exists()


def test_icon_renders(qapp):
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    from desktop.paths import resource

    renderer = QSvgRenderer(str(resource("note-reader.svg")))
    assert renderer.isValid()
    for size in (16, 48, 256):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        opaque = sum(image.pixelColor(x, y).alpha() > 200 for x in range(size) for y in range(size))
        assert opaque > size * size // 3


@pytest.mark.parametrize("name", ["app-light.qss", "app-dark.qss"])
def test_stylesheet_parses(qtbot, qtlog, name):
    from PySide6.QtWidgets import QLineEdit, QTabWidget, QTreeView, QVBoxLayout, QWidget

    from desktop.ui.theme import stylesheet

    widget = QWidget()
    qtbot.addWidget(widget)
    layout = QVBoxLayout(widget)
    for child in (QLineEdit(), QTreeView(), QTabWidget()):
        layout.addWidget(child)
    widget.setStyleSheet(stylesheet(name == "app-dark.qss"))
    widget.show()
    qtbot.waitExposed(widget)
    problems = [r.message for r in qtlog.records if "parse" in r.message.lower() or "stylesheet" in r.message.lower()]
    assert problems == []
