"""Link resolution: each step, their precedence, tie breaks, Unicode, and that nothing leads out of the vault."""

from __future__ import annotations

import re
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.resolver import DEPENDS, LinkResolver, normalize_key, slugify, topic_key

FILES = [
    "index.md",
    "other note.md",
    "sub/note.md",
    "sub/x.md",
    "sub/deeper/y.md",
    "assets/image.png",
    "Readme.markdown",
    "plain.txt",
]


@pytest.fixture
def resolver() -> LinkResolver:
    return LinkResolver(FILES)


# --- keys ---------------------------------------------------------------------------------------------

def test_normalize_key() -> None:
    assert normalize_key("  Sub\\Note.MD ") == "sub/note.md"
    assert normalize_key("Straße") == "strasse"
    assert normalize_key(unicodedata.normalize("NFD", "Café")) == "caf\u00e9"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Moral and political implications for Russian leadership",
         "moral_and_political_implications_for_russian_leadership"),
        ("China's Economic Decline", "chinas_economic_decline"),
        ("US-China relations: 2024!", "uschina_relations_2024"),
        ("Café au lait", "café_au_lait"),
        (unicodedata.normalize("NFD", "Café"), "café"),
        ("Москва и Киев", "москва_и_киев"),
        ("already_a_slug", "already_a_slug"),
        ("?!", ""),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_ascii_fast_paths_read_like_the_unicode_rules(text: str) -> None:
    """ASCII names take a byte-table shortcut; it must give exactly what NFC + casefold + the regexes give."""
    folded = unicodedata.normalize("NFC", text).casefold()
    assert slugify(text) == re.sub(r"[^\w]", "", re.sub(r"\s", "_", folded.strip()))
    assert normalize_key(text) == folded.replace("\\", "/").strip()


def test_topic_key_groups_spellings_of_one_topic() -> None:
    assert topic_key("Flow State") == topic_key("flow_state") == topic_key("FLOW STATE") == "flowstate"
    # the generator's slugs of one title come apart where a hyphen or a space was (public vault pairs)
    assert topic_key("OpenAI") == topic_key("Open AI") == topic_key("open_ai")
    assert topic_key("problem-solving") == topic_key("problem solving") == topic_key("problemsolving")
    assert topic_key("modern__discourse") == topic_key("modern_discourse")
    assert topic_key("?!") == "?!"  # nothing to slug: the normalized target itself
    assert topic_key("Flow State") != topic_key("Flow States")


# --- step 1: paths ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("sub/note.md", "sub/note.md"),
        ("sub/note", "sub/note.md"),
        ("SUB/NOTE", "sub/note.md"),
        ("sub\\note", "sub/note.md"),
        ("assets/image.png", "assets/image.png"),
        ("other%20note.md", "other note.md"),
        ("other%20note", "other note.md"),
        ("Readme", "Readme.markdown"),
        ("plain", "plain.txt"),
        ("sub/missing", None),
        ("assets/image", None),  # attachments are only found with their extension
    ],
)
def test_vault_relative_paths(resolver: LinkResolver, target: str, expected: str | None) -> None:
    assert resolver.resolve(target) == expected


@pytest.mark.parametrize(
    ("target", "from_path", "expected"),
    [
        ("./x", "sub/y.md", "sub/x.md"),
        ("x", "sub/y.md", "sub/x.md"),
        ("deeper/y", "sub/note.md", "sub/deeper/y.md"),
        ("../x", "sub/deeper/y.md", "sub/x.md"),
        ("../../index", "sub/deeper/y.md", "index.md"),
        ("../index.md", "sub/note.md", "index.md"),
        ("./x", "index.md", None),  # explicit: no x.md at the root, and no fallback to sub/x.md
        ("sub/../index", "sub/note.md", None),  # relative to sub/: sub/sub/../index is sub/index
        ("./../index", "sub/note.md", "index.md"),
    ],
)
def test_paths_relative_to_the_linking_note(
    resolver: LinkResolver, target: str, from_path: str, expected: str | None
) -> None:
    assert resolver.resolve(target, from_path) == expected


