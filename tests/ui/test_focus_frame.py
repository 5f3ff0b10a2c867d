"""Where the keyboard is: the note view (web and text) and the local graph show a frame while F6 has put the focus
in them, in the theme's focus colour, and none once it moves on; the frame's room is always there, so nothing
moves as the focus comes and goes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from desktop.ui.theme import apply_theme, focus_ring_colour
from ui_helpers import wait_for_first_page


@pytest.fixture(params=["light", "dark"])
def theme(request, qapp):
    dark = apply_theme(qapp, request.param)
    yield dark
    apply_theme(qapp, "system")  # the look the tests started with


def _window(qapp, qtbot, vault_root: Path, tmp_path: Path, renderer: str, dark: bool) -> MainWindow:
    win = MainWindow(renderer=renderer, settings=AppSettings(tmp_path / "s.ini"), watch=False,
                     remember_layout=False, dark=dark)
    qtbot.addWidget(win)
    win.resize(1300, 900)
    win.show()
    win.open_vault(vault_root, note="alpha.md")
    wait_for_first_page(qapp, win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def _f6_to(qtbot, window, pane) -> None:
    """Press F6 (on whatever has the focus) until `pane` has it."""
    for _ in range(len(window.panes()) + 1):
        if pane.hasFocus():
            return
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F6)
    assert pane.hasFocus()


def _edge_colours(widget) -> set[str]:
    """The colours of the widget's outermost pixels, half way along each side."""
    image = widget.grab().toImage()
    w, h = image.width(), image.height()
    return {image.pixelColor(x, y).name() for x, y in ((0, h // 2), (w - 1, h // 2), (w // 2, 0), (w // 2, h - 1))}


def _contents(widget) -> QRect:
    return widget.contentsRect() if not hasattr(widget, "viewport") else widget.viewport().geometry()


@pytest.mark.parametrize("renderer", ["web", "text"])
def test_the_note_view_is_framed_while_it_has_the_keyboard(qapp, qtbot, vault_root, tmp_path, theme,
                                                            renderer) -> None:
    """QA: F6 reached the note, and nothing showed that it had."""
    window = _window(qapp, qtbot, vault_root, tmp_path, renderer, theme)
    ring = focus_ring_colour(theme).name()
    view = window.view
    inner = _contents(view)
    window.tree_panel.filter_edit.setFocus()
    qtbot.waitUntil(window.tree_panel.filter_edit.hasFocus)
    assert ring not in _edge_colours(view)
    _f6_to(qtbot, window, view)
    qtbot.waitUntil(lambda: _edge_colours(view) == {ring})
    assert _contents(view) == inner  # the page has the same room: nothing moved
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)  # on to the stamps
    qtbot.waitUntil(lambda: not view.hasFocus())
    qtbot.waitUntil(lambda: ring not in _edge_colours(view))
    assert _contents(view) == inner


def test_the_local_graph_is_framed_while_it_has_the_keyboard(qapp, qtbot, vault_root, tmp_path, theme) -> None:
    window = _window(qapp, qtbot, vault_root, tmp_path, "text", theme)
    graph = window.graph_panel.view
    ring = focus_ring_colour(theme).name()
    assert ring not in _edge_colours(graph)
    window.tree_panel.filter_edit.setFocus()
    _f6_to(qtbot, window, graph)
    assert _edge_colours(graph) == {ring}
    qtbot.keyClick(graph, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: not graph.hasFocus())
    assert ring not in _edge_colours(graph)
