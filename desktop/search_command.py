"""`note-reader VAULT --search QUERY`: bring the cached index up to date, search it, print JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from desktop.core.loader import open_store, update_store
from desktop.core.search import MARK_END, MARK_START, search


def run_search(vault: Path, query: str, limit: int = 50) -> int:
    store = open_store(vault.resolve())
    try:
        update_store(vault.resolve(), store)
        results = search(store, query, limit)
    finally:
        store.close()
    out = {"results": [{"path": r.path, "title": r.title,
                        "snippet": r.snippet.replace(MARK_START, "**").replace(MARK_END, "**"),
                        "seconds": r.seconds, "url": r.url} for r in results]}
    sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
    return 0
