"""Link parsing: each link form, its offsets, and the code where links are not links."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.core.links import code_spans, has_fence, parse_links, split_target
from desktop.core.model import LinkRef


def only(body: str) -> LinkRef:
    links = parse_links(body)
    assert len(links) == 1, links
    return links[0]


def fields(link: LinkRef) -> tuple:
    return (link.target, link.heading, link.alias, link.embed, link.markdown)


# --- wiki-links ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[[note]]", ("note", None, None, False, False)),
        ("[[note|Alias]]", ("note", None, "Alias", False, False)),
        ("[[ note | Alias text ]]", ("note", None, "Alias text", False, False)),
        ("[[note#Heading]]", ("note", "Heading", None, False, False)),
        ("[[note#^block1]]", ("note", "^block1", None, False, False)),
        ("[[#Heading]]", ("", "Heading", None, False, False)),
        ("[[note#Heading|Alias]]", ("note", "Heading", "Alias", False, False)),
        ("![[image.png]]", ("image.png", None, None, True, False)),
        ("![[note#Part|shown]]", ("note", "Part", "shown", True, False)),
        ("| [[note\\|Alias]] | x |", ("note", None, "Alias", False, False)),
        ("[[note|]]", ("note", None, None, False, False)),
        ("[[sub/Flow State]]", ("sub/Flow State", None, None, False, False)),
    ],
)
def test_wiki_link_forms(body: str, expected: tuple) -> None:
    assert fields(only(body)) == expected


def test_wiki_link_offsets_cover_the_whole_link_and_the_bang_of_embeds() -> None:
    body = "See [[a]] and ![[b.png]]."
    first, second = parse_links(body)
    assert body[first.start:first.end] == "[[a]]"
    assert body[second.start:second.end] == "![[b.png]]"


@pytest.mark.parametrize("body", ["[[]]", "[[ ]]", "[[|alias]]", "[[#]]", "[[a\nb]]", "[[a[b]]"])
def test_empty_or_malformed_wiki_links_are_ignored(body: str) -> None:
    assert parse_links(body) == []


def test_links_come_in_text_order_across_kinds() -> None:
    body = "[one](one.md) then [[two]] then ![img](three.png) then [[four|4]]"
    assert [link.target for link in parse_links(body)] == ["one.md", "two", "three.png", "four"]


# --- Markdown links -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[text](other%20note.md)", ("other note.md", None, "text", False, True)),
        ("[text](sub/note.md#Some%20Heading)", ("sub/note.md", "Some Heading", "text", False, True)),
        ("[text](<note with spaces.md>)", ("note with spaces.md", None, "text", False, True)),
        ("![alt](img.png)", ("img.png", None, "alt", True, True)),
        ('[t](note.md "a title")', ("note.md", None, "t", False, True)),
        ("[](note.md)", ("note.md", None, None, False, True)),
        ("[t](C:\\x.md)", ("C:\\x.md", None, "t", False, True)),
        ("[t](C:/x.md)", ("C:/x.md", None, "t", False, True)),
        ("[t](../up.md)", ("../up.md", None, "t", False, True)),
        ("[a [nested] text](n.md)", ("n.md", None, "a [nested] text", False, True)),
        ("[t](file_(1).md)", ("file_(1).md", None, "t", False, True)),
    ],
)
def test_markdown_link_forms(body: str, expected: tuple) -> None:
    assert fields(only(body)) == expected


@pytest.mark.parametrize(
    "body",
    [
        "[t](http://example.com/a.md)",
        "[t](https://www.youtube.com/watch?v=x)",
        "[t](mailto:someone@example.com)",
        "[t](javascript:alert(1))",
        "[t](obsidian://open?vault=x)",
        "[t](ftp:x.md)",
        "[t](#anchor)",
        "[t]()",
        "[t](<>)",
        "[t](//cdn.example.com/x.png)",
    ],
)
def test_urls_anchors_and_empty_markdown_links_are_not_links(body: str) -> None:
    assert parse_links(body) == []


def test_markdown_link_inside_a_wiki_link_is_ignored() -> None:
    assert [fields(link) for link in parse_links("[[note|see [x](y.md)]]")] == [
        ("note", None, "see [x](y.md)", False, False)
    ]
    assert [fields(link) for link in parse_links("![[a]](b.md)")] == [("a", None, None, True, False)]


# --- code ---------------------------------------------------------------------------------------------

def test_links_in_fenced_code_are_skipped() -> None:
    body = "[[before]]\n```python\n[[in_fence]]\n```\n[[after]]\n~~~~\n[[tilde]]\n~~~\n[[still_in_tilde]]\n"
    assert [link.target for link in parse_links(body)] == ["before", "after"]


def test_fence_closes_only_with_same_char_and_at_least_same_length() -> None:
    body = "````\n```\n[[a]]\n~~~~\n````\n[[b]]"
    assert [link.target for link in parse_links(body)] == ["b"]


def test_unclosed_fence_runs_to_the_end() -> None:
    body = "[[a]]\n```\n[[b]]\n\n[[c]]"
    assert code_spans(body) == [(6, len(body))]
    assert [link.target for link in parse_links(body)] == ["a"]


def test_fences_indented_in_lists_and_blockquotes() -> None:
    body = "- item\n  ```\n  [[in_list_code]]\n  ```\n> ```\n> [[in_quote_code]]\n> ```\n   ```\n[[three_spaces]]\n   ```\n[[out]]"
    assert [link.target for link in parse_links(body)] == ["out"]


def test_backtick_line_with_backticks_in_info_is_inline_code_not_a_fence() -> None:
    body = "```[[inline]]``` [[out]]\n[[also_out]]"
    assert [link.target for link in parse_links(body)] == ["out", "also_out"]


def test_indented_code_block_after_blank_line_is_code() -> None:
    body = "Text\n\n    [[in_code]]\n\tmore [[tab_code]]\n\n[[out]]"
    assert [link.target for link in parse_links(body)] == ["out"]
    start = body.index("    [[in_code]]")
    assert code_spans(body) == [(start, body.index("\n\n[[out]]"))]


def test_indented_line_without_blank_line_is_paragraph_text() -> None:
    body = "Text\n    [[continued]]"
    assert [link.target for link in parse_links(body)] == ["continued"]


def test_indented_list_continuation_is_not_code() -> None:
    body = "- item\n\n    [[continuation]]\n\n1. first\n   more\n\n        [[deep]]"
    assert [link.target for link in parse_links(body)] == ["continuation", "deep"]


@pytest.mark.parametrize("body", [
    "    [[first]] line indented",  # first in the body
    "  \n\t[[after]] a blank first line",
    "Text\n \t\n\t[[tab]] after a line of spaces",
])
def test_an_indented_line_first_or_after_a_blank_line_is_code(body: str) -> None:
    assert parse_links(body) == []
    assert code_spans(body) == [(body.rfind("\n") + 1, len(body))]


@pytest.mark.parametrize(("text", "fence"), [
    ("a\n```py\nx", True), ("~~~", True), ("``` ~", True), ("x~~~~", True),
    ("``x`` ~~y~~ `z`", False), ("", False), ("~ ` ~` ``~~", False),
])
def test_has_fence_says_whether_a_text_holds_three_backticks_or_tildes(text: str, fence: bool) -> None:
    assert has_fence(text) is fence


def test_nested_list_items_are_no_code() -> None:
    body = "- a [[one]]\n    - b [[two]]\n\t- c [[three]]\n        - d\n"
    assert code_spans(body) == []
    assert [link.target for link in parse_links(body)] == ["one", "two", "three"]


def test_a_blank_line_split_at_another_line_break_still_starts_indented_code() -> None:
    """Lines are what `str.splitlines` makes of the body: a blank line between two U+2028 is a blank line."""
    body = "a\n    b\u2028\u2028    code [[x]]"
    assert code_spans(body) == [(body.index("    code"), len(body))]
    assert parse_links(body) == []


def test_indented_code_after_the_list_has_ended_is_code() -> None:
    body = "- item\n\nParagraph.\n\n    [[code]]\n"
    assert parse_links(body) == []


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        ("`[[a]]` [[b]]", ["b"]),
        ("`` [[a]]`b `` [[c]]", ["c"]),
        ("``[[a]]` [[b]]", ["a", "b"]),  # no closing run of two: backticks are literal
        ("`a` [[b]] `c`", ["b"]),
        ("\\`[[a]]` [[b]] `c`", ["a"]),  # escaped first backtick: the next two delimit the code
        ("`open\n\n[[b]]` x", ["b"]),  # a code span never crosses a paragraph break
        ("`[x](y.md)` [z](w.md)", ["w.md"]),
    ],
)
def test_inline_code(body: str, kept: list[str]) -> None:
    assert [link.target for link in parse_links(body)] == kept


def test_bang_inside_code_does_not_make_an_embed() -> None:
    assert [fields(link) for link in parse_links("`x!`[[a]]")] == [("a", None, None, False, False)]


def test_code_spans_are_sorted_offsets_of_blocks_and_inline_code() -> None:
    body = "`a` x\n\n```\nb\n```\n`c`"
    assert code_spans(body) == [(0, 3), (7, 16), (17, 20)]


def test_code_spans_of_plain_text_is_empty() -> None:
    assert code_spans("no code here, [[link]]") == []


def test_skip_argument_is_used_instead_of_computing_code_spans() -> None:
    body = "[[a]] [[b]]"
    assert [link.target for link in parse_links(body, skip=[(0, 5)])] == ["b"]
    assert [link.target for link in parse_links("`[[a]]`", skip=[])] == ["a"]


# --- split_target -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("note", ("note", None)),
        ("note#Heading", ("note", "Heading")),
        ("note#^block", ("note", "^block")),
        ("#Heading", ("", "Heading")),
        ("note#", ("note", None)),
        (" note # Heading ", ("note", "Heading")),
        ("note#a#b", ("note", "a#b")),
    ],
)
def test_split_target(raw: str, expected: tuple) -> None:
    assert split_target(raw) == expected


def test_an_admonition_fence_is_markdown_in_a_box_not_code():
    """Obsidian's Admonition plugin renders ```ad-TYPE as Markdown in a box: its links are links; only its fence
    lines are not text. A fence in it ends with it; one quoting an admonition stays code."""
    body = "```ad-note\ntitle: A\nSee [[inside]].\n~~~\n[[in code]]\n```\nAfter [[outside]].\n"
    assert [link.target for link in parse_links(body)] == ["inside", "outside"]
    assert [body[a:b] for a, b in code_spans(body)] == ["```ad-note", "~~~\n[[in code]]", "```"]
    nested = "````ad-example\n```ad-note\n[[deep]]\n```\n[[outer]]\n````\n[[after]]"
    assert [link.target for link in parse_links(nested)] == ["deep", "outer", "after"]
    quoted = "```markdown\n```ad-note\n[[shown as source]]\n```\n"
    assert parse_links(quoted) == []


def test_admonitions_past_the_bounds_are_code_as_any_fence():
    """A hostile note of unclosed ```ad- openers: each one's end is looked for ahead, so only so many are read
    as boxes, so deep; the rest are code blocks (their links dead), as they were before admonitions."""
    from desktop.core.links import MAX_ADMONITION_DEPTH, MAX_ADMONITIONS

    nested = "".join(f"```ad-note\n[[level {depth}]]\n" for depth in range(MAX_ADMONITION_DEPTH + 2))
    assert [link.target for link in parse_links(nested)] == [f"level {d}" for d in range(MAX_ADMONITION_DEPTH)]
    many = "".join(f"```ad-note\n[[box {i}]]\n```\n" for i in range(MAX_ADMONITIONS + 3))
    assert len(parse_links(many)) == MAX_ADMONITIONS


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="\n \tx", max_size=20))
def test_an_indented_line_is_found_as_the_substring_test_finds_it(body):
    """`_may_have_indented_code` looks for a line break and four spaces with a regex (faster): what `in` says."""
    from desktop.core import links

    assert (links._INDENTED_LINE.search(body) is not None) == ("\n    " in body)


