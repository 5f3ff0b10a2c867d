"""The sentence a stamp cites and the sentence around a link."""

import re
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.core import context
from desktop.core.context import ContextFinder, block_spans, plain_text, shorten

STAMP_A = '<a class="yt-timestamp" data-t="00:01:00"></a>'
STAMP_B = '<a class="yt-timestamp" data-t="00:02:00">[00:02:00]</a>'


def spans_of(body, *stamps):
    spans, pos = [], 0
    for stamp in stamps:
        start = body.index(stamp, pos)
        spans.append((start, start + len(stamp)))
        pos = start + len(stamp)
    return spans


def test_plain_text_keeps_words_and_drops_markup():
    md = "**Bold** and *it* with [[flow_state | flow]] and [[topic]] and [site](https://x.y) `code` " + STAMP_A
    assert plain_text(md) == "Bold and it with flow and topic and site code"


def test_plain_text_drops_list_markers_headings_and_entities():
    assert plain_text("*   **Confusion**: it &amp; that") == "Confusion: it & that"
    assert plain_text("## Loss of Faith") == "Loss of Faith"


def test_blocks_split_at_blank_lines_and_list_items():
    body = "para one\ncontinues\n\n* item a\n* item b\n## Head\nText under it\n"
    blocks = [body[s:e].strip() for s, e in block_spans(body)]
    assert blocks == ["para one\ncontinues", "* item a", "* item b", "## Head", "Text under it"]


def test_stamp_cites_text_since_previous_stamp_in_its_block():
    body = f"First sentence {STAMP_A}. Second one here {STAMP_B}.\n\nOther para."
    finder = ContextFinder(body, spans_of(body, STAMP_A, STAMP_B))
    assert finder.stamp_context(0) == "First sentence"
    assert finder.stamp_context(1) == "Second one here"


def test_stamp_does_not_reach_into_previous_block():
    body = f"Intro without stamp.\n\n* Item claim {STAMP_A}."
    finder = ContextFinder(body, spans_of(body, STAMP_A))
    assert finder.stamp_context(0) == "Item claim"


def test_stamp_opening_a_block_cites_what_follows():
    body = f"{STAMP_A} The claim comes after."
    finder = ContextFinder(body, spans_of(body, STAMP_A))
    assert finder.stamp_context(0) == "The claim comes after."


def test_link_context_is_its_sentence_and_the_stamp_closing_it():
    body = f"One thing. The [[russia | Russian]] army left. {STAMP_A} Next [[other]] bit {STAMP_B}."
    finder = ContextFinder(body, spans_of(body, STAMP_A, STAMP_B))
    start = body.index("[[russia")
    end = body.index("]]", start) + 2
    assert finder.link_context(start, end) == ("The Russian army left.", 0)
    start = body.index("[[other")
    assert finder.link_context(start, start + 9) == ("Next other bit", 1)


def test_link_without_stamp_in_block_has_none():
    body = f"From: [[bonus_professor]] <br/>\n\nText {STAMP_A}."
    finder = ContextFinder(body, spans_of(body, STAMP_A))
    assert finder.link_context(6, 25) == ("From: bonus professor", None)  # a target reads as words


def test_shorten_keeps_about_limit_characters():
    text = " ".join(["word"] * 200)
    assert len(shorten(text)) <= 301
    assert shorten(text).startswith("…")
    assert shorten(text, keep_end=False).endswith("…")
    assert shorten("short") == "short"


def test_a_period_inside_a_link_alias_does_not_end_the_sentence():
    body = f"It depends on the [[us_military | U.S. Navy]] and [[china]] trade {STAMP_A}."
    finder = ContextFinder(body, spans_of(body, STAMP_A))
    start = body.index("[[china")
    assert finder.link_context(start, start + 9) == ("It depends on the U.S. Navy and china trade", 0)


