"""Vault scanning and reading: hidden folders, symlinks in and out, loops, unreadable places."""

import os
from pathlib import Path

import pytest

from desktop.core import vault as vault_mod
from desktop.core.model import FileWarning
from desktop.core.vault import NOTE_SUFFIXES, VaultFile, is_inside, read_vault_file, scan_vault


def _write(root: Path, rel: str, data: bytes | str = "x") -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data.encode() if isinstance(data, str) else data)
    return p


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    for rel in ("a.md", "B.MARKDOWN", "notes/c.txt", "notes/deep/d.md", "img/pic.png", "notes/e.pdf",
                ".obsidian/app.json", ".git/HEAD", ".trash/old.md", "notes/.hidden.md", "notes/.cache/x.md"):
        _write(root, rel)
    return root


def _paths(files: list[VaultFile]) -> list[str]:
    return [f.path for f in files]


def test_scan_notes_attachments_hidden_nested(vault: Path):
    files, warnings = scan_vault(vault)
    assert _paths(files) == ["B.MARKDOWN", "a.md", "img/pic.png", "notes/c.txt", "notes/deep/d.md", "notes/e.pdf"]
    assert [f.is_note for f in files] == [True, True, False, True, True, False]
    assert warnings == []


def test_vault_file_fields(vault: Path):
    _write(vault, "notes/deep/d.md", "hello")
    files, _ = scan_vault(str(vault))
    d = next(f for f in files if f.path == "notes/deep/d.md")
    st = os.stat(vault / "notes/deep/d.md")
    assert d.abs_path == os.path.join(os.path.realpath(vault), "notes", "deep", "d.md")
    assert (d.size, d.mtime_ns, d.is_note) == (5, st.st_mtime_ns, True)


def test_note_suffixes():
    assert NOTE_SUFFIXES == (".md", ".markdown", ".txt")


