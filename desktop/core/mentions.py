"""Unlinked mentions: sentences of other notes naming a note or topic as plain text, without linking it.

The full-text index finds the notes holding the name's words (a phrase query per name); each such note is then
read and its body checked: a match counts only as whole words outside wiki-links, Markdown links, stamps,
HTML tags, inline code and code blocks (the plain search text cannot say where those were). Each match gives
the sentence around it and the stamp citing it, as a linked mention does.

A note that links the name elsewhere still shows its plain mentions: the linked sentences are listed under
the linked mentions, the plain ones are what a reader may want to link next, and a link never counts twice
(its own text is inside the link).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.context import ContextFinder
from desktop.core.index import parse_note, read_text
from desktop.core.links import code_spans, parse_links
from desktop.core.model import Mention
from desktop.core.stamps import youtube_url
from desktop.core.vault import VaultFile

if TYPE_CHECKING:
    from desktop.core.index import VaultIndex
    from desktop.core.store import IndexStore

MAX_SHOWN = 50  # sentences listed; the rest are counted ("and N more")
MAX_NOTES_READ = 300  # candidate notes read and checked (those not linking it first); the rest counted unread
_CHUNK = 200  # candidates whose stored text is read at a time
MIN_NAME_CHARS = 3  # shorter names (a stem "a") would match nearly every note
_TAG = re.compile(r"<[^>\n]*>")  # HTML tags (stamp anchors, spans): their attributes are no text
_URL = re.compile(r"https?://\S+")
_MARKDOWN_LINK = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")  # to a web page too (`parse_links` keeps vault files)


@dataclass
class UnlinkedMentions:
    """What a page lists under "Unlinked mentions": the first sentences, and how many more there are."""

    mentions: list[Mention] = field(default_factory=list)
    more: int = 0  # further mentions found in the notes read (past the cap: counted, not parsed into sentences)
    unread: int = 0  # further candidate notes not read (past MAX_NOTES_READ): they may name it

    def __bool__(self) -> bool:
        return bool(self.mentions)


def names_of(index: VaultIndex, kind: str, key: str) -> list[str]:
    """The names a note or topic goes by: a note's title, file name and frontmatter aliases; a topic's name and
    link target. Not the texts a topic's links show (`[[Topic|these words]]`): those are often plain words
    ("disruptions") that would list every note using them. Each once (ignoring case), too-short ones out."""
    if kind == "note":
        note = index.notes.get(key)
        if note is None:
            return []
        stem = key.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        names = [note.title, stem, stem.replace("_", " "), *note.aliases]
    else:
        topic = index.topics.get(key)
        if topic is None:
            return []
        target = topic.target or topic.name
        names = [topic.name, target, target.replace("_", " ")]
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())
        if len(name) >= MIN_NAME_CHARS and re.search(r"\w", name):
            seen.setdefault(name.casefold(), name)
    return list(seen.values())


def name_pattern(names: list[str]) -> re.Pattern[str] | None:
    """Whole-word matches of any of `names`, ignoring case; the words of a name may be parted by spaces,
    hyphens or underscores (`Flow State`, `flow-state`, `flow_state`). Longer names first."""
    parts = []
    for name in sorted(names, key=len, reverse=True):
        words = [re.escape(word) for word in re.findall(r"[^\W_]+", name)]
        if words:
            parts.append(r"[\s_-]+".join(words))
    if not parts:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + r")(?![^\W_])", re.IGNORECASE)


def _phrase_query(names: list[str]) -> str:
    """An FTS5 query matching any of the names as a phrase (its words in order)."""
    phrases = []
    for name in names:
        words = re.findall(r"[^\W_]+", name)
        if words:
            phrases.append('"' + " ".join(words) + '"')
    return " OR ".join(phrases)


def unlinked_mentions(store: IndexStore, index: VaultIndex, kind: str, key: str,
                      limit: int = MAX_SHOWN) -> UnlinkedMentions:
    """The sentences of other notes naming the note or topic (`kind`, `key`) without linking it, in the order
    of the notes' titles and of their text. The store's full-text index picks the candidates; each is read
    from the vault and checked. A fault of the store is raised (`sqlite3.Error`)."""
    names = names_of(index, kind, key)
    pattern = name_pattern(names)
    query = _phrase_query(names)
    if pattern is None or not query:
        return UnlinkedMentions()
    from desktop.core.search import phrase_candidates  # the search's own handling of phrases

    candidates = [path for path in phrase_candidates(store, query) if path != key and path in index.notes]
    linking = {mention.source for mention in index.mentions_of(kind, key)}
    candidates.sort(key=lambda path: path in linking)  # the words of a linking note are mostly its links:
    # the notes that do not link it are read first, the reading cap falls on the others
    checked, unread = _naming(store, candidates, pattern, MAX_NOTES_READ)
    found: list[Mention] = []
    more = 0
    for path in sorted(checked, key=lambda p: (index.notes[p].title.casefold(), p)):
        text = _text_of(index, path)
        if text is None or not pattern.search(text):
            continue  # changed since the index
        hits = len(pattern.findall(_masked(_after_frontmatter(text))))
        if not hits:
            continue  # most candidates hold the words only in links: told without parsing the note
        if len(found) >= limit:
            more += hits  # past the cap, counted, not parsed
            continue
        sentences = mentions_in(path, text, pattern, index.timestamp_setting)
        room = limit - len(found)
        found += sentences[:room]
        more += max(0, len(sentences) - room)
    return UnlinkedMentions(found, more, unread)


def _naming(store: IndexStore, candidates: list[str], pattern: re.Pattern[str], cap: int) -> tuple[list[str], int]:
    """The first `cap` candidates whose search text (kept in the store) holds the name, and how many further
    candidates were left unchecked or past the cap. The index keeps no positions, so its candidates hold the
    name's words anywhere; the stored text (links as their words) tells which hold the name itself, without
    reading a file."""
    naming: list[str] = []
    for start in range(0, len(candidates), _CHUNK):
        chunk = candidates[start:start + _CHUNK]
        texts = store.search_texts(chunk)  # made from the vault: the cache keeps no text
        for at, path in enumerate(chunk):
            if texts[path] and pattern.search(texts[path]):
                if len(naming) == cap:
                    return naming, len(candidates) - (start + at)
                naming.append(path)
    return naming, 0


def _text_of(index: VaultIndex, path: str) -> str | None:
    """The note's text read from the vault (the index is left as it is: no body kept on its note)."""
    known = index.notes[path]
    return read_text(VaultFile(path, str(Path(index.root) / path), known.size, known.mtime_ns, True))[0]