def test_relative_folder_wins_over_the_vault_root() -> None:
    resolver = LinkResolver(["x.md", "sub/x.md", "sub/y.md"])
    assert resolver.resolve("x", "sub/y.md") == "sub/x.md"
    assert resolver.resolve("x", "other.md") == "x.md"
    assert resolver.resolve("x") == "x.md"


# --- security -----------------------------------------------------------------------------------------

ATTACKS = [
    "/etc/passwd",
    "/index.md",
    "\\index.md",
    "\\\\server\\share\\index.md",
    "C:\\index.md",
    "c:/index.md",
    "C:",
    "../index",
    "../../../../etc/passwd",
    "sub/../../index",
    "..\\..\\index",
    "%2e%2e%2findex",
    "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "..%2f..%2findex",
    "%2fetc%2fpasswd",
    "index\x00.md",
    "index%00",
    "..",
]


@pytest.mark.parametrize("target", ATTACKS)
def test_attacks_never_resolve_from_the_root(target: str) -> None:
    # Every file these might be twisted into reaching exists in the vault: a None is a refusal, not a miss.
    resolver = LinkResolver(["index.md", "etc/passwd", "passwd", "sub/index.md", "sub/deeper/n.md"])
    assert resolver.resolve(target, "index.md") is None
    assert resolver.resolve(target) is None


@pytest.mark.parametrize("target", ["../../../index", "%2e%2e/%2e%2e/%2e%2e/index", "..\\..\\..\\index"])
def test_climbing_past_the_root_from_a_subfolder_is_refused_without_fallback(target: str) -> None:
    resolver = LinkResolver(["index.md", "sub/deeper/index.md", "sub/deeper/n.md"])
    assert resolver.resolve(target, "sub/deeper/n.md") is None


def test_climbing_within_the_vault_still_works() -> None:
    resolver = LinkResolver(["index.md", "sub/deeper/n.md"])
    assert resolver.resolve("%2e%2e/%2e%2e/index", "sub/deeper/n.md") == "index.md"


def test_answers_are_only_ever_files_of_the_vault(resolver: LinkResolver) -> None:
    for target in ATTACKS + ["note", "x", "image.png", "nothing"]:
        for from_path in (None, "index.md", "sub/deeper/y.md"):
            assert resolver.resolve(target, from_path) in set(FILES) | {None}


# --- step 2: names ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("note", "sub/note.md"),
        ("note.md", "sub/note.md"),
        ("NOTE", "sub/note.md"),
        ("image.png", "assets/image.png"),
        ("y", "sub/deeper/y.md"),
        ("deeper/y", "sub/deeper/y.md"),  # a path suffix, from anywhere
        ("eeper/y", None),  # suffixes end at folder boundaries
        ("image", None),
    ],
)
def test_file_name_and_stem(resolver: LinkResolver, target: str, expected: str | None) -> None:
    assert resolver.resolve(target) == expected


def test_same_name_prefers_nearest_then_fewest_folders_then_shortest_then_alphabetical() -> None:
    files = ["a/b/n.md", "a/n.md", "c/n.md", "zz/n.md", "a/b/c/d/n.md", "bb/n.md"]
    resolver = LinkResolver(files)
    assert resolver.resolve("n", "a/b/x/other.md") == "a/b/n.md"  # shares a/b, as does a/b/c/d: fewer folders
    assert resolver.resolve("n", "a/b/c/d/e/other.md") == "a/b/c/d/n.md"
    assert resolver.resolve("n", "a/x/other.md") == "a/n.md"  # shares a; a/n.md is shorter than a/b/n.md
    assert resolver.resolve("n", "zz/other.md") == "zz/n.md"
    assert resolver.resolve("n", "q/other.md") == "a/n.md"  # nothing shared: shortest, then alphabetical
    assert resolver.resolve("n") == "a/n.md"
    assert LinkResolver(["zz/n.md", "c/n.md", "bb/n.md"]).resolve("n") == "c/n.md"
    assert LinkResolver(["deep/er/n.md", "longfoldername/n.md"]).resolve("n") == "longfoldername/n.md"


