"""Finding a vault's files on disk and reading them, without ever leaving the vault.

The scan uses `os.scandir` (its directory entries carry the file type, so only files need a `stat`) and an
explicit stack instead of recursion. Symlinks are followed only into the vault's own real tree, and each
real folder is walked once, so a link can neither leak outside files into the app nor loop forever.
"""

from __future__ import annotations

import os
import stat as _stat
import heapq
from dataclasses import dataclass
from pathlib import Path

from desktop.core.model import FileWarning

__all__ = ["NOTE_SUFFIXES", "VaultFile", "scan_vault", "read_vault_file", "read_vault_head", "is_inside",
           "vault_file_path", "readable_name", "open_regular_file"]

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
_MB = 1024 * 1024
# O_NONBLOCK: a FIFO swapped in for a note must not block open() (waiting for a writer that never comes);
# the file is then checked to be a regular one before anything is read (`_open_regular`).
_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
               | getattr(os, "O_NONBLOCK", 0))


@dataclass(slots=True)
class VaultFile:
    """A file of the vault: a note (by suffix) or an attachment. `path` is vault-relative with '/'."""

    path: str
    abs_path: str
    size: int
    mtime_ns: int
    is_note: bool
    file_id: tuple[int, int] | None = None  # (st_dev, st_ino) as the scan saw it inside the vault


def existing_folder(path: str | os.PathLike[str]) -> Path | None:
    """`path` if it exists, else the nearest of its parents that does: where a folder not made yet would be
    made (what a disk's free room is asked of)."""
    path = Path(path)
    return next((p for p in (path, *path.parents) if p.exists()), None)


def is_inside(root: str | os.PathLike[str], candidate: str | os.PathLike[str]) -> bool:
    """True if `candidate` is `root` or lies under it, comparing real paths (symlinks and `..` resolved).

    Anything served to the UI must pass this, so that a crafted link cannot reach outside the vault.
    """
    real_root = os.path.realpath(root)
    real = os.path.realpath(candidate)
    if real == real_root:
        return True
    prefix = real_root if real_root.endswith(os.sep) else real_root + os.sep
    return real.startswith(prefix)


UNREADABLE_FOLDER = "folder unreadable"  # how a folder the scan could not list is said (`scan_vault`)


def unreadable_folder_of(path: str, warnings: list[FileWarning]) -> FileWarning | None:
    """The warning of the folder holding `path` (a vault path) that the scan could not list, if any: why a note
    that was there is not there now."""
    for warning in warnings:
        folder = warning.path
        if warning.message.startswith(UNREADABLE_FOLDER) and (not folder or path.startswith(folder + "/")):
            return warning
    return None


def writes_into(root: str | os.PathLike[str], target: str | os.PathLike[str]) -> bool:
    """Whether writing the file `target` as a new file put in place of its name would change the vault at
    `root`: its folder is in the vault (the name there is replaced, even a link leading out of it), or the
    name leads into the vault."""
    folder = os.path.dirname(os.path.abspath(target))
    return is_inside(root, folder) or is_inside(root, target)


def vault_file_path(root: str | os.PathLike[str], rel: str) -> Path | None:
    """The real regular file `rel` names under the vault `root`, or None when it is missing, not a regular
    file, or resolves outside the vault (`..` segments, absolute paths and symlinks out all fail)."""
    if not rel or "\x00" in rel:
        return None
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(real_root, rel))
    if real == real_root or not is_inside(real_root, real):
        return None
    try:
        if not _stat.S_ISREG(os.stat(real).st_mode):
            return None
    except (OSError, ValueError):
        return None
    return Path(real)


