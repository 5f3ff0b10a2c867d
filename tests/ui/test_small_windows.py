"""Small windows: the note keeps a readable width; side panels narrow, then collapse, first; with the search
panel open the note stays in sight; given room again, the panels come back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.ui.main_window import NOTE_MIN_WIDTH
from ui_helpers import open_window, settle


@pytest.fixture
def window(qtbot, tmp_path, vault_root):
    return open_window(qtbot, tmp_path, vault_root)




def test_at_800_by_600_the_note_stays_readable(qtbot, window):
    settle(qtbot, window, 1280, 800, lambda sizes: sizes[0] > 0 and sizes[2] > 0)  # room: both panels open
    wide = window.main_splitter.sizes()
    settle(qtbot, window, 800, 600, lambda sizes: sizes[1] >= NOTE_MIN_WIDTH)
    tree, note, side = window.main_splitter.sizes()
    assert window.view.width() >= NOTE_MIN_WIDTH and note >= NOTE_MIN_WIDTH
    assert tree < wide[0] or side < wide[2]  # the panels gave way
    assert tree > 0  # the tree narrowed but is still there at 800


def test_with_search_open_the_note_stays_in_sight(qtbot, window):
    settle(qtbot, window, 800, 600)
    window.open_search()
    qtbot.waitUntil(window.search_dock.isVisible)
    settle(qtbot, window, 800, 600, lambda sizes: sizes[1] >= NOTE_MIN_WIDTH)
    assert window.view.isVisible() and window.view.width() >= NOTE_MIN_WIDTH
    assert window.search_panel.width() > 100
    window.search_dock.hide()
    settle(qtbot, window, 1600, 1000, lambda sizes: sizes[0] > 0 and sizes[2] > 0)
    tree, note, side = window.main_splitter.sizes()
    assert tree > 0 and side > 0  # room again: what collapsed is back


def test_the_first_window_fits_a_screen_smaller_than_its_default_size(qtbot, tmp_path):
    from PySide6.QtCore import QSize

    from desktop.ui.main_window import DEFAULT_SIZE, MainWindow
    from desktop.ui.settings import AppSettings
    from desktop.ui.window_size import fitting_size

    window = MainWindow(renderer="text", settings=AppSettings(tmp_path / "fresh.ini"), staged=False, watch=False)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry().size()
    assert available.width() < DEFAULT_SIZE[0]  # the test platform's screen: 800 wide
    assert (window.width(), window.height()) == fitting_size(available, DEFAULT_SIZE)
    assert window.width() <= available.width() and window.height() <= available.height()
    assert fitting_size(QSize(1920, 1080), DEFAULT_SIZE) == DEFAULT_SIZE  # a big screen: the full default size


def test_closing_the_search_gives_the_panels_back_the_width_they_gave_it(qtbot, window):
    """In the real vault's window the backlinks column stayed 160 px wide after the search panel closed."""
    settle(qtbot, window, 1280, 800, lambda sizes: sizes[0] > 0 and sizes[2] > 0)
    tree, _note, side = window.main_splitter.sizes()
    window.open_search()
    qtbot.waitUntil(window.search_dock.isVisible)
    # the panels gave way (the tree first: the search stands in for it)
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] < tree or window.main_splitter.sizes()[2] < side,
                    timeout=5000)
    window.search_dock.close()
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] >= tree and window.main_splitter.sizes()[2] >= side,
                    timeout=5000)


def test_a_width_dragged_by_hand_is_the_one_given_back(qtbot, window):
    from PySide6.QtCore import QPoint

    settle(qtbot, window, 1280, 800, lambda sizes: sizes[0] > 0 and sizes[2] > 0)
    side = window.main_splitter.sizes()[2]
    handle = window.main_splitter.handle(2)  # between the note and the side column
    middle = handle.rect().center()
    with qtbot.waitSignal(window.main_splitter.splitterMoved):
        qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=middle)
        qtbot.mouseMove(handle, middle + QPoint(60, 0))
        qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=middle + QPoint(60, 0))
    dragged = window.main_splitter.sizes()[2]
    assert dragged < side
    tree = window.main_splitter.sizes()[0]
    window.open_search()
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] < tree or window.main_splitter.sizes()[2] < dragged,
                    timeout=5000)  # the panels gave way
    window.search_dock.close()
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[2] >= dragged, timeout=5000)
    settle(qtbot, window, 1281, 800)  # another pass of fitting: still the dragged width, not the first one
    assert window.main_splitter.sizes()[2] == dragged


