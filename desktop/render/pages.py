"""Note and topic pages as full HTML documents: the sanitized note body inside our own trusted frame."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from desktop.core.model import Mention, Note
from desktop.core.stamps import youtube_url
from desktop.paths import resource
from desktop.render.body import MAX_EMBED_DEPTH, body_renderer, part_of
from desktop.render.linker import Linker, LinkTargets
from desktop.render.sanitize import URL_SCHEMES, sanitize_html
from desktop.render.timeline import TIMELINE_CSS, note_strip
from desktop.render.timestamps import chip_html

YOUTUBE_WATCH = "https://www.youtube.com/watch?v="
_READ_CUT_RE = re.compile(r"note is [\d.]+ MB: shown truncated")  # the warning of `core.vault.read_vault_file`
NO_TEXT = '<span class="empty">(no text)</span>'


@dataclass
class RenderedPage:
    """A page ready to show: `html` is the whole document, `body_html` what goes inside `<body>`."""

    title: str
    html: str
    body_html: str
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text) of the note


@lru_cache(maxsize=4)
def stylesheet(dark: bool = False) -> str:
    """Our own CSS: the light sheet, the video timeline and page, plus the dark sheet after it for a dark page
    (the timeline's colours are the sheets' variables)."""
    from desktop.render.video_page import VIDEO_PAGE_CSS  # it renders through this module

    css = resource("note-light.css").read_text(encoding="utf-8") + f"\n{TIMELINE_CSS}\n{VIDEO_PAGE_CSS}\n"
    if dark:
        css += "\n" + resource("note-dark.css").read_text(encoding="utf-8")
    return css


def export_stylesheet() -> str:
    """One file for an export: light, and dark when the reader's system prefers it."""
    dark = resource("note-dark.css").read_text(encoding="utf-8")
    return f"{stylesheet(False)}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def font_size_css(font_size: float | None) -> str:
    """The reader's own text size (px) over the stylesheet's; empty for the stylesheet's default."""
    if not font_size or font_size <= 0:
        return ""
    return f"<style>body {{ font-size: {float(font_size):g}px; }}</style>"


DOCUMENT_END = "\n</div>\n</body>\n</html>\n"  # how `html_document` closes its page


def html_document(title: str, body_html: str, *, dark: bool = False, stylesheet_href: str | None = None,
                  font_size: float | None = None) -> str:
    """A full document around `body_html`: our stylesheet inline, or linked when `stylesheet_href` is given.

    `font_size` (px) overrides the stylesheet's body size; everything else is sized in em and follows it.
    """
    style = (f'<link rel="stylesheet" href="{_e(stylesheet_href)}">' if stylesheet_href
             else f"<style>\n{stylesheet(dark)}</style>") + font_size_css(font_size)
    theme = "dark" if dark else "light"
    return (
        f'<!DOCTYPE html>\n<html lang="en" class="{theme}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n{style}\n</head>\n<body>\n<div class=\"page\">\n{body_html}{DOCUMENT_END}"
    )


def with_section(document: str, section_html: str) -> str:
    """`document` (of `html_document`) with `section_html` added at the end of its page: what rendering the
    page again with that section last gives, without rendering it again (the unlinked mentions, found after
    the page is on screen)."""
    if not section_html:
        return document
    if not document.endswith(DOCUMENT_END):
        raise ValueError("not a document of html_document")
    return f"{document[:-len(DOCUMENT_END)]}\n{section_html}{DOCUMENT_END}"




# --------------------------------------------------------------------------- note bodies

