"""Loading a vault off the GUI thread: `load_vault` runs in the thread pool, results come back as signals.

The worker only calls the core; it never touches a widget. Signals cross to the GUI thread queued.
"""

from __future__ import annotations

import inspect
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.core import loader
from desktop.ui.signals import emit

log = logging.getLogger(__name__)


def load_vault_with_format(root: Path, progress, timestamp_format: str | None):
    """`load_vault(root, progress=…, timestamp_format=…)`: the user's reading of `a:b:c` stamps for this vault.

    The `timestamp_format` keyword is new in the core (issue #7). A core without it still loads the vault,
    with each note's own reading, and says so in the log.
    """
    load_vault = loader.load_vault
    if timestamp_format is None:
        return load_vault(root, progress=progress)
    try:
        accepts = "timestamp_format" in inspect.signature(load_vault).parameters
    except (TypeError, ValueError):
        accepts = True
    if not accepts:
        log.warning("this core's load_vault takes no timestamp_format; %r ignored for %s", timestamp_format, root)
        return load_vault(root, progress=progress)
    return load_vault(root, progress=progress, timestamp_format=timestamp_format)


class _LoadSignals(QObject):
    progress = Signal(int, int)
    loaded = Signal(object, object)  # root Path, VaultIndex
    failed = Signal(object, str)  # root Path, message


class _LoadJob(QRunnable):
    def __init__(self, root: Path, signals: _LoadSignals, timestamp_format: str | None = None) -> None:
        super().__init__()
        self.root = root
        self.signals = signals
        self.timestamp_format = timestamp_format

    def run(self) -> None:
        try:
            index = load_vault_with_format(
                self.root, lambda done, total: emit(self.signals.progress, done, total), self.timestamp_format)
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

    def load(self, root: Path, timestamp_format: str | None = None) -> None:
        """Load `root`; `timestamp_format` ("hms"/"msf") forces how its three-part stamps read."""
        self._wanted = root
        QThreadPool.globalInstance().start(_LoadJob(root, self._signals, timestamp_format))

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
