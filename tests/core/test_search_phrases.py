"""Phrases over the position-less (detail=column) FTS5 index: asked as words, checked on the note's text."""

from __future__ import annotations

import pytest

from desktop.core import search as search_module
from desktop.core.fts_phrases import column_match, fold, phrase_check
from desktop.core.loader import load_vault, open_store, update_store
from desktop.core.search import _search_in_memory, search, search_vault
from core_helpers import stamp, write


def test_phrases_are_asked_as_their_words():
    assert column_match('"natural gas" "pri"* title : ("a b c"*)') == \
        '("natural" "gas") "pri"* title : (("a" "b" "c"*))'
    assert column_match('"one"') == '"one"'


@pytest.mark.parametrize(("match", "title", "text", "passes"), [
    ('"natural gas"', "", "buys natural gas", True),
    ('"natural gas"', "", "gas is natural", False),
    ('"natural gas"', "Natural Gas", "", True),
    ('"natural ga"*', "", "natural gases", True),
    ('"natural ga"*', "", "natural oil gas", False),
    ('title : ("natural gas")', "Oil", "natural gas", False),
    ('"natural gas" OR "coal"', "", "coal", True),
    ('"natural gas" NOT "coal"', "", "natural gas and coal", False),
    ('"natural gas" NOT "coal"', "", "natural gas", True),
    ('("natural gas" OR "wind") AND "norway"', "", "wind from norway", True),
    ('("natural gas" OR "wind") AND "norway"', "", "gas natural from norway", False),
    ('"flow state"', "", "a flow_state, in one", True),
    ('"gerd muller"', "", fold("Gerd Müller scored"), True),
])
def test_the_check_follows_the_query(match, title, text, passes):
    check = phrase_check(match)
    assert check is not None and check(fold(title), fold(text)) is passes


def test_a_query_without_phrases_needs_no_check():
    assert phrase_check('"gas" "pri"* OR "oil"') is None


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "vault"
    write(root, "apart.md", "# Apart\n" + "Gas is the cheapest natural choice. " * 30 + f"{stamp('0:10')}.\n")
    for i in range(6):
        write(root, f"also-apart-{i}.md", f"# Also {i}\nNatural light and gas lamps {stamp('0:05')}.\n")
    write(root, "together.md", f"# Together\nEurope buys natural gas from Norway {stamp('0:20')}.\n")
    write(root, "accents.md", f"# Accents\nLe Café Müller serves coffee {stamp('0:30')}.\n")
    return root


def test_a_phrase_finds_only_the_notes_holding_it_whatever_the_batch(vault, tmp_path, monkeypatch):
    store = open_store(vault.resolve(), tmp_path / "cache")
    update_store(vault.resolve(), store)
    try:
        [found] = search(store, '"natural gas"')
        assert found.path == "together.md" and found.seconds == 20
        assert "buys [natural gas] from" in found.snippet_marked("[", "]")  # the phrase marked, as one
        monkeypatch.setattr(search_module, "PHRASE_BATCH", 1)  # one candidate at a time: the same answer
        assert [r.path for r in search(store, '"natural gas"', limit=1)] == ["together.md"]
        assert [r.path for r in search(store, '"cafe muller"')] == ["accents.md"]
        assert len(search(store, "natural gas")) == 8  # the words anywhere: every note
    finally:
        store.close()


def test_the_phrase_snippet_marks_the_phrase_where_it_stands(vault, tmp_path):
    store = open_store(vault.resolve(), tmp_path / "cache")
    update_store(vault.resolve(), store)
    try:
        [found] = search(store, '"buys natural"')
        assert "Europe [buys natural] gas from Norway" in found.snippet_marked("[", "]")
    finally:
        store.close()


def test_the_cache_and_memory_agree_on_phrases(vault, tmp_path):
    index = load_vault(vault, cache=tmp_path / "cache", workers=1)
    for query in ('"natural gas"', '"natural gas" OR "cafe muller"', '"gas lamps" NOT "light"', 'title:"also 3"'):
        cached = search_vault(vault, index, None, query, cache=tmp_path / "cache")
        memory = _search_in_memory(vault.resolve(), index, None, query, 50)
        assert [(r.path, r.snippet, r.seconds) for r in cached] == [(r.path, r.snippet, r.seconds) for r in memory]
    assert [r.path for r in search_vault(vault, index, None, 'title:"also 3"', cache=tmp_path / "cache")] == \
        ["also-apart-3.md"]
