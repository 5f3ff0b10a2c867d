"""A page's outline: its flat (level, id, text) headings nested by level, Qt-free so it is tested alone."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class OutlineEntry:
    """A heading and the headings under it (a deeper level until the next heading as high or higher)."""

    level: int
    anchor: str  # the heading's element id in the rendered page (from the renderer's toc)
    text: str
    children: list[OutlineEntry] = field(default_factory=list)


def nest_headings(headings: list[tuple[int, str, str]]) -> list[OutlineEntry]:
    """Nest headings by level; a skipped level (an h4 right under an h2) nests one step, as in a reader's eye."""
    roots: list[OutlineEntry] = []
    open_entries: list[OutlineEntry] = []  # the chain of entries a deeper heading would go under
    for level, anchor, text in headings:
        entry = OutlineEntry(level, anchor, text)
        while open_entries and open_entries[-1].level >= level:
            open_entries.pop()
        (open_entries[-1].children if open_entries else roots).append(entry)
        open_entries.append(entry)
    return roots
