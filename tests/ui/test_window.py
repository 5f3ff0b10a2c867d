"""The main window with the text renderer: links, panels, filter, switcher and history, driven like a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QUrl
from PySide6.QtGui import QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings
from ui_helpers import wait_for_first_page


@pytest.fixture(scope="module")
def window(qapp, vault_root, tmp_path_factory):
    """One window for the module (building and loading is the slow part); tests navigate from a known page."""
    settings = AppSettings(tmp_path_factory.mktemp("config") / "settings.ini")
    win = MainWindow(renderer="text", settings=settings)
    win.resize(1280, 800)  # room for every panel (the test screen is 800 wide: a window starts smaller)
    win.show()
    win.open_vault(vault_root)
    wait_for_first_page(qapp, win)
    yield win
    win.close()


def goto(qtbot, window, kind, key):
    if window.shown == Location(kind, key):
        return
    with qtbot.waitSignal(window.page_shown, timeout=5000):
        window.router.go(Location(kind, key))


def click_link(qtbot, window, url):
    """What the text view does when a link is clicked: anchorClicked with the link's URL."""
    window.view.anchorClicked.emit(QUrl(url))


def test_opens_first_note_and_shows_counts(window):
    assert window.shown == Location("note", "alpha.md")
    assert window.view.kind == "text"
    assert "Alpha Note" in window.windowTitle()
    assert window.counts_label.text().startswith("3 notes · 2 topics")


def test_wiki_link_click_opens_the_note(qtbot, window):
    goto(qtbot, window, "note", "alpha.md")
    with qtbot.waitSignal(window.page_shown, timeout=5000):
        click_link(qtbot, window, "vault://note/folder/beta.md")
    assert window.shown == Location("note", "folder/beta.md")
    assert "Beta agrees" in window.view.toPlainText()
    assert window.stamp_panel.topLevelItemCount() == 1


def test_links_in_the_page_are_the_ones_the_router_follows(qtbot, window):
    goto(qtbot, window, "note", "alpha.md")
    html = window.source.page("note", "alpha.md")[1]
    assert 'href="vault://note/folder/beta.md"' in html
    assert 'href="vault://topic/' in html


def test_topic_link_opens_the_topic_page(qtbot, window):
    goto(qtbot, window, "note", "alpha.md")
    key = window.index.topic_key("Some Topic")
    with qtbot.waitSignal(window.page_shown, timeout=5000):
        click_link(qtbot, window, f"vault://topic/{key}")
    assert window.shown == Location("topic", key)
    assert window.stamp_panel.topLevelItemCount() == 2  # the stamped mentions of the topic
    assert window.backlinks_panel.topLevelItemCount() == 2  # mentioned by alpha and beta


def test_chip_and_web_links_go_to_the_browser(qtbot, window, browser):
    goto(qtbot, window, "note", "alpha.md")
    chip = window.index.notes["alpha.md"].stamps[0].url
    click_link(qtbot, window, chip)
    click_link(qtbot, window, "https://example.org/page")
    assert browser == [chip, "https://example.org/page"]
    assert chip == "https://www.youtube.com/watch?v=abcdefghijk&t=65s"
    assert window.shown == Location("note", "alpha.md")


def test_other_schemes_are_refused(qtbot, window, browser):
    goto(qtbot, window, "note", "alpha.md")
    with qtbot.waitSignal(window.router.message, timeout=1000):
        click_link(qtbot, window, "mailto:someone@example.org")
    click_link(qtbot, window, "file:///etc/passwd")
    assert browser == []
    assert window.shown == Location("note", "alpha.md")


def test_hover_says_where_a_link_leads(qtbot, window):
    goto(qtbot, window, "note", "alpha.md")
    window.view.highlighted.emit(QUrl("vault://note/folder/beta.md"))
    assert window.statusBar().currentMessage() == "Beta Thoughts"
    window.view.highlighted.emit(QUrl(f"vault://topic/{window.index.topic_key('Some Topic')}"))
    assert window.statusBar().currentMessage() == "Topic: Some Topic"
    window.view.highlighted.emit(QUrl("https://example.org/page"))
    assert window.statusBar().currentMessage() == "https://example.org/page"


def test_stamp_panel_click_opens_the_video_and_selection_marks_the_sentence(qtbot, window, browser):
    goto(qtbot, window, "note", "alpha.md")
    panel = window.stamp_panel
    assert [panel.topLevelItem(i).text(0) for i in range(panel.topLevelItemCount())] == ["1:05", "1:02:03"]
    second = panel.topLevelItem(1)
    panel.setCurrentItem(second)
    assert "later claim about gamma" in window.view.textCursor().selectedText()
    rect = panel.visualItemRect(second)
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    assert browser == ["https://www.youtube.com/watch?v=abcdefghijk&t=3723s"]


def test_one_double_click_or_one_enter_on_a_stamp_opens_its_video_once(qtbot, window, browser):
    goto(qtbot, window, "note", "alpha.md")
    panel = window.stamp_panel
    row = panel.visualItemRect(panel.topLevelItem(0)).center()
    left, viewport = Qt.MouseButton.LeftButton, panel.viewport()
    qtbot.mouseClick(viewport, left, pos=row)  # a double-click as Qt 6 delivers it: press, release, press,
    qtbot.mousePress(viewport, left, pos=row)  # double-click, release
    qtbot.mouseDClick(viewport, left, pos=row)
    qtbot.mouseRelease(viewport, left, pos=row)
    assert browser == ["https://www.youtube.com/watch?v=abcdefghijk&t=65s"]
    browser.clear()
    panel.setFocus()
    panel.setCurrentItem(panel.topLevelItem(1))
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert browser == ["https://www.youtube.com/watch?v=abcdefghijk&t=3723s"]


