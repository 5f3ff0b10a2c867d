"""The command line's basics: --version, --help with examples, --verbose logging to the user's log folder."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import EXAMPLES, main
from desktop.logging_setup import LOG_FILE, setup_logging
from desktop.paths import log_dir


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def restore_logging(monkeypatch):
    """setup_logging changes the root logger and sys.excepthook: put them back after the test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr("desktop.logging_setup.route_qt_messages", lambda: None)  # pytest-qt owns Qt's
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"note-reader {__version__}\n"
    result = run_cli("--version")
    assert (result.returncode, result.stdout) == (0, "note-reader 0.1.0\n")


def test_help_lists_the_examples():
    result = run_cli("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: note-reader")
    assert "examples:" in result.stdout
    for example in ("note-reader ~/vaults/talks --inspect", "--search", "--export-html", "--note",
                    "--screenshot"):
        assert example in result.stdout
    assert EXAMPLES.strip() in result.stdout
    for option in ("--verbose", "--install-desktop-entry", "--version"):
        assert option in result.stdout


def test_verbose_writes_a_log_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    log_file = log_dir() / LOG_FILE
    assert log_dir().is_relative_to(os.environ["XDG_STATE_HOME"])  # conftest keeps the user's folders out
    assert not log_file.exists()

    quiet = run_cli("--install-desktop-entry")
    assert quiet.returncode == 0, quiet.stderr
    assert not log_file.exists()

    verbose = run_cli("--install-desktop-entry", "--verbose")
    assert verbose.returncode == 0, verbose.stderr
    assert str(log_file) in verbose.stderr
    text = log_file.read_text(encoding="utf-8")
    assert f"note-reader {__version__}" in text and "--verbose" in text


def verbose_log_of(lines: str) -> tuple[str, subprocess.CompletedProcess]:
    """The log file a process running `lines` after `setup_logging(True)` wrote, and the process."""
    code = f"from desktop.logging_setup import setup_logging\npath = setup_logging(True)\n{lines}\nprint(path)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip()).read_text(encoding="utf-8"), result


def test_verbose_logging_leaves_out_markdowns_line_per_extension():
    text, _ = verbose_log_of("import logging\nfrom desktop.render.body import BodyRenderer\nBodyRenderer()\n"
                             "logging.getLogger('desktop.test').debug('a debug line of ours')")
    assert "a debug line of ours" in text and "Successfully loaded extension" not in text


def test_verbose_logging_captures_qt_messages():
    text, result = verbose_log_of("from PySide6.QtCore import qDebug, qWarning\n"
                                  "qDebug('a qt debug line'); qWarning('a qt warning line')")
    assert "a qt debug line" in text and "a qt warning line" in text
    assert "a qt warning line" in result.stderr and "a qt debug line" not in result.stderr


def test_setup_logging_levels(restore_logging, capsys):
    assert setup_logging(False) is None
    assert not log_dir().exists()
    logging.getLogger("desktop.test").info("not shown")
    logging.getLogger("desktop.test").warning("shown on stderr")
    err = capsys.readouterr().err
    assert "shown on stderr" in err and "not shown" not in err

    path = setup_logging(True)
    assert path == log_dir() / LOG_FILE
    logging.getLogger("desktop.test").debug("a debug detail")
    err = capsys.readouterr().err
    assert "a debug detail" not in err
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "a debug detail" in path.read_text(encoding="utf-8")

    setup_logging(True)  # idempotent: still one stderr handler and one file handler of ours
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_note_reader_handler", False)]
    assert len(ours) == 2


@pytest.mark.parametrize("make, says", [
    (lambda out: out.write_text("x"), "it is a file, not a folder"),
    (lambda out: (out.mkdir(), (out / "index.html").write_text("theirs")), "not empty and holds no previous export"),
])
def test_export_errors_are_one_sentence_and_exit_2(tmp_path, capsys, make, says):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n", encoding="utf-8")
    out = tmp_path / "out"
    make(out)
    assert main([str(vault), "--export-html", str(out)]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("note-reader: ")]) == 1


def test_an_empty_search_asks_for_words_instead_of_opening_a_window(tmp_path):
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    for query in ("", "   "):
        done = run_cli(str(tmp_path), "--search", query)
        assert done.returncode == 2 and "give words to search for" in done.stderr, done.stderr
        assert "display" not in done.stderr.lower()


def test_a_vault_folder_that_cannot_be_listed_is_said_in_one_line(tmp_path, monkeypatch, capsys):
    """QA: an unreadable vault was read as one of no notes; raised now, the command says so (no traceback)."""
    import os

    from desktop.cli import main

    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n", encoding="utf-8")
    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                        if os.path.realpath(path) == os.path.realpath(vault) else real_scandir(path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert main([str(vault), "--search", "a"]) == 2
    err = capsys.readouterr().err
    assert "vault folder unreadable (Permission denied)" in err and "Traceback" not in err
