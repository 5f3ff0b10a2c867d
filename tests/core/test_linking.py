"""Linking the notes (`core.linking`): the mentions an index keeps compactly read as the same `Mention`s
whether the notes were parsed or loaded from the cache, and a sentence's links to one page are one mention."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.core.index import VaultIndex
from desktop.core.linking import sentences_of
from desktop.core.loader import load_vault
from desktop.core.model import Link, Mention, MentionList, MentionTable
from core_helpers import stamp, write


@pytest.fixture
def vault(tmp_path) -> Path:
    root = tmp_path / "vault"
    write(root, "a.md", "---\ntitle: Alpha\nvideoId: abcdefghijk\n---\n"
          f"Flow [[Topic One|first]] and [[topic_one|again]] and [[Topic One|first]] {stamp('00:01:00')}. "
          "Then [[b]] cites another talk and [[b|the b note]] [1:30](https://youtu.be/ZYXWVUTSRQP?t=90).\n\n"
          f"![[b]]\n\n![[missing.png]] and [[#Here]] and [[a]] {stamp('00:02:00')}.\n")
    write(root, "b.md", "# Bee\nBack to [[a]] and [[Topic One]], ![[pic.png]] too.\n")
    write(root, "c/c.md", f"# Sea\n[[Topic One#Part|part]] {stamp('0:10')}.\n\n![[b#Heading]]\n")
    write(root, "pic.png", "not really a png")
    return root


def fields(mention: Mention) -> tuple:
    return (mention.source, mention.context, mention.seconds, mention.url, mention.alias, mention.anchor,
            mention.ordinal, mention.other_aliases)


def test_a_sentence_linking_one_topic_thrice_is_one_mention_with_its_other_texts(vault):
    index = VaultIndex.build(vault, workers=1)
    mentions = index.mentions_of("topic", "topicone")
    assert isinstance(mentions, MentionList) and len(mentions) == 3
    first = mentions[0]
    assert (first.source, first.seconds, first.alias, first.other_aliases, first.anchor) == (
        "a.md", 60, "first", ("again",), "link-0")
    assert first.url == "https://www.youtube.com/watch?v=abcdefghijk&t=60s"
    assert [m.source for m in mentions] == mentions.sources() == ["a.md", "b.md", "c/c.md"]
    assert mentions[-1].alias == "part" and mentions[-1].url is None  # c.md names no video
    assert [fields(m) for m in mentions[1:]] == [fields(m) for m in list(mentions)[1:]]
    assert index.topics["topicone"].note_count == 3


def test_backlinks_keep_each_sentence_once_per_page_with_its_own_stamp_url_and_picture_anchor(vault):
    index = VaultIndex.build(vault, workers=1)
    to_b = index.mentions_of("note", "b.md")
    assert [(m.source, m.alias, m.other_aliases, m.anchor) for m in to_b] == [
        ("a.md", None, ("the b note",), "link-3"), ("a.md", None, (), "link-5"), ("c/c.md", None, (), "link-1")]
    assert to_b[0].url == "https://www.youtube.com/watch?v=ZYXWVUTSRQP&t=90s"  # the sentence's stamp, another video
    assert to_b[1].context == "b"  # an embed on a line of its own says what it links
    assert to_b[2].context == "b › Heading"
    assert [m.source for m in index.mentions_of("note", "a.md")] == ["b.md"]  # its own links are no backlinks
    assert index.mentions_of("note", "pic.png")[0].ordinal is None  # a picture has no anchor of its own
    assert "missing" not in index.topics and index.mentions_of("topic", "missing") == []


def test_an_index_from_the_cache_reads_as_the_parsed_one(vault, tmp_path):
    parsed = VaultIndex.build(vault, workers=1)
    load_vault(vault, cache=tmp_path / "cache")
    cached = load_vault(vault, cache=tmp_path / "cache")
    for kind, pages in (("note", parsed.backlinks), ("topic", parsed.topics)):
        for key in pages:
            assert [fields(m) for m in cached.mentions_of(kind, key)] == \
                [fields(m) for m in parsed.mentions_of(kind, key)]
    assert cached.backlinks == parsed.backlinks and cached.topics == parsed.topics
    assert list(cached.topics) == list(parsed.topics)


def test_a_window_index_keeps_no_sentence_and_cuts_each_from_its_note_when_read(vault, tmp_path, monkeypatch):
    """The sentences were 30 MB of the window at the public vault: the index cuts a mention's sentence from its
    note's compressed links when a view reads it, and keeps only the last few notes' sentences decoded."""
    parsed = VaultIndex.build(vault, workers=1)
    load_vault(vault, cache=tmp_path / "cache")
    index = load_vault(vault, cache=tmp_path / "cache")
    table = index.mention_table
    assert not table.keep_sentences and not table._sentences  # linking and sorting the topics decoded none
    assert all(isinstance(value, int) for value in table.values)  # seconds: link texts are read off the notes
    topic = index.topic_key("Topic One")
    assert [m.source for m in index.mentions_of("topic", topic)] == ["a.md", "b.md", "c/c.md"]
    assert not table._sentences  # a pass reading only where mentions are cuts no sentence either
    monkeypatch.setattr(MentionTable, "SENTENCES_KEPT", 1)
    for kind, pages in (("note", parsed.backlinks), ("topic", parsed.topics)):
        for key in pages:
            read = [fields(m) for m in index.mentions_of(kind, key)]
            assert read == [fields(m) for m in parsed.mentions_of(kind, key)]
            assert not ({m[1] for m in read} - {m[4] for m in read}) & set(table.values)  # link texts are kept
            assert len(table._sentences) == 1  # the last note read


def test_a_pass_over_every_page_keeps_every_sentence_decoded_once(vault, tmp_path, monkeypatch):
    """`--inspect` reads every mention: the index decodes each note's sentences once, while linking, rather than
    once per page."""
    load_vault(vault, cache=tmp_path / "cache")
    index = load_vault(vault, cache=tmp_path / "cache", every_page=True)
    table = index.mention_table
    assert table.keep_sentences and set(table._sentences) == set(range(len(table.paths)))
    monkeypatch.setattr(table, "sentences_of", None)  # nothing left to decode
    assert [m.context for m in index.mentions_of("note", "b.md")] == [
        "Then b cites another talk and the b note", "b", "b › Heading"]


def test_relinking_again_gives_the_same_mentions(vault):
    index = VaultIndex.build(vault, workers=1)
    before = {key: [fields(m) for m in found] for key, found in index.backlinks.items()}
    topics = {key: (t.name, t.target, t.other_names, [fields(m) for m in t.mentions])
              for key, t in index.topics.items()}
    index.relink()
    assert {key: [fields(m) for m in found] for key, found in index.backlinks.items()} == before
    assert {key: (t.name, t.target, t.other_names, [fields(m) for m in t.mentions])
            for key, t in index.topics.items()} == topics


def test_a_mention_list_reads_like_a_list_of_mentions():
    table = MentionTable(sentences_of)
    links = [Link("a", None, "x", False, None, 0, 5, context="One."), Link("b.png", None, None, True, None, 9, 19,
                                                                          context="Two.")]
    source = table.source("n.md", "abcdefghijk", links)
    assert table.value("x") == table.value("x")  # each value once
    extra = table.extra("y", "https://o/", ("z",))
    mentions = MentionList.of_entries(table, [(source, 0, table.value(5), 0, table.value("x")),
                                              (source, -1, -1, 1, -2 - extra)])
    assert len(mentions) == 2 and bool(mentions) and not MentionList()
    one, two = mentions
    assert (one.context, two.context) == ("One.", "Two.")  # each cut from the link it names
    assert (one.url, one.anchor, one.other_aliases) == ("https://www.youtube.com/watch?v=abcdefghijk&t=5s",
                                                        "link-0", ())
    assert (two.url, two.anchor, two.alias, two.other_aliases) == ("https://o/", None, "y", ("z",))
    assert mentions[-1] == two and mentions[:1] == [one] and mentions == [one, two]
    assert mentions != [one] and MentionList() == []
    with pytest.raises(IndexError):
        mentions[2]


def test_the_ways_a_topic_is_written_count_as_a_counter_would_keeping_one_met_once_as_itself():
    """A Counter for each topic and each of its texts was 9 MB of the public vault's load, most topics linked
    once: a spelling met once stays a string, and what is counted reads as the Counter of the same order."""
    from collections import Counter

    from desktop.core.linking import _counted, _tally

    table: dict = {}
    _tally(table, "once", "Only")
    assert table["once"] == "Only" and _counted(table["once"]) == Counter(["Only"])
    written = ["b", "a", "a", "b", "c", "a"]
    for spelling in written:
        _tally(table, "many", spelling)
    assert list(_counted(table["many"]).items()) == list(Counter(written).items())  # ties: the first met
    assert _counted(None) == Counter()


@given(target=st.text(min_size=1, max_size=12), text=st.one_of(st.none(), st.text(min_size=1, max_size=12)))
@settings(max_examples=300, deadline=None)
@example(target="open_ai", text="OpenAI")
@example(target="joe_biden", text="Putin")
@example(target="el_chapo_s_leadership", text=None)
def test_a_topic_written_one_way_is_named_as_by_its_counts(target, text):
    """Most topics are linked by one spelling, with one text or none: named without counting (no Counters),
    as `topic_name` and `other_names` name them from the counts."""
    from collections import Counter

    from desktop.core.linking import TopicNames
    from desktop.core.resolver import topic_key
    from desktop.core.topic_names import other_names, topic_name

    key = topic_key(target)
    names = TopicNames([key])
    names.targets[key] = target
    if text is not None:
        names.texts[key] = text
    (topic,) = names.topics({key: MentionList(MentionTable(sentences_of), [])})
    texts = Counter([text] if text is not None else [])
    assert topic.name == topic_name(key, Counter([target]), texts)
    assert topic.target == target and topic.other_names == other_names(key, texts)