def test_backlink_click_opens_the_mentioning_note(qtbot, window):
    goto(qtbot, window, "note", "alpha.md")
    item = window.backlinks_panel.topLevelItem(0)
    assert item.text(0) == "Beta Thoughts"
    with qtbot.waitSignal(window.page_shown, timeout=5000):
        window.backlinks_panel.itemClicked.emit(item.child(0), 0)
    mention = window.index.backlinks["alpha.md"][0]
    assert mention.anchor == "link-0"  # the mention's link in beta's page: the note opens scrolled there
    assert window.shown == Location("note", "folder/beta.md", anchor=mention.anchor)


def test_filter_narrows_the_tree(qtbot, window):
    panel = window.tree_panel
    window.filter_action.trigger()
    assert panel.filter_edit.hasFocus() or not window.isActiveWindow()
    qtbot.keyClicks(panel.filter_edit, "gamma")
    assert panel.note_model.note_count() == 1
    assert panel.topic_model.rowCount() == 0
    panel.filter_edit.clear()
    assert panel.note_model.note_count() == 3
    qtbot.keyClicks(panel.filter_edit, "topic")
    assert panel.topic_model.rowCount() == 2
    panel.filter_edit.clear()


def test_tree_click_opens_a_note(qtbot, window):
    goto(qtbot, window, "note", "alpha.md")
    tree = window.tree_panel
    index = tree.note_model.index_of_path("folder/sub/gamma.md")
    with qtbot.waitSignal(window.page_shown, timeout=5000):
        tree.note_tree.activated.emit(index)
    assert window.shown == Location("note", "folder/sub/gamma.md")


def test_switcher_finds_by_fuzzy_title_and_opens(qtbot, window):
    goto(qtbot, window, "note", "alpha.md")
    window.switcher_action.trigger()
    switcher = window.switcher
    assert switcher.isVisible()
    qtbot.keyClicks(switcher.edit, "btht")  # B-e-t-a T-H-ough-T-s
    assert switcher.results.currentItem().text().startswith("Beta Thoughts")
    with qtbot.waitSignal(window.page_shown, timeout=5000):
        qtbot.keyClick(switcher.edit, Qt.Key.Key_Return)
    assert window.shown == Location("note", "folder/beta.md")
    assert not switcher.isVisible()


def test_switcher_finds_aliases_and_topics(qtbot, window):
    window.switcher.popup()
    qtbot.keyClicks(window.switcher.edit, "second opin")
    assert window.switcher.results.currentItem().text().startswith("Second Opinion")
    window.switcher.edit.clear()
    qtbot.keyClicks(window.switcher.edit, "othtop")
    assert window.switcher.results.currentItem().text().startswith("Other Topic")
    window.switcher.reject()


def test_back_and_forward(qtbot, window):
    goto(qtbot, window, "note", "alpha.md")
    goto(qtbot, window, "note", "folder/beta.md")
    goto(qtbot, window, "note", "folder/sub/gamma.md")
    with qtbot.waitSignal(window.page_shown, timeout=5000):
        window.back_action.trigger()
    assert window.shown == Location("note", "folder/beta.md")
    assert QKeySequence("Alt+Left") in window.back_action.shortcuts()
    assert QKeySequence("Alt+Right") in window.forward_action.shortcuts()
    with qtbot.waitSignal(window.page_shown, timeout=5000):  # the mouse's back button, over the tree
        target = window.tree_panel.note_tree.viewport()
        press = QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(5, 5), target.mapToGlobal(QPointF(5, 5)),
                            Qt.MouseButton.BackButton, Qt.MouseButton.BackButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target, press)
    assert window.shown == Location("note", "alpha.md")
    assert window.forward_action.isEnabled()
    with qtbot.waitSignal(window.page_shown, timeout=5000):
        window.forward_action.trigger()
    assert window.shown == Location("note", "folder/beta.md")


def test_heading_link_in_same_note_scrolls_without_reloading(qtbot, window):
    goto(qtbot, window, "note", "alpha.md")
    with qtbot.waitSignal(window.page_shown, timeout=5000):
        click_link(qtbot, window, "vault://note/alpha.md#second-part")
    assert window.shown == Location("note", "alpha.md", "second-part")
    assert window.back_action.isEnabled()


def test_last_page_is_remembered_per_vault(qtbot, window, vault_root):
    goto(qtbot, window, "note", "folder/sub/gamma.md")
    assert window.settings.last_location(window.root) == Location("note", "folder/sub/gamma.md").url
    assert window.settings.last_vault() == window.root


def test_a_topic_read_last_time_under_its_older_key_opens_again(qtbot, tmp_path, vault_root):
    """Topic keys are letters and digits now (`resolver.topic_key`); a page remembered as `some_topic` by an
    older version opens that topic, not the first note."""
    settings = AppSettings(tmp_path / "settings.ini")
    settings.remember_location(vault_root.resolve(), "vault://topic/some_topic")
    win = MainWindow(renderer="text", settings=settings, watch=False)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.page_shown, timeout=20000) as shown:
        win.open_vault(vault_root)
    assert shown.args == [Location("topic", "sometopic")]


def test_a_title_with_a_right_to_left_override_does_not_turn_the_title_bar_around(qtbot, tmp_path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "evil.md").write_text("---\ntitle: \"live \u202eevil\"\n---\nText.\n", encoding="utf-8")
    win = MainWindow(renderer="text", settings=AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.page_shown, timeout=10000):
        win.open_vault(vault, note="evil")
    qtbot.waitUntil(lambda: "evil" in win.windowTitle(), timeout=5000)
    assert win.windowTitle() == "live evil — Note Reader"
