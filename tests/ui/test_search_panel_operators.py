"""The search panel says how to search (placeholder and a help line) and takes the operators it names."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.search import OPERATORS
from desktop.ui.search_panel import SearchPanel


def _write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_panel_names_every_operator_under_the_field(qtbot):
    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.show()
    help_text = panel.help_line.text()
    assert panel.help_line.isVisible()
    for operator in OPERATORS:
        assert f"{operator}:" in help_text and f"{operator}:" in panel.query_edit.placeholderText()
    assert '"a phrase"' in help_text and "pre*" in help_text


def test_a_typed_operator_query_finds_the_notes_it_names(qtbot, tmp_path):
    root = tmp_path / "vault"
    _write(root, "Channel One/a.md", "---\ntitle: Alpha\n---\nGas and [[Flow State]].\n")
    _write(root, "Channel Two/b.md", "---\ntitle: Beta\n---\nGas and [[flow state]] too.\n")
    _write(root, "Channel Two/c.md", "---\ntitle: Gamma\n---\nGas without links.\n")
    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_vault(root.resolve(), None, indexing=False)
    panel.query_edit.setFocus()
    qtbot.keyClicks(panel.query_edit, 'gas in:"channel two" links:"Flow State"')
    with qtbot.waitSignal(panel.open_requested, timeout=10000) as opened:
        qtbot.waitUntil(lambda: bool(panel.results()), timeout=10000)
        qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)
    assert [r.path for r in panel.results()] == ["Channel Two/b.md"]
    assert opened.args[0].path == "Channel Two/b.md"
