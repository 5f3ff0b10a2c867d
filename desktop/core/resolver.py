"""Resolving link targets to the vault's files, the way a reader of Obsidian-style vaults expects.

Pure Python (no Qt). The resolver only ever answers with a path from the list of files it was built
with and refuses absolute, drive and escaping paths outright, so no link can lead outside the vault.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from urllib.parse import unquote

__all__ = ["DEPENDS", "LinkResolver", "normalize_key", "slugify", "topic_key"]

_NOT_SLUG_CHAR = re.compile(r"[^\w]")  # \w on str: Unicode letters and digits, and '_'
_WHITESPACE = re.compile(r"\s")
# The same two rules as byte tables for ASCII text (most names): one C call instead of two regex passes.
_ASCII_SLUG_MAP = bytes(ord("_") if _WHITESPACE.match(chr(b)) else b for b in range(256))
_ASCII_SLUG_DROP = bytes(b for b in range(128) if not _WHITESPACE.match(chr(b)) and _NOT_SLUG_CHAR.match(chr(b)))
_DRIVE = re.compile(r"[a-z]:(?:/|$)")  # C:\x, c:/x, C: (keys are casefolded, \ is /)
_NOT_PLAIN = re.compile(r"[/\\%\x00]")  # a folder, an escape or a NUL: the linking note's folder may matter


def normalize_key(s: str) -> str:
    """The form names are compared in: NFC, casefolded, '/' separators, no outer spaces.

    NFC makes a macOS-decomposed `café` equal the composed one; casefold makes lookups case-insensitive.
    """
    if s.isascii():  # NFC leaves ASCII alone and casefold is lower
        return s.lower().replace("\\", "/").strip()
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", s).casefold())
    return folded.replace("\\", "/").strip()


def _exact_key(s: str) -> str:
    """`normalize_key` without the casefold: `Case.md` and `case.md` may both exist and both be linked."""
    return unicodedata.normalize("NFC", s).replace("\\", "/").strip()


def slugify(s: str) -> str:
    """The generator's file name for a title: casefolded, each space as '_', anything but letters/digits/'_' dropped."""
    if s.isascii():
        return s.lower().strip().encode().translate(_ASCII_SLUG_MAP, _ASCII_SLUG_DROP).decode()
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", s).casefold())
    return _NOT_SLUG_CHAR.sub("", _WHITESPACE.sub("_", folded.strip()))


def topic_key(target: str) -> str:
    """The key grouping unresolved targets: `[[Flow State]]`, `[[flow_state]]`, `[[flow-state]]` and
    `[[flowstate]]` are one topic. The generator slugs a title by dropping hyphens and turning spaces into `_`,
    so the words of one topic come apart differently ("OpenAI" / "Open AI", "problem-solving" /
    "problem solving"): the key keeps letters and digits only. In the public vault this joins 23 pairs, none
    wrongly."""
    return slugify(target).replace("_", "") or normalize_key(target)


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _shared_folders(folder_a: tuple[str, ...], folder_b: tuple[str, ...]) -> int:
    shared = 0
    for a, b in zip(folder_a, folder_b):
        if a != b:
            break
        shared += 1
    return shared


def _preference(path: str) -> tuple[int, int, str]:
    """Among equal candidates: fewest folders, then shortest path, then alphabetical."""
    return (path.count("/"), len(path), path)


_DEPENDS = object()  # the answer depends on where the link is written
DEPENDS = _DEPENDS  # what `answer_from_everywhere` says then

Paths = str | list[str]  # the files a name may mean: one as itself, several as a list in preference order


def _paths(found: Paths | None) -> Sequence[str]:
    """The paths of a name table's entry, as a sequence (empty for no entry)."""
    if found is None:
        return ()
    return (found,) if isinstance(found, str) else found


class _Unsafe(Exception):
    """A target that reaches for something outside the vault."""


