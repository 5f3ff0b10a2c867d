"""Whether a new index of the same vault changes the page on screen (else it stays as it is), without Qt."""

from __future__ import annotations

import os

from desktop.core.index import VaultIndex
from desktop.render.page_source import page_changed


def test_a_page_changes_with_its_file_and_its_backlinks_only(tmp_path):
    (tmp_path / "a.md").write_text("# A\nsee [[b]] and [[t]]\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\nplain\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("# C\nalone\n", encoding="utf-8")
    before = VaultIndex.build(tmp_path)
    same = VaultIndex.build(tmp_path)
    assert not page_changed(before, same, "note", "b.md") and not page_changed(before, same, "topic", "t")
    (tmp_path / "c.md").write_text("# C\nnow links [[b]] and [[t]]\n", encoding="utf-8")
    os.utime(tmp_path / "c.md", ns=(10**18, 10**18))
    after = VaultIndex.build(tmp_path)
    assert page_changed(before, after, "note", "b.md")  # a new backlink
    assert page_changed(before, after, "note", "c.md")  # its own file
    assert not page_changed(before, after, "note", "a.md")
    assert page_changed(before, after, "topic", "t")  # a new mention
    assert page_changed(before, after, "note", "gone.md")


def test_a_note_page_of_the_names_stage_shows_its_note_completed_and_leaves_the_index_alone(tmp_path):
    from desktop.core.loader import load_vault, open_names
    from desktop.render.page_source import PageSource

    root = tmp_path / "v"
    root.mkdir()
    (root / "a.md").write_text('# A\nsee [[b]] and [[t]] <a class="yt-timestamp" data-t="00:01:05"></a>\n',
                               encoding="utf-8")
    (root / "b.md").write_text("# B\nplain\n", encoding="utf-8")
    cache = tmp_path / "cache"
    load_vault(root, cache=cache)
    names = open_names(root, cache=cache)
    kept = names.notes["a.md"]
    source = PageSource(names)
    assert source.shown_note("a.md") is None and source.cached("note", "a.md") is None
    title, html = source.page("note", "a.md")
    note = source.shown_note("a.md")  # what the panels beside the page read, without a file read
    assert [s.seconds for s in note.stamps] == [65] and 'href="vault://note/b.md"' in html
    assert [(link.target, link.resolved) for link in note.links] == [("b", "b.md"), ("t", None)]
    assert names.notes["a.md"] is kept and kept.links == [] and kept.stamps == [] and kept.body is None
    assert source.cached("note", "a.md") == (title, html)


def _waiting(thread) -> bool:
    """Whether `thread` is blocked waiting for another thread's answer (in `Future.result`)."""
    import sys

    frame = sys._current_frames().get(thread.ident)
    while frame is not None:
        if frame.f_code.co_name == "result":
            return True
        frame = frame.f_back
    return False


def test_work_asked_on_two_threads_at_once_is_done_once():
    import threading

    from desktop.render.page_source import OneAtATime

    once, calls, answers = OneAtATime(), [], {}
    started, release = threading.Event(), threading.Event()

    def slow():
        calls.append("first")
        started.set()
        release.wait()
        return "page"

    first = threading.Thread(target=lambda: answers.setdefault("first", once(("page", "a"), slow)))
    first.start()
    started.wait()
    second = threading.Thread(target=lambda: answers.setdefault("second", once(("page", "a"),
                                                                               lambda: calls.append("second"))))
    second.start()
    while second.is_alive() and not _waiting(second):
        second.join(0.001)  # until it waits for the first one's answer (or, done on its own, has finished)
    release.set()
    first.join(), second.join()
    assert calls == ["first"] and answers == {"first": "page", "second": "page"}
    assert once(("page", "a"), lambda: "again") == "again"  # done: asked later, it is done anew
