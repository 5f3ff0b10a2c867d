"""The session alone: one home for the vault, its index, the page source, where the reader is and history."""

from __future__ import annotations

from desktop.core.index import VaultIndex
from desktop.render.navigation import Location
from desktop.ui.session import VaultSession


def test_a_new_index_of_the_same_vault_keeps_history_another_vault_starts_over(qtbot, vault_root, tmp_path):
    session = VaultSession()
    first = VaultIndex.build(vault_root)
    with qtbot.waitSignal(session.index_changed):
        session.set_index(vault_root, first)
    for key in ("alpha.md", "folder/beta.md"):
        with qtbot.waitSignal(session.location_changed, check_params_cb=lambda loc, k=key: loc.key == k):
            session.go(Location("note", key))
    old_source = session.source
    session.set_index(vault_root, VaultIndex.build(vault_root))  # stage two, a live reload
    assert session.current == Location("note", "folder/beta.md") and session.history.can_go_back()
    assert session.source is not old_source and session.source.index is session.index
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.md").write_text("# X\n", encoding="utf-8")
    with qtbot.waitSignal(session.history_changed):
        session.set_index(other, VaultIndex.build(other))
    assert session.current is None and not session.history.can_go_back()


def test_going_nowhere_says_so_and_records_nothing(qtbot, vault_root):
    session = VaultSession()
    session.set_index(vault_root, VaultIndex.build(vault_root))
    with qtbot.waitSignal(session.message) as said:
        session.go(Location("note", "missing.md"))
    assert said.args == ["No such note: missing.md"] and session.current is None


def test_page_options_reach_every_new_source(vault_root):
    session = VaultSession()
    session.configure_pages(dark=True, allow_remote=True, font_size=20)
    session.set_index(vault_root, VaultIndex.build(vault_root))
    assert (session.source.dark, session.source.allow_remote, session.source.font_size) == (True, True, 20)
