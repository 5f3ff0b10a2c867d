"""Benchmark (issue #14): splitting and loading every note's frontmatter, our way and python-frontmatter's.

    .venv/bin/python tests/benchmarks/bench_frontmatter.py [VAULT ...]

Ours: `core.frontmatter.split_frontmatter` (a regex split, PyYAML's C loader, the date and anchor-bomb guards).
python-frontmatter's handler API: `YAMLHandler.detect/split/load`, with the same C loader passed in (its
default is the pure-Python loader) and no guards. Timed over the notes' texts already in memory, best of 3;
the import time of each module is printed beside it (a fresh interpreter each).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def texts_of(vault: Path) -> list[str]:
    texts = []
    for folder, _, names in os.walk(vault):
        for name in names:
            if name.endswith(".md"):
                texts.append(Path(folder, name).read_text("utf-8", errors="replace"))
    return texts


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def import_ms(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print((time.perf_counter() - t) * 1000)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                cwd=REPO).stdout)


def main() -> None:
    import yaml
    from desktop.core.frontmatter import split_frontmatter

    try:
        import frontmatter
    except ImportError:
        sys.exit("python-frontmatter is not installed: pip install python-frontmatter")
    handler = frontmatter.YAMLHandler()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def theirs(texts: list[str]) -> None:
        for text in texts:
            if handler.detect(text):
                fm, _ = handler.split(text)
                handler.load(fm, Loader=loader)

    vaults = [Path(v) for v in sys.argv[1:]] or [Path("/tmp/note-reader-bench-10k"),
                                                REPO.parent / "shared" / "vaults" / "tubegraph-sample"]
    print(f"imports: desktop.core.frontmatter {import_ms('desktop.core.frontmatter'):.0f} ms, "
          f"frontmatter {import_ms('frontmatter'):.0f} ms")
    for vault in vaults:
        texts = texts_of(vault)
        ours = best_of(3, lambda: [split_frontmatter(t) for t in texts])
        other = best_of(3, lambda: theirs(texts))
        print(f"{vault.name}: {len(texts)} notes: ours {ours:.2f} s, python-frontmatter handler {other:.2f} s")


if __name__ == "__main__":
    main()
