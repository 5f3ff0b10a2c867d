"""The one place the app and the export build a vault's `VideoCatalog`, from what the index found while parsing
(each note's links to videos and the span of its stamps per video): no file is read and no stamp decoded."""

from __future__ import annotations

from desktop.core.videos import VideoCatalog


def build_video_catalog(index) -> VideoCatalog:
    """Every video `index` cites (see `VideoCatalog`)."""
    return VideoCatalog.build(index, index.video_links(), index.video_spans())