def test_plain_text_reads_table_rows_as_their_cells():
    assert plain_text("| Link | [[Internal links\\|Internal links]] |") == "Link · Internal links"
    assert plain_text("| a | b |\n|---|:--:|\n| c | d |") == "a · b c · d"
    assert plain_text("| just one [[x]] cell |") == "just one x cell"
    assert plain_text("a | b in prose") == "a | b in prose"  # not a row: no bar at either end


def test_plain_text_drops_underscore_emphasis_but_keeps_snake_case():
    assert plain_text("using _internal links_ and snake_case_names") == "using internal links and snake_case_names"
    assert plain_text("x _ y") == "x _ y"


def test_plain_text_hides_block_ids_callout_markers_footnotes_and_escapes():
    assert plain_text("A paragraph with an id. ^b15695") == "A paragraph with an id."
    assert plain_text("line one ^abc-1\nline two") == "line one line two"
    assert plain_text("2 ^ 3 and x^2 stay") == "2 ^ 3 and x^2 stay"
    assert plain_text("> [!warning]- Lucide icons\n> Obsidian updates them") == "Lucide icons Obsidian updates them"
    assert plain_text("A claim[^1] here") == "A claim here"
    assert plain_text(r"not \*bold\* and a \| bar") == "not bold and a | bar"


def test_a_wikilink_target_reads_as_words():
    assert plain_text("About [[joe_biden]] and [[Note#^b15695]] and [[#^abc]]") == "About joe biden and Note and abc"


class _CountingPattern:
    """A compiled pattern that counts the characters its `finditer` and `sub` scan."""

    def __init__(self, pattern, counter: list[int]):
        self.pattern, self.counter = pattern, counter

    def finditer(self, text, *args):
        self.counter[0] += len(text)
        return self.pattern.finditer(text, *args)

    def sub(self, repl, text, *args):
        self.counter[0] += len(text)
        return self.pattern.sub(repl, text, *args)


def _characters_scanned(monkeypatch, body: str) -> int:
    """How many characters the sentence and link patterns scan while finding every link's sentence."""
    from desktop.core import context
    from desktop.core.links import parse_links

    counter = [0]
    monkeypatch.setattr(context, "_WIKILINK", _CountingPattern(context._WIKILINK, counter))
    monkeypatch.setattr(context, "_WIKILINK_NO_EMBED", _CountingPattern(context._WIKILINK_NO_EMBED, counter))
    monkeypatch.setattr(context, "_SENTENCE_END", _CountingPattern(context._SENTENCE_END, counter))
    finder = ContextFinder(body, [])
    contexts = [finder.link_context(ref.start, ref.end)[0] for ref in parse_links(body)]
    assert len(contexts) == 2000 and all(contexts)
    return counter[0]


def test_a_note_dense_with_short_sentences_costs_work_in_proportion_to_its_length(monkeypatch):
    body = "".join(f"A [[t{i}]]. " for i in range(2000))
    assert _characters_scanned(monkeypatch, body) <= 10 * len(body)


def test_one_long_sentence_of_many_links_is_read_once(monkeypatch):
    body = "".join(f"and [[t{i}]] " for i in range(2000)) + "end."
    assert _characters_scanned(monkeypatch, body) <= 10 * len(body)


def test_a_link_dense_note_keeps_each_links_own_sentence():
    body = "".join(f"Claim {i} cites [[t{i}]]. " for i in range(300)) + "Last [[a.b]] one. Tail."
    finder = ContextFinder(body, [])
    from desktop.core.links import parse_links

    contexts = [finder.link_context(ref.start, ref.end)[0] for ref in parse_links(body)]
    assert contexts[:3] == ["Claim 0 cites t0.", "Claim 1 cites t1.", "Claim 2 cites t2."]
    assert contexts[-1] == "Last a.b one."  # the period inside the link ends no sentence


