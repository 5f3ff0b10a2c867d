"""Search snippets as the results list shows them and as the note view looks for them, without Qt."""

from __future__ import annotations

from desktop.core.search import MARK_END, MARK_START, SearchResult
from desktop.render.snippets import PASSAGE_BREAK, snippet_html, snippet_plain


def result(snippet: str) -> SearchResult:
    return SearchResult("a.md", "A", snippet, 5, None, -1.0)


def test_plain_words_from_the_first_match_to_the_next_passage():
    snippet = f"…Prices rose.\nEurope buys natural {MARK_START}gas{MARK_END} from Norway.\nCoal is back…"
    assert snippet_plain(result(snippet)) == "gas from Norway."
    assert f"Prices rose.{PASSAGE_BREAK}Europe" in snippet_html(result(snippet))


def test_html_escapes_the_text_and_marks_the_match():
    shown = snippet_html(result(f"a <b> & {MARK_START}c{MARK_END}"))
    assert "a &lt;b&gt; &amp; <b style=" in shown and shown.endswith(">c</b>")


def test_the_words_highlighted_are_the_matches_not_the_words_after_them():
    from desktop.render.snippets import snippet_words

    assert snippet_words(result(f"…natural {MARK_START}gas{MARK_END} from Norway.\nCoal…")) == "gas"
    phrase = f"the {MARK_START}climate{MARK_END} {MARK_START}change{MARK_END} debate goes on and on and on"
    assert snippet_words(result(phrase)) == "climate change"
    apart = f"about {MARK_START}gamma{MARK_END} rays, see the {MARK_START}gamma{MARK_END} note"
    assert snippet_words(result(apart)) == "gamma"  # words between: the first match alone
    assert snippet_words(result("no mark at all")) == snippet_plain(result("no mark at all"))
