"""A small vault for the graph tests: two channels, a root note, an orphan, two topics, two videos."""

from __future__ import annotations

from pathlib import Path

from desktop.core.index import VaultIndex
from tests.core.core_helpers import stamp, write

VID_A = "AAAAAAAAAAA"
VID_B = "BBBBBBBBBBB"
ALPHA, BETA, GAMMA = "chan_a/alpha.md", "chan_a/beta.md", "chan_b/gamma.md"
DELTA, EPSILON = "delta.md", "chan_b/epsilon.md"
CLIMATE, ECONOMICS = "climatechange", "economics"  # topic keys (`resolver.topic_key`)


def note(title: str, body: str, video: str | None = None) -> str:
    head = f"title: {title}\n" + (f"videoId: {video}\n" if video else "")
    return f"---\n{head}---\n{body}\n"


def write_vault(root: Path) -> Path:
    """alpha -> beta (twice), Climate Change, itself; beta -> climate_change (the same topic), gamma;
    gamma -> Economics and a stamp on video B; delta (at the root) -> gamma; epsilon links nothing."""
    write(root, ALPHA, note("Alpha", f"See [[beta]] {stamp('00:01:00')}. Then [[Climate Change]] and [[beta|B]].\n"
                                     f"Myself: [[alpha]].", video=VID_A))
    write(root, BETA, note("Beta", "Warming: [[climate_change]]. Next [[gamma]]."))
    write(root, GAMMA, note("Gamma", f"On [[Economics]], as said [01:00](https://youtu.be/{VID_B}?t=60)."))
    write(root, DELTA, note("Delta", "Read [[gamma]]."))
    write(root, EPSILON, note("Epsilon", "Nothing linked here."))
    return root


def small_index(root: Path) -> VaultIndex:
    return VaultIndex.build(write_vault(root), workers=1)