# The wiki-link pattern before its parts were groups, and the one reading of a link's inner text the renderer uses
_PLAIN_WIKI = __import__("re").compile(r"\[\[([^\[\]\n|]*(?:\|[^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*)?)\]\]")


@settings(max_examples=400)
@example("[[x#h\\|a b]] [[x\\|a]] [[#\\|a]] [[ 02:15:01 ]] ![[02:15:01]] [[x#|]] [[ | a]] [[a#b#c|d [e] f]]")
@given(st.lists(st.sampled_from(["[[", "]]", "[", "]", "|", "\\|", "#", "\\", ":", "02:15:01", " ", "\n", "    ", "a b",
                                 "Topic", "!", "x.md"]), max_size=14).map("".join))
def test_wiki_links_are_the_plain_patterns_spans_cut_as_split_wikilink_cuts_them(body: str) -> None:
    """`parse_links` finds each wiki-link with its parts as groups of the regex: the spans the plain pattern
    finds, and target, heading and alias as `split_wikilink` (the renderer's reading) gives them."""
    from desktop.core.links import is_time_target, split_wikilink

    found = [link for link in parse_links(body) if not link.markdown]
    code = code_spans(body)  # (four spaces after a blank line: a code block, whose links are none)
    in_code = lambda at: any(start <= at < end for start, end in code)  # noqa: E731
    expected = []
    for match in _PLAIN_WIKI.finditer(body):
        if in_code(match.start()):
            continue
        embed = match.start() > 0 and body[match.start() - 1] == "!" and not in_code(match.start() - 1)
        target, heading, alias = split_wikilink(match[1])
        if (target or heading) and (embed or not is_time_target(match[1])):
            expected.append(LinkRef(target, heading, alias, embed, match.start() - embed, match.end()))
    assert found == expected