class LinkResolver:
    """Answers link targets with vault-relative paths; built once per vault, then each lookup is a dict hit.

    Steps, first match wins: path (relative to the linking note's folder, then to the vault root, with or
    without a note extension), file name or stem (path suffix for targets with folders), title, alias, slug.
    """

    def __init__(
        self,
        files: Iterable[str],
        titles: Mapping[str, str] = {},  # noqa: B006 - read only
        aliases: Mapping[str, Sequence[str]] = {},  # noqa: B006 - read only
        note_suffixes: Sequence[str] = (".md", ".markdown", ".txt"),
    ) -> None:
        self._note_suffixes = tuple(s.casefold() for s in note_suffixes)
        self._by_path: dict[str, str] = {}
        self._by_path_stem: dict[str, str] = {}
        self._exact_path: dict[str, str] = {}  # NFC path (case kept) -> path
        self._exact_path_stem: dict[str, str] = {}  # the same without the note suffix
        # Name -> its paths: one path as itself, several as a list (`_paths`). Most names have one file, and
        # a list of one for each was 10 MB of a 20k-note vault's resolver.
        self._by_name: dict[str, Paths] = {}
        self._by_stem: dict[str, Paths] = {}
        self._by_title: dict[str, Paths] = {}
        self._by_alias: dict[str, Paths] = {}
        self._by_slug: dict[str, Paths] = {}
        self._cache: dict[tuple[str, str], str | None] = {}
        self._plain_cache: dict[str, object] = {}

        # Notes before attachments and by preference, so `setdefault` keeps the best owner of a key.
        # (Tables in locals and no helper calls per path: a warm-less first start builds this for every note.)
        is_note = {path: self._is_note(path) for path in files}
        ordered = sorted(is_note, key=lambda p: (not is_note[p], p.count("/"), len(p), p))
        by_path, exact_path, by_name = self._by_path, self._exact_path, self._by_name
        by_path_stem, exact_path_stem = self._by_path_stem, self._exact_path_stem
        by_stem, by_slug, add, put = self._by_stem, self._by_slug, self._add, self._put
        for path in ordered:
            # A key equal to the path, or to another key, is that string object: most vaults name their files
            # in lower case, and each table would otherwise keep a copy of every path (3 MB at 20k notes).
            key = normalize_key(path)
            key = path if key == path else key
            by_path.setdefault(key, path)
            exact = _exact_key(path)
            exact = path if exact == path else exact
            exact_path.setdefault(exact, path)
            put(by_name, key.rpartition("/")[2], path)
            if is_note[path]:
                stem_key = key.rpartition(".")[0]  # a note's name always has its suffix
                by_path_stem.setdefault(stem_key, path)
                exact_stem = exact.rpartition(".")[0]
                exact_path_stem.setdefault(stem_key if exact_stem == stem_key else exact_stem, path)
                stem = stem_key.rpartition("/")[2]
                put(by_stem, stem, path)
                slug = slugify(stem)
                slug = stem if slug == stem else slug
                add(by_slug, slug, path)

        by_title, by_alias = self._by_title, self._by_alias
        for path in ordered:
            title = titles.get(path)
            if title:
                add(by_title, normalize_key(title), path)
                add(by_slug, slugify(title), path)
            names = aliases.get(path)
            if names:
                for alias in [names] if isinstance(names, str) else names:
                    if isinstance(alias, str):
                        add(by_alias, normalize_key(alias), path)

    _TABLES = ("_by_path", "_by_path_stem", "_exact_path", "_exact_path_stem", "_by_name", "_by_stem",
               "_by_title", "_by_alias", "_by_slug")

    _LISTS = frozenset(("_by_name", "_by_stem", "_by_title", "_by_alias", "_by_slug"))  # name -> `Paths`

    def state(self) -> tuple:
        """What the resolver knows, as plain dicts and lists (each name's paths a list, as the names snapshot
        keeps them): `from_state` rebuilds it without recomputing keys."""
        return tuple(self.state_parts())

    STATE_PARTS = 1 + len(_TABLES)

    def state_parts(self) -> Iterator:
        """The parts of `state`, each made when reached: a caller writing them one by one (the names snapshot)
        never holds every table's lists at once."""
        yield self._note_suffixes
        for name in self._TABLES:
            table = getattr(self, name)
            yield {key: [paths] if paths.__class__ is str else paths for key, paths in table.items()} \
                if name in self._LISTS else table

    @classmethod
    def from_state(cls, state: tuple) -> LinkResolver:
        """The resolver `state()` was taken of (a warm start loads it from the cache instead of building it)."""
        resolver = cls.__new__(cls)
        suffixes, *tables = state
        if len(tables) != len(cls._TABLES):
            raise ValueError("resolver state of another version")
        resolver._note_suffixes = tuple(suffixes)
        for name, table in zip(cls._TABLES, tables):
            if not isinstance(table, dict):
                raise ValueError(f"resolver state: {name} is not a table")
            setattr(resolver, name, table)
        resolver._cache, resolver._plain_cache = {}, {}
        return resolver

    def compact(self) -> None:
        """Keep each name's one path as itself rather than in a list of one, as `__init__` makes the tables: for
        a resolver made `from_state` (quick, for the names stage), later, off the way of the first page. Each
        table is replaced whole: a thread resolving meanwhile reads one form or the other, both right."""
        for name in self._LISTS:
            table = getattr(self, name)
            if any(paths.__class__ is list and len(paths) == 1 for paths in table.values()):
                setattr(self, name, {key: paths[0] if paths.__class__ is list and len(paths) == 1 else paths
                                     for key, paths in table.items()})

    def _is_note(self, path: str) -> bool:
        return path.casefold().endswith(self._note_suffixes)

    @staticmethod
    def _add(index: dict[str, Paths], key: str, path: str) -> None:
        """`path` added to the paths of `key` (after those already there), unless it is one of them or the key
        is empty."""
        if key:
            LinkResolver._put(index, key, path)

    @staticmethod
    def _put(index: dict[str, Paths], key: str, path: str) -> None:
        """`path` added to the paths of `key`, unless it is one of them already."""
        paths = index.get(key)
        if paths is None:
            index[key] = path
        elif isinstance(paths, str):
            if paths != path:
                index[key] = [paths, path]
        elif path not in paths:
            paths.append(path)

    # --- resolving ---------------------------------------------------------------------------------

    def resolve(self, target: str, from_path: str | None = None) -> str | None:
        """The vault-relative path `target` leads to from the note at `from_path`, or None (an unresolved topic)."""
        unique = self._unique_answer(target)
        if unique is not _DEPENDS:
            return unique
        from_dir = _folder(from_path) if from_path else ""
        cache_key = (target, from_dir)
        try:
            return self._cache[cache_key]
        except KeyError:
            pass
        try:
            found = self._resolve(target, from_dir)
        except _Unsafe:
            found = None
        self._cache[cache_key] = found
        return found

    def answer_from_everywhere(self, target: str, remember: bool = True) -> str | None | object:
        """Where `target` leads when that is the same from every note, else `DEPENDS`: a caller resolving the
        links of many notes asks once per target instead of once per link. Without `remember` the answer is not
        cached here (a caller keeping its own answers for the length of a pass over the vault)."""
        return self._unique_answer(target, remember)

    def _unique_answer(self, target: str, remember: bool = True):
        """For a plain name (no folder, no escapes) that at most one file could answer, that answer from anywhere.

        Most links are such names; answering them once, not once per linking folder, keeps big vaults fast.
        Returns _DEPENDS when the linking note's folder could change the answer.
        """
        try:
            return self._plain_cache[target]
        except KeyError:
            pass
        answer = _DEPENDS
        if not _NOT_PLAIN.search(target) and target.count(".") <= 1 and not target.startswith("."):
            key = normalize_key(target)
            if key and not _DRIVE.match(key):
                by_name, by_stem = self._by_name.get(key), self._by_stem.get(key)
                if by_name is None or by_stem is None or by_name == by_stem:  # one table says (most names)
                    names = _paths(by_name if by_name is not None else by_stem)
                else:
                    names = list(set(_paths(by_name)) | set(_paths(by_stem)))
                if len(names) == 1:
                    answer = names[0]
                elif not names:
                    lists = [_paths(self._by_title.get(key)), _paths(self._by_alias.get(key)),
                             _paths(self._by_slug.get(slugify(target)))]
                    if all(len(found) <= 1 for found in lists):
                        answer = next((found[0] for found in lists if found), None)
        if remember:
            self._plain_cache[target] = answer
        return answer

    def _resolve(self, target: str, from_dir: str) -> str | None:
        variants = [target]
        if "%" in target:
            decoded = unquote(target)
            if decoded != target:
                variants.append(decoded)
        spellings = [(v, self._safe_key(v)) for v in variants]  # raises _Unsafe before any lookup
        spellings = [(v, k) for v, k in spellings if k]
        if not spellings:
            return None
        keys = [k for _, k in spellings]
        from_dir_key = normalize_key(from_dir)
        folder_parts = tuple(from_dir_key.split("/")) if from_dir_key else ()

        explicit = [self._is_explicit_relative(k) for k in keys]
        for (variant, key), is_explicit in zip(spellings, explicit):
            found = self._by_file_path(key, from_dir_key, is_explicit, _exact_key(variant), _exact_key(from_dir))
            if found:
                return found
        if any(explicit):
            return None  # `./x` and `../x` name a place; a same-named file elsewhere is not it

        for variant, key in spellings:
            found = self._by_file_name(key, folder_parts, _exact_key(variant))
            if found:
                return found
        for index, make_key in ((self._by_title, None), (self._by_alias, None), (self._by_slug, slugify)):
            for variant, key in spellings:
                lookup = make_key(variant) if make_key else key
                candidates = _paths(index.get(lookup)) if lookup else None
                if candidates:
                    return self._nearest(candidates, folder_parts)
        return None

    @staticmethod
    def _safe_key(variant: str) -> str:
        """The normalized key of one spelling of a target; _Unsafe for NUL bytes, absolute and drive paths.

        Climbing with `..` is checked where the path is joined to its base folder (`_by_file_path`).
        """
        if "\x00" in variant:
            raise _Unsafe(variant)
        key = normalize_key(variant)
        if key.startswith("/") or _DRIVE.match(key):
            raise _Unsafe(variant)
        return key

    @staticmethod
    def _is_explicit_relative(key: str) -> bool:
        return any(part in (".", "..") for part in key.split("/"))

    def _by_file_path(self, key: str, from_dir_key: str, explicit: bool, exact: str = "",
                      from_dir_exact: str = "") -> str | None:
        """Step 1: the target as a path, from the linking note's folder first, then (unless `./`/`../`) the root.

        A path spelled with the file's own case wins over one differing only in case.
        """
        bases = [(from_dir_key, from_dir_exact)] if explicit else (
            [(from_dir_key, from_dir_exact), ("", "")] if from_dir_key else [("", "")])
        for base, base_exact in bases:
            joined = posixpath.normpath(posixpath.join(base, key)) if base or explicit else key
            if joined == ".." or joined.startswith(("../", "/")):
                raise _Unsafe(key)  # climbs above the vault root
            if exact:
                joined_exact = posixpath.normpath(posixpath.join(base_exact, exact)) if base or explicit else exact
                found = self._exact_path.get(joined_exact) or self._exact_path_stem.get(joined_exact)
                if found:
                    return found
            found = self._by_path.get(joined) or self._by_path_stem.get(joined)
            if found:
                return found
        return None

    def _by_file_name(self, key: str, folder_parts: tuple[str, ...], exact: str = "") -> str | None:
        """Step 2: a file name or note stem; with folders in the target, any file whose path ends with it.

        Among candidates, those whose name has the target's own case come first.
        """
        name = key.rsplit("/", 1)[-1]
        by_name = _paths(self._by_name.get(name))
        by_stem = _paths(self._by_stem.get(name))
        if "/" in key:
            suffix = "/" + key
            by_name = [p for p in by_name if normalize_key(p).endswith(suffix)]
            by_stem = [p for p in by_stem if normalize_key(p).rsplit(".", 1)[0].endswith(suffix)]
        candidates = by_name or by_stem
        if len(candidates) > 1 and exact:
            same_case = [p for p in candidates if _exact_key(p).endswith("/" + exact) or _exact_key(p) == exact
                         or _exact_key(p).rsplit(".", 1)[0].endswith("/" + exact)
                         or _exact_key(p).rsplit(".", 1)[0] == exact]
            candidates = same_case or candidates
        return self._nearest(candidates, folder_parts) if candidates else None

    @staticmethod
    def _nearest(candidates: list[str], folder_parts: tuple[str, ...]) -> str:
        """The candidate sharing most leading folders with the linking note; the lists are already in preference order."""
        if len(candidates) == 1 or not folder_parts:
            return candidates[0]
        best, best_shared = candidates[0], -1
        for path in candidates:
            shared = _shared_folders(tuple(normalize_key(_folder(path)).split("/")), folder_parts)
            if shared > best_shared:
                best, best_shared = path, shared
        return best
