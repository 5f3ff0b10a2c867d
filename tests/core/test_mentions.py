"""Unlinked mentions: plain-text names of a note or topic in other notes, found through the full-text index."""

from __future__ import annotations

import pytest

from desktop.core import mentions as mentions_module
from desktop.core.loader import load_vault, open_store
from desktop.core.mentions import name_pattern, unlinked_mentions, unlinked_mentions_in_vault
from core_helpers import stamp, write


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "vault"
    write(root, "Flow State.md", "---\ntitle: Flow State\naliases: [the zone]\n---\n"
          "Being absorbed. Flow state appears here in its own note.\n")
    write(root, "plain.md", "---\ntitle: Plain\nvideoId: abcdefghijk\n---\n"
          f"Athletes talk about FLOW STATE a lot {stamp('00:01:10')}. Nothing else here {stamp('00:02:00')}. "
          f"Musicians call it being in the zone {stamp('00:03:00')}.\n")
    write(root, "hidden.md", "---\ntitle: Hidden\n---\n"
          "Only [[Flow State]] linked, and [a flow state link](Flow%20State.md), and `flow state` in code, "
          "and [flow state](https://example.com/flow-state).\n\n```\nflow state in a block\n```\n"
          "<span title=\"flow state\">x</span> and https://example.com/flow%20state/flow-state\n")
    write(root, "both.md", "---\ntitle: Both\n---\n"
          "This links [[Flow State]] once. Later the flow state comes back unlinked.\n")
    write(root, "near.md", "---\ntitle: Near\n---\nThe flowing state of things, overflow states, flow, state.\n")
    write(root, "topic.md", "---\ntitle: Topic Note\n---\n"
          "We discuss [[Deep Work]] here. Deep work is hard; DEEP-WORK again.\n")
    write(root, "topic2.md", "---\ntitle: Other\n---\nNewport wrote about deep work. `deep work` is code.\n")
    return root


@pytest.fixture
def index(vault, tmp_path):
    return load_vault(vault, cache=tmp_path / "cache", workers=1)


def _found(result):
    return [(m.source, m.context) for m in result.mentions]


def test_plain_mentions_are_found_with_their_sentence_and_stamp_ignoring_case(vault, index, tmp_path):
    result = unlinked_mentions_in_vault(index, "note", "Flow State.md", cache=tmp_path / "cache")
    by_source = {m.source: m for m in result.mentions if m.source == "plain.md" and "FLOW" in m.context}
    mention = by_source["plain.md"]
    assert mention.context == "Athletes talk about FLOW STATE a lot"
    assert (mention.seconds, mention.url) == (70, "https://www.youtube.com/watch?v=abcdefghijk&t=70s")
    assert mention.alias == "FLOW STATE"


def test_a_mention_inside_a_link_code_a_tag_or_a_url_is_not_counted(index, tmp_path):
    result = unlinked_mentions_in_vault(index, "note", "Flow State.md", cache=tmp_path / "cache")
    assert "hidden.md" not in {m.source for m in result.mentions}
    assert "near.md" not in {m.source for m in result.mentions}  # words, but not the name as whole words


def test_aliases_count_and_the_note_itself_is_left_out(index, tmp_path):
    result = unlinked_mentions_in_vault(index, "note", "Flow State.md", cache=tmp_path / "cache")
    assert ("plain.md", "Musicians call it being in the zone") in _found(result)
    assert "Flow State.md" not in {m.source for m in result.mentions}


def test_a_note_linking_the_name_elsewhere_shows_only_its_plain_sentence(index, tmp_path):
    result = unlinked_mentions_in_vault(index, "note", "Flow State.md", cache=tmp_path / "cache")
    assert [context for source, context in _found(result) if source == "both.md"] == \
        ["Later the flow state comes back unlinked."]
    assert _found(result) == [("both.md", "Later the flow state comes back unlinked."),
                              ("plain.md", "Athletes talk about FLOW STATE a lot"),
                              ("plain.md", "Musicians call it being in the zone")]


def test_a_topic_is_found_by_its_name_however_hyphenated(index, tmp_path):
    result = unlinked_mentions_in_vault(index, "topic", index.topic_key("Deep Work"), cache=tmp_path / "cache")
    assert _found(result) == [("topic2.md", "Newport wrote about deep work."),
                              ("topic.md", "Deep work is hard; DEEP-WORK again.")]


def test_the_count_is_capped_and_the_rest_counted(index, tmp_path):
    result = unlinked_mentions_in_vault(index, "note", "Flow State.md", limit=1, cache=tmp_path / "cache")
    assert len(result.mentions) == 1 and result.more == 2


def test_notes_past_the_reading_limit_are_counted_unread(index, tmp_path, monkeypatch):
    monkeypatch.setattr(mentions_module, "MAX_NOTES_READ", 1)
    result = unlinked_mentions_in_vault(index, "note", "Flow State.md", cache=tmp_path / "cache")
    assert result.unread >= 2 and len({m.source for m in result.mentions}) <= 1


def test_the_cache_and_the_memory_fallback_give_the_same_mentions(vault, index, tmp_path):
    from desktop.core.search import _filled

    cached = unlinked_mentions_in_vault(index, "note", "Flow State.md", cache=tmp_path / "cache")
    memory = unlinked_mentions(_filled(vault.resolve(), index, None), index, "note", "Flow State.md")
    assert _found(cached) == _found(memory) and len(cached.mentions) == 3
    store = open_store(vault.resolve(), tmp_path / "cache")
    try:
        assert _found(unlinked_mentions(store, index, "note", "Flow State.md")) == _found(cached)
    finally:
        store.close()


def test_the_name_pattern_takes_whole_words_only():
    pattern = name_pattern(["Flow State"])
    assert [m.group(0) for m in pattern.finditer("flow-state, flow_state, Flow  State, overflow state, "
                                                 "flow states, flowstate")] == ["flow-state", "flow_state",
                                                                               "Flow  State"]
    assert name_pattern(["!!"]) is None


def test_a_cache_that_cannot_serve_leaves_the_section_empty_unless_search_read_the_notes(vault, index, tmp_path):
    from desktop.core.search import search_vault

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")  # the cache folder cannot be made: no database on disk
    assert not unlinked_mentions_in_vault(index, "note", "Flow State.md", cache=blocker)
    assert search_vault(vault, index, None, "flow", cache=blocker)  # the search reads the notes into memory
    found = unlinked_mentions_in_vault(index, "note", "Flow State.md", cache=blocker)
    assert len(found.mentions) == 3
