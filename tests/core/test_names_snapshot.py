"""The names stage's fast paths: the store's snapshot, the helper process, and the collector pause."""

import gc
import marshal
import weakref

import pytest

from desktop.core import loader
from desktop.core.loader import (
    SNAPSHOT_FORMAT,
    index_from_names,
    load_vault,
    names_from_heads,
    names_value,
    open_names,
    open_store,
)
from desktop.core.memory import long_lived
from desktop.core.prefetch import start_prefetch
from desktop.core.store import database_path, has_current_snapshot
from desktop.paths import cache_dir
from core_helpers import write


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "vault"
    write(root, "a1b2c3.md", "---\ntitle: Energy Security\naliases: [Gas Supply]\nvideoId: abcdefghijk\n---\nx")
    write(root, "talks/d4e5f6.md", "---\ntitle: Natural Gas Prices\n---\nSee [[energy security]].")
    write(root, "other/d4e5f6.md", "# Same Stem Elsewhere\n")
    write(root, "img/map.png", "not really a png")
    return root.resolve()


def names_of(index):
    return {p: (n.title, n.aliases, n.video_id, n.size, n.mtime_ns) for p, n in index.notes.items()}


ANSWERS = ["Energy Security", "gas supply", "energy_security", "d4e5f6", "talks/d4e5f6", "map.png", "no such"]


def answers(index, from_path="talks/d4e5f6.md"):
    return [index.resolve(target, from_path) for target in ANSWERS]


