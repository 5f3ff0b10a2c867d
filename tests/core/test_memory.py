"""What a load gives back when it ends (`memory.long_lived`), and what notes share instead of keeping their own."""

from __future__ import annotations

import gc
import linecache

from desktop.core import memory
from desktop.core.model import Note


def test_a_load_ends_with_the_module_sources_read_meanwhile_let_go():
    """PySide's import hook reads every imported module's source into `linecache` (10 MB in the window)."""
    linecache.getlines(memory.__file__)
    assert memory.__file__ in linecache.cache
    with memory.long_lived():
        assert memory.__file__ not in linecache.cache  # let go before the build too: not carried through its peak
        linecache.getlines(linecache.__file__)
    assert linecache.__file__ not in linecache.cache and gc.isenabled()
    assert linecache.getlines(memory.__file__)[0].startswith('"""')  # read again when a traceback asks


def test_notes_without_frontmatter_or_videos_share_one_empty_mapping():
    one, two = Note(path="a.md", title="A", body=None), Note(path="b.md", title="B", body=None)
    assert one.meta is two.meta and one.video_links is two.video_spans
    assert dict(one.meta) == {} and not one.video_links and dict(one.video_spans) == {}


def test_an_index_copies_and_pickles_with_its_shared_parts(tmp_path):
    import copy
    import pickle

    from desktop.core.index import VaultIndex
    from desktop.core.model import NO_ENTRIES
    from core_helpers import write

    write(tmp_path, "a.md", "# A\nSee [[b]] and [[Some Topic]].\n")
    write(tmp_path, "b.md", "# B\nBack to [[a]].\n")
    index = VaultIndex.build(tmp_path, workers=1)
    index.notes["a.md"].video_links = NO_ENTRIES
    for again in (copy.deepcopy(index), pickle.loads(pickle.dumps(index))):
        assert again.backlinks == index.backlinks and again.topics == index.topics
        assert again.notes["a.md"].video_links is NO_ENTRIES and again.mention_table is not index.mention_table
        assert again.mention_table.lock is not index.mention_table.lock


def test_a_full_load_links_its_notes_and_keeps_its_snapshot_without_holding_the_scan(tmp_path, monkeypatch):
    """The scan of the public vault is 11 MB: it was held through the linking and the names snapshot, the two
    highest points of a load; they come once the notes are read from the store, and the scan let go."""
    from desktop.core import loader
    from desktop.core.index import VaultIndex
    from desktop.core.vault import VaultFile
    from core_helpers import write

    for name in ("a", "b"):
        write(tmp_path / "v", f"{name}.md", f"# {name}\nSee [[a]] and [[b]].\n")
    scans_alive = []
    link, keep = VaultIndex.from_notes.__func__, loader._save_snapshot

    def linking(cls, *args, **kwargs):
        scans_alive.append(sum(isinstance(o, VaultFile) for o in gc.get_objects()))
        return link(cls, *args, **kwargs)

    def keeping(*args):
        scans_alive.append(sum(isinstance(o, VaultFile) for o in gc.get_objects()))
        return keep(*args)

    monkeypatch.setattr(VaultIndex, "from_notes", classmethod(linking))
    monkeypatch.setattr(loader, "_save_snapshot", keeping)
    index = loader.load_vault(tmp_path / "v", cache=tmp_path / "cache")
    assert sorted(index.notes) == ["a.md", "b.md"] and index.backlinks["a.md"]
    assert scans_alive == [0, 0]  # linked, then the snapshot kept: neither with the scan
