"""Building big indexes without the cyclic garbage collector getting in the way."""

from __future__ import annotations

import ctypes
import functools
import gc
import linecache
import sys
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
    release_free_memory()  # what came before (modules imported meanwhile) is not carried through the build
    with paused_gc():
        try:
            yield
        finally:
            gc.freeze()
            release_free_memory()


def release_free_memory() -> None:
    """Give back what a load leaves behind: the source lines of imported modules, and the C allocator's free
    pages (glibc's `malloc_trim`; nothing elsewhere). A millisecond's call at the end of a load.

    - `linecache` holds the text of every module whose source was asked for, for good. PySide's import hook
      asks for the source of every module imported after it (to see whether the module uses PySide): in the
      window 300 modules, 118k lines, some 10 MB. A traceback reads the few lines it shows again.
    - Building an index frees as much as it keeps (rows read from the cache, links decoded once): glibc only
      returns the top of its heap by itself, so the pages freed in between stayed in the resident memory.
    """
    linecache.clearcache()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has none)
        return None
