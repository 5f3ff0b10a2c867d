"""A video's stamps drawn as SVG: the timeline of a video page, and the thin strip under a note's title.

No JavaScript: each mark is an SVG link with a `<title>` (the hover tooltip), so the picture works the same
in the app's web view and in a static export. Colours come from the page's own CSS variables (the callout
colours, tuned for light and dark) through classes, never inline colours: `tl-cN` fills an SVG mark,
`sw-cN` a swatch, `bd-cN` a left border, N the note's place among the video's notes (`note_colours`).
Everything from notes is escaped: a sentence is text inside `<title>`, never markup.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Sequence

from desktop.core.stamps import format_seconds
from desktop.core.videos import Video, VideoStamp
from desktop.render.timestamps import shown_time

__all__ = [
    "MAX_FAINTS",
    "MAX_MARKS",
    "PALETTE_SIZE",
    "TIMELINE_CSS",
    "MarkWriter",
    "StampHref",
    "mark_writer",
    "note_colours",
    "note_strip",
    "thinned",
    "tick_seconds",
    "timeline_style",
    "timeline_svg",
]

StampHref = Callable[[str, int], "str | None"]  # (video id, second) → where a click on that moment goes

# The callout colours of note-light.css / note-dark.css, ordered so neighbouring notes differ in hue.
_PALETTE_VARS = ("--note-c", "--danger-c", "--success-c", "--example-c", "--question-c", "--tip-c",
                 "--warning-c", "--quote-c")
PALETTE_SIZE = len(_PALETTE_VARS)

TIMELINE_CSS = "\n".join([
    ".timeline-wrap { margin: 0.4em 0 1.6em; padding: 0 5px; }",
    "svg.timeline, svg.strip { display: block; width: 100%; overflow: visible; }",
    ".tl-axis { stroke: var(--rule); stroke-width: 2; }",
    ".tl-tick { stroke: var(--faint); stroke-width: 1; }",
    ".tl-label { fill: var(--muted); font-size: 11px; font-family: inherit; }",
    ".tl-bar { opacity: 0.85; }",
    ".tl-hit { fill: transparent; }",
    "a.tl-mark:hover .tl-bar, a.tl-mark:focus .tl-bar { opacity: 1; stroke: var(--fg); stroke-width: 1; }",
    ".tl-dim .tl-bar { opacity: 0.3; }",
    ".tl-hl .tl-bar { opacity: 1; }",
    ".tl-faint { fill: var(--faint); opacity: 0.45; }",
    ".video-strip { margin: -0.2em 0 1.2em; font-size: 0.85em; color: var(--muted); }",
    ".video-strip .strip-count { white-space: nowrap; margin-left: 0.3em; color: var(--faint); }",
    ".video-strip .strip-label { color: var(--muted); text-decoration: none; font-weight: 600; }",
    ".video-strip .strip-label:hover { color: var(--link); text-decoration: underline; }",
    ".video-strip .strip-wrap { padding: 0 4px; }",
    ".swatch { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 2px; margin-right: 0.4em;"
    " vertical-align: baseline; }",
    *(f".tl-c{i} {{ fill: var({var}); }} .sw-c{i} {{ background-color: var({var}); }} "
      f".bd-c{i} {{ border-left-color: var({var}); }}" for i, var in enumerate(_PALETTE_VARS)),
])

_NICE_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400)
_SVG_NS = "http://www.w3.org/2000/svg"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def timeline_style() -> str:
    """The `<style>` the timeline and strip need, for a page whose stylesheet does not hold it yet."""
    return f"<style>\n{TIMELINE_CSS}\n</style>"


def note_colours(video: Video) -> dict[str, int]:
    """Note path → palette index: by the note's place among the video's notes, so it is stable per page."""
    return {path: i % PALETTE_SIZE for i, path in enumerate(video.all_notes)}


# The axis labels' 11 px font, and the axis of a note page in an 800-wide window: the narrowest it is drawn.
_LABEL_CHAR_PX, _NARROWEST_AXIS_PX = 6.5, 560


def _labels_overlap(tick: int, last: int) -> bool:
    """Whether the label of `tick` (centred on it) would run into the end label (ending at the axis' end) on
    the narrowest axis: "2:30:00" and "2:43:44" did on a video of 2 h 43 min."""
    room = (len(format_seconds(tick)) / 2 + len(format_seconds(last))) * _LABEL_CHAR_PX
    return (last - tick) / last * _NARROWEST_AXIS_PX < room


def tick_seconds(last_second: int, max_ticks: int = 6) -> list[int]:
    """Round times from 0 to `last_second` for the axis labels, at most `max_ticks` of them plus the end."""
    last = max(0, int(last_second))
    step = next((s for s in _NICE_STEPS if last / s <= max_ticks), None)
    if step is None:  # past the longest nice step's reach (a stamp past any video's length): whole hours
        step = -(-last // (max_ticks * 3600)) * 3600
    ticks = list(range(0, last + 1, step))
    if len(ticks) > 1 and (last - ticks[-1] < step * 0.4 or _labels_overlap(ticks[-1], last)):
        ticks.pop()  # too near the end label: they would overlap
    if ticks[-1] != last:
        ticks.append(last)
    return ticks


def _x(seconds: int, span: int) -> str:
    """A position along the strip as a percentage of its width (the SVG scales with the page, text does not)."""
    return f"{seconds * 100 / span:.3f}%"


def mark_writer(video: Video, stamp_href: StampHref, note_title: Callable[[str], str]) -> MarkWriter:
    """What writes the marks of `video`'s timeline, and escapes its hrefs and sentences once for a page."""
    stamps = video.stamps
    span = max(1, stamps[-1].seconds) if stamps else 1
    return MarkWriter(video.id, span, stamp_href, note_title, shared=_video_parts(video.id, stamps, span, stamp_href))


class _VideoParts:
    """What every strip and timeline of one video draws alike, whichever page shows it: each stamp's faint
    mark (a strip's other notes), the escaped href of each second and each stamp's escaped sentence. A
    video's notes and its page come one after the other (the export writes them so): made once for them
    all, not once per page (a video holds some eight hundred stamps, each note's strip draws them all)."""

    __slots__ = ("key", "stamps", "hrefs", "sentences", "_faints")

    def __init__(self, key: tuple, stamps: Sequence[VideoStamp]):
        self.key, self.stamps = key, stamps  # the stamps kept: `sentences` is keyed by their ids
        self.hrefs: dict[int, str | None] = {}
        self.sentences: dict[int, str] = {}
        self._faints: list[str] | None = None

    def faints(self, span: int) -> list[str]:
        """Each stamp's faint mark on a strip, in the stamps' order."""
        if self._faints is None:
            self._faints = [_faint(stamp.seconds, span) for stamp in self.stamps]
        return self._faints


def _faint(seconds: int, span: int) -> str:
    """The faint mark of another note's stamp on a strip."""
    return f'<rect class="tl-faint" x="{_x(seconds, span)}" y="4" width="2" height="6" transform="translate(-1 0)"/>'


_last_parts = threading.local()  # this thread's `_VideoParts` of the video it last drew


def _video_parts(video_id: str, stamps: Sequence[VideoStamp], span: int, stamp_href: StampHref) -> _VideoParts:
    """The parts of the video this thread last drew when it is the same video, stamps and links; else new."""
    key = (video_id, span, stamp_href)
    parts = getattr(_last_parts, "parts", None)
    if parts is None or parts.stamps is not stamps or parts.key != key:
        parts = _last_parts.parts = _VideoParts(key, stamps)
    return parts


class MarkWriter:
    """Writes the marks of one strip or timeline: one per stamp, a bar at its second, a wider invisible hit
    area, its tooltip (time, sentence, note), a link when it has one. What its marks share — each bar
    shape's markup, each note's escaped path and title — is written once, not once per stamp (a strip and
    a video page draw some sixty marks each: a tenth of exporting a note)."""

    HIT = 9

    def __init__(self, video_id: str, span: int, stamp_href: StampHref, note_title: Callable[[str], str], *,
                 shared: _VideoParts | None = None):
        self.video_id, self.span, self.stamp_href, self.note_title = video_id, span, stamp_href, note_title
        self._bars: dict[tuple[int, int, int], tuple[str, str]] = {}
        self._notes: dict[str, tuple[str, str]] = {}
        # `shared`: the video's hrefs and sentences as other pages of it escaped them (`_video_parts`)
        self._hrefs: dict[int, str | None] = shared.hrefs if shared is not None else {}
        self._sentences: dict[int, str] = shared.sentences if shared is not None else {}

    def href(self, seconds: int) -> str | None:
        """The escaped href of a click on that second of the video (None: no link); a video page asks twice."""
        try:
            return self._hrefs[seconds]
        except KeyError:
            href = self.stamp_href(self.video_id, seconds)
            escaped = self._hrefs[seconds] = _e(href) if href is not None else None
            return escaped

    def sentence(self, stamp: VideoStamp) -> str:
        """The stamp's sentence escaped ("" for none); a video page shows it twice."""
        escaped = self._sentences.get(id(stamp))
        if escaped is None:
            escaped = self._sentences[id(stamp)] = _e(stamp.sentence)
        return escaped

    def _bar(self, bar: tuple[int, int, int]) -> tuple[str, str]:
        y, height, width = bar
        hit = self.HIT
        pieces = self._bars[bar] = (
            f'" y="{y}" width="{width}" height="{height}" rx="1" transform="translate({-width / 2:g} 0)"/>'
            '<rect class="tl-hit" x="',
            f'" y="{y}" width="{hit}" height="{height}" transform="translate({-hit / 2:g} 0)"/>')
        return pieces

    def mark(self, stamp: VideoStamp, classes: str, bar: tuple[int, int, int], more: int = 0) -> str:
        """One stamp's mark; `more`: how many other stamps it stands for (`thinned`), said in its tooltip."""
        after_bar, after_hit = self._bars.get(bar) or self._bar(bar)
        note = self._notes.get(stamp.note)
        if note is None:
            note = self._notes[stamp.note] = (_e(stamp.note), _e(self.note_title(stamp.note)))
        note_e, title_e = note
        # The tooltip escaped by parts (escaping is character by character): a time and the glue hold
        # nothing to escape.
        seconds = stamp.seconds
        sentence = self._sentences.get(id(stamp))
        if sentence is None:
            sentence = self.sentence(stamp)
        tooltip = f"{shown_time(seconds)} — {sentence or '(no text)'} · {title_e}"
        if more:
            tooltip += f" (and {more} more stamp{'' if more == 1 else 's'} here)"
        x = f"{seconds * 100 / self.span:.3f}%"
        inner = f'<title>{tooltip}</title><rect class="tl-bar" x="{x}{after_bar}{x}{after_hit}'
        attrs = f'class="tl-mark {classes}" data-seconds="{seconds}" data-note="{note_e}"'
        href = self._hrefs[seconds] if seconds in self._hrefs else self.href(seconds)
        if href is None:
            return f"<g {attrs}>{inner}</g>"
        # no Tab stop: a note's strip held some 40 of them before its first link (its chips in the text, the
        # stamps panel and a video page's list lead to the same seconds from the keyboard)
        return f'<a {attrs} href="{href}" tabindex="-1">{inner}</a>'


# Marks drawn for one note on a strip or timeline at most. A strip is some 600 px wide: past a mark a pixel,
# more marks look the same and only cost (a note of 20,859 stamps drew 10 MB of SVG, 60k elements, before its
# text). The other notes' faint marks on a strip are one small shape each: thinned only past four times as many
# (the public vault's busiest video holds 2,428 stamps, its longest note 360: their pages are as they were).
MAX_MARKS = 1000
MAX_FAINTS = 4 * MAX_MARKS


def thinned(stamps: Sequence[VideoStamp], span: int, limit: int = MAX_MARKS) -> list[tuple[VideoStamp, int]]:
    """(stamp, how many more it stands for) to draw: every stamp when there are at most `limit`; else the
    first of each of `limit` equal slices of the video that holds any, standing for the rest of its slice."""
    if len(stamps) <= limit:
        return [(stamp, 0) for stamp in stamps]
    firsts: dict[int, list] = {}
    for stamp in stamps:
        slot = firsts.get(key := stamp.seconds * limit // (span + 1))
        if slot is None:
            firsts[key] = [stamp, 0]
        else:
            slot[1] += 1
    return [(stamp, more) for stamp, more in firsts.values()]


def _axis(span: int, y: int, label_y: int | None) -> str:
    parts = [f'<line class="tl-axis" x1="0" x2="100%" y1="{y}" y2="{y}"/>']
    if label_y is None:
        return "".join(parts)
    ticks = tick_seconds(span)
    for i, second in enumerate(ticks):
        anchor = "start" if i == 0 else "end" if i == len(ticks) - 1 else "middle"
        x = _x(second, span)
        parts.append(f'<line class="tl-tick" x1="{x}" x2="{x}" y1="{y}" y2="{y + 4}"/>'
                     f'<text class="tl-label" x="{x}" y="{label_y}" text-anchor="{anchor}">'
                     f"{_e(format_seconds(second))}</text>")
    return "".join(parts)


def timeline_svg(video: Video, stamp_href: StampHref, *, highlight_note: str | None = None,
                 note_title: Callable[[str], str] = lambda path: path, marks: MarkWriter | None = None) -> str:
    """The video's timeline: 0 to its last cited second, one mark per stamp coloured by its note.

    With `highlight_note`, that note's marks are tall and full colour and the others dimmed, drawn last so
    they sit on top. Each mark links to `stamp_href(video id, second)`. Empty when nothing is placed. `marks`: the page's
    `mark_writer` (made from the same arguments), when the page shows the stamps again.
    """
    stamps = video.stamps
    if not stamps:
        return ""
    span = max(1, stamps[-1].seconds)
    colours = note_colours(video)
    marks = marks or mark_writer(video, stamp_href, note_title)
    marks_back, marks_front = [], []
    more_of: dict[int, int] | None = None  # id of each stamp drawn → how many more it stands for
    if len(stamps) > MAX_MARKS:  # each note's marks thinned on their own: its colour stays where its stamps are
        by_note: dict[str, list[VideoStamp]] = {}
        for stamp in stamps:
            by_note.setdefault(stamp.note, []).append(stamp)
        more_of = {id(stamp): more for its in by_note.values() for stamp, more in thinned(its, span)}
    for stamp in stamps:
        more = 0
        if more_of is not None and (more := more_of.get(id(stamp), -1)) < 0:
            continue  # stood for by an earlier mark of its note
        classes = f"tl-c{colours.get(stamp.note, 0)}"
        if highlight_note is None:
            bar, target = (8, 26, 3), marks_back
        elif stamp.note == highlight_note:
            bar, target, classes = (2, 32, 4), marks_front, classes + " tl-hl"
        else:
            bar, target, classes = (12, 18, 3), marks_back, classes + " tl-dim"
        target.append(marks.mark(stamp, classes, bar, more))
    label = f"Timeline of {video.display_title}: {len(stamps)} stamps up to {format_seconds(span)}"
    return (f'<div class="timeline-wrap"><svg class="timeline" xmlns="{_SVG_NS}" height="58" role="img" '
            f'aria-label="{_e(label)}">{_axis(span, 36, 53)}<g class="tl-marks">'
            f'{"".join(marks_back)}{"".join(marks_front)}</g></svg></div>')


def note_strip(video: Video, note_path: str, *, video_href: Callable[[str], str | None],
               stamp_href: StampHref, note_title: Callable[[str], str] = lambda path: path) -> str:
    """The thin strip under a note's title: where its own stamps fall in its video, the video's other notes
    faint, and a label that leads to the video page. Empty when the video has no placed stamp.
    """
    stamps: Sequence[VideoStamp] = video.stamps
    if not stamps:
        return ""
    span = max(1, stamps[-1].seconds)
    colour = note_colours(video).get(note_path, 0)
    parts = _video_parts(video.id, stamps, span, stamp_href)
    marks = MarkWriter(video.id, span, stamp_href, note_title, shared=parts)
    own_classes = f"tl-c{colour} tl-own"
    own, others = [], []
    count = 0
    if len(stamps) <= MAX_MARKS:
        for stamp, faint in zip(stamps, parts.faints(span)):
            if stamp.note == note_path:
                own.append(marks.mark(stamp, own_classes, (0, 14, 3)))
            else:
                others.append(faint)
        count = len(own)
    else:
        mine = [stamp for stamp in stamps if stamp.note == note_path]
        theirs = [stamp for stamp in stamps if stamp.note != note_path]
        count = len(mine)
        own = [marks.mark(stamp, own_classes, (0, 14, 3), more) for stamp, more in thinned(mine, span)]
        others = [_faint(stamp.seconds, span) for stamp, _more in thinned(theirs, span, MAX_FAINTS)]
    others_count = len(video.all_notes) - (1 if note_path in video.all_notes else 0)
    summary = (f"{count} of {len(stamps)} stamps · {others_count} other note{'' if others_count == 1 else 's'}"
               if others_count else f"{count} stamps")
    href = video_href(video.id)
    name = f"▶ {_e(video.display_title)}"
    label = (f'<a class="strip-label" href="{_e(href)}" title="All notes on this video, on one timeline">{name}</a>'
             if href is not None else f'<span class="strip-label">{name}</span>')
    aria = f"Where this note's stamps fall in {video.display_title} ({format_seconds(span)})"
    return (f'<div class="video-strip"><div class="strip-head">{label} <span class="strip-count">{_e(summary)}'
            f'</span></div><div class="strip-wrap"><svg class="strip" xmlns="{_SVG_NS}" height="16" role="img" '
            f'aria-label="{_e(aria)}">{_axis(span, 7, None)}<g class="tl-faints">{"".join(others)}</g>'
            f'<g class="tl-marks">{"".join(own)}</g></svg></div></div>')
