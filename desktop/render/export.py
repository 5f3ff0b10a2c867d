"""A vault as a static site that works offline without JavaScript: a page per note and topic, an index.

Nothing is ever written into the vault, and only files really inside it (symlinks followed) are copied. Every
path is checked before anything is created; a folder that is not empty must hold a previous export, whose
manifest names the files it wrote: those alone may be replaced or removed.
"""

from __future__ import annotations

import errno
import gc
import html
import json
import logging
import multiprocessing
import os
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import BinaryIO
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.core.frontmatter import note_body
from desktop.core.index import exit_with_parent
from desktop.core.memory import paused_gc
from desktop.core.model import Note, Stamp
from desktop.core.search_text import StampsOfNote
from desktop.core.vault import is_inside, open_regular_file, vault_file_path
from desktop.core.videos import VideoCatalog
from desktop.render.export_videos import video_index_html, write_video_page
from desktop.render.linker import ExportLinker, SitePaths
from desktop.render.video_catalog import build_video_catalog
from desktop.render.pages import export_stylesheet, html_document, render_note_page, render_topic_page

STYLESHEET = "style.css"
INDEX = "index.html"
MANIFEST = ".note-reader-export.json"  # the files an export wrote: the next one may replace or remove only those

Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)
# A page is opened where its checked folder really is, never through a symlink at its own name, never waiting
# on a FIFO, and never truncated before it is known to be a file of its own (see `_SiteWriter.create`).
_OPENS_UNFOLLOWED = hasattr(os, "O_NOFOLLOW")
_CREATE_FLAGS = (os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                 | getattr(os, "O_CLOEXEC", 0))
PARALLEL_FROM_PAGES = 400  # fewer pages than this are written in this process: starting workers costs more


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
    workers: int = 1  # processes that wrote the pages


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
        self._folders: dict[str, str] = {}  # folder (as asked) → its real place, checked and created
        self._rel_folders: dict[str, str] = {}  # the same by its place in the export ("" for the top)

    def _refuse(self, path: Path) -> ExportError:
        return ExportError(f"Refusing to write {path}: it leads outside the export folder or into the vault "
                           "(a symlink?); the export stopped there.")

    def _allowed(self, real: str) -> bool:
        return not is_inside(self.vault_real, real) and is_inside(self.out_real, real) and real != str(self.out_real)

    def _folder(self, folder: Path) -> str:
        """The real place of `folder`, checked and created once per writer (each page's folder is asked for
        by hundreds of pages: resolving every symlink on the way each time was a tenth of writing)."""
        key = str(folder)
        real = self._folders.get(key)
        if real is None:
            real = os.path.realpath(folder)  # every symlink already on the way resolved, before any mkdir
            if real != str(self.out_real) and not self._allowed(real):
                raise self._refuse(folder)
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ExportError(f"Cannot create the folder {folder} ({_why(error)}); the export stopped "
                                  "there.") from error
            self._folders[key] = real
        return real

    def create(self, real: str, shown: Path) -> BinaryIO:
        """The file at `real` (a checked place) opened empty for writing (`_created`); `shown` names it in an
        error."""
        try:
            return open(_created(real), "wb")
        except ExportError:
            raise
        except OSError as error:
            raise ExportError(f"Cannot write {shown} ({_why(error)}); the export stopped there.") from error

    def target(self, rel: str) -> str:
        """The checked real place of the export's file `rel` (its folder made), for `create`."""
        path = self.out_real / rel
        folder_real = self._folder(path.parent)
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            mode = 0
        except OSError as error:
            raise ExportError(f"Cannot write {path} ({_why(error)}); the export stopped there.") from error
        # The file's real place: its folder's, unless the file itself is a symlink (then resolved in full).
        is_link = stat.S_ISLNK(mode)
        real = os.path.realpath(path) if is_link or path.name in ("", ".", "..") else \
            os.path.join(folder_real, path.name)
        if not self._allowed(real):
            raise self._refuse(path)
        if stat.S_ISDIR(mode) or (is_link and path.is_dir()):
            raise ExportError(f"Cannot write {path}: a folder of that name is in the way; the export stopped "
                              "there.")
        self.written.add(rel)
        return real

    def write_text(self, rel: str, text: str) -> None:
        folder, _, name = rel.rpartition("/")
        real_folder = self._rel_folders.get(folder)
        if real_folder is None:
            real_folder = self._rel_folders[folder] = self._folder(self.out_real / folder)
        real = os.path.join(real_folder, name)
        # A file with a plain name in a folder checked above is inside the export folder and, unless it is the
        # vault itself, outside the vault (the folder is): opened without following a symlink, it is written
        # where it lies. Anything else (a symlink or a folder in the way, an odd name) takes the full check.
        shown = self.out_real / rel
        out = None
        if _OPENS_UNFOLLOWED and name not in ("", ".", "..") and real != self.vault_real:
            try:
                out = open(_created(real), "wb")
            except OSError as error:
                if error.errno not in (errno.ELOOP, errno.EISDIR):
                    raise ExportError(f"Cannot write {shown} ({_why(error)}); the export stopped there.") from error
            else:
                self.written.add(rel)
        if out is None:  # a symlink or a folder in the way, an odd name: the full check
            out = self.create(self.target(rel), shown)
        with out:
            try:
                out.write(text.encode("utf-8"))
            except OSError as error:
                raise ExportError(f"Cannot write {shown} ({_why(error)}); the export stopped there.") from error


