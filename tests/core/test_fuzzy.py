"""Fuzzy ranking for the quick switcher, without Qt."""

from __future__ import annotations

from desktop.core.fuzzy import Candidate, rank, subsequence_score


def test_fuzzy_subsequence_ranking():
    cands = [Candidate("Freedom and the illusion of needing something", "", "a"),
             Candidate("Overcoming fear of public speaking", "", "b"),
             Candidate("Fresh start", "", "c")]
    assert [c.url for c in rank("frill", cands)] == ["a"]
    assert rank("fres", cands)[0].url == "c"
    assert subsequence_score("xyz", "Fresh start") is None
    assert len(rank("", cands)) == 3


def test_one_entry_per_url_with_its_best_label():
    cands = [Candidate("Beta Thoughts", "", "u"), Candidate("Second Opinion", "alias", "u")]
    assert [(c.label, c.url) for c in rank("second", cands)] == [("Second Opinion", "u")]
