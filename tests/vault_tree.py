"""One picture of a folder tree for the tests that prove the app never writes into a vault.

Every entry under the root and the root itself, by its bytes name (so a name that is not UTF-8 is not lost):
mode, size, mtime, and the bytes of regular files (hashed) or the target of symlinks. Any write, touch, chmod,
new or removed entry changes it; FIFOs and sockets are described, never opened.
"""

from __future__ import annotations

import hashlib
import os
import stat


def tree_state(root: str | bytes | os.PathLike) -> dict[bytes, tuple]:
    top = os.fsencode(root)
    state: dict[bytes, tuple] = {}
    info = os.lstat(top)
    state[b"."] = (info.st_mode, info.st_size, info.st_mtime_ns, b"")
    for folder, dirs, files in os.walk(top, followlinks=False):
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode):
                with open(path, "rb") as handle:
                    extra = hashlib.sha256(handle.read()).digest()
            elif stat.S_ISLNK(info.st_mode):
                extra = os.readlink(path)
            else:
                extra = b""
            state[os.path.relpath(path, top)] = (info.st_mode, info.st_size, info.st_mtime_ns, extra)
    return state
