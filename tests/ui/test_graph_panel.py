"""The Local Graph panel in the window: the page with its links and backlinks, following navigation; two steps
on demand; a click on a node opens that page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.render.navigation import Location
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from ui_helpers import wait_for_first_page


@pytest.fixture
def window(qapp, qtbot, vault_root: Path, tmp_path: Path):
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "s.ini"), watch=False, remember_layout=False)
    win.resize(1300, 900)
    win.show()
    with qtbot.waitSignal(win.graph_panel.graph_shown, timeout=20000,
                          check_params_cb=lambda location: location == Location("note", "folder/sub/gamma.md")):
        win.open_vault(vault_root, note="folder/sub/gamma.md")
        wait_for_first_page(qapp, win)
    yield win
    win.close()


def _shown(panel) -> set[tuple[str, str]]:
    return {(node.kind, node.key) for node in panel.view.scene.graph.nodes}


def _go_and_wait(qtbot, window, location: Location) -> None:
    with qtbot.waitSignal(window.graph_panel.graph_shown, timeout=20000,
                          check_params_cb=lambda shown: shown == location):
        window.session.go(location)


def test_the_panel_shows_the_page_its_links_and_backlinks(window) -> None:
    # gamma links to Other Topic; alpha links to gamma
    assert _shown(window.graph_panel) == {("note", "folder/sub/gamma.md"), ("note", "alpha.md"),
                                          ("topic", "othertopic")}
    view = window.graph_panel.view
    assert view.node(view.centre).key == "folder/sub/gamma.md"


def test_the_panel_follows_navigation(qtbot, window) -> None:
    _go_and_wait(qtbot, window, Location("topic", "sometopic"))
    assert _shown(window.graph_panel) == {("topic", "sometopic"), ("note", "alpha.md"), ("note", "folder/beta.md")}
    _go_and_wait(qtbot, window, Location("note", "folder/beta.md"))
    assert ("note", "alpha.md") in _shown(window.graph_panel)
    assert ("note", "folder/sub/gamma.md") not in _shown(window.graph_panel)


def test_two_steps_add_what_the_neighbours_link_to(qtbot, window) -> None:
    panel = window.graph_panel
    one_step = _shown(panel)
    panel.depth_box.setFocus()
    with qtbot.waitSignal(panel.graph_shown, timeout=20000):
        qtbot.keyClick(panel.depth_box, Qt.Key.Key_Space)
    assert panel.depth == 2
    two_steps = _shown(panel)
    assert one_step < two_steps
    assert {("note", "folder/beta.md"), ("topic", "sometopic")} <= two_steps - one_step


def test_a_click_on_a_node_opens_its_page(qtbot, window) -> None:
    view = window.graph_panel.view
    alpha = view.scene.graph.index_of("note", "alpha.md")
    with qtbot.waitSignal(window.session.location_changed, timeout=10000) as moved:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.screen_pos(alpha).toPoint())
    assert moved.args == [Location("note", "alpha.md")]
    assert window.session.current == Location("note", "alpha.md")


def test_view_local_graph_hides_the_panel(qtbot, window) -> None:
    window.local_graph_action.trigger()
    assert not window.graph_panel.isVisible()
    window.local_graph_action.trigger()
    assert window.graph_panel.isVisible()
    assert window.graph_panel.view.scene is not None


def test_a_video_page_shows_the_video_and_its_notes(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.session.videos is not None, timeout=20000)
    _go_and_wait(qtbot, window, Location("video", "abcdefghijk"))
    shown = _shown(window.graph_panel)
    assert ("video", "abcdefghijk") in shown and ("note", "alpha.md") in shown
    view = window.graph_panel.view
    assert view.node(view.centre).kind == "video"


def test_in_a_narrow_pane_the_title_gives_way_to_the_two_steps_box(qtbot) -> None:
    from desktop.ui.graph_panel import LocalGraphPanel
    from desktop.ui.session import VaultSession

    panel = LocalGraphPanel(VaultSession())
    qtbot.addWidget(panel)
    panel.resize(150, 280)  # as beside the note of an 800×600 window
    panel.show()
    qtbot.waitExposed(panel)
    panel.title.setText("Local graph · 12 nodes")
    title, box = panel.title, panel.depth_box
    assert title.geometry().right() < box.geometry().left()  # side by side, not one over the other
    assert title.fontMetrics().horizontalAdvance(title.text()) <= title.width() and title.text().endswith("…")
    assert title.toolTip() == "Local graph · 12 nodes"


def test_while_another_pages_graph_is_laid_out_the_last_pages_is_not_shown(qtbot, window) -> None:
    """QA: going to a hub, its 2,700 nodes took 1.5 s to lay out, and meanwhile the page before's 7-node
    graph stayed, headed "7 nodes", with "Laying out…" over it."""
    panel = window.graph_panel
    assert panel.view.scene is not None  # gamma's graph
    seen: list[tuple] = []
    said = panel.view.set_message

    def set_message(text: str) -> None:  # what the panel shows as it says it lays out the new page's graph
        if text == "Laying out…":
            seen.append((panel.view.scene, panel.title.text()))
        said(text)

    panel.view.set_message = set_message
    _go_and_wait(qtbot, window, Location("topic", "sometopic"))
    assert seen and seen[0] == (None, "Local graph")


def test_the_keyboard_reaches_a_node_of_the_local_graph_and_enter_opens_it(qtbot, window) -> None:
    """QA: F6 reached the local graph, but no key selected a node there."""
    view = window.graph_panel.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    with qtbot.waitSignal(view.selection_changed, timeout=2000) as chosen:
        qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert chosen.args == [view.centre]  # the page being read first
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):
        qtbot.keyClick(view, key, Qt.KeyboardModifier.ShiftModifier)
        if view.selected != view.centre:
            break
    target = view.node(view.selected)
    assert (target.kind, target.key) != ("note", "folder/sub/gamma.md")
    with qtbot.waitSignal(window.session.location_changed, timeout=10000) as moved:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert moved.args == [Location(target.kind, target.key)]
