"""A backlink's mention opens its source note scrolled to that link, highlighted; the note row opens the top."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desktop.ui.main_window import MainWindow
from desktop.ui.navigation import Location
from desktop.ui.settings import AppSettings
from desktop.ui.web_view import APP_WORLD


@dataclass(frozen=True)
class AnchoredMention:
    """A mention as the core gives it once it knows the link's element id in the source page."""

    source: str
    context: str
    seconds: int | None
    url: str | None
    alias: str | None = None
    anchor: str | None = None


@pytest.fixture(params=["text", "web"])
def window(request, qtbot, tmp_path, vault_root):
    win = MainWindow(renderer=request.param, settings=AppSettings(tmp_path / "settings.ini"), staged=False)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.page_shown, timeout=20000):
        win.open_vault(vault_root, note="folder/sub/gamma.md")
    qtbot.waitUntil(lambda: win.index.complete and not win.loader.busy, timeout=20000)
    return win


def test_a_mention_opens_its_note_at_that_link_highlighted(qtbot, window, monkeypatch):
    index = window.index
    real = index.mentions_of
    # alpha's link to gamma, placed where its page has an element id (a heading, until the core names links)
    monkeypatch.setattr(index, "mentions_of", lambda kind, key: [
        AnchoredMention(m.source, m.context, m.seconds, m.url, anchor="second-part") for m in real(kind, key)])
    window.backlinks_panel.show_mentions(None, None)  # the panel keeps the rows of a page it shows: list anew
    window.backlinks_panel.show_mentions(index, window.shown)
    group = window.backlinks_panel.topLevelItem(0)
    assert group.text(0) == "Alpha Note"
    target = Location("note", "alpha.md", anchor="second-part")
    with qtbot.waitSignal(window.page_shown, timeout=10000, check_params_cb=lambda shown: shown == target):
        window.backlinks_panel.itemClicked.emit(group.child(0), 0)
    assert window.shown == Location("note", "alpha.md", anchor="second-part")
    if window.view.kind == "text":
        assert window.view.textCursor().selectedText() == "Second part"
        assert window.view.verticalScrollBar().value() > 0 or window.view.verticalScrollBar().maximum() == 0
    else:
        with qtbot.waitCallback(timeout=5000) as marked:
            window.view.page().runJavaScript(
                "document.getElementById('second-part').hasAttribute('data-nr-highlight')",
                APP_WORLD, marked)
        assert marked.args == [True]
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.session.back()
    window.backlinks_panel.show_mentions(index, window.shown)
    with qtbot.waitSignal(window.page_shown, timeout=10000):
        window.backlinks_panel.itemClicked.emit(window.backlinks_panel.topLevelItem(0), 0)
    assert window.shown == Location("note", "alpha.md")  # the note's own row: its top


def test_the_text_view_highlights_a_links_own_text(qtbot):
    from desktop.ui.note_view import TextNoteView

    view = TextNoteView()
    qtbot.addWidget(view)
    view.show_page("vault://note/a.md", '<p>before <a id="link-3" href="vault://note/b.md">the link</a> after</p>')
    view.highlight_anchor("link-3")
    assert view.textCursor().selectedText() == "the link"
