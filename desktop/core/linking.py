"""Linking a vault's notes: every link resolved, and the mentions of each note and topic gathered.

One pass reads each note's links in the form the cache keeps them (`store.PackedLinks`: rows of compressed
JSON) without making a `Link` object of each, resolves their targets once per target, and keeps each mention
as five numbers in a `MentionList` (the `Mention` objects are made when a view asks, their sentences cut
again from the source note's links then: `sentences_of`). At 20k notes that pass took 2.7 s, and its 375k
Mention objects were a tenth of the window's memory.
"""

from __future__ import annotations

import dataclasses
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

from desktop.core.links import is_image
from desktop.core.model import Link, MentionList, MentionTable, Note, Topic
from desktop.core.resolver import DEPENDS, LinkResolver, topic_key
from desktop.core.store import (ALIAS, CONTEXT, EMBED, HEADING, SECONDS, STAMP_URL, TARGET, PackedLinks, link_row,
                                packed_link_rows)
from desktop.core.topic_names import other_names, readable_target, topic_name

Row = list  # one link: a stored row, or the same fields read from a `Link`
_UNKNOWN = object()  # not asked yet (None is an answer: a topic)
Mentions = dict[str, dict[str, array]]  # "note"/"topic" -> key -> `MentionList` data, in note then text order


def link_rows(note: Note) -> list[list]:
    """The note's links as rows of the stored form, in text order (decoded, never made into `Link`s)."""
    return _rows_of(note.links)


def _rows_of(links: PackedLinks | bytes | Sequence[Link]) -> list[list]:
    """The rows of a note's links; stored ones that read back damaged raise `store.DamagedRow` (a cache fault
    its callers recover from: the load rebuilds the cache, a page reads the note from the vault)."""
    if isinstance(links, PackedLinks):
        links = links.blob
    if isinstance(links, bytes):
        return packed_link_rows(links)
    return [link_row(link) for link in links]


def sentences_of(links: PackedLinks | bytes | Sequence[Link]) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    """The sentence of each of a note's links, in order, as its mentions show it, and the text of each: what
    `MentionTable` cuts a mention's sentence and text from (given the note's compressed links, or its `Link`s)."""
    return _sentences(_rows_of(links))


def _sentences(rows: list[Row]) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    return tuple(row[CONTEXT] or _link_words(row) for row in rows), tuple(row[ALIAS] for row in rows)


def _kept_links(links: PackedLinks | Sequence[Link]) -> bytes | Sequence[Link]:
    """What a mention table keeps of a note's links to cut sentences from: the compressed form the note shares
    (not its `PackedLinks`, which a relink replaces with its resolutions), or the `Link`s."""
    return links.blob if isinstance(links, PackedLinks) else links


def resolved_of(note: Note) -> Sequence[str | None]:
    """Where each link of an already linked note leads (None: a topic or a missing file)."""
    links = note.links
    if isinstance(links, PackedLinks):
        return links.resolved if links.resolved is not None else (None,) * len(links)
    return [link.resolved for link in links]