# The patterns `plain_text` runs are written to start with the character they look for (fast); each must
# match exactly as the plainer form its comment gives, on any text.
_PLAIN_FORMS = {
    "_WIKILINK": r"!?\[\[([^\[\]\n|]*?)(?:\\?\|([^\[\]\n]*))?\]\]",
    "_EMPHASIS": r"(\*\*|__|==|~~|`+)",
    "_SINGLE_STAR": r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])",
    "_SINGLE_UNDERSCORE": r"(?<![\w\\])_(?=\S)|(?<=\S)_(?!\w)",
    "_BLOCK_ID": r"(?m)(?:^|[ \t])\^[A-Za-z0-9-]++[ \t]*+$",
    "_WIKILINK_SPAN": r"\[\[[^\[\]\n|]*?(?:\\?\|[^\[\]\n]*)?\]\]",
    "_LINE_MARKER_AFTER_BREAK": r"\n" + context._MARKERS_OF_PIECES,
}
_MARKUP_TEXT = st.text(alphabet=st.sampled_from(list("ab1_-*^!|[]\\=~` \t\n#>.\0")), max_size=60)


@pytest.mark.parametrize("name", sorted(_PLAIN_FORMS))
@settings(max_examples=400, deadline=None)
@given(text=_MARKUP_TEXT)
def test_fast_patterns_match_as_their_plain_forms(name, text):
    fast, plain = getattr(context, name), re.compile(_PLAIN_FORMS[name])
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in plain.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(text=_MARKUP_TEXT)
@example(text="[[a\\|b]] [[a\\b|c]] [[a\\]] [[a\\\\|b]] !x[[y]] ![x] [[p#h|q]]")
def test_links_of_a_text_without_embeds_match_as_with_the_embed_pattern(text):
    """`_WIKILINK_NO_EMBED` (what a text without `![[` is read with) finds what `_WIKILINK` finds there."""
    text = text.replace("![[", "!x[[")
    assert [(m.span(), m.groups()) for m in context._WIKILINK_NO_EMBED.finditer(text)] == \
        [(m.span(), m.groups()) for m in context._WIKILINK.finditer(text)]
    assert plain_text(text + " ![[pic.png]]") == plain_text(text + " ")  # an embed: read with the other


@pytest.mark.parametrize("text", [
    "x ^b1\n^b2\nmid^b3 end ^b4 \t", "*a* b*c d* **e** _f_ snake_case \\_g_ *", "![[img.png]] !![[x|y]] [[a\\|b]]",
    "[[a\\b|c]] [[a\\]] [[a\\\\|b]] [[a\\|b [[c\\]]",
    "``code`` ~~s~~ ==h== __u__",
    "a\n1. x\n - y\n\0\n> z\n\t# h\n-\n\0\n- [ ] t\n",
    "x\n\n- a\n \n* b\n\n\0\n- c\n\0\n\n# d",  # a marker after a blank line; none across a NUL
])
def test_fast_patterns_on_hostile_markup(text):
    for name, plain in _PLAIN_FORMS.items():
        fast = getattr(context, name)
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
            [(m.span(), m.groups()) for m in re.finditer(plain, text)], name


# --------------------------------------------------------------------------- plain text of many pieces at once

_MARKUP = list("ab .,;:!?)]}”’-*+#>|^\\_=~`&%<>[]()!\n\t 0123456789") + [
    "[[x|y]]", "[[a#b]]", "![[p.png]]", "<b>", "%%", "&amp;", "&#10;", "**", "| a | b |", "|---|", "^abc", "[!note]",
    "[^1]", "1. ", "- [ ] ", "\0", "\xa0", STAMP_A, "   ", "/", "../x", "\u3000"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_MARKUP), max_size=30).map("".join), max_size=6))