class _Transclusion:
    """Renders `![[other note]]` embeds for one page: each note (each section, each block) once, never the
    page's own note again. A section or block the note lacks shows a notice, not the whole note."""

    def __init__(self, index, linker: Linker, allow_remote: bool, root_path: str):
        self.index, self.linker, self.allow_remote = index, linker, allow_remote
        self.shown: set[tuple[str, str | None]] = {(root_path, None)}
        self.depth = 0

    def __call__(self, path: str, heading: str | None):
        note = self.index.notes.get(path)
        if note is None or (path, heading) in self.shown or self.depth >= MAX_EMBED_DEPTH:
            return None
        self.shown.add((path, heading))
        body = self.index.body_of(path)
        if heading:
            body = part_of(body, heading)
            if body is None:
                what = f"block {heading}" if heading.startswith("^") else f"section “{heading}”"
                return note.title, f'<p class="embed-notice">{_e(note.title)} has no {_e(what)}.</p>'
        self.depth += 1
        try:
            body_html, _ = body_renderer(self.depth).render(
                body, LinkTargets.for_index(self.index, self.linker, path), note.peek_stamps(),
                transclude=self, allow_remote=self.allow_remote, stamp_ids=False)
        finally:
            self.depth -= 1
        return note.title, body_html


# Characters of a body rendered; past that the page says how much it shows and that the rest is in the file.
# A megabyte holds every note of the public vault whole (its longest is 0.99 MB, the next 0.39 MB), renders in
# about 0.6 s, and keeps the window near its usual size: 4 MB rendered (7 MB of HTML, 20k chips) took the
# window's web process to 690 MB and ours to 640 MB.
RENDER_LIMIT = 1024 * 1024
_MB = 1024 * 1024


def _size(n: float) -> str:
    return f"{n / _MB:.1f} MB" if n >= _MB / 10 else f"{n / 1024:.0f} KB"


def shown_body(body: str, limit: int | None = None, *, file_size: int = 0, path: str = "",
               read_cut: bool = False) -> tuple[str, str | None]:
    """The part of a body to render (cut at a line end) and a notice when it was cut: how much is shown of
    how much (`file_size`: the file's bytes when known, as the body may be a part of it already: `read_cut`,
    the core read only its first part, `core.vault.MAX_NOTE_BYTES`) and that the rest is in the file (`path`).

    Rendering costs about 0.6 s per MB, and the web view's memory grows with the page: a 50 MB note would hold
    a view for half a minute.
    """
    limit = RENDER_LIMIT if limit is None else limit
    if len(body) <= limit:
        if not read_cut:
            return body, None
        cut = len(body)
    else:
        cut = body.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
    shown = body[:cut]
    shown_bytes = len(shown.encode("utf-8", "surrogatepass"))
    total = max(file_size, len(body.encode("utf-8", "surrogatepass")) if not file_size else 0, shown_bytes + 1)
    where = f" ({path})" if path else ""
    share = 100 * shown_bytes / total
    share_text = f"{share:.0f}%" if share >= 1 else "under 1%"
    return shown, (f"This note is {_size(total)}: only the first {_size(shown_bytes)} ({share_text}) is shown. "
                   f"The rest is in the file{where}.")


def render_note_body(index, note: Note, linker: Linker, *, allow_remote: bool = False,
                     body: str | None = None) -> tuple[str, list]:
    """(sanitized HTML, headings) of a note's body (`body`: its text when already read), embeds included."""
    transclude = _Transclusion(index, linker, allow_remote, note.path)
    body, _notice = shown_body(index.body_of(note.path) if body is None else body, file_size=note.size)
    schemes = getattr(linker, "url_schemes", URL_SCHEMES)
    html, tokens = body_renderer(0).render_sanitized(
        body, LinkTargets.for_index(index, linker, note.path), note.peek_stamps(), transclude=transclude,
        allow_remote=allow_remote, links=list(note.links), url_schemes=schemes,
        sanitize=lambda raw: sanitize_html(raw, allow_remote=allow_remote, url_schemes=schemes))
    return html, _flatten(tokens)


def _flatten(tokens: list[dict]) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    for token in tokens:
        out.append((token["level"], token["id"], html.unescape(token["name"])))
        out.extend(_flatten(token.get("children", [])))
    return out


