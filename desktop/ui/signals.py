"""Emitting Qt signals from Python, working around a lost reference in PySide6 6.12 on Python < 3.12.

There `SignalInstance.emit()` returns True without taking a reference to it, so every emit from Python
drops one reference to True; after a few thousand signals Python frees True and aborts
("bool_dealloc: deallocating True or False"). Python 3.12 made True immortal, which hides the bug.
`emit()` gives the reference back when (and only when) this PySide has the bug.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _emit_drops_true() -> bool:
    """Measure instead of trusting version numbers: a fixed PySide keeps True's count steady."""
    if sys.version_info >= (3, 12):
        return False
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(lost, 0)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost == 8


EMIT_DROPS_TRUE = _emit_drops_true()


def emit(signal, *args) -> None:
    """`signal.emit(*args)`, with True's reference restored on PySide versions that lose it."""
    signal.emit(*args)
    if EMIT_DROPS_TRUE:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