class LinkPass:
    """One pass over many notes with one resolver: each target resolved once (once per folder where the folder
    matters), each topic key computed once, and one string object per distinct target and link text kept by
    the notes' links; the mentions found are numbers into `table`. Also counts how each topic's links are
    written (`names`), for the notes it links."""

    def __init__(self, resolver: LinkResolver | None, table: MentionTable | None = None,
                 keep_sentences: bool = False) -> None:
        self.resolver = resolver
        self.table = table if table is not None else MentionTable(sentences_of, keep_sentences)
        self.answers: dict = {}
        self.keys: dict[str, str] = {}
        self.shared: dict = {}
        self.names = TopicNames(())

    def resolve(self, note: Note, rows: list[list]) -> list[str | None]:
        """Where each of the note's links leads; the note keeps it (`PackedLinks` with it and the targets, or
        each `Link`). Each row's target becomes the pass's one object of its text (the resolver's caches and the
        note's links keep them). The links' texts are not kept: a mention reads its text off the note's links
        with its sentence, and naming topics again after a change reads them there (`PackedLinks.topic_names`);
        at the public vault they were 9 MB of the window."""
        assert self.resolver is not None
        path, folder = note.path, note.path.rpartition("/")[0]
        answers, resolver, one = self.answers, self.resolver, self.shared.setdefault
        resolved: list[str | None] = []
        targets: list[str] = []
        pictures: list[int] = []
        known = answers.get
        for row in rows:
            target = row[TARGET]
            target = row[TARGET] = one(target, target)
            targets.append(target)
            if row[EMBED] and is_image(target):
                pictures.append(len(resolved))
            found = known(target, _UNKNOWN)  # `answer`, for a target answered the same from everywhere
            if found is _UNKNOWN or found is DEPENDS:
                found = answer(target, path, folder, resolver, answers)
            resolved.append(found)
        links = note.links
        if isinstance(links, PackedLinks):
            note.links = PackedLinks(links.blob, tuple(resolved), tuple(targets),
                                     frozenset(pictures) if pictures else None)
        else:
            for link, where in zip(links, resolved):
                link.resolved = where
        return resolved

    def mentions(self, note: Note, rows: list[list], resolved: Sequence[str | None], found: Mentions,
                 count_names: bool = False) -> None:
        """Add the note's mentions of other notes and topics to `found`, in text order: one per sentence and
        destination (the other links' texts in its entry). `count_names`: also count how its topic links
        are written (in `names`)."""
        path, table = note.path, self.table
        ids, values = table.numbering()  # each value's number, as `MentionTable.value` gives, inline here
        keys = self.keys
        targets_written, texts_written = self.names.targets, self.names.texts
        in_sentence: dict[tuple, list] = {}  # (kind, key, sentence, second) -> its mention, as a list
        for ordinal, row in enumerate(rows):
            where, target, alias = resolved[ordinal], row[TARGET], row[ALIAS]
            if where is None:
                if row[EMBED] and is_image(target):
                    continue  # a picture the vault lacks: its page shows the missing-file placeholder, no topic
                kind, key = "topic", keys.get(target)
                if key is None:
                    key = keys[target] = topic_key(target)
                if count_names:
                    _tally(targets_written, key, target)
                    if alias:
                        _tally(texts_written, key, alias)
            elif where != path:
                kind, key = "note", where
            else:
                continue
            context, seconds = row[CONTEXT] or _link_words(row), row[SECONDS]
            same = (kind, key, context, seconds)
            earlier = in_sentence.get(same)
            if earlier is not None:
                if alias and alias != earlier[5] and alias not in earlier[7]:
                    earlier[7].append(alias)
                continue
            second = -1
            if seconds is not None:
                second = ids.get(seconds)
                if second is None:
                    second = ids[seconds] = len(values)
                    values.append(seconds)
            picture = row[EMBED] and is_image(where or target)
            in_sentence[same] = [kind, key, -1 if picture else ordinal, second, ordinal, alias,
                                 row[STAMP_URL] or None, []]
        if not in_sentence:
            return
        source = table.source(path, note.video_id, _kept_links(note.links),
                              _sentences(rows) if table.keep_sentences else None)
        for kind, key, ordinal, second, row_number, alias, url, others in in_sentence.values():
            # the text of the sentence's first link (`row_number`: kept by the table), or an extra
            text = -2 - table.extra(alias, url, tuple(others)) if url is not None or others else -1
            into = found[kind]
            entries = into.get(key)
            if entries is None:
                entries = into[key] = array("i")
            entries.extend((source, ordinal, second, row_number, text))


def _link_words(row: Row) -> str:
    """What a link says, for a mention whose sentence has no other words (an embed on a line of its own)."""
    alias, heading = row[ALIAS], row[HEADING]
    if alias:
        return alias
    if heading and not heading.startswith("^"):
        return f"{row[TARGET]} › {heading}"
    return row[TARGET]


