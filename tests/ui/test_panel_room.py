"""The tree and the side column: a panel closed because the window was small comes back when there is room (in
this run and the next), one the reader closed stays closed until the reader opens it (View menu, its key), and
the keyboard never goes into a panel out of sight. Keys are pressed on the focused widget, as a reader would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.help_dialogs import shortcut_rows
from desktop.ui.panel_layout import PANEL_MIN, PanelLayout
from desktop.ui.panel_room import NOTE_MIN_WIDTH
from ui_helpers import open_window, settle, window_without_vault

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier




def fitted(sizes: list[int]) -> bool:
    """The note readable, no panel left a sliver."""
    return sizes[1] >= NOTE_MIN_WIDTH and all(size == 0 or size >= PANEL_MIN for size in sizes[::2])


def press(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the keyboard is (the window active, a widget of it focused)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


def quit_with_ctrl_q(qtbot, window) -> None:
    window.view.setFocus()
    press(qtbot, window, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible())


def reopen(qtbot, tmp_path, vault_root):
    """The next run: a new window on the same settings file (with the layout it remembers)."""
    return open_window(qtbot, tmp_path, vault_root, note="alpha")


@pytest.fixture
def small(qtbot, tmp_path, vault_root):
    """A first window on an 800×600 screen (the test platform's): no room for the side column."""
    window = open_window(qtbot, tmp_path, vault_root, note="alpha")
    settle(qtbot, window, 720, 540, lambda sizes: sizes[2] == 0 and sizes[1] >= NOTE_MIN_WIDTH)
    return window


def test_a_side_column_closed_for_room_comes_back_in_the_next_bigger_window(qtbot, tmp_path, vault_root, small):
    """QA: quit at 800×600 at once, start again on 1920×1080: the side column was gone for good (the
    splitter's state was saved with it at 0)."""
    quit_with_ctrl_q(qtbot, small)
    window = reopen(qtbot, tmp_path, vault_root)
    settle(qtbot, window, 1600, 1000, lambda sizes: sizes[0] > 0 and sizes[2] > 0)
    tree, note, side = window.main_splitter.sizes()
    assert tree >= PANEL_MIN and side >= PANEL_MIN
    assert window.side_panels_action.isChecked() and window.tree_action.isChecked()


def test_with_the_search_open_at_800_the_tree_comes_back_next_time(qtbot, tmp_path, vault_root, small):
    """QA: quitting at 800×600 with the Search dock open saved the tree at 0: the next start showed the note
    alone."""
    small.view.setFocus()
    press(qtbot, small, Qt.Key.Key_F, CTRL_SHIFT)
    qtbot.waitUntil(small.search_dock.isVisible)
    quit_with_ctrl_q(qtbot, small)
    window = reopen(qtbot, tmp_path, vault_root)
    window.search_dock.close()
    settle(qtbot, window, 1600, 1000, lambda sizes: sizes[0] > 0 and sizes[2] > 0)
    assert min(window.main_splitter.sizes()[::2]) >= PANEL_MIN


def test_the_view_menu_closes_and_opens_the_panels_and_the_choice_is_kept(qtbot, tmp_path, vault_root):
    window = open_window(qtbot, tmp_path, vault_root, note="alpha")
    settle(qtbot, window, 1400, 900, lambda sizes: sizes[0] > 0 and sizes[2] > 0)
    window.view.setFocus()
    press(qtbot, window, Qt.Key.Key_B, CTRL_SHIFT)  # View → Stamps and Backlinks
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[2] == 0)
    assert not window.side_panels_action.isChecked()
    settle(qtbot, window, 1500, 900)  # room to spare: a panel the reader closed stays closed
    assert window.main_splitter.sizes()[2] == 0
    quit_with_ctrl_q(qtbot, window)

    window = reopen(qtbot, tmp_path, vault_root)
    settle(qtbot, window, 1400, 900, lambda sizes: sizes[0] > 0)
    assert window.main_splitter.sizes()[2] == 0 and not window.side_panels_action.isChecked()
    press(qtbot, window, Qt.Key.Key_B, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[2] >= PANEL_MIN)
    assert window.side_panels_action.isChecked()
    window.tree_panel.note_tree.setFocus()
    press(qtbot, window, Qt.Key.Key_B, CTRL)  # View → Note Tree, the keyboard in the tree
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] == 0)
    assert not window.tree_action.isChecked()
    assert window.room.pane_of(QApplication.focusWidget()) == 1  # the keyboard went to the note, not lost
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] >= PANEL_MIN)


