"""The vault's warnings in one list: files skipped (odd names, FIFOs, unreadable) and notes read with problems.

The status bar counts them; this is where a reader sees which file and why, so "bad input gets a clear warning"
is something a user can act on (rename the file, fix the YAML), not a number.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
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


def counts_line(index: VaultIndex, notices: Sequence = ()) -> tuple[str, str]:
    """The status bar's counts (rich text: notes, topics, a link to this dialog when there is something to
    see) and its tooltip, for `index` and the vault's `notices` (live updates slow or off, its folder gone)."""
    warnings = warning_count(index)
    counts = f"{plural(len(index.notes), 'note')} · {plural(len(index.topics), 'topic')}"
    if not index.complete:
        counts = f"{plural(len(index.notes), 'note')} · reading…"
    # files, as the dialog counts them ("N problems in M files"): a note may have many problems
    said = [f"⚠ {plural(warnings, 'file')} with problems"] if warnings else []
    said += [f"⚠ {notice.short}" for notice in notices]
    link = f' · <a href="#warnings">{html.escape(" · ".join(said))}</a>' if said else ""
    tip = "; ".join(f"{notice.subject}: {notice.problem}" for notice in notices)
    tip = (tip + ". " if tip else "") + ("Show which files and why (View → Vault Warnings…)" if warnings else "")
    if notices and not warnings:
        tip += "More in View → Vault Warnings…"
    return html.escape(counts) + link, tip


def warning_count(index: VaultIndex) -> int:
    """Files the vault could not read plus notes read with problems (what the status bar counts)."""
    return len(index.warnings) + sum(1 for note in index.notes.values() if note.warnings)


class WarningsDialog(QDialog):
    """A read-only list of the vault's warnings; a row names the file as the vault shows it (bytes escaped).
    A note's row opens the note (double-click or Enter: `open_requested`)."""

    open_requested = Signal(str)  # the vault path of a note with problems

    def __init__(self, index: VaultIndex, parent: QWidget | None = None,
                 notices: Sequence = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Vault Warnings")
        rows = vault_warnings(index)
        files = len({path for path, _ in rows})
        said = "".join(f"{notice.subject}: {notice.problem}\n" for notice in notices)
        intro = QLabel(f"{said}{plural(len(rows), 'problem')} in {plural(files, 'file')} of {index.root}. The rest "
                       "of the vault reads normally; nothing here was changed on disk.")
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setHeaderLabels(["File", "Problem"])
        self.table.setRootIsDecorated(False)
        # a long path keeps its file name in sight: "folder/…name.md" (wrapped at its "/" in a one-line row, it
        # showed the folder alone: "_drpreetisharma/...")
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setAccessibleName("Vault warnings")
        # the vault's own state first (live updates, its folder), then its files
        for path, message in [*((n.subject, n.problem) for n in notices), *rows]:
            item = QTreeWidgetItem([path, message])
            openable = path in index.notes
            item.setData(0, Qt.ItemDataRole.UserRole, path if openable else None)
            item.setToolTip(0, f"{path}\n(double-click or Enter opens it)" if openable else path)
            item.setToolTip(1, message)
            self.table.addTopLevelItem(item)
        self.table.itemActivated.connect(self._activated)
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

    def _activated(self, item: QTreeWidgetItem) -> None:
        path = item.data(0, Qt.ItemDataRole.UserRole)
        if path:
            self.open_requested.emit(path)
