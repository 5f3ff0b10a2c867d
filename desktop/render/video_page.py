"""The page of one video (`video:ID`): its title, channel and notes, the timeline, and the merged outline.

The outline is every stamp of every note on the video in time order. Notes of one video interleave a lot
(the sample's most-cited video: 106 stamps from 5 notes in 80 runs), so a heading per note change would be
a wall of headings; instead consecutive rows of one note form a run, marked by the note's colour (the same
as its marks on the timeline) and named once at the start of the run. A note that holds the floor for a
while reads as a chapter; alternating notes stay light.

Hrefs come from callbacks, so the same page serves the app (its `vault:` links) and a static export.
Everything from notes is escaped; nothing from a note becomes markup.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

from desktop.core.model import Note
from desktop.core.stamps import format_seconds, youtube_url
from desktop.core.videos import Video, VideoStamp
from desktop.render.pages import NO_TEXT, RenderedPage, html_document
from desktop.render.timestamps import chip_html
from desktop.render.timeline import StampHref, MarkWriter, mark_writer, note_colours, timeline_svg

__all__ = ["VIDEO_PAGE_CSS", "outline_headings", "outline_runs", "render_video_page", "video_page_body"]

VIDEO_PAGE_CSS = "\n".join([
    ".video-meta { color: var(--muted); font-size: 0.9em; margin-top: -0.3em; }",
    ".video-meta a { color: var(--muted); }",
    "h1.video-title a { color: inherit; text-decoration: none; }",
    "h1.video-title a:hover { text-decoration: underline; }",
    "h1.video-title .video-id { font-size: 0.6em; color: var(--faint); font-weight: 400; }",
    ".video-notes { list-style: none; padding-left: 0; }",
    ".video-notes li { margin: 0.15em 0; }",
    ".video-notes .count, .vo-source .count { color: var(--faint); font-size: 0.85em; }",
    ".video-notes .cites { color: var(--faint); font-size: 0.85em; font-style: italic; }",
    ".video-notes li.vo-hl a { font-weight: 650; }",
    ".video-outline { list-style: none; padding-left: 0; }",
    ".vo-run { border-left: 3px solid var(--rule); padding: 0.1em 0 0.1em 0.8em; margin: 0 0 0.5em; }",
    ".vo-source { font-size: 0.8em; color: var(--muted); margin-bottom: 0.1em; }",
    ".vo-source a { color: var(--muted); }",
    ".vo-rows { list-style: none; padding-left: 0; margin: 0; }",
    ".vo-row { margin: 0.1em 0; }",
    ".vo-run.vo-hl { background: var(--code-bg); }",
])


def _e(text: str) -> str:
    return html.escape(text, quote=True)


# Rows of a video page's outline at most: the public vault's busiest video has 2,428 stamps; a note of 20,859
# stamps (one cut from 50 MB) made a page of 6.8 MB, most of it rows nobody scrolls through.
MAX_OUTLINE_ROWS = 5000


def outline_runs(stamps: tuple[VideoStamp, ...]) -> list[list[VideoStamp]]:
    """The merged stamps cut where the note changes: each run is consecutive rows of one note. Only the
    first `MAX_OUTLINE_ROWS` stamps are listed."""
    runs: list[list[VideoStamp]] = []
    for stamp in stamps[:MAX_OUTLINE_ROWS]:
        if runs and runs[-1][0].note == stamp.note:
            runs[-1].append(stamp)
        else:
            runs.append([stamp])
    return runs


def _note_link(path: str, title: str, note_href: Callable[[str], str | None]) -> str:
    href = note_href(path)
    return f'<a class="wikilink" href="{_e(href)}">{_e(title)}</a>' if href is not None else _e(title)


def _chip(seconds: int, marks: MarkWriter) -> str:
    return chip_html(seconds, marks.href(seconds))  # the href escaped


def video_page_body(video: Video, notes: Mapping[str, Note], *, note_href: Callable[[str], str | None],
                    stamp_href: StampHref = youtube_url, highlight_note: str | None = None,
                    home_href: str | None = None) -> str:
    """What goes inside `<body>`: see the module docstring. `notes` is the index's notes (for titles)."""

    def title_of(path: str) -> str:
        note = notes.get(path)
        return note.title if note is not None else path

    colours = note_colours(video)
    per_note: dict[str, int] = {}
    for stamp in video.stamps:
        per_note[stamp.note] = per_note.get(stamp.note, 0) + 1
    parts = []  # the page's CSS is in the stylesheet (pages.stylesheet): no <style> in the body
    if home_href:
        parts.append(f'<div class="site-nav"><a href="{_e(home_href)}">← All notes</a></div>')
    id_note = "" if video.title is None else f' <span class="video-id">{_e(video.id)}</span>'
    parts.append(f'<h1 class="note-title video-title"><a href="{_e(youtube_url(video.id, 0))}" '
                 f'title="Open the video on YouTube">{_e(video.display_title)}</a>{id_note}</h1>')
    parts.append(f'<p class="video-meta">{_meta(video, title_of, note_href)}</p>')
    items = []
    for path in video.all_notes:
        count = per_note.get(path, 0)
        cites = ' <span class="cites">cites this video</span>' if path not in video.notes else ""
        hl = ' class="vo-hl"' if path == highlight_note else ""
        items.append(f'<li{hl}><span class="swatch sw-c{colours[path]}"></span>'
                     f"{_note_link(path, title_of(path), note_href)}"
                     f' <span class="count">{count} stamp{"" if count == 1 else "s"}</span>{cites}</li>')
    if items:
        parts.append(f'<ul class="video-notes">{"".join(items)}</ul>')
    marks = mark_writer(video, stamp_href, title_of)  # the timeline's and the outline's: each href escaped once
    parts.append(timeline_svg(video, stamp_href, highlight_note=highlight_note, note_title=title_of, marks=marks))
    if video.stamps:
        parts.append('<h2>Outline</h2>')
        parts.append(_outline(video, colours, title_of, note_href, marks, highlight_note))
    else:
        parts.append('<p class="empty">No stamp of these notes places anything in this video.</p>')
    return "\n".join(p for p in parts if p)