_FIRST_HEADING_RE = re.compile(r"^\s*#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _starts_with_heading(body: str, title: str) -> bool:
    first = next((line for line in body.splitlines() if line.strip()), "")
    m = _FIRST_HEADING_RE.match(first)
    return bool(m) and m.group(1).strip().casefold() == title.strip().casefold()


# --------------------------------------------------------------------------- mentions

def _chip(mention: Mention) -> str:
    if mention.seconds is None:
        return ""
    return " " + chip_html(mention.seconds, _e(mention.url) if mention.url else None)


def highlight(context: str, terms: list[str]) -> str:
    """The sentence, escaped, with every occurrence of each of `terms` (ignoring case, as whole words: the
    topic "AI" is not marked in "campaigns") inside `<mark>`.

    A sentence linking the same note or topic twice shows both links marked; longer terms win over the
    shorter ones they contain.
    """
    return _Terms.of(terms).highlight(context)


class _Terms:
    """The words one highlight marks: longest first (which of two of one length comes first changes no
    span: at one place both match the same text), with what searching them needs, made once for all the
    sentences marked with the same words (a topic page's hundreds of mentions share its names)."""

    def __init__(self, words: set[str]):
        self.words = tuple(sorted(words, key=len, reverse=True))
        self.ascii = all(word.isascii() for word in self.words)
        self.lowered = [word.lower() for word in self.words] if self.ascii else []
        self._pattern: re.Pattern[str] | None = None

    @classmethod
    def of(cls, terms: list[str]) -> _Terms:
        return cls({t.strip() for t in terms if t and t.strip()})

    def highlight(self, context: str) -> str:
        if not self.words or not context:
            return _e(context)
        out, pos = [], 0
        for start, end in self.spans(context):
            out.append(f"{_e(context[pos:start])}<mark>{_e(context[start:end])}</mark>")
            pos = end
        out.append(_e(context[pos:]))
        return "".join(out)

    def spans(self, context: str) -> Iterator[tuple[int, int]]:
        """Where the words occur in `context`, ignoring case, leftmost first, never overlapping."""
        if self.ascii and context.isascii():
            return _ascii_spans(context.lower(), self.lowered)
        if self._pattern is None:
            self._pattern = re.compile("|".join(_whole_word(w) for w in self.words), re.IGNORECASE)
        return ((m.start(), m.end()) for m in self._pattern.finditer(context))


def _whole_word(word: str) -> str:
    """The pattern of `word` found only where it is not part of a longer word: no letter, digit or `_` right
    before a word that starts with one, nor right after one that ends with one."""
    return ((r"(?<!\w)" if _is_word_char(word[0]) else "") + re.escape(word)
            + (r"(?!\w)" if _is_word_char(word[-1]) else ""))


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _ascii_spans(text: str, lowered: list[str]) -> Iterator[tuple[int, int]]:
    """`_Terms.spans` of a lower-cased ASCII text, by `str.find` of the lower-cased words (longest first).

    ASCII text (nearly every sentence) is searched so: a regex per mention, each one different (its link texts),
    was compiled anew every time, a fifth of an export. Other text keeps the regex, whose case rules `lower()`
    would not match offset for offset."""
    pos = 0
    while True:
        best = None
        for word in lowered:
            at = _whole_word_at(text, word, pos)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, at + len(word))
        if best is None:
            return
        yield best
        pos = best[1]


def _whole_word_at(text: str, word: str, pos: int) -> int:
    """Where `word` next occurs in `text` from `pos` as `_whole_word` finds it, or -1."""
    starts_word, ends_word = _is_word_char(word[0]), _is_word_char(word[-1])
    at = text.find(word, pos)
    while at >= 0:
        end = at + len(word)
        if not (starts_word and at > 0 and _is_word_char(text[at - 1])) and \
                not (ends_word and end < len(text) and _is_word_char(text[end])):
            return at
        at = text.find(word, at + 1)
    return -1


