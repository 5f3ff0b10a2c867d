"""Phrases over an FTS5 table kept with `detail=column`: asked as their words, then checked on the note's text.

`detail=column` keeps, per term, the rows and columns it occurs in but not its positions: the index is less
than half the size (at 10k generated notes 17.6 MB instead of 43 MB), and FTS5 then refuses phrases of
several words and NEAR. A search asks FTS5 for the phrase's words (all of them, in any order: a superset of
the notes holding the phrase) and keeps the notes whose title and text, folded as the tokenizer folds
them (lower case, accents dropped), hold the phrase itself. Queries here are the ones `search.parse_query`
writes: `"a b"`, `"pre"*`, AND, OR, NOT, parentheses and `title : (...)`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

_PHRASE = re.compile(r'"([^"]*)"(\*?)')
_TOKEN = re.compile(r'"[^"]*"\*?|\(|\)|\bAND\b|\bOR\b|\bNOT\b|\btitle\s*:')
_TEXT_WORD = r"[^\W_]"  # a character of a token (unicode61: letters and digits; `_` separates)

Check = Callable[[str, str], bool]  # (folded title, folded text) -> whether the note matches


def fold(text: str) -> str:
    """Text as the unicode61 tokenizer with remove_diacritics compares it: lower case, accents dropped."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text.lower()).translate(_combining())


@functools.cache
def _combining() -> dict[int, None]:
    """A `str.translate` table dropping the combining marks (of the Basic Multilingual Plane: the accents)."""
    return {code: None for code in range(0x10000) if unicodedata.combining(chr(code))}


def has_phrases(match: str) -> bool:
    """Whether `match` holds a phrase of more than one word (what a detail=column table cannot answer)."""
    return any(len(m.group(1).split()) > 1 for m in _PHRASE.finditer(match))


def column_match(match: str) -> str:
    """`match` as a detail=column table takes it: each phrase of several words asked as its words (AND)."""
    def words(found: re.Match[str]) -> str:
        parts = found.group(1).split()
        if len(parts) <= 1:
            return found.group(0)
        return "(" + " ".join(f'"{part}"' for part in parts[:-1]) + f' "{parts[-1]}"{found.group(2)})'

    return _PHRASE.sub(words, match)


def phrase_check(match: str) -> Check | None:
    """What a note must satisfy for `match` with its phrases whole; None when `match` has no phrase of
    several words (FTS5's answer is then exact). An unreadable query gives a check that passes every note
    (FTS5 has answered it already)."""
    if not has_phrases(match):
        return None
    tokens = _TOKEN.findall(match)
    try:
        check, rest = _or(tokens)
    except (IndexError, ValueError):
        return lambda _title, _text: True
    return check if not rest else (lambda _title, _text: True)


# A small recursive-descent reader of the queries `parse_query` writes. FTS5's precedence: NOT binds tightest,
# then AND (written or implied by two terms side by side), then OR.

def _or(tokens: list[str]) -> tuple[Check, list[str]]:
    left, tokens = _and(tokens)
    while tokens and tokens[0] == "OR":
        right, tokens = _and(tokens[1:])
        left = (lambda a, b: lambda title, text: a(title, text) or b(title, text))(left, right)
    return left, tokens


def _and(tokens: list[str]) -> tuple[Check, list[str]]:
    left, tokens = _not(tokens)
    while tokens and tokens[0] not in ("OR", ")"):
        if tokens[0] == "AND":
            tokens = tokens[1:]
        right, tokens = _not(tokens)
        left = (lambda a, b: lambda title, text: a(title, text) and b(title, text))(left, right)
    return left, tokens


def _not(tokens: list[str]) -> tuple[Check, list[str]]:
    left, tokens = _term(tokens)
    while tokens and tokens[0] == "NOT":
        right, tokens = _term(tokens[1:])
        left = (lambda a, b: lambda title, text: a(title, text) and not b(title, text))(left, right)
    return left, tokens


def _term(tokens: list[str]) -> tuple[Check, list[str]]:
    token = tokens[0]
    if token.startswith("title"):
        inner, rest = _term(tokens[1:])
        return (lambda title, _text: inner(title, "")), rest
    if token == "(":
        inner, rest = _or(tokens[1:])
        if not rest or rest[0] != ")":
            raise ValueError("unclosed parenthesis")
        return inner, rest[1:]
    if token.startswith('"'):
        return _phrase_in(token), tokens[1:]
    raise ValueError(f"unexpected {token!r}")


def _phrase_in(token: str) -> Check:
    """A check that the phrase `token` (`"a b"` or `"a b"*`) is in the title or the text, as whole words."""
    prefix = token.endswith("*")
    words = [re.escape(fold(word)) for word in re.findall(r"[^\W_]+", token.strip('*"'))]
    if not words:
        return lambda _title, _text: True
    pattern = re.compile(rf"(?<!{_TEXT_WORD})" + r"[\W_]+".join(words)
                         + (rf"{_TEXT_WORD}*" if prefix else rf"(?!{_TEXT_WORD})"))
    return lambda title, text: bool(pattern.search(title) or (text and pattern.search(text)))