def readable_name(path: str) -> str:
    """A path as a person can read it: bytes that are not UTF-8 (kept by Python as lone surrogates) shown
    escaped, `bad\\xff.md`, so a warning about such a name can be printed, logged and stored."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_text_name(name: str) -> bool:
    """Whether a file name read from disk is text: a name with bytes that are not UTF-8 cannot be stored,
    printed as JSON, or turned into a link, so such a file is skipped with a warning."""
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


_NOT_REGULAR = "not a regular file (a FIFO, socket or device): skipped"


def _join(rel: str, name: str) -> str:
    return f"{rel}/{name}" if rel else name


def scan_vault(root: str | Path) -> tuple[list[VaultFile], list[FileWarning]]:
    """All notes and attachments of a vault, sorted by path, and the files/folders skipped with trouble.

    Hidden entries (`.git`, `.obsidian`, `.trash`, ...) are skipped. Real (non-link) folders are walked
    first; symlinks afterwards, so a file reachable both directly and through a link is listed once,
    under its real path. Raises FileNotFoundError / NotADirectoryError if `root` is not a folder, and
    PermissionError if it cannot be listed.
    """
    real_root = os.path.realpath(root)
    if not os.path.isdir(real_root):
        if not os.path.exists(real_root):
            raise FileNotFoundError(f"vault folder not found: {root}")
        raise NotADirectoryError(f"not a folder: {root}")
    try:
        with os.scandir(real_root):
            pass
    except PermissionError as exc:  # not "a vault of no notes" (QA: a chmod 000 showed 0 notes): an error, so
        # what was read of it stands
        raise PermissionError(exc.errno, f"vault folder unreadable ({_reason(exc)})", str(root)) from exc
    files: list[VaultFile] = []
    warnings: list[FileWarning] = []
    visited_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()  # so a symlink to a listed file does not list it twice
    linked: list[tuple[str, str]] = []  # heap of (rel path, abs path): symlinks met while walking

    def walk(rel_top: str, abs_top: str) -> None:
        """Walk one real tree iteratively, collecting files and deferring symlinks."""
        stack = [(rel_top, abs_top)]
        while stack:
            rel_dir, abs_dir = stack.pop()
            try:
                it = os.scandir(abs_dir)
            except OSError as exc:
                warnings.append(FileWarning(rel_dir, f"{UNREADABLE_FOLDER}: skipped ({_reason(exc)})"))
                continue
            try:
                with it as entries:
                    for entry in entries:
                        name = entry.name
                        if name.startswith("."):
                            continue
                        rel = _join(rel_dir, name)
                        if not is_text_name(name):
                            warnings.append(FileWarning(readable_name(rel), "name is not valid UTF-8: skipped "
                                                        "(rename it to read it)"))
                            continue
                        try:
                            if entry.is_symlink():
                                heapq.heappush(linked, (rel, entry.path))
                            elif entry.is_dir(follow_symlinks=False):
                                st = entry.stat(follow_symlinks=False)
                                key = (st.st_dev, st.st_ino)
                                if key not in visited_dirs:
                                    visited_dirs.add(key)
                                    stack.append((rel, entry.path))
                            elif entry.is_file(follow_symlinks=False):
                                st = entry.stat(follow_symlinks=False)
                                seen_files.add((st.st_dev, st.st_ino))
                                files.append(VaultFile(rel, entry.path, st.st_size, st.st_mtime_ns,
                                                       name.lower().endswith(NOTE_SUFFIXES),
                                                       (st.st_dev, st.st_ino)))
                            else:  # sockets, FIFOs, devices: not vault content, and reading one may block
                                warnings.append(FileWarning(rel, _NOT_REGULAR))
                        except FileNotFoundError:
                            warnings.append(FileWarning(rel, "vanished during the scan: skipped"))
                        except OSError as exc:
                            warnings.append(FileWarning(rel, f"unreadable: skipped ({_reason(exc)})"))
            except OSError as exc:  # the folder went away or failed mid-listing
                warnings.append(FileWarning(rel_dir, f"folder listing failed: partly skipped ({_reason(exc)})"))

    st_root = os.stat(real_root)
    visited_dirs.add((st_root.st_dev, st_root.st_ino))
    walk("", real_root)

    # Folder links first (in path order, so results do not depend on directory order), then file links,
    # so a file link into a linked folder does not list the same file twice.
    file_links: list[tuple[str, str, os.stat_result]] = []
    while linked:
        rel, link_path = heapq.heappop(linked)
        try:
            st = os.stat(link_path)  # follows the link (and any chain of links)
        except FileNotFoundError:
            warnings.append(FileWarning(rel, "broken symlink: skipped"))
            continue
        except OSError as exc:
            if exc.errno == getattr(os, "ELOOP", 40) or "loop" in str(exc).lower():
                warnings.append(FileWarning(rel, "symlink loop: not followed"))
            else:
                warnings.append(FileWarning(rel, f"symlink unreadable: skipped ({_reason(exc)})"))
            continue
        target = os.path.realpath(link_path)
        if not is_inside(real_root, target):
            warnings.append(FileWarning(rel, "symlink leads outside the vault: not followed"))
            continue
        key = (st.st_dev, st.st_ino)
        if _stat.S_ISDIR(st.st_mode):
            if key in visited_dirs:
                parent = os.path.realpath(os.path.dirname(link_path))
                if is_inside(target, parent):  # points at one of its own ancestors
                    warnings.append(FileWarning(rel, "symlink loop: not followed"))
                # else: a second way into a folder already listed; listing it again would duplicate notes
                continue
            visited_dirs.add(key)
            walk(rel, link_path)
        elif _stat.S_ISREG(st.st_mode):
            file_links.append((rel, link_path, st))
        else:
            warnings.append(FileWarning(rel, "symlink to something " + _NOT_REGULAR))
    for rel, link_path, st in sorted(file_links, key=lambda t: t[0]):
        key = (st.st_dev, st.st_ino)
        if key in seen_files:
            continue
        seen_files.add(key)
        files.append(VaultFile(rel, link_path, st.st_size, st.st_mtime_ns,
                               rel.rsplit("/", 1)[-1].lower().endswith(NOTE_SUFFIXES), key))

    files.sort(key=lambda f: f.path)
    warnings.sort(key=lambda w: w.path)
    return files, warnings


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


# What of a note is read: parsing costs ~0.3 s a MB (links, stamps, their sentences), and no more than 1 MB of
# a body is rendered (`render.pages.RENDER_LIMIT`). A bigger note is cut here, with a notice, so it shows
# within seconds and in bounded memory (a 200 MB note: 21 s and 935 MB when 50 MB were read), and what the
# index holds of it (its stamps, links, search text) is what its page shows. Every note of the public vault
# is under it (the biggest: 0.99 MB). It was 4 MB: a 50 MB note's window kept 150 MB more, and its stamp list
# held 28,727 stamps, most of them past the page's end.
MAX_NOTE_BYTES = 1 * _MB


def read_vault_file(f: VaultFile, max_bytes: int = MAX_NOTE_BYTES) -> tuple[bytes | None, list[str]]:
    """A file's bytes, or None and why if it vanished or became unreadable since the scan.

    Files over `max_bytes` are cut (at a UTF-8 character boundary, so the decoder does not mistake
    a split character for a non-UTF-8 file) and warned about, rather than stalling the app.
    Plain `os` calls and the one `fstat` of the open: a buffered file object and a second `fstat` took half
    of reading a note (11.5 µs against 6, every note of a cold load).
    """
    try:
        fd, why, stat = _open_regular(f.abs_path)
        if fd is None:
            return None, [why]
        try:
            if not _opened_inside_vault(f, fd, stat):
                return None, ["leads outside the vault now (swapped for a symlink?): not read"]
            data = _read_up_to(fd, max_bytes + 1, stat.st_size)
        finally:
            os.close(fd)
    except FileNotFoundError:
        return None, ["file vanished since the scan"]
    except IsADirectoryError:
        return None, ["is a folder now, not a file"]
    except OSError as exc:
        return None, [f"unreadable: {_reason(exc)}"]
    if len(data) <= max_bytes:
        return data, []
    data = _cut_utf8(data[:max_bytes])
    return data, [f"note is {max(stat.st_size, max_bytes + 1) / _MB:.1f} MB: shown truncated"]


def _read_up_to(fd: int, limit: int, size: int) -> bytes:
    """Up to `limit` bytes of the open file, read in one call for a file of the `size` its stat gave (asking one
    byte more tells it has not grown since). One that grew, or a read that gave less (a network file system may,
    or the file shrank), is read on until the limit or the file's end."""
    data = os.read(fd, min(size + 1, limit))
    if len(data) == size or len(data) >= limit:
        return data
    parts = [data]
    got = len(data)
    while got < limit and (more := os.read(fd, min(limit - got, 1 << 20))):
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def read_vault_head(f: VaultFile, size: int) -> tuple[bytes | None, bool]:
    """The first `size` bytes of a file, cut like `read_vault_file` cuts, and whether that is the whole file;
    None if it cannot be read (safely).

    For the names stage, which reads the head of every note: plain `os` calls, no buffered file object.
    """
    try:
        fd, _, _ = _open_regular(f.abs_path)
    except OSError:
        return None, False
    if fd is None:
        return None, False
    try:
        if not _opened_inside_vault(f, fd, None):
            return None, False
        data = os.read(fd, size + 1)
    except OSError:
        return None, False
    finally:
        os.close(fd)
    return (data, True) if len(data) <= size else (_cut_utf8(data[:size]), False)


