"""The graph layout kept between runs: one file per vault in the cache folder, never in the vault.

The file sits beside the vault's index database, named the same way (`store.database_path`), under
`<cache>/graph/`. It holds the graph's signature, each node's (kind, key) and its position, so a later run
either finds the exact layout (same signature) or, after notes changed, the old positions to grow an
incremental layout from (`graph_layout.compute_layout(previous=...)`).

Format: a magic line, a 4-byte length, a JSON header (format, vault, signature, node keys), then the
positions as little-endian float64 pairs. Anything else (corrupt, truncated, another vault's, another
version) reads as no cache, with a warning; writing is atomic and a failed write only warns.
"""

from __future__ import annotations

import json
import logging
import math
import os
import struct
import sys
import tempfile
from array import array
from pathlib import Path

from desktop.core.graph import VaultGraph
from desktop.core.resolver import topic_key
from desktop.core.store import database_path
from desktop.core.vault import is_inside

__all__ = ["layout_path", "load_layout", "load_nearest_layout", "save_layout"]

log = logging.getLogger(__name__)

MAGIC = b"note-reader graph layout\n"
FORMAT = 1
Position = tuple[float, float]


def layout_path(cache_dir: Path, vault: Path) -> Path:
    """Where the layout of `vault` is kept: named like its index database, in `<cache>/graph/`."""
    return Path(cache_dir) / "graph" / (database_path(cache_dir, vault).stem + ".layout")


def _read(cache_dir: Path, vault: Path) -> tuple[dict, list[Position]] | None:
    """The header and positions of the vault's layout file; None (with a warning) when absent or unusable."""
    path = layout_path(cache_dir, vault)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("graph layout cache %s unreadable: %s", path, error)
        return None
    try:
        if not data.startswith(MAGIC):
            raise ValueError("not a layout file")
        at = len(MAGIC)
        (size,) = struct.unpack_from("<I", data, at)
        header = json.loads(data[at + 4:at + 4 + size].decode("utf-8"))
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError("another format")
        if header.get("vault") != str(Path(vault).resolve()):
            raise ValueError(f"made for another vault ({header.get('vault')!r})")
        keys = header["keys"]
        signature = header["signature"]
        if not isinstance(keys, list) or not isinstance(signature, str):
            raise ValueError("bad header")
        numbers = array("d")
        numbers.frombytes(data[at + 4 + size:])
        if sys.byteorder != "little":
            numbers.byteswap()
        if len(numbers) != 2 * len(keys):
            raise ValueError(f"{len(numbers) // 2} positions for {len(keys)} nodes")
        if not all(map(math.isfinite, numbers)):
            raise ValueError("a position is not a finite number")
        parsed_keys = [(str(kind), str(key)) for kind, key in keys]
    except (ValueError, KeyError, TypeError, RecursionError, struct.error) as error:
        log.warning("graph layout cache %s ignored: %s", path, error)
        return None
    positions = list(zip(numbers[0::2], numbers[1::2]))
    header["keys"] = parsed_keys
    return header, positions


def load_layout(cache_dir: Path, vault: Path, graph: VaultGraph) -> list[Position] | None:
    """The saved positions of exactly this graph (same signature), aligned with `graph.nodes`; else None."""
    found = _read(cache_dir, vault)
    if found is None:
        return None
    header, positions = found
    if header["signature"] != graph.signature() or len(positions) != len(graph.nodes):
        return None
    return positions


def load_nearest_layout(cache_dir: Path, vault: Path) -> dict[tuple[str, str], Position] | None:
    """The last saved positions by (kind, key), whatever graph they were made for: the start of an
    incremental layout after notes changed. None when nothing usable was saved."""
    found = _read(cache_dir, vault)
    if found is None:
        return None
    header, positions = found
    # a topic under the key an older version gave it (`some_topic`) is the topic of its key now (`sometopic`)
    return {(kind, topic_key(key) if kind == "topic" else key): position
            for (kind, key), position in zip(header["keys"], positions)}


def save_layout(cache_dir: Path, vault: Path, graph: VaultGraph, positions) -> None:
    """Keep `positions` (aligned with `graph.nodes`) for the next run. Atomic (a temporary file renamed over
    the old one); a full or read-only disk, or a cache folder inside the vault, only logs a warning."""
    positions = list(positions)
    if len(positions) != len(graph.nodes):
        raise ValueError(f"{len(positions)} positions for {len(graph.nodes)} nodes")
    path = layout_path(cache_dir, vault)
    if is_inside(vault, path):
        log.warning("graph layout not saved: the cache folder %s is inside the vault", path.parent)
        return
    header = json.dumps({"format": FORMAT, "vault": str(Path(vault).resolve()), "signature": graph.signature(),
                         "keys": [[n.kind, n.key] for n in graph.nodes]},
                        ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    numbers = array("d", (float(v) for p in positions for v in p))
    if sys.byteorder != "little":
        numbers.byteswap()
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + struct.pack("<I", len(header)) + header)
            handle.write(numbers.tobytes())
        os.replace(temp, path)
        temp = None
    except OSError as error:
        log.warning("graph layout not saved to %s: %s", path, error)
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
