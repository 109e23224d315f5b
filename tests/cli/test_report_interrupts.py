"""SIGINT and SIGTERM end a report run within seconds, in-process, under ``--workers 2`` and on a Dask
LocalCluster, at any moment (before the first unit, between units, in the middle of one, while the report is
written): exit 130 or 143, one line on stderr after the progress printed before the signal, no traceback,
the previous report byte for byte, no process of the run left, and ``--resume`` completes with the results of
an uninterrupted run (issue 21: an interrupt under load logged "cannot schedule new futures after shutdown",
sat idle for minutes, and a SIGTERM then left 4 workers running).

Real processes and real signals. :data:`FAULTS` is the table of cases; one runs in the default test run
(without the --resume: seconds), the others under ``-m slow`` (each with its --resume: tens of seconds)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from claims.report import writer
from claims.report.atomic import results_path
from claims.report.execute import Backend, Stopped
from claims.report.pool import WorkerPool
from claims.report.units import Dispatcher, Progress, RunLog, Unit
from tests.report.synthetic import stable

psutil = pytest.importorskip("psutil")  # installed with the distributed extra

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
HAS_DASK = importlib.util.find_spec("distributed") is not None
#: three units of a tenth of a second, then two of two to six seconds (on 2 cores, idle to loaded)
ONLY = ("du2018a.thm3.1", "clc2018.critical_values")
CODES = {signal.SIGINT: (130, "interrupted"), signal.SIGTERM: (143, "terminated")}
#: the report's CLI; at "publishing" the rendering blocks (its figure pool already started) after a marker line
CHILD = textwrap.dedent(
    """
    import sys, time
    from claims import __main__ as cli
    from claims.report import publishing

    if sys.argv[1] == "publishing":
        def render(*args, **kwargs):
            print("publishing", file=sys.stderr, flush=True)
            time.sleep(300)
        publishing.render = render
    sys.exit(cli.main(["report", *sys.argv[2:]]))
    """
)
#: when the signal is sent: after the first stderr line that starts with the marker, and this many seconds
MOMENTS = {
    "before the first unit": ("executor:", 0.0),
    "between units": ("[1/", 0.0),
    "in the middle of a unit": ("[3/", 0.5),
    "while the report is written": ("publishing", 0.5),
}
BACKENDS = {
    "in-process": (),
    "--workers 2": ("--workers", "2"),
    "LocalCluster": ("--scheduler", "local", "--workers", "2"),
}
PROGRESS = re.compile(r"(executor: |\[\d+/\d+\] |publishing$)")
EXIT_WITHIN_S = 30  # generous, for a loaded machine: a fixed run exits in seconds; an unfixed one waited for its units
GONE_WITHIN_S = 10


def _sigint_default():  # in the child before exec: SIGINT as a terminal delivers it (a `&` test run ignores it)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@dataclass
class Interrupted:
    returncode: int
    stderr: str
    seconds: float  # from the signal to the exit
    left: list = field(default_factory=list)  # processes of the run alive GONE_WITHIN_S after it exited


def interrupt(folder: Path, sig: int, moment: str, backend: tuple[str, ...]) -> Interrupted:
    """A report run into ``folder`` sent ``sig`` at ``moment``; every process it started is watched."""
    marker, delay = MOMENTS[moment]
    args = ["--out", str(folder / "REPORT.md"), "--bench-dir", os.devnull, *_only(), *backend]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, "publishing" if marker == "publishing" else "run", *args],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_sigint_default,
    )
    lines: list[str] = []
    seen: dict[int, psutil.Process] = {}
    reached = threading.Event()

    def read() -> None:
        for line in child.stderr:
            lines.append(line)
            if line.startswith(marker):
                reached.set()

    def watch() -> None:  # every descendant, also those started after the signal
        while child.poll() is None:
            try:
                for p in psutil.Process(child.pid).children(recursive=True):
                    seen.setdefault(p.pid, p)
            except psutil.Error:
                pass
            time.sleep(0.05)

    threads = [threading.Thread(target=read, daemon=True), threading.Thread(target=watch, daemon=True)]
    for t in threads:
        t.start()
    try:
        assert reached.wait(300), f"never reached {marker!r}: {''.join(lines)}"
        time.sleep(delay)
        sent = time.monotonic()
        child.send_signal(sig)
        child.wait(timeout=EXIT_WITHIN_S)
        seconds = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for t in threads:
            t.join(10)
        child.stderr.close()
    return Interrupted(child.returncode, "".join(lines), seconds, _left(seen.values()))


def _only() -> list[str]:
    return [a for claim in ONLY for a in ("--only", claim)]


def _left(processes) -> list[str]:
    deadline = time.monotonic() + GONE_WITHIN_S
    while True:
        alive = [p for p in processes if _alive(p)]
        if not alive or time.monotonic() > deadline:
            named = [f"{p.pid} {' '.join(p.cmdline())[:120]}" for p in alive]
            for p in alive:  # not this test's to leave behind
                p.kill()
            return named
        time.sleep(0.1)


def _alive(p) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the unit cache (kept for --resume), by path."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and writer.CACHE not in p.parts
    }


@pytest.fixture(scope="module")
def uninterrupted():
    """The results of the same units run without interruption (in this process: the same threads per unit,
    one, as in every backend under OMP_NUM_THREADS=1, so the same bits)."""
    return stable(writer.compute(only=ONLY, bench_dir=os.devnull)["results"])


def check(folder: Path, sig: int, moment: str, backend: tuple[str, ...], uninterrupted=None) -> None:
    """The case's assertions; with ``uninterrupted`` (the results of an uninterrupted run) --resume too."""
    (folder / "REPORT.md").write_text("the previous report\n")
    (folder / "report").mkdir()
    (folder / "report" / "notes.txt").write_text("a file of the previous report's folder\n")
    before = snapshot(folder)
    done = interrupt(folder, sig, moment, backend)
    code, line = CODES[sig]
    err = done.stderr.splitlines()
    assert (done.returncode, err[-1:]) == (code, [line]), done.stderr
    assert all(PROGRESS.match(x) for x in err[:-1]), done.stderr  # the progress before the signal, then one line
    assert "Traceback" not in done.stderr and "cannot schedule" not in done.stderr
    assert done.seconds < EXIT_WITHIN_S
    assert done.left == [], "processes of the run left behind"
    assert snapshot(folder) == before
    if uninterrupted is None:
        return
    out = str(folder / "REPORT.md")
    resumed = subprocess.run(
        [sys.executable, "-m", "claims", "report", "--out", out, "--bench-dir", os.devnull, *_only(), "--resume"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert resumed.returncode == 0, resumed.stderr
    results = json.loads(results_path(folder / "REPORT.md").read_text())["results"]
    assert stable(results) == uninterrupted


def _case(sig: int, moment: str, backend: str, *marks, resume: bool = True):
    name = f"{sig.name}-{moment}-{backend}{'' if resume else '-no_resume'}".replace(" ", "_")
    return pytest.param(sig, moment, BACKENDS[backend], resume, id=name, marks=marks)


_DASK = pytest.mark.skipif(not HAS_DASK, reason="dask[distributed] is not installed (pip install -e '.[distributed]')")
#: the table of signal faults: each signal at each moment, in-process, under --workers 2 and on a LocalCluster,
#: each followed by --resume (slow); the issue's case (SIGTERM in the middle of a unit, under workers) also runs
#: in the default run, without the --resume
FAULTS = [
    _case(signal.SIGTERM, "in the middle of a unit", "--workers 2", resume=False),
    *[
        _case(sig, moment, backend, pytest.mark.slow, *([_DASK] if backend == "LocalCluster" else []))
        for backend in BACKENDS
        for sig in CODES
        for moment in MOMENTS
    ],
]


@pytest.mark.parametrize(("sig", "moment", "backend", "resume"), FAULTS)
def test_a_signal_ends_the_run_at_once_quietly_and_leaves_nothing_running(
    request, tmp_path, sig, moment, backend, resume
):
    check(tmp_path, sig, moment, backend, request.getfixturevalue("uninterrupted") if resume else None)


# The race itself, without processes: a unit cancelled by the stop is neither retried nor logged, and
# nothing is submitted to the executor once it is stopping (it was: "cannot schedule new futures after shutdown").


def test_a_stopped_backend_takes_no_unit_and_its_cancelled_units_are_not_retried():
    gate = threading.Event()
    pool = ThreadPoolExecutor(1)

    def halt():
        pool.shutdown(wait=False, cancel_futures=True)
        gate.set()

    lines: list[str] = []
    log = RunLog(lines.append)
    backend = Backend(pool, "one thread", 1, None, halt=halt)
    dispatcher = Dispatcher(backend, Progress(log))
    running = dispatcher.submit(Unit("running", gate.wait, (30,)))
    queued = dispatcher.submit(Unit("queued", gate.wait, (30,)))
    log.close()
    backend.stop()
    with pytest.raises(Stopped):
        dispatcher.result(queued)  # cancelled by the stop: not a failure to retry
    assert dispatcher.result(running) is True  # a unit that finished is still its value
    with pytest.raises(Stopped):
        dispatcher.submit(Unit("later", gate.wait, (0,)))
    assert lines == []
    pool.shutdown(wait=True)


def test_a_worker_pool_starts_every_worker_at_once_and_stop_ends_them():
    """WorkerPool relies on ProcessPoolExecutor's _spawn_process and _processes (no public handle before
    Python 3.14): all workers are up before the first submission, and stop() leaves none."""
    import multiprocessing

    pool = WorkerPool(2, multiprocessing.get_context("spawn"))  # spawn: the workers import on their own
    workers = list(pool.processes.values())
    assert len(workers) == 2 and all(w.is_alive() for w in workers)
    pool.stop()
    assert not any(w.is_alive() for w in workers) and all(w.exitcode is not None for w in workers)


def test_signals_are_held_while_workers_start_and_a_second_one_goes_through(sigint_handled):
    """Workers and a LocalCluster start with SIGINT and SIGTERM held back (a signal then left processes that
    no handle reached); the signal is delivered when they are up, and the same signal twice at once."""
    from claims.report.pool import signals_deferred

    reached = []
    with pytest.raises(KeyboardInterrupt), signals_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)
        reached.append("after the first")
    with pytest.raises(KeyboardInterrupt), signals_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
        reached.append("after the second")
    assert reached == ["after the first"] and signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.fixture
def sigint_handled():
    """Python's own SIGINT handler while the test runs (a test run started with `&` inherits SIGINT ignored)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)
