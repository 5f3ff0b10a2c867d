"""The window notices changes to its vault through `VaultWatcher`: native notification, and the poll fallback.

Each test waits for the watch to be in place, changes files while the window is idle, and waits on the
window's own signals for the change to show: no sleeping, no time limit beyond a bound for a broken watcher.
"""

from __future__ import annotations

import shutil

import pytest

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings

WAIT_MS = 30000  # a bound for a broken watcher only: each wait ends as soon as the change shows


def idle_window(qtbot, tmp_path, root, force_polling: bool) -> MainWindow:
    """A window showing alpha.md of `root` with its index complete and its watcher in place."""
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"), remember_layout=False)
    qtbot.addWidget(win)
    win.loader.force_polling = force_polling
    win.loader.poll_ms = 100
    win.show()
    win.open_vault(root, note="alpha.md")
    qtbot.waitUntil(lambda: win.index is not None and win.index.complete
                    and win.shown == Location("note", "alpha.md"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: win.loader.watcher is not None and win.loader.watcher.wait_started(0), timeout=WAIT_MS)
    assert not win.loader.busy
    return win


@pytest.mark.parametrize("force_polling", [False, True], ids=["native", "poll"])
def test_a_note_changed_added_or_removed_while_idle_is_shown(qtbot, tmp_path, fresh_vault, force_polling):
    root = fresh_vault.resolve()
    win = idle_window(qtbot, tmp_path, root, force_polling)
    assert win.loader.watcher.mode == ("poll" if force_polling else "native")

    with qtbot.waitSignal(win.page_shown, timeout=WAIT_MS):
        (root / "alpha.md").write_text("---\ntitle: Alpha Note\n---\nRewritten while idle, about comets.\n",
                                       encoding="utf-8")
    qtbot.waitUntil(lambda: "Rewritten while idle, about comets" in win.view.toPlainText(), timeout=WAIT_MS)

    with qtbot.waitSignal(win.vault_loaded, timeout=WAIT_MS,
                          check_params_cb=lambda index: "delta.md" in index.notes):
        (root / "delta.md").write_text("---\ntitle: Delta Added\n---\nDelta mentions [[alpha]].\n", encoding="utf-8")
    assert win.index.notes["delta.md"].title == "Delta Added"
    assert "delta.md" in [m.source for m in win.index.backlinks["alpha.md"]]

    with qtbot.waitSignal(win.vault_loaded, timeout=WAIT_MS,
                          check_params_cb=lambda index: "folder/beta.md" not in index.notes):
        (root / "folder" / "beta.md").unlink()
    assert "delta.md" in win.index.notes and "alpha.md" in win.index.notes


def test_the_watcher_stops_when_the_window_closes(qtbot, tmp_path, fresh_vault):
    root = fresh_vault.resolve()
    win = idle_window(qtbot, tmp_path, root, force_polling=False)
    watcher = win.loader.watcher
    assert watcher.running
    win.close()
    assert not watcher.running and watcher.mode is None
    assert win.loader.watcher is None


def test_opening_another_vault_stops_watching_the_first(qtbot, tmp_path, fresh_vault):
    first = fresh_vault.resolve()
    second = (tmp_path / "second").resolve()
    shutil.copytree(first, second, symlinks=True)
    win = idle_window(qtbot, tmp_path, first, force_polling=False)
    old = win.loader.watcher
    with qtbot.waitSignal(win.vault_loaded, timeout=WAIT_MS, check_params_cb=lambda index: index.complete):
        win.open_vault(second)
    assert not old.running
    assert win.loader.watcher is not None and win.loader.watcher.root == second
    qtbot.waitUntil(lambda: win.loader.watcher.wait_started(0), timeout=WAIT_MS)
    with qtbot.waitSignal(win.vault_loaded, timeout=WAIT_MS,
                          check_params_cb=lambda index: "zeta.md" in index.notes):
        (second / "zeta.md").write_text("# Zeta\n", encoding="utf-8")
    assert win.root == second


def test_the_vault_folder_going_away_keeps_the_window_and_it_reloads_when_back(qtbot, tmp_path, fresh_vault):
    """QA: `mv vault vault_gone` with the window open quit the app (rc 2, "cannot open the vault"). The window
    keeps what it read, says the folder is gone (status bar, Vault Warnings), and reads it again when back."""
    root = fresh_vault.resolve()
    win = idle_window(qtbot, tmp_path, root, force_polling=False)
    failures = []
    win.vault_failed.connect(failures.append)
    notes = set(win.index.notes)
    away = root.with_name("vault_gone")
    root.rename(away)
    qtbot.waitUntil(lambda: "vault folder not found" in win.counts_label.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not win.loader.busy, timeout=WAIT_MS)
    assert failures == [] and win.isVisible()
    assert set(win.index.notes) == notes and win.shown == Location("note", "alpha.md")
    assert win.warnings_action.isEnabled()
    assert [notice.subject for notice in win.loader.notices()] == ["Vault folder"]

    with qtbot.waitSignal(win.vault_loaded, timeout=WAIT_MS,
                          check_params_cb=lambda index: "epsilon.md" in index.notes):
        (away / "epsilon.md").write_text("# Epsilon, written while the folder was away\n", encoding="utf-8")
        away.rename(root)
    qtbot.waitUntil(lambda: win.loader.notices() == [], timeout=WAIT_MS)
    assert "vault folder" not in win.counts_label.text()
    assert failures == []
    with qtbot.waitSignal(win.vault_loaded, timeout=WAIT_MS,
                          check_params_cb=lambda index: "zeta.md" in index.notes):  # watched again
        (root / "zeta.md").write_text("# Zeta\n", encoding="utf-8")


def test_polling_and_a_stopped_watch_are_told_in_the_status_bar_and_the_warnings(qtbot, tmp_path, fresh_vault):
    """QA: nothing told the user that live updates were slow (polling) or off."""
    from desktop.ui.warnings_dialog import WarningsDialog

    root = fresh_vault.resolve()
    win = idle_window(qtbot, tmp_path, root, force_polling=True)
    qtbot.waitUntil(lambda: "live updates slow" in win.counts_label.text(), timeout=WAIT_MS)
    win.counts_label.linkActivated.emit("#warnings")
    dialog = win.findChild(WarningsDialog)
    rows = [(dialog.table.topLevelItem(i).text(0), dialog.table.topLevelItem(i).text(1))
            for i in range(dialog.table.topLevelItemCount())]
    assert rows[0][0] == "Live updates" and "checked every" in rows[0][1]

    win.loader._signals.watch_mode.emit(root, None, "RuntimeError: the backend died")  # as the watcher reports it
    qtbot.waitUntil(lambda: "live updates off" in win.counts_label.text(), timeout=WAIT_MS)
    assert "the backend died" in win.statusBar().currentMessage()


def test_a_live_reload_leaves_no_loading_message(qtbot, tmp_path, fresh_vault):
    """QA: "Loading <vault>: N/N notes" stayed in the status bar after every live reload."""
    root = fresh_vault.resolve()
    win = idle_window(qtbot, tmp_path, root, force_polling=False)
    progress = []
    win.loader.progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(win.vault_loaded, timeout=WAIT_MS, check_params_cb=lambda index: "eta.md" in index.notes):
        (root / "eta.md").write_text("# Eta\n", encoding="utf-8")
    assert progress  # the reload did say how far it was
    assert not win.statusBar().currentMessage().startswith("Loading")