def link_all(notes: dict[str, Note], resolver: LinkResolver, keep_sentences: bool = False
             ) -> tuple[dict[str, MentionList], dict[str, Topic], MentionTable]:
    """Resolve every link of `notes` (each note keeps where its links lead) and gather the backlinks of each
    note and the topics: (backlinks by path, topics by key in `sorted_topics` order, the table their
    mentions are numbers into). `keep_sentences`: the table keeps every mention's sentence (for a pass that
    reads every page) rather than cutting it again from its note's links when read.

    A sentence with several links to the same note or topic gives one mention (anchored at the first).
    """
    resolver.compact()  # one made quickly for the names stage, made small now
    found: Mentions = {"note": {}, "topic": {}}
    in_order = list(notes) == sorted(notes)  # names are counted in path order: ties go to the first written
    linking = LinkPass(resolver, keep_sentences=keep_sentences)
    for note in notes.values():
        rows = link_rows(note)
        linking.mentions(note, rows, linking.resolve(note, rows), found, count_names=in_order)
    table = linking.table
    table.settle()
    backlinks = {key: MentionList(table, data) for key, data in found["note"].items()}
    topic_mentions = {key: MentionList(table, data) for key, data in found["topic"].items()}
    topics = linking.names.topics(topic_mentions) if in_order else topics_of(topic_mentions, notes)
    return backlinks, sorted_topics(topics), table


def answer(target: str, path: str, folder: str, resolver: LinkResolver, answers: dict) -> str | None:
    """Where a link to `target` in the note at `path` (in `folder`) leads: `[[#Heading]]` to the note itself;
    else the resolver's answer, kept in `answers` per target, or per target and folder where the folder
    matters (`DEPENDS`)."""
    if not target:
        return path
    found = answers.get(target, _UNKNOWN)
    if found is _UNKNOWN:
        found = answers[target] = resolver.answer_from_everywhere(target, remember=False)
    if found is DEPENDS:
        where = (target, folder)
        found = answers.get(where, _UNKNOWN)
        if found is _UNKNOWN:
            found = answers[where] = resolver.resolve(target, path)
    return found


def relinked_copy(note: Note, resolver: LinkResolver, answers: dict) -> Note | None:
    """A copy of `note` whose links lead where `resolver` says, or None when they all lead where they did.

    `answers`, shared by the notes of one pass (`LinkPass.answers`), keeps the resolver's answer per target
    (`DEPENDS`, and then the answer per target and folder, where the folder matters): a vault's links name
    far fewer targets than there are links.
    """
    folder = note.path.rpartition("/")[0]
    resolved = []
    packed = note.links if isinstance(note.links, PackedLinks) and note.links.targets is not None else None
    targets = packed.targets if packed is not None else [link.target for link in note.links]
    for target in targets:
        resolved.append(answer(target, note.path, folder, resolver, answers))
    if packed is not None:
        if list(packed.resolved) == resolved:
            return None
        return dataclasses.replace(note, links=packed.with_resolved(resolved))
    if all(link.resolved == path for link, path in zip(note.links, resolved)):
        return None
    links = [dataclasses.replace(link, resolved=path) for link, path in zip(note.links, resolved)]
    return dataclasses.replace(note, links=links)


def mentions_by_destination(notes: Iterable[Note], linking: LinkPass) -> Mentions:
    """The mentions the (already linked) `notes` make, by destination, as `MentionList` data."""
    found: Mentions = {"note": {}, "topic": {}}
    for note in notes:
        linking.mentions(note, link_rows(note), resolved_of(note), found)
    return found


def merged(mentions: MentionList | None, dropped: set[str], added: Sequence[int],
           table: MentionTable) -> MentionList:
    """`mentions` without those of the notes `dropped`, with `added` (`MentionList` data): in note order, then
    text order. All of them numbers into `table`."""
    paths, width = table.paths, MentionList.WIDTH
    if mentions is not None and mentions.table is not table and len(mentions):
        raise ValueError("mentions of another table")
    kept = [entry for entry in (mentions.entries() if mentions is not None else ())
            if paths[entry[0]] not in dropped]
    if added:
        kept += [tuple(added[i:i + width]) for i in range(0, len(added), width)]
        kept.sort(key=lambda entry: paths[entry[0]])  # stable: each note's mentions stay in text order
    return MentionList.of_entries(table, kept)


