"""Finding and reading timestamps: every stamp must lead to the second its claim was said."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest

from desktop.core.links import parse_links
from desktop.core.model import StampRef
from desktop.core.youtube import parse_youtube_url
from desktop.core.stamps import (
    VIDEO_ID_RE,
    StampValue,
    find_stamps,
    format_seconds,
    is_time_target,
    is_valid_video_id,
    parse_stamp_value,
    read_note_stamps,
    youtube_url,
)

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_c7e1bab3a6e96006.txt"


def anchor(t: str, label: str = "") -> str:
    return f'<a class="yt-timestamp" data-t="{t}">{label}</a>'


def refs_of(*values: str) -> list[StampRef]:
    return [StampRef(label=v, value=v, start=i, end=i + 1) for i, v in enumerate(values)]


def seconds_of(*values: str, override: str | None = None) -> list[int | None]:
    return [s for s, _ in read_note_stamps(refs_of(*values), override)[0]]


# --------------------------------------------------------------------------- find_stamps: anchors

def test_finds_the_generators_anchor_with_its_span():
    body = f"Kherson fell {anchor('01:58:12')}. Then more."
    [ref] = find_stamps(body)
    assert (ref.value, ref.label, ref.video_id, ref.seconds_hint) == ("01:58:12", "01:58:12", None, None)
    assert body[ref.start : ref.end] == anchor("01:58:12")


@pytest.mark.parametrize(
    "html",
    [
        '<a data-t="00:41:00" class="yt-timestamp">[00:41:00]</a>',
        "<a class='yt-timestamp' data-t='00:41:00'>[00:41:00]</a>",
        "<a class=yt-timestamp data-t=00:41:00>[00:41:00]</a>",
        '<A CLASS="yt-timestamp" DATA-T="00:41:00">[00:41:00]</A>',
        '<a href="#" class="x yt-timestamp big" title="t" data-t=" 00:41:00 ">[00:41:00]</a>',
        '<a\n  class = "yt-timestamp"\n  data-t = "00:41:00"\n>[ 00:41:00 ]</a >',
    ],
)
def test_finds_anchors_in_any_attribute_order_and_quoting(html):
    body = f"Before {html} after."
    [ref] = find_stamps(body)
    assert (ref.value, ref.label) == ("00:41:00", "00:41:00")
    assert body[ref.start : ref.end] == html



def test_a_range_whose_quote_was_never_closed_cites_the_time_it_starts_at():
    # As the public vault has it (34 such anchors in one note): the attribute's quote closes a sentence later.
    body = ('Casey waited 31 days <a class="yt-timestamp" data-t="00:03:01]-[00:03:03]</a>. Her reason was fear '
            + anchor("00:11:02", "[00:11:02]") + ".")
    refs = find_stamps(body)
    assert [ref.value for ref in refs] == ["00:03:01", "00:11:02"]
    assert body[refs[0].start:refs[0].end] == '<a class="yt-timestamp" data-t="00:03:01]-[00:03:03]</a>'
    assert read_note_stamps(refs)[0] == [(181, "hms"), (662, "hms")]


def test_a_broken_anchor_without_any_time_is_still_reported():
    refs = find_stamps('A claim <a class="yt-timestamp" data-t="soon]</a>. More.')
    assert [ref.value for ref in refs] == [""]
    assert read_note_stamps(refs)[2] == ['invalid timestamp "" ignored']


def test_anchor_label_is_its_text_without_tags_or_brackets():
    [ref] = find_stamps('<a class="yt-timestamp" data-t="1:02:03"><b>[at 1:02]</b></a>')
    assert (ref.label, ref.value) == ("at 1:02", "1:02:03")


def test_anchor_value_has_entities_unescaped():
    [ref] = find_stamps('<a class="yt-timestamp" data-t="&#49;2:34">x</a>')
    assert ref.value == "12:34"


def test_anchor_without_yt_timestamp_class_is_not_a_stamp():
    assert find_stamps('<a class="yt-timestamps" data-t="00:01:00"></a> <a data-t="00:02:00">x</a>') == []


@pytest.mark.parametrize("tag", ['<a class="yt="yt-timestamp" data-t="01:00:14">', '<a class class="yt-timestamp" data-t="01:00:14">',
                                 '<a class="yt class="yt-timestamp" data-t="01:00:14">',
                                 '<a class="yt_timestamp" data-t="01:00:14">'])
def test_an_anchor_whose_class_the_model_broke_is_still_a_stamp(tag):
    # as the public vault writes 66 of its anchors
    refs = find_stamps(f"A claim {tag}[01:00:14]</a>. More.")
    assert [(ref.value, ref.label) for ref in refs] == [("01:00:14", "01:00:14")]


def test_an_anchor_with_no_data_t_and_no_label_cites_the_time_in_its_tag():
    refs = find_stamps('He aims to bridge this gap <a class="yt-timestamp" data="00:11:05"></a>. More.')
    assert read_note_stamps(refs)[0] == [(665, "hms")]


def test_several_stamps_come_in_text_order():
    body = f"a {anchor('00:00:05')} b [t](https://youtu.be/abcdefghijk?t=9) c {anchor('00:00:20')}"
    assert [r.value for r in find_stamps(body)] == ["00:00:05", "9", "00:00:20"]


def test_matches_starting_inside_skip_spans_are_ignored():
    code = f"`{anchor('00:00:07')}`"
    body = f"{anchor('00:00:05')} {code} {anchor('00:00:09')}"
    start = body.index(code)
    refs = find_stamps(body, skip=[(start, start + len(code))])
    assert [r.value for r in refs] == ["00:00:05", "00:00:09"]


def test_skip_span_end_is_exclusive():
    body = f"xx{anchor('00:00:05')}"
    assert len(find_stamps(body, skip=[(0, 2)])) == 1
    assert find_stamps(body, skip=[(0, 3)]) == []


def test_body_without_stamps_gives_nothing():
    assert find_stamps("Plain [[wiki]] text with [a link](https://example.com/?t=5).") == []


# --------------------------------------------------------------------------- find_stamps: YouTube links

@pytest.mark.parametrize(
    ("link", "value", "video_id", "hint"),
    [
        ("[12:34](https://youtu.be/dQw4w9WgXcQ?t=754)", "754", "dQw4w9WgXcQ", 754),
        ("[x](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1h2m3s)", "1h2m3s", "dQw4w9WgXcQ", None),
        ("[x](https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=754s)", "754s", "dQw4w9WgXcQ", 754),
        ("[x](https://m.youtube.com/watch?t=90&v=dQw4w9WgXcQ)", "90", "dQw4w9WgXcQ", 90),
        ("[x](https://youtube.com/watch?v=dQw4w9WgXcQ&start=75)", "75", "dQw4w9WgXcQ", 75),
        ("[x](https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42)", "42", "dQw4w9WgXcQ", 42),
        ("[x](https://www.youtube.com/watch?v=dQw4w9WgXcQ#t=2m3s)", "2m3s", "dQw4w9WgXcQ", None),
        ("[x](<https://youtu.be/dQw4w9WgXcQ?t=5> \"title\")", "5", "dQw4w9WgXcQ", 5),
        ("[x](https://youtu.be/short?t=5)", "5", None, 5),
    ],
)
def test_finds_youtube_links_with_a_time(link, value, video_id, hint):
    body = f"Said here {link}."
    [ref] = find_stamps(body)
    assert (ref.value, ref.video_id, ref.seconds_hint) == (value, video_id, hint)
    assert body[ref.start : ref.end] == link


def test_youtube_link_label_is_its_text():
    [ref] = find_stamps("[ [12:34] ](https://youtu.be/dQw4w9WgXcQ?t=754)")
    assert ref.label == "[12:34]"


@pytest.mark.parametrize(
    "link",
    [
        "[video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",  # no time: a video link, not a stamp
        "[x](https://example.com/watch?v=dQw4w9WgXcQ&t=5)",  # not YouTube
        "[x](https://notyoutube.com/watch?v=dQw4w9WgXcQ&t=5)",
        "![thumb](https://youtu.be/dQw4w9WgXcQ?t=5)",  # an image
    ],
)
def test_other_links_are_not_stamps(link):
    assert find_stamps(link) == []


# --------------------------------------------------------------------------- parse_stamp_value

@pytest.mark.parametrize(
    ("text", "parts", "kind"),
    [
        ("1:02:03", (1, 2, 3), "three"),
        ("01:58:12", (1, 58, 12), "three"),
        ("100:00:00", (100, 0, 0), "three"),
        ("12:61:99", (12, 61, 99), "three"),
        (" 12:34 ", (12, 34), "two"),
        ("5:07", (5, 7), "two"),
        ("754", (754,), "seconds"),
        ("754s", (754,), "seconds"),
        ("1h2m3s", (1, 2, 3), "hms_units"),
        ("2m3s", (0, 2, 3), "hms_units"),
        ("1h", (1, 0, 0), "hms_units"),
        ("1H30M", (1, 30, 0), "hms_units"),
        ("01:00:17:51", (1, 0, 17, 51), "four"),
        ("01:33:52:00", (1, 33, 52, 0), "four"),
        ("00:19:07]", (0, 19, 7), "three"),
        ("[12:34]", (12, 34), "two"),
    ],
)
def test_parses_every_value_form(text, parts, kind):
    assert parse_stamp_value(text) == StampValue(parts, kind)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "-5", "-1:00", "12:ab", "1:2:3:4", "1:", ":30", "12:75", "1234:00:00",
     "1:002:03", "1.5", "h", "s", "1s2m", "1m 2s", "12 : 34", "01:60:00:00", "01:00:60:00", "1:2:3:4:5",
     "12:34]x"],
)
def test_garbage_is_not_a_value(text):
    assert parse_stamp_value(text) is None


def test_seconds_as_reads_three_parts_either_way():
    value = parse_stamp_value("01:58:12")
    assert value.seconds_as("hms") == 3600 + 58 * 60 + 12
    assert value.seconds_as("msf") == 118


def test_seconds_as_for_other_kinds():
    assert parse_stamp_value("01:00:17:51").seconds_as("msf") == 3617  # frames never make a second
    assert parse_stamp_value("12:34").seconds_as("ms") == 754
    assert parse_stamp_value("754s").seconds_as("s") == 754
    assert parse_stamp_value("1h2m3s").seconds_as("s") == 3723


# --------------------------------------------------------------------------- read_note_stamps: note level

def test_plain_hms_note_reads_as_written():
    result, fmt, warnings = read_note_stamps(refs_of("00:01:55", "00:10:00", "01:02:03", "01:05:00"))
    assert result == [(115, "hms"), (600, "hms"), (3723, "hms"), (3900, "hms")]
    assert (fmt, warnings) == ("hms", [])


def test_plain_00_mm_ss_note_reads_as_mm_ss_exactly():
    assert seconds_of("00:00:15", "00:01:14", "00:04:06", "00:06:25") == [15, 74, 246, 385]


def test_rule_a_a_stamp_past_four_hours_makes_the_note_msf():
    result, fmt, _ = read_note_stamps(refs_of("01:58:12", "02:26:12", "04:01:13"))
    assert result == [(118, "msf"), (146, "msf"), (241, "msf")]
    assert fmt == "msf"


def test_rule_a_exactly_four_hours_is_still_hms():
    assert read_note_stamps(refs_of("03:58:10", "04:00:00"))[1] == "hms"


def test_rule_b_a_field_of_sixty_or_more_makes_the_note_msf():
    assert seconds_of("00:01:10", "00:02:75", "00:03:20") == [1, 2, 3]
    assert read_note_stamps(refs_of("00:01:10", "00:02:75"))[1] == "msf"
    assert read_note_stamps(refs_of("01:60:00", "01:20:05"))[1] == "msf"


def test_rule_c_whole_minute_stamps_make_the_note_msf():
    result, fmt, _ = read_note_stamps(refs_of("00:41:00", "01:10:00", "03:22:00"))
    assert result == [(41, "msf"), (70, "msf"), (202, "msf")]
    assert fmt == "msf"


def test_rule_c_needs_a_non_zero_first_field():
    assert seconds_of("00:41:00", "00:50:00") == [2460, 3000]


def test_rule_c_needs_every_three_part_stamp_to_end_in_00():
    assert read_note_stamps(refs_of("00:41:00", "01:10:00", "01:12:05"))[1] == "hms"


# --------------------------------------------------------------------------- read_note_stamps: per stamp

def test_isolated_outlier_in_hms_note_is_read_as_msf():
    # `01:58:12` between two stamps near second 115: the model slipped into M:SS:ff for one stamp.
    result, fmt, _ = read_note_stamps(refs_of("00:01:50", "01:58:12", "00:02:00"))
    assert result == [(110, "hms"), (118, "msf"), (120, "hms")]
    assert fmt == "mixed"


def test_isolated_outlier_in_msf_note_is_read_as_hms():
    # An msf note (rule a) with one stamp written H:MM:SS.
    result, fmt, _ = read_note_stamps(refs_of("05:00:10", "05:10:20", "00:05:15", "05:20:30", "07:00:00"))
    assert [s for s, _ in result] == [300, 310, 315, 320, 420]
    assert result[2] == (315, "hms")
    assert fmt == "mixed"


def test_plain_00_mm_ss_stays_as_written_in_hms_note():
    # 00:30:00 is far from both neighbours but is a plain H:MM:SS stamp: a real jump, kept.
    assert seconds_of("00:01:00", "00:30:00", "00:01:10") == [60, 1800, 70]


def test_real_out_of_order_jump_is_left_alone():
    # 01:20:05 read either way (4805 s or 80 s) does not sit near both neighbours.
    assert seconds_of("01:00:00", "01:20:05", "01:01:00") == [3600, 4805, 3660]


def test_outlier_whose_other_reading_does_not_fit_is_left_alone():
    assert seconds_of("00:10:00", "01:30:00", "00:10:30") == [600, 5400, 630]


def test_outlier_needs_neighbours_near_each_other():
    assert seconds_of("00:01:50", "01:58:12", "00:20:00") == [110, 7092, 1200]


def test_first_and_last_stamps_are_not_corrected():
    assert seconds_of("01:58:12", "00:01:50", "00:02:00", "01:58:13") == [7092, 110, 120, 7093]


def test_correction_is_one_pass_against_note_level_readings():
    # Two adjacent outliers: each has one outlier neighbour, so neither is isolated; both stay.
    assert seconds_of("00:01:50", "01:58:12", "01:59:00", "00:02:00") == [110, 7092, 7140, 120]


def test_neighbours_skip_garbage_stamps():
    result, _, warnings = read_note_stamps(refs_of("00:01:50", "abc", "01:58:12", "00:02:00"))
    assert result == [(110, "hms"), (None, None), (118, "msf"), (120, "hms")]
    assert warnings == ['invalid timestamp "abc" ignored']


# --------------------------------------------------------------------------- read_note_stamps: other forms

def test_override_forces_the_reading_without_correction():
    values = ("00:01:50", "01:58:12", "00:02:00")
    result, fmt, _ = read_note_stamps(refs_of(*values), override="hms")
    assert result == [(110, "hms"), (7092, "hms"), (120, "hms")]
    assert fmt == "hms"
    result, fmt, _ = read_note_stamps(refs_of(*values), override="msf")
    assert result == [(1, "msf"), (118, "msf"), (2, "msf")]
    assert fmt == "msf"


def test_unknown_override_is_ignored_with_a_warning():
    result, fmt, warnings = read_note_stamps(refs_of("00:41:00", "01:10:00"), override="weird")
    assert result == [(41, "msf"), (70, "msf")]
    assert warnings == ['unknown timestamp_format "weird" ignored']


def test_two_part_seconds_and_unit_forms():
    result, fmt, warnings = read_note_stamps(refs_of("12:34", "754", "754s", "1h2m3s", "2m"))
    assert result == [(754, "ms"), (754, "s"), (754, "s"), (3723, "s"), (120, "s")]
    assert (fmt, warnings) == (None, [])


def test_a_msf_note_past_its_first_hour_reads_its_four_part_stamps_as_h_mm_ss_ff():
    # lennyspodcast/job_search_strategies_and_negotiation_tactics.md of the public vault
    result, fmt, warnings = read_note_stamps(refs_of("15:57:35", "35:39:75", "01:00:17:51", "01:07:11:51"))
    assert result == [(957, "msf"), (2139, "msf"), (3617, "hmsf"), (4031, "hmsf")]
    assert (fmt, warnings) == ("msf", [])


def test_a_note_writing_each_stamp_as_a_stretch_mm_ss_mm_ss_cites_where_each_starts():
    # lennyspodcast/product_market_fit_strategies_by_rahul_vohra.md: 59 stamps so, up to `16:01:16:03`
    result, _, _ = read_note_stamps(refs_of("05:38:05:46", "09:01:09:04", "16:01:16:03"))
    assert result == [(338, "range"), (541, "range"), (961, "range")]


def test_short_stretch_look_alikes_stay_h_mm_ss_ff_when_that_reading_is_possible():
    # `01:00:03:00` past the first hour of a M:SS:ff note also looks like the stretch 1:00-3:00
    result, _, _ = read_note_stamps(refs_of("59:58:12", "01:00:03:00", "01:00:20:00"))
    assert result == [(3598, "msf"), (3603, "hmsf"), (3620, "hmsf")]


def test_a_value_invalid_many_times_is_one_warning_that_says_how_often():
    _, _, warnings = read_note_stamps(refs_of("", "00:01:00", "", "HH:MM:SS", ""))
    assert warnings == ['invalid timestamp "" ignored (3 times)', 'invalid timestamp "HH:MM:SS" ignored']


def test_seconds_hint_wins_over_the_value():
    ref = StampRef(label="12:34", value="754s", start=0, end=1, seconds_hint=754)
    assert read_note_stamps([ref]) == ([(754, "s")], None, [])


def test_no_stamps():
    assert read_note_stamps([]) == ([], None, [])


def test_garbage_gives_none_and_a_warning():
    result, fmt, warnings = read_note_stamps(refs_of("abc", "1:2:3:4"))
    assert result == [(None, None), (None, None)]
    assert fmt is None
    assert warnings == ['invalid timestamp "abc" ignored', 'invalid timestamp "1:2:3:4" ignored']


# --------------------------------------------------------------------------- the seed note

def _seed_body() -> str:
    text = SEED.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return text[text.index("\n---", 3) + 4 :]


def test_seed_note_reads_as_msf_to_the_second():
    refs = find_stamps(_seed_body())
    result, fmt, warnings = read_note_stamps(refs)
    seconds = [s for s, _ in result]
    assert refs[0].value == "01:58:12" and seconds[0] == 118
    assert refs[-1].value == "16:07:05" and seconds[-1] == 16 * 60 + 7
    last_written = next(i for i, r in enumerate(refs) if r.value == "19:24:43")
    assert seconds[last_written] == 19 * 60 + 24
    assert all(s is not None and 0 <= s < 1200 + 60 for s in seconds)
    assert (fmt, warnings) == ("msf", [])
    assert len(refs) == 36


# --------------------------------------------------------------------------- presenting

def test_youtube_url():
    assert youtube_url("chIqmlJA2i0", 118) == "https://www.youtube.com/watch?v=chIqmlJA2i0&t=118s"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (5, "0:05"), (118, "1:58"), (3599, "59:59"), (3600, "1:00:00"), (3723, "1:02:03"),
     (36000, "10:00:00")],
)
def test_format_seconds(seconds, text):
    assert format_seconds(seconds) == text


@pytest.mark.parametrize(
    ("text", "valid"),
    [("chIqmlJA2i0", True), ("a_b-c_d-e_f", True), ("chIqmlJA2i", False), ("chIqmlJA2i00", False),
     ("chIqmlJA2i!", False), ("", False), (None, False)],
)
def test_is_valid_video_id(text, valid):
    assert is_valid_video_id(text) is valid
    if text:
        assert (VIDEO_ID_RE.fullmatch(text) is not None) is valid


def test_stamps_are_found_in_any_letter_case_of_their_markers():
    """The quick "can this body hold stamps" scans fold case as the patterns they stand for do."""
    from desktop.core.stamps import find_stamps

    body = 'One <A CLASS="YT-TIMESTAMP" DATA-T="00:01:02"></A> and [x](HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ&t=5)'
    assert [ref.value for ref in find_stamps(body)] == ["00:01:02", "5"]


# --------------------------------------------------------------------------- bracketed times in the text

def test_a_bracketed_time_after_a_sentence_is_a_stamp():
    body = "Black holes trap light [00:01:37]. Their pull is immense [00:01:55]."
    refs = find_stamps(body)
    assert [(ref.label, ref.value, body[ref.start:ref.end]) for ref in refs] == [
        ("00:01:37", "00:01:37", "[00:01:37]"), ("00:01:55", "00:01:55", "[00:01:55]")]
    assert read_note_stamps(refs)[0] == [(97, "hms"), (115, "hms")]


def test_a_bracketed_list_or_range_cites_its_first_time():
    refs = find_stamps("Two moments [00:01:02, 00:01:30]. A stretch [00:02:00 - 00:02:40].")
    assert [(ref.label, ref.value) for ref in refs] == [("00:01:02, 00:01:30", "00:01:02"),
                                                       ("00:02:00 - 00:02:40", "00:02:00")]


@pytest.mark.parametrize("body", [
    "A link [00:01:37](https://example.com/page).",  # a Markdown link's text (a stamp only to a video)
    "Not a time [12] nor [a:b] nor [1:2:3:4:5].",
])
def test_brackets_that_are_no_stamp(body):
    assert find_stamps(body) == []


def test_a_time_in_wiki_link_brackets_or_linking_to_itself_is_a_stamp_not_a_link():
    # 800 `[[02:15:01]]` and 170 `[01:05:04](#01:05:04)` in the public vault
    body = "Awareness [[02:15:01]]. Tastes ([01:05:04](#01:05:04)). Lists [02:50:53 | 00:34:42]. [[Topic 1:2]]."
    assert [(ref.value, body[ref.start:ref.end]) for ref in find_stamps(body)] == [
        ("02:15:01", "[[02:15:01]]"), ("01:05:04", "[01:05:04](#01:05:04)"), ("02:50:53", "[02:50:53 | 00:34:42]")]
    assert [link.target for link in parse_links(body)] == ["Topic 1:2"]


def test_an_anchors_own_bracketed_label_is_not_a_second_stamp():
    body = 'Claim <a class="yt-timestamp" data-t="00:01:37">[00:01:37]</a> and [[01:02:01], [1:54:01]].'
    assert [ref.value for ref in find_stamps(body)] == ["00:01:37", "01:02:01", "1:54:01"]


def test_an_unclosed_anchor_takes_the_bracketed_time_right_after_it_as_its_label():
    # `asianometry/...`: `<a …>[00:13:54]岡田, <a …>`: one stamp, not an anchor and a bracketed time
    body = ('A <a class="yt-timestamp" data-t="00:13:52">[00:13:52]</a>, <a class="yt-timestamp" data-t="00:13:54">'
            '[00:13:54]岡田, <a class="yt-timestamp" data-t="00:13:57">[00:13:57]</a>.')
    refs = find_stamps(body)
    assert [ref.value for ref in refs] == ["00:13:52", "00:13:54", "00:13:57"]
    assert body[refs[1].start:refs[1].end] == '<a class="yt-timestamp" data-t="00:13:54">[00:13:54]'


@pytest.mark.parametrize(("anchor", "seconds"), [
    ('<a class="yt-timestamp" data-t="HH:00:00">[00:01:10]</a>', 70),  # a placeholder data-t, the time in the text
    ('<a class="yt-timestamp" data-t="01:26:"></a>', 86),  # a colon after the time
    ('<a class="yt-timestamp" data-t="01:03:07:"></a>', 3787),
])
def test_anchors_the_model_half_filled_cite_the_time_they_hold(anchor, seconds):
    ((second, _reading),) = read_note_stamps(find_stamps(f"A claim {anchor}."))[0]
    assert second == seconds


def test_a_time_linking_to_itself_is_a_stamp():
    body = "Data beamed back to Earth [02:32:30](02:32:30)."
    assert [(ref.value, body[ref.start:ref.end]) for ref in find_stamps(body)] == [("02:32:30", "[02:32:30](02:32:30)")]
    assert parse_links(body) == []


def test_a_placeholder_data_t_is_read_the_same_whatever_other_anchors_the_note_holds():
    # a second anchor in another attribute order sends the note down the general path: it must read alike
    placeholder = '<a class="yt-timestamp" data-t="HH:00:00">[00:00:37]</a>'
    alone = find_stamps(f"A {placeholder}.")
    mixed = find_stamps(f"A {placeholder}. B <a data-t='00:01:00' class='yt-timestamp'></a>.")
    assert [(r.label, r.value) for r in alone] == [("00:00:37", "00:00:37")]
    assert [(r.label, r.value) for r in mixed][0] == ("00:00:37", "00:00:37")


def test_a_stamp_past_any_videos_length_is_no_time_with_a_warning():
    refs = [StampRef(value, value, 0, 1) for value in ("00:01:02", "360000000000", "999999999999999999999",
                                                        "360000000000", "01:02:03")]
    read, timestamp_format, warnings = read_note_stamps(refs)
    assert [second for second, _ in read] == [62, None, None, None, 3723]
    assert [reading for _, reading in read][1:4] == [None, None, None]
    assert warnings == ['invalid timestamp "360000000000" ignored (past any video\'s length) (2 times)',
                        'invalid timestamp "999999999999999999999" ignored (past any video\'s length)']
    assert timestamp_format == "hms"


def test_an_anchor_tag_is_read_up_to_its_bound_as_the_page_reads_it():
    from desktop.core.stamps import MAX_TAG, find_stamps
    from desktop.render.timestamps import ANCHOR_RE

    padded = f'<a class="yt-timestamp" data-t="00:01:05" title="{"x" * (MAX_TAG - 60)}">[00:01:05]</a>'
    too_long = f'<a class="yt-timestamp" data-t="00:01:05" title="{"x" * MAX_TAG}">[00:01:05]</a>'
    assert [ref.value for ref in find_stamps(padded)] == ["00:01:05"]
    assert find_stamps(too_long) == []
    page = re.compile(ANCHOR_RE, re.IGNORECASE | re.DOTALL)
    assert page.search(padded) is not None and page.search(too_long) is None  # the core and the page agree


def test_unclosed_anchors_before_a_stamp_leave_it_found():
    from desktop.core.stamps import find_stamps

    body = '<a class="yt-timestamp" ' * 3000 + 'then <a class="yt-timestamp" data-t="00:02:03">[00:02:03]</a>.'
    assert [ref.value for ref in find_stamps(body)] == ["00:02:03"]


# --- a note's three-part stamps read in comprehensions, as the loops they replace read them ---------------

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from desktop.core import stamps as stamps_module  # noqa: E402

_FIELD = st.sampled_from([0, 1, 5, 10, 30, 59, 60, 61])  # around each bound the readings ask about
_THREE_PARTS = st.tuples(st.integers(0, 5), _FIELD, _FIELD).map(lambda parts: stamps_module.StampValue(parts, "three"))


def _note_reading_one_by_one(three):
    """`_note_reading` as a loop over the values, a call each (its first form)."""
    if not three:
        return "hms"
    for v in three:
        _, minutes, seconds = v.parts
        if minutes >= 60 or seconds >= 60 or v.seconds_as("hms") > stamps_module.MAX_VIDEO:
            return "msf"
    whole_minutes = all(v.parts[2] == 0 for v in three) and any(v.parts[0] != 0 for v in three)
    return "msf" if whole_minutes else "hms"


def _outliers_corrected_one_by_one(values, readings, seconds, note_reading):
    """`_correct_outliers` as a loop asking `_is_isolated` of each stamp (its first form)."""
    valued = [i for i, second in enumerate(seconds) if second is not None]
    corrected = []
    for pos in range(1, len(valued) - 1):
        i = valued[pos]
        value = values[i]
        if value.kind != "three" or (note_reading == "hms" and value.parts[0] == 0):
            continue
        prev, nxt = seconds[valued[pos - 1]], seconds[valued[pos + 1]]
        if stamps_module._is_isolated(seconds[i], prev, nxt):
            other = stamps_module._FLIP[readings[i]]
            second = value.seconds_as(other)
            if stamps_module._fits_between(second, prev, nxt):
                corrected.append((i, other, second))
    for i, other, second in corrected:
        readings[i], seconds[i] = other, second


@settings(max_examples=1000, deadline=None)
@given(st.lists(_THREE_PARTS, max_size=6), st.sampled_from(["hms", "msf"]))
def test_three_part_stamps_read_alike_as_one_by_one(three, reading):
    assert stamps_module._three_part_seconds(three, reading) == [v.seconds_as(reading) for v in three]
    assert stamps_module._note_reading(three) == _note_reading_one_by_one(three)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(_THREE_PARTS, st.none(), st.sampled_from([0, 299, 300, 301, 600, 3600, 20000]).map(
    lambda s: stamps_module.StampValue((s,), "seconds"))), max_size=12), st.sampled_from(["hms", "msf"]))
@example([stamps_module.StampValue((306,), "seconds"), stamps_module.StampValue((0, 5, 0), "three"),
          stamps_module.StampValue((305,), "seconds")], "msf")  # 301 and 300 from its neighbours: not alone
@example([stamps_module.StampValue((305,), "seconds"), stamps_module.StampValue((0, 5, 0), "three"),
          stamps_module.StampValue((306,), "seconds")], "msf")  # 300 and 301
def test_outliers_are_corrected_as_one_by_one(values, note_reading):
    readings = [None if v is None else note_reading if v.kind == "three" else "s" for v in values]
    seconds = [None if v is None else v.seconds_as(r) for v, r in zip(values, readings)]
    expected_readings, expected_seconds = list(readings), list(seconds)
    _outliers_corrected_one_by_one(values, expected_readings, expected_seconds, note_reading)
    stamps_module._correct_outliers(values, readings, seconds, note_reading)
    assert (readings, seconds) == (expected_readings, expected_seconds)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<aA/ b", max_size=40))
def test_anchor_openers_are_counted_as_str_count_counts_them(text):
    """`_anchor_refs` counts a note's `<a` with a regex (faster): the count `str.count` gives."""
    assert len(stamps_module._ANCHOR_OPENER.findall(text)) == text.count("<a")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a ", "[1:02](https://youtu.be/abcdefghijk?t=62) ", "YOUTU", "ſ", "\n",
                                 '<a class="yt-timestamp" data-t="00:01:02">[00:01:02]</a>', "[00:02:03] "]),
                max_size=8).map("".join))
