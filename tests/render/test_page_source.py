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