def _created(real: str) -> int:
    """A descriptor of the file at `real`, empty, for writing. A name that is a second link to a file (`ln
    vault/a.png OUT/files/a.png` in a previous export's folder) gets a new file of its own: the other name,
    maybe a vault file, is never truncated or written. A FIFO, socket or device is refused (ExportError).
    A file already empty (a new one) is not truncated: on ext4 a truncation to 0 marks the file to have its
    data written out as soon as it is closed (`auto_da_alloc`), which cost a new export of 47k pages seconds
    of system time on the workers."""
    fd = os.open(real, _CREATE_FLAGS, 0o666)
    info = os.fstat(fd)
    if stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
        if info.st_size:
            os.ftruncate(fd, 0)
        return fd
    os.close(fd)
    if not stat.S_ISREG(info.st_mode):
        raise ExportError(f"Cannot write {real}: something other than a file is in the way; the export stopped "
                          "there.")
    os.unlink(real)
    return os.open(real, _CREATE_FLAGS | os.O_EXCL, 0o666)


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


def _remove_stale(out_real: Path, vault_real: str, previous: list[str], written: set[str]) -> int:
    """Remove what a previous export wrote and this one did not (its note or file is gone from the vault):
    only regular files inside the export folder and outside the vault (a manifest is only a file: one naming
    a vault file, with the vault inside OUT, must not delete it), then the folders that leaves empty."""
    removed = 0
    for rel in sorted(set(previous) - written):
        path = out_real / rel
        real = os.path.realpath(path)
        if (not is_inside(out_real, real) or real == str(out_real) or is_inside(vault_real, real)
                or path.is_symlink() or not path.is_file()):
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed += 1
        folder = path.parent
        while folder != out_real and is_inside(out_real, folder) and not is_inside(vault_real, folder):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent
    return removed


def _write_manifest(out_real: Path, files: set[str]) -> None:
    """A new file put in place of the manifest, never the old one written through: a manifest that is a second
    link to a vault file (a vault's JSON that reads as a manifest, hard-linked into OUT) or a symlink leaves
    what it links to untouched, and a reader never sees half of it."""
    text = json.dumps({"files": sorted(files)}, ensure_ascii=False, indent=0)
    temp = None
    try:
        fd, temp = tempfile.mkstemp(prefix=MANIFEST + ".", dir=out_real)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o644)  # readable as the pages are (mkstemp makes it the owner's alone)
        os.replace(temp, out_real / MANIFEST)
        temp = None
    except OSError as error:
        raise ExportError(f"Cannot write the export manifest {out_real / MANIFEST} ({_why(error)}).") from error
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)