def test_stamps_found_with_the_callers_youtube_answer_are_those_found_without(body):
    """The parse asks `mentions_youtube` once and hands the answer to `find_stamps` (and asks
    `video_links_in` only when it is yes): the same stamps as `find_stamps` asking itself."""
    folded = body.casefold()
    youtube = stamps_module.mentions_youtube(body, folded)
    assert find_stamps(body, (), folded, youtube) == find_stamps(body)
    if youtube and "t=62" in body:  # the answer is the one used: a wrong one loses the link's stamp
        assert find_stamps(body, (), folded, False) != find_stamps(body)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123:, |-\t x", max_size=16))
def test_a_time_target_is_what_the_times_pattern_reads_in_it(inner):
    """`is_time_target` answers a name without a colon at once: what the pattern of times says of it."""
    assert is_time_target(inner) == (stamps_module._TIMES_RE.fullmatch(inner.strip()) is not None)


def _anchor_refs_by_counts(body: str) -> list[StampRef]:
    """`_anchor_refs` as it read every note before its one-scan way: the canonical anchors when they are all of
    the note's `<a` and `yt-timestamp`, else the anchors parsed one by one."""
    folded = body.casefold()
    canonical = list(stamps_module._CANONICAL_ELEMENT_RE.finditer(body))
    if len(canonical) == folded.count("yt-timestamp") == folded.count("<a"):
        return stamps_module._canonical_refs(canonical)
    return list(stamps_module._find_anchor_stamps(body))


