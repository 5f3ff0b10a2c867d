"""Vault trees with arbitrary byte names (issue #12): names that are not UTF-8, decomposed (NFD) accents, names
differing only in letter case, FIFOs. Every command exits 0, writes nothing in the vault, and lists each note
whose name is text exactly once (the others are skipped with a readable warning)."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vault_tree import tree_state
from desktop.cli import main

STAMP = '<a class="yt-timestamp" data-t="00:01:00"></a>'
QUERY = "marmalade"

_PIECES = [b"note", b"Note", b"NOTE", b"a b", b"bad\xff", b"\xc3", b"\xed\xa0\x80", b"caf\xc3\xa9",
           unicodedata.normalize("NFD", "café").encode(), b"#x", b"[y]", b"%20", b"\xe2\x80\xae"]
names = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=2).map(b"".join)
entries = st.lists(st.tuples(st.sampled_from([b"", b"dir", b"Dir", b"dir\xff", b"sub/deep"]), names,
                             st.sampled_from([b".md", b".MD", b".txt", b".png"]), st.booleans()),
                   min_size=1, max_size=8)




def _is_text(rel: bytes) -> bool:
    try:
        rel.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def build(root: bytes, tree) -> set[str]:
    """Write the tree under `root`; the note paths a reader should list (those whose path is text)."""
    expected = set()
    for folder, name, suffix, fifo in tree:
        rel = (folder + b"/" if folder else b"") + name + suffix
        os.makedirs(os.path.join(root, folder), exist_ok=True)
        path = os.path.join(root, rel)
        if os.path.lexists(path):
            continue
        if fifo and suffix != b".png":
            os.mkfifo(path)  # a pipe named like a note: never read, never waited on
            continue
        fd = os.open(path, os.O_CREAT | os.O_WRONLY)
        os.write(fd, f"# Title {len(expected)}\nA {QUERY} claim {STAMP} about [[note]].\n".encode())
        os.close(fd)
        if suffix != b".png" and _is_text(rel):
            expected.add(rel.decode("utf-8"))
    return expected


def run(*args: str) -> tuple[int, bytes, str]:
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
        out.flush()
    return code, out.buffer.getvalue(), err.getvalue()


@pytest.fixture
def keep_logging():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(tree=entries)
def test_every_command_lists_each_note_once_and_writes_nothing_in_the_vault(tree, keep_logging):
    with tempfile.TemporaryDirectory() as tmp:
        vault = os.path.join(os.fsencode(tmp), b"vault")
        os.mkdir(vault)
        expected = build(vault, tree)
        before = tree_state(vault)
        vault_arg = os.fsdecode(vault)

        code, out, err = run(vault_arg, "--inspect")
        assert code == 0, err
        listed = [note["path"] for note in json.loads(out)["notes"]]
        assert sorted(listed) == sorted(expected)
        assert tree_state(vault) == before

        code, out, err = run(vault_arg, "--search", QUERY)
        assert code == 0, err
        found = [result["path"] for result in json.loads(out)["results"]]
        assert sorted(found) == sorted(expected)
        assert tree_state(vault) == before

        site = os.path.join(tmp, "site")
        code, out, err = run(vault_arg, "--export-html", site)
        assert code == 0, err
        pages = [p for p in Path(site, "notes").rglob("*.html")] if expected else []
        assert len(pages) == len(expected)
        assert tree_state(vault) == before


def test_a_bad_name_is_warned_about_readably_in_inspect(tmp_path, keep_logging):
    vault = os.fsencode(tmp_path / "vault")
    build(vault, [(b"", b"good", b".md", False), (b"", b"bad\xff", b".md", False), (b"dir\xff", b"x", b".md", False)])
    code, out, _ = run(os.fsdecode(vault), "--inspect")
    data = json.loads(out)
    assert code == 0 and [n["path"] for n in data["notes"]] == ["good.md"]
    assert {w["path"] for w in data["warnings"]} == {"bad\\xff.md", "dir\\xff"}
