"""Local process pools started by forkserver (spawn where there is none), and the check of ``--workers``.

Plain Python: the pool that draws the report's figures (:func:`local_map`) preloads the renderer only, so that
re-rendering a results.json imports neither torch nor the catalogue; the pool of the report's units
(:mod:`claims.report.execute`, also the measurement tools' pool, :mod:`claims.tools`) preloads the families on
the same context. Every pool ended by an exception (Ctrl-C; SIGTERM, which the command lines raise as an
exception) is stopped (:func:`stop`): queued work dropped, running workers ended at once.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from models.errors import InvalidInputError

#: imported once by the forkserver of the figure pool (matplotlib and the renderer)
RENDER_PRELOAD = ("claims.report.render", "claims.report.sections")


def check_workers(workers: int | None) -> None:
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise InvalidInputError(f"workers must be an integer >= 1, got {workers!r}")


def forkserver_context(preload: Iterable[str]) -> multiprocessing.context.BaseContext:
    """forkserver with ``preload`` imported by the server (spawn where there is no forkserver)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))  # no effect once the server runs: it keeps what it has
    return context


def stop(executor: Executor) -> None:
    """Drop ``executor``'s queued work and, for a local process pool, end its running workers now: a unit or a
    probe may run for half an hour, and a pool's shutdown alone leaves its workers running (the interpreter
    waits for them at exit)."""
    running = list((getattr(executor, "_processes", None) or {}).values())  # shutdown forgets them
    executor.shutdown(wait=False, cancel_futures=True)
    for process in running:
        with contextlib.suppress(OSError, ValueError):  # already gone, or already closed
            process.terminate()


@contextmanager
def local_map(workers: int | None) -> Iterator[Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]]:
    """``map`` over ``workers`` local processes (forkserver, as the units' pool; results in order), or the
    builtin ``map`` for None or 1. For work that must run on this machine: the report's figures are files here."""
    check_workers(workers)
    if workers is None or workers < 2:
        yield map
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=forkserver_context(RENDER_PRELOAD))
    try:
        yield pool.map
    except BaseException:
        stop(pool)
        raise
    pool.shutdown(wait=True)
