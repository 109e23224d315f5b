"""The report's executor seam: the same results.json in-process, in local processes and on a Dask LocalCluster;
retries, failures reported, progress, threads (issue 13)."""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import time

import pytest
import torch

from claims.report import execute, writer
from claims.report.atomic import results_path
from claims.report.execute import open_backend, thread_share
from claims.report.pool import WorkerPool, stop
from claims.report.units import Progress
from claims.spec import derive_seed, seeded_generator
from tests.report import synthetic
from tests.report.synthetic import stable

HAS_DASK = importlib.util.find_spec("distributed") is not None


@pytest.fixture
def tiny(monkeypatch):
    synthetic.install(monkeypatch)


def compute(tmp_path, **kw):
    lines: list[str] = []
    data = writer.compute(bench_dir=tmp_path / "none", log=lines.append, **kw)
    return data, lines


def test_in_process_report_runs_claims_and_map_units(tmp_path, tiny):
    data, lines = compute(tmp_path)
    assert set(data["results"]) == set(synthetic.FAST)
    assert all(r["verdict"] == "SUPPORTED" for rs in data["results"].values() for r in rs)
    (section,) = data["sections"]
    assert len(section["data"]["values"]) == 5 and section["data"]["again"] == section["data"]["values"][:2]
    # ctx.offload: the experiment's own generator and claims in the unit, which runs without a mapper
    ctx_draws = torch.randn(3, generator=seeded_generator(section_seed(), "offloaded", "cpu"), dtype=torch.float64)
    assert section["data"]["offloaded"] == {"draws": ctx_draws.tolist(), "claims": ["du2018a.thm3.1"], "mapper": True}
    assert data["header"]["executor"].startswith("in-process; workers × torch threads = 1 × ")
    # progress: one line per unit, done / planned; the plan grows by the map units when the experiment runs
    done = [line for line in lines if line.startswith("[")]
    claims = sum(synthetic.instances(i) for i in synthetic.FAST)
    units = claims + 1 + 5 + 2 + 1  # the section, its five and two map units, the offloaded one
    assert len(done) == units and done[-1].startswith(f"[{units}/{units}]") and "left" in done[-1]
    assert sum("section/ext.synthetic/map1/" in line for line in done) == 2  # each ctx.map call its own keys
    # each unit's seed comes from its key: the instances of one claim differ, and are not the run's seed
    seeds = [r["seed"] for r in data["results"]["du2018a.thm3.1"]]
    assert len(set(seeds)) == synthetic.instances("du2018a.thm3.1") and writer.REPORT_SEED not in seeds


def section_seed() -> int:
    return derive_seed(writer.REPORT_SEED, "section/ext.synthetic")


def test_same_results_in_process_and_in_two_local_processes(tmp_path, tiny):
    here, _ = compute(tmp_path)
    there, _ = compute(tmp_path, workers=2)
    assert there["header"]["executor"].startswith("2 local processes (")
    assert "workers × torch threads = 2 × " in there["header"]["executor"]
    assert json.dumps(stable(here), sort_keys=True) == json.dumps(stable(there), sort_keys=True)


@pytest.mark.skipif(not HAS_DASK, reason="dask[distributed] is not installed (pip install -e '.[distributed]')")
def test_same_results_on_a_two_worker_dask_local_cluster(tmp_path, tiny):
    here, _ = compute(tmp_path)
    there, _ = compute(tmp_path, scheduler="local", workers=2)
    assert there["header"]["executor"].startswith("Dask LocalCluster on 127.0.0.1, 2 worker processes")
    assert json.dumps(stable(here), sort_keys=True) == json.dumps(stable(there), sort_keys=True)


def environment_of_this_process(names: tuple[str, ...]) -> dict[str, str | None]:
    return {name: os.environ.get(name) for name in names}


