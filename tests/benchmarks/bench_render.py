"""Timings of rendering (not part of the test run): the seed note, a 3 MB note, and a whole-vault export,
beside the time it takes just to read every file of that vault once.

Run: .venv/bin/python tests/benchmarks/bench_render.py [vault]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.core.index import VaultIndex  # noqa: E402
from desktop.core.model import Note  # noqa: E402
from desktop.render.export import export_site  # noqa: E402
from desktop.render.linker import AppLinker  # noqa: E402
from desktop.render.pages import render_note_page  # noqa: E402

SEED = ROOT / "seeds"
SAMPLE = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/vaults/tubegraph-sample")


def best_of(n: int, fn) -> float:
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    seed_dir = SEED if SEED.is_dir() else Path("/work/shared/seeds")
    seed_index = VaultIndex.build(seed_dir, workers=1)
    seed_path = next(iter(seed_index.notes))
    t_seed = best_of(5, lambda: render_note_page(seed_index, seed_path, AppLinker()))
    print(f"seed note ({seed_index.notes[seed_path].size / 1024:.1f} KB): {t_seed * 1000:.1f} ms")

    # A 3 MB note: the seed's body repeated, read by the core like any note.
    with tempfile.TemporaryDirectory() as tmp:
        seed_note = seed_index.notes[seed_path]
        text = (seed_dir / seed_path).read_text(encoding="utf-8")
        head, body = text.split("---", 2)[1], seed_note.body
        big = f"---{head}---\n" + "\n\n".join(f"# Part {i}\n\n{body}" for i in range(3 * 1024 * 1024 // len(body) + 1))
        (Path(tmp) / "big.md").write_text(big, encoding="utf-8")
        big_index = VaultIndex.build(tmp, workers=1)
        note: Note = big_index.notes["big.md"]
        start = time.perf_counter()
        page = render_note_page(big_index, "big.md", AppLinker())
        t_big = time.perf_counter() - start
        print(f"3 MB note ({len(big.encode()) / 2**20:.2f} MB, {len(note.stamps)} stamps, {len(note.links)} links): "
              f"{t_big:.2f} s, page {len(page.html.encode()) / 2**20:.2f} MB")
        start = time.perf_counter()
        render_note_page(big_index, "big.md", AppLinker())
        print(f"3 MB note again (page cache): {(time.perf_counter() - start) * 1000:.2f} ms")

    start = time.perf_counter()
    total = 0
    for dirpath, _dirs, files in os.walk(SAMPLE):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as fh:
                total += len(fh.read())
    t_read = time.perf_counter() - start
    start = time.perf_counter()
    index = VaultIndex.build(SAMPLE)
    t_index = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        report = export_site(index, Path(out) / "site")
        t_export = time.perf_counter() - start
    print(f"vault {SAMPLE.name}: {len(index.notes)} notes, {total / 2**20:.1f} MB")
    print(f"  read every file once: {t_read * 1000:.0f} ms")
    print(f"  build the index:      {t_index:.2f} s")
    print(f"  export site:          {t_export:.2f} s ({report.notes} notes, {report.topics} topics, "
          f"{report.files} files, {len(report.errors)} errors)")


if __name__ == "__main__":
    main()