_ANCHOR_PIECES = [
    anchor("00:01:02", "[00:01:02]"), anchor("00:01:02", "00:01:02"), anchor("1:02:03"), anchor("00:01:02", "[1:02]"),
    anchor("00:01:02", "[ 00:01:02 ]"), anchor(" 00:01:02", "[ 00:01:02]"), anchor("HH:00:00", "[00:00:00]"),
    anchor("00:01:02", "[00:01:03]"), anchor("1" * 960, "[" + "1" * 960 + "]"),
    anchor("1" * 970, "[" + "1" * 970 + "]"), anchor("1" * 970, "[x]"),  # tags too long for `_ANCHOR_OPEN_RE`
    anchor("1" * 969, "[x]"),
    '<A class="yt-timestamp" data-t="00:01:02">[00:01:02]</a>', '<a class="yt_timestamp" data-t="00:01:02">x</a>',
    '<a href="https://example.com">a link</a>', "<ẚ", " yt-timestamp ", " YT-TIMESTAMP ", "ß", " text\n",
    '<a class="yt-timestamp" data-t="00:01:02">', "[00:02:03]",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ANCHOR_PIECES), max_size=6).map("".join))
@example(anchor("00:01:02", "[00:01:02]") + " the yt-timestamp class " + anchor("1" * 970, "[" + "1" * 970 + "]"))
@example(anchor("00:01:02", "[00:01:03]") + " the yt-timestamp class " + anchor("1" * 970, "[x]"))
@example(anchor("00:01:02", "[00:01:03]") + " the yt-timestamp class " + anchor("1" * 969, "[" + "1" * 969 + "]"))
@example(anchor("00:01:02", "[00:01:02]") + '<A class="yt-timestamp" data-t="00:01:03">[00:01:03]</a>')
def test_anchors_read_in_one_scan_are_those_the_counts_read(body):
    """A note whose every `<a` is an anchor labelled with its own time is read in one scan, without the counts
    and the groups: the refs they give."""
    refs = stamps_module._anchor_refs(body, body.casefold())
    expected = _anchor_refs_by_counts(body)
    assert [dataclasses.astuple(ref) for ref in refs] == [dataclasses.astuple(ref) for ref in expected]


