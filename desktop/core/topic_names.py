"""A topic's readable name, from the ways the vault writes links to it.

Generated notes link topics by a snake_case target and often give the words as the link's text:
`[[russias_political_situation_and_leadership | Russia's political situation and leadership]]`. A text that
spells the same words as the target (the same `topic_key`) names the topic, capitals and apostrophe kept;
other texts ("Putin", "Russian leadership") are other names it is linked by.
"""

from __future__ import annotations

import re
from collections import Counter

from desktop.core.resolver import topic_key


def readable_target(target: str) -> str:
    """The target as words: underscores as spaces, first letter capital (`joe_biden` -> "Joe biden"), and a
    lone "s" after a word as the possessive the generator's snake_case dropped the apostrophe of
    (`el_chapo_s_leadership` -> "El chapo's leadership", not "El chapo s leadership")."""
    words = _POSSESSIVE.sub("'s", " ".join(target.replace("_", " ").split()))
    return words[:1].upper() + words[1:] if words else target


_POSSESSIVE = re.compile(r"(?<=\w) s(?= |$)")


def topic_name(key: str, targets: Counter[str], texts: Counter[str]) -> str:
    """The name of the topic `key`, given how often each target spelling and each link text is written.

    The most used text with the topic's own key wins (ties: the first written); else the most used
    target, read as words.
    """
    same_words = [(count, text) for text, count in texts.items() if topic_key(text) == key]
    if same_words:
        best = max(count for count, _ in same_words)
        return next(text for count, text in same_words if count == best)
    target = targets.most_common(1)[0][0] if targets else key
    return readable_target(target)


def other_names(key: str, texts: Counter[str]) -> list[str]:
    """The link texts that are not the name's words (one per spelling, ignoring case), most used first."""
    seen: set[str] = set()
    out: list[str] = []
    for text, _count in texts.most_common():
        folded = text.casefold()
        if folded not in seen and topic_key(text) != key:
            seen.add(folded)
            out.append(text)
    return out
