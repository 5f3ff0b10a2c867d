"""Following a video as it plays: which stamp is being said at a playback time."""

from __future__ import annotations

from collections.abc import Iterable


def playing_stamp(seconds_of: Iterable[int | None], playback: float) -> int | None:
    """The position of the stamp said last at or before `playback`: the latest second not past it (the first
    such position on a tie); None before the first stamp. `seconds_of`: each stamp's second, None for a stamp
    of no (or another) video."""
    best: tuple[int, int] | None = None  # (second, position)
    for i, second in enumerate(seconds_of):
        if second is not None and second <= playback and (best is None or second > best[0]):
            best = (second, i)
    return best[1] if best is not None else None