def test_plain_texts_of_many_pieces_equal_each_piece_made_plain_alone(pieces):
    """One pass over all the pieces (what indexing a note costs) gives what a pass over each gives."""
    expected = [plain_text(piece) for piece in pieces]
    assert context.plain_texts(pieces) == expected
    if not any("\0" in piece for piece in pieces):  # what a caller that knows it says
        assert context.plain_texts(pieces, nul_free=True) == expected


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="*_=~`a \n", max_size=30))
@example("**a** *b* ***c*** =**=")
def test_emphasis_is_removed_as_its_patterns_remove_it(text):
    """Bold alone is removed without the pattern (most notes): what the patterns remove, no more, no less."""
    expected = context._EMPHASIS.sub("", text)
    if "*" in expected:
        expected = context._SINGLE_STAR.sub("", expected)
    if "_" in expected:
        expected = context._SINGLE_UNDERSCORE.sub("", expected)
    assert context._emphasis_removed(text) == expected


def test_passage_texts_equal_the_passages_found_one_by_one():
    body = ("# Title %%hidden\n" + STAMP_A + " still%%\n\n- item one " + STAMP_A + " - tail *it*\n"
            "1. first " + STAMP_B + "\n| a | b |\n|---|---|\n| c | d " + STAMP_A + "|\n\nSee [[x|the x]] "
            "^block\n> quoted " + STAMP_B + " more &amp; **bold**.\n")
    spans = spans_of(body, STAMP_A, STAMP_A, STAMP_B, STAMP_A, STAMP_B)
    finder = ContextFinder(body, spans)
    assert context.passage_texts(body, finder.blocks, spans) == list(finder.passages())


def test_link_contexts_equal_each_link_context():
    body = ("Europe buys [[gas]] from [[Norway|norway]]. Coal is back " + STAMP_A + " in [[Germany]].\n\n"
            "- a list [[item]] " + STAMP_B + "\n")
    links = [(m.start(), m.end()) for m in re.finditer(r"\[\[[^\]]*\]\]", body)]
    spans = spans_of(body, STAMP_A, STAMP_B)
    one_by_one = ContextFinder(body, spans)
    assert ContextFinder(body, spans).link_contexts(links) == [one_by_one.link_context(*link) for link in links]


def test_link_sentences_that_are_whole_passages_take_the_passages_text(monkeypatch):
    """After `passage_texts`, a link whose sentence is a whole passage is not made plain again; every link still
    gets the context a finder that made no passages gives (a long one shortened as ever)."""
    long_passage = "- Long [[topic]] " + "word " * 80 + "ends here "
    body = ("Europe buys [[gas]] from [[Norway|norway]] " + STAMP_A + " coal is back in [[Germany]] " + STAMP_B
            + "\n\n" + long_passage + STAMP_A + "\n## The [[x]] heading\nThen [[y]] and more. Or [[z]].\n")
    links = [(m.start(), m.end()) for m in re.finditer(r"\[\[[^\]]*\]\]", body)]
    spans = spans_of(body, STAMP_A, STAMP_B, STAMP_A)
    expected = ContextFinder(body, spans).link_contexts(links)
    made_plain: list[str] = []
    plain_texts = context.plain_texts
    monkeypatch.setattr(context, "plain_texts", lambda pieces, **kw: made_plain.extend(pieces) or plain_texts(pieces, **kw))
    finder = ContextFinder(body, spans)
    finder.passage_texts()
    made_plain.clear()
    assert finder.link_contexts(links) == expected
    assert expected[3][0] == shorten(plain_text(long_passage), keep_end=False)
    assert expected[4][0] == "The x heading"
    assert made_plain == ["Then [[y]] and more.", "Or [[z]]."]  # the sentences no passage is


def test_stamp_contexts_equal_each_stamp_context():
    body = ("# Head\n" + STAMP_A + " opens the block, then text " + STAMP_B + ".\n\n- item *one* " + STAMP_A
            + "\n- " + STAMP_B + " item two follows\n\n| a | b " + STAMP_A + "|\n" + STAMP_B + "\n")
    spans = spans_of(body, STAMP_A, STAMP_B, STAMP_A, STAMP_B, STAMP_A, STAMP_B)
    one_by_one = ContextFinder(body, spans)
    assert ContextFinder(body, spans).stamp_contexts() == [one_by_one.stamp_context(i) for i in range(len(spans))]


