"""Local process pools started by forkserver (spawn where there is none), and the check of ``--workers``.

Plain Python: the pool that draws the report's figures (:func:`local_map`) preloads the renderer only, so that
re-rendering a results.json imports neither torch nor the catalogue; the pool of the report's units
(:mod:`claims.report.execute`, also the measurement tools' pool, :mod:`claims.tools`) preloads the families on
the same context.

Stopping: a pool's workers ignore SIGINT (:func:`ignore_sigint`): Ctrl-C at a terminal reaches the whole
process group, and an idle worker would die of it with a traceback of its own (a busy one would hand the
interrupt back as its unit's error). The report process alone decides: on Ctrl-C, SIGTERM or an error it stops
the pool (:meth:`WorkerPool.stop`), which terminates the workers instead of waiting for their units: ``shutdown(wait=
False)`` alone leaves them running, and the interpreter's exit then waits for each running unit (minutes) in
concurrent.futures' and multiprocessing's exit handlers.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from models.errors import InvalidInputError

#: imported once by the forkserver of the figure pool (matplotlib and the renderer)
RENDER_PRELOAD = ("claims.report.render", "claims.report.sections")
#: how long a stopped pool's workers have to end after SIGTERM before they are killed
STOP_GRACE_S = 2.0


def check_workers(workers: int | None) -> None:
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise InvalidInputError(f"workers must be an integer >= 1, got {workers!r}")


def forkserver_context(preload: Iterable[str]) -> multiprocessing.context.BaseContext:
    """forkserver with ``preload`` imported by the server (spawn where there is no forkserver), the server
    started now and waited for until it has imported them (seconds: torch), so that the workers start in
    milliseconds afterwards (:func:`signals_deferred`). It starts with SIGINT ignored: it imports for seconds
    before it ignores SIGINT itself, and Ctrl-C in that time killed it with a traceback; its processes (the
    workers) inherit the ignored SIGINT. Ctrl-C while waiting for it kills it (:func:`stop_forkserver`)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))  # no effect once the server runs: it keeps what it has
    from multiprocessing import forkserver

    with _sigint_ignored_by_children():
        forkserver.ensure_running()
    try:
        ready = context.Process(target=_nothing)  # served once the server has imported its preload
        ready.start()
        ready.join()
    except BaseException:
        stop_forkserver()
        raise
    return context


def _nothing() -> None:
    pass


@contextmanager
def _sigint_ignored_by_children() -> Iterator[None]:
    """SIGINT ignored for the processes started in the body (an ignored disposition survives exec, a blocked
    mask does not), and blocked here meanwhile, so that a Ctrl-C in these milliseconds stays pending (Linux
    never discards a blocked signal) and is not lost. Only the main thread sets handlers: elsewhere, nothing."""
    handler = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or handler is None:
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM held back while the body runs and delivered when it ends: for the short time in
    which workers are started (milliseconds to seconds, once the forkserver is ready), which a signal would
    leave half done, with processes that no handle reaches. The same signal a second time is delivered at
    once (a start that hangs can still be interrupted). Only in the main thread (where signals are handled);
    elsewhere, nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    previous = {s: h for s, h in previous.items() if h is not None}  # None: set outside Python, left alone

    def hold(signum: int, frame) -> None:
        if signum not in received:
            received.append(signum)
            return
        received.remove(signum)
        handler = previous[signum]
        if callable(handler):
            handler(signum, frame)  # raises KeyboardInterrupt, or SIGTERM's exception, here
        elif handler == signal.SIG_DFL:
            signal.signal(signum, handler)
            signal.raise_signal(signum)

    for s in previous:
        signal.signal(s, hold)
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
        for signum in received:
            signal.raise_signal(signum)  # to the handler that was in place: KeyboardInterrupt, SIGTERM's


