"""A note's links as `render/body.py` reads their `(…)` (`_NoteLinkDestination`): where a quote seems to open
a title, Python-Markdown's fallback to the balancing `)` is counted right, so an unclosed `(` stays text and
the stamps after it stay chips; and a link around a stamp is text around its chip. No placeholder reaches
the page and no link is made of a sentence or of a chip."""

from __future__ import annotations

import pytest

from desktop.core.loader import complete_note, load_vault
from desktop.core.model import Stamp
from desktop.render.body import BodyRenderer
from desktop.render.linker import AppLinker, LinkTargets
from desktop.render.pages import render_note_body
from desktop.render.sanitize import sanitize_html

SCHEMES = AppLinker.url_schemes
VIDEO = "https://www.youtube.com/watch?v=abcdefghijk"


def targets() -> LinkTargets:
    return LinkTargets(linker=AppLinker(), resolve=lambda t: None, is_note=lambda p: p.endswith(".md"),
                       topic_key=str.lower, current_path="here.md")


def anchor(time: str) -> str:
    """A stamp as the generator writes it."""
    return f'<a class="yt-timestamp" data-t="{time}">[{time}]</a>'


def stamp(time: str) -> Stamp:
    h, m, s = (int(part) for part in time.split(":"))
    seconds = 3600 * h + 60 * m + s
    return Stamp(label=time, seconds=seconds, url=f"{VIDEO}&t={seconds}s", context="", start=0, end=0)


def chip(i: int, time: str) -> str:
    """The chip of the note's i-th stamp as the page shows it."""
    h, m, s = (int(part) for part in time.split(":"))
    shown = f"{h}:{m:02}:{s:02}" if h else f"{m}:{s:02}"
    seconds = stamp(time).seconds
    return (f'<a class="stamp" href="{VIDEO}&amp;t={seconds}s" id="stamp-{i}" '
            f'title="Open the video at {shown}">▶ {shown}</a>')


def page_body(body: str, times: list[str] = ()) -> str:
    """The sanitized body as a note page shows it (chips as tokens where they can be)."""
    html, _headings = BodyRenderer().render_sanitized(
        body, targets(), [stamp(t) for t in times], url_schemes=SCHEMES,
        sanitize=lambda raw: sanitize_html(raw, url_schemes=SCHEMES))
    return html


# The public vault's generator wrapped stamps in a Markdown link's `[time](`, never closed; an apostrophe
# between two of them seemed to open a title (lennyspodcast/customer_interviewing_techniques.md, line 28).
VAULT_LINE = ("a beer with a buddy [00:36:56]({0}. Avoid rigid, long lists of questions [00:36:38]({1}. "
              "A simple technique is to follow the customer's story [00:37:38]({2}.")


@pytest.mark.parametrize("text, times", [
    ("[00:00:01]({0}. You're [00:00:02]({1}.", ["00:00:01", "00:00:02"]),  # the least that did it
    (VAULT_LINE, ["00:36:56", "00:36:38", "00:37:38"]),
])
def test_stamps_in_unclosed_link_brackets_after_an_apostrophe_stay_chips_in_their_text(text, times):
    html = page_body(text.format(*(anchor(t) for t in times)), times)
    assert html == f"<p>{text.format(*(chip(i, t) for i, t in enumerate(times)))}</p>"
    assert "klzzwxh" not in html and "\x02" not in html and "wikilink" not in html


@pytest.mark.parametrize("body", [
    "[a](b. You're [c](d. e",
    "![a](b. You're ![c](d. e",
    "[a](x'y (z) w",
])
def test_an_unclosed_link_parenthesis_after_a_quote_is_text_with_nothing_lost(body):
    assert page_body(body) == f"<p>{body}</p>"


def test_a_link_whose_url_holds_an_apostrophe_and_parentheses_reaches_its_balancing_parenthesis():
    body = "See [Wiki](https://en.wikipedia.org/wiki/Ender's_Game_(film)) for more."
    assert page_body(body) == ('<p>See <a href="https://en.wikipedia.org/wiki/Ender\'s_Game_(film)">Wiki</a>'
                               " for more.</p>")


@pytest.mark.parametrize("body, html", [
    ('[a](https://e.org/x_(y) "t")', '<p><a href="https://e.org/x_(y)" title="t">a</a></p>'),
    ("[a](https://e.org/b 't (x)') z", '<p><a href="https://e.org/b" title="t (x)">a</a> z</p>'),
    ("[a](<https://e.org/b c>) z", '<p><a href="https://e.org/b c">a</a> z</p>'),
])
def test_links_with_titles_and_parentheses_read_as_python_markdown_reads_them(body, html):
    assert page_body(body) == html


def test_a_link_around_a_stamp_is_its_text_around_the_chip():
    text = "led to layoffs in his group [01:17:01]({0}). However"
    assert page_body(text.format(anchor("01:17:01")), ["01:17:01"]) == f"<p>{text.format(chip(0, '01:17:01'))}</p>"


def test_stamps_in_a_link_with_a_quoted_title_later_in_the_sentence_stay_chips_in_their_text():
    # lennyspodcast/launching_and_scaling_new_products_at_nubank.md: the quotes made a title of the sentence.
    times = ["01:16:25", "01:16:32", "01:19:55"]
    text = ("the path forward [01:16:25]({0}, [01:16:32]({1}). This experience, though a \"spectacular failure,\" "
            "taught him persistence (\"Just because I'm losing doesn't mean I've lost\") and bets [01:19:55]({2}).")
    html = page_body(text.format(*(anchor(t) for t in times)), times)
    assert html == f"<p>{text.format(*(chip(i, t) for i, t in enumerate(times)))}</p>"


def test_an_image_or_a_bracketed_destination_around_a_stamp_is_text_around_the_chip():
    body = f"![x]({anchor('00:01:05')}) and [y](<{anchor('00:02:00')}>)"
    assert page_body(body, ["00:01:05", "00:02:00"]) == (
        f"<p>![x]({chip(0, '00:01:05')}) and [y](&lt;{chip(1, '00:02:00')}&gt;)</p>")


def test_a_vault_notes_page_shows_its_stamp_lines_with_chips_and_no_placeholder(tmp_path):
    # The note as the public vault writes it, read and rendered as the app does.
    times = ["00:36:56", "00:36:38", "00:37:38", "01:17:01"]
    text = VAULT_LINE + "\n\nThe group was laid off [01:17:01]({3}).\n"
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "note.md").write_text("---\ntitle: Interviews\nvideoId: abcdefghijk\n---\n"
                                   + text.format(*(anchor(t) for t in times)), encoding="utf-8")
    index = load_vault(vault, cache=tmp_path / "cache")
    html, _headings = render_note_body(index, complete_note(index, "note.md"), AppLinker())
    assert html == "".join(f"<p>{para}</p>\n" for para in
                           text.format(*(chip(i, t) for i, t in enumerate(times))).strip().split("\n\n")).strip()