def _link_context_in_its_segment(finder: ContextFinder, start: int, end: int) -> str:
    """The sentence around a link found in its segment alone (what `link_context` did before it found the
    sentence ends of the whole body once)."""
    from bisect import bisect_right

    block_start, block_end = finder._block_of(start)
    i = bisect_right(finder._stamp_starts, start)
    seg_start = finder.stamp_spans[i - 1][1] if i > 0 and finder.stamp_spans[i - 1][1] > block_start else block_start
    seg_end = finder.stamp_spans[i][0] if i < len(finder.stamp_spans) and finder.stamp_spans[i][0] < block_end \
        else block_end
    a, b = context._SentenceEnds(finder.body[seg_start:seg_end]).around(start - seg_start, end - seg_start)
    text = plain_text(finder.body[seg_start + a:seg_start + b])
    return shorten(text, keep_end=False) if len(text) > context.MAX_CONTEXT else text


_PROSE = ["word ", "x", ". ", "! ", "? ", "…", '"', "'", ")", "]", "\n", "\n\n", "- ", "# ", "1. ", "> ", "[[L]]",
          "[[a.b|c. d]]", "![[p.png]]", STAMP_B, " ", "\t", "**"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PROSE), max_size=40).map("".join))
def test_a_links_sentence_found_among_the_whole_bodys_sentence_ends_is_the_one_of_its_segment(body):
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(STAMP_B), body)]
    links = [(m.start(), m.end()) for m in re.finditer(r"!?\[\[[^\]]*\]\]", body)]
    finder = ContextFinder(body, spans)
    assert [finder.link_context(*link)[0] for link in links] == [
        _link_context_in_its_segment(finder, *link) for link in links]


def test_an_admonitions_fences_and_title_part_its_sentences_from_the_text_around():
    """The page shows an admonition as a box titled by its `title:` line: the sentence of a link or stamp in it
    is its own, never the fence's words or the title."""
    body = (f"Before it {STAMP_A}\n```ad-note\ntitle: A remark\nSee [[inside]] here {STAMP_B}\n```\n"
            "After [[outside]].\n")
    assert [body[a:b].strip() for a, b in block_spans(body)] == [
        f"Before it {STAMP_A}", "title: A remark", f"See [[inside]] here {STAMP_B}", "After [[outside]]."]
    finder = ContextFinder(body, [(m.start(), m.end()) for m in re.finditer(r"<a .*?</a>", body)])
    assert finder.stamp_contexts() == ["Before it", "See inside here"]
    inside = body.index("[[inside]]")
    assert finder.link_context(inside, inside + len("[[inside]]")) == ("See inside here", 1)


def test_only_the_options_at_the_top_of_an_admonition_are_blocks_of_their_own():
    body = "```ad-note\ntitle: T\n\nColor: the reds of [[Mars]]\nlast line.\n```\n"
    assert [body[a:b].strip() for a, b in block_spans(body)] == ["title: T", "Color: the reds of [[Mars]]\nlast line."]


def test_an_admonition_quoted_in_a_code_block_parts_no_sentence():
    """As `links.code_spans` and the page read it: code, not a box (its `title:` line is no block of its own)."""
    body = "````markdown\n```ad-note\ntitle: T\ntext\n```\n````\nAfter.\n"
    assert [body[a:b].strip() for a, b in block_spans(body)] == [body.strip()]  # one run of lines, as any code


def test_a_link_to_a_relative_path_keeps_its_dots_where_a_sentence_starts_with_it():
    """A paragraph of one link to "../outside/secret" was shown as "/outside/secret" in its mention and search
    text: the punctuation a sentence cut after a stamp starts with was cut from the link's words too."""
    from desktop.core.index import note_search_text, parse_note

    body = f"Said so.{STAMP_A}. Then more.\n\n[[../outside/secret]]\n\n- [[./here]] too\n"
    note = parse_note("a.md", body)
    assert [link.context for link in note.links] == ["../outside/secret", "./here too"]
    assert note_search_text(body).split("\n") == ["Said so.", "Then more.", "../outside/secret", "./here too"]
    assert plain_text(". /usr/bin") == "/usr/bin"  # the leftover period still goes; the path's own slash stays


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="<aAb/ >\n", max_size=30))
def test_an_anchors_opening_is_found_as_a_scan_for_it_finds_it(text):
    assert context._has_anchor_open(text) == ("<a" in text or "<A" in text)


