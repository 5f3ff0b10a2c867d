"""An export written by forked worker processes is the one a single process writes, byte for byte."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from desktop.core.index import VaultIndex
from desktop.render.export import export_site
from render_helpers import write_vault
from test_export import tree_hash

# Run in a fresh interpreter: the workers are forked only from a process with no other thread (see
# `export._can_fork`), which a test session that ran Qt tests may not be.
PARALLEL = """
import sys
from desktop.core.index import VaultIndex
from desktop.render.export import export_site
report = export_site(VaultIndex.build(sys.argv[1], workers=1), sys.argv[2], workers=2, parallel_from=1)
print(report.workers, report.notes, report.topics, report.videos, report.files, len(report.errors))
"""


def _vault(root: Path) -> Path:
    write_vault(root)
    for i in range(30):  # enough pages for several chunks
        (root / f"many/n{i:02d}.md").parent.mkdir(exist_ok=True)
        (root / f"many/n{i:02d}.md").write_text(f"# Note {i}\nSee [[alpha]], [[topic {i % 4}]] and ![[pic.png]].\n",
                                                encoding="utf-8")
    return root


def test_pages_written_by_worker_processes_match_one_process(tmp_path):
    vault = _vault(tmp_path / "vault")
    serial = export_site(VaultIndex.build(vault, workers=1), tmp_path / "one", workers=1)
    assert serial.workers == 1
    done = subprocess.run([sys.executable, "-c", PARALLEL, str(vault), str(tmp_path / "two")],
                          capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    workers, *counts = map(int, done.stdout.split())
    assert workers == 2
    assert counts == [serial.notes, serial.topics, serial.videos, serial.files, len(serial.errors)]
    assert serial.videos > 0  # video pages are shared out among the workers too
    assert tree_hash(tmp_path / "two") == tree_hash(tmp_path / "one")  # manifest included


def test_with_threads_running_the_pages_are_written_here(tmp_path, monkeypatch):
    import threading

    from desktop.render import export

    vault = _vault(tmp_path / "vault")
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    monkeypatch.setattr(export, "ProcessPoolExecutor", lambda *a, **k: (_ for _ in ()).throw(AssertionError("forked")))
    report = export_site(VaultIndex.build(vault, workers=1), tmp_path / "site", workers=2, parallel_from=1)
    assert report.workers == 1 and report.notes == 33


def test_the_command_exports_from_the_cache_the_site_a_fresh_read_gives(tmp_path):
    """`--export-html` reads the index from the cache (bodies from the vault): the same files as an index
    read afresh, on a cold cache and a warm one."""
    from desktop.cli import main

    vault = _vault(tmp_path / "vault")
    export_site(VaultIndex.build(vault, workers=1), tmp_path / "fresh", workers=1)
    for run in ("cold", "warm"):
        assert main([str(vault), "--export-html", str(tmp_path / run)]) == 0
        assert tree_hash(tmp_path / run) == tree_hash(tmp_path / "fresh")


def test_pages_are_taken_topics_first_then_each_video_with_its_own_notes_in_one_chunk(tmp_path):
    """A video's timeline is merged from its notes' stamps, for its page and for each of its notes' strips:
    a chunk (what one worker takes) holds a video's page with all its own notes, so it is merged once."""
    from desktop.render.export import _chunks, _page_groups, _page_order
    from desktop.render.video_catalog import build_video_catalog
    from video_vault import OTHER, VID, write_video_vault

    index = VaultIndex.build(write_video_vault(tmp_path / "vault"), workers=1)
    videos = build_video_catalog(index)
    pages = _page_order(index, videos)
    assert sorted(pages) == sorted([("note", p) for p in index.notes] + [("topic", k) for k in index.topics]
                                   + [("video", v.id) for v in videos])
    kinds = [kind for kind, _ in pages]
    assert kinds[:len(index.topics)] == ["topic"] * len(index.topics)
    chunks = _chunks(_page_groups(index, videos), 1)  # as small as they come
    assert [page for chunk in chunks for page in chunk] == pages
    for vid in (VID, OTHER):
        chunk = next(chunk for chunk in chunks if ("video", vid) in chunk)
        own = videos.get(vid).notes
        assert own and all(("note", path) in chunk for path in own)
        assert chunk.index(("video", vid)) > max(chunk.index(("note", path)) for path in own)
    assert len(videos.get(VID).notes) == 2  # two notes of one video, taken together


