"""`note-reader VAULT --search QUERY`: bring the cached index up to date, search it, print JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from desktop.core.search import MARK_END, MARK_START, search_vault
from desktop.core.vault_settings import vault_timestamp_format


def run_search(vault: Path, query: str, limit: int = 50) -> int:
    """Print the results as JSON: from the cache, or from the notes read into memory when it cannot serve."""
    vault = vault.resolve()
    results = search_vault(vault, None, vault_timestamp_format(vault), query, limit, refresh=True)
    out = {"results": [{"path": r.path, "title": r.title,
                        "snippet": r.snippet.replace(MARK_START, "**").replace(MARK_END, "**"),
                        "seconds": r.seconds, "url": r.url} for r in results]}
    sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
    return 0
