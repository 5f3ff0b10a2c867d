"""The vault is never written: after --inspect, --export-html and --search on the hostile vault, every file
has the same bytes and mtime and no file was added. (The GUI session's share of this check lives with the UI.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hostile_helpers import SECRET, build_hostile_vault
from vault_tree import tree_state

REPO = Path(__file__).resolve().parents[2]




def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO, capture_output=True, timeout=120,
                          env=os.environ.copy())


def test_headless_commands_never_write_into_the_vault(tmp_path):
    base = tmp_path / "base"
    vault = build_hostile_vault(base)
    outside_before = tree_state(base)
    before = tree_state(vault)

    inspect = _run(str(vault), "--inspect")
    assert inspect.returncode == 0, inspect.stderr.decode()
    data = json.loads(inspect.stdout)
    assert "Normal.md" in {n["path"] for n in data["notes"]}
    assert SECRET.encode() not in inspect.stdout

    out = tmp_path / "site"
    export = _run(str(vault), "--export-html", str(out))
    assert export.returncode == 0, export.stderr.decode()
    assert (out / "index.html").is_file()

    for query in ("normal claim", '"never closed" OR body*', "TOP-SECRET", "NEAR(", "\"", "*"):
        found = _run(str(vault), "--search", query)
        assert found.returncode == 0, (query, found.stderr.decode())
        assert SECRET.encode() not in found.stdout
        results = json.loads(found.stdout)["results"]
        if query == "normal claim":
            assert [r["path"] for r in results] == ["Normal.md"]

    inside = _run(str(vault), "--export-html", str(vault / "site"))  # refused: inside the vault
    assert inside.returncode != 0

    assert tree_state(vault) == before
    assert tree_state(base) == outside_before  # nothing new beside the vault either
