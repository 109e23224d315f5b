"""Where the report's units run: in this process, in local processes, or on a Dask distributed cluster.

Every backend is a :class:`concurrent.futures.Executor`, so the report submits its independent units (a claim
instance, one item of an experiment's ``ctx.map``) the same way whatever runs them:

* in-process (the default): each unit runs when it is submitted, in the calling thread;
* ``--workers N``: a :class:`~concurrent.futures.ProcessPoolExecutor` of N processes started by forkserver
  (spawn where there is none): no process inherits torch's OpenMP state from a fork;
* ``--scheduler ADDRESS`` or ``--scheduler local``: Dask distributed through ``Client.get_executor()``, on an
  existing scheduler or on a :class:`distributed.LocalCluster` of worker processes on loopback (the optional
  extra ``pip install -e '.[distributed]'``).

Threads: torch's intra-op threads times the units running at once must not exceed the cores (on 2 cores two
processes of 2 threads each ran up to 60× slower). Each unit sets torch's threads to its worker's share,
max(1, cores // workers), before it runs (:func:`call_unit`); the in-process backend leaves torch's own
setting (OMP_NUM_THREADS) alone. Numbers of threads can change the last bits of a reduction, so results are
identical across backends at the same threads per unit (e.g. one, as under ``OMP_NUM_THREADS=1``).

Stopping (Ctrl-C, SIGTERM, an error in the report process): :meth:`Backend.stop` refuses every later
submission (:class:`Stopped`, under the lock that every submission and every renewal of a broken pool takes,
so none slips in after it) and then ends the backend at once: local workers terminated, a Dask client and
LocalCluster closed. Nothing waits for a running unit; no worker outlives the run.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor, Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import torch

from claims import registry
from claims.report.pool import WorkerPool, check_workers, forkserver_context, signals_deferred
from models.checks import InvalidInputError

LOCAL = "local"
# imported once by the forkserver, so that each worker forked from it starts with torch and the registered families
# loaded (and the renderer with matplotlib, for the pool that draws the figures: :func:`local_map`)
PRELOAD = ("claims.report.jobs", "claims.report.sections")
WORKER_WAIT_S = 60  # how long a run on an existing scheduler waits for its first worker
STOP_TIMEOUT_S = 5  # how long a stopped run waits for its Dask client and cluster to close
MISSING_EXTRA = (
    "--scheduler needs dask and distributed, which are not installed: pip install -e '.[distributed]' "
    "(or run with --workers N for local processes)"
)


def available_cores() -> int:
    """The cores this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def thread_share(cores: int, workers: int) -> int:
    """torch intra-op threads of one worker: its share of the cores, at least 1."""
    return max(1, cores // max(1, workers))


def call_unit(threads: int | None, fn: Callable[..., Any], args: tuple) -> tuple[Any, float]:
    """Run ``fn(*args)`` in a worker with torch's intra-op threads set to ``threads`` (None: leave them);
    returns (value, seconds). Set on every call: a Dask worker runs units on threads of its own pool, and
    OpenMP keeps a thread count per calling thread."""
    if threads is not None:
        torch.set_num_threads(threads)
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


class InProcessExecutor(Executor):
    """Runs each call when it is submitted, in the calling thread, and returns a finished future (no pickling;
    KeyboardInterrupt and other non-Exception exits propagate at once)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


class Stopped(BaseException):
    """The run is stopping (Ctrl-C, SIGTERM, an error): no unit is sent or retried any more. A BaseException,
    so that no ``except Exception`` (an experiment's retry) takes it for a failed unit."""


@dataclass
class Backend:
    """An open executor, what to call it in the report, and the threads each unit runs with.

    ``renew`` (local processes only) replaces a pool that a dead worker broke; None where the backend
    recovers by itself (Dask reschedules a dead worker's tasks) or cannot break (in-process). ``halt`` ends
    the executor at once, for :meth:`stop` (None: nothing runs outside the caller). ``generation`` counts the
    renewals: a unit's failure renews the pool only if no other unit's did since it was sent."""

    executor: Executor
    kind: str
    workers: int
    threads: int | None
    renew: Callable[[], Executor] | None = None
    halt: Callable[[], None] | None = None
    generation: int = 0
    stopped: threading.Event = field(default_factory=threading.Event)
    lock: threading.RLock = field(default_factory=threading.RLock)  # re-entrant: a signal may land inside it

    def describe(self) -> str:
        threads = self.threads if self.threads is not None else torch.get_num_threads()
        return f"{self.kind}; workers × torch threads = {self.workers} × {threads}"

    def submit(self, fn: Callable[..., Any], args: tuple) -> Future:
        return self.send(fn, args)[0]

    def send(self, fn: Callable[..., Any], args: tuple) -> tuple[Future, int]:
        """Submit ``fn(*args)``; returns its future and the generation of the executor that runs it. A pool
        found broken is renewed first; raises :class:`Stopped` once the backend is stopping."""
        with self.lock:
            if self.stopped.is_set():
                raise Stopped
            try:
                return self.executor.submit(call_unit, self.threads, fn, args), self.generation
            except BrokenExecutor:
                if self.renew is None:
                    raise
                self._renew()
                return self.executor.submit(call_unit, self.threads, fn, args), self.generation

    def replace_broken(self, generation: int) -> None:
        """Renew the pool that broke while running a unit sent at ``generation`` (once: a unit sent to an
        executor that was renewed since finds the new one)."""
        with self.lock:
            if self.stopped.is_set():
                raise Stopped
            if generation == self.generation and self.renew is not None:
                self._renew()

    def _renew(self) -> None:
        self.executor = self.renew()
        self.generation += 1

    def stop(self) -> None:
        """Refuse every later submission, then end the executor without waiting for its units (idempotent)."""
        if self.stopped.is_set():
            return
        self.stopped.set()  # read under the lock by every submission: none starts after this
        if self.halt is not None:
            self.halt()


@contextmanager
def open_backend(workers: int | None = None, scheduler: str | None = None) -> Iterator[Backend]:
    """The backend of ``--workers`` / ``--scheduler`` (neither: in-process), shut down on exit."""
    check_workers(workers)
    if scheduler is not None:
        if workers is not None and scheduler != LOCAL:
            raise InvalidInputError(
                f"--workers sets the size of a local pool or of --scheduler local, not of scheduler {scheduler!r}"
            )
        with _dask_backend(scheduler, workers) as backend:
            yield backend
    elif workers is not None:
        with _process_backend(workers) as backend:
            yield backend
    else:
        yield Backend(InProcessExecutor(), "in-process", 1, None)


def _context(*also: str) -> multiprocessing.context.BaseContext:
    """forkserver (spawn where there is none) with :data:`PRELOAD`, the families and sections loaded so far
    (claims.registry.loaded_modules) and ``also`` imported by the server."""
    return forkserver_context([*also, *PRELOAD, *registry.loaded_modules()])


@contextmanager
def _process_backend(workers: int) -> Iterator[Backend]:
    context = _context()
    method = context.get_start_method()
    threads = thread_share(available_cores(), workers)
    backend = Backend(WorkerPool(workers, context), f"{workers} local processes ({method})", workers, threads)

    def renew() -> Executor:
        backend.executor.stop()
        return WorkerPool(workers, context)

    def halt() -> None:
        with backend.lock:  # a pool being renewed is whole first (its workers start in milliseconds)
            backend.executor.stop()

    backend.renew, backend.halt = renew, halt
    try:
        yield backend
    except BaseException:  # interrupted or failed: drop what is queued, stop what runs
        backend.stop()
        raise
    backend.executor.shutdown(wait=True)


@contextmanager
def _dask_backend(scheduler: str, workers: int | None) -> Iterator[Backend]:
    try:
        import distributed
    except ImportError:
        raise InvalidInputError(MISSING_EXTRA) from None
    cluster = client = backend = None
    try:
        if scheduler == LOCAL:
            n = workers or available_cores()
            _dask_forkserver(distributed)
            # its workers start from the ready forkserver in a second or two; a signal then would leave a
            # half-made cluster that no handle reaches (its processes left, its close at exit failing)
            with _environment_kept(), dask_config_for_units(), signals_deferred():
                cluster = distributed.LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    # its HTTP server (health, metrics) on a free loopback port: on the default 8787, taken by
                    # another cluster, it warned on stderr
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    silence_logs=logging.ERROR,
                )
                client = distributed.Client(cluster)
            kind, threads = f"Dask LocalCluster on 127.0.0.1, {n} worker processes", thread_share(available_cores(), n)
        else:
            try:
                client = distributed.Client(scheduler, timeout="20s")
            except (OSError, TimeoutError, ValueError) as exc:  # ValueError: an address without a port, e.g. 'foo'
                raise InvalidInputError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from None
            n, threads = _remote_shares(client, scheduler)
            kind = f"Dask scheduler {scheduler}, {n} task slots"
        # pure=False: a retried unit is a new task, never the failed one's cached outcome
        backend = Backend(client.get_executor(pure=False), kind, n, threads)
        backend.halt = lambda: _halt_dask(client, cluster)
        yield backend
    except BaseException:  # interrupted or failed: its workers end now, not after their tasks
        if backend is not None:
            backend.stop()
        else:
            _halt_dask(client, cluster)
        raise
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


#: the loggers of a Dask run in this process (its scheduler, nannies and client)
DASK_LOGGERS = ("distributed", "tornado")


@contextmanager
def _dask_quiet() -> Iterator[None]:
    """Dask's own loggers silent while a stopped run is taken down: its scheduler and client log each closed
    connection and each task they can no longer gather, with tracebacks, and the run's last line is the one
    that says why it stopped. Their levels are restored once it is down."""
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] in DASK_LOGGERS]
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def _halt_dask(client, cluster) -> None:
    """End a run on Dask at once, quietly (:func:`_dask_quiet`). A LocalCluster's worker processes are killed
    first, their nannies told not to restart them: closed in order, the cluster waited for each running task
    (seconds to minutes), and a worker whose scheduler had gone logged tracebacks. A remote cluster's workers
    are not ours: the client's tasks are released as it closes (those running finish there)."""
    with _dask_quiet():
        if cluster is not None:
            for nanny in list(getattr(cluster, "workers", {}).values()):
                with contextlib.suppress(Exception):
                    nanny.close_gracefully()  # it restarts no worker that dies after this
                with contextlib.suppress(Exception):
                    if nanny.pid:
                        os.kill(nanny.pid, signal.SIGKILL)
        if client is not None:
            with contextlib.suppress(Exception):
                client.close(timeout=STOP_TIMEOUT_S)
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close(timeout=STOP_TIMEOUT_S)