def mentions_html(index, mentions: list[Mention], linker: Linker, terms: list[str]) -> str:
    """Mentions grouped by the note they are in (notes by title): the note, then each sentence and its stamp."""
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(mention.source, []).append(mention)
    page_words = {t.strip() for t in terms if t and t.strip()}
    by_aliases: dict[tuple, _Terms] = {}

    def marked(m: Mention) -> str:
        key = (m.alias, m.other_aliases)
        words = by_aliases.get(key)
        if words is None:
            words = by_aliases[key] = _Terms(page_words | {t.strip() for t in (m.alias or "", *m.other_aliases)
                                                           if t and t.strip()})
        return words.highlight(m.context)

    parts = []
    for source in sorted(groups, key=lambda p: (_title_of(index, p).casefold(), p)):
        items = groups[source]
        href = linker.note_href(source)
        title = _e(_title_of(index, source))
        link = f'<a class="wikilink" href="{_e(href)}">{title}</a>' if href is not None else title
        count = f' <span class="count">{len(items)}</span>' if len(items) > 1 else ""
        rows = "".join(f"<li>{marked(m) or NO_TEXT}{_chip(m)}</li>" for m in items)
        parts.append(f'<div class="mention-group">\n<h3>{link}{count}</h3>\n<ul>{rows}</ul>\n</div>')
    return "\n".join(parts)


def unlinked_html(index, unlinked, linker: Linker) -> str:
    """The "Unlinked mentions" section (`core.mentions.UnlinkedMentions`): its sentences as linked mentions
    show theirs, each name marked, then how many more there are; empty when there are none."""
    if not unlinked:
        return ""
    more = []
    if unlinked.more:
        more.append(f"and {unlinked.more} more mention{'' if unlinked.more == 1 else 's'}")
    if unlinked.unread:
        more.append(f"{unlinked.unread} more note{'' if unlinked.unread == 1 else 's'} not read")
    if more:  # the panel's search finds them all (QA: "And 1065 more mentions." led nowhere)
        more.append("search for the name (Ctrl+Shift+F) to see every note using it")
    said = "; ".join(more)
    tail = f'\n<p class="topic-meta unlinked-more">{_e(said[:1].upper() + said[1:])}.</p>' if more else ""
    return (f'<div class="mentions unlinked-mentions">\n<h2>Unlinked mentions</h2>\n'
            f"{mentions_html(index, unlinked.mentions, linker, [])}{tail}\n</div>")


def _title_of(index, path: str) -> str:
    note = index.notes.get(path)
    return note.title if note is not None else path


# --------------------------------------------------------------------------- pages

def _video_of(note: Note, videos, linker: Linker):
    """The note's video in the catalog `videos` and its page's href, or (None, None)."""
    video = videos.get(note.video_id) if videos is not None and note.video_id else None
    video_href = getattr(linker, "video_href", None)
    href = video_href(video.id, via=note.path) if video is not None and video_href is not None else None
    return video, href


def video_strip(index, note: Note, videos, linker: Linker) -> str:
    """The thin strip under a note's title (`timeline.note_strip`): where its stamps fall in its video, the
    label leading to the video's page; empty without a catalog or a video with placed stamps."""
    video, href = _video_of(note, videos, linker)
    if video is None:
        return ""
    return note_strip(video, note.path, video_href=lambda _id: href, stamp_href=youtube_url,
                      note_title=lambda p: _title_of(index, p))


