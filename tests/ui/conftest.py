"""UI test setup: the `vault:` scheme registered before pytest-qt creates the QApplication, and a fixture vault."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.ui.app import prepare_qt

prepare_qt(None)  # registers the vault: scheme; must precede QApplication, which pytest-qt makes later

ALPHA = """---
title: Alpha Note
videoId: abcdefghijk
---
# Alpha Note

The first claim links to [[beta]] and to [[Some Topic]] <a class="yt-timestamp" data-t="00:01:05"></a>.

## Second part
A later claim about gamma rays, see [[Gamma Ray Bursts|the gamma note]] <a class="yt-timestamp" data-t="01:02:03"></a>.
Elsewhere: [the web](https://example.org/page) and [mail](mailto:someone@example.org).

![[picture.png]]
"""

BETA = """---
title: Beta Thoughts
aliases: [Second Opinion]
videoId: bcdefghijkl
---
Beta agrees with [[alpha]] on [[Some Topic]] <a class="yt-timestamp" data-t="00:00:42"></a>.
"""

GAMMA = """---
title: Gamma Ray Bursts
---
Gamma is quiet and mentions [[Other Topic]].
"""

def tiny_png() -> bytes:
    """A valid 1x1 PNG, built here so the fixture needs no binary file."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\xff"))
            + chunk(b"IEND", b""))


def make_vault(root: Path) -> Path:
    (root / "folder" / "sub").mkdir(parents=True)
    (root / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (root / "folder" / "beta.md").write_text(BETA, encoding="utf-8")
    (root / "folder" / "sub" / "gamma.md").write_text(GAMMA, encoding="utf-8")
    (root / "picture.png").write_bytes(tiny_png())
    if os.path.exists("/etc/hostname"):
        (root / "escape.txt.png").symlink_to("/etc/hostname")
    return root


@pytest.fixture(scope="session")
def vault_root(tmp_path_factory) -> Path:
    return make_vault(tmp_path_factory.mktemp("vault"))


@pytest.fixture(scope="session")
def vault_index(vault_root):
    from desktop.core.index import VaultIndex

    return VaultIndex.build(vault_root)


@pytest.fixture
def fresh_vault(tmp_path) -> Path:
    """A vault of this test's own, for tests that change files on disk."""
    return make_vault(tmp_path / "vault")


@pytest.fixture
def browser(monkeypatch):
    """Catch what would go to the system browser: the URLs, as strings."""
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    return opened
