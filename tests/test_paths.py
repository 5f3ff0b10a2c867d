"""Where the app's files go, and the run's guards on the user's folders (`desktop.paths`)."""

from __future__ import annotations

import os
import shutil
from collections import namedtuple

import pytest

from desktop import paths

Usage = namedtuple("Usage", "total used free")


@pytest.fixture
def mesa_env(monkeypatch, tmp_path):
    """No Mesa variable set, the user's cache folder in tmp_path, and the disk's free room chosen by the test."""
    for name in ("MESA_SHADER_CACHE_DISABLE", "MESA_GLSL_CACHE_DISABLE", "MESA_SHADER_CACHE_DIR"):
        monkeypatch.setenv(name, "")  # recorded, so that what the test sets is undone after it
        monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    asked = []

    def room(free):
        def disk_usage(path):
            asked.append(os.fspath(path))
            return Usage(10 ** 9, 10 ** 9 - free, free)
        monkeypatch.setattr(shutil, "disk_usage", disk_usage)
        return asked
    return room


def test_a_full_disk_turns_the_shader_cache_off_for_the_run_and_names_the_folder(mesa_env, tmp_path):
    asked = mesa_env(1024)
    assert paths.shader_cache_off_on_a_full_disk() == tmp_path / "cache"
    assert os.environ["MESA_SHADER_CACHE_DISABLE"] == "true"
    assert asked == [str(tmp_path)]  # the cache folder does not exist yet: the disk it would be made on


def test_a_disk_with_room_leaves_the_shader_cache_alone(mesa_env):
    mesa_env(paths.SHADER_CACHE_ROOM)
    assert paths.shader_cache_off_on_a_full_disk() is None
    assert "MESA_SHADER_CACHE_DISABLE" not in os.environ


def test_the_folder_mesa_is_told_to_use_is_the_one_looked_at(mesa_env, monkeypatch, tmp_path):
    (tmp_path / "shaders").mkdir()
    monkeypatch.setenv("MESA_SHADER_CACHE_DIR", str(tmp_path / "shaders"))
    asked = mesa_env(0)
    assert paths.shader_cache_off_on_a_full_disk() == tmp_path / "shaders"
    assert asked == [str(tmp_path / "shaders")]


def test_the_users_own_choice_is_kept(mesa_env, monkeypatch):
    monkeypatch.setenv("MESA_SHADER_CACHE_DISABLE", "false")
    mesa_env(0)
    assert paths.shader_cache_off_on_a_full_disk() is None
    assert os.environ["MESA_SHADER_CACHE_DISABLE"] == "false"

