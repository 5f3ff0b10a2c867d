"""A search says how many notes match in all, not how many it lists, and lists the next ones page by page."""

from __future__ import annotations

import pytest

from desktop.core.loader import open_store, update_store
from desktop.core.search import count_matches, search, search_page
from core_helpers import write

GAS, APART = 23, 5  # notes holding "natural gas"; notes holding both words apart


@pytest.fixture
def store(tmp_path):
    root = tmp_path / "vault"
    for number in range(GAS):
        write(root, f"One/{number:02}.md", f"# Note {number:02}\nNatural gas {'and gas ' * number}here.\n")
    for number in range(APART):
        write(root, f"Two/{number}.md", f"# Apart {number}\nGas is natural.\n")
    write(root, "Two/other.md", "# Other\nNothing to see.\n")
    opened = open_store(root.resolve(), tmp_path / "cache")
    update_store(root.resolve(), opened)
    yield opened
    opened.close()


def test_the_total_counts_every_match_past_the_page(store):
    page = search_page(store, "gas", limit=10)
    assert len(page.results) == 10 and page.total == GAS + APART and page.exact and page.more
    assert count_matches(store, "gas") == GAS + APART


def test_pages_in_turn_list_every_match_once_in_the_order_of_one_long_list(store):
    everything = [r.path for r in search(store, "gas", limit=1000)]
    paged: list[str] = []
    offset = 0
    while True:
        page = search_page(store, "gas", limit=7, offset=offset)
        paged += [r.path for r in page.results]
        offset = page.shown
        if not page.more:
            break
    assert paged == everything and len(set(paged)) == GAS + APART


def test_a_phrase_counts_the_notes_holding_it_not_its_words_apart(store):
    assert count_matches(store, '"natural gas"') == GAS
    page = search_page(store, '"natural gas"', limit=5)
    assert len(page.results) == 5
    # the page read only the candidates it needed: the total is then their number, marked as not exact
    assert page.total == GAS if page.exact else page.total == GAS + APART
    whole = search_page(store, '"natural gas"', limit=1000)
    assert whole.exact and whole.total == GAS == len(whole.results)


def test_filters_alone_are_counted_and_paged(store):
    first = search_page(store, "in:Two", limit=4)
    second = search_page(store, "in:Two", limit=4, offset=4)
    assert first.total == second.total == APART + 1 == count_matches(store, "in:Two")
    assert len(first.results) == 4 and len(second.results) == 2
    assert not {r.path for r in first.results} & {r.path for r in second.results}


def test_no_match_and_a_refused_query_count_none(store):
    assert search_page(store, "nowhere").total == 0 == count_matches(store, "nowhere")
    assert count_matches(store, "") == 0