def open_regular_file(path: str | os.PathLike[str]) -> int | None:
    """A read-only descriptor of the regular file at `path`, or None when it is something else (a FIFO, a
    socket, a device, a folder): opened without blocking, so copying or reading it can never hang."""
    fd, _, _ = _open_regular(os.fspath(path))
    return fd


def _open_regular(path: str) -> tuple[int | None, str, os.stat_result | None]:
    """A descriptor of the regular file at `path` and its `fstat`, or None and why not. Opened without blocking,
    then checked: a FIFO, socket or device (put in a note's place after the scan) is refused, never read."""
    fd = os.open(path, _READ_FLAGS)
    try:
        stat = os.fstat(fd)
    except OSError:
        os.close(fd)
        raise
    if _stat.S_ISREG(stat.st_mode):
        return fd, "", stat
    os.close(fd)
    if _stat.S_ISDIR(stat.st_mode):
        return None, "is a folder now, not a file", None
    return None, "is not a regular file now (a FIFO, socket or device): not read", None


def _vault_root_of(f: VaultFile) -> str | None:
    """The vault folder `f.abs_path` was built from: `abs_path` is always `<root>/<path>`."""
    tail = os.sep + f.path.replace("/", os.sep)
    return f.abs_path[: -len(tail)] if f.abs_path.endswith(tail) else None


