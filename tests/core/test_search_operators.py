"""Search operators: title:, in:, video:, links:, with words, "phrases" and prefix*, from the cache and from
the in-memory fallback alike."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop.core.loader import load_vault
from desktop.core.search import parse_query, search_vault, _search_in_memory
from core_helpers import stamp, write

OTHER_VIDEO = "zyxwvutsrqp"


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "vault"
    write(root, "Lex Fridman/energy.md", "---\ntitle: Energy Futures\nvideoId: abcdefghijk\n---\n"
          f"Europe buys natural gas from Norway {stamp('00:01:10')}. See [[Flow State]] {stamp('00:02:00')}.\n")
    write(root, "Lex Fridman/sleep.md", "---\ntitle: Sleep and Memory\nvideoId: bcdefghijkl\n---\n"
          f"Sleep makes memory {stamp('00:00:30')}. As in [[flow state|flow]] and [[energy]] {stamp('0:40')}.\n")
    write(root, "Huberman Lab/focus.md", "---\ntitle: Focus\nvideoId: cdefghijklm\n---\n"
          f"Focus is a [[flow_state]] of energy {stamp('00:00:10')}. "
          f"Compare [this talk](https://www.youtube.com/watch?v={OTHER_VIDEO}&t=90) on gas prices.\n")
    write(root, "Huberman Lab/Deep Dives/gas.md", "---\ntitle: Gas Energy\n---\n"
          f"Natural gas prices, at [4:10](https://youtu.be/{OTHER_VIDEO}?t=250). Nothing links here.\n")
    write(root, "loose.md", "# Loose\nA note about energy in the vault's root, citing energy again.\n")
    return root


@pytest.fixture
def both(vault, tmp_path):
    """Paths found for a query: from a healthy cache, after checking the in-memory fallback gives the same."""
    cache = tmp_path / "cache"
    index = load_vault(vault, cache=cache, workers=1)

    def paths(query: str) -> list[str]:
        from_cache = search_vault(vault, index, None, query, cache=cache)
        from_memory = _search_in_memory(vault.resolve(), index, None, query, 50)
        assert [(r.path, r.snippet, r.seconds) for r in from_cache] == \
               [(r.path, r.snippet, r.seconds) for r in from_memory]
        return [r.path for r in from_cache]

    return paths


def test_title_matches_words_phrases_and_prefixes_in_the_title_only(both):
    assert set(both("title:energy")) == {"Lex Fridman/energy.md", "Huberman Lab/Deep Dives/gas.md"}
    assert both('title:"gas energy"') == ["Huberman Lab/Deep Dives/gas.md"]
    assert both('title:"energy gas"') == []
    assert both("title:sle*") == ["Lex Fridman/sleep.md"]
    assert both("title:memory sleep") == ["Lex Fridman/sleep.md"]
    assert both("title:norway") == []  # only in the text


def test_in_takes_a_folder_prefix_quoted_for_spaces_any_case(both):
    assert set(both("in:Huberman")) == {"Huberman Lab/focus.md", "Huberman Lab/Deep Dives/gas.md"}
    assert set(both('in:"huberman lab"')) == {"Huberman Lab/focus.md", "Huberman Lab/Deep Dives/gas.md"}
    assert both('in:"Huberman Lab/Deep"') == ["Huberman Lab/Deep Dives/gas.md"]
    assert both('energy in:"Lex Fridman"') == ["Lex Fridman/energy.md", "Lex Fridman/sleep.md"]
    assert both("in:Nowhere energy") == []
    assert both("in:loose") == []  # a note's own name is not its folder


def test_video_finds_the_notes_own_video_and_notes_citing_it(both):
    assert both("video:abcdefghijk") == ["Lex Fridman/energy.md"]
    assert set(both(f"video:{OTHER_VIDEO}")) == {"Huberman Lab/focus.md", "Huberman Lab/Deep Dives/gas.md"}
    assert both(f"video:https://youtu.be/{OTHER_VIDEO}?t=3 prices natural") == ["Huberman Lab/Deep Dives/gas.md"]
    assert both("video:aaaaaaaaaaa") == []


def test_links_resolves_a_topic_however_spelled_and_a_note_by_name(both):
    flow = {"Lex Fridman/energy.md", "Lex Fridman/sleep.md", "Huberman Lab/focus.md"}
    assert set(both("links:FLOW_STATE")) == flow
    assert set(both('links:"Flow State"')) == flow
    assert set(both('links:"[[flow state|the state]]"')) == flow
    assert both("links:energy") == ["Lex Fridman/sleep.md"]  # the note energy.md, by its file name
    assert both('links:"Energy Futures"') == ["Lex Fridman/sleep.md"]  # and by its title
    assert both("links:nobody") == []


def test_operators_combine_with_each_other_and_with_words(both):
    assert both("links:flow in:huberman") == []  # a topic named "flow" is not "Flow State"
    assert both('links:"flow state" in:huberman energy') == ["Huberman Lab/focus.md"]
    assert both('links:"flow state" in:lex title:sleep') == ["Lex Fridman/sleep.md"]
    assert both('links:"flow state" "natural gas"') == ["Lex Fridman/energy.md"]
    assert both(f"video:{OTHER_VIDEO} in:huberman title:gas") == ["Huberman Lab/Deep Dives/gas.md"]
    assert set(both("norway OR memory in:lex")) == {"Lex Fridman/sleep.md", "Lex Fridman/energy.md"}
    assert both("norway OR memory in:huberman") == []


def test_an_operator_alone_lists_its_notes_by_title_with_their_beginning(both, vault, tmp_path):
    assert both("in:lex") == ["Lex Fridman/energy.md", "Lex Fridman/sleep.md"]  # Energy Futures, Sleep and...
    [result] = search_vault(vault, None, None, "video:abcdefghijk", cache=tmp_path / "cache")
    assert result.snippet.startswith("Europe buys natural gas") and result.seconds is None


def test_unknown_or_empty_operators_are_plain_words_never_an_error(both):
    assert both("from:norway") == ["Lex Fridman/energy.md"]  # "from" and "norway", as words
    assert both("title: norway") == []  # the word "title", then "norway"
    assert both("video:notanid") == []  # not an id: the words "video" and "notanid"
    assert both('in:"') == both("in")  # no folder named: the word "in"
    assert both('links:"" title:"" video: in:/ ()* "') == []
    assert both("title:'; DROP TABLE notes; --") == []


def test_the_parsed_query_keeps_words_and_sets_filters_apart():
    query = parse_query('gas "natural gas" pri* in:"Some Channel" video:abcdefghijk links:[[Flow]] title:x')
    assert query.match == '("gas" "natural gas" "pri"*) AND title : ("x")'
    assert (query.folders, query.videos, query.links) == (("Some Channel",), ("abcdefghijk",), ("Flow",))
    assert parse_query("Title:Gas").match == 'title : ("Gas")'
    assert parse_query("a OR b").match == '"a" OR "b"'
    assert parse_query("10:30 talk").match == '"10" "30" "talk"'


def test_the_search_command_takes_the_same_operators(vault, tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cli-cache"), "XDG_CONFIG_HOME": str(tmp_path / "cli-config"),
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "desktop", str(vault), "--search",
                           'in:"Lex Fridman" links:flow_state memory'], capture_output=True, env=env, check=True)
    assert [r["path"] for r in json.loads(done.stdout)["results"]] == ["Lex Fridman/sleep.md"]