def test_a_first_window_on_a_small_screen_keeps_the_tree(qtbot, tmp_path, vault_root):
    """On an 800-wide screen the window starts 720 wide: the splitter first gave the tree a few pixels under the
    narrowest a panel gets, and the tree was closed while the side column stayed."""
    from desktop.ui.panel_room import PANEL_MIN

    window = open_window(qtbot, tmp_path, vault_root)
    assert window.width() < 800
    # fitted: no pane left a sliver under the narrowest a panel gets
    qtbot.waitUntil(lambda: 0 in window.main_splitter.sizes() or min(window.main_splitter.sizes()[::2]) >= PANEL_MIN)
    tree, note, side = window.main_splitter.sizes()
    assert tree >= PANEL_MIN  # the tree stays; the side column gives way first


@pytest.mark.parametrize("size", [(1280, 800), (800, 600)])
def test_ctrl_l_opens_a_tree_dragged_shut_and_puts_the_cursor_in_its_filter(qtbot, window, size):
    from PySide6.QtCore import QPoint

    settle(qtbot, window, *size, lambda sizes: sizes[0] > 0)
    handle = window.main_splitter.handle(1)  # between the tree and the note
    middle = handle.rect().center()
    with qtbot.waitSignal(window.main_splitter.splitterMoved):  # dragged to the window's left edge: shut
        qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=middle)
        qtbot.mouseMove(handle, middle - QPoint(window.main_splitter.sizes()[0] + 20, 0))
        qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton,
                           pos=middle - QPoint(window.main_splitter.sizes()[0] + 20, 0))
    assert window.main_splitter.sizes()[0] == 0
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.tree_panel.filter_edit.hasFocus(), timeout=5000)
    tree, note, _side = window.main_splitter.sizes()
    assert tree >= 150 and window.tree_panel.filter_edit.width() > 100
    assert note >= NOTE_MIN_WIDTH


def test_in_a_small_window_the_search_opens_wide_enough_for_its_results(qtbot, tmp_path):
    """At 180 px (a quarter of the 720 px first window on an 800 px screen) a result's title broke a word per
    line and cut the longer ones ("implicatio"): the search takes what the note leaves, up to its width."""
    from desktop.ui.main_window import SEARCH_WIDTH, search_width

    assert search_width(720) >= 270  # the note keeps NOTE_MIN_WIDTH beside it; the tree gives way
    assert 720 - search_width(720) >= NOTE_MIN_WIDTH
    assert search_width(1280) == search_width(1920) == SEARCH_WIDTH  # a wide window: its usual width


def test_a_panel_a_small_window_closed_for_room_comes_back_in_a_bigger_one_next_time(qtbot, tmp_path, vault_root):
    """The layout was saved with the side column 0 wide: on a bigger screen the next start it stayed closed (only a
    panel closed for room in that same window came back)."""
    small = open_window(qtbot, tmp_path, vault_root)
    settle(qtbot, small, 600, 500, lambda sizes: sizes[2] == 0)  # the side column closed for room
    small.close()  # saves the layout, as Ctrl+Q does
    big = open_window(qtbot, tmp_path, vault_root)
    assert big.main_splitter.sizes()[2] == 0  # as it was left
    settle(qtbot, big, 1400, 900, lambda sizes: sizes[2] > 0)  # room: it comes back


def test_a_panel_dragged_shut_stays_shut_next_time(qtbot, tmp_path, vault_root):
    from PySide6.QtCore import QPoint

    first = open_window(qtbot, tmp_path, vault_root)
    settle(qtbot, first, 1280, 800, lambda sizes: sizes[2] > 0)
    handle = first.main_splitter.handle(2)  # between the note and the side column, dragged to the window's edge
    start = handle.rect().center()
    end = start + QPoint(first.width(), 0)
    with qtbot.waitSignal(first.main_splitter.splitterMoved):
        qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(handle, end)
        qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(lambda: first.main_splitter.sizes()[2] == 0)
    first.close()
    again = open_window(qtbot, tmp_path, vault_root)
    settle(qtbot, again, 1400, 900)
    assert again.main_splitter.sizes()[2] == 0  # the reader's choice, not room


