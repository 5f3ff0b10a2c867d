"""`--search` says how many notes matched in all and prints as many results as asked (`--limit`)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.core.core_helpers import write


def test_the_search_command_says_how_many_matched_and_prints_as_many_as_asked(tmp_path):
    root = tmp_path / "vault"
    for number in range(60):
        write(root, f"{number:02}.md", f"# Note {number}\nGas {number}.\n")
    env_run = [sys.executable, "-m", "desktop", str(root), "--search", "gas"]
    shown = json.loads(subprocess.run(env_run, capture_output=True, text=True, timeout=60, check=True).stdout)
    assert shown["total"] == 60 and shown["shown"] == len(shown["results"]) == 50
    every = json.loads(subprocess.run(env_run + ["--limit", "0"], capture_output=True, text=True, timeout=60,
                                      check=True).stdout)
    assert every["total"] == every["shown"] == 60 and len({r["path"] for r in every["results"]}) == 60
    few = json.loads(subprocess.run(env_run + ["--limit", "3"], capture_output=True, text=True, timeout=60,
                                    check=True).stdout)
    assert few["total"] == 60 and len(few["results"]) == 3


def test_a_negative_limit_is_refused_with_a_clear_message(tmp_path):
    done = subprocess.run([sys.executable, "-m", "desktop", str(tmp_path), "--search", "gas", "--limit", "-1"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--limit" in done.stderr


def test_a_limit_without_a_search_is_refused_with_a_clear_message(tmp_path):
    done = subprocess.run([sys.executable, "-m", "desktop", str(tmp_path), "--inspect", "--limit", "3"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--limit goes with --search" in done.stderr


def test_a_phrases_total_is_an_upper_bound_said_so_unless_every_result_is_asked(tmp_path):
    root = tmp_path / "vault"
    for number in range(6):  # all hold both words; the phrase is in the first four only
        words = "gas prices rose" if number < 4 else "prices of gas rose"
        write(root, f"{number:02}.md", f"# Note {number}\n{words}.\n")
    run = [sys.executable, "-m", "desktop", str(root), "--search", '"gas prices"']
    some = json.loads(subprocess.run(run + ["--limit", "3"], capture_output=True, text=True, timeout=60,
                                     check=True).stdout)  # the best 3: the last candidates are not read
    assert some["shown"] == 3 and some["total"] == 6 and some["total_exact"] is False
    within = json.loads(subprocess.run(run, capture_output=True, text=True, timeout=60, check=True).stdout)
    assert within["shown"] == within["total"] == 4 and within["total_exact"] is True  # all read for the 50
    every = json.loads(subprocess.run(run + ["--limit", "0"], capture_output=True, text=True, timeout=60,
                                      check=True).stdout)
    assert every["shown"] == every["total"] == 4 and every["total_exact"] is True
