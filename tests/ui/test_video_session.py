"""The session's videos: built on a worker once per full index, kept across a reload of the same vault until
the new one is in, dropped for another vault; `video:ID` names a video page."""

from __future__ import annotations

import threading

from desktop.core.index import VaultIndex
from desktop.render import video_catalog
from desktop.render.navigation import Location
from desktop.ui import session as session_module
from desktop.ui.session import VaultSession
from tests.render.video_vault import VID, write_video_vault


def test_the_catalog_is_built_off_the_gui_thread_and_video_pages_exist_once_it_is_in(qtbot, tmp_path, monkeypatch):
    root = write_video_vault(tmp_path / "vault")
    threads = []

    def build(index):
        threads.append(threading.current_thread())
        return video_catalog.build_video_catalog(index)

    monkeypatch.setattr(session_module, "build_video_catalog", build)
    session = VaultSession()
    with qtbot.waitSignal(session.videos_changed, timeout=10000) as built:
        session.set_index(root, VaultIndex.build(root, workers=1))
        assert session.videos is None and not session.exists(Location("video", VID))
    assert threads and threads[0] is not threading.main_thread()
    assert built.args[0] is session.videos is session.source.videos
    assert session.exists(Location("video", VID))
    assert session.find(f"video:{VID}") == Location("video", VID)
    assert session.find(" video: zzzzzzzzzzz") is None
    assert session.find("First note") == Location("note", "chan/first.md")

    previous = session.videos
    with qtbot.waitSignal(session.videos_changed, timeout=10000):
        session.set_index(root, VaultIndex.build(root, workers=1))  # a reload: the old catalog serves meanwhile
        assert session.videos is previous and session.source.videos is previous
    assert session.videos is not previous

    other = tmp_path / "other"
    other.mkdir()
    (other / "x.md").write_text("# X\n", encoding="utf-8")
    with qtbot.waitSignal(session.videos_changed, timeout=10000):
        session.set_index(other, VaultIndex.build(other, workers=1))
        assert session.videos is None  # another vault: none of the first one's videos
    assert len(session.videos) == 0


def test_a_names_only_index_builds_no_catalog(qtbot, tmp_path, monkeypatch):
    root = write_video_vault(tmp_path / "vault")
    index = VaultIndex.build(root, workers=1)
    index.complete = False  # what stage one hands over
    calls = []
    monkeypatch.setattr(session_module, "build_video_catalog", lambda i: calls.append(i))
    session = VaultSession()
    session.set_index(root, index)
    assert session.videos is None and calls == []
