"""The one background runner: results and errors come back on the GUI thread; an error is logged with its
traceback and reaches the failure callback (never turned into None); a failed render says so."""

from __future__ import annotations

import logging
import threading

import pytest

from desktop.render.page_source import PageSource
from desktop.ui.navigation import Location
from desktop.ui.runner import background, jobs_held, python_threads
from ui_helpers import open_window


def test_success_arrives_on_the_gui_thread(qtbot):
    got: list[tuple[int, str]] = []
    background(lambda: (threading.current_thread().name, 6 * 7)).success(
        lambda value: got.append((value[1], threading.current_thread().name, value[0]))).start()
    qtbot.waitUntil(lambda: bool(got))
    answer, here, worker = got[0]
    assert answer == 42 and here == "MainThread" and worker != "MainThread"


def test_jobs_started_while_held_go_to_their_threads_once_the_gui_thread_is_back_in_its_loop(qtbot):
    """What a new index starts (the page, its outline, the local graph, the video catalog) waits until the
    window has taken the index in; a job cancelled meanwhile never runs."""
    given: list[str] = []
    pool = python_threads(1, "held")
    submit = pool.submit
    pool.submit = lambda fn: given.append("job") or submit(fn)
    got: list[int] = []
    with jobs_held():
        background(lambda: 42, pool=pool).success(got.append).start()
        background(lambda: 0, pool=pool).success(got.append).start().cancel()
        with jobs_held():  # an inner one leaves them to the outer
            background(lambda: 7, pool=pool).success(got.append).start()
        assert given == []
    assert given == []  # not before the event loop turns
    qtbot.waitUntil(lambda: sorted(got) == [7, 42])
    assert given == ["job", "job"]
    background(lambda: 1, pool=pool).success(got.append).start()  # not held: at once
    assert given == ["job", "job", "job"]


def test_jobs_held_run_one_after_another(qtbot):
    """Their Python cannot run side by side (one interpreter lock): run in turn, the GUI thread waits for the
    lock behind one of them, not all. The next starts only once the one before has ended, though a thread is
    free."""
    given: list[str] = []
    pool = python_threads(2, "turns")
    submit = pool.submit
    pool.submit = lambda fn: given.append("job") or submit(fn)
    release, started = threading.Event(), threading.Event()
    order: list[str] = []
    with jobs_held():
        background(lambda: (order.append("page"), started.set(), release.wait(10)), pool=pool).start()
        background(lambda: order.append("outline"), pool=pool).start()
        background(lambda: order.append("other"), pool=None).start()
    qtbot.waitUntil(started.is_set)
    assert given == ["job"]  # the outline waits for its turn
    release.set()
    qtbot.waitUntil(lambda: len(order) == 3)
    assert order == ["page", "outline", "other"] and given == ["job", "job"]


def test_failure_is_logged_with_its_traceback_and_handed_on(qtbot, caplog):
    def work():
        raise ValueError("the vault went away")

    errors: list[BaseException] = []
    with caplog.at_level(logging.ERROR, logger="desktop.ui.runner"):
        background(work, name="a job").success(lambda _v: errors.append(None)).failure(errors.append).start()
        qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)
    record = next(r for r in caplog.records if r.name == "desktop.ui.runner")
    assert "a job failed" in record.getMessage() and record.exc_info[0] is ValueError


def test_expected_errors_are_not_logged_as_failures(qtbot, caplog):
    errors: list[BaseException] = []
    with caplog.at_level(logging.DEBUG, logger="desktop.ui.runner"):
        background(lambda: 1 / 0, expected=(ZeroDivisionError,)).failure(errors.append).start()
        qtbot.waitUntil(lambda: bool(errors))
    assert all(r.levelno < logging.WARNING for r in caplog.records if r.name == "desktop.ui.runner")


def test_a_cancelled_job_calls_nothing(qtbot):
    release, called = threading.Event(), []
    pool = python_threads(1, "test")
    job = background(lambda: release.wait(5), pool=pool).success(called.append).failure(called.append).start()
    job.cancel()
    release.set()
    pool.shutdown(wait=True)
    marker = background(lambda: "later").success(called.append).start()
    qtbot.waitUntil(lambda: "later" in called)
    assert called == ["later"] and marker.cancelled is False


@pytest.fixture
def window(qtbot, tmp_path, vault_root):
    return open_window(qtbot, tmp_path, vault_root, note="alpha.md")


def test_a_failed_render_says_so_not_no_such_note(qtbot, window, monkeypatch, caplog):
    def broken(self, *_args, **_kwargs):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(PageSource, "render", broken)
    said: list[str] = []  # every message, not the one on show when polled: a later one may replace it
    window.statusBar().messageChanged.connect(said.append)
    with caplog.at_level(logging.ERROR, logger="desktop.ui.runner"):
        window.router.go(Location("note", "folder/beta.md"))
        qtbot.waitUntil(lambda: any("could not be rendered" in message for message in said))
    message = next(message for message in said if "could not be rendered" in message)
    assert "renderer exploded" in message and not any("No such" in message for message in said)
    assert any(r.exc_info and r.exc_info[0] is RuntimeError for r in caplog.records)
    assert window.shown == Location("note", "alpha.md")  # the page on screen stays


def test_a_job_whose_owner_was_deleted_calls_nothing(qtbot):
    """A window closed while its page still rendered: the answer arrives to nobody, not to a deleted object."""
    import shiboken6
    from PySide6.QtCore import QObject

    owner = QObject()
    one_thread = python_threads(1, "owned")  # the jobs below run, and answer, in this order
    release, delivered, after = threading.Event(), [], []
    background(lambda: release.wait(10), owner=owner, pool=one_thread).success(delivered.append) \
        .failure(delivered.append).start()
    owner.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(owner))
    release.set()
    background(lambda: "after", pool=one_thread).success(after.append).start()  # answers after the owned one
    qtbot.waitUntil(lambda: bool(after))
    one_thread.shutdown()
    assert delivered == []


def test_a_job_cancelled_before_a_thread_took_it_is_not_run(qtbot):
    """Queries typed over each other (the switcher, a filter) cancel the older ones: those still waiting for a
    thread never run, so the newest is not kept waiting behind work nobody wants."""
    release, ran = threading.Event(), []
    pool = python_threads(1, "test")
    background(lambda: release.wait(5), pool=pool).start()
    stale = background(lambda: ran.append("stale"), pool=pool).start()
    stale.cancel()
    release.set()
    got: list[str] = []
    background(lambda: ran.append("newest") or "newest", pool=pool).success(got.append).start()
    qtbot.waitUntil(lambda: got == ["newest"])
    assert ran == ["newest"]