def export_site(index, out_dir, progress: Progress | None = None, workers: int | None = None,
                parallel_from: int = PARALLEL_FROM_PAGES) -> ExportReport:
    """Write the whole vault as a static site into `out_dir` (created if needed; never inside the vault; a
    folder that is not empty must hold a previous export). Raises ExportError, one sentence, when it cannot.

    Pages are written by `workers` processes (default: the cores, up to 4) when there are `parallel_from`
    pages or more and this process can fork them (see `_can_fork`)."""
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
        _write_site(index, writer, report, progress, workers, parallel_from)
    except BaseException:
        _write_manifest(out_real, writer.written | {rel for rel in previous if (out_real / rel).is_file()})
        raise
    report.removed = _remove_stale(out_real, vault_real, previous, writer.written)
    _write_manifest(out_real, writer.written)
    report.seconds = time.perf_counter() - started
    return report


def _write_site(index, writer: _SiteWriter, report: ExportReport, progress: Progress | None,
                workers: int | None = None, parallel_from: int = PARALLEL_FROM_PAGES) -> None:
    kept = _KeptStamps(index.notes)
    videos = build_video_catalog(index, kept.notes)
    site = SitePaths(index.notes, index.topics, exportable_files(index), videos.videos)
    groups = _page_groups(index, videos)
    total = sum(map(len, groups)) + 1
    done = 0
    writer.write_text(STYLESHEET, export_stylesheet())
    requested: set[str] = set()
    for part in _pages_written(index, videos, site, writer, groups, workers, parallel_from, report, kept):
        writer.written |= part.written
        requested |= part.requested
        report.errors += part.errors
        report.notes += part.notes
        report.topics += part.topics
        report.videos += part.videos
        done += part.notes + part.topics + part.videos + len(part.errors)
        if progress:
            progress(done, total)

    for rel in sorted(requested):
        if _copy_vault_file(index.root, rel, writer, site.files[rel], report):
            report.files += 1

    writer.write_text(INDEX, index_page(index, ExportLinker(INDEX, site), videos))
    if progress:
        progress(total, total)


def _page_groups(index, videos: VideoCatalog) -> list[list[tuple[str, str]]]:
    """Every page, in groups the workers take whole, in the order they take them: each topic first (a
    topic's page lists every mention of it: the longest pages, best not left for the end), then each video's
    own notes followed by its page, in the order of their first note (a note without a video alone). A
    video's timeline is merged from all its notes' stamps, and each of its notes' strips shows it: one
    group is one merge, in one process, and each of its notes' stamps decoded once (`_KeptStamps`). The
    page of a video no note is made from comes after the group of the first note citing it."""
    groups: list[list[tuple[str, str]]] = [[("topic", key)] for key in index.topics]
    group_of: dict[str, list[tuple[str, str]]] = {}  # note path -> its group
    for path, note in index.notes.items():
        if path in group_of:
            continue
        video = videos.get(note.video_id) if note.video_id else None
        if video is None or path not in video.notes:
            group_of[path] = group = [("note", path)]
        else:
            group = [("note", own) for own in video.notes if own in index.notes and own not in group_of]
            group.append(("video", video.id))
            group_of.update((own, group) for _, own in group[:-1])
        groups.append(group)
    loose: list[tuple[str, str]] = []
    for video in videos:
        if video.notes and any(own in index.notes for own in video.notes):
            continue  # in its own notes' group
        first = next((path for path in video.all_notes if path in group_of), None)
        (group_of[first] if first is not None else loose).append(("video", video.id))
    if loose:
        groups.append(loose)
    return groups


def _page_order(index, videos: VideoCatalog) -> list[tuple[str, str]]:
    """Every page ((kind, note path or topic key or video id) each) in the order `_page_groups` gives them."""
    return [page for group in _page_groups(index, videos) for page in group]