def _opened_inside_vault(f: VaultFile, fd: int, stat: os.stat_result | None) -> bool:
    """True unless the file just opened lies outside its vault: a note or folder replaced by a symlink
    leading out after the scan must not be read. Checks the opened file itself where the OS tells
    (`/proc/self/fd`), so a swap between the check and the read cannot slip through. `stat`: the descriptor's
    `fstat`, if the caller made it."""
    root = _vault_root_of(f)
    if root is None:
        return True  # not built by `scan_vault`: the caller vouches for the path
    if f.file_id is not None:
        st = stat if stat is not None else os.fstat(fd)
        if (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) == (*f.file_id, f.size, f.mtime_ns):
            return True  # the very file the scan found inside the vault, unchanged since
    try:
        real = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        real = os.path.realpath(f.abs_path)
    if not os.path.isabs(real):  # `/proc` unavailable or odd: fall back to resolving the path
        real = os.path.realpath(f.abs_path)
    prefix = root if root.endswith(os.sep) else root + os.sep
    if real.startswith(prefix):
        return True  # the usual case: root is already a real path (scan_vault resolves it)
    return is_inside(root, real)


def _cut_utf8(data: bytes) -> bytes:
    """Drop a trailing incomplete UTF-8 sequence (at most 3 bytes) left by truncation."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return data  # ASCII: nothing split
        if byte >= 0xC0:  # a lead byte: complete only if its sequence fits
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return data if back >= need else data[:-back]
    return data
