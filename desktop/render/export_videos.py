"""The video pages of a static export: one page per video the vault cites (`videos/<id>.html`), its timeline
and merged outline, linked from its notes' strips and from the index page. Kept apart from `export.py`,
which calls `write_video_page` for each."""

from __future__ import annotations

import html
from collections.abc import Callable

from desktop.core.stamps import youtube_url
from desktop.core.videos import Video, VideoCatalog
from desktop.render.linker import ExportLinker, SitePaths
from desktop.render.video_page import render_video_page

__all__ = ["video_index_html", "write_video_page"]


def write_video_page(index, video: Video, site: SitePaths, write_text: Callable[[str, str], None], *,
                     stylesheet: str, home: str) -> bool:
    """Write the page of one video at its place in `site` (the export's workers share them out); False when
    the site has no place for it."""
    page = site.videos.get(video.id)
    if page is None:
        return False
    linker = ExportLinker(page, site)
    rendered = render_video_page(video, index.notes, note_href=linker.note_href, stamp_href=youtube_url,
                                 stylesheet_href=linker.page_href(stylesheet), home_href=linker.page_href(home))
    write_text(page, rendered.html)
    return True


def video_index_html(videos: VideoCatalog, linker: ExportLinker) -> str:
    """The index page's list of videos, by channel then title, each with its note count ("" when none)."""
    items = []
    for video in videos:
        href = linker.video_href(video.id)
        if href is None:
            continue
        channel = f'<span class="count">{html.escape(video.channel)}</span> ' if video.channel else ""
        n = len(video.all_notes)
        items.append(f'<li>{channel}<a href="{html.escape(href, quote=True)}">{html.escape(video.display_title)}'
                     f'</a> <span class="count">{n} note{"" if n == 1 else "s"}</span></li>')
    return f'<h2>Videos</h2>\n<ul class="video-list">{"".join(items)}</ul>' if items else ""