def topics_of(mentions: dict[str, MentionList], notes: dict[str, Note]) -> list[Topic]:
    """The topics of `mentions` (key -> its mentions, in note order): each one's name and target from how the
    links to it are written, counted over the links of the notes mentioning it in note order (ties go to the
    first written), in one pass over those notes."""
    names = TopicNames(mentions)
    sources = {path for found in mentions.values() for path in found.sources()}
    for path in sorted(sources):
        names.count(notes[path].links)
    return names.topics(mentions)


class TopicNames:
    """How the links to each topic are written (targets and texts, counted in the order they are met): what
    names a topic (`topic_names`)."""

    def __init__(self, keys: Iterable[str]):
        # topic key -> its spellings (`_tally`): a Counter for each topic and each of its texts was 9 MB of
        # the public vault's load, and most topics are linked once
        self.targets: dict[str, str | Counter[str] | None] = dict.fromkeys(keys)
        self.texts: dict[str, str | Counter[str]] = {}  # only of the topics linked with a text
        self.keys: dict[str, str] = {}  # target -> topic key, each computed once

    def count(self, links: Iterable[Link] | PackedLinks) -> None:
        """Count the topic links of one note (notes in path order: ties go to the first written), of the topics
        it was made with."""
        if isinstance(links, PackedLinks) and links.resolved is not None:
            names = links.topic_names()  # without decoding them: a change counts all notes of its topics
        else:
            names = ((link.target, link.alias) for link in links if is_topic_link(link))
        targets, texts, keys = self.targets, self.texts, self.keys
        for target, alias in names:
            key = keys.get(target)
            if key is None:
                key = keys[target] = topic_key(target)
            if key in targets:
                _tally(targets, key, target)
                if alias:
                    _tally(texts, key, alias)

    def topics(self, mentions: dict[str, MentionList]) -> list[Topic]:
        topics = []
        all_targets, all_texts = self.targets, self.texts
        for key, found in mentions.items():
            target, text = all_targets.get(key), all_texts.get(key)
            if target.__class__ is str and (text is None or text.__class__ is str):
                # written one way (most topics): what `topic_name` and `other_names` give, without Counters
                same = text is not None and topic_key(text) == key
                topics.append(Topic(key=key, name=text if same else readable_target(target), mentions=found,
                                    target=target, other_names=[text] if text is not None and not same else []))
                continue
            targets, texts = _counted(target), _counted(text)
            topics.append(Topic(key=key, name=topic_name(key, targets, texts), mentions=found,
                                target=targets.most_common(1)[0][0], other_names=other_names(key, texts)))
        return topics


def _tally(table: dict, key: str, value: str) -> None:
    """Count `value` for `key` in `table`, in the order met: a spelling met once is kept as itself, a Counter
    made when there is more to count."""
    found = table.get(key)
    if found is None:
        table[key] = value
    elif found.__class__ is str:
        table[key] = Counter((found, value))
    else:
        found[value] += 1


def _counted(found: str | Counter[str] | None) -> Counter[str]:
    """What `_tally` counted, as a Counter."""
    if found is None:
        return Counter()
    return Counter((found,)) if found.__class__ is str else found


def is_topic_link(link: Link) -> bool:
    """A link that no note or file answers and that names a topic (a missing picture names none)."""
    return link.resolved is None and not (link.embed and is_image(link.target))


def sorted_topics(topics: Iterable[Topic]) -> dict[str, Topic]:
    """Topics by name; topics of one name in the order they are first mentioned (note, then place in it)."""
    return {t.key: t for t in sorted(topics, key=_topic_order)}


def _topic_order(topic: Topic) -> tuple[str, str, int]:
    first = topic.mentions[0]
    return topic.name.casefold(), first.source, -1 if first.ordinal is None else first.ordinal
