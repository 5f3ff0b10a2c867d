"""Check: each note's page (`render_note_page`: the whole HTML document the window shows) is byte for byte what
another checkout's code gives, over whole vaults or an even sample of them.

    python tests/benchmarks/check_render_identity.py VAULT... --out HASHES.txt [--repo CHECKOUT] [--every N]
    python tests/benchmarks/check_render_identity.py --compare A.txt B.txt

The first form writes one line per note (vault, path, SHA-256 of its page, its video strip included) rendered
with the code of `--repo`
(default: this checkout); `--every N` renders every Nth note of a vault (its index is always the whole vault,
so links resolve as in the app). Each run gets a cache folder of its own in /tmp. The second form says which
notes differ between two such files. A speed-up of the renderer must leave them all equal.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path


def write_hashes(vaults: list[Path], out: Path, repo: Path, every: int) -> None:
    sys.path.insert(0, str(repo))
    from desktop.core.loader import complete_note, load_vault
    from desktop.core.videos import VideoCatalog
    from desktop.render import pages
    from desktop.render.linker import AppLinker

    assert Path(pages.__file__).resolve().is_relative_to(repo.resolve()), pages.__file__
    started = time.perf_counter()
    count = 0
    render_seconds = 0.0
    with out.open("w", encoding="utf-8") as lines, tempfile.TemporaryDirectory() as tmp:
        for n, vault in enumerate(vaults):
            cache = Path(tmp) / str(n)
            index = load_vault(vault.resolve(), cache=cache, workers=2)
            videos = VideoCatalog.build(index)  # each page's video strip too, as the window shows it
            for path in sorted(index.notes)[::every]:
                note = complete_note(index, path, cache)
                begin = time.perf_counter()
                page = pages.render_note_page(index, path, AppLinker(), note=note, videos=videos)
                render_seconds += time.perf_counter() - begin
                digest = hashlib.sha256(page.html.encode("utf-8", "surrogatepass")).hexdigest()
                lines.write(f"{vault}\t{path}\t{digest}\n")
                count += 1
    print(f"{count} pages hashed with {repo} in {time.perf_counter() - started:.1f} s "
          f"({render_seconds:.1f} s rendering) -> {out}")


def compare(first: Path, second: Path) -> int:
    from check_parse_identity import compare as compare_lines  # this folder is the script's: on sys.path

    return compare_lines(first, second, "pages")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("vaults", nargs="*", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--every", type=int, default=1, help="render every Nth note of each vault")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if not args.vaults or args.out is None:
        parser.error("give VAULT... --out HASHES.txt, or --compare A B")
    write_hashes(args.vaults, args.out, args.repo, args.every)
    return 0


if __name__ == "__main__":
    sys.exit(main())