def test_a_chunk_decodes_each_note_s_stamps_once(tmp_path):
    """A note's stamps are decoded for its page and for its video's timeline (its strip and the video's
    page): once per chunk, not once per use. The index's notes are left as they were."""
    from video_vault import write_video_vault

    index = VaultIndex.build(write_video_vault(tmp_path / "vault"), workers=1)
    decoded: dict[str, int] = {}

    def counted(path: str, stamps: list):
        def decode():
            decoded[path] = decoded.get(path, 0) + 1
            return list(stamps)
        return decode

    for path, note in index.notes.items():
        note.stamps_data = counted(path, note.stamps_data)
    before = {path: note.stamps_data for path, note in index.notes.items()}
    report = export_site(index, tmp_path / "site", workers=1)
    assert report.videos == 2 and report.notes == len(index.notes)
    assert decoded and set(decoded.values()) == {1}, decoded
    assert {path: note.stamps_data for path, note in index.notes.items()} == before
    fresh = VaultIndex.build(tmp_path / "vault", workers=1)
    assert tree_hash(tmp_path / "site") == tree_hash(export_site(fresh, tmp_path / "again", workers=1).out_dir)


def _count_reads(monkeypatch) -> Counter:
    """How many times each vault file is read (by path), from here on."""
    from desktop.core import index as index_module

    reads: Counter = Counter()
    read = index_module.read_vault_file

    def counted(file, *args, **kwargs):
        reads[file.path] += 1
        return read(file, *args, **kwargs)

    monkeypatch.setattr(index_module, "read_vault_file", counted)
    return reads


def test_a_note_of_an_index_from_the_cache_is_read_once_for_its_page_and_its_stamps(tmp_path, monkeypatch):
    """An index loaded from the cache keeps no bodies and no stamps (`StampsOfNote` reads them from the
    vault): the export reads each note's file once for its page's body and its stamps (its strip, its video's
    page), not once for each; the same site as an index read afresh."""
    from desktop.core.loader import load_vault
    from video_vault import write_video_vault

    vault = write_video_vault(tmp_path / "vault")
    fresh = export_site(VaultIndex.build(vault, workers=1), tmp_path / "fresh", workers=1)
    load_vault(vault, cache=tmp_path / "cache", workers=1)
    cached = load_vault(vault, cache=tmp_path / "cache", workers=1)
    reads = _count_reads(monkeypatch)
    report = export_site(cached, tmp_path / "site", workers=1)
    assert report.videos == fresh.videos == 2
    assert reads == Counter({path: 1 for path in cached.notes})
    assert tree_hash(tmp_path / "site") == tree_hash(tmp_path / "fresh")
    assert all(note.body is None for note in cached.notes.values())  # the index is left as it was


def test_the_command_reads_each_note_once_on_a_warm_cache(tmp_path, monkeypatch):
    """`--export-html` on a warm cache reads each note's file once (its page and stamps together): its stamps
    are not read ahead of the export as well."""
    from desktop.cli import main
    from video_vault import write_video_vault

    vault = write_video_vault(tmp_path / "vault")  # no note embeds another (that one is read for both pages)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main([str(vault), "--export-html", str(tmp_path / "cold")]) == 0
    reads = _count_reads(monkeypatch)
    assert main([str(vault), "--export-html", str(tmp_path / "warm")]) == 0
    assert reads and set(reads.values()) == {1}
    assert tree_hash(tmp_path / "warm") == tree_hash(tmp_path / "cold")


def test_a_worker_writes_its_chunk_with_the_collector_paused_then_collects_its_cycles(tmp_path, monkeypatch):
    """On a worker process, the cyclic collector is paused while a chunk is written (Markdown's pages make
    hundreds of short-lived containers each, which set off a collection every few hundred) and run once at
    the end: what the chunk left in reference cycles is collected, and the collector is running again."""
    import gc
    import os
    import weakref

    from desktop.render import export
    from desktop.render.linker import SitePaths
    from desktop.render.video_catalog import build_video_catalog

    vault = _vault(tmp_path / "vault")
    index = VaultIndex.build(vault, workers=1)
    kept = export._KeptStamps(index.notes)
    videos = build_video_catalog(index, kept.notes)
    site = SitePaths(index.notes, index.topics, export.exportable_files(index), videos.videos)
    out = tmp_path / "site"
    out.mkdir()
    monkeypatch.setattr(export, "_forked", (index, videos, site, out, os.path.realpath(vault), kept))

    class Cycle:
        pass

    seen = {"enabled": [], "cycles": []}
    render = export.render_topic_page

    def rendering(*args, **kwargs):
        seen["enabled"].append(gc.isenabled())
        cycle = Cycle()
        cycle.me = cycle
        seen["cycles"].append(weakref.ref(cycle))
        return render(*args, **kwargs)

    monkeypatch.setattr(export, "render_topic_page", rendering)
    collections = []
    gc.callbacks.append(collect_seen := lambda phase, info: collections.append(phase))
    try:
        assert gc.isenabled()
        part = export._write_pages_forked([("topic", key) for key in index.topics])
    finally:
        gc.callbacks.remove(collect_seen)
    assert part.topics == len(index.topics) > 1
    assert seen["enabled"] == [False] * len(index.topics)
    assert collections == ["start", "stop"]  # one collection, at the end
    assert gc.isenabled() and all(ref() is None for ref in seen["cycles"])
