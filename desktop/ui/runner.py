"""The one way the window runs work off the GUI thread, in the shape of Anki's `QueryOp`:

    background(lambda: render(key), name="render").success(show).failure(say_why).start()

`work` runs on the thread pool and must not touch a widget. Its result goes to `success` on the GUI thread;
an exception is logged with its traceback and handed to `failure` on the GUI thread (never turned into None).
`cancel()` drops the callbacks of a job whose answer is no longer wanted, and its work too when it has not started
(once started, the work runs to its end); the deletion of the job's `owner` drops the callbacks (a window closed
while its page was still rendering).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; a worker's emit is queued there, so the callback runs on the GUI thread."""

    deliver = Signal(object, object)  # callback, value

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._call)

    @staticmethod
    def _call(callback: Callable[[Any], None], value: Any) -> None:
        callback(value)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:  # made on first use, from the GUI thread
        _relay = _Relay()
    return _relay


class _Runnable(QRunnable):
    def __init__(self, job: BackgroundJob) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job._run()


class BackgroundJob:
    """One piece of work for the thread pool, with what to do on the GUI thread when it ends."""

    def __init__(self, work: Callable[[], Any], *, name: str = "job",
                 expected: tuple[type[BaseException], ...] = (), pool: Executor | None = None,
                 owner: QObject | None = None) -> None:
        self.work, self.name, self.expected, self.pool, self.owner = work, name, expected, pool, owner
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self.cancelled = False
        self._then: BackgroundJob | None = None  # started when this one ends (`jobs_held`: one after another)

    def success(self, callback: Callable[[Any], None]) -> BackgroundJob:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> BackgroundJob:
        self._on_failure = callback
        return self

    def start(self) -> BackgroundJob:
        """Run `work` on the pool (once the GUI thread is back in its event loop, inside `jobs_held`)."""
        self._relay = _the_relay()  # on the GUI thread, before the worker needs it
        if _held is not None:
            _held.append(self)
        else:
            self._submit()
        return self

    def _submit(self) -> None:
        if self.pool is not None:
            self.pool.submit(self._run)
        else:
            QThreadPool.globalInstance().start(_Runnable(self))

    def cancel(self) -> None:
        self.cancelled = True

    def _run(self) -> None:
        try:
            self._work_and_report()
        finally:
            if self._then is not None:  # the next in turn, started from the GUI thread (see `_start_in_turn`)
                self._relay.deliver.emit(_start_in_turn, self._then)

    def _work_and_report(self) -> None:
        if self.cancelled:  # cancelled while it waited for a thread (a switcher query typed over): not run
            log.debug("%s not run: cancelled before it started", self.name)
            return
        try:
            value = self.work()
        except BaseException as error:  # noqa: BLE001 (reported, not swallowed: logged and handed on)
            if isinstance(error, self.expected):
                log.debug("%s stopped: %s", self.name, error)
            else:
                log.error("%s failed", self.name, exc_info=error)
            self._relay.deliver.emit(self._fail, error)
            return
        self._relay.deliver.emit(self._succeed, value)

    @property
    def wanted(self) -> bool:
        """Not cancelled, and its owner (when it has one) still exists."""
        return not self.cancelled and (self.owner is None or shiboken6.isValid(self.owner))

    def _succeed(self, value: Any) -> None:
        if self.wanted and self._on_success is not None:
            self._on_success(value)

    def _fail(self, error: BaseException) -> None:
        if self.wanted and self._on_failure is not None:
            self._on_failure(error)


_held: list[BackgroundJob] | None = None


@contextmanager
def jobs_held() -> Iterator[None]:
    """Jobs started inside start once the GUI thread is back in its event loop, one after another in the order
    they were started. A held job's work must never wait for another held job.

    A handler that starts several (a new index: the page again, its outline and note, the local graph, the
    video catalog) first does its own work on the GUI thread; started at once, their Python took the
    interpreter lock from it at every turn (at 20k notes the window's longest wait when the full index came
    in: 66-166 ms before, 34-66 ms with this, the lock's shorter turns and no page rendered twice). Their
    Python could not run side by side anyway (one interpreter lock): run one after another they take about
    the same time, and the GUI thread waits for the lock behind one of them instead of four (the public
    vault's hub page: the longest wait when the full index came in 177 ms before, 44-52 ms after). What one of
    them waits for outside Python (a big graph's layout in its own process) holds the next ones back meanwhile.
    """
    global _held
    if _held is not None:  # inside another: that one starts them
        yield
        return
    _held = []
    try:
        yield
    finally:
        held, _held = _held, None
        if held:
            for job, following in zip(held, held[1:]):
                job._then = following
            QTimer.singleShot(0, lambda: _start_in_turn(held[0]))


def _start_in_turn(job: BackgroundJob | None) -> None:
    """Start `job`, or the first job after it in its turn that is still wanted (on the GUI thread: `wanted` asks
    Qt whether the owner still exists). One that cannot start (its pool shut down) is logged and passed over."""
    while job is not None:
        if job.wanted:
            try:
                job._submit()
                return
            except Exception:  # noqa: BLE001 - the next ones still get their turn
                log.exception("%s could not start", job.name)
        job = job._then


def background(work: Callable[[], Any], *, name: str = "job", expected: tuple[type[BaseException], ...] = (),
               pool: Executor | None = None, owner: QObject | None = None) -> BackgroundJob:
    """A job for `work`; chain `.success(...)`, `.failure(...)`, then `.start()`.

    `owner`: the object the callbacks belong to; once it is deleted they are not called.
    `expected`: exceptions that are a normal end (a cancelled load), logged quietly instead of as errors.
    `pool`: threads of its own (default: Qt's global pool).
    """
    return BackgroundJob(work, name=name, expected=expected, pool=pool, owner=owner)


def python_threads(count: int, name: str) -> Executor:
    """Threads Python made itself, for work that keeps per-thread state: the renderer keeps its Markdown
    instances in thread-locals, and on a Qt pool thread Python forgets those after every job (a new Markdown per
    page, the old one left as cyclic garbage that a load's gc.freeze() may keep for good)."""
    return ThreadPoolExecutor(max_workers=count, thread_name_prefix=name)


def error_text(error: BaseException) -> str:
    """An error in one line for the status bar."""
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
