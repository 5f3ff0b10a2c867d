"""Full-text search from the window, and a vault that changes on disk while it is open."""

from __future__ import annotations

import os
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings


@pytest.fixture
def live_window(qtbot, tmp_path, fresh_vault):
    root = fresh_vault
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    win.open_vault(root)
    qtbot.waitUntil(lambda: win.index is not None and win.index.complete and win.shown is not None, timeout=10000)
    return win, root


def test_search_finds_ranks_and_opens_the_note_at_the_match(qtbot, live_window, browser):
    win, _root = live_window
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = win.search_panel
    assert win.search_dock.isVisible()
    panel.query_edit.setText("gamma")
    panel.run_query()
    qtbot.waitUntil(lambda: bool(panel.results()), timeout=5000)
    results = panel.results()
    assert [r.path for r in results] == ["folder/sub/gamma.md", "alpha.md"]  # the title match ranks first
    alpha = results[1]
    assert alpha.seconds == 3723 and alpha.url == "https://www.youtube.com/watch?v=abcdefghijk&t=3723s"
    assert "ms" in panel.status.text()
    with qtbot.waitSignal(win.page_shown, timeout=5000):
        win.router.go(Location("note", "folder/beta.md"))
    with qtbot.waitSignal(win.page_shown, timeout=5000):
        panel.results_list.setCurrentRow(1)
        panel._activated(panel.results_list.item(1))
    assert win.shown == Location("note", "alpha.md")
    assert win.view.textCursor().selectedText().lower() == "gamma"  # the matched word, not the words after it
    play = panel.results_list.itemWidget(panel.results_list.item(1)).findChild(QToolButton)
    assert play.text() == "▶ 1:02:03"
    play.click()
    assert browser == ["https://www.youtube.com/watch?v=abcdefghijk&t=3723s"]


def test_enter_right_after_typing_a_search_opens_its_first_result(qtbot, live_window):
    win, _root = live_window
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    field = win.search_panel.query_edit
    qtbot.waitUntil(lambda: field.hasFocus())
    qtbot.keyClicks(field, "gamma")
    gamma = Location("note", "folder/sub/gamma.md")  # the first result, the title match
    # (another page_shown may come first: the page on screen shown again in place, as a fresh clone's CI saw)
    with qtbot.waitSignal(win.page_shown, timeout=10000, check_params_cb=lambda shown: shown.key == gamma.key):
        qtbot.keyClick(field, Qt.Key.Key_Return)  # at once: the search has not started yet
    assert win.shown == gamma


def test_the_view_looks_for_the_match_only_up_to_the_next_passage():
    from desktop.core.search import MARK_END, MARK_START, SearchResult
    from desktop.render.snippets import PASSAGE_BREAK, snippet_html, snippet_plain

    snippet = f"…Prices rose.\nEurope buys natural {MARK_START}gas{MARK_END} from Norway.\nCoal is back…"
    result = SearchResult("a.md", "A", snippet, 5, None, -1.0)
    assert snippet_plain(result) == "gas from Norway."
    assert f"Prices rose.{PASSAGE_BREAK}Europe" in snippet_html(result)  # shown where a stamp divides them


def test_result_rows_wrap_to_the_panel_width_and_keep_the_play_button_in_sight(qtbot):
    from desktop.core.search import MARK_END, MARK_START, SearchPage, SearchResult
    from desktop.ui.search_panel import SearchPanel

    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 600)
    panel.show()
    words = " ".join(["a long snippet of words"] * 12)
    result = SearchResult("a.md", "A note with a long title", f"{words} {MARK_START}gas{MARK_END}", 70,
                          "https://www.youtube.com/watch?v=abcdefghijk&t=70s", -1.0)
    panel._show_results(panel._number, SearchPage([result], 1), 0.01)
    item = panel.results_list.item(0)
    wide = panel.results_list.visualItemRect(item)
    panel.resize(240, 600)
    qtbot.waitUntil(lambda: panel.results_list.visualItemRect(item).height() > wide.height(), timeout=2000)
    viewport = panel.results_list.viewport().width()
    play = panel.results_list.itemWidget(item).findChild(QToolButton)
    assert panel.results_list.visualItemRect(item).width() <= viewport
    assert play.mapTo(panel.results_list.viewport(), play.rect().topRight()).x() <= viewport


