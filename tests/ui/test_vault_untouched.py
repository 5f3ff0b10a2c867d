"""A whole GUI session — load, navigate, search, change settings, close — leaves the vault exactly as it was."""

from __future__ import annotations


from vault_tree import tree_state
from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings




def test_gui_session_never_writes_into_the_vault(qtbot, tmp_path, fresh_vault, monkeypatch):
    monkeypatch.setattr("desktop.ui.navigation.QDesktopServices.openUrl", lambda url: None)
    before = tree_state(fresh_vault)
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    win.open_vault(fresh_vault)
    qtbot.waitUntil(lambda: win.index is not None and win.index.complete and win.shown is not None, timeout=10000)
    for location in (Location("note", "folder/beta.md"), Location("topic", "sometopic"),
                     Location("note", "folder/sub/gamma.md")):
        with qtbot.waitSignal(win.page_shown, timeout=5000):
            win.router.go(location)
    win.router.back()
    win.open_search()
    win.search_panel.query_edit.setText("gamma")
    win.search_panel.run_query()
    qtbot.waitUntil(lambda: bool(win.search_panel.results()), timeout=5000)
    win.stamp_panel.setFocus()
    win.close()
    assert tree_state(fresh_vault) == before
    assert not any(p.name.endswith((".sqlite3", ".ini", "-wal")) for p in fresh_vault.rglob("*"))


def test_two_windows_on_one_vault_both_load_and_follow_changes(qtbot, tmp_path, fresh_vault):
    windows = []
    for name in ("one", "two"):
        win = MainWindow(renderer="text", settings=AppSettings(tmp_path / f"{name}.ini"))
        qtbot.addWidget(win)
        win.show()
        win.open_vault(fresh_vault)
        windows.append(win)
    qtbot.waitUntil(lambda: all(w.index is not None and w.index.complete and not w.loader.busy for w in windows),
                    timeout=15000)
    assert [len(w.index.notes) for w in windows] == [3, 3]
    (fresh_vault / "new.md").write_text("# New\nMentions [[alpha]].\n", encoding="utf-8")
    qtbot.waitUntil(lambda: all("new.md" in w.index.notes for w in windows), timeout=8000)
    assert all("new.md" in [m.source for m in w.index.backlinks["alpha.md"]] for w in windows)


def test_the_open_vault_dialog_cannot_make_a_folder_in_the_vault(qtbot, tmp_path, fresh_vault):
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QToolButton

    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    win.open_vault(fresh_vault)
    qtbot.waitUntil(lambda: win.index is not None and win.index.complete and win.shown is not None, timeout=10000)
    before = tree_state(fresh_vault)
    seen = {}

    def look_at_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, look_at_the_dialog)
            return
        seen["folder"] = dialog.directory().absolutePath()
        seen["new folder"] = dialog.findChild(QToolButton, "newFolderButton").isEnabled()
        dialog.reject()

    QTimer.singleShot(0, look_at_the_dialog)
    qtbot.keyClick(win, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert seen == {"folder": str(fresh_vault.resolve()), "new folder": False}
    assert tree_state(fresh_vault) == before