@pytest.mark.skipif(not HAS_DASK, reason="dask[distributed] is not installed (pip install -e '.[distributed]')")
def test_a_local_cluster_leaves_this_process_environment_alone_and_its_workers_untrimmed():
    """Dask's nanny writes its workers' variables (MALLOC_TRIM_THRESHOLD_, OMP_NUM_THREADS …) into the process
    that runs it; processes started from the report afterwards inherited them (a timed report ran 1.6× slower).
    The units run without the trim threshold (1.5× slower with it)."""
    names = ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "PYTHONHASHSEED")
    before = dict(os.environ)
    with open_backend(workers=1, scheduler="local") as backend:
        in_worker, _ = backend.submit(environment_of_this_process, (names,)).result()
        assert dict(os.environ) == before
    assert dict(os.environ) == before
    assert in_worker["MALLOC_TRIM_THRESHOLD_"] is None


def test_a_failing_map_unit_is_retried_and_its_result_kept(tmp_path, monkeypatch):
    marker = tmp_path / "flaky"

    def experiment(ctx):
        return {"values": ctx.map(synthetic.flaky, [(str(marker), "raise")])}

    section = synthetic.Section("ext", "flaky", "Flaky", experiment, synthetic.render)
    synthetic.install(monkeypatch, sections=(section,), ids=synthetic.FAST[1:])
    data, lines = compute(tmp_path)
    assert data["sections"][0]["data"] == {"values": [1.0]}
    assert any("failed (attempt 1, RuntimeError); will retry" in line for line in lines)


def test_a_retried_experiment_takes_its_finished_units_from_the_run_not_again(tmp_path, monkeypatch):
    """An experiment whose own code raises after its map runs once more (jobs.SECTION_ATTEMPTS); its second
    attempt's calls have the first's keys, so the units that finished are not computed again."""
    calls, attempts = tmp_path / "calls", []

    def experiment(ctx):
        values = ctx.map(synthetic.counted, [(str(calls), i) for i in range(3)])
        attempts.append(values)
        if len(attempts) == 1:
            raise RuntimeError("the experiment's own code failed after its map")
        return {"values": values}

    section = synthetic.Section("ext", "retried", "Retried", experiment, synthetic.render)
    synthetic.install(monkeypatch, sections=(section,), ids=())
    data, lines = compute(tmp_path)
    assert data["sections"][0]["data"] == {"values": [0, 1, 2]} and len(attempts) == 2
    assert calls.read_text().split() == ["0", "1", "2"]  # each unit computed once
    assert sum("already done in this run" in line for line in lines) == 3
    assert any("raised on attempt 1: RuntimeError: the experiment's own code failed" in line for line in lines)


def test_a_dead_worker_breaks_the_pool_and_its_unit_runs_again(tmp_path, monkeypatch):
    marker = tmp_path / "die"

    def experiment(ctx):
        return {"values": ctx.map(synthetic.flaky, [(str(marker), "die")])}

    section = synthetic.Section("ext", "dies", "Dies", experiment, synthetic.render)
    synthetic.install(monkeypatch, sections=(section,), ids=())
    data, lines = compute(tmp_path, workers=1)
    assert data["sections"][0]["data"] == {"values": [1.0]}
    assert any("BrokenProcessPool" in line for line in lines)


def test_units_failing_twice_are_reported_not_dropped(tmp_path, monkeypatch):
    def experiment(ctx):
        return {"values": ctx.map(synthetic.always_fails, [0])}

    section = synthetic.Section("ext", "fails", "Always fails", experiment, synthetic.render)
    synthetic.install(monkeypatch, sections=(section,))
    monkeypatch.setattr("claims.report.jobs.run_claim_instance", synthetic.always_fails_claim)
    out = writer.write_report(out=tmp_path / "REPORT.md", bench_dir=tmp_path / "none", log=lambda _: None)
    data = json.loads(results_path(out).read_text())
    rs = data["results"]["du2018a.thm3.1"]
    assert len(rs) == synthetic.instances("du2018a.thm3.1")
    assert all(r["verdict"] == "INCONCLUSIVE" and r["failed"] and r["trials"] == 0 for r in rs)
    assert "failed 2 times; last: ValueError" in rs[0]["reason"]
    assert "ValueError: this unit always fails" in data["sections"][0]["error"]
    text = out.read_text()
    assert "**Not computed in this run**: unit section/ext.fails/map0/0 failed 2 times" in text
    # the α budget was split over every planned unit, failed or not: the claims' instances and 1 section
    planned = sum(synthetic.instances(i) for i in synthetic.FAST) + 1
    assert f"split over {planned} claim instances and report sections" in data["header"]["alpha"]