def stop_forkserver() -> None:
    """Kill this process's forkserver (started again on demand). A process start that Ctrl-C interrupted
    while the server still imported its preload stays queued there, and was served after the run had ended:
    the new process found its parent gone and failed with a traceback."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if pid is None:
        return
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError, AttributeError):
        server._stop()  # the standard library's own way to forget (and reap) its server


def ignore_sigint() -> None:
    """A pool worker's initializer: SIGINT ignored (the report process stops its workers itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class WorkerPool(ProcessPoolExecutor):
    """A ProcessPoolExecutor whose workers ignore SIGINT and are all started when it is made, in the thread
    that makes it: a submission never starts a process (one did, from whichever thread submitted, and could
    wait seconds for the forkserver while holding the pool), so :meth:`stop` knows every worker.

    ``_spawn_process`` and ``_processes`` are the executor's own (it has no public handle on its workers before
    Python 3.14's ``terminate_workers``); tests/report/test_interrupts.py checks that every worker is up."""

    def __init__(self, workers: int, context: multiprocessing.context.BaseContext):
        super().__init__(max_workers=workers, mp_context=context, initializer=ignore_sigint)
        self.processes = self._processes  # the dict itself: shutdown forgets it, stop still needs it
        try:
            with signals_deferred():  # milliseconds: the forkserver is ready (forkserver_context)
                for _ in range(workers):
                    self._spawn_process()
        except BaseException:
            self.stop()
            raise

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """The executor's shutdown; a pool never given a unit also ends its workers. Its workers start with the
        pool, but the executor's thread that would tell them to end starts with the first unit, so unended they
        would wait for work for ever, and the interpreter's exit (which joins them) with them: a report whose
        only section failed in the report process before its first unit never exited."""
        idle = self._executor_manager_thread is None
        super().shutdown(wait=wait, cancel_futures=cancel_futures)
        if idle:
            self._end(list(self.processes.values()))

    def stop(self) -> None:
        """Shut down without waiting for the units: queued units cancelled, every worker terminated (SIGTERM,
        SIGKILL after :data:`STOP_GRACE_S`) and reaped, so that none outlives the run and the interpreter's
        exit (concurrent.futures' and multiprocessing's exit handlers join them) waits for none."""
        workers = list(self.processes.values())
        self.shutdown(wait=False, cancel_futures=True)
        self._end(workers)

    @staticmethod
    def _end(workers: list) -> None:
        """Terminate ``workers`` (SIGTERM, SIGKILL after :data:`STOP_GRACE_S`) and reap them."""
        for worker in workers:
            with contextlib.suppress(OSError, ValueError, AttributeError):  # already ended
                worker.terminate()
        deadline = time.monotonic() + STOP_GRACE_S
        for worker in workers:
            with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
                worker.join(max(0.0, deadline - time.monotonic()))
                if worker.is_alive():
                    worker.kill()
                    worker.join(STOP_GRACE_S)


@contextmanager
def process_pool(workers: int, context: multiprocessing.context.BaseContext) -> Iterator[WorkerPool]:
    """A :class:`WorkerPool`: on leaving normally it waits for its units, on Ctrl-C, SIGTERM or an error it is
    stopped at once."""
    pool = WorkerPool(workers, context)
    try:
        yield pool
    except BaseException:
        pool.stop()
        raise
    pool.shutdown(wait=True)


def stop(executor: Executor) -> None:
    """Drop ``executor``'s queued work and, for a :class:`WorkerPool`, end its running workers now (a unit or a
    probe may run for half an hour); any other executor is shut down without waiting."""
    if isinstance(executor, WorkerPool):
        executor.stop()
    else:
        executor.shutdown(wait=False, cancel_futures=True)


@contextmanager
def local_map(workers: int | None) -> Iterator[Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]]:
    """``map`` over ``workers`` local processes (forkserver, as the units' pool; results in order), or the
    builtin ``map`` for None or 1. For work that must run on this machine: the report's figures are files here."""
    check_workers(workers)
    if workers is None or workers < 2:
        yield map
        return
    with process_pool(workers, forkserver_context(RENDER_PRELOAD)) as pool:
        yield pool.map
