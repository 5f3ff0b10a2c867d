"""Benchmark (issue #16): how long a hover preview's text takes, per kind, beside the floor, in one run.

    .venv/bin/python tests/benchmarks/bench_previews.py [VAULT]   (default: the shared sample vault)

Rows: `preview_for` on every note link (its first paragraph: the body read from disk, twice: a view keeps no
body on the index's notes), every topic, every video and every stamp of the vault's notes; median and worst in ms. Floor: reading
one note file's bytes (what a cold note preview cannot avoid). The popover waits 300 ms before asking, so
anything well under that is invisible to the reader.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from desktop.core.index import VaultIndex
from desktop.core.loader import complete_note
from desktop.render.linker import AppLinker
from desktop.render.previews import preview_for
from desktop.render.video_catalog import build_video_catalog

SAMPLE = Path("/work/shared/vaults/tubegraph-sample")


def timed(calls) -> list[float]:
    out = []
    for call in calls:
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(name: str, times: list[float]) -> None:
    print(f"{name:<34} n={len(times):>6}  median {statistics.median(times):7.3f} ms  worst {max(times):7.3f} ms")


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
    index = VaultIndex.build(root)
    videos = build_video_catalog(index)
    for note in index.notes.values():
        note.body = None  # as from the cache: the first preview reads the file
    linker = AppLinker()
    paths = list(index.notes)
    row("floor: read one note's bytes", timed([lambda p=p: (root / p).read_bytes() for p in paths]))
    row("note, body read from disk", timed([lambda p=p: preview_for(linker.note_href(p), index, videos, None)
                                            for p in paths]))
    row("note, read again (bodies not kept)", timed([lambda p=p: preview_for(linker.note_href(p), index, videos, None)
                                       for p in paths]))
    row("topic", timed([lambda k=k: preview_for(linker.topic_href(k), index, videos, None) for k in index.topics]))
    row("video", timed([lambda v=v: preview_for(linker.video_href(v.id), index, videos, None) for v in videos]))
    stamps = [(p, s.url) for p in paths for s in index.notes[p].stamps if s.url][:5000]
    shown = {p: complete_note(index, p) for p, _url in stamps}  # as the page source keeps the note on screen
    row("stamp (of the shown note)", timed([lambda p=p, u=u: preview_for(u, index, videos, shown[p])
                                            for p, u in stamps]))


if __name__ == "__main__":
    main()
