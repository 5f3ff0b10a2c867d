"""A vault as a static site that works offline without JavaScript: a page per note and topic, an index.

Nothing is ever written into the vault, and only files really inside it (symlinks followed) are copied.
"""

from __future__ import annotations

import html
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.render.linker import ExportLinker, SitePaths
from desktop.render.pages import export_stylesheet, html_document, render_note_page, render_topic_page

STYLESHEET = "style.css"
INDEX = "index.html"

Progress = Callable[[int, int], None]


@dataclass
class ExportReport:
    out_dir: Path
    notes: int = 0
    topics: int = 0
    files: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class _SiteWriter:
    """Writes the export's files, refusing any path that would land inside the vault."""

    def __init__(self, out_dir: Path, vault_real: str):
        self.out_dir, self.vault_real = out_dir, vault_real

    def target(self, rel: str) -> Path:
        path = self.out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        real = os.path.realpath(path)
        if _inside(real, self.vault_real) or not _inside(real, os.path.realpath(self.out_dir)):
            raise ValueError(f"refusing to write {real}: outside the export folder or inside the vault")
        return path

    def write_text(self, rel: str, text: str) -> None:
        self.target(rel).write_text(text, encoding="utf-8")


def exportable_files(index) -> set[str]:
    """Attachments that are regular files whose real path is inside the vault."""
    root = os.path.realpath(index.root)
    ok = set()
    for rel in index.attachments:
        real = os.path.realpath(os.path.join(root, rel))
        if _inside(real, root) and real != root and os.path.isfile(real):
            ok.add(rel)
    return ok


def export_site(index, out_dir, progress: Progress | None = None) -> ExportReport:
    """Write the whole vault as a static site into `out_dir` (created if needed; never inside the vault)."""
    started = time.perf_counter()
    vault_real = os.path.realpath(index.root)
    out_dir = Path(out_dir)
    out_real = os.path.realpath(out_dir)
    if _inside(out_real, vault_real):
        raise ValueError(f"Cannot export into {out_dir}: it is inside the vault {index.root}. "
                         "Choose a folder outside the vault.")
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = _SiteWriter(out_dir, vault_real)
    report = ExportReport(out_dir=out_dir)

    site = SitePaths(index.notes, index.topics, exportable_files(index))
    total = len(site.notes) + len(site.topics) + 1
    done = 0
    writer.write_text(STYLESHEET, export_stylesheet())
    requested: set[str] = set()

    def linker_for(page: str) -> ExportLinker:
        return ExportLinker(page, site)

    for path in index.notes:
        page = site.notes[path]
        linker = linker_for(page)
        try:
            rendered = render_note_page(index, path, linker, stylesheet_href=linker.page_href(STYLESHEET),
                                        home_href=linker.page_href(INDEX))
            writer.write_text(page, rendered.html)
            report.notes += 1
        except (OSError, RecursionError) as exc:
            report.errors.append(f"{path}: {exc}")
        requested |= linker.requested_files
        done += 1
        if progress:
            progress(done, total)

    for key in index.topics:
        page = site.topics[key]
        linker = linker_for(page)
        rendered = render_topic_page(index, key, linker, stylesheet_href=linker.page_href(STYLESHEET),
                                     home_href=linker.page_href(INDEX))
        writer.write_text(page, rendered.html)
        report.topics += 1
        done += 1
        if progress:
            progress(done, total)

    for rel in sorted(requested):
        try:
            shutil.copyfile(os.path.realpath(os.path.join(vault_real, rel)), writer.target(site.files[rel]))
            report.files += 1
        except OSError as exc:
            report.errors.append(f"{rel}: {exc}")

    writer.write_text(INDEX, index_page(index, linker_for(INDEX)))
    if progress:
        progress(total, total)
    report.seconds = time.perf_counter() - started
    return report


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def index_page(index, linker: ExportLinker) -> str:
    """The start page: the notes as a folder tree (notes by title), then every topic."""
    tree: dict = {}
    for path, note in index.notes.items():
        node = tree
        for folder in path.split("/")[:-1]:
            node = node.setdefault(("folder", folder), {})
        node[("note", path)] = note.title

    def render(node: dict) -> str:
        folders = sorted((k for k in node if k[0] == "folder"), key=lambda k: k[1].casefold())
        leaves = sorted((k for k in node if k[0] == "note"), key=lambda k: (node[k].casefold(), k[1]))
        items = [f'<li><span class="folder">{_e(k[1])}/</span>{render(node[k])}</li>' for k in folders]
        items += [f'<li><a class="wikilink" href="{_e(linker.note_href(k[1]))}">{_e(node[k])}</a></li>'
                  for k in leaves]
        return f"<ul>{''.join(items)}</ul>"

    topics = "".join(
        f'<li><a class="wikilink topic" href="{_e(linker.topic_href(key))}">{_e(topic.name)}</a> '
        f'<span class="count">{topic.note_count}</span></li>'
        for key, topic in index.topics.items()
    )
    name = Path(index.root).name
    body = (f'<h1 class="note-title">{_e(name)}</h1>\n'
            f'<p class="topic-meta">{len(index.notes)} notes · {len(index.topics)} topics</p>\n'
            f'<h2>Notes</h2>\n<div class="tree">{render(tree)}</div>\n'
            f'<h2>Topics</h2>\n<ul class="topic-list">{topics}</ul>')
    return html_document(name, body, stylesheet_href=linker.page_href(STYLESHEET))