def test_a_unit_that_refuses_its_input_is_not_retried(tmp_path, monkeypatch):
    """A refusal (bad input, a resource limit: InvalidInputError) is the same on every attempt: one, then given
    up, where any other error is retried once."""

    def experiment(ctx):
        return {"values": ctx.map(synthetic.refuses, [0])}

    section = synthetic.Section("ext", "refuses", "Refuses", experiment, synthetic.render)
    synthetic.install(monkeypatch, sections=(section,), ids=())
    lines: list[str] = []
    out = writer.write_report(out=tmp_path / "REPORT.md", bench_dir=tmp_path / "none", log=lines.append)
    failed = [line for line in lines if line.startswith("unit section/ext.refuses/map0/0 failed")]
    assert failed == ["unit section/ext.refuses/map0/0 failed (attempt 1, InvalidInputError); giving up"]
    error = json.loads(results_path(out).read_text())["sections"][0]["error"]
    assert "failed once, refusing its input: InvalidInputError: max_work: refused" in error


def test_progress_estimates_the_rest_from_the_mean_time_per_unit_so_far():
    lines: list[str] = []
    progress = Progress(lines.append, planned=4)
    progress.start -= 20.0  # as if the first unit finished 20 s after the start: 3 more at that rate
    progress.finished("claim/x/0", "20.0 s")
    assert lines == ["[1/4] claim/x/0: 20.0 s · elapsed 20s · about 1m00s left (of the units planned so far)"]


def test_thread_share_is_the_cores_over_the_workers_at_least_one():
    assert [thread_share(2, w) for w in (1, 2, 3)] == [2, 1, 1]
    assert thread_share(16, 3) == 5


def test_bad_worker_counts_and_a_remote_scheduler_with_workers_are_refused():
    for bad in (0, -1, 1.5, True):
        with pytest.raises(writer.InvalidInputError, match="workers must be an integer >= 1"), open_backend(bad):
            pass
    refused = pytest.raises(writer.InvalidInputError, match="not of scheduler 'tcp://x:1'")
    with refused, open_backend(workers=2, scheduler="tcp://x:1"):
        pass


def test_sections_run_side_by_side_keep_their_order_and_raise_in_the_caller():
    """With workers the sections' experiments run in threads of the report process (writer.start_concurrently):
    results in the order given, each thread with the caller's torch thread count, an error re-raised."""
    import threading

    import torch

    gate = threading.Barrier(3, timeout=30)  # all three calls must be running at once to pass the barrier

    def fn(x):
        gate.wait()
        return x * 10, torch.get_num_threads()

    threads = torch.get_num_threads()
    assert writer.start_concurrently(fn, [3, 1, 2])() == [(30, threads), (10, threads), (20, threads)]

    def bad(x):
        if x == 2:
            raise ValueError("section 2 failed")
        return x

    with pytest.raises(ValueError, match="section 2 failed"):
        writer.start_concurrently(bad, [1, 2, 3])()


def test_stop_ends_the_running_workers_of_a_pool_at_once():
    """A pool ended by an exception (Ctrl-C; SIGTERM raised as one) is stopped: the unit running in a worker is
    ended, not waited for (a unit of the report or a probe of the resolution tool may run for half an hour)."""
    pool = WorkerPool(1, multiprocessing.get_context("spawn"))
    pool.submit(time.sleep, 600)
    workers = list(pool.processes.values())  # every worker is up when the pool is made
    stop(pool)
    for worker in workers:
        worker.join(10)
        assert not _runs(worker), worker


