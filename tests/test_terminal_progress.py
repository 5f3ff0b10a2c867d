"""A long command says how far it is on a terminal, and nothing to a script."""

from __future__ import annotations

import io

from desktop.terminal_progress import TerminalProgress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_is_told_how_far_the_reading_is_and_the_line_is_left_at_the_end(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    progress = TerminalProgress("reading notes")
    progress(2000, 21273)
    progress(21273, 21273)
    progress.end()
    said = terminal.getvalue()
    assert said.startswith("\rreading notes 2,000/21,273") and said.endswith("\rreading notes 21,273/21,273\n")


def test_a_script_reading_standard_error_is_told_nothing(monkeypatch):
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    progress = TerminalProgress("reading notes")
    progress(1, 2)
    progress(2, 2)
    progress.end()
    assert pipe.getvalue() == ""
