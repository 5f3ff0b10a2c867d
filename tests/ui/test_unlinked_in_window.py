"""A page never waits for its unlinked mentions: it shows at once, and they are added where the reader is."""

from __future__ import annotations

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings
from ui_helpers import open_and_wait_for_videos


def _write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _sleep_vault(root, sleep_body: str) -> None:
    """A note "Sleep" (`sleep_body`), one linking it, and one naming it in plain words (its unlinked mention)."""
    _write(root, "Sleep.md", "---\ntitle: Sleep\n---\n" + sleep_body)
    _write(root, "talk.md", "---\ntitle: Talk\n---\nSee [[Sleep]] first.\n")
    _write(root, "other.md", "---\ntitle: Other\n---\nDeep work needs sleep.\n")



def _window(qtbot, tmp_path, renderer: str) -> MainWindow:
    win = MainWindow(renderer=renderer, settings=AppSettings(tmp_path / "settings.ini"), staged=False,
                     remember_layout=False, watch=False)
    qtbot.addWidget(win)
    return win

def test_the_page_shows_first_and_its_unlinked_mentions_follow_in_place(qtbot, tmp_path):
    root = tmp_path / "vault"
    _sleep_vault(root, "Sleep matters.\n\n" + "Filler line.\n\n" * 80)
    win = _window(qtbot, tmp_path, "text")
    win.resize(700, 400)
    win.show()
    texts: list[str] = []
    win.page_shown.connect(lambda _location: texts.append(win.view.toPlainText()))
    with qtbot.waitSignal(win.page_shown, timeout=20000):
        win.open_vault(root, note="Sleep.md")
    qtbot.waitUntil(lambda: win.index.complete and not win.loader.busy, timeout=20000)
    assert "Linked mentions" in texts[-1] and "Unlinked mentions" not in texts[-1]  # shown before they are found
    bar = win.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)  # the reader has scrolled by the time they come
    place = bar.value()
    qtbot.waitUntil(lambda: "Unlinked mentions" in win.view.toPlainText(), timeout=20000)

    assert "Deep work needs sleep." in win.view.toPlainText().partition("Unlinked mentions")[2]
    assert len(texts) == 1  # added to the page on screen, not a page shown again
    assert win.shown == Location("note", "Sleep.md") and not win.session.history.can_go_back()
    assert place > 0 and bar.value() == place  # the reader's place kept
    cached = win.session.source.cached("note", "Sleep.md")
    assert cached is not None and "Unlinked mentions" in cached[1]  # back/forward shows the whole page


def test_in_the_web_view_the_section_is_added_to_the_page_without_a_reload(qtbot, tmp_path):
    from desktop.ui.web_view import APP_WORLD

    root = tmp_path / "vault"
    _sleep_vault(root, "Sleep matters.\n")
    win = _window(qtbot, tmp_path, "web")
    win.show()
    shown: list[object] = []
    win.page_shown.connect(shown.append)
    with qtbot.waitSignal(win.page_shown, timeout=20000):
        win.open_vault(root, note="Sleep.md")
    win.view.note_page.runJavaScript("document.body.dataset.mark = 'before'", APP_WORLD)  # a reload would drop it

    def page_text() -> str:
        with qtbot.waitCallback(timeout=5000) as answered:
            win.view.note_page.runJavaScript("document.body.dataset.mark + '|' + document.body.innerText",
                                             APP_WORLD, answered)
        return answered.args[0]

    qtbot.waitUntil(lambda: "Unlinked mentions" in page_text(), timeout=20000)
    mark, _, text = page_text().partition("|")
    assert mark == "before" and "Deep work needs sleep." in text.partition("Unlinked mentions")[2]
    assert len(shown) == 1


def test_the_body_is_rendered_once_with_or_without_its_unlinked_mentions(qtbot, tmp_path, monkeypatch):
    """Their section is added to the page on screen and to the cached page: the note's body is not rendered
    again for it, nor when the reader comes back to the page."""
    import desktop.render.pages as pages

    root = tmp_path / "vault"
    _sleep_vault(root, "# Sleep\nSleep matters.\n")
    win = _window(qtbot, tmp_path, "text")
    win.show()
    open_and_wait_for_videos(qtbot, win, root, note="talk.md")  # the catalog in: no page is shown again for it
    bodies: list[str] = []
    real = pages.render_note_body
    monkeypatch.setattr(pages, "render_note_body", lambda index, note, *a, **k: bodies.append(note.path)
                        or real(index, note, *a, **k))
    with qtbot.waitSignal(win.page_shown, timeout=20000):
        win.session.go(Location("note", "Sleep.md"))
    qtbot.waitUntil(lambda: "Unlinked mentions" in win.view.toPlainText(), timeout=20000)  # and cached
    for location in (Location("note", "talk.md"), Location("note", "Sleep.md")):
        with qtbot.waitSignal(win.page_shown, timeout=20000):
            win.session.go(location)
    assert "Deep work needs sleep." in win.view.toPlainText().partition("Unlinked mentions")[2]
    assert win.outline_panel.topLevelItem(0).text(0) == "Sleep"
    assert bodies.count("Sleep.md") == 1