_VALUES = st.sampled_from([
    "00:01:50", "01:58:12", "00:02:00", "00:05:00", "05:00:00", "05:10:00", "00:05:10", "01:00:00", "00:41:00",
    "03:59:59", "04:00:01", "00:02:75", "01:60:00", "999:59:59", "999:00:00", " 00:01:02 ", "00:19:07]", "01:26:",
    "12:34", "754", "1h2m3s", "01:00:17:51", "abc", "",
])


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(_VALUES, st.sampled_from([None, None, None, 0, 5])), max_size=8),
       st.sampled_from([None, "hms", "msf", "weird"]))
@example([("00:01:50", None), ("01:58:12", None), ("00:02:00", None)], None)  # an outlier read the other way
@example([("05:00:10", None), ("05:10:20", None), ("00:05:15", None), ("05:20:30", None)], None)
@example([("999:59:59", None), ("00:01:00", None)], "hms")  # past any video's length
@example([("50:00:00", None), ("00:50:00", None), ("50:10:00", None)], None)  # whole minutes, one read H:MM:SS
def test_a_note_of_three_part_stamps_is_read_as_any_note(stamps, override):
    """`read_note_stamps` reads a note whose every stamp is a three-part time (most notes) its own quicker way:
    what the way for any note gives."""
    refs = [StampRef(value, value, i, i + 1, seconds_hint=hint) for i, (value, hint) in enumerate(stamps)]
    assert read_note_stamps(refs, override) == stamps_module._read_any(refs, override)


