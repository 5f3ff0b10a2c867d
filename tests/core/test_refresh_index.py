"""A change read into the index by patching it (`loader.refresh_index`): the result equals a full rebuild,
and the index the views still hold is left as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.core import loader
from desktop.core.index import VaultIndex
from desktop.core.loader import load_vault, refresh_index
from core_helpers import stamp, write


def vault(root: Path) -> Path:
    write(root, "talks/flow_state.md", "---\ntitle: Flow State\nvideoId: abcdefghijk\n---\n"
          f"Flow is a state of focus {stamp('00:01:00')}. It links [[deep work]] and [[Recovery|rest]] "
          f"{stamp('00:02:30')}.\n\nAlso [[Sleep]] and [[sleep|a nap]] and [[Sleep]] {stamp('00:03:00')}.\n")
    write(root, "talks/a1b2c3.md", "---\ntitle: Working Deeply\nvideoId: ABCDEFGHIJK\naliases: [Deep Work]\n---\n"
          f"Being in [[flow_state | flow]] matters {stamp('00:00:10')}. Sleep and [[Recovery]] too "
          f"{stamp('00:00:20')}.\n")
    write(root, "other.md", f"# Other note\nSee [[recovery]] and [[Flow State]] {stamp('1:05')}. "
          "A picture ![[img/pic.png]] and a missing one ![[gone.png]], [[#Other note]] here.\n")
    write(root, "z/last.md", "---\ntitle: Last\n---\nOnly [[sleep]] and [[Working Deeply]] and [[Nowhere]].\n")
    write(root, "img/pic.png", "not really a png")
    return root


def dump(index: VaultIndex, stamps: bool = True) -> dict:
    """Everything a view reads of an index, as plain values (order kept where order is shown). Without the
    stamps for an index of files since changed: its stamps left in the cache are then read from the files."""
    def mention(m):
        return (m.source, m.context, m.seconds, m.url, m.alias, m.anchor, m.other_aliases)

    return {
        "notes": [(p, n.title, n.aliases, n.video_id, n.size, n.mtime_ns, n.timestamp_format, n.warnings,
                   [(l.target, l.heading, l.alias, l.embed, l.resolved, l.start, l.end, l.context, l.seconds,
                     l.markdown, l.stamp_url) for l in n.links],
                   [(s.label, s.seconds, s.url, s.context) for s in n.peek_stamps()] if stamps else None,
                   n.video_links,
                   dict(n.video_spans)) for p, n in index.notes.items()],
        "attachments": index.attachments,
        "backlinks": {k: [mention(m) for m in v] for k, v in sorted(index.backlinks.items())},
        "topics": [(k, t.name, t.target, t.other_names, [mention(m) for m in t.mentions])
                   for k, t in index.topics.items()],
        "warnings": sorted((w.path, w.message) for w in index.warnings),
        "setting": index.timestamp_setting,
        "complete": index.complete,
    }


def touch_later(path: Path) -> None:
    """A new mtime for an edited file, whatever the file system's clock granularity."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def edit(root: Path) -> None:
    path = write(root, "talks/a1b2c3.md", "---\ntitle: Working Deeply\nvideoId: ABCDEFGHIJK\naliases: [Deep Work]\n"
                 f"---\nNow [[Sleep]] and [[Nowhere|no place]] {stamp('00:00:15')}. And [[Flow State]].\n")
    touch_later(path)


def add_answering_a_topic(root: Path) -> None:
    write(root, "notes/sleep.md", f"---\ntitle: Sleep\n---\nOn sleep, see [[Recovery]] {stamp('00:04:00')}.\n")


def delete(root: Path) -> None:
    (root / "talks/flow_state.md").unlink()


def rename(root: Path) -> None:
    (root / "talks/a1b2c3.md").rename(root / "talks/deep.md")


def retitle(root: Path) -> None:
    path = write(root, "z/last.md", "---\ntitle: Recovery\n---\nOnly [[sleep]] and [[Working Deeply]].\n")
    touch_later(path)


def unreadable(root: Path) -> None:
    path = root / "other.md"
    path.write_bytes(b"\xff\xfe\x00\x00" * 4 + b"\x00" * 64)
    touch_later(path)