def test_missing_root_raises(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        scan_vault(tmp_path / "nope")
    with pytest.raises(NotADirectoryError):
        scan_vault(_write(tmp_path, "file.md"))


def test_symlink_out_of_vault_not_followed(tmp_path: Path):
    root = tmp_path / "vault"
    _write(root, "in.md")
    outside = tmp_path / "outside"
    _write(outside, "secret.md")
    _write(tmp_path, "secret.txt")
    (root / "out_dir").symlink_to(outside)
    (root / "out_file.md").symlink_to(tmp_path / "secret.txt")
    files, warnings = scan_vault(root)
    assert _paths(files) == ["in.md"]
    assert warnings == [
        FileWarning("out_dir", "symlink leads outside the vault: not followed"),
        FileWarning("out_file.md", "symlink leads outside the vault: not followed"),
    ]


def test_relative_dotdot_symlink_out_not_followed(tmp_path: Path):
    root = tmp_path / "vault"
    _write(root, "sub/in.md")
    _write(tmp_path, "other/x.md")
    (root / "sub" / "escape").symlink_to(Path("..") / ".." / "other")
    files, warnings = scan_vault(root)
    assert _paths(files) == ["sub/in.md"]
    assert warnings == [FileWarning("sub/escape", "symlink leads outside the vault: not followed")]


def test_symlink_loop_to_ancestor_no_hang(tmp_path: Path):
    root = tmp_path / "vault"
    _write(root, "a/b/n.md")
    (root / "a" / "b" / "up").symlink_to(root / "a")
    (root / "a" / "self").symlink_to(root)
    files, warnings = scan_vault(root)  # each real folder walked once: a loop ends, it is not followed
    assert _paths(files) == ["a/b/n.md"]
    assert warnings == [
        FileWarning("a/b/up", "symlink loop: not followed"),
        FileWarning("a/self", "symlink loop: not followed"),
    ]


def test_symlink_cycle_between_links(tmp_path: Path):
    root = tmp_path / "vault"
    _write(root, "n.md")
    (root / "x").symlink_to(root / "y")
    (root / "y").symlink_to(root / "x")
    files, warnings = scan_vault(root)
    assert _paths(files) == ["n.md"]
    assert warnings == [FileWarning("x", "symlink loop: not followed"), FileWarning("y", "symlink loop: not followed")]


def test_broken_symlink_warned(tmp_path: Path):
    root = tmp_path / "vault"
    _write(root, "n.md")
    (root / "gone.md").symlink_to(root / "missing.md")
    files, warnings = scan_vault(root)
    assert _paths(files) == ["n.md"]
    assert warnings == [FileWarning("gone.md", "broken symlink: skipped")]


def test_in_vault_symlink_to_listed_folder_lists_once(tmp_path: Path):
    root = tmp_path / "vault"
    _write(root, "real/n.md")
    (root / "link").symlink_to(root / "real")  # sorts before nothing special; "link" < "real"
    (root / "alias.md").symlink_to(root / "real" / "n.md")
    files, warnings = scan_vault(root)
    assert _paths(files) == ["real/n.md"]
    assert warnings == []


def test_in_vault_symlink_to_hidden_folder_followed_once(tmp_path: Path):
    root = tmp_path / "vault"
    _write(root, ".store/kept.md")
    _write(root, ".store/sub/deep.md")
    (root / "shelf").symlink_to(root / ".store")
    (root / "shelf2").symlink_to(root / ".store")
    (root / "one.md").symlink_to(root / ".store" / "kept.md")
    files, warnings = scan_vault(root)
    assert _paths(files) == ["shelf/kept.md", "shelf/sub/deep.md"]
    assert files[0].abs_path == os.path.join(os.path.realpath(root), "shelf", "kept.md")
    assert warnings == []


def test_in_vault_file_symlink_followed(tmp_path: Path):
    root = tmp_path / "vault"
    _write(root, ".private/n.md", "12345")
    (root / "n.md").symlink_to(root / ".private" / "n.md")
    files, warnings = scan_vault(root)
    assert [(f.path, f.size, f.is_note) for f in files] == [("n.md", 5, True)]
    assert warnings == []


def test_vault_root_through_symlink(tmp_path: Path):
    real = tmp_path / "real_vault"
    _write(real, "n.md")
    (tmp_path / "linked_vault").symlink_to(real)
    files, warnings = scan_vault(tmp_path / "linked_vault")
    assert _paths(files) == ["n.md"] and warnings == []


def test_unreadable_folder_skipped(vault: Path, monkeypatch: pytest.MonkeyPatch):
    # Permission bits do not stop root, so simulate the error where the scan meets it.
    real_scandir = os.scandir
    blocked = os.path.join(os.path.realpath(vault), "notes", "deep")

    def fake_scandir(path):
        if os.fspath(path) == blocked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    files, warnings = scan_vault(vault)
    assert _paths(files) == ["B.MARKDOWN", "a.md", "img/pic.png", "notes/c.txt", "notes/e.pdf"]
    assert warnings == [FileWarning("notes/deep", "folder unreadable: skipped (Permission denied)")]


def test_unstatable_file_skipped(vault: Path, monkeypatch: pytest.MonkeyPatch):
    real_scandir = os.scandir

    class Entry:
        def __init__(self, entry):
            self._e = entry
            self.name, self.path = entry.name, entry.path

        def is_symlink(self):
            return self._e.is_symlink()

        def is_dir(self, follow_symlinks=True):
            return self._e.is_dir(follow_symlinks=follow_symlinks)

        def is_file(self, follow_symlinks=True):
            return self._e.is_file(follow_symlinks=follow_symlinks)

        def stat(self, follow_symlinks=True):
            if self.name == "a.md":
                raise PermissionError(13, "Permission denied")
            return self._e.stat(follow_symlinks=follow_symlinks)

    class Listing:
        def __init__(self, path):
            self._it = real_scandir(path)

        def __enter__(self):
            return (Entry(e) for e in self._it)

        def __exit__(self, *exc):
            self._it.close()

    monkeypatch.setattr(os, "scandir", Listing)
    files, warnings = scan_vault(vault)
    assert "a.md" not in _paths(files) and len(files) == 5
    assert warnings == [FileWarning("a.md", "unreadable: skipped (Permission denied)")]


def test_is_inside(tmp_path: Path):
    root = tmp_path / "vault"
    (root / "sub").mkdir(parents=True)
    (tmp_path / "vault2").mkdir()
    (root / "out").symlink_to(tmp_path)
    assert is_inside(root, root)
    assert is_inside(root, root / "sub" / "x.md")
    assert is_inside(str(root), str(root / "sub" / ".." / "y.md"))
    assert not is_inside(root, root / ".." / "vault2")
    assert not is_inside(root, tmp_path / "vault2" / "x.md")  # a sibling sharing the name prefix
    assert not is_inside(root, root / "out" / "vault2")


# --- read_vault_file -----------------------------------------------------------------------------------

def _vf(p: Path) -> VaultFile:
    st = p.stat()
    return VaultFile(p.name, str(p), st.st_size, st.st_mtime_ns, True)


def test_read_whole_file(tmp_path: Path):
    p = _write(tmp_path, "n.md", "hello")
    assert read_vault_file(_vf(p)) == (b"hello", [])


def test_read_exactly_max_bytes_not_truncated(tmp_path: Path):
    p = _write(tmp_path, "n.md", "12345")
    assert read_vault_file(_vf(p), max_bytes=5) == (b"12345", [])


def test_read_truncated(tmp_path: Path):
    p = _write(tmp_path, "big.md", b"x" * (3 * 1024 * 1024 + 10))
    data, warnings = read_vault_file(_vf(p), max_bytes=1024 * 1024)
    assert data == b"x" * (1024 * 1024)
    assert warnings == ["note is 3.0 MB: shown truncated"]


def test_truncation_does_not_split_utf8_character(tmp_path: Path):
    p = _write(tmp_path, "n.md", "ab€cd")  # € is 3 bytes: a b E2 82 AC c d
    assert read_vault_file(_vf(p), max_bytes=4)[0] == b"ab"
    assert read_vault_file(_vf(p), max_bytes=5)[0] == "ab€".encode()
    assert read_vault_file(_vf(p), max_bytes=6)[0] == "ab€c".encode()


def test_read_vanished_file(tmp_path: Path):
    p = _write(tmp_path, "n.md")
    f = _vf(p)
    p.unlink()
    assert read_vault_file(f) == (None, ["file vanished since the scan"])


def test_read_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    p = _write(tmp_path, "n.md")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(vault_mod.os, "read", denied)  # (a test run as root reads a file of mode 000)
    assert read_vault_file(_vf(p)) == (None, ["unreadable: Permission denied"])


def test_a_read_that_gives_less_than_asked_is_read_on_to_the_files_end(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    """A network file system may give a read fewer bytes than asked before the file's end: the note is read
    whole all the same, not cut where the first read stopped."""
    p = _write(tmp_path, "n.md", "abcdefghij" * 3)
    real_read = os.read
    monkeypatch.setattr(vault_mod.os, "read", lambda fd, n: real_read(fd, min(n, 4)))
    assert read_vault_file(_vf(p)) == (b"abcdefghij" * 3, [])


def test_read_a_note_that_grew_since_its_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The read asks for the size the open's `fstat` gave and one byte more: a note written on meanwhile is
    read on to its end, and one grown past the limit is cut there."""
    p = _write(tmp_path, "n.md", "x" * 10)
    real_fstat = os.fstat

    def stale_size(fd):  # the size the note had before ten bytes more were written
        stat = real_fstat(fd)
        return os.stat_result((*stat[:6], 5, *stat[7:]))

    monkeypatch.setattr(vault_mod.os, "fstat", stale_size)
    assert read_vault_file(_vf(p)) == (b"x" * 10, [])
    data, warnings = read_vault_file(_vf(p), max_bytes=8)
    assert data == b"x" * 8 and warnings and "truncated" in warnings[0]


def test_read_folder_now(tmp_path: Path):
    p = _write(tmp_path, "n.md")
    f = _vf(p)
    p.unlink()
    p.mkdir()
    assert read_vault_file(f) == (None, ["is a folder now, not a file"])


# ------------------------------------------------------------------ issue #12: FIFOs and names that are not text

def test_a_note_swapped_for_a_fifo_is_refused_without_blocking(tmp_path: Path):
    note = _write(tmp_path / "v", "n.md", "hello")
    [f], _ = scan_vault(tmp_path / "v")
    note.unlink()
    os.mkfifo(note)  # no writer will ever come: a plain open() would wait forever
    data, why = read_vault_file(f)
    assert data is None and "not a regular file" in why[0]
    from desktop.core.vault import read_vault_head

    assert read_vault_head(f, 100) == (None, False)


def test_fifos_and_sockets_in_the_vault_are_skipped_with_a_warning(tmp_path: Path):
    import socket

    root = tmp_path / "v"
    _write(root, "ok.md")
    os.mkfifo(root / "pipe.md")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "sock.md"))
    try:
        os.symlink("pipe.md", root / "pipe_link.md")
        files, warnings = scan_vault(root)
    finally:
        server.close()
    assert _paths(files) == ["ok.md"]
    assert {w.path for w in warnings} == {"pipe.md", "sock.md", "pipe_link.md"}
    assert all("not a regular file" in w.message for w in warnings)


def test_a_name_that_is_not_utf8_is_skipped_with_a_readable_warning(tmp_path: Path):
    root = tmp_path / "v"
    _write(root, "ok.md")
    broot = os.fsencode(root)
    for name in (b"bad\xff.md", b"img\xff.png"):
        os.close(os.open(broot + b"/" + name, os.O_CREAT | os.O_WRONLY))
    os.mkdir(broot + b"/dir\xff")
    os.close(os.open(broot + b"/dir\xff/inner.md", os.O_CREAT | os.O_WRONLY))
    files, warnings = scan_vault(root)
    assert _paths(files) == ["ok.md"]
    assert sorted(w.path for w in warnings) == ["bad\\xff.md", "dir\\xff", "img\\xff.png"]
    for w in warnings:
        w.path.encode("utf-8")  # printable, storable: no lone surrogates
        assert "not valid UTF-8" in w.message


def test_vault_file_path_takes_only_regular_files_inside(tmp_path: Path):
    from desktop.core.vault import vault_file_path

    root = tmp_path / "v"
    _write(root, "img/a.png")
    _write(tmp_path, "secret.png")
    os.mkfifo(root / "pipe.png")
    os.symlink(tmp_path / "secret.png", root / "out.png")
    assert vault_file_path(root, "img/a.png") == (root / "img/a.png").resolve()
    for rel in ("../secret.png", "out.png", "pipe.png", "img", "", "missing.png", "a\x00b", str(tmp_path / "secret.png")):
        assert vault_file_path(root, rel) is None, rel


def test_writes_into_looks_at_the_folder_the_name_is_in_not_only_where_a_link_leads(tmp_path: Path):
    from desktop.core.vault import writes_into

    vault, outside = tmp_path / "vault", tmp_path / "outside"
    vault.mkdir()
    outside.mkdir()
    (vault / "out.png").symlink_to(outside / "x.png")  # a link in the vault leading out: its name is replaced
    (outside / "in").symlink_to(vault)  # a folder outside leading in
    assert writes_into(vault, vault / "out.png")
    assert writes_into(vault, vault / "new" / "shot.png")
    assert writes_into(vault, outside / "in" / "shot.png")
    assert not writes_into(vault, outside / "shot.png")
    assert not writes_into(vault, tmp_path / "vault-2" / "shot.png")  # a sibling named alike


def test_a_vault_folder_that_cannot_be_listed_is_an_error_not_an_empty_vault(tmp_path: Path, monkeypatch):
    """QA: `chmod 000` on the vault shown made the window empty, every page "deleted"."""
    vault = tmp_path / "vault"
    (vault / "sub").mkdir(parents=True)
    (vault / "a.md").write_text("# A\n", encoding="utf-8")
    (vault / "sub" / "b.md").write_text("# B\n", encoding="utf-8")
    real_scandir = os.scandir
    refused: set[str] = set()

    def scandir(path="."):
        if os.path.realpath(path) in refused:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    refused.add(os.path.realpath(vault / "sub"))
    files, warnings = scan_vault(vault)
    assert [f.path for f in files] == ["a.md"]
    assert vault_mod.unreadable_folder_of("sub/b.md", warnings) is warnings[0]
    assert vault_mod.unreadable_folder_of("subway/c.md", warnings) is None
    refused.add(os.path.realpath(vault))
    with pytest.raises(PermissionError, match="vault folder unreadable"):
        scan_vault(vault)
