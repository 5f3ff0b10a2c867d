"""The words marked in a mention's sentence (topic pages and backlinks, exported 40k times at 20k notes)."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from desktop.core.model import Mention
from desktop.render.linker import AppLinker
from desktop.render.pages import NO_TEXT, highlight, mentions_html


def regex_highlight(context: str, terms: list[str]) -> str:
    """One regex per call, whole words: the reference `highlight` must agree with."""
    words = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not words or not context:
        return html.escape(context, quote=True)
    def whole(word: str) -> str:  # not inside a longer word
        return (r"(?<!\w)" if re.match(r"\w", word[0]) else "") + re.escape(word) + (
            r"(?!\w)" if re.match(r"\w", word[-1]) else "")
    pattern = re.compile("|".join(whole(w) for w in words), re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(context):
        out.append(f"{html.escape(context[pos:m.start()], quote=True)}<mark>{html.escape(m.group(0), quote=True)}</mark>")
        pos = m.end()
    out.append(html.escape(context[pos:], quote=True))
    return "".join(out)


def test_a_topic_is_marked_as_a_whole_word_not_inside_others():
    # the topic "AI" of the public vault was marked in "camp<mark>ai</mark>gns" and "d<mark>ai</mark>ly"
    assert highlight("AI campaigns daily use AI.", ["ai"]) == "<mark>AI</mark> campaigns daily use <mark>AI</mark>."
    assert highlight("Kampagnen für KI-Modelle, KI.", ["KI"]) == "Kampagnen für <mark>KI</mark>-Modelle, <mark>KI</mark>."
    assert highlight("C++ and c++11", ["c++"]) == "<mark>C++</mark> and <mark>c++</mark>11"


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


_words = st.text(alphabet="abAB <&é", max_size=4)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["x.md", "y.md"]), st.text(alphabet="abAB <&.é", max_size=30),
                          st.one_of(st.none(), _words), st.lists(_words, max_size=2).map(tuple)), max_size=8),
       st.lists(_words, max_size=3))
def test_a_mention_list_marks_each_sentence_with_its_own_link_texts_and_the_pages_names(rows, terms):
    """Mentions sharing link texts share their search words: each sentence is still marked as `highlight`
    marks it with its own link texts and the page's names."""
    mentions = [Mention(source, context, None, alias=alias, other_aliases=others)
                for source, context, alias, others in rows]
    index = SimpleNamespace(notes={})
    page = mentions_html(index, mentions, AppLinker(), terms)
    shown = re.findall(r"<li>(.*?)</li>", page)
    by_source = sorted(mentions, key=lambda m: (m.source.casefold(), m.source))  # no titles: by path
    expected = [highlight(m.context, [m.alias or "", *m.other_aliases, *terms]) or NO_TEXT for m in by_source]
    assert shown == expected
