"""Loading a vault off the GUI thread: `load_vault` runs in the thread pool, results come back as signals.

The worker only calls the core; it never touches a widget. Signals cross to the GUI thread queued.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.core.loader import load_vault
from desktop.ui.signals import emit


class _LoadSignals(QObject):
    progress = Signal(int, int)
    loaded = Signal(object, object)  # root Path, VaultIndex
    failed = Signal(object, str)  # root Path, message


class _LoadJob(QRunnable):
    def __init__(self, root: Path, signals: _LoadSignals) -> None:
        super().__init__()
        self.root = root
        self.signals = signals

    def run(self) -> None:
        try:
            index = load_vault(self.root, progress=lambda done, total: emit(self.signals.progress, done, total))
        except Exception as error:  # a vault we cannot read must not take the app down
            emit(self.signals.failed, self.root, f"{type(error).__name__}: {error}")
            return
        emit(self.signals.loaded, self.root, index)


class VaultLoader(QObject):
    """Starts loads and reports them; a load superseded by a newer one is dropped when it finishes."""

    progress = Signal(int, int)
    loaded = Signal(object, object)  # root Path, VaultIndex
    failed = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals = _LoadSignals(self)
        self._signals.progress.connect(self.progress)
        self._signals.loaded.connect(self._finished)
        self._signals.failed.connect(self._failed)
        self._wanted: Path | None = None

    def load(self, root: Path) -> None:
        self._wanted = root
        QThreadPool.globalInstance().start(_LoadJob(root, self._signals))

    @property
    def busy(self) -> bool:
        return self._wanted is not None

    def _finished(self, root: Path, index) -> None:
        if root == self._wanted:
            self._wanted = None
            emit(self.loaded, root, index)

    def _failed(self, root: Path, message: str) -> None:
        if root == self._wanted:
            self._wanted = None
            emit(self.failed, root, message)
