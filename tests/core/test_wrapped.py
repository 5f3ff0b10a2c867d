"""A note wrapped whole in a ```markdown fence (163 notes of the public vault) is read as the note inside."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.index import parse_note
from desktop.core.wrapped import unwrapped

# As hubermanlab/the_role_of_omega3_fatty_acids.md of the public vault is written
WRAPPED = """---
title: The Role of Omega3 Fatty Acids
videoId: XcvhERcZpWw
---

From: [[hubermanlab]] <br/> 
```markdown
Omega-3s ease [[depression | low mood]] <a class="yt-timestamp" data-t="00:50:18">[00:50:18]</a>.

## Sources

Fish and [[fish_oil | supplements]] <a class="yt-timestamp" data-t="00:52:01">[00:52:01]</a>.
```
"""


def test_a_note_wrapped_in_a_markdown_fence_has_its_links_and_stamps():
    note = parse_note("hubermanlab/omega.md", WRAPPED)
    assert [link.target for link in note.links] == ["hubermanlab", "depression", "fish_oil"]
    assert [(stamp.seconds, stamp.context) for stamp in note.stamps] == [
        (3018, "Omega-3s ease low mood"), (3121, "Fish and supplements")]
    assert "```" not in note.body


def test_the_fence_lines_are_blanked_so_every_offset_stays():
    body = WRAPPED.split("---\n", 2)[2]
    inside = unwrapped(body)
    assert len(inside) == len(body)
    assert {body[i] for i, c in enumerate(inside) if c != body[i]} <= set("`markdown")
    assert inside.splitlines()[2].strip() == "" and inside.rstrip().endswith("</a>.")


@pytest.mark.parametrize("body", [
    "Intro\n```python\nprint(1)\n```\n",  # a code block in another language
    "```markdown\nA note\n```\nText after the fence\n",  # the fence does not wrap the rest
    "```markdown\nA\n```\nB\n```\n",  # more fences: they could pair differently
    "````markdown\nA\n```\n",  # a shorter closing fence does not close it
    "```markdown\nA\n~~~\n",  # nor one of the other character
    "```markdown\nA note never closed\n",
    "```markdown\nA\n``` not a closing fence\n",
    "No fence at all\n",
])
def test_anything_else_is_left_as_written(body):
    assert unwrapped(body) == body


def test_md_and_tildes_wrap_too():
    assert unwrapped("~~~md\nA [[b]]\n~~~~\n") == "     \nA [[b]]\n    \n"


@given(st.text(alphabet="`~mdarkown \n[]ab", max_size=80))
def test_unwrapping_keeps_the_length_and_changes_only_fence_lines(body):
    inside = unwrapped(body)
    assert len(inside) == len(body)
    changed = {i for i, (a, b) in enumerate(zip(body, inside)) if a != b}
    assert all(inside[i] == " " for i in changed)
