"""Topic names: a link text with the target's own words names the topic, else the target read as words."""

from collections import Counter

from desktop.core.index import VaultIndex
from desktop.core.resolver import topic_key
from desktop.core.topic_names import other_names, readable_target, topic_name
from desktop.core.tree import topic_rows
from core_helpers import stamp, write


def test_readable_target_is_sentence_case_with_spaces():
    assert readable_target("joe_biden") == "Joe biden"
    assert readable_target("el_chapo_s_leadership_and_legacy") == "El chapo's leadership and legacy"
    assert readable_target("Flow State") == "Flow State"
    assert readable_target("__") == "__"


def test_an_alias_with_the_same_words_names_the_topic():
    key = topic_key("russias_political_situation_and_leadership")
    texts = Counter({"Russia's political situation and leadership": 1, "Putin": 3})
    assert topic_name(key, Counter({key: 4}), texts) == "Russia's political situation and leadership"
    assert other_names(key, texts) == ["Putin"]


def test_without_such_an_alias_the_most_written_target_is_read_as_words():
    key = topic_key("joe_biden")
    assert topic_name(key, Counter({"joe_biden": 3, "Joe Biden": 1}), Counter({"the president": 2})) == "Joe biden"


def test_index_names_topics_and_every_view_reads_the_same_name(tmp_path):
    write(tmp_path, "a.md",
          "The [[russias_political_situation_and_leadership | Russia's political situation and leadership]] "
          f"is tense {stamp('00:01:00')}.\n\n"
          f"[[russias_political_situation_and_leadership|Putin]] spoke {stamp('00:02:00')}.\n\n"
          "About [[joe_biden]] and [[joe_biden|Biden]].\n")
    index = VaultIndex.build(tmp_path, workers=1)
    russia = index.topics[topic_key("russias_political_situation_and_leadership")]
    assert russia.name == "Russia's political situation and leadership"
    assert russia.target == "russias_political_situation_and_leadership"
    assert russia.other_names == ["Putin"]
    assert index.topics[topic_key("joe_biden")].name == "Joe biden"
    assert [row.name for row in topic_rows(index.topics.values())] == [
        "Russia's political situation and leadership", "Joe biden"]
    assert index.find("Russia's political situation and leadership") == (
        "topic", topic_key("russias_political_situation_and_leadership"))
    assert index.find("Joe biden") == ("topic", topic_key("joe_biden"))


def test_the_topic_filter_finds_a_topic_by_name_target_or_other_link_text(tmp_path):
    write(tmp_path, "a.md", "About [[joe_biden|the president]] and [[flow_state]].\n")
    index = VaultIndex.build(tmp_path, workers=1)
    for query in ("joe_biden", "Joe bid", "president"):
        assert [row.name for row in topic_rows(index.topics.values(), query)] == ["Joe biden"], query
    assert [row.name for row in topic_rows(index.topics.values(), "state")] == ["Flow state"]


def test_a_lone_s_the_generator_left_of_a_possessive_reads_as_one():
    """Seen in the Topics list: "El chapo s leadership and capture" (the public vault writes
    `[[el_chapo_s_leadership_and_capture | El Chapo]]`: no link text spells the topic's words)."""
    from desktop.core.topic_names import readable_target

    assert readable_target("el_chapo_s_leadership_and_capture") == "El chapo's leadership and capture"
    assert readable_target("russia_s") == "Russia's"
    assert readable_target("s_curve_of_growth") == "S curve of growth"  # a word of its own stays
