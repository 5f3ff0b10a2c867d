"""Generate a large vault for benchmarks by remixing the shared sample's real notes.

    python tests/benchmarks/make_vault.py OUT --notes 10000 [--target-mb 120]

Each generated note keeps a real note's text (stamps, links, sentences) under a new hash-like file name in
one of ~50 channel folders, and some of its links are pointed at other generated notes so that resolution,
backlinks and topics all do real work. Deterministic (seeded).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "vaults" / "tubegraph-sample"
LINK = re.compile(r"\[\[([^\]|]+?)(\s*\|[^\]]*)?\]\]")


def load_sample(sample: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(sample.rglob("*.md"))]


def make_vault(out: Path, notes: int, target_mb: float, sample: Path = SAMPLE, seed: int = 7) -> None:
    rng = random.Random(seed)
    texts = [t for t in load_sample(sample) if "yt-timestamp" in t]
    per_note = target_mb * 1024 * 1024 / notes
    stems = [f"{i:05d}_{hashlib.sha1(str(i).encode()).hexdigest()[:12]}" for i in range(notes)]
    titles = [f"Generated note {i}" for i in range(notes)]
    for i, stem in enumerate(stems):
        parts, size = [], 0
        while size < per_note:
            text = rng.choice(texts)
            body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
            parts.append(body)
            size += len(body)
        video = hashlib.md5(stem.encode()).hexdigest()[:11]

        def relink(match: re.Match[str]) -> str:
            if rng.random() < 0.5:
                j = rng.randrange(notes)
                target = stems[j] if rng.random() < 0.5 else titles[j]
                return f"[[{target}{match.group(2) or ''}]]"
            return match.group(0)

        body = LINK.sub(relink, "\n\n".join(parts))
        folder = out / f"channel_{i % 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{stem}.md").write_text(
            f"---\ntitle: {titles[i]}\nvideoId: {video}\n---\n\n{body}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--target-mb", type=float, default=120)
    args = parser.parse_args()
    make_vault(args.out, args.notes, args.target_mb)


if __name__ == "__main__":
    main()
