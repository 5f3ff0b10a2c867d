"""The Qt binding keeps Python's reference counts: a binding that drops them crashes the app after a while.

PySide6 6.12.0 on Python 3.11 loses a reference to None on every call of a C++ method returning void, and to
True on every signal emit; after some tens of thousands of calls Python aborts ("deallocating None").
pyproject.toml excludes it; this test fails if such a binding is installed anyway.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTreeWidgetItem


class _Probe(QObject):
    ping = Signal()


def test_void_calls_and_emits_keep_reference_counts(qapp):
    item = QTreeWidgetItem(["a", "b"])
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(500):
        item.setToolTip(0, "tip")
        probe.ping.emit()
    assert sys.getrefcount(None) - none_before > -50
    assert sys.getrefcount(True) - true_before > -50