def render_note_page(index, path: str, linker: Linker, *, dark: bool = False, allow_remote: bool = False,
                     stylesheet_href: str | None = None, home_href: str | None = None,
                     font_size: float | None = None, videos=None, unlinked=None,
                     note: Note | None = None) -> RenderedPage:
    """The page of the note at `path`: title, meta line, its video strip, warnings, body, then its linked
    mentions. `videos`: the vault's `VideoCatalog` (the strip and the video page link), None before it is built.
    `unlinked`: the note's `core.mentions.UnlinkedMentions`, listed after the linked ones (None: no section).
    `note`: that note completed for showing (`loader.complete_note`); else the index's, read as it is."""
    note = index.notes[path] if note is None else note
    backlinks = index.backlinks.get(path, [])
    text, unread = index.read_body(path) if note.body is None else (note.body, None)  # read once
    body, headings = render_note_body(index, note, linker, allow_remote=allow_remote, body=text)
    parts = [_nav(home_href)]
    warnings = list(note.warnings)
    if unread is not None:
        warnings.append(f"The note cannot be read now ({unread}): its text is not shown; its title and links "
                        "are the index's.")
    read_cut = any(_READ_CUT_RE.fullmatch(w) for w in warnings)
    if (notice := shown_body(text, file_size=note.size, path=note.path, read_cut=read_cut)[1]) is not None:
        # it says how much is shown: the reader's "note is N MB: shown truncated" (`core.vault`) says less
        warnings = [w for w in warnings if not _READ_CUT_RE.fullmatch(w)] + [notice]
    if warnings:
        items = "".join(f"<li>{_e(w)}</li>" for w in warnings)
        parts.append(f'<div class="warnings"><strong>⚠ This note has problems</strong><ul>{items}</ul></div>')
    if not _starts_with_heading(text, note.title):
        parts.append(f'<h1 class="note-title">{_e(note.title)}</h1>')
    meta = []
    video, video_href = _video_of(note, videos, linker)
    if video_href is not None:
        meta.append(f'<a class="video" href="{_e(video_href)}" '
                    f'title="{_e(video.display_title)}: all notes on this video, on one timeline">▶ Video</a>')
    elif note.video_id:
        meta.append(f'<a class="video" href="{_e(YOUTUBE_WATCH + note.video_id)}" '
                    f'title="Open the video on YouTube">▶ Video</a>')
    meta.append(f'<span class="path">{_path_breaks(note.path)}</span>')
    parts.append(f'<p class="note-meta">{" ".join(meta)}</p>')  # a space: the text view knows no margins
    parts.append(video_strip(index, note, videos, linker))
    parts.append(f'<div class="note-body">\n{body}\n</div>')
    if notice is not None:  # where the shown part ends, the reader meets it again
        parts.append(f'<div class="warnings render-cut"><strong>⚠ The note goes on</strong> {_e(notice)}</div>')
    if backlinks:
        terms = [note.title, note.stem, note.stem.replace("_", " "), *note.aliases]
        parts.append(f'<div class="mentions">\n<h2>Linked mentions</h2>\n'
                     f"{mentions_html(index, backlinks, linker, terms)}\n</div>")
    parts.append(unlinked_html(index, unlinked, linker))
    body_html = "\n".join(p for p in parts if p)
    page = RenderedPage(note.title, html_document(note.title, body_html, dark=dark, stylesheet_href=stylesheet_href,
                                                  font_size=font_size), body_html, headings)
    return page


def render_topic_page(index, key: str, linker: Linker, *, dark: bool = False, allow_remote: bool = False,
                      stylesheet_href: str | None = None, home_href: str | None = None,
                      font_size: float | None = None, unlinked=None) -> RenderedPage:
    """The page of a topic: its name, how many notes mention it, the other texts it is linked by, and every
    mention grouped by note (`Topic.name` is the title, as everywhere else), then its unlinked mentions
    (`unlinked`: `core.mentions.UnlinkedMentions`, None: no section)."""
    topic = index.topics[key]
    count = topic.note_count
    title = topic.name
    names = " · ".join(_e(name) for name in topic.other_names)
    target = topic.target or topic.name
    parts = [
        _nav(home_href),
        f'<h1 class="note-title">{_e(title)}</h1>',
        f'<p class="topic-meta">Topic · mentioned in {count} note{"" if count == 1 else "s"}</p>',
        f'<p class="topic-meta topic-names">Also linked as: {names}</p>' if names else "",
        mentions_html(index, topic.mentions, linker,
                      [title, target, target.replace("_", " "), *topic.other_names]),
        unlinked_html(index, unlinked, linker),
    ]
    body_html = "\n".join(p for p in parts if p)
    return RenderedPage(title, html_document(title, body_html, dark=dark, stylesheet_href=stylesheet_href,
                                             font_size=font_size), body_html)


def _nav(home_href: str | None) -> str:
    return f'<div class="site-nav"><a href="{_e(home_href)}">← All notes</a></div>' if home_href else ""


def _path_breaks(path: str) -> str:
    """A note's path as HTML that a narrow page breaks after a "/" or "_", between names and words, before it
    breaks inside a word ("…russia.m" / "d" at 800×600)."""
    return "".join(_e(part) + ("<wbr>" if part and part[-1] in "/_" else "") for part in _PATH_PARTS.findall(path))


_PATH_PARTS = re.compile(r"[^/_]*[/_]?")
