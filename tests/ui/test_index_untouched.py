"""Views never change the index: showing notes, their stamps, outline, backlinks, local graph, link previews and
the follow-along row, on the names-only index of the first stage and on the full index the cache gives, leaves
every note of both the very object it was, with the same field values (a deep snapshot before and after)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor

from desktop.core.loader import load_vault, open_names
from desktop.render.linker import AppLinker
from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings
from conftest import make_vault

ALPHA_VIDEO = "abcdefghijk"  # the fixture's alpha.md, stamps at 1:05 and 1:02:03


def state(value):
    """Everything `value` holds, as plain values to compare: dataclasses and slotted objects by their fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__name__, tuple(state(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return tuple((key, state(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return type(value).__name__, tuple(state(item) for item in value)
    slots = [name for cls in type(value).__mro__ for name in getattr(cls, "__slots__", ())]
    if slots:  # `store.PackedLinks`, `loader.StampsInCache`, `Mention`
        return type(value).__name__, tuple(state(getattr(value, name, None)) for name in slots)
    return value


def snapshot(index) -> dict:
    """Each note of `index`: the object itself and its whole state."""
    return {path: (note, state(note)) for path, note in index.notes.items()}


def assert_untouched(index, before: dict) -> None:
    assert list(index.notes) == list(before)
    for path, (note, was) in before.items():
        assert index.notes[path] is note, f"{path}: replaced in the index"
        assert state(note) == was, f"{path}: changed in the index"


def show(qtbot, window, location: Location) -> None:
    with qtbot.waitSignal(window.page_shown, timeout=20000):
        window.session.go(location)


def preview(qtbot, window, url: str):
    # the mouse comes to the link (a link the page brought under a resting mouse is no hover)
    spot = QPoint(8, 8) if QCursor.pos() != window.view.mapToGlobal(QPoint(8, 8)) else QPoint(9, 9)
    qtbot.mouseMove(window.view, spot)
    with qtbot.waitSignal(window.previews.preview_shown, timeout=10000) as shown:
        window.previews.hover(url, window.view)
    window.previews.dismiss()
    return shown.args[0]


def stamps_listed(window) -> list[str]:
    panel = window.stamp_panel
    return [panel.topLevelItem(i).text(0) for i in range(panel.topLevelItemCount())]


@pytest.mark.parametrize("renderer", ["text", "web"])
def test_showing_notes_and_their_panels_leaves_the_index_as_it_was(qtbot, tmp_path: Path, renderer: str) -> None:
    root = make_vault(tmp_path / "vault").resolve()
    load_vault(root)  # into the (test's own) cache: what follows is read from it, as a warm start is
    names, full = open_names(root), load_vault(root)
    assert not names.complete and full.complete
    before_names, before_full = snapshot(names), snapshot(full)
    window = MainWindow(renderer=renderer, settings=AppSettings(tmp_path / "settings.ini"), staged=False,
                        watch=False)
    qtbot.addWidget(window)
    window.show()
    linker = AppLinker()

    with qtbot.waitSignal(window.page_shown, timeout=20000):
        window.loader.names_ready.emit(root, names)  # stage one: the names only
    show(qtbot, window, Location("note", "alpha.md"))
    qtbot.waitUntil(lambda: stamps_listed(window) == ["1:05", "1:02:03"])  # read from the cache for this page
    assert preview(qtbot, window, "https://www.youtube.com/watch?v=abcdefghijk&t=65s").lines
    show(qtbot, window, Location("note", "folder/beta.md"))
    qtbot.waitUntil(lambda: stamps_listed(window) == ["0:42"])
    assert_untouched(names, before_names)

    with qtbot.waitSignal(window.page_shown, timeout=20000):
        window.loader.loaded.emit(root, full)  # stage two: the full index, notes as the cache keeps them
    qtbot.waitUntil(lambda: stamps_listed(window) == ["0:42"])
    window.graph_panel.show()
    for location in (Location("note", "alpha.md"), Location("note", "folder/sub/gamma.md"),
                     Location("topic", "sometopic"), Location("note", "alpha.md")):
        with qtbot.waitSignal(window.graph_panel.graph_shown, timeout=20000):
            show(qtbot, window, location)
    qtbot.waitUntil(lambda: stamps_listed(window) == ["1:05", "1:02:03"])
    qtbot.waitUntil(lambda: window.outline_panel.topLevelItemCount() > 0)
    assert preview(qtbot, window, linker.note_href("folder/beta.md")).lines  # its first paragraph, read
    assert preview(qtbot, window, "https://www.youtube.com/watch?v=abcdefghijk&t=3723s").lines
    window.follow_action.setChecked(True)
    window.follow_video(ALPHA_VIDEO, 3730)
    assert window.stamp_panel.currentItem().text(0) == "1:02:03"
    window.close()
    assert_untouched(full, before_full)
    assert_untouched(names, before_names)
