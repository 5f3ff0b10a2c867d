"""Search over big notes (issue #12): FTS5's snippet() grows with the square of a note's matches, so a big
note's snippet is found over a bounded stretch of its text, with the match marked and its stamp's second."""

from __future__ import annotations

from desktop.core import search as search_mod
from desktop.core.loader import load_vault, open_store
from desktop.core.search import ELLIPSIS, MARK_END, MARK_START, search

from core_helpers import stamp, write


def _vault_with_a_big_note(tmp_path):
    root = tmp_path / "vault"
    filler = "Plain words about the economy of nations. " * 40
    passages = [f"{filler}{stamp('00:01:00')}", f"{filler}{stamp('00:02:00')}",
                f"Here Demography begins to matter {stamp('00:03:00')}"]
    passages += [f"More on demography and {filler}{stamp('00:04:00')}"] * 200
    write(root, "big.md", "---\ntitle: Big\nvideoId: dQw4w9WgXcQ\n---\n" + "\n\n".join(passages) + "\n")
    write(root, "small.md", "---\ntitle: Small\n---\nA small note on demography.\n")
    load_vault(root, cache=tmp_path / "cache", workers=1)
    return root


def test_a_big_notes_snippet_marks_its_first_match_and_leads_to_its_stamp(tmp_path):
    root = _vault_with_a_big_note(tmp_path)
    store = open_store(root.resolve(), tmp_path / "cache")
    try:
        text_len = store.conn.execute("SELECT length(c.text) FROM search_content c JOIN search_text t ON t.id = c.id WHERE t.path = 'big.md'").fetchone()[0]
        assert text_len > search_mod.BIG_NOTE_CHARS
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        results = {r.path: r for r in search(store, "demography")}
    finally:
        store.close()
    big = results["big.md"]
    assert f"{MARK_START}Demography{MARK_END} begins to matter" in big.snippet
    assert big.snippet.startswith(ELLIPSIS) and big.snippet.endswith(ELLIPSIS)
    assert big.seconds == 180 and big.url.endswith("t=180s")
    assert MARK_START in results["small.md"].snippet
    [snippet_sql] = [s for s in statements if "snippet(" in s]
    in_list = snippet_sql.rsplit("rowid IN (", 1)[1].split(")")[0]
    assert len(in_list.split(",")) == 1  # FTS5 computed the small note's snippet only, not the big one's


def test_the_bounded_snippet_finds_phrases_and_prefixes():
    pattern = search_mod._match_pattern(search_mod.fts_query('"nuclear weapons" demog*'))
    text = "Intro words. Then nuclear   weapons appear, and demographic change too. " * 3
    snippet = search_mod._bounded_snippet(text, pattern)
    assert f"{MARK_START}nuclear   weapons{MARK_END}" in snippet and f"{MARK_START}demographic{MARK_END}" in snippet
    plain = search_mod._bounded_snippet("no match in here at all", pattern)
    assert MARK_START not in plain and plain.startswith("no match")
