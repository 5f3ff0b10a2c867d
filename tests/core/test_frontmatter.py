"""Frontmatter splitting and what the reader takes from it, including hostile YAML."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.frontmatter import (
    first_heading,
    json_safe,
    note_body,
    note_aliases,
    note_title,
    note_video_id,
    split_frontmatter,
    timestamp_override,
)

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_c7e1bab3a6e96006.txt"


# --- split_frontmatter ---------------------------------------------------------------------------------

def test_good_frontmatter():
    text = "---\ntitle: Hello\nvideoId: chIqmlJA2i0\ntags: [a, b]\n---\n# Body\n"
    meta, body, offset, warnings = split_frontmatter(text)
    assert meta == {"title": "Hello", "videoId": "chIqmlJA2i0", "tags": ["a", "b"]}
    assert body == "# Body\n"
    assert text[offset:] == body
    assert warnings == []


def test_dots_close_the_frontmatter():
    assert split_frontmatter("---\na: 1\n...\nbody") == ({"a": 1}, "body", 13, [])


def test_fence_with_trailing_spaces():
    assert split_frontmatter("---  \na: 1\n--- \nbody") == ({"a": 1}, "body", 16, [])


def test_no_frontmatter():
    text = "# Just a note\n---\nnot: frontmatter\n---\n"
    assert split_frontmatter(text) == ({}, text, 0, [])


def test_horizontal_rule_start_is_not_frontmatter():
    text = "----\na: 1\n----\nx"
    assert split_frontmatter(text) == ({}, text, 0, [])


def test_empty_file():
    assert split_frontmatter("") == ({}, "", 0, [])


def test_frontmatter_only():
    assert split_frontmatter("---\ntitle: T\n---\n") == ({"title": "T"}, "", 17, [])
    assert split_frontmatter("---\ntitle: T\n---") == ({"title": "T"}, "", 16, [])


def test_empty_frontmatter():
    assert split_frontmatter("---\n---\nbody") == ({}, "body", 8, [])
    assert split_frontmatter("---\n# only a comment\n---\nbody") == ({}, "body", 25, [])


def test_unclosed_frontmatter_is_text():
    text = "---\ntitle: x\nno end"
    assert split_frontmatter(text) == ({}, text, 0, ["frontmatter not closed: read as text"])


def test_broken_yaml_keeps_body():
    meta, body, offset, warnings = split_frontmatter("---\ntitle: [unclosed\nb: c\n---\n# Body")
    assert (meta, body, offset) == ({}, "# Body", 30)
    assert warnings == ["broken frontmatter YAML: did not find expected ',' or ']' (line 3)"]


def test_tab_indented_yaml_is_broken_not_crash():
    meta, body, _, warnings = split_frontmatter("---\na:\n\t- b\n---\nx")
    assert (meta, body) == ({}, "x")
    assert len(warnings) == 1 and warnings[0].startswith("broken frontmatter YAML: ")
    assert "\n" not in warnings[0]


@pytest.mark.parametrize(
    ("yaml_text", "kind"),
    [("- a\n- b", "a list"), ("just a string", "text"), ("42", "a number")],
)
def test_non_mapping_frontmatter(yaml_text, kind):
    assert split_frontmatter(f"---\n{yaml_text}\n---\nbody") == (
        {}, "body", len(yaml_text) + 9, [f"frontmatter is not a mapping ({kind}): ignored"])


def _laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "---\n" + "\n".join(lines) + "\n---\nbody"


def test_billion_laughs_refused():
    meta, body, _, warnings = split_frontmatter(_laughs())  # expanded, it would be 9^10 strings
    assert (meta, body) == ({}, "body")
    assert warnings == ["frontmatter YAML refused: too many aliases (possible alias bomb)"]


def test_self_referencing_alias_refused():
    assert split_frontmatter("---\na: &r [*r]\n---\nx") == (
        {}, "x", 19, ["frontmatter YAML refused: an alias refers to itself"])


def test_few_aliases_are_fine():
    meta, _, _, warnings = split_frontmatter("---\nbase: &b {x: 1}\ncopy: *b\n---\n")
    assert meta == {"base": {"x": 1}, "copy": {"x": 1}}
    assert warnings == []


def test_anchor_character_in_text_is_fine():
    meta, _, _, warnings = split_frontmatter("---\ntitle: Q&A *special*\n---\n")
    assert meta == {"title": "Q&A *special*"} and warnings == []


def test_oversized_frontmatter_ignored():
    big = "k: " + "x" * (70 * 1024)
    meta, body, _, warnings = split_frontmatter(f"---\n{big}\n---\nbody")
    assert (meta, body, warnings) == ({}, "body", ["frontmatter is 70 KB (over 64 KB): ignored"])


def test_deep_flow_nesting_is_broken_not_crash():
    meta, body, _, warnings = split_frontmatter("---\na: " + "[" * 5000 + "]" * 5000 + "\n---\nx")
    assert (meta, body) == ({}, "x")
    assert warnings[0].startswith("broken frontmatter YAML: ")


def test_dates_become_iso_strings_and_json_works():
    meta, _, _, warnings = split_frontmatter(
        "---\ndate: 2024-03-01\nwhen: 2024-03-01 10:20:30\n2020-01-01: key\nn: .nan\nb: !!binary aGk=\n"
        "s: !!set {x, y}\n1: one\nnull: z\n---\n")
    assert warnings == []
    assert meta == {
        "date": "2024-03-01", "when": "2024-03-01T10:20:30", "2020-01-01": "key", "n": "nan",
        "b": "aGk=", "s": ["x", "y"], "1": "one", "null": "z",
    }
    json.dumps(meta, allow_nan=False)


def test_json_safe_nested():
    import datetime as dt
    assert json_safe({"a": [dt.date(2024, 1, 2), {"b": float("inf")}], 3: (1, 2)}) == {
        "a": ["2024-01-02", {"b": "inf"}], "3": [1, 2]}


def test_seed_note():
    text = SEED.read_text(encoding="utf-8")
    meta, body, offset, warnings = split_frontmatter(text)
    assert meta == {"title": "Moral and political implications for Russian leadership",
                    "videoId": "chIqmlJA2i0"}
    assert body.startswith("\nFrom: [[bonus_professor]]")
    assert text[offset:] == body and warnings == []
    assert note_video_id(meta) == ("chIqmlJA2i0", [])
    assert note_title(meta, body, "000_c7e1bab3a6e96006") == (
        "Moral and political implications for Russian leadership", [])


# --- note_title ----------------------------------------------------------------------------------------

def test_title_from_frontmatter_wins():
    assert note_title({"title": "  FM  "}, "# Heading", "stem") == ("FM", [])


@pytest.mark.parametrize(("value", "expected"), [(2024, "2024"), (3.5, "3.5"), (True, "True")])
def test_non_string_scalar_title(value, expected):
    assert note_title({"title": value}, "# Heading", "stem") == (expected, [])


@pytest.mark.parametrize("value", [["a", "b"], {"a": 1}])
def test_list_or_dict_title_warns_and_falls_back(value):
    assert note_title({"title": value}, "# Heading", "stem") == ("Heading", ["title is not text"])
    assert note_title({"title": value}, "no heading", "stem") == ("stem", ["title is not text"])


def test_empty_or_null_title_falls_back_silently():
    assert note_title({"title": ""}, "# H", "stem") == ("H", [])
    assert note_title({"title": None}, "", "stem") == ("stem", [])


def test_title_from_first_h1():
    body = "intro\n## Sub\n# First  \n# Second\n"
    assert note_title({}, body, "stem") == ("First", [])


def test_heading_in_code_fence_ignored():
    body = "```python\n# comment\n```\n~~~~\n# also code\n~~~\n~~~~\n# Real\n"
    assert note_title({}, body, "stem") == ("Real", [])


def test_unclosed_fence_hides_later_headings():
    assert note_title({}, "```\n# code\n", "stem") == ("stem", [])


def test_heading_markup_stripped():
    body = "# **Bold** and *it* [[target|Alias]] [[Plain]] [link](http://x) `code` <a data-t=\"1\"></a> ##\n"
    assert first_heading(body) == "Bold and it Alias Plain link code"


def test_tags_and_indented_code_are_not_headings():
    assert first_heading("#tag\n    # indented code\n   # Three spaces ok") == "Three spaces ok"


def test_snake_case_kept():
    assert first_heading("# my_snake_case *x*") == "my_snake_case x"


def test_empty_heading_skipped():
    assert first_heading("#\n# ##\n# Next") == "Next"


# --- note_video_id -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "meta",
    [
        {"videoId": "dQw4w9WgXcQ"},
        {"video_id": "dQw4w9WgXcQ"},
        {"videoId": " dQw4w9WgXcQ "},
        {"videoId": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        {"url": "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=10"},
        {"url": "https://youtu.be/dQw4w9WgXcQ?t=42"},
        {"source": "https://youtube.com/shorts/dQw4w9WgXcQ"},
        {"video": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
        {"url": "https://m.youtube.com/live/dQw4w9WgXcQ?si=abc"},
        {"source": ["https://example.com", "youtu.be/dQw4w9WgXcQ"]},
    ],
)
def test_video_id_forms(meta):
    assert note_video_id(meta) == ("dQw4w9WgXcQ", [])


def test_video_id_precedence():
    assert note_video_id({"videoId": "AAAAAAAAAAA", "video_id": "BBBBBBBBBBB"}) == ("AAAAAAAAAAA", [])
    assert note_video_id({"video_id": "BBBBBBBBBBB", "url": "https://youtu.be/CCCCCCCCCCC"}) == (
        "BBBBBBBBBBB", [])


def test_invalid_video_id():
    assert note_video_id({"videoId": "abc"}) == (None, ['invalid videoId "abc": no video links'])
    assert note_video_id({"video_id": "dQw4w9WgXcQX"}) == (
        None, ['invalid video_id "dQw4w9WgXcQX": no video links'])


def test_invalid_video_id_rescued_by_url():
    assert note_video_id({"videoId": "abc", "url": "https://youtu.be/dQw4w9WgXcQ"}) == (
        "dQw4w9WgXcQ", ['invalid videoId "abc": no video links'])


def test_list_video_id_warns():
    assert note_video_id({"videoId": ["dQw4w9WgXcQ"]}) == (None, ["invalid videoId (a list): no video links"])


def test_no_video_id():
    assert note_video_id({}) == (None, [])
    assert note_video_id({"videoId": None, "url": "https://example.com/watch?v=dQw4w9WgXcQ"}) == (None, [])
    assert note_video_id({"url": "https://youtu.be/short"}) == (None, [])


# --- aliases, timestamp_override -----------------------------------------------------------------------

def test_aliases():
    assert note_aliases({"aliases": ["A", " B ", 3, None, "", "A"]}) == ["A", "B"]
    assert note_aliases({"aliases": "One, with comma"}) == ["One, with comma"]
    assert note_aliases({"alias": "Solo"}) == ["Solo"]
    assert note_aliases({"aliases": ["A"], "alias": "B"}) == ["A", "B"]
    assert note_aliases({"aliases": 5}) == []
    assert note_aliases({}) == []


def test_timestamp_override():
    assert timestamp_override({"timestamp_format": "HMS"}) == "hms"
    assert timestamp_override({"timestamp_format": " msf "}) == "msf"
    assert timestamp_override({"timestamp_format": "other"}) is None
    assert timestamp_override({"timestamp_format": 1}) is None
    assert timestamp_override({}) is None


def test_an_impossible_date_keeps_the_frontmatter_and_says_which_value():
    meta, body, _, warnings = split_frontmatter("---\ntitle: Kept\ndate: 2024-13-45\nvideoId: x\n---\nBody\n")
    assert meta == {"title": "Kept", "date": "2024-13-45", "videoId": "x"} and body == "Body\n"
    assert warnings == ["frontmatter date '2024-13-45' is not a real date: kept as text"]


@given(st.text(alphabet="-.:ab \n`mdarkown", max_size=60))
def test_note_body_is_the_body_split_frontmatter_gives_without_reading_the_yaml(text):
    assert note_body(text) == split_frontmatter(text)[1]


# --- the generator's frontmatter read without YAML (`simple_frontmatter`) ------------------------------

def _yaml_read(raw: str) -> dict | None:
    """What the YAML path of `split_frontmatter` makes of `raw`: its meta, or None with a warning."""
    import yaml

    from desktop.core.frontmatter import _NoteLoader

    loader = _NoteLoader(raw)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return json_safe(data) if isinstance(data, dict) and not loader.bad_dates else None


def test_simple_frontmatter_reads_the_generators_lines():
    from desktop.core.frontmatter import simple_frontmatter

    raw = "title: Behavioral pricing and its impact on consumer decisions\nvideoId: A6veeCbKIzw\n"
    assert simple_frontmatter(raw) == {"title": "Behavioral pricing and its impact on consumer decisions",
                                       "videoId": "A6veeCbKIzw"}
    assert simple_frontmatter('title: "AI: the future"\nnote: \'x # y\'\n') == {"title": "AI: the future",
                                                                                "note": "x # y"}


@pytest.mark.parametrize("raw", [
    "title: 2024\n",  # a number
    "title: yes\n",  # a boolean
    "on: x\n",  # a boolean key
    "date: 2024-01-02\n",  # a date
    "title: null\n",
    "title: a: b\n",  # a mapping in a mapping: YAML refuses it
    "title: a #comment\n",
    "title: -x\n",  # an indicator first
    "title: \"a\\tb\"\n",  # an escape
    "tags: [a, b]\n",
    "title: a\n  b\n",  # a value over two lines
    "title: a\tb\n",
    "title:  a\n",
])
def test_simple_frontmatter_leaves_the_rest_to_yaml(raw):
    from desktop.core.frontmatter import simple_frontmatter

    assert simple_frontmatter(raw) is None


_FM_KEYS = st.sampled_from(["title", "videoId", "on", "Null", "yes", "aliases", "k_1", "title", "x" * 70])
_FM_VALUES = st.text(alphabet="ab Z09:#-'\"\\[]{},&*!|>%@`?~.<=é\u00a0\u3000\t\x01\x85\u2028\ufeff", max_size=14)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(_FM_KEYS, _FM_VALUES, st.sampled_from([": ", ":", ":  "])), min_size=1, max_size=4),
       st.booleans())
def test_simple_frontmatter_reads_as_yaml_does(lines, blank):
    """Whatever the fast reading takes, it reads as YAML does (and it takes the generator's shape)."""
    from desktop.core.frontmatter import simple_frontmatter

    raw = ("\n" if blank else "").join(f"{key}{colon}{value}\n" for key, value, colon in lines)
    fast = simple_frontmatter(raw)
    if fast is not None:
        assert fast == _yaml_read(raw), raw
    if all(colon == ": " and value.isalpha() and value.lower() not in ("yes", "no", "on", "off", "true", "false",
                                                                        "null", "y", "n")
           and key in ("title", "videoId", "aliases", "k_1") for key, value, colon in lines):
        assert fast is not None, raw


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab Z09:#-'\"\n\\[]{}&*!|>%@`?~.=é\t", max_size=40))
def test_split_frontmatter_with_or_without_yaml_agree(raw):
    """`split_frontmatter` with the fast reading gives what the YAML reading alone gives, warnings too."""
    from unittest import mock

    from desktop.core import frontmatter

    text = f"---\n{raw}\n---\nbody\n"
    with mock.patch.object(frontmatter, "simple_frontmatter", lambda raw: None):
        slow = split_frontmatter(text)
    assert split_frontmatter(text) == slow