def add_attachment(root: Path) -> None:
    write(root, "gone.png", "now here")


def several(root: Path) -> None:
    edit(root)
    add_answering_a_topic(root)
    delete(root)
    write(root, "n/new.md", "A note linking [[Last]] and [[Sleep]].\n")


@pytest.mark.parametrize("change", [edit, add_answering_a_topic, delete, rename, retitle, unreadable,
                                    add_attachment, several])
def test_a_refreshed_index_equals_a_full_rebuild(tmp_path, change):
    root = vault(tmp_path / "vault")
    cache = tmp_path / "cache"
    before = load_vault(root, cache=cache, workers=1)
    shown = dump(before, stamps=False)

    change(root)
    after = refresh_index(before, cache=cache, workers=1)

    assert dump(after) == dump(load_vault(root, cache=tmp_path / "other-cache", workers=1))
    assert dump(before, stamps=False) == shown  # the views' index is never touched
    assert after is not before


def test_an_unchanged_vault_gives_an_equal_index(tmp_path):
    root = vault(tmp_path / "vault")
    before = load_vault(root, cache=tmp_path / "cache", workers=1)
    after = refresh_index(before, cache=tmp_path / "cache", workers=1)
    assert dump(after) == dump(before)


def test_a_refresh_reads_only_the_changed_notes_from_the_cache(tmp_path, monkeypatch):
    root = vault(tmp_path / "vault")
    before = load_vault(root, cache=tmp_path / "cache", workers=1)
    edit(root)
    asked: list = []
    load_notes = loader.IndexStore.load_notes

    def recording(store, paths=None, stamps=True):
        asked.append(None if paths is None else sorted(paths))
        return load_notes(store, paths, stamps)

    monkeypatch.setattr(loader.IndexStore, "load_notes", recording)
    refresh_index(before, cache=tmp_path / "cache", workers=1)
    assert asked == [["talks/a1b2c3.md"]]


def test_a_names_only_index_is_loaded_in_full(tmp_path):
    root = vault(tmp_path / "vault")
    names = loader.open_names(root, cache=tmp_path / "cache")
    assert not names.complete
    full = refresh_index(names, cache=tmp_path / "cache", workers=1)
    assert full.complete
    assert dump(full) == dump(load_vault(root, cache=tmp_path / "other-cache", workers=1))


def test_the_names_snapshot_is_kept_after_the_refresh_when_asked(tmp_path):
    """The window refreshes without the snapshot (the change shows sooner) and keeps it afterwards: the next
    start's names stage reads the new note from it; a snapshot of an index the cache no longer holds is not
    kept."""
    root = vault(tmp_path / "vault")
    cache = tmp_path / "cache"
    before = load_vault(root, cache=cache, workers=1)
    add_answering_a_topic(root)
    after = refresh_index(before, cache=cache, workers=1, snapshot=False)
    store = loader.open_store(root, cache)
    try:
        assert store.load_snapshot(loader.SNAPSHOT_FORMAT) is None  # not kept by the refresh
    finally:
        store.close()

    assert not loader.keep_names_snapshot(before, cache=cache)  # the cache holds a newer state than this
    assert loader.keep_names_snapshot(after, cache=cache)
    store = loader.open_store(root, cache)
    try:
        names = loader.index_from_names(root, loader.unpacked_snapshot(store.load_snapshot(loader.SNAPSHOT_FORMAT)))
    finally:
        store.close()
    assert "notes/sleep.md" in names.notes and names.resolve("Sleep") == "notes/sleep.md"


def test_refreshes_one_after_another_equal_a_full_rebuild_and_leave_each_earlier_index_as_it_was(tmp_path):
    """Each patched index adds its mentions to the table it shares with the one before (`MentionTable`)."""
    root = vault(tmp_path / "vault")
    cache = tmp_path / "cache"
    index = load_vault(root, cache=cache, workers=1)
    earlier = []
    for change in (edit, add_answering_a_topic, retitle, delete):
        earlier.append((index, dump(index, stamps=False)))
        change(root)
        index = refresh_index(index, cache=cache, workers=1)
        assert dump(index) == dump(load_vault(root, cache=tmp_path / f"other-{change.__name__}", workers=1))
    assert all(dump(old, stamps=False) == shown for old, shown in earlier)