def test_exact_file_name_wins_over_a_note_stem() -> None:
    resolver = LinkResolver(["a/data.csv.md", "b/data.csv"])
    assert resolver.resolve("data.csv") == "b/data.csv"


def test_note_beats_attachment_of_same_path_without_extension() -> None:
    resolver = LinkResolver(["x", "x.md"])
    assert resolver.resolve("x") == "x"
    assert resolver.resolve("x.md") == "x.md"


# --- steps 3-5: title, aliases, slug ------------------------------------------------------------------

def test_title_alias_and_slug_steps() -> None:
    resolver = LinkResolver(
        ["notes/moral_and_political_implications_for_russian_leadership.md", "t.md", "al.md"],
        titles={"t.md": "A Title: Part 2", "al.md": "Something else"},
        aliases={"al.md": ["The Alias", "other alias"], "t.md": "Single Alias"},
    )
    assert resolver.resolve("a title: part 2") == "t.md"
    assert resolver.resolve("THE ALIAS") == "al.md"
    assert resolver.resolve("single alias") == "t.md"  # a lone string, not a list, is one alias
    assert resolver.resolve("Moral and Political Implications for Russian Leadership") == (
        "notes/moral_and_political_implications_for_russian_leadership.md"
    )
    assert resolver.resolve("A Title Part 2") == "t.md"  # slug of the title
    assert resolver.resolve("something_else") == "al.md"
    assert resolver.resolve("nobody") is None


def test_step_precedence() -> None:
    files = ["by-path/k.md", "k/x.md", "named.md", "titled.md", "aliased.md", "slugged_name.md"]
    titles = {"titled.md": "named", "aliased.md": "Slugged Name"}
    aliases = {"aliased.md": ["titled", "named"], "slugged_name.md": ["Slugged Name!"]}
    resolver = LinkResolver(files, titles, aliases)
    assert resolver.resolve("by-path/k") == "by-path/k.md"  # path
    assert resolver.resolve("named") == "named.md"  # name beats title and alias
    assert resolver.resolve("titled") == "titled.md"  # name beats alias
    assert resolver.resolve("Slugged Name") == "aliased.md"  # title beats slug of the stem
    assert resolver.resolve("Slugged Name!") == "slugged_name.md"  # alias beats slug of title
    assert resolver.resolve("slugged name?") == "slugged_name.md"  # slug: the stem comes first


def test_title_beats_alias() -> None:
    resolver = LinkResolver(["a.md", "b.md"], titles={"b.md": "Topic"}, aliases={"a.md": ["Topic"]})
    assert resolver.resolve("topic") == "b.md"


def test_path_beats_name() -> None:
    resolver = LinkResolver(["n.md", "deep/n.md", "other/n.md"])
    assert resolver.resolve("other/n", "deep/x.md") == "other/n.md"
    assert resolver.resolve("n", "deep/x.md") == "deep/n.md"  # same folder as path
    assert resolver.resolve("n", "other/x.md") == "other/n.md"
    assert resolver.resolve("n", "elsewhere/x.md") == "n.md"  # vault root as path


# --- Unicode and case ---------------------------------------------------------------------------------

def test_composed_and_decomposed_names_meet() -> None:
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    resolver = LinkResolver([f"{decomposed}.md", "x.md"], titles={"x.md": f"R{composed}sum{composed}"})
    assert resolver.resolve(composed) == f"{decomposed}.md"  # original spelling returned
    assert resolver.resolve(decomposed.upper()) == f"{decomposed}.md"
    assert resolver.resolve(f"r{decomposed}sum{decomposed}") == "x.md"
    assert LinkResolver([f"{composed}.md"]).resolve(decomposed) == f"{composed}.md"


def test_case_insensitive_everywhere() -> None:
    resolver = LinkResolver(["Sub/Mixed Case.MD"], titles={"Sub/Mixed Case.MD": "ÜBER Title"})
    assert resolver.resolve("sub/mixed case") == "Sub/Mixed Case.MD"
    assert resolver.resolve("MIXED CASE.md") == "Sub/Mixed Case.MD"
    assert resolver.resolve("über title") == "Sub/Mixed Case.MD"


