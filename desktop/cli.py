"""Command line: parse arguments, run the headless commands (--inspect, --export-html, --search) or the window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from desktop import __version__
from desktop.terminal_progress import TerminalProgress

EXAMPLES = """\
examples:
  note-reader                                   open the last vault (the bundled sample the first time)
  note-reader ~/vaults/talks                    open a vault
  note-reader ~/vaults/talks --note "Flow state"    open a note (or the topic page of that name)
  note-reader ~/vaults/talks --inspect > index.json  print the whole index as JSON
  note-reader ~/vaults/talks --search '"nuclear weapons" putin in:"Lex Fridman" links:energy'
  note-reader ~/vaults/talks --export-html ~/site    write a static, offline copy of the vault
  note-reader seeds --screenshot seed.png       save a picture of the window and exit
  note-reader ~/vaults/talks --graph            open on the vault's graph
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="note-reader",
        description="Read a vault of linked Markdown notes made from YouTube videos: click through topics "
                    "and jump into the video at the second a claim was made.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("vault", nargs="?", help="the vault folder (default: the last one opened)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--inspect", action="store_true", help="print the vault's index as JSON and exit")
    parser.add_argument("--export-html", metavar="OUT", help="write a static HTML site of the vault to OUT")
    parser.add_argument("--search", metavar="QUERY", help="full-text search; print results as JSON (words, "
                        "\"a phrase\", pre*, title:word, in:folder, video:ID, links:topic; all required), "
                        "with how many notes match in all")
    parser.add_argument("--limit", metavar="N", type=int, default=None,
                        help="with --search: print the best N results (default 50; 0 prints them all)")
    parser.add_argument("--note", metavar="NAME", help="open this note (path, file name or title) or topic")
    parser.add_argument("--screenshot", metavar="PNG", help="save the window as PNG once the note shows, exit")
    parser.add_argument("--graph", action="store_true", help="open the vault's graph window (with --screenshot: "
                                                             "save the graph's window)")
    parser.add_argument("--renderer", choices=("web", "text"), help="force the note view's renderer")
    parser.add_argument("--verbose", action="store_true", help="log details to the user's log folder")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="install the .desktop file and icon for this user, then exit")
    return parser


def fail(message: str) -> int:
    print(f"note-reader: {message}", file=sys.stderr)
    return 2


def vault_path(value: str) -> Path | None:
    path = Path(value).expanduser()
    return path if path.is_dir() else None


def window_settings():
    """The window's settings (`AppSettings`), read once: for the vault it opened last, then by the window."""
    from desktop.ui.settings import AppSettings  # QtCore only

    return AppSettings()


def say_folders_moved(variables: list[str], vault: Path) -> None:
    """Tell the user that the user folders `variables` lie inside `vault` and this run keeps them elsewhere."""
    message = (f"{', '.join(variables)} lie inside the vault {vault}, which Note Reader never writes: this run "
               "keeps its cache and settings in a temporary folder, removed when it ends")
    logging.getLogger("desktop").warning("%s", message)  # on stderr too (`setup_logging`)


def run_inspect(vault: Path) -> int:
    """Print the index as JSON, note by note as it is written (never the whole document in memory), from
    the vault's cache as `--search` and the window keep it: a warm cache is read, not the vault again."""
    from desktop.core.inspect import index_json_bytes
    from desktop.core.loader import load_vault
    from desktop.core.vault_settings import vault_timestamp_format

    # every note's stamps are written: read ahead on the worker processes as the document's text of them
    reading = TerminalProgress("reading notes")
    index = load_vault(vault, progress=reading, timestamp_format=vault_timestamp_format(vault), every_page=True,
                       stamps_json=True)
    reading.end()
    out = sys.stdout.buffer
    try:
        # a vault folder whose own name is not UTF-8 comes back escaped, never as a crash
        for chunk in index_json_bytes(index):
            out.write(chunk)
        out.write(b"\n")
        out.flush()
    except BrokenPipeError:  # `--inspect | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
    return 0


def run_export(vault: Path, out: str) -> int:
    from desktop.core.loader import load_vault
    from desktop.core.vault_settings import vault_timestamp_format
    from desktop.render.export import ExportError, export_site

    # the cache as --search and the window keep it; each note's stamps are read by the export's workers, with
    # its body, from one read of its file
    reading = TerminalProgress("reading notes")
    index = load_vault(vault, progress=reading, timestamp_format=vault_timestamp_format(vault))
    reading.end()
    progress = TerminalProgress("exporting")
    try:
        report = export_site(index, Path(out).expanduser(), progress=progress)
    except ExportError as error:
        progress.end()
        return fail(str(error))
    progress.end()
    removed = f"; removed {report.removed} pages and files no longer in the vault" if report.removed else ""
    print(f"exported {report.notes} notes, {report.topics} topics and {report.files} files to {report.out_dir} "
          f"in {report.seconds:.1f} s{removed}", file=sys.stderr)
    for error in report.errors:
        print(f"note-reader: warning: {error}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from desktop.logging_setup import setup_logging
    from desktop.paths import keep_user_folders_out_of

    vault = vault_path(args.vault) if args.vault is not None else None
    headless = args.inspect or args.export_html or args.search is not None
    # the vault the window opens when none is given: the last one (read, never written, before the log opens)
    settings = None if args.vault is not None or headless or args.install_desktop_entry else window_settings()
    opened = vault if settings is None else settings.last_vault()
    moved = keep_user_folders_out_of(opened) if opened is not None else []  # before the log file is opened
    log_file = setup_logging(args.verbose)
    if log_file is not None:
        print(f"note-reader: logging to {log_file}", file=sys.stderr)
    if moved:
        say_folders_moved(moved, opened)
    if args.install_desktop_entry:
        from desktop.desktop_entry import install_desktop_entry

        try:
            install_desktop_entry()
        except OSError as error:
            return fail(f"cannot install the desktop entry: {error}")
        return 0
    if args.vault is not None and vault is None:
        return fail(f"no vault folder at {args.vault!r}")
    if headless and vault is None:
        return fail("give the vault folder, e.g. note-reader ~/vaults/talks --inspect")
    if args.limit is not None and args.search is None:
        return fail("--limit goes with --search, e.g. note-reader ~/vaults/talks --search gas --limit 0")
    try:
        return run_headless(args, vault) if headless else run_window(args, opened, settings)
    except PermissionError as error:  # the vault folder itself cannot be listed (`scan_vault`)
        if error.filename != str(vault):
            raise
        return fail(f"{error.strerror}: {vault}")


def run_headless(args, vault) -> int:
    """`--inspect`, `--export-html` or `--search`."""
    if args.inspect:
        return run_inspect(vault)
    if args.export_html:
        return run_export(vault, args.export_html)
    if args.search is not None:
        if not args.search.strip():
            return fail('give words to search for, e.g. note-reader ~/vaults/talks --search "nuclear weapons"')
        if args.limit is not None and args.limit < 0:
            return fail("--limit takes a number of results, 0 for all of them")
        from desktop.search_command import DEFAULT_LIMIT, run_search

        return run_search(vault, args.search, DEFAULT_LIMIT if args.limit is None else args.limit)
    raise AssertionError("no headless command given")


def run_window(args, opened, settings) -> int:
    from desktop.ui.app import run_app

    return run_app(args, opened, settings)


if __name__ == "__main__":
    sys.exit(main())