def test_a_pool_never_given_a_unit_ends_its_workers_on_shutdown():
    """Its workers start with it, but the executor's thread that tells them to end starts with the first unit:
    a report whose only section failed in the report process before its first unit waited at exit for workers
    that waited for work."""
    pool = WorkerPool(1, multiprocessing.get_context("spawn"))
    # held as in the report process, whose workers are long up by its end: dropped here, their semaphores went
    # with them and the worker, still starting, failed to unpickle them and ended by itself (a vacuous pass)
    queues = pool._call_queue, pool._result_queue
    workers = list(pool.processes.values())
    pool.shutdown(wait=True)
    for worker in workers:
        worker.join(10)
        assert not _runs(worker), worker
    del queues


def _runs(worker: multiprocessing.Process) -> bool:
    """Whether ``worker``'s process still runs. On Linux its /proc entry says so: is_alive() alone can answer
    True for a dead worker whose exit status the executor's own thread collected first (both threads wait on
    the pid; the loser's waitpid gets ECHILD, which multiprocessing reads as "not yet")."""
    try:
        with open(f"/proc/{worker.pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False  # reaped
    except OSError:
        return worker.is_alive()  # no /proc here
    return state not in ("Z", "X")  # a zombie has ended: only its status waits to be collected


def test_a_local_backend_ended_by_an_exception_is_stopped(monkeypatch):
    stopped = []
    monkeypatch.setattr(execute.Backend, "stop", lambda self: stopped.append(self))
    with pytest.raises(KeyboardInterrupt), open_backend(workers=2) as backend:
        raise KeyboardInterrupt
    backend.executor.stop()
    assert stopped == [backend]


def test_a_unit_runs_with_its_workers_share_of_threads():
    before = torch.get_num_threads()
    share = before + 1  # not what the process has, so that the call must set it
    try:
        assert execute.call_unit(share, torch.get_num_threads, ())[0] == share
        assert execute.call_unit(None, torch.get_num_threads, ())[0] == share  # None: left as it is
    finally:
        torch.set_num_threads(before)


class _Cluster:
    """What _remote_shares asks of a Dask client: two workers of 2 task slots on an 8-core host, one worker of
    2 slots on a 1-core host."""

    def __init__(self, joins: bool = True):
        self.joins = joins

    def wait_for_workers(self, n, timeout):
        if not self.joins:
            raise TimeoutError

    def scheduler_info(self):
        return {
            "workers": {
                "tcp://a:1": {"host": "a", "nthreads": 2},
                "tcp://a:2": {"host": "a", "nthreads": 2},
                "tcp://b:1": {"host": "b", "nthreads": 2},
            }
        }

    def run(self, fn):
        return {"tcp://a:1": 8, "tcp://a:2": 8, "tcp://b:1": 1}


def test_a_remote_cluster_gives_each_task_the_smallest_hosts_share_of_threads():
    """All slots count; threads per task are the smallest host share (a: 8 cores over 4 slots, b: 1 over 2, at
    least 1), so that no host is oversubscribed."""
    assert execute._remote_shares(_Cluster(), "tcp://x:1") == (6, 1)
    with pytest.raises(execute.InvalidInputError, match="no Dask worker joined scheduler 'tcp://x:1' within"):
        execute._remote_shares(_Cluster(joins=False), "tcp://x:1")


def test_a_broken_pool_is_renewed_once_for_all_the_units_it_took_down():
    """Each unit of a pool that broke reports it; the pool is renewed for the first, and a unit sent before that
    renewal finds the new pool (its generation is behind) rather than renewing it again."""
    pools = []

    def renew():
        pools.append(execute.InProcessExecutor())
        return pools[-1]

    backend = execute.Backend(execute.InProcessExecutor(), "test", 1, None, renew=renew)
    _, generation = backend.send(abs, (-1,))
    backend.replace_broken(generation)
    backend.replace_broken(generation)  # a second unit of the same broken pool
    assert len(pools) == 1 and backend.generation == 1 and backend.executor is pools[0]
    backend.replace_broken(backend.generation)  # the new pool broke too
    assert len(pools) == 2 and backend.generation == 2