@pytest.mark.parametrize("width", [1152, 1280])
def test_with_the_search_open_in_a_middle_sized_window_the_tree_gives_way_not_both_panels(qtbot, window, width):
    """QA at 1280×800 (a 1152×720 window): the search squeezed the tree and the side column to 150 px each,
    tree rows all "Potentia…", backlinks a word a line. Now the tree closes for the search and the side column
    keeps a usable width; closing the search brings the tree back."""
    from desktop.ui.panel_layout import NOTE_COMFORT, PANEL_SHARED

    settle(qtbot, window, width, 720, lambda sizes: sizes[0] > 0 and sizes[2] > 0)
    window.view.setFocus()
    qtbot.keyClick(window.view.focusProxy() or window.view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.search_panel.query_edit.hasFocus())
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] == 0 and window.main_splitter.sizes()[2] >= PANEL_SHARED
                    and window.main_splitter.sizes()[1] >= NOTE_COMFORT)  # settled: the tree closed, not the rest
    window.search_dock.close()
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] >= PANEL_SHARED and window.main_splitter.sizes()[2] > 0)


def test_shrunk_to_its_smallest_and_back_the_window_has_its_layout_back(qtbot, window):
    """QA: at 1152×720 with the search open, shrunk to the minimum and back: the side column stayed closed
    (the tree took its room) and the search panel stayed narrow, its results a word a line."""
    from desktop.ui.panel_layout import PANEL_SHARED

    settle(qtbot, window, 1152, 720, lambda sizes: sizes[0] > 0 and sizes[2] > 0)
    window.open_search()
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[0] == 0 and window.main_splitter.sizes()[2] > 0)
    before_search = window.search_panel.width()
    settle(qtbot, window, 600, 400)
    qtbot.waitUntil(lambda: window.main_splitter.sizes()[2] == 0)
    settle(qtbot, window, 1152, 720, lambda sizes: sizes[2] >= PANEL_SHARED)
    assert window.main_splitter.sizes()[0] == 0
    qtbot.waitUntil(lambda: window.search_panel.width() >= before_search - 10)


def _drag(window, start: QPoint, end: QPoint) -> None:
    """A drag with the left button held (QTest's moves carry no button: Qt's separators ignore them)."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    steps = [QPointF(start + (end - start) * i / 10) for i in range(11)]
    events = ([(QEvent.Type.MouseButtonPress, steps[0], left, left)]
              + [(QEvent.Type.MouseMove, point, none, left) for point in steps[1:]]
              + [(QEvent.Type.MouseButtonRelease, steps[-1], left, none)])
    for kind, point, button, buttons in events:
        QApplication.sendEvent(window, QMouseEvent(kind, point, window.mapToGlobal(point), button, buttons,
                                                   Qt.KeyboardModifier.NoModifier))
        QApplication.processEvents()  # the window moves its separator on a timer of its own


def test_the_width_the_reader_drags_the_search_panel_to_is_the_one_a_bigger_window_gives_back(qtbot, window):
    """QA: dragged wider, then the window shrunk and grown again, the search panel went back to the width it
    opened with, not the one the reader chose."""
    from desktop.ui.main_window import SEARCH_WIDTH

    settle(qtbot, window, 2000, 900)
    window.open_search()
    qtbot.waitUntil(lambda: window.search_dock.isVisible() and window.search_dock.width() == SEARCH_WIDTH)
    edge = QPoint(window.search_dock.geometry().right() + 3, window.search_dock.geometry().center().y())
    _drag(window, edge, edge + QPoint(100, 0))  # the separator between the panel and the rest, dragged right
    qtbot.waitUntil(lambda: window.search_dock.width() >= SEARCH_WIDTH + 80)
    dragged = window.search_dock.width()
    settle(qtbot, window, 600, 400)  # at its smallest the window takes the panel's width too
    qtbot.waitUntil(lambda: window.search_dock.width() < SEARCH_WIDTH)
    for width in range(700, 2100, 100):  # grown again as a reader drags the window's edge: step by step
        settle(qtbot, window, width, 900)
    qtbot.waitUntil(lambda: abs(window.search_dock.width() - dragged) <= 2)