def _meta(video: Video, title_of: Callable[[str], str], note_href: Callable[[str], str | None]) -> str:
    bits = ["Video"]
    if video.channel_note is not None:
        bits.append(_note_link(video.channel_note, video.channel or title_of(video.channel_note), note_href))
    elif video.channel:
        bits.append(_e(video.channel))
    n = len(video.all_notes)
    bits.append(f"{n} note{'' if n == 1 else 's'}")
    bits.append(f"{len(video.stamps)} stamp{'' if len(video.stamps) == 1 else 's'}")
    if video.last_second is not None:
        bits.append(f"up to {_e(format_seconds(video.last_second))}")
    return " · ".join(bits)


def _outline(video: Video, colours: dict[str, int], title_of: Callable[[str], str],
             note_href: Callable[[str], str | None], marks: MarkWriter, highlight_note: str | None) -> str:
    runs = []
    row_number = 0
    heads: dict[str, str] = {}  # each note's run head, made once: notes of one video interleave (many runs)
    for run in outline_runs(video.stamps):
        path = run[0].note
        head = heads.get(path)
        if head is None:
            head = heads[path] = (f'data-note="{_e(path)}"><div class="vo-source"><span class="swatch '
                                  f'sw-c{colours[path]}"></span>{_note_link(path, title_of(path), note_href)}</div>')
        rows = []
        for stamp in run:
            rows.append(f'<li class="vo-row" id="vo-{row_number}" data-seconds="{stamp.seconds}" '
                        f'data-stamp="{stamp.index}">{_chip(stamp.seconds, marks)} '
                        f'{marks.sentence(stamp) or NO_TEXT}</li>')
            row_number += 1
        hl = " vo-hl" if path == highlight_note else ""
        runs.append(f'<li class="vo-run bd-c{colours[path]}{hl}" {head}<ol class="vo-rows">{"".join(rows)}</ol></li>')
    rest = len(video.stamps) - row_number
    notice = (f'\n<p class="empty">The outline lists the first {row_number:,} of {len(video.stamps):,} stamps; '
              f'the timeline above and the notes hold them all.</p>' if rest > 0 else "")
    return f'<ol class="video-outline">{"".join(runs)}</ol>{notice}'


def render_video_page(video: Video, notes: Mapping[str, Note], *, note_href: Callable[[str], str | None],
                      stamp_href: StampHref = youtube_url, highlight_note: str | None = None,
                      dark: bool = False, stylesheet_href: str | None = None, home_href: str | None = None,
                      font_size: float | None = None) -> RenderedPage:
    """The whole `video:ID` page as a document (see `video_page_body`)."""
    body = video_page_body(video, notes, note_href=note_href, stamp_href=stamp_href,
                           highlight_note=highlight_note, home_href=home_href)
    title = video.display_title
    return RenderedPage(title, html_document(title, body, dark=dark, stylesheet_href=stylesheet_href,
                                             font_size=font_size), body, outline_headings(video, notes))


def outline_headings(video: Video, notes: Mapping[str, Note]) -> list[tuple[int, str, str]]:
    """The outline's runs as the Outline panel lists a page's headings, (level, id, text): where each run
    starts and whose note it is, leading to its first row (`vo-N`, numbered as `_outline` numbers them)."""
    headings = []
    row_number = 0
    for run in outline_runs(video.stamps):
        note = notes.get(run[0].note)
        title = note.title if note is not None else run[0].note
        headings.append((2, f"vo-{row_number}", f"{format_seconds(run[0].seconds)} · {title}"))
        row_number += len(run)
    return headings
