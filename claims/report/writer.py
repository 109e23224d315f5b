"""``python -m claims report``: run every claim's report instances and every experiment, then write REPORT.md.

Two phases with a data seam between them: :func:`compute` runs everything and returns the results data (what
results.json holds); :func:`publish` renders that data into REPORT.md and its figures and swaps them in
atomically. ``--from-results`` calls :func:`claims.report.publishing.rerender` alone on an earlier run's results.json
(no torch, no catalogue).
"""

from __future__ import annotations

import json
import shlex
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import torch

from claims import registry
from claims.engine.devices import dtype_name, resolve_device, resolve_dtype
from claims.engine.machine import cpu_description
from claims.engine.stamp import utc_minute
from claims.engine.version import code_version
from claims.report.atomic import check_out
from claims.report.execute import Backend, InProcessExecutor, available_cores, open_backend
from claims.report.jobs import check_cached, claim_unit, failed_instance, run_section
from claims.report.publishing import measurements, publish
from claims.report.render import claim_record
from claims.report.runs import git_commit, load_average
from claims.report.schema import SCHEMA_VERSION
from claims.report.sections import all_sections
from claims.report.units import DISK_FULL, Dispatcher, Progress, RunLog, UnitCache, UnitFailed
from claims.spec import ExperimentContext, check_profile, derive_seed
from claims.stats import AlphaBudget
from models.checks import InvalidInputError

SUITE_ALPHA = 0.01
REPORT_SEED = 2018
CACHE = ".claims-cache"  # folder beside REPORT.md: finished units of an unfinished run (--resume)


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return f"cpu ({cpu_description()})"


def compute(
    *,
    profile: str = "quick",
    device: str = "cpu",
    dtype: str = "float64",
    bench_dir: str | Path = "benchmarks",
    alpha: float = SUITE_ALPHA,
    only: Iterable[str] = (),
    log: Callable[[str], None] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    cache_dir: str | Path | None = None,
    resume: bool = False,
    sections: Iterable[str] = (),
    select: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, Any]:
    """Run the report's claims and experiments; return the results data (JSON-serialisable).

    Units (claim instances, experiments' ``ctx.map`` items) run in-process, in ``workers`` local processes
    or on the Dask ``scheduler`` (``"local"``: a LocalCluster) — :mod:`claims.report.execute`; finished units
    are cached under ``cache_dir`` and, with ``resume``, read back (:mod:`claims.report.units`)."""
    check_profile(profile)
    dev, dt_ = resolve_device(device), resolve_dtype(dtype)
    only, chosen = tuple(only), tuple(sections or ())
    claims = tuple(registry.get(i) for i in only) if only or chosen else registry.all_claims()
    sections = select_sections(chosen) if only or chosen else list(all_sections())
    selection = check_selection(select or {}, sections, chosen, profile)
    units = sum(len(c.report_instances[profile]) for c in claims) + len(sections)
    budget = AlphaBudget(alpha).split("claim instances and report sections", max(units, 1))
    tell = RunLog(log or (lambda _: None))
    settings = [profile, str(dev), dtype_name(dt_), budget.share, REPORT_SEED] + ([selection] if selection else [])
    cache = _cache(cache_dir, resume, settings, tell)
    start, commit, load = time.perf_counter(), git_commit(), load_average()
    with open_backend(workers, scheduler) as backend, _threads(backend.threads), _stopping(backend, tell):
        tell(f"executor: {backend.describe()}; {units} claim instances and sections planned")
        progress = Progress(tell, planned=units)
        dispatcher = Dispatcher(backend, progress, cache)
        common = dict(seed=REPORT_SEED, device=str(dev), dtype=dtype_name(dt_), alpha=budget.share)
        every = {c.id: c for c in registry.all_claims()}

        def section(s):  # the experiment's own code here; its ctx.map and ctx.offload units on the backend
            key = f"section/{s.family}.{s.key}"
            ctx = ExperimentContext(
                profile,
                dev,
                dt_,
                budget.share,
                derive_seed(REPORT_SEED, key),
                {i: every[i] for i in s.claims},
                selection,
            )
            return run_section(s, ctx, dispatcher, cache, progress)

        # With workers the sections start first: their units (the report's longest) reach the queue before the
        # claim instances'; the order changes no result (seeds come from keys)
        parallel = not isinstance(backend.executor, InProcessExecutor)
        sections_done = start_concurrently(section, sections) if parallel else None
        planned = {
            c.id: [
                dispatcher.submit(claim_unit(c, i, o, **common), counted=True)
                for i, o in enumerate(c.report_instances[profile])
            ]
            for c in claims
        }
        data: dict[str, Any] = {"claims": {c.id: claim_record(c) for c in claims}, "results": {}, "sections": []}
        data["sections"] = sections_done() if sections_done else [section(s) for s in sections]
        for c in claims:
            data["results"][c.id] = [_collect(dispatcher, c, t) for t in planned[c.id]]
        executor = backend.describe()
    data.update(measurements(bench_dir))
    command = f"python -m claims report --profile {profile} --device {device} --dtype {dtype}"
    command += "".join(f" --only {i}" for i in only)  # no executor flags: any executor gives these results
    command += "".join(f" --section {name}" for name in chosen)
    command += "".join(f" --select {shlex.quote(f'{k}={v}')}" for k, vs in selection.items() for v in vs)
    data["header"] = _header(dev, dt_, profile, budget, executor, time.perf_counter() - start, command, commit)
    data["header"]["load_average"] = load
    if cache is not None and cache.resumed["units"]:  # --resume: what the units read back took before
        data["header"]["resumed"] = {k: round(v, 1) if k == "seconds" else int(v) for k, v in cache.resumed.items()}
    data["schema_version"] = SCHEMA_VERSION
    return data


