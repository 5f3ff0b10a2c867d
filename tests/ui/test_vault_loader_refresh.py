"""A change to the vault reaches the window as a patch of the index it holds (`loader.refresh_index`): the
notes that did not change are the same objects, and the index the views held is left as it was."""

from __future__ import annotations

from desktop.ui.vault_loader import VaultLoader

WAIT_MS = 30000  # a bound for a broken load only


def test_a_reload_patches_the_last_index(qtbot, fresh_vault):
    root = fresh_vault.resolve()
    loader = VaultLoader(staged=False, watch=False)
    with qtbot.waitSignal(loader.loaded, timeout=WAIT_MS) as first:
        loader.load(root)
    before = first.args[1]
    alpha_links = [(l.target, l.resolved) for l in before.notes["alpha.md"].links]

    (root / "zeta.md").write_text("---\ntitle: Zeta\n---\nZeta mentions [[alpha]].\n", encoding="utf-8")
    with qtbot.waitSignal(loader.loaded, timeout=WAIT_MS) as second:
        loader.reload()
    after = second.args[1]

    assert after is not before
    assert "zeta.md" in after.notes and "zeta.md" not in before.notes
    assert "zeta.md" in [m.source for m in after.backlinks["alpha.md"]]
    assert "zeta.md" not in [m.source for m in before.backlinks.get("alpha.md", [])]
    kept = [path for path in before.notes if after.notes[path] is before.notes[path]]
    assert kept  # patched, not loaded again: unchanged notes are the same objects
    assert [(l.target, l.resolved) for l in before.notes["alpha.md"].links] == alpha_links


def test_opening_the_vault_again_loads_it_in_full(qtbot, fresh_vault):
    """Opening again (another stamp reading, say) starts over: nothing of the last index is kept."""
    root = fresh_vault.resolve()
    loader = VaultLoader(staged=False, watch=False)
    with qtbot.waitSignal(loader.loaded, timeout=WAIT_MS) as first:
        loader.load(root)
    with qtbot.waitSignal(loader.loaded, timeout=WAIT_MS) as second:
        loader.load(root, timestamp_format="msf")
    assert second.args[1].timestamp_setting == "msf"
    assert not any(second.args[1].notes[p] is n for p, n in first.args[1].notes.items())