def _chunks(groups: list[list[tuple[str, str]]], size: int) -> list[list[tuple[str, str]]]:
    """The groups in consecutive chunks of whole groups, each of `size` pages or just over."""
    chunks: list[list[tuple[str, str]]] = []
    chunk: list[tuple[str, str]] = []
    for group in groups:
        chunk.extend(group)
        if len(chunk) >= size:
            chunks.append(chunk)
            chunk = []
    if chunk:
        chunks.append(chunk)
    return chunks


class _KeptStamps:
    """The index's notes for one export (`notes`: copies whose stamps are decoded once when first asked for,
    then kept until `forget`): a chunk's video merges and note pages ask for the same notes' stamps, each
    of them decoding all of them anew otherwise. A note whose stamps are read from its file in the vault
    (`StampsOfNote`: an index loaded from the cache) is read once for both its stamps and its page's body
    (`page_note`). The index itself is left as it is."""

    def __init__(self, notes: Mapping[str, Note]):
        self.filled: list[_Kept] = []
        self.notes = {path: replace(note, stamps_data=_Kept(self, note.stamps_data)) for path, note in notes.items()}

    def page_note(self, path: str) -> Note:
        """The note at `path` for its page: its stamps kept, and its body when it was read with them."""
        note = self.notes[path]
        kept = note.stamps_data
        kept.fill()
        return note if kept.body is None else replace(note, body=kept.body)

    def forget(self) -> None:
        """Drop every stamp and body kept (a chunk is written: the next one shows other notes)."""
        for kept in self.filled:
            kept.stamps = kept.body = None
        self.filled.clear()


class _Kept:
    """One note's stamps as `Note.stamps_data` takes them: read from `data` (a list, or what decodes them)
    on first call, then the same until forgotten; each call gives a list of its own, as decoding does.
    `body`: the note's body, when the stamps were read from the note's file (else None)."""

    __slots__ = ("owner", "data", "stamps", "body")

    def __init__(self, owner: _KeptStamps, data):
        self.owner, self.data, self.stamps, self.body = owner, data, None, None

    def fill(self) -> None:
        if self.stamps is None:
            data = self.data
            if isinstance(data, StampsOfNote):
                self.body, self.stamps = _body_and_stamps(data)
            else:
                self.stamps = data() if callable(data) else list(data)
            self.owner.filled.append(self)

    def __call__(self) -> list[Stamp]:
        self.fill()
        return list(self.stamps)


def _body_and_stamps(data: StampsOfNote) -> tuple[str, list[Stamp]]:
    """The body (as `VaultIndex.body_of` reads it) and the stamps (as `data` reads them) of the note `data`
    reads its stamps from, from one read of its file."""
    text = data.text()
    return (note_body(text), data.stamps_in(text)) if text is not None else ("", [])


@dataclass
class _Part:
    """What writing one chunk of pages did: the files written, the vault files its pages link, what failed."""

    written: set[str] = field(default_factory=set)
    requested: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    notes: int = 0
    topics: int = 0
    videos: int = 0


def _write_pages(index, videos: VideoCatalog, site: SitePaths, writer: _SiteWriter,
                 pages: list[tuple[str, str]], kept: _KeptStamps | None = None) -> _Part:
    """Render and write the note, topic and video pages `pages` ((kind, path, key or video id) each).
    `kept`: the notes `videos` merges from, whose stamps the note pages take too; forgotten when done."""
    part = _Part()
    before = set(writer.written)
    try:
        _write_each(index, videos, site, writer, pages, kept, part)
    finally:
        if kept is not None:
            kept.forget()
    part.written = writer.written - before
    return part


def _write_each(index, videos: VideoCatalog, site: SitePaths, writer: _SiteWriter, pages: list[tuple[str, str]],
                kept: _KeptStamps | None, part: _Part) -> None:
    for kind, key in pages:
        if kind == "video":
            part.videos += write_video_page(index, videos.get(key), site, writer.write_text, stylesheet=STYLESHEET,
                                            home=INDEX)
            continue
        page = site.notes[key] if kind == "note" else site.topics[key]
        linker = ExportLinker(page, site)
        hrefs = {"stylesheet_href": linker.page_href(STYLESHEET), "home_href": linker.page_href(INDEX)}
        if kind == "topic":
            writer.write_text(page, render_topic_page(index, key, linker, **hrefs).html)
            part.topics += 1
            continue
        try:
            rendered = render_note_page(index, key, linker, videos=videos,
                                        note=kept.page_note(key) if kept is not None else None, **hrefs)
        except (OSError, RecursionError) as exc:
            part.errors.append(f"{key}: not exported ({exc})")
        else:
            writer.write_text(page, rendered.html)
            part.notes += 1
        part.requested |= linker.requested_files


