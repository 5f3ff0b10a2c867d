"""A note's search document: passages joined, a match mapped back to the second its passage cites."""

import json
import zlib

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.search_text import SEPARATOR, _joined, join_passages, marks_json, match_offset, pack_note, seconds_at

MARKS = ("[", "]")


def test_each_passage_keeps_its_end_and_second():
    text, marks = join_passages([(5, "Gas from Norway."), (None, ""), (None, "Coal"), (12, "is back.")])
    assert text == "Gas from Norway.\nCoal\nis back."
    assert json.loads(marks) == [[16, 5], [21, None], [30, 12]]


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 10**5)), st.text(min_size=1, max_size=30))))
def test_every_offset_of_a_stamped_passage_gives_its_second(passages):
    text, encoded = join_passages(passages)
    marks = json.loads(encoded)
    start = 0
    for seconds, part in passages:
        assert text[start:start + len(part)] == part
        if seconds is not None:
            assert {seconds_at(marks, offset) for offset in range(start, start + len(part))} == {seconds}
        start += len(part) + len(SEPARATOR)


def test_unstamped_text_leads_into_the_next_stamp_or_back_to_the_last():
    text, encoded = join_passages([(None, "Energy"), (70, "Gas from Norway"), (None, "Heading"),
                                   (120, "Coal is back"), (None, "The end")])
    marks = json.loads(encoded)
    assert seconds_at(marks, text.index("Energy")) == 70
    assert seconds_at(marks, text.index("Heading")) == 120
    assert seconds_at(marks, text.index("end")) == 120
    assert seconds_at(json.loads(join_passages([(None, "No stamps at all")])[1]), 3) is None


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


def _pack_by_encoder(passages):
    """What `pack_note` gives, made the plain way: `_joined`, then the JSON encoder (its fast path's reference)."""
    text, marks = _joined(passages)
    return zlib.compress(json.dumps(marks, separators=(",", ":")).encode("utf-8"), 1), text


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(-10**12, 10**12)), st.text(max_size=12)), max_size=12))
def test_a_packed_note_is_what_the_json_encoder_gives(passages):
    """`pack_note`'s marks written by format, summed in C, are the encoder's bytes, empty passages or none."""
    assert pack_note(passages) == _pack_by_encoder(passages)
    assert pack_note(iter(passages)) == _pack_by_encoder(passages)


@given(st.lists(st.tuples(st.integers(0, 10**9), st.one_of(st.none(), st.integers(0, 10**9)))))
def test_marks_json_is_the_encoders_text(marks):
    ends, seconds = [end for end, _ in marks], [second for _, second in marks]
    assert marks_json(ends, seconds) == json.dumps([list(mark) for mark in marks], separators=(",", ":"))
