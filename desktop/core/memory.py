"""Building big indexes without the cyclic garbage collector getting in the way."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector while many objects are made (an index of 10k notes is ~10^6).

    Each few hundred new containers trigger a collection that walks the young objects, and the promotions
    set off full collections over everything alive: about 40% of loading an index. Any cyclic garbage
    made meanwhile is collected once the collector runs again. Safe across threads: it only re-enables a
    collector that was running when it paused it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def long_lived() -> Iterator[None]:
    """Build objects that live until the next load (an index): paused collector, then frozen out of its walks.

    Without the freeze the next collections (on whichever thread allocates next, often the GUI's) walk the
    whole new index: some 30 ms after a names stage at 10k notes, 185 ms for a full index. Frozen objects
    are still freed by reference counting when dropped, and an index holds no reference cycles (a test
    keeps it so); what stays frozen for good is only the odd cycle that was garbage at that moment.
    """
    with paused_gc():
        try:
            yield
        finally:
            gc.freeze()
