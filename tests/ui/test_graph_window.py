"""The Graph window: View → Graph (Ctrl+G) shows every note and topic, coloured by folder; the folder and the
search filters narrow it; a click opens the page in the reading window; a changed vault is laid out again
around the old places; `note-reader VAULT --graph --screenshot` pictures it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage

from desktop.render.navigation import Location
from desktop.ui.graph_view import DARK_FOLDERS, LIGHT_FOLDERS
from desktop.ui.graph_window import DEFAULT_SIZE, fitting_size
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from ui_helpers import wait_for_first_page

EVERY_PAGE = {("note", "alpha.md"), ("note", "folder/beta.md"), ("note", "folder/sub/gamma.md"),
              ("topic", "sometopic"), ("topic", "othertopic")}


@pytest.fixture
def window(qapp, qtbot, fresh_vault: Path, tmp_path: Path):
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "s.ini"), watch=False, remember_layout=False)
    win.show()
    win.open_vault(fresh_vault, note="alpha.md")
    wait_for_first_page(qapp, win)
    yield win
    win.close()


@pytest.fixture
def graph(qtbot, window):
    """The Graph window opened with its shortcut, its graph on screen."""
    window.view.setFocus()
    with qtbot.waitSignal(window.actions_.graph.triggered, timeout=5000):
        qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    graph_window = window.graph_window
    qtbot.waitUntil(lambda: graph_window.view.scene is not None and graph_window._filter_job is None, timeout=20000)
    return graph_window


def _shown(graph_window) -> set[tuple[str, str]]:
    return {(node.kind, node.key) for node in graph_window.view.scene.graph.nodes}


def test_ctrl_g_opens_every_note_and_topic_coloured_by_folder(graph) -> None:
    assert graph.isVisible()
    assert _shown(graph) == EVERY_PAGE
    scene = graph.view.scene
    nodes = scene.graph.nodes
    colour = {(n.kind, n.key): scene.slot[i] for i, n in enumerate(nodes)}
    assert colour[("note", "folder/beta.md")] == colour[("note", "folder/sub/gamma.md")] != colour[("note", "alpha.md")]
    assert "3 notes · 2 topics" in graph.status.text()
    assert [graph.folder_box.itemText(i) for i in range(graph.folder_box.count())] == ["All folders", "folder"]


def test_the_folder_filter_keeps_that_folders_notes_and_their_topics(qtbot, graph) -> None:
    graph.folder_box.setFocus()
    with qtbot.waitSignal(graph.filters_applied, timeout=20000):
        qtbot.keyClick(graph.folder_box, Qt.Key.Key_Down)
    assert graph.folder_box.currentText() == "folder"
    assert _shown(graph) == {("note", "folder/beta.md"), ("note", "folder/sub/gamma.md"), ("topic", "sometopic"),
                             ("topic", "othertopic")}
    assert "(of 5 nodes)" in graph.status.text()
    with qtbot.waitSignal(graph.filters_applied, timeout=20000):
        qtbot.keyClick(graph.folder_box, Qt.Key.Key_Up)
    assert _shown(graph) == EVERY_PAGE


def test_the_search_filter_keeps_the_notes_the_search_finds(qtbot, graph) -> None:
    graph.query_edit.setFocus()
    with qtbot.waitSignal(graph.filters_applied, timeout=20000):
        qtbot.keyClicks(graph.query_edit, "gamma")
        qtbot.keyClick(graph.query_edit, Qt.Key.Key_Return)
    assert _shown(graph) == {("note", "alpha.md"), ("note", "folder/sub/gamma.md")}  # alpha speaks of gamma rays
    with qtbot.waitSignal(graph.filters_applied, timeout=20000):
        qtbot.keyClick(graph.query_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(graph.query_edit, Qt.Key.Key_Delete)
    assert _shown(graph) == EVERY_PAGE


def test_a_query_that_finds_nothing_says_so(qtbot, graph) -> None:
    with qtbot.waitSignal(graph.filters_applied, timeout=20000) as applied:
        qtbot.keyClicks(graph.query_edit, "zzyzzx")
    assert applied.args == [0]
    assert graph.view.message == "Nothing matches these filters"


def test_a_click_on_a_node_opens_it_in_the_reading_window(qtbot, window, graph) -> None:
    view = graph.view
    beta = view.scene.graph.index_of("note", "folder/beta.md")
    with qtbot.waitSignal(window.page_shown, timeout=20000,
                          check_params_cb=lambda location: location.key == "folder/beta.md"):
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.screen_pos(beta).toPoint())
    assert window.session.current == Location("note", "folder/beta.md")
    assert view.selected == beta
    assert view.highlighted == {beta, view.scene.graph.index_of("note", "alpha.md"),
                                view.scene.graph.index_of("topic", "sometopic")}
    assert view.centre == beta  # the page being read is ringed


def test_a_changed_vault_is_laid_out_again_around_the_old_places(qtbot, window, graph, fresh_vault) -> None:
    before = {(n.kind, n.key): (graph.view.scene.xs[i], graph.view.scene.ys[i])
              for i, n in enumerate(graph.view.scene.graph.nodes)}
    graph.view.zoom_by(2.0)
    transform = graph.view.transform()
    (fresh_vault / "delta.md").write_text("---\ntitle: Delta\n---\nDelta answers [[alpha]].\n", encoding="utf-8")
    with qtbot.waitSignal(graph.graph_shown, timeout=20000):
        window.open_vault(fresh_vault)
    assert _shown(graph) == EVERY_PAGE | {("note", "delta.md")}
    scene = graph.view.scene
    after = {(n.kind, n.key): (scene.xs[i], scene.ys[i]) for i, n in enumerate(scene.graph.nodes)}
    assert all(after[key] == pytest.approx(place) for key, place in before.items())  # nothing else moved
    assert graph.view.transform() == pytest.approx(transform)  # nor did the reader's view


def test_the_graph_flag_opens_the_window_on_the_graph(tmp_path: Path, fresh_vault: Path) -> None:
    out = tmp_path / "graph.png"
    result = subprocess.run([sys.executable, "-m", "desktop", str(fresh_vault), "--graph", "--renderer", "text",
                             "--screenshot", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    screen = QGuiApplication.primaryScreen().availableGeometry().size()  # the child's screen is the same platform's
    assert (image.width(), image.height()) == fitting_size(screen)  # the graph's window, not the reading window
    folder = {QColor(LIGHT_FOLDERS[0]).rgb(), QColor(DARK_FOLDERS[0]).rgb()}  # "folder"'s notes, either theme
    assert any(image.pixel(x, y) in folder for x in range(0, image.width(), 3) for y in range(0, image.height(), 3))


def test_closing_the_reading_window_closes_its_graph(graph, window) -> None:
    window.close()
    assert not graph.isVisible()


def test_the_search_filter_takes_the_searchs_operators(qtbot, graph) -> None:
    with qtbot.waitSignal(graph.filters_applied, timeout=20000):
        qtbot.keyClicks(graph.query_edit, "in:folder")
        qtbot.keyClick(graph.query_edit, Qt.Key.Key_Return)
    assert _shown(graph) == {("note", "folder/beta.md"), ("note", "folder/sub/gamma.md")}


def test_the_window_says_it_is_laying_out_until_the_graph_shows(qtbot, window) -> None:
    graph_window = window.open_graph()
    assert graph_window.view.message == "Laying out 5 nodes…"
    with qtbot.waitSignal(graph_window.graph_shown, timeout=20000):
        pass
    assert graph_window.view.message == ""


def test_the_window_fits_a_small_screen(graph) -> None:
    """Seen at 800×600: opened at its full default size it ran off the screen, its status line with it."""
    from PySide6.QtCore import QSize

    free = graph.screen().availableGeometry()
    assert graph.width() <= free.width() and graph.height() <= free.height()
    assert fitting_size(QSize(1920, 1080)) == DEFAULT_SIZE  # a big screen gets the full default size
    assert fitting_size(QSize(800, 600)) == (720, 540)


def _swatch(graph_window, row: int) -> QColor:
    """The colour of the folder filter's swatch on row `row`."""
    return graph_window.folder_box.itemIcon(row).pixmap(12, 12).toImage().pixelColor(6, 6)


