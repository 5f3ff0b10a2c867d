"""The vault's warnings in one list: files skipped (odd names, FIFOs, unreadable) and notes read with problems.

The status bar counts them; this is where a reader sees which file and why, so "bad input gets a clear warning"
is something a user can act on (rename the file, fix the YAML), not a number.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, \
    QVBoxLayout, QWidget

from desktop.core.index import VaultIndex
from desktop.core.wording import plural

FILE_SHARE = 0.45  # of the list's width at most for the file column: the problem is what a reader came for

def vault_warnings(index: VaultIndex) -> list[tuple[str, str]]:
    """(file, problem) for every warning of the vault, files skipped first, then notes in path order."""
    rows = [(w.path, w.message) for w in sorted(index.warnings, key=lambda w: w.path)]
    for path in sorted(p for p, note in index.notes.items() if note.warnings):
        rows += [(path, message) for message in index.notes[path].warnings]
    return rows


def warning_count(index: VaultIndex) -> int:
    """Files the vault could not read plus notes read with problems (what the status bar counts)."""
    return len(index.warnings) + sum(1 for note in index.notes.values() if note.warnings)


class WarningsDialog(QDialog):
    """A read-only list of the vault's warnings; a row names the file as the vault shows it (bytes escaped)."""

    def __init__(self, index: VaultIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Vault Warnings")
        rows = vault_warnings(index)
        files = len({path for path, _ in rows})
        intro = QLabel(f"{plural(len(rows), 'problem')} in {plural(files, 'file')} of {index.root}. The rest of "
                       "the vault reads normally; nothing here was changed on disk.")
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setHeaderLabels(["File", "Problem"])
        self.table.setRootIsDecorated(False)
        # a long path keeps its file name in sight: "folder/…name.md" (wrapped at its "/" in a one-line row, it
        # showed the folder alone: "_drpreetisharma/...")
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setAccessibleName("Vault warnings")
        for path, message in rows:
            item = QTreeWidgetItem([path, message])
            item.setToolTip(0, path)
            item.setToolTip(1, message)
            self.table.addTopLevelItem(item)
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 360)
        # as wide as the longest path, up to FILE_SHARE: sized to its contents alone, a vault's long paths left
        # the problem column a few pixels ("invalid …")
        header.resizeSection(0, min(self.table.sizeHintForColumn(0), int(self.width() * FILE_SHARE)))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