def test_the_panel_keys_are_listed_in_the_view_menu_and_f1(window_for_menus):
    rows = {label: (menu, keys) for menu, label, keys in shortcut_rows(window_for_menus)}
    assert rows["Note Tree"] == ("View", ["Ctrl+B"])
    assert rows["Stamps and Backlinks"] == ("View", ["Ctrl+Shift+B"])


@pytest.fixture
def window_for_menus(qtbot, tmp_path):
    return window_without_vault(qtbot, tmp_path)


def test_f6_reveals_the_panel_it_reaches_and_return_acts_only_on_what_is_seen(qtbot, small):
    """QA: at 800×600 (no side column) Ctrl+L then F6 four times, Down, Return played the 2nd stamp of the
    stamp list no one could see."""
    small.view.setFocus()
    press(qtbot, small, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(small.tree_panel.filter_edit.hasFocus)
    before = small.main_splitter.sizes()
    for _ in range(4):  # filter → notes → outline → note → stamps
        press(qtbot, small, Qt.Key.Key_F6)
    qtbot.waitUntil(small.stamp_panel.hasFocus)
    tree, note, side = small.main_splitter.sizes()
    assert side >= PANEL_MIN and small.stamp_panel.visibleRegion().boundingRect().width() >= PANEL_MIN
    assert note == before[1] and tree == 0  # no room for both: the side column takes the tree's place
    for _ in range(3):  # backlinks, local graph, and round to the filter: the tree takes its place back
        press(qtbot, small, Qt.Key.Key_F6)
    qtbot.waitUntil(small.tree_panel.filter_edit.hasFocus)
    assert small.main_splitter.sizes() == before
    press(qtbot, small, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)  # back to the local graph
    qtbot.waitUntil(lambda: small.room.pane_of(QApplication.focusWidget()) == 2)
    assert small.main_splitter.sizes()[1] == before[1]
    while not small.stamp_panel.hasFocus():
        press(qtbot, small, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, small, Qt.Key.Key_Down)
    current = small.stamp_panel.currentItem()
    assert current is not None
    assert small.stamp_panel.viewport().visibleRegion().contains(small.stamp_panel.visualItemRect(current).center())


def test_f6_skips_a_panel_the_reader_closed(qtbot, small):
    small.view.setFocus()
    assert not small.side_panels_action.isChecked()  # closed for room: the menu says it is not on screen
    press(qtbot, small, Qt.Key.Key_B, CTRL_SHIFT)  # opened by the reader
    qtbot.waitUntil(lambda: small.main_splitter.sizes()[2] >= PANEL_MIN)
    press(qtbot, small, Qt.Key.Key_B, CTRL_SHIFT)  # and closed by the reader
    qtbot.waitUntil(lambda: small.main_splitter.sizes()[2] == 0)
    assert small.room.is_hidden(2)
    seen = []
    for key in [Qt.Key.Key_F6] * 8:
        press(qtbot, small, key)
        seen.append(QApplication.focusWidget())
    for _ in range(8):
        press(qtbot, small, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
        seen.append(QApplication.focusWidget())
    assert all(small.room.pane_of(widget) != 2 for widget in seen)
    assert small.main_splitter.sizes()[2] == 0


def test_the_panel_with_the_keyboard_is_the_last_to_close_for_room(qtbot, small):
    small.view.setFocus()
    press(qtbot, small, Qt.Key.Key_B, CTRL_SHIFT)  # the side column opens beside the tree (the note narrows)
    qtbot.waitUntil(lambda: min(small.main_splitter.sizes()[::2]) >= PANEL_MIN)
    small.stamp_panel.setFocus()
    qtbot.waitUntil(small.stamp_panel.hasFocus)
    settle(qtbot, small, 700, 540, fitted)  # a narrower window: the tree goes, not the panel with the keyboard
    tree, _note, side = small.main_splitter.sizes()
    assert side > 0 and tree == 0


def test_panel_layout_kept_as_json_and_damaged_values_fall_back():
    layout = PanelLayout((250, 280), frozenset({2}))
    assert PanelLayout.from_json(layout.to_json()) == layout
    assert PanelLayout.from_json({"tree": 0, "side": "x", "hidden": "side"}) == PanelLayout()
    assert PanelLayout.from_json({"tree": 10**6, "side": True}) == PanelLayout()
    assert PanelLayout.from_json([300, 320]) is None


def test_at_800_the_search_and_the_tree_take_turns_in_the_left_of_the_window(qtbot, small):
    """QA: at 800×600 the Search panel squeezed the tree to ~20 px (Ctrl+L opened it as a sliver): the tree
    closes for the search, and Ctrl+L closes the search for the tree (its query kept), as tabs would."""
    small.view.setFocus()
    press(qtbot, small, Qt.Key.Key_F, CTRL_SHIFT)
    qtbot.waitUntil(lambda: small.search_panel.query_edit.hasFocus())
    qtbot.keyClicks(small.search_panel.query_edit, "gamma")
    qtbot.waitUntil(lambda: fitted(small.main_splitter.sizes()))
    assert small.search_panel.width() >= PANEL_MIN and small.view.width() >= NOTE_MIN_WIDTH
    for _ in range(6):  # F6 reaches only what can be seen, and leaves the search open
        press(qtbot, small, Qt.Key.Key_F6)
        assert fitted(small.main_splitter.sizes()) and small.search_dock.isVisible()
        pane = small.room.pane_of(QApplication.focusWidget())
        assert pane is None or small.room.is_shown(pane)  # None: the search panel, in its dock
    press(qtbot, small, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(small.tree_panel.filter_edit.hasFocus)
    tree, note, _side = small.main_splitter.sizes()
    assert tree >= PANEL_MIN and note >= NOTE_MIN_WIDTH and not small.search_dock.isVisible()
    assert small.tree_panel.filter_edit.visibleRegion().boundingRect().width() >= PANEL_MIN - 20
    press(qtbot, small, Qt.Key.Key_F, CTRL_SHIFT)
    qtbot.waitUntil(lambda: small.search_panel.query_edit.hasFocus())
    assert small.search_panel.query_edit.text() == "gamma"
    qtbot.waitUntil(lambda: fitted(small.main_splitter.sizes()))


def test_in_a_narrow_column_titles_are_whole_in_their_tooltips_and_headers_end_in_an_ellipsis(qtbot, small):
    """QA at 800×600: three tree rows read "Demographic a…" alike, and the outline's header was cut mid-word
    ("Outline: no headings on this p")."""
    tree = small.tree_panel.note_tree
    model = tree.model()
    row = model.index_of_path("alpha.md")
    assert model.data(row, Qt.ItemDataRole.ToolTipRole).splitlines() == ["Alpha Note", "alpha.md"]
    for panel in (small.outline_panel, small.backlinks_panel, small.stamp_panel):
        header = panel.header()
        text = "Outline: no headings on this page, a long header"
        assert header.fontMetrics().elidedText(text, header.textElideMode(), 150).endswith("…")


def test_a_panel_closed_by_the_reader_gives_its_room_back_to_the_other(qtbot, small):
    small.view.setFocus()
    tree = small.main_splitter.sizes()[0]
    press(qtbot, small, Qt.Key.Key_B, CTRL_SHIFT)  # the side column opens: the tree narrows for it
    qtbot.waitUntil(lambda: small.main_splitter.sizes()[2] >= PANEL_MIN)
    assert small.main_splitter.sizes()[0] < tree
    press(qtbot, small, Qt.Key.Key_B, CTRL_SHIFT)  # and closes: the tree has its width back
    qtbot.waitUntil(lambda: small.main_splitter.sizes()[2] == 0)
    assert small.main_splitter.sizes()[0] == tree


def test_an_older_versions_splitter_with_a_panel_at_0_opens_it_when_there_is_room(qtbot, tmp_path, vault_root):
    """Settings left by the version before: `splitter_main` saved at 800×600 with the side column at 0 (QA:
    `splitter_main=[0,532,0]` after a quit with the search open). That 0 was the room's, not the reader's."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QSplitter, QWidget

    old = QSplitter()
    for _ in range(3):
        old.addWidget(QWidget())
    old.setSizes([220, 532, 0])
    qtbot.addWidget(old)
    ini = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ini.setValue("window/splitter_main", old.saveState())
    ini.sync()
    window = open_window(qtbot, tmp_path, vault_root, note="alpha")
    settle(qtbot, window, 1600, 1000, lambda sizes: sizes[0] > 0 and sizes[2] > 0)
    assert min(window.main_splitter.sizes()[::2]) >= PANEL_MIN
    assert window.room.layout() == PanelLayout((220, 320))  # the tree's width as it was saved
    quit_with_ctrl_q(qtbot, window)
    assert not QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat).contains("window/splitter_main")


def test_an_older_versions_splitter_state_is_read_as_saved(qtbot):
    from PySide6.QtCore import QByteArray
    from PySide6.QtWidgets import QSplitter, QWidget

    from desktop.ui.panel_layout import from_splitter_state

    old = QSplitter()
    qtbot.addWidget(old)
    for _ in range(3):
        old.addWidget(QWidget())
    old.resize(1200, 600)
    old.show()
    qtbot.waitExposed(old)
    old.setSizes([198, 1200 - 198 - 2 * old.handleWidth(), 0])
    assert old.sizes()[::2] == [198, 0]
    assert from_splitter_state(old.saveState()) == PanelLayout((198, 320))  # the 0 the room made: the default
    assert from_splitter_state(QByteArray(b"\\x00\\x01garbage")) is None


def test_a_panel_dragged_shut_stays_shut_with_room_to_spare_and_next_time(qtbot, tmp_path, vault_root):
    from PySide6.QtCore import QPoint

    window = open_window(qtbot, tmp_path, vault_root, note="alpha")
    settle(qtbot, window, 1280, 800, lambda sizes: sizes[0] > 0 and sizes[2] > 0)
    handle = window.main_splitter.handle(2)  # between the note and the side column
    middle = handle.rect().center()
    far = middle + QPoint(window.main_splitter.sizes()[2] + 20, 0)
    with qtbot.waitSignal(window.main_splitter.splitterMoved):  # dragged to the window's right edge: shut
        qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=middle)
        qtbot.mouseMove(handle, far)
        qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=far)
    assert window.main_splitter.sizes()[2] == 0 and not window.side_panels_action.isChecked()
    settle(qtbot, window, 1600, 900)
    assert window.main_splitter.sizes()[2] == 0  # the reader's choice, not the room's
    quit_with_ctrl_q(qtbot, window)
    window = reopen(qtbot, tmp_path, vault_root)
    settle(qtbot, window, 1600, 900, lambda sizes: sizes[0] > 0)
    assert window.main_splitter.sizes()[2] == 0
    press(qtbot, window, Qt.Key.Key_B, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[2] == 320)  # at the width it had before
