"""Help: the keyboard shortcuts (read from the window's own actions, so the list cannot drift) and About."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

import desktop
from desktop.ui import graph_view

GRAPH_GROUP = "Graph (the Local graph pane, the Graph window)"


def action_label(action: QAction) -> str:
    """The action's menu text without its mnemonic marker and trailing ellipsis."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".").strip()


def _keys(action: QAction) -> list[str]:
    seen: list[str] = []
    for sequence in action.shortcuts():
        text = key_words(sequence)
        if text and text not in seen:
            seen.append(text)
    return seen


def key_words(sequence: QKeySequence) -> str:
    """How the list names `sequence`: as Qt does, a keyboard's own key of a name (the system's Back, Forward, Find,
    Help or Exit key) said to be a key ("Alt+Left or Back key", not "Alt+Left or Back")."""
    text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    named_key = text.isalpha() and len(text) > 1 and sequence.count() == 1
    return f"{text} key" if named_key else text


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, list[str]]]:
    """(menu, action, key sequences) of every action with a shortcut: the menus in order, then the window's
    own actions that no menu shows."""
    rows: list[tuple[str, str, list[str]]] = []
    listed: set[int] = set()

    def walk(menu: QMenu, title: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), title)
            elif not action.isSeparator() and id(action) not in listed:
                listed.add(id(action))
                if keys := _keys(action):
                    rows.append((title, action_label(action), keys))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), action_label(top))
    for action in window.actions():
        if id(action) not in listed and (keys := _keys(action)):
            rows.append(("Window", action_label(action), keys))
    return rows


def widget_key_rows() -> list[tuple[str, str, list[str]]]:
    """(group, action, keys) of the keys a widget reads itself while it has the focus (no action has them: the
    plain arrows pan the graph there and scroll elsewhere), from that widget's own table."""
    return [(GRAPH_GROUP, label, [keys]) for label, keys in graph_view.KEYS]


class ShortcutsDialog(QDialog):
    """Every shortcut of the window, grouped by menu, then the keys of the graph."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setObjectName("shortcuts")
        self.table = QTreeWidget()
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setColumnCount(2)
        self.table.setHeaderLabels(["Action", "Shortcut"])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, label, keys in shortcut_rows(window) + widget_key_rows():
            group = groups.get(menu)
            if group is None:
                group = groups[menu] = QTreeWidgetItem([menu, ""])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(False)
                self.table.addTopLevelItem(group)
            group.addChild(QTreeWidgetItem([label, "   or   ".join(keys)]))
        self.table.expandAll()
        self.table.setItemsExpandable(False)
        header = self.table.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        rows = sum(1 + self.table.topLevelItem(i).childCount() for i in range(self.table.topLevelItemCount()))
        row_height = self.table.sizeHintForRow(0) if rows else 20
        self.resize(440, min(row_height * rows + self.table.header().sizeHint().height() + 80, 720))

    def listed_keys(self) -> list[str]:
        """Every key sequence shown, as text (for tests and screen readers alike)."""
        out: list[str] = []
        for i in range(self.table.topLevelItemCount()):
            group = self.table.topLevelItem(i)
            for j in range(group.childCount()):
                out.extend(group.child(j).text(1).split("   or   "))
        return out


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent, "About Note Reader",
        f"<h3>Note Reader {desktop.__version__}</h3>"
        "<p>A fast reader for vaults of linked Markdown notes made from YouTube transcripts.</p>"
        "<p>It only reads the vault: nothing in it is ever changed.</p>"
        "<p>Press F1 for the keyboard shortcuts.</p>")