def test_other_spaces_are_every_white_space_but_space_and_line_break():
    everything = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(context._OTHER_SPACES) == everything - {" ", "\n"}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", ".", "!", "?", "…", ")", "”", "]", "\n", "[[x.y]]", "[[a|b. c]]", "[[",
                                 "]]", "|", "[", ". ", "x"]), max_size=30).map("".join))
def test_sentence_ends_are_those_of_the_plain_pattern_outside_links(text):
    """`_SentenceEnds` finds what `_SENTENCE_END` finds, but for the ends inside a wiki-link."""
    links = [m.span() for m in context._WIKILINK_SPAN.finditer(text)]
    expected = [m.span() for m in context._SENTENCE_END.finditer(text)
                if not any(start < m.start() < end for start, end in links)]
    ends = context._SentenceEnds(text)
    assert list(zip(ends.starts, ends.ends)) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]()!ab \n", max_size=400))
def test_the_bounded_markdown_link_patterns_read_what_the_plain_ones_read(text):
    """The link patterns are bounded (500 characters of words, 2,048 of address) so a line of unclosed `[` and
    `](` is read in linear time (QA: quadratic, 120 KB took 50 s); within the bounds they match as the plain
    patterns did."""
    from desktop.core.context import _MD_IMAGE, _MD_LINK

    plain_link = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
    plain_image = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
    assert _MD_IMAGE.sub(" ", text) == plain_image.sub(" ", text)
    assert _MD_LINK.sub(r"\1", text) == plain_link.sub(r"\1", text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="./ ,;:!?)]}\u201d\u2019ab", max_size=12))
def test_a_space_before_a_text_leaves_its_leading_punctuation_cut_the_same(text):
    """What `plain_texts` rests on when it drops the line breaks around its NULs (not made spaces): a piece's
    spaces after a NUL are cut as its other leading punctuation is, whatever follows them."""
    assert context.leading_punctuation_cut(" " + text) == context.leading_punctuation_cut(text)


# --------------------------------------------------------------------------- link sentences, segment by segment

_LINKED_PROSE = _PROSE + ["[a. b](x.md)", "[[p|q]]", "[[u.", "v]]", '."', ".) ", "?] ", ".\n", "\n```ad-note\n",
                          "title: T.\n", "```\n", "| ", " |", "*x* ", "&amp; ", "2. ", STAMP_A,
                          '<a class="yt-timestamp" data-t="1">[[in.side]]</a>', "[[a <a class=yt-timestamp>1.</a> b]]", "~t."]
_STAMP = re.compile(r"<a [^>]*yt-timestamp[^>]*>.*?</a>|~t\.")  # a stamp ending in a period too
_LINK = re.compile(r"!?\[\[[^\[\]\n]*\]\]|\[[^\]\n]*\]\([^)\n]*\)")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LINKED_PROSE), max_size=40).map("".join))
@example('Say <a class="yt-timestamp" data-t="1">[[in]]. side</a> so. [[x]] and more')
@example("So ~t. [[x]] ~t.) Then [[y]]. ~t.")
@example("A. [[a.b|c. d]] e [[x]]. F [[y]]")
@example("```ad-note\ntitle: A [[t]] x.\"\n```\n")
def test_link_sentences_walked_in_text_order_are_those_found_one_by_one(body):
    """The links' sentences found walking them with the blocks and stamps, each segment's sentence ends found in
    it alone, are those the sentence ends of the whole body give, whatever the stamps and links hold."""
    stamps = [m.span() for m in _STAMP.finditer(body)]
    links = sorted(m.span() for m in _LINK.finditer(body))
    finder = ContextFinder(body, stamps)
    assert finder.link_sentences(links) == [finder.link_sentence(*link) for link in links]
    assert finder.link_sentences(links[::-1]) == [finder.link_sentence(*link) for link in links[::-1]]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LINKED_PROSE + [". See ", ". And ", ".\nSo "]), max_size=40).map("".join))
