"""A search result's snippet for people: as HTML with the matches marked (the results list), and as the few
plain words the note view looks for (to find the match's place in the page) with the matched words it then
highlights there. Qt-free."""

from __future__ import annotations

import html
import re

from desktop.core.search import MARK_END, MARK_START, SearchResult
from desktop.core.search_text import SEPARATOR

PASSAGE_BREAK = " <span style='color:#8a8a8a'>·</span> "  # where a stamp's chip stands on the page


def snippet_html(result: SearchResult) -> str:
    """The snippet, escaped, with each match in bold on a highlight."""
    escaped = html.escape(result.snippet).replace(SEPARATOR, PASSAGE_BREAK)
    return (escaped.replace(html.escape(MARK_START), MARK_START).replace(MARK_START, "<b style='background:#ffe58a;"
            "color:#1a1a1a'>").replace(html.escape(MARK_END), MARK_END).replace(MARK_END, "</b>"))


def snippet_plain(result: SearchResult) -> str:
    """A few words of the snippet from its first match on, as plain text: what the note view looks for (up to
    the next passage: a stamp's chip stands between them on the page)."""
    text = result.snippet
    start = text.find(MARK_START)
    text = text[max(start, 0):].replace(MARK_START, "").replace(MARK_END, "")
    text = text.split("…")[0].split(SEPARATOR)[0].strip()
    if len(text) > 40:
        text = text[:40].rsplit(" ", 1)[0]
    return text


def snippet_words(result: SearchResult) -> str:
    """The matched words `snippet_plain` starts with (`snippet_mark`)."""
    return snippet_mark(result)[1]


def snippet_mark(result: SearchResult) -> tuple[str, str]:
    """(`snippet_plain`, the words to highlight there): its first match, and the matches right after it with
    only spaces between (a phrase's words each match on their own), what the note view highlights once
    the place is found."""
    place = snippet_plain(result)
    text = result.snippet
    start = text.find(MARK_START)
    if start < 0 or not place:
        return place, place
    run = _FIRST_RUN.match(text, start)
    words = " ".join(run.group(0).replace(MARK_START, "").replace(MARK_END, "").split()) if run else ""
    return place, words if words and place.casefold().startswith(words.casefold()) else place


# The first marked match and those following it with spaces alone between them.
_FIRST_RUN = re.compile(re.escape(MARK_START) + r"[^" + re.escape(MARK_END) + r"]*" + re.escape(MARK_END)
                        + r"(?:[ \t]+" + re.escape(MARK_START) + r"[^" + re.escape(MARK_END) + r"]*"
                        + re.escape(MARK_END) + r")*")
