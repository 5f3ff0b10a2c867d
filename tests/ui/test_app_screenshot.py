"""`--screenshot` never writes into the vault, and writes its picture as a new file."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QColor, QPixmap

from desktop.ui.app import save_picture


def vault_with_a_note(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "note.md").write_text("# A note\n", encoding="utf-8")
    return vault


def snapshot(folder):
    return sorted((str(p.relative_to(folder)), p.read_bytes() if p.is_file() else b"")
                  for p in folder.rglob("*"))


def test_a_screenshot_inside_the_vault_is_refused_before_anything_is_written(tmp_path):
    vault = vault_with_a_note(tmp_path)
    (tmp_path / "into").symlink_to(vault)
    before = snapshot(vault)
    for target in (vault / "shot.png", vault / "new" / "shot.png", tmp_path / "into" / "shot.png"):
        done = subprocess.run([sys.executable, "-m", "desktop", str(vault), "--screenshot", str(target)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert "inside the vault" in done.stderr
    assert snapshot(vault) == before


def test_a_picture_saved_over_a_hard_link_to_a_vault_file_leaves_that_file_alone(qtbot, tmp_path):
    vault = vault_with_a_note(tmp_path)
    out = tmp_path / "out" / "shot.png"
    out.parent.mkdir()
    kept = vault / "picture.png"  # a picture of the vault's (only a picture is ever replaced)
    kept.write_bytes(b"\x89PNG\r\n\x1a\n" + b"the vault's own")
    os.link(kept, out)
    picture = QPixmap(8, 8)
    picture.fill(QColor("red"))
    save_picture(picture, out)
    assert kept.read_bytes().endswith(b"the vault's own")
    assert out.read_bytes().startswith(b"\x89PNG") and os.stat(out).st_nlink == 1
    assert [p.name for p in out.parent.iterdir()] == ["shot.png"]  # no temporary file left beside it


def test_a_picture_cannot_be_saved_as_a_folder(qtbot, tmp_path):
    (tmp_path / "folder.png").mkdir()
    picture = QPixmap(4, 4)
    try:
        save_picture(picture, tmp_path / "folder.png")
    except IsADirectoryError as error:
        assert "folder" in str(error)
    else:
        raise AssertionError("a folder was taken for a picture")
    assert list((tmp_path / "folder.png").iterdir()) == []


def test_a_screenshot_named_by_a_link_in_the_vault_to_a_file_outside_is_refused(tmp_path):
    """QA: `--screenshot VAULT/link.png`, a symlink to a file outside: the check followed the link (outside:
    allowed), and the picture then replaced the link in the vault."""
    vault = vault_with_a_note(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("outside\n", encoding="utf-8")
    (vault / "link_out.png").symlink_to(outside)
    before = sorted(os.listdir(vault))
    done = subprocess.run([sys.executable, "-m", "desktop", str(vault), "--screenshot", str(vault / "link_out.png")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "inside the vault" in done.stderr, done.stderr
    assert sorted(os.listdir(vault)) == before and (vault / "link_out.png").is_symlink()
    assert outside.read_text(encoding="utf-8") == "outside\n"


def test_a_picture_never_replaces_a_file_that_is_no_picture(qtbot, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    picture = QPixmap(4, 4)
    picture.fill(QColor("red"))
    try:
        save_picture(picture, precious)
    except FileExistsError as error:
        assert "not replaced" in str(error)
    else:
        raise AssertionError("a text file was replaced by a picture")
    assert precious.read_text(encoding="utf-8") == "keep me\n"
    earlier = tmp_path / "shot.png"
    save_picture(picture, earlier)
    save_picture(picture, earlier)  # an earlier screenshot is replaced
    assert earlier.read_bytes().startswith(b"\x89PNG")