def mentions_in(path: str, text: str, pattern: re.Pattern[str], setting: str | None = None) -> list[Mention]:
    """The plain-text matches of `pattern` in the note `path` whose text is `text`, one Mention per sentence
    with its stamp (`setting`: the vault's timestamp reading)."""
    note = parse_note(path, text, setting)
    body = note.body or ""
    masked = _masked(body, note)
    stamps = note.stamps
    finder = ContextFinder(body, [(stamp.start, stamp.end) for stamp in stamps])
    mentions: list[Mention] = []
    seen: set[tuple[str, int | None]] = set()
    for match in pattern.finditer(masked):
        context, stamp_index = finder.link_context(match.start(), match.end())
        stamp = stamps[stamp_index] if stamp_index is not None else None
        seconds = stamp.seconds if stamp is not None else None
        if (context, seconds) in seen:
            continue
        seen.add((context, seconds))
        url = stamp.url if stamp is not None else None
        if url is None and note.video_id and seconds is not None:
            url = youtube_url(note.video_id, seconds)
        mentions.append(Mention(source=path, context=context or match.group(0), seconds=seconds, url=url,
                                alias=body[match.start():match.end()]))
    return mentions


def _after_frontmatter(text: str) -> str:
    """The text from where its frontmatter ends at the latest (a cheap cut, never past the body's start)."""
    if not text.startswith("---"):
        return text
    ends = [at for at in (text.find("\n---", 3), text.find("\n...", 3)) if at >= 0]
    return text[min(ends):] if ends else text


def _masked(body: str, note=None) -> str:
    """The body with every stretch that is not plain prose blanked out (same length, so offsets hold): code,
    links of both kinds, stamps, HTML tags and bare URLs."""
    spans = list(code_spans(body))
    spans += [(link.start, link.end) for link in parse_links(body, spans)]
    spans += [(stamp.start, stamp.end) for stamp in (note.stamps if note is not None else ())]
    spans += [(m.start(), m.end()) for m in _TAG.finditer(body)]
    spans += [(m.start(), m.end()) for m in _URL.finditer(body)]
    spans += [(m.start(), m.end()) for m in _MARKDOWN_LINK.finditer(body)]
    pieces, at = [], 0
    for start, end in sorted(spans):
        if end > at:
            start = max(start, at)
            pieces += [body[at:start], " " * (end - start)]
            at = end
    pieces.append(body[at:])
    return "".join(pieces)


# ------------------------------------------------------------------ what a page asks, whatever the cache

def unlinked_mentions_in_vault(index: VaultIndex, kind: str, key: str, limit: int = MAX_SHOWN,
                               cache: Path | None = None) -> UnlinkedMentions:
    """`unlinked_mentions` from the vault's cache, or from the notes in memory when the cache cannot serve and
    a search already read them there (`search.answer_from_vault`); else none: a page is not held while the
    whole vault is read again. Reads files: call it off the GUI thread."""
    from desktop.core.search import answer_from_vault

    if not index.complete or (kind == "note" and key not in index.notes) or \
            (kind == "topic" and key not in index.topics):
        return UnlinkedMentions()
    found = answer_from_vault(Path(index.root), index, index.timestamp_setting,
                              lambda store: unlinked_mentions(store, index, kind, key, limit), cache=cache, fill=False)
    return found if found is not None else UnlinkedMentions()