# What the worker processes of one export share, inherited by fork (never pickled): the index, the site's
# paths, and the folders the writer checks against.
_forked: tuple | None = None


def _write_pages_forked(pages: list[tuple[str, str]]) -> _Part:
    """One chunk written on a worker process, the cyclic collector paused meanwhile and run once at the end
    over what the chunk made: Markdown's pages make hundreds of short-lived containers each, which set off a
    collection every few hundred (~8% of a worker's time, though they leave little garbage in cycles)."""
    index, videos, site, out_real, vault_real, kept = _forked
    try:
        with paused_gc():
            return _write_pages(index, videos, site, _SiteWriter(out_real, vault_real), pages, kept)
    finally:
        gc.collect(0)  # the youngest generation: everything made since the pause (none of it collected since)


def _can_fork() -> bool:
    """Whether worker processes may be forked from this one: a POSIX system and no other thread running (a
    thread holding a lock at the fork would leave it held in the child for good). The command line's export
    is such a process; a window is not, and writes in its own process."""
    return os.name == "posix" and "fork" in multiprocessing.get_all_start_methods() and \
        threading.active_count() == 1


def _pages_written(index, videos: VideoCatalog, site: SitePaths, writer: _SiteWriter,
                   groups: list[list[tuple[str, str]]], workers: int | None, parallel_from: int, report: ExportReport,
                   kept: _KeptStamps | None = None) -> Iterator[_Part]:
    """The pages written in chunks of whole groups (`_page_groups`), on forked worker processes when there are
    enough of them (each page is a pure function of the index: a Markdown conversion that holds one core),
    else in this process."""
    global _forked
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    pages = sum(map(len, groups))
    size = max(20, min(200, pages // (max(workers, 1) * 8) or 1))
    chunks = _chunks(groups, size)
    done = 0
    if workers > 1 and pages >= parallel_from and _can_fork():
        _forked = (index, videos, site, writer.out_real, writer.vault_real, kept)
        pool = None
        # The index is shared with the workers page by page until one writes to it: the cyclic collector
        # of each worker, walking every object of it, would copy all of them (seconds of system time and
        # the index's memory once more per worker). Frozen, it is left alone; thawed when they are done.
        gc.freeze()
        try:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                       initializer=exit_with_parent, initargs=(os.getpid(),))
            for part in pool.map(_write_pages_forked, chunks):
                done += 1
                report.workers = workers
                yield part
        except (BrokenProcessPool, OSError) as error:  # no worker processes here: write the rest in this one
            log.warning("export: worker processes unavailable (%s): writing in one process", error)
        finally:
            _forked = None
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            gc.unfreeze()
    for chunk in chunks[done:]:
        yield _write_pages(index, videos, site, writer, chunk, kept)


def _copy_vault_file(root, rel: str, writer: _SiteWriter, dest: str, report: ExportReport) -> bool:
    """Copy a vault file into the export as `dest` (an export path), opened as the vault reads files (a regular
    file inside, never a FIFO)."""
    source = vault_file_path(root, rel)
    try:
        fd = open_regular_file(source) if source is not None else None
    except OSError:
        fd = None
    if fd is None:
        report.errors.append(f"{rel}: not copied (missing, not a regular file, or outside the vault)")
        return False
    with open(fd, "rb") as src, writer.create(writer.target(dest), writer.out_real / dest) as out:
        try:
            shutil.copyfileobj(src, out)
        except OSError as error:
            raise ExportError(f"Cannot write {writer.out_real / dest} ({_why(error)}); the export stopped "
                              "there.") from error
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
