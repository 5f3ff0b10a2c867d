"""The one place the app and the export build a vault's `VideoCatalog`, from what the index found while parsing
(each note's links to videos and the span of its stamps per video): no file is read and no stamp decoded."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.core.model import Note
from desktop.core.videos import VideoCatalog


def build_video_catalog(index, notes: Mapping[str, Note] | None = None) -> VideoCatalog:
    """Every video `index` cites (see `VideoCatalog`). `notes`: the index's notes as the videos' stamps are
    merged from (default: `index.notes`); the export's keep each note's decoded stamps for a while."""
    return VideoCatalog.from_notes(index.notes if notes is None else notes, index.video_links(), index.video_spans())
