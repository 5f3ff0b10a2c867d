"""Build hook: the wheel carries the top-level resources/ and seeds/ folders inside the package.

They are copied to `desktop/_data/resources` and `desktop/_data/seeds` in the build folder, where
desktop.paths looks first. An editable install (`pip install -e .`) copies nothing: desktop.paths then
finds resources/ and seeds/ beside the package in the checkout. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("resources", "seeds")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in BUNDLED:
            source = ROOT / name
            if not source.is_dir():
                raise FileNotFoundError(f"{source} is missing: the wheel must carry it")
            target = Path(self.build_lib) / "desktop" / "_data" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source, target, ignore=SKIP)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if getattr(self, "editable_mode", False):
            return outputs
        data = Path(self.build_lib) / "desktop" / "_data"
        outputs += [str(path) for path in sorted(data.rglob("*")) if path.is_file()] if data.is_dir() else []
        return outputs


setup(cmdclass={"build_py": BuildPyWithData})
