"""The one place the app and the export build a vault's `VideoCatalog` (always off the GUI thread: it may read
every note's body).

When the index keeps each note's video links and spans (`Note.video_links`, `Note.video_spans`, computed while
parsing), the catalog comes from them without reading a file; until then the links are read from the bodies.
"""

from __future__ import annotations

from desktop.core.videos import VideoCatalog, read_video_links


def build_video_catalog(index) -> VideoCatalog:
    """Every video `index` cites (see `VideoCatalog`), from what the index holds when it can."""
    notes = index.notes
    links = _per_note(notes, "video_links")
    if links is None:
        links = read_video_links(index)
    return VideoCatalog.build(index, links, _per_note(notes, "video_spans"))


def _per_note(notes, name: str) -> dict | None:
    """Path → the notes' `name` attribute (empty ones left out), or None when any note lacks it."""
    out = {}
    for path, note in notes.items():
        value = getattr(note, name, None)
        if value is None:
            return None
        if value:
            out[path] = value
    return out