def test_the_folder_swatches_follow_the_theme_between_light_and_dark(qtbot, window, graph) -> None:
    from desktop.ui.graph_scene import group_slots
    from desktop.ui.theme import apply_theme

    slot = group_slots(graph.whole.graph.groups())["folder"]
    assert graph.folder_box.itemText(1) == "folder"
    try:
        for theme, folders in (("light", LIGHT_FOLDERS), ("dark", DARK_FOLDERS), ("light", LIGHT_FOLDERS)):
            window.apply_preferences(window.prefs.with_changes(theme=theme))  # Settings → Theme
            qtbot.waitUntil(lambda: _swatch(graph, 1) == QColor(folders[slot]), timeout=5000)
            image = graph.view.grab().toImage()
            assert (image.pixelColor(2, 2).lightness() < 128) == (theme == "dark")  # the graph beside it too
    finally:
        apply_theme(QGuiApplication.instance(), "system")  # the look the tests started with


def test_escape_clears_the_selection_then_closes_the_window_and_enter_on_nothing_does_nothing(qtbot, graph,
                                                                                               window) -> None:
    graph.view.setFocus()
    qtbot.waitUntil(lambda: graph.view.hasFocus())
    if graph.view.selected is not None:  # the page on screen, followed
        qtbot.keyClick(graph.view, Qt.Key.Key_Escape)
    assert graph.view.selected is None and graph.isVisible()
    shown = window.shown
    qtbot.keyClick(graph.view, Qt.Key.Key_Return)  # nothing selected: nothing happens
    assert graph.isVisible() and window.shown == shown and window.session.history.can_go_back() is False
    qtbot.keyClick(graph.view, Qt.Key.Key_Escape)
    assert not graph.isVisible()
    window.open_graph()
    graph.query_edit.setFocus()
    qtbot.waitUntil(lambda: graph.query_edit.hasFocus())
    qtbot.keyClick(graph.query_edit, Qt.Key.Key_Escape)  # from the search field too
    assert not graph.isVisible()


