"""Timings of the video catalog and the video page (not part of the test run), beside the floor.

    python tests/benchmarks/bench_videos.py [--vault PATH ...] [--cache DIR]

Default vaults: the shared sample and the generated 20k vault (`/tmp/note-reader-bench-20k`, made by
make_vault.py if missing). The index is loaded as the app has it after a warm start (stamps still zlib
JSON in the notes); `--cache` keeps the cache between runs (a cold first load of 20k takes a minute or more).

Figures, each the best of several runs in this one process, wall time:
- floor: reading every file of the vault once (bench_index.floor);
- catalog from spans: `VideoCatalog.build` with per-note spans computed here;
- catalog from what the index keeps: `VideoCatalog.build(index, index.video_links(), index.video_spans())`,
  as the app builds it (issue #14: the indexer keeps both per note), no body read and no stamp decoded;
- catalog decoding stamps: the same without spans (every note's stamps decoded: what spans avoid);
- video links read from bodies: `read_video_links` (every body read: what the index keeping them avoids);
- the most-cited video's page: `render_video_page` from a fresh catalog entry (its notes' stamps decoded,
  merged, timeline and outline rendered), the goal being under 100 ms from the click;
- its note strip: `note_strip` for one of its notes (the entry already merged).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_index import SAMPLE, floor  # noqa: E402

from desktop.core.loader import load_vault  # noqa: E402
from desktop.core.videos import VideoCatalog, _stamps_of, note_video_spans, read_video_links  # noqa: E402
from desktop.render.linker import AppLinker  # noqa: E402
from desktop.render.timeline import note_strip  # noqa: E402
from desktop.render.video_page import render_video_page  # noqa: E402

BIG = Path(tempfile.gettempdir()) / "note-reader-bench-20k"


def best_of(n: int, fn, prepare=lambda: None) -> float:
    """The fastest of `n` runs of `fn(prepare())`: `prepare` runs untimed before each."""
    best = float("inf")
    for _ in range(n):
        arg = prepare()
        start = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - start)
    return best


def bench(vault: Path, cache: Path) -> list[tuple[str, float, str]]:
    floor(vault)  # warm the page cache so every figure below reads from memory alike
    rows = [("floor (read every file)", floor(vault), "")]
    start = time.perf_counter()
    index = load_vault(vault, cache=cache)
    rows.append(("load_vault (for reference, not part of the page)", time.perf_counter() - start, ""))
    index = load_vault(vault, cache=cache)  # warm: notes as the cache hands them over (stamps undecoded)

    start = time.perf_counter()
    links = read_video_links(index)
    rows.append(("video links read from bodies", time.perf_counter() - start,
                 f"{sum(map(len, links.values()))} links in {len(links)} notes"))

    start = time.perf_counter()
    decoded = VideoCatalog.build(index, links)
    rows.append(("catalog decoding every note's stamps", time.perf_counter() - start, f"{len(decoded)} videos"))

    spans = {p: note_video_spans(n.video_id, _stamps_of(n)) for p, n in index.notes.items()}
    catalog = VideoCatalog.build(index, links, spans)
    assert catalog.for_inspect() == decoded.for_inspect()
    rows.append(("catalog from spans", best_of(5, lambda _: VideoCatalog.build(index, links, spans)), ""))
    kept = VideoCatalog.build(index, index.video_links(), index.video_spans())
    assert kept.for_inspect() == decoded.for_inspect()
    rows.append(("catalog from the links and spans the index keeps",
                 best_of(5, lambda _: VideoCatalog.build(index, index.video_links(), index.video_spans())), ""))

    video = catalog.most_cited()
    linker = AppLinker()

    def fresh_entry(_=None):
        return VideoCatalog.build(index, links, spans).get(video.id)

    def page(entry) -> None:
        render_video_page(entry, index.notes, note_href=linker.note_href, highlight_note=entry.all_notes[0])

    size = len(render_video_page(fresh_entry(), index.notes, note_href=linker.note_href).html)
    rows.append(("most-cited video's page (merge + render)", best_of(7, page, fresh_entry),
                 f"{video.id}: {len(video.all_notes)} notes, {video.stamp_count} stamps, page {size / 1024:.0f} KB"))
    merged = fresh_entry()
    merged.stamps  # noqa: B018 - merged once, as the open note's page would have it
    def strip(entry) -> None:
        note_strip(entry, entry.all_notes[0], video_href=lambda v: v, stamp_href=lambda v, s: v)

    rows.append(("its note strip", best_of(7, strip, lambda: merged), ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", type=Path, action="append")
    parser.add_argument("--cache", type=Path, help="index cache folder kept between runs")
    args = parser.parse_args()
    vaults = args.vault
    if not vaults:
        if not BIG.exists():
            subprocess.run([sys.executable, str(HERE / "make_vault.py"), str(BIG), "--notes", "20000",
                            "--target-mb", "180"], check=True)  # as bench_scale makes it
        vaults = [SAMPLE, BIG]
    with tempfile.TemporaryDirectory() as temporary:
        cache = args.cache or Path(temporary)
        for vault in vaults:
            print(f"\n## {vault}")
            for name, seconds, note in bench(vault, cache):
                print(f"{name:50s} {seconds * 1000:10.1f} ms  {note}")


if __name__ == "__main__":
    main()