def test_search_with_no_match_says_so(qtbot, live_window):
    win, _root = live_window
    win.open_search()
    win.search_panel.query_edit.setText("zzzzqqq")
    win.search_panel.run_query()
    qtbot.waitUntil(lambda: win.search_panel.status.text().startswith("No matches"), timeout=5000)


def touch(path, text):
    path.write_text(text, encoding="utf-8")
    future = time.time_ns() + 5 * 10**9
    os.utime(path, ns=(future, future))


def test_added_changed_removed_and_renamed_notes_show_within_seconds(qtbot, live_window):
    win, root = live_window
    touch(root / "delta.md", "---\ntitle: Delta Added\n---\nDelta mentions [[alpha]] and [[Brand New Topic]].\n")
    qtbot.waitUntil(lambda: "delta.md" in win.index.notes, timeout=5000)
    assert win.index.notes["delta.md"].title == "Delta Added"
    assert "brandnewtopic" in win.index.topics
    assert "delta.md" in [m.source for m in win.index.backlinks["alpha.md"]]

    win.router.go(Location("note", "alpha.md"))
    qtbot.waitUntil(lambda: win.shown == Location("note", "alpha.md"), timeout=5000)
    with qtbot.waitSignal(win.page_shown, timeout=8000):
        touch(root / "alpha.md", "---\ntitle: Alpha Note\n---\nRewritten text about comets.\n")
    qtbot.waitUntil(lambda: "Rewritten text about comets" in win.view.toPlainText(), timeout=5000)

    (root / "folder" / "beta.md").rename(root / "folder" / "beta-renamed.md")
    (root / "delta.md").unlink()
    qtbot.waitUntil(lambda: "delta.md" not in win.index.notes and "folder/beta-renamed.md" in win.index.notes,
                    timeout=5000)
    assert "folder/beta.md" not in win.index.notes
    assert "brandnewtopic" not in win.index.topics


def test_topic_page_lists_the_stamped_mentions_in_the_stamp_panel(qtbot, live_window, browser):
    win, _root = live_window
    with qtbot.waitSignal(win.page_shown, timeout=5000):
        win.router.go(Location("topic", "sometopic"))
    panel = win.stamp_panel
    rows = [(panel.topLevelItem(i).text(0), panel.topLevelItem(i).text(1)) for i in range(panel.topLevelItemCount())]
    assert sorted(rows) == [("0:42", "Beta agrees with alpha on Some Topic"),
                            ("1:05", "The first claim links to beta and to Some Topic")]
    item = next(panel.topLevelItem(i) for i in range(2) if panel.topLevelItem(i).text(0) == "0:42")
    panel.itemClicked.emit(item, 0)
    assert browser == ["https://www.youtube.com/watch?v=bcdefghijkl&t=42s"]


def test_a_live_reload_keeps_open_folders_open(qtbot, live_window):
    win, root = live_window
    panel = win.tree_panel
    folder = next(i for i in panel._folder_indexes() if i.data(Qt.ItemDataRole.DisplayRole) == "folder")
    panel.note_tree.expand(folder)
    assert panel._expanded_folders() == {"folder"}
    touch(root / "epsilon.md", "# Epsilon\nnew\n")
    qtbot.waitUntil(lambda: "epsilon.md" in win.index.notes, timeout=5000)
    assert panel._expanded_folders() == {"folder"}


