"""The words marked in a mention's sentence (topic pages and backlinks, exported 40k times at 20k notes)."""

from __future__ import annotations

import html
import re

from hypothesis import given, strategies as st

from desktop.render.pages import highlight


def regex_highlight(context: str, terms: list[str]) -> str:
    """What `highlight` gave when it compiled one regex per call: the reference it must still agree with."""
    words = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not words or not context:
        return html.escape(context, quote=True)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(context):
        out.append(f"{html.escape(context[pos:m.start()], quote=True)}<mark>{html.escape(m.group(0), quote=True)}</mark>")
        pos = m.end()
    out.append(html.escape(context[pos:], quote=True))
    return "".join(out)


def test_longer_terms_win_and_case_is_ignored():
    assert highlight("Flow state and FLOW again", ["flow", "Flow State"]) == \
        "<mark>Flow state</mark> and <mark>FLOW</mark> again"
    assert highlight("a < b", ["<"]) == "a <mark>&lt;</mark> b"


@given(st.text(alphabet="abAB <&.", max_size=40),
       st.lists(st.text(alphabet="abAB <&", max_size=4), max_size=4))
def test_marks_the_same_words_as_one_regex(context, terms):
    assert highlight(context, terms) == regex_highlight(context, terms)


@given(st.text(alphabet="aAßİıéÉ k", max_size=30), st.lists(st.text(alphabet="aAßİıéÉ", max_size=3), max_size=3))
def test_marks_the_same_words_as_one_regex_beyond_ascii(context, terms):
    assert highlight(context, terms) == regex_highlight(context, terms)