def dask_config_for_units():
    """Dask's configuration for workers that run the report's units: without the ``MALLOC_TRIM_THRESHOLD_`` its
    nanny sets before spawning a worker. An explicit trim threshold turns off glibc's adaptive mmap threshold,
    so every large tensor is mapped and unmapped anew: a du2018a.fig1 check took 15.3 s with it against 10.2 s
    without (measured here). The thread variables (OMP_NUM_THREADS=1 …) stay: each unit sets its own share."""
    import dask

    return dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})


@contextmanager
def _environment_kept() -> Iterator[None]:
    """Restore this process's environment on exit: a Dask nanny writes its workers' variables into the process
    that runs it (``pre-spawn-environ``, documented as "poisoning" it), and every process started from here
    afterwards (a timed report, a git call) would inherit them."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _dask_forkserver(distributed) -> None:
    """A LocalCluster's workers forked from the preloaded forkserver instead of spawned: each spawned worker
    would import torch and the catalogue anew (seconds each). Dask's own preload list is set first, then ours
    with it."""
    import dask

    if "forkserver" in multiprocessing.get_all_start_methods():
        dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"})
        distributed.utils.get_mp_context()
        _context("distributed")


def _remote_shares(client, scheduler: str) -> tuple[int, int]:
    """(task slots, torch threads per task) of an existing cluster: on each host, its cores over the task slots
    of the workers there; the smallest share over the hosts, so that no host is oversubscribed."""
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except TimeoutError:
        raise InvalidInputError(f"no Dask worker joined scheduler {scheduler!r} within {WORKER_WAIT_S} s") from None
    workers = client.scheduler_info()["workers"]
    cores = client.run(available_cores)
    slots: dict[str, int] = {}
    host_cores: dict[str, int] = {}
    for address, info in workers.items():
        host = info.get("host", address)
        slots[host] = slots.get(host, 0) + int(info.get("nthreads", 1))
        host_cores[host] = int(cores.get(address, 1))
    return sum(slots.values()), min(thread_share(host_cores[h], slots[h]) for h in slots)