def test_a_window_opens_on_the_names_a_helper_read_then_on_the_full_index(qtbot, tmp_path, fresh_vault):
    from desktop.core.prefetch import start_prefetch

    prefetch = start_prefetch(fresh_vault)
    handed, result = [], prefetch.result
    prefetch.result = lambda timeout=60: handed.append(result(timeout)) or handed[-1]
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    names, headers = [], []
    win.loader.names_ready.connect(lambda _root, index: names.append(index))
    win.page_shown.connect(lambda _loc: headers.append(win.backlinks_panel.headerItem().text(0)))
    win.show()
    with qtbot.waitSignal(win.vault_loaded, timeout=20000):
        win.open_vault(fresh_vault, prefetch=prefetch)
    assert names and not names[0].complete
    assert len(handed) == 1 and handed[0]  # the window took the helper's names
    titles = {n.title for n in names[0].notes.values()}
    assert titles == {n.title for n in win.index.notes.values()}
    assert win.index.complete and win.shown is not None
    assert headers[0] == "Backlinks: reading the vault…"  # not "No backlinks" before they are known
    assert win.backlinks_panel.headerItem().text(0).startswith(("Backlinks ·", "No backlinks"))


def test_a_helper_for_another_vault_is_stopped_unused(qtbot, tmp_path, fresh_vault):
    from desktop.core.prefetch import start_prefetch

    other = tmp_path / "other"
    other.mkdir()
    prefetch = start_prefetch(other)
    process = prefetch._process
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.vault_loaded, timeout=20000):
        win.open_vault(fresh_vault, prefetch=prefetch)
    assert process.returncode is not None and prefetch.result() is None


def many_notes(root, count: int, body: str):
    """A vault of `count` notes in four folders, each `# Note i` followed by `body`: enough for worker processes."""
    for i in range(count):
        folder = root / f"f{i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"n{i:03d}.md").write_text(f"# Note {i}\n{body}", encoding="utf-8")
    return root


def test_live_reloads_leave_no_garbage_frozen_out_of_the_collectors_sight(qtbot, tmp_path):
    """Each load freezes what is alive (memory.long_lived); what a reload replaces must still be freed."""
    import gc

    root = many_notes(tmp_path / "big", 300, "See [[n000]] and [[a topic]].\n")
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.vault_loaded, timeout=20000, check_params_cb=lambda index: index.complete):
        win.open_vault(root)
    gc.unfreeze()
    gc.collect()
    for round_ in range(3):
        note = root / "f0" / "n000.md"
        note.write_text(f"# Note 0, round {round_}\n[[n001]]\n", encoding="utf-8")  # a new title: a new tree
        os.utime(note, ns=(10**18 + round_, 10**18 + round_))
        with qtbot.waitSignal(win.vault_loaded, timeout=20000):
            win.loader.reload()
    assert gc.get_freeze_count() > 1000  # the loads did freeze what they built
    gc.unfreeze()
    assert gc.collect() < 300  # three replaced trees of 300 notes would be 900+ objects


def window_in_stage_two(qtbot, tmp_path):
    """A window on a new 600-note vault whose first full index (stage two) has just started."""
    root = many_notes(tmp_path / "big", 600, "Words and [[links]] here.\n" * 40)
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loader.names_ready, timeout=20000):
        win.open_vault(root)
    win.loader.first_page_shown()  # what starts stage two
    return win, root


def test_closing_the_window_stops_a_first_index_midway(qtbot, tmp_path):
    from PySide6.QtCore import QThreadPool

    from desktop.core.loader import open_store

    win, root = window_in_stage_two(qtbot, tmp_path)
    loaded = []
    win.vault_loaded.connect(loaded.append)
    win.close()  # the window goes before stage two is through
    assert QThreadPool.globalInstance().waitForDone(60000)
    qtbot.wait(50)
    assert loaded == []  # the stopped load delivered no index
    store = open_store(root.resolve())
    assert len(store.known_files()) < 600  # stopped at a chunk; the next start reads only the rest
    store.close()


def test_reopening_a_vault_midway_through_its_load_is_not_an_error(qtbot, tmp_path):
    """What the timestamp setting does: the load under way is dropped quietly, the new one completes."""
    win, root = window_in_stage_two(qtbot, tmp_path)
    failures = []
    win.vault_failed.connect(failures.append)
    with qtbot.waitSignal(win.vault_loaded, timeout=60000, check_params_cb=lambda index: index.complete):
        win.open_vault(root)
        win.loader.first_page_shown()  # the new stage two starts before the old one has noticed
    qtbot.wait(100)
    assert failures == [] and len(win.index.notes) == 600
