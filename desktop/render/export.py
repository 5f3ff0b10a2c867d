"""A vault as a static site that works offline without JavaScript: a page per note and topic, an index.

Nothing is ever written into the vault, and only files really inside it (symlinks followed) are copied. Every
path is checked before anything is created; a folder that is not empty must hold a previous export, whose
manifest names the files it wrote: those alone may be replaced or removed.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.vault import is_inside, open_regular_file, vault_file_path
from desktop.core.videos import VideoCatalog
from desktop.render.export_videos import video_index_html, write_video_pages
from desktop.render.linker import ExportLinker, SitePaths
from desktop.render.video_catalog import build_video_catalog
from desktop.render.pages import export_stylesheet, html_document, render_note_page, render_topic_page

STYLESHEET = "style.css"
INDEX = "index.html"
MANIFEST = ".note-reader-export.json"  # the files an export wrote: the next one may replace or remove only those

Progress = Callable[[int, int], None]


@dataclass
class ExportReport:
    out_dir: Path
    notes: int = 0
    topics: int = 0
    videos: int = 0
    files: int = 0
    removed: int = 0  # pages and files of a previous export whose note or file is gone from the vault
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


class ExportError(ValueError):
    """The export cannot go on; the message is one sentence: what, where, and what was done instead."""


def _why(error: OSError) -> str:
    return error.strerror or str(error)


class _SiteWriter:
    """Writes the export's files into the export folder, checking each path before creating anything: no
    folder is made and no file written unless its real place (symlinks resolved) is inside the export
    folder and outside the vault."""

    def __init__(self, out_real: Path, vault_real: str):
        self.out_real, self.vault_real = out_real, vault_real
        self.written: set[str] = set()

    def target(self, rel: str) -> Path:
        path = self.out_real / rel
        real = os.path.realpath(path)  # every symlink already on the way resolved, before any mkdir
        if is_inside(self.vault_real, real) or not is_inside(self.out_real, real) or real == str(self.out_real):
            raise ExportError(f"Refusing to write {path}: it leads outside the export folder or into the vault "
                              "(a symlink?); the export stopped there.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ExportError(f"Cannot create the folder {path.parent} ({_why(error)}); the export stopped "
                              "there.") from error
        if path.is_dir():
            raise ExportError(f"Cannot write {path}: a folder of that name is in the way; the export stopped "
                              "there.")
        self.written.add(rel)
        return path

    def write_text(self, rel: str, text: str) -> None:
        path = self.target(rel)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise ExportError(f"Cannot write {path} ({_why(error)}); the export stopped there.") from error


def exportable_files(index) -> set[str]:
    """Attachments that are regular files whose real path is inside the vault."""
    return {rel for rel in index.attachments if vault_file_path(index.root, rel) is not None}


def _previous_export(out_dir: Path, out_real: Path) -> list[str]:
    """The files a previous export into `out_real` wrote (from its manifest); [] for a new or empty folder.
    Raises ExportError for a file in the way or a folder holding anything else: an export never mixes its
    pages with other files, nor deletes them."""
    if not out_real.exists():
        return []
    if not out_real.is_dir():
        raise ExportError(f"Cannot export into {out_dir}: it is a file, not a folder. Nothing was written.")
    manifest = out_real / MANIFEST
    if manifest.is_file() and not manifest.is_symlink():
        try:
            listed = json.loads(manifest.read_text(encoding="utf-8"))["files"]
            if isinstance(listed, list) and all(isinstance(rel, str) for rel in listed):
                return listed
        except (OSError, ValueError, KeyError, TypeError):
            pass
        raise ExportError(f"Cannot export into {out_dir}: its export manifest {MANIFEST} is unreadable. "
                          "Nothing was written; choose an empty or new folder.")
    try:
        with os.scandir(out_real) as entries:
            empty = next(entries, None) is None
    except OSError as error:
        raise ExportError(f"Cannot read the folder {out_dir} ({_why(error)}). Nothing was written.") from error
    if not empty:
        raise ExportError(f"Cannot export into {out_dir}: the folder is not empty and holds no previous export. "
                          "Nothing was written; choose an empty or new folder.")
    return []


def _remove_stale(out_real: Path, previous: list[str], written: set[str]) -> int:
    """Remove what a previous export wrote and this one did not (its note or file is gone from the vault):
    only regular files inside the export folder, then the folders that leaves empty."""
    removed = 0
    for rel in sorted(set(previous) - written):
        path = out_real / rel
        real = os.path.realpath(path)
        if not is_inside(out_real, real) or real == str(out_real) or path.is_symlink() or not path.is_file():
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed += 1
        folder = path.parent
        while folder != out_real and is_inside(out_real, folder):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent
    return removed


def _write_manifest(out_real: Path, files: set[str]) -> None:
    try:
        (out_real / MANIFEST).write_text(json.dumps({"files": sorted(files)}, ensure_ascii=False, indent=0),
                                         encoding="utf-8")
    except OSError as error:
        raise ExportError(f"Cannot write the export manifest {out_real / MANIFEST} ({_why(error)}).") from error


def export_site(index, out_dir, progress: Progress | None = None) -> ExportReport:
    """Write the whole vault as a static site into `out_dir` (created if needed; never inside the vault; a
    folder that is not empty must hold a previous export). Raises ExportError, one sentence, when it cannot."""
    started = time.perf_counter()
    vault_real = os.path.realpath(index.root)
    out_dir = Path(out_dir)
    out_real = Path(os.path.realpath(out_dir))  # symlinks in OUT resolved before anything is checked
    if is_inside(vault_real, out_real):
        raise ExportError(f"Cannot export into {out_dir}: it is inside the vault {index.root}. "
                          "Choose a folder outside the vault.")
    previous = _previous_export(out_dir, out_real)
    try:
        out_real.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"Cannot create the export folder {out_dir} ({_why(error)}). Nothing was "
                          "written.") from error
    writer = _SiteWriter(out_real, vault_real)
    report = ExportReport(out_dir=out_dir)
    # The manifest names everything written so far even if the export stops half-way, so a later export may
    # still replace or remove those files.
    _write_manifest(out_real, set(previous))
    try:
        _write_site(index, writer, report, progress)
    except BaseException:
        _write_manifest(out_real, writer.written | {rel for rel in previous if (out_real / rel).is_file()})
        raise
    report.removed = _remove_stale(out_real, previous, writer.written)
    _write_manifest(out_real, writer.written)
    report.seconds = time.perf_counter() - started
    return report


def _write_site(index, writer: _SiteWriter, report: ExportReport, progress: Progress | None) -> None:
    videos = build_video_catalog(index)
    site = SitePaths(index.notes, index.topics, exportable_files(index), videos.videos)
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
                                        home_href=linker.page_href(INDEX), videos=videos)
        except (OSError, RecursionError) as exc:
            report.errors.append(f"{path}: not exported ({exc})")
        else:
            writer.write_text(page, rendered.html)
            report.notes += 1
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

    report.videos = write_video_pages(index, videos, site, writer.write_text, stylesheet=STYLESHEET, home=INDEX)

    for rel in sorted(requested):
        if _copy_vault_file(index.root, rel, writer.target(site.files[rel]), report):
            report.files += 1

    writer.write_text(INDEX, index_page(index, linker_for(INDEX), videos))
    if progress:
        progress(total, total)


def _copy_vault_file(root, rel: str, dest: Path, report: ExportReport) -> bool:
    """Copy a vault file into the export, opened as the vault reads files (a regular file inside, never a FIFO)."""
    source = vault_file_path(root, rel)
    try:
        fd = open_regular_file(source) if source is not None else None
    except OSError:
        fd = None
    if fd is None:
        report.errors.append(f"{rel}: not copied (missing, not a regular file, or outside the vault)")
        return False
    with open(fd, "rb") as src:
        try:
            with open(dest, "wb") as out:
                shutil.copyfileobj(src, out)
        except OSError as error:
            raise ExportError(f"Cannot write {dest} ({_why(error)}); the export stopped there.") from error
    return True


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def index_page(index, linker: ExportLinker, videos: VideoCatalog | None = None) -> str:
    """The start page: the notes as a folder tree (notes by title), then every topic, then the videos."""
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
            f'<h2>Topics</h2>\n<ul class="topic-list">{topics}</ul>'
            + (f"\n{video_index_html(videos, linker)}" if videos else ""))
    return html_document(name, body, stylesheet_href=linker.page_href(STYLESHEET))
