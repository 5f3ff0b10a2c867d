"""The vault's warnings: counted in the status bar, listed with the file and the reason in View → Vault Warnings."""

from __future__ import annotations

import os
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from ui_helpers import open_window
from desktop.ui.warnings_dialog import WarningsDialog


@pytest.fixture
def odd_vault(tmp_path, vault_root):
    root = tmp_path / "odd"
    shutil.copytree(vault_root, root)
    with open(os.path.join(os.fsencode(root), b"bad\xff.md"), "w") as handle:  # a name that is not UTF-8
        handle.write("---\ntitle: Bad\n---\nunreadable name")
    os.mkfifo(root / "pipe.md")
    (root / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody of a note with broken YAML.\n")
    return root


def test_the_status_bar_counts_and_the_dialog_names_each_file_and_why(qtbot, tmp_path, odd_vault):
    window = open_window(qtbot, tmp_path, odd_vault)
    assert "⚠ 3 files with problems" in window.counts_label.text()
    assert window.warnings_action.isEnabled()

    window.counts_label.linkActivated.emit("#warnings")  # the "⚠ 3 files with problems" link in the status bar
    dialog = window.findChild(WarningsDialog)
    qtbot.waitExposed(dialog)
    rows = {dialog.table.topLevelItem(i).text(0): dialog.table.topLevelItem(i).text(1)
            for i in range(dialog.table.topLevelItemCount())}
    assert set(rows) == {"bad\\xff.md", "pipe.md", "broken.md"}
    assert "in 3 files of" in dialog.findChild(QLabel).text()  # the files the status bar counted
    assert "not valid UTF-8" in rows["bad\\xff.md"]
    assert "not a regular file" in rows["pipe.md"]
    assert "frontmatter" in rows["broken.md"].lower() or "yaml" in rows["broken.md"].lower()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)  # closes like any dialog
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_a_clean_vault_shows_no_warning_link(qtbot, tmp_path):
    vault_root = tmp_path / "clean"
    vault_root.mkdir()
    (vault_root / "a.md").write_text("---\ntitle: A\n---\nLinks to [[b]].\n")
    (vault_root / "b.md").write_text("---\ntitle: B\n---\nPlain.\n")
    window = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"), staged=False, watch=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.page_shown, timeout=20000):
        window.open_vault(vault_root)
    assert "⚠" not in window.counts_label.text()
    assert not window.warnings_action.isEnabled()


def test_a_long_path_leaves_the_problem_readable(qtbot, tmp_path):
    from desktop.core.index import VaultIndex
    from desktop.ui.warnings_dialog import FILE_SHARE

    root = tmp_path / "long"
    deep = root / ("a channel with a rather long folder name " * 2).strip() / "and another level below it"
    deep.mkdir(parents=True)
    (deep / "a_note_whose_file_name_is_as_long_as_the_generator_likes_to_make_them.md").write_text(
        "---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    dialog = WarningsDialog(VaultIndex.build(root))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    header = dialog.table.header()
    width = dialog.table.viewport().width()
    assert dialog.table.topLevelItemCount() == 1
    assert header.sectionSize(0) <= FILE_SHARE * dialog.width()
    assert header.sectionSize(1) >= width / 2  # the problem, not a sliver of it
    assert not dialog.table.wordWrap()  # a path wrapped at its "/" in a one-line row showed its folder alone
    assert dialog.table.textElideMode() == Qt.TextElideMode.ElideMiddle  # its file name stays in sight


def test_a_notes_row_opens_the_note_with_enter(qtbot, tmp_path, odd_vault):
    """QA: a row of Vault Warnings could not be opened: a reader wants to go to the note with the problem."""
    from desktop.render.navigation import Location

    window = open_window(qtbot, tmp_path, odd_vault)
    window.counts_label.linkActivated.emit("#warnings")
    dialog = window.findChild(WarningsDialog)
    qtbot.waitExposed(dialog)
    table = dialog.table
    row = next(table.topLevelItem(i) for i in range(table.topLevelItemCount())
               if table.topLevelItem(i).text(0) == "broken.md")
    table.setCurrentItem(row)
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.shown == Location("note", "broken.md")
    pipe = next(table.topLevelItem(i) for i in range(table.topLevelItemCount())
                if table.topLevelItem(i).text(0) == "pipe.md")
    assert pipe.data(0, Qt.ItemDataRole.UserRole) is None  # no note to open: nothing to go to