@example(f"A {STAMP_A}. The [[x]] one {STAMP_B}.")
def test_link_contexts_after_passage_texts_equal_each_link_context(body):
    """Sentences that are passages, or passages but for the end of the sentence before, take the passage's text:
    the same text `link_context` makes plain."""
    stamps = [m.span() for m in _STAMP.finditer(body)]
    links = sorted(m.span() for m in _LINK.finditer(body))
    finder = ContextFinder(body, stamps)
    finder.passage_texts()
    one_by_one = ContextFinder(body, stamps)
    assert finder.link_contexts(links) == [one_by_one.link_context(*link) for link in links]


@settings(max_examples=1000, deadline=None)
@given(end=st.from_regex(r"\A[.!?][)\]]{0,2}[ \n\t\xa0]{1,3}\Z"), letter=st.sampled_from(list("aZÉßǅ")),
       rest=st.lists(st.sampled_from(_MARKUP + ["x", "É", "| c |"]), max_size=20).map("".join))
def test_a_sentence_after_the_end_of_another_reads_as_both(end, letter, rest):
    """What `_reads_as_its_segment` rests on: a text starting with a letter reads as itself after a sentence's
    end (`. `), whatever markup follows."""
    text = letter + rest
    assert plain_text(end + text) == plain_text(text)


def test_a_sentence_after_a_quote_or_a_number_is_made_plain_on_its_own():
    """A quote after the period stays (`leading_punctuation_cut` keeps it), a number starting the sentence may
    be a list's: such a sentence reads otherwise than its segment, and is made plain itself."""
    body = f'He said "so." {STAMP_A}." Then [[x]] went {STAMP_B}.\n\n{STAMP_A}. 1) [[y]] next {STAMP_B}'
    stamps = [m.span() for m in _STAMP.finditer(body)]
    links = [m.span() for m in _LINK.finditer(body)]
    finder = ContextFinder(body, stamps)
    assert [text for _, text in finder.passage_texts()][1:] == ['" Then x went', "1) y next"]
    assert [text for text, _ in finder.link_contexts(links)] == ["Then x went", "y next"]


def _block_spans_by_pattern(body: str) -> list[tuple[int, int]]:
    """`block_spans` of a body without admonitions, each line's start read with `_BLOCK_START` and `_HEADING`."""
    spans, start, pos = [], None, 0
    for line in body.splitlines(keepends=True):
        end = pos + len(line)
        if not line.strip():
            if start is not None:
                spans.append((start, pos))
                start = None
        elif start is None:
            start = pos
        elif context._BLOCK_START.match(line):
            spans.append((start, pos))
            start = pos
        if start is not None and context._HEADING.match(line):
            spans.append((start, end))
            start = None
        pos = end
    if start is not None:
        spans.append((start, len(body)))
    return spans


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "\t", "\xa0", "\n", "\r\n", "\x0b", "\u2028", "-", "*", "+", "#", "##",
                                 "#######", ">", "|", "1", "1.", "2)", "١.", "²."]), max_size=30).map("".join))
@example("a\n-\n*\tb\n+x\n#\n    # c\n####### d\n> e\n| f\n1.\n")
def test_block_starts_read_without_the_pattern_are_those_it_matches(body):
    """The quote, table-row and list-item lines `block_spans` reads without `_BLOCK_START` are those it
    matches: a list item's mark followed by any white space (a line break too), not by a word."""
    assert block_spans(body) == _block_spans_by_pattern(body)