def test_shift_and_an_arrow_reach_a_node_and_enter_opens_it_in_the_reading_window(qtbot, graph, window) -> None:
    """QA: no key selected a node in the Graph window; Enter opened only a node clicked first."""
    view = graph.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    if view.selected is not None:
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    with qtbot.waitSignal(view.selection_changed, timeout=2000) as chosen:
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.node(chosen.args[0]).key == "alpha.md"  # the page being read first
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):  # then a node beside it
        qtbot.keyClick(view, key, Qt.KeyboardModifier.ShiftModifier)
        if view.node(view.selected).key != "alpha.md":
            break
    target = view.node(view.selected)
    assert target.key != "alpha.md"
    with qtbot.waitSignal(window.session.location_changed, timeout=10000) as moved:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert moved.args == [Location(target.kind, target.key)]
    assert graph.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # Esc clears the selection, the window stays
    assert view.selected is None and graph.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # then closes it
    assert not graph.isVisible()


def test_escape_in_the_search_filter_clears_its_words_before_it_closes_the_window(qtbot, graph) -> None:
    """QA: Escape in the filter holding "russia" closed the window at once."""
    graph.query_edit.setFocus()
    qtbot.waitUntil(graph.query_edit.hasFocus)
    qtbot.keyClicks(graph.query_edit, "alpha")
    qtbot.keyClick(graph.query_edit, Qt.Key.Key_Escape)
    assert graph.query_edit.text() == "" and graph.isVisible()
    qtbot.keyClick(graph.query_edit, Qt.Key.Key_Escape)
    assert not graph.isVisible()


def test_the_apps_own_shortcuts_work_in_the_graph_window(qtbot, graph, window) -> None:
    """QA: Ctrl+Q and Ctrl+O did nothing while the Graph window had the focus (the app went on running)."""
    graph.activateWindow()
    graph.view.setFocus()
    qtbot.waitUntil(graph.view.hasFocus)
    with qtbot.waitSignal(window.actions_.switcher.triggered, timeout=5000):
        qtbot.keyClick(graph.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    if window.switcher is not None:
        window.switcher.reject()
    graph.view.setFocus()
    qtbot.waitUntil(graph.view.hasFocus)
    with qtbot.waitSignal(window.quit_action.triggered, timeout=5000):
        qtbot.keyClick(graph.view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_the_window_opens_whole_on_its_screen(graph) -> None:
    """QA: at 1920×1080 it opened at y=315, 780 high: its bottom off the screen."""
    assert graph.screen().availableGeometry().contains(graph.frameGeometry())
