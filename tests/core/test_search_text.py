"""A note's search document: passages joined, a match mapped back to the second its passage cites."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.search_text import SEPARATOR, join_passages, match_offset, note_marks, pack_note, seconds_at
from desktop.core.stamps import MAX_STAMP

MARKS = ("[", "]")


def test_each_passage_keeps_its_end_and_second():
    text, marks = join_passages([(5, "Gas from Norway."), (None, ""), (None, "Coal"), (12, "is back.")])
    assert text == "Gas from Norway.\nCoal\nis back."
    assert marks == [[16, 5], [21, None], [30, 12]]


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 10**5)), st.text(min_size=1, max_size=30))))
def test_every_offset_of_a_stamped_passage_gives_its_second(passages):
    text, marks = join_passages(passages)
    start = 0
    for seconds, part in passages:
        assert text[start:start + len(part)] == part
        if seconds is not None:
            assert {seconds_at(marks, offset) for offset in range(start, start + len(part))} == {seconds}
        start += len(part) + len(SEPARATOR)


def test_unstamped_text_leads_into_the_next_stamp_or_back_to_the_last():
    text, marks = join_passages([(None, "Energy"), (70, "Gas from Norway"), (None, "Heading"),
                                 (120, "Coal is back"), (None, "The end")])
    assert seconds_at(marks, text.index("Energy")) == 70
    assert seconds_at(marks, text.index("Heading")) == 120
    assert seconds_at(marks, text.index("end")) == 120
    assert seconds_at(join_passages([(None, "No stamps at all")])[1], 3) is None


def test_a_snippet_is_found_in_its_text_at_its_first_match():
    text = "Prices rose.\nEurope buys natural gas from Norway, and gas is dear."
    assert match_offset("…buys [natural] [gas] from…", text, MARKS, "…") == text.index("natural")
    assert match_offset("[Prices] rose.\nEurope…", text, MARKS, "…") == 0
    # the passage matching more of the query's words wins over an earlier lone match
    assert match_offset("[Prices] rose.\nEurope buys natural gas from Norway, and [gas] is [dear].", text, MARKS,
                        "…") == text.index("gas is dear")
    assert match_offset("no match marked here", text, MARKS, "…") is None
    assert match_offset("…[words] not in the text…", text, MARKS, "…") is None
    # an ellipsis of the text's own, mistaken for a cut, still leaves a stretch of the text
    assert match_offset("…then [it] came…", "…then it came…", MARKS, "…") == len("…then ")


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, MAX_STAMP)), st.text(max_size=12)), max_size=12))
def test_a_packed_note_keeps_the_marks_of_its_joined_passages(passages):
    """`pack_note`'s blob reads back as the marks `join_passages` gives, empty passages or none."""
    text, marks = join_passages(passages)
    for given_passages in (passages, iter(passages)):
        blob, packed_text = pack_note(given_passages)
        assert packed_text == text and note_marks(blob) == marks


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, MAX_STAMP)),
                          st.text(min_size=1, max_size=12) | st.just("x" * 70_000)), max_size=5))
def test_passages_of_any_length_keep_their_marks(passages):
    """A passage of 65,536 characters or more (its length past 16 bits) makes the note's lengths 32 bits each."""
    text, marks = join_passages(passages)
    blob, _ = pack_note(passages)
    assert note_marks(blob) == marks
    assert blob[0] == (4 if any(len(part) >= 65_535 for _, part in passages) else 2)


@pytest.mark.parametrize("blob", [b"", b"\x01\x02\x03", b"\x03" + b"\0" * 12, b"\x02\x05\0\0\0\0",
                                  b"\x02\x05\0" + b"\xfe\xff\xff\xff", b"\x04\xff\xff\xff\xff\x01\0\0\0"])
def test_marks_a_damaged_cache_gives_are_refused(blob):
    """No blob, a blob of another form or length, a second below none, a passage of a negative length: ValueError
    (the store reports the row as damaged), never marks that lead a result to another second."""
    with pytest.raises(ValueError):
        note_marks(blob)