def test_the_three_part_values_kept_are_emptied_when_full(monkeypatch):
    monkeypatch.setattr(stamps_module, "_THREE_PART", {})
    monkeypatch.setattr(stamps_module, "_THREE_PART_MAX", 3)
    values = ["00:01:50", "01:58:12", "00:02:00", "00:02:05", "00:02:10"]
    assert seconds_of(*values) == [110, 118, 120, 125, 130]
    assert 0 < len(stamps_module._THREE_PART) <= 3
    assert seconds_of(*values) == [110, 118, 120, 125, 130]


# `_MD_LINK_RE` as it was before it read a link's text possessively (each shorter text tried again)
_MD_LINK_BACKTRACKING_RE = re.compile(
    r"""\[(?<!!\[)(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"""
    r"""\(\s*<?(?P<url>https?://[^\s<>()]*youtu[^\s<>()]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)""",
    re.IGNORECASE,
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "(", ")", "!", "\n", " ", "a", "12:34", "https://youtu.be/abcdefghijk?t=5",
                                 "<", ">", '"t"']), max_size=14).map("".join))
@example("[[12:34]](https://youtu.be/abcdefghijk?t=754)")
@example("[a [b] c](https://youtu.be/abcdefghijk?t=5) [x]y](https://youtu.be/abcdefghijk?t=6)")
def test_a_links_text_read_whole_is_what_backtracking_reads(text):
    """`_MD_LINK_RE` reads a link's text possessively: the links, and their texts, of the pattern that tried
    every shorter text."""
    def links(pattern):
        return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]

    assert links(stamps_module._MD_LINK_RE) == links(_MD_LINK_BACKTRACKING_RE)


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(["https://www.youtube.com/watch?v=abcdefghijk", "https://youtu.be/abcdefghijk",
                        "https://example.com/watch?v=abcdefghijk"]),
       st.lists(st.sampled_from(["&t=5", "&amp;t=5", "&#116;=5", "&#x74;=6", "%74=7", "t&#61;8", "t&equals;9", "#t=10",
                                 "?start=11", "&start=", "T=12", "&list=x", "?x=1", "t", "=", "%", "&", "s", "?", "#"]),
                max_size=4).map("".join))
@example("https://youtu.be/abcdefghijk", "?%74=7")
def test_a_link_without_a_time_to_read_is_not_parsed_for_one(url, tail):
    """A YouTube link with no `t=`, `%` or `&` in its URL is passed over without a parse: what the parse says
    of it."""
    url += tail
    parsed = parse_youtube_url(html.unescape(url))
    expected = None if parsed is None or parsed[1] is None else (parsed[1], parsed[0])
    assert stamps_module._youtube_time(url) == expected


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="0123456789:[] hms٣\n", max_size=12))
@example("00:19:07]")
@example(" [01:26:] ")
def test_a_values_three_part_numbers_are_those_of_its_parse(value):
    """`_read_three_part` keeps each value's seconds both ways as `parse_stamp_value` reads it (without making
    a `StampValue`), False for a value no three-part time."""
    parsed = parse_stamp_value(value)
    found = stamps_module._three_part(value)
    if parsed is None or parsed.kind != "three":
        assert found is False
    else:
        assert found[:2] == (parsed.seconds_as("hms"), parsed.seconds_as("msf"))