# --- caching and scale --------------------------------------------------------------------------------

def test_results_are_cached_per_target_and_folder() -> None:
    resolver = LinkResolver(["a/n.md", "b/n.md"])
    assert resolver.resolve("n", "b/1.md") == "b/n.md"
    assert resolver.resolve("n", "a/1.md") == "a/n.md"
    assert resolver.resolve("n", "b/2.md") == "b/n.md"


def test_twenty_thousand_files_build_and_resolve_quickly() -> None:
    files = [f"channel{i % 50}/topic_number_{i}.md" for i in range(20_000)]
    titles = {path: f"Topic number {i}" for i, path in enumerate(files)}
    started = time.perf_counter()
    resolver = LinkResolver(files, titles)
    built = time.perf_counter() - started
    assert resolver.resolve("Topic Number 12345", "channel3/x.md") == "channel45/topic_number_12345.md"
    assert built < 1.0, built


# --- state and compact form ------------------------------------------------------------------------

NAMED = ["a/n.md", "b/n.md", "c/solo.md", "d/other.md", "e/pic.png", "f/pic.png"]
NAMED_TITLES = {"a/n.md": "Shared Title", "b/n.md": "Shared Title", "c/solo.md": "Solo", "d/other.md": "Other"}
NAMED_ALIASES = {"c/solo.md": ["Alone", "Single"], "d/other.md": ["Alone"]}
ASKED = [("n", "b/1.md"), ("n", "a/x/1.md"), ("solo", None), ("Solo", "d/1.md"), ("shared title", "b/1.md"),
         ("shared_title", None), ("Alone", None), ("single", "a/1.md"), ("pic.png", "f/1.md"), ("pic.png", None),
         ("other", None), ("nowhere", None), ("c/solo", None)]


def answers(resolver: LinkResolver) -> list[str | None]:
    return [resolver.resolve(target, where) for target, where in ASKED]


def test_a_resolver_from_its_state_answers_as_it_does() -> None:
    made = LinkResolver(NAMED, NAMED_TITLES, NAMED_ALIASES)
    again = LinkResolver.from_state(made.state())
    assert answers(again) == answers(made)
    again.compact()
    assert answers(again) == answers(LinkResolver(NAMED, NAMED_TITLES, NAMED_ALIASES))


def test_the_state_lists_every_names_paths_whatever_form_the_tables_keep() -> None:
    """The names snapshot keeps each table of names as lists of paths (`loader._one_copy_each` reads them so)."""
    made = LinkResolver(NAMED, NAMED_TITLES, NAMED_ALIASES)
    state = made.state()
    by_name, by_title, by_alias = state[5], state[7], state[8]
    assert by_name["solo.md"] == ["c/solo.md"] and by_name["n.md"] == ["a/n.md", "b/n.md"]
    assert by_title["shared title"] == ["a/n.md", "b/n.md"] and by_alias["alone"] == ["c/solo.md", "d/other.md"]
    again = LinkResolver.from_state(state)
    again.compact()
    assert again.state() == state


def test_an_answer_from_everywhere_is_the_answer_from_each_folder_or_says_it_depends() -> None:
    resolver = LinkResolver(["a/n.md", "b/n.md", "c/solo.md"], {"c/solo.md": "Solo"})
    assert resolver.answer_from_everywhere("solo") == "c/solo.md" == resolver.resolve("solo", "a/x.md")
    assert resolver.answer_from_everywhere("Solo", remember=False) == "c/solo.md"
    assert resolver.answer_from_everywhere("nowhere") is None
    assert resolver.answer_from_everywhere("n") is DEPENDS and resolver.answer_from_everywhere("a/n") is DEPENDS
    assert (resolver.resolve("n", "a/x.md"), resolver.resolve("n", "b/x.md")) == ("a/n.md", "b/n.md")