def test_a_full_load_leaves_a_snapshot_that_the_next_start_reads_alone(vault, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    full = load_vault(vault, cache=cache)
    assert has_current_snapshot(database_path(cache, vault), vault, SNAPSHOT_FORMAT)
    monkeypatch.setattr(loader, "scan_vault", lambda root: pytest.fail("scanned"))
    monkeypatch.setattr(loader.VaultIndex, "from_notes", lambda *a: pytest.fail("rebuilt the resolver"))
    names = open_names(vault, cache=cache)
    assert not names.complete
    assert names_of(names) == names_of(full)
    assert names.attachments == full.attachments == ["img/map.png"]
    assert answers(names) == answers(full)
    assert answers(names)[:3] == ["a1b2c3.md"] * 3


def test_a_change_makes_the_snapshot_stale_until_the_next_full_load(vault, tmp_path):
    cache = tmp_path / "cache"
    load_vault(vault, cache=cache)
    write(vault, "new.md", "---\ntitle: Brand New\n---\n")
    load_vault(vault, cache=cache)
    assert open_names(vault, cache=cache).resolve("Brand New") == "new.md"
    store = open_store(vault, cache)
    generation = store.generation()
    store.save([], removed=["new.md"])  # another instance saved meanwhile
    assert store.load_snapshot(SNAPSHOT_FORMAT) is None
    assert not store.save_snapshot(generation, SNAPSHOT_FORMAT, b"taken before that save")
    store.close()
    assert not has_current_snapshot(database_path(cache, vault), vault, SNAPSHOT_FORMAT)
    assert open_names(vault, cache=cache).resolve("Brand New") is None


def test_a_snapshot_of_another_format_is_retaken_by_the_next_full_load(vault, tmp_path):
    cache = tmp_path / "cache"
    load_vault(vault, cache=cache)
    store = open_store(vault, cache)
    store.conn.execute("UPDATE snapshot SET form = 'names-0/py2.7', value = x'00'")
    assert store.load_snapshot(SNAPSHOT_FORMAT) is None
    store.close()
    assert not has_current_snapshot(database_path(cache, vault), vault, SNAPSHOT_FORMAT)
    load_vault(vault, cache=cache)  # nothing changed in the vault, yet the snapshot is taken again
    assert has_current_snapshot(database_path(cache, vault), vault, SNAPSHOT_FORMAT)


@pytest.mark.parametrize("damage", ["garbage", "a byte changed"])
def test_a_damaged_snapshot_is_passed_over(vault, tmp_path, caplog, damage):
    """A snapshot that is no LZ4 frame, or one whose content no longer matches its checksum (never handed to
    marshal), is said to be unreadable; the names are read instead."""
    cache = tmp_path / "cache"
    full = load_vault(vault, cache=cache)
    store = open_store(vault, cache)
    (kept,) = store.conn.execute("SELECT value FROM snapshot").fetchone()
    middle = len(kept) // 2
    value = b"\x00garbage" if damage == "garbage" else kept[:middle] + bytes([kept[middle] ^ 0x55]) + kept[middle + 1:]
    store.conn.execute("UPDATE snapshot SET value = ?", (value,))
    store.close()
    assert names_of(open_names(vault, cache=cache)) == names_of(full)
    assert "names snapshot unreadable" in caplog.text


def test_names_from_heads_survive_the_trip_through_bytes(vault):
    heads = names_from_heads(vault)
    again = index_from_names(vault, names_value(heads))
    assert names_of(again) == names_of(heads)
    assert answers(again) == answers(heads)
    assert index_from_names(vault, b"not marshal") is None


def test_the_helper_reads_a_new_vault_writes_nothing_and_stays_quiet_about_a_known_one(vault):
    before = {p: p.stat().st_mtime_ns for p in vault.rglob("*")}
    prefetch = start_prefetch(vault)
    value = prefetch.result(timeout=60)
    assert value, "the helper sent no names for a vault the cache does not know"
    helped = index_from_names(vault, value)
    assert names_of(helped) == names_of(names_from_heads(vault))
    assert prefetch.result() is None  # handed over once
    assert {p: p.stat().st_mtime_ns for p in vault.rglob("*")} == before
    assert not database_path(cache_dir(), vault).exists()  # the store is the window's to write

    load_vault(vault)  # the default cache: the one the helper looks at
    assert start_prefetch(vault).result(timeout=60) is None


def test_open_names_takes_the_helpers_names_only_when_the_cache_has_none(vault, tmp_path):
    cache = tmp_path / "cache"
    calls = []
    heads = names_value(names_from_heads(vault))
    helped = open_names(vault, cache=cache, prefetched=lambda: calls.append(1) or heads)
    assert calls == [1] and names_of(helped) == names_of(names_from_heads(vault))
    assert open_names(vault, cache=cache, prefetched=lambda: None).notes.keys() == helped.notes.keys()
    load_vault(vault, cache=cache)
    open_names(vault, cache=cache, prefetched=lambda: pytest.fail("asked the helper despite a snapshot"))


def test_a_cancelled_helper_is_gone(vault):
    prefetch = start_prefetch(vault)
    process = prefetch._process
    prefetch.cancel()
    assert process.returncode is not None
    assert prefetch.result() is None


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_long_lived_pauses_the_collector_then_freezes_what_it_built():
    assert gc.isenabled()
    with long_lived():
        assert not gc.isenabled()
        node = _Node()
        ref = weakref.ref(node)
    assert gc.isenabled() and gc.get_freeze_count() > 0
    del node
    gc.collect()
    assert ref() is not None  # frozen: the collector no longer walks it
    gc.unfreeze()
    gc.collect()
    assert ref() is None


def test_a_dropped_index_leaves_no_cycles_behind(vault, tmp_path):
    """What `long_lived` freezes must be freed by reference counting alone once the window drops it."""
    cache = tmp_path / "cache"
    write(vault, "topics.md", "[[Flow State]] and [[energy security#Gas|gas]] ![[map.png]] [[#Local]]\n# Local\n")
    indexes = [load_vault(vault, cache=cache), open_names(vault, cache=cache), names_from_heads(vault)]
    indexes[0].notes["topics.md"].stamps  # decoded, as when shown
    assert indexes[0].topics and indexes[0].backlinks
    gc.unfreeze()
    gc.collect()
    del indexes
    assert gc.collect() == 0  # nothing unreachable: all of it went with its last reference


def test_a_cancelled_helper_answers_a_waiting_reader_at_once(tmp_path):
    import subprocess
    import sys
    import threading

    from desktop.core.prefetch import Prefetch

    # a helper that never answers: it waits on its stdin, which nobody writes
    slow = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    prefetch = Prefetch(tmp_path, slow)
    answers = []
    reader = threading.Thread(target=lambda: answers.append(prefetch.result(timeout=60)))
    reader.start()
    prefetch.cancel()
    reader.join(timeout=30)
    assert not reader.is_alive() and answers == [None]
    assert slow.returncode is not None


def test_names_from_the_snapshot_keep_one_copy_of_each_path(vault, tmp_path):
    """marshal shares objects only within one part of the snapshot: the rows' paths are the very objects the
    resolver's tables hold, so a path is kept once, not once per table (and resolving still answers)."""
    full = load_vault(vault, cache=tmp_path)
    names = index_from_names(vault, names_value(full))
    paths = {id(p) for p in names.notes}
    state = names.resolver.state()[1:]
    held = [p for table in state for value in table.values()
            for p in (value if isinstance(value, list) else [value]) if p in names.notes]
    held += [key for table in state for key, value in table.items() if isinstance(value, str) and key in names.notes]
    assert held and all(id(p) in paths for p in held)
    assert [names.resolve(a) for a in ANSWERS] == [full.resolve(a) for a in ANSWERS]


def test_the_full_load_takes_the_resolver_of_the_names_it_was_shown_with(vault, tmp_path):
    """The window keeps the names stage up while the full index loads: with the same names, the full index
    shares its resolver and name strings instead of a second copy of each, and links exactly as it would."""
    load_vault(vault, cache=tmp_path)
    names = open_names(vault, cache=tmp_path)
    full = load_vault(vault, cache=tmp_path, names=names)
    alone = load_vault(vault, cache=tmp_path / "other")
    assert full.resolver is names.resolver
    assert all(full.notes[p].path is names.notes[p].path for p in names.notes)
    # and its alias lists, sizes and times: until the names stage is let go, they are not held twice
    assert all(full.notes[p].aliases is names.notes[p].aliases and full.notes[p].mtime_ns is names.notes[p].mtime_ns
               for p in names.notes)
    assert answers(full) == answers(alone) and full.backlinks == alone.backlinks and full.topics == alone.topics


def test_names_that_changed_since_make_their_own_resolver(vault, tmp_path):
    load_vault(vault, cache=tmp_path)
    names = open_names(vault, cache=tmp_path)
    write(vault, "talks/d4e5f6.md", "---\ntitle: Energy Security Now\n---\nSee [[energy security]].")
    full = load_vault(vault, cache=tmp_path, names=names)
    assert full.resolver is not names.resolver
    assert full.resolve("Energy Security Now") == "talks/d4e5f6.md"


def test_the_store_keeps_the_snapshot_compressed(vault, tmp_path):
    """Paths repeat through the snapshot: the cache keeps it compressed (at the public vault 20 MB -> 7.5 MB)."""
    cache = tmp_path / "cache"
    full = load_vault(vault, cache=cache)
    store = open_store(vault, cache)
    kept = store.load_snapshot(SNAPSHOT_FORMAT)
    store.close()
    assert len(kept) < len(names_value(full)) / 2 and loader.unpacked_snapshot(kept) == names_value(full)
    assert names_of(open_names(vault, cache=cache)) == names_of(full)


def test_a_snapshot_is_compressed_as_it_is_marshalled_never_held_whole_twice(tmp_path):
    """Kept at the end of a full load, beside the index just built: one `marshal.dumps` of every part's bytes
    held them twice (at the public vault 54 MB for a moment, the window's highest point). The pieces are
    compressed as they are made, and read back as one value."""
    import tracemalloc

    from desktop.core.index import VaultIndex
    from desktop.core.model import Note

    notes = [Note(path=f"channel {i % 40}/note number {i}.md", title=f"A title of note {i}", body=None,
                  aliases=[f"alias {i}"]) for i in range(5000)]
    index = VaultIndex.from_notes(tmp_path, notes, [f"pics/{i}.png" for i in range(500)], [])

    class Store:  # what `_save_snapshot` asks of the store
        value = None

        def has_snapshot(self, generation, form):
            return False

        def save_snapshot(self, generation, form, value):
            self.value = value
            return True

    store, size = Store(), len(names_value(index))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        loader._save_snapshot(store, 1, index)
        held = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert held < 1.5 * size  # was over 3 times its size (1.7 with the resolver's tables made all at once)
    assert names_of(index_from_names(tmp_path, loader.unpacked_snapshot(store.value))) == names_of(index)


def test_a_full_load_keeps_its_snapshot_on_a_thread_beside_the_linking(vault, tmp_path, monkeypatch):
    """The snapshot is made of the names and the resolver, not of the links: it is kept on a thread of its own
    while the linking runs (its compression and write let go of the interpreter lock: on a cold load they ran
    after the linking, on one core), with the names stage's resolver or one made for it (the command line),
    and the load returns once it is kept. The same snapshot either way."""
    import threading

    kept = []
    keep = loader._save_snapshot

    def keeping(store, generation, index):
        kept.append((threading.current_thread() is not threading.main_thread(), index.resolver is not None))
        keep(store, generation, index)

    monkeypatch.setattr(loader, "_save_snapshot", keeping)
    alone = load_vault(vault, cache=tmp_path)
    store = loader.open_store(vault, tmp_path)
    assert loader._names_from_snapshot(vault, store) is not None  # kept by the time the load returned
    store.close()
    names = open_names(vault, cache=tmp_path)
    full = load_vault(vault, cache=tmp_path, names=names)
    assert kept == [(True, True), (True, True)]
    assert full.resolver is names.resolver and full.backlinks == alone.backlinks and full.topics == alone.topics
    parts = lambda index: [marshal.loads(part) for part in marshal.loads(names_value(index))]  # noqa: E731
    assert parts(full) == parts(alone)  # the same names and tables (marshal marks shared objects its own way)
