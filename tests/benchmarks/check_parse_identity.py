"""Check: what a cold load's workers hand the store (`loader._parse_for_store`: each note's `notes` row and search
text) is what another checkout's code gives, over whole vaults: byte for byte, but for the links and marks blobs,
compared as what they hold (each checkout reads its own).

    python tests/benchmarks/check_parse_identity.py VAULT... --out HASHES.txt [--repo CHECKOUT]
    python tests/benchmarks/check_parse_identity.py --compare A.txt B.txt

The first form writes one line per note (vault, path, SHA-256 of its row and text) with the code of `--repo`
(default: this checkout), run under that checkout's own Python (`/work/main/.venv/bin/python ... --repo
/work/main`); the second says which notes differ between two such files. A speed-up of the parse must leave
them all equal.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _digest(result, decoded) -> str:
    """SHA-256 of a `_parse_for_store` result: the row's fields and the search text, or the warning. The links
    and marks blobs are hashed as what they hold (`decoded`), so two checkouts that keep them in other forms
    (zlib and LZ4, JSON and an array) still compare."""
    if isinstance(result, tuple):
        row, text = result
        result = (row[:8] + decoded(row[8], row[9]) + row[10:], text)
    hasher = hashlib.sha256()
    hasher.update(repr(result).encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


def _decoder(store, search_text):
    """The links rows and marks of a row's two blobs, with the hashed checkout's own readers."""
    def decoded(links: bytes, marks: bytes) -> tuple:
        return store.packed_link_rows(links), search_text.note_marks(marks)
    return decoded


def write_hashes(vaults: list[Path], out: Path, repo: Path, timestamp_format: str | None) -> None:
    sys.path.insert(0, str(repo))
    from desktop.core import loader, search_text, store
    from desktop.core.vault import scan_vault

    assert Path(loader.__file__).resolve().is_relative_to(repo.resolve()), loader.__file__
    started = time.perf_counter()
    decoded = _decoder(store, search_text)
    count = 0
    with out.open("w", encoding="utf-8") as lines:
        for vault in vaults:
            files = [f for f in scan_vault(vault.resolve())[0] if f.is_note]
            for i in range(0, len(files), 200):
                chunk = files[i:i + 200]
                for file, result in zip(chunk, loader._parse_for_store(chunk, timestamp_format)):
                    lines.write(f"{vault}\t{file.path}\t{_digest(result, decoded)}\n")
                    count += 1
    print(f"{count} notes hashed with {repo} in {time.perf_counter() - started:.1f} s -> {out}")


def compare(first: Path, second: Path, what: str = "notes") -> int:
    """Which lines (vault, path) of two hash files differ; 1 if any (`check_render_identity` compares pages)."""
    def read(path: Path) -> dict[tuple[str, str], str]:
        return {tuple(line.split("\t")[:2]): line.split("\t")[2] for line in path.read_text("utf-8").splitlines()}

    a, b = read(first), read(second)
    differ = sorted(key for key in a.keys() | b.keys() if a.get(key) != b.get(key))
    for vault, path in differ[:20]:
        print(f"differs: {vault} {path}")
    print(f"{len(a)} and {len(b)} {what}; {len(differ)} differ")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("vaults", nargs="*", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--repo", type=Path, default=HERE.parents[1])
    parser.add_argument("--timestamp-format", default=None)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if not args.vaults or args.out is None:
        parser.error("give vaults and --out, or --compare A B")
    write_hashes(args.vaults, args.out, args.repo, args.timestamp_format)


if __name__ == "__main__":
    main()