def start_concurrently(fn: Callable[[Any], Any], items: list) -> Callable[[], list]:
    """Start fn(x) for each x of ``items``, each in its own daemon thread; return the call that waits for all
    and gives their results in the order of ``items`` (re-raising the first error in the caller).

    With workers, the sections' experiments run side by side in the report process: each only gathers its
    units (``ctx.map``, ``ctx.offload``) and waits on them, so none holds the workers idle until it ends. The
    results do not depend on the order: every section's and unit's seed comes from its key. Each thread takes
    the report process's torch thread count (OpenMP keeps one per thread); daemon threads, so that Ctrl-C or
    SIGTERM ends the run at once (the previous report stays: it is replaced only when a run completes)."""
    threads = torch.get_num_threads()
    results: list[Any] = [None] * len(items)
    errors: list[BaseException] = []

    def one(i: int, x: Any) -> None:
        torch.set_num_threads(threads)
        try:
            results[i] = fn(x)
        except BaseException as exc:  # re-raised in the calling thread
            errors.append(exc)

    running = [threading.Thread(target=one, args=(i, x), daemon=True) for i, x in enumerate(items)]
    for t in running:
        t.start()

    def join() -> list:
        for t in running:
            t.join()
        if errors:
            raise errors[0]
        return results

    return join


def _header(
    dev, dt_, profile: str, budget: AlphaBudget, executor: str, seconds: float, command: str, commit: str
) -> dict:
    return {
        "date": utc_minute(),
        "device": _device_name(dev),
        "dtype": dtype_name(dt_),
        "torch": torch.__version__,
        "profile": profile,
        "alpha": budget.describe(),
        "alpha_share": budget.share,
        "executor": executor,
        "wall_time_s": round(seconds, 1),
        "commit": commit,
        "command": command,
    }


def check_selection(select: Mapping[str, Iterable[str]], sections: list, chosen: tuple[str, ...], profile: str) -> dict:
    """``--select`` KEY=VALUE pairs as key → values (in the order given): a part of each chosen experiment, so
    only with ``--section``; every chosen section's own check (``Section.select``) must accept it, before the
    first trial (an experiment's error would only mark its section not computed)."""
    selection = {str(k): tuple(str(v) for v in vs) for k, vs in select.items()}
    if not selection:
        return {}
    if not chosen:
        raise InvalidInputError(f"select needs --section (the experiment it selects from), got select {selection}")
    for s in sections:
        s.check_selection(profile, selection)
    return selection


def select_sections(names: Iterable[str]) -> list:
    """The experiments named (a family, e.g. du2018a, or one experiment, family.key), in the report's order;
    an unknown name is refused with the known ones."""
    every = list(all_sections())
    known = sorted({s.family for s in every} | {f"{s.family}.{s.key}" for s in every})
    for name in names:
        if name not in known:
            raise InvalidInputError(f"section must be a family or family.key of an experiment, got {name!r}; "
                                    f"known: {', '.join(known)}")  # fmt: skip
    return [s for s in every if s.family in names or f"{s.family}.{s.key}" in names]


def _cache(cache_dir: str | Path | None, resume: bool, settings: list, log) -> UnitCache | None:
    """The run's unit cache: keyed by the code version and by the settings that change a unit's value; every
    entry checked before it is used (claims.report.units.UnitCache, jobs.check_cached)."""
    if cache_dir is None:
        if resume:
            raise InvalidInputError("resume needs the cache folder of an earlier run (cache_dir)")
        return None
    return UnitCache(Path(cache_dir) / code_version(), json.dumps(settings), read=resume, log=log, check=check_cached)


def _collect(dispatcher: Dispatcher, claim, ticket) -> dict[str, Any]:
    try:
        return dispatcher.result(ticket)
    except UnitFailed as exc:
        return failed_instance(claim, ticket.unit, exc)


@contextmanager
def _stopping(backend: Backend, log: RunLog):
    """On Ctrl-C, SIGTERM or an error: the log falls silent first (the caller's line is the run's last), then
    the backend stops: nothing more is sent or retried, no running unit is waited for, no worker is left."""
    try:
        yield
    except BaseException:
        log.close()
        backend.stop()
        raise


@contextmanager
def _threads(threads: int | None):
    """This process's torch threads while its workers run (its experiments' own code shares the cores)."""
    before = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def write_report(
    *,
    profile: str = "quick",
    device: str = "cpu",
    dtype: str = "float64",
    out: str | Path = "REPORT.md",
    bench_dir: str | Path = "benchmarks",
    alpha: float = SUITE_ALPHA,
    only: Iterable[str] = (),
    log: Callable[[str], None] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    sections: Iterable[str] = (),
    select: Mapping[str, Iterable[str]] | None = None,
) -> Path:
    """Run everything (:func:`compute`) and write the report (:func:`publish`).

    Finished units are cached in ``.claims-cache/`` beside ``out`` while the run lasts, so that ``resume``
    continues an interrupted run; the cache is removed once the report is published."""
    cache_dir = check_out(out).parent / CACHE
    try:
        data = compute(
            profile=profile,
            device=device,
            dtype=dtype,
            bench_dir=bench_dir,
            alpha=alpha,
            only=only,
            log=log,
            workers=workers,
            scheduler=scheduler,
            cache_dir=cache_dir,
            resume=resume,
            sections=sections,
            select=select,
        )
        path = publish(data, out, workers or (available_cores() if scheduler else None))
    except OSError as exc:
        if exc.errno in DISK_FULL:  # nothing of this run is kept on a full disk: the cache goes too
            shutil.rmtree(cache_dir, ignore_errors=True)
        raise
    shutil.rmtree(cache_dir, ignore_errors=True)
    return path
