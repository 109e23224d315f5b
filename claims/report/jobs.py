"""What the report runs, as units: each claim's report instances, and each experiment with its ``ctx.map``.

* A claim instance is one unit (:func:`claim_unit`), keyed ``claim/<id>/<index>``, with the seed
  derive_seed(report seed, key): the same instance gets the same trials whatever runs it and in whatever order.
* An experiment runs here, in the report's own process, and its own code only gathers and summarises: the
  independent units it hands to ``ctx.map`` go to the backend (:func:`section_mapper`), keyed
  ``section/<family>.<key>/map<call>/<item>``, and one with nothing to split hands its whole computation over
  as one unit (``ctx.offload``, a map of one item), so that no computation competes with the workers for the
  cores. Its data is cached as a whole once it is done.
* A unit that fails on every attempt is reported: an INCONCLUSIVE instance whose reason names the error, or
  a section marked as not computed. The α budget was split over every planned unit before any ran.
"""

from __future__ import annotations

import itertools
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from claims import registry
from claims.engine.result import Result
from claims.engine.runner import run
from claims.report.units import DamagedEntry, Dispatcher, Progress, Unit, UnitCache, UnitFailed, as_json
from claims.spec import Claim, ExperimentContext, Verdict, derive_seed

if TYPE_CHECKING:  # no renderer here: a spawned worker (where there is no forkserver) never imports matplotlib
    from claims.report.section import Section

SECTION_ATTEMPTS = 2  # an experiment whose own code raises runs once more (its finished map units are cached)


def run_claim_instance(
    claim_id: str, overrides: dict[str, Any], seed: int, device: str, dtype: str, alpha: float
) -> dict[str, Any]:
    """One report instance of one claim (a unit: module-level, picklable arguments, the claim found by id)."""
    claim = registry.get(claim_id)
    result = run(claim, params=overrides, seed=seed, device=device, dtype=dtype, alpha=alpha)
    return {**result.to_json(full=True), "overrides": dict(overrides)}


def instance_key(claim_id: str, index: int) -> str:
    """The cache key of a claim's ``index``-th report instance, from which its seed is derived."""
    return f"claim/{claim_id}/{index}"


def claim_unit(claim: Claim, index: int, overrides, *, seed: int, device: str, dtype: str, alpha: float) -> Unit:
    key = instance_key(claim.id, index)
    args = (claim.id, dict(overrides), derive_seed(seed, key), device, dtype, alpha)
    return Unit(key, run_claim_instance, args)


#: kinds whose REFUTED rests on verified failures (scaling refutes from a fit, exists is never refuted)
_REFUTED_BY_FAILURES = {"whp", "forall", "conditional"}


def check_cached(unit: Unit, value: Any) -> None:
    """The shape of a cached unit's value, checked before ``--resume`` uses it (raises DamagedEntry naming the
    first bad field): a claim instance is a result of this claim whose counts agree with its verdict (REFUTED
    needs a verified failure, a forall SUPPORTED none); an experiment's data is a JSON object or list."""
    if unit.key.startswith("claim/"):
        _check_instance(unit.key.split("/")[1], value)
    elif unit.key.startswith("section/") and "/map" not in unit.key and not isinstance(value, dict | list):
        raise DamagedEntry(f"an experiment's data must be a JSON object or list, got {type(value).__name__}")


def _check_instance(claim_id: str, value: Any) -> None:
    if not isinstance(value, dict):
        raise DamagedEntry(f"a claim instance must be a JSON object, got {type(value).__name__}")
    try:
        result = Result.from_json(value)
    except (KeyError, TypeError, ValueError) as exc:
        raise DamagedEntry(f"not a result: {type(exc).__name__}: {exc}") from None
    if result.id != claim_id:
        raise DamagedEntry(f"id: {result.id!r} is not the unit's claim {claim_id!r}")
    counts = {k: getattr(result, k) for k in ("trials", "failures", "undecided", "premise_held")}
    for name, n in counts.items():
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise DamagedEntry(f"{name}: {n!r} is not a count")
    if result.failures + result.undecided > result.trials:
        raise DamagedEntry(f"failures + undecided = {result.failures + result.undecided} > trials = {result.trials}")
    refuted = result.verdict is Verdict.REFUTED
    by_failures = result.kind.value in _REFUTED_BY_FAILURES
    one_refutes = result.kind.value in ("forall", "conditional")  # a whp claim may hold with some failures
    if by_failures and ((refuted and not result.failures) or (one_refutes and result.failures and not refuted)):
        raise DamagedEntry(f"verdict: {result.verdict.value} with {result.failures} verified failures")


def failed_instance(claim: Claim, unit: Unit, error: UnitFailed) -> dict[str, Any]:
    """The results entry of an instance that could not be run: INCONCLUSIVE, no trials, the error as reason."""
    _, overrides, seed, device, dtype, alpha = unit.args
    result = Result(
        id=claim.id,
        verdict=Verdict.INCONCLUSIVE,
        kind=claim.kind,
        trials=0,
        failures=0,
        premise_held=0,
        undecided=0,
        failure_rate_ci=(0.0, 1.0),
        delta=None,
        alpha=alpha,
        worst_margin=None,
        counterexample=None,
        params=dict(overrides),
        seed=seed,
        device=device,
        dtype=dtype,
        elapsed_s=0.0,
        reason=f"not run: {error}",
    )
    return as_json({**result.to_json(full=True), "overrides": dict(overrides), "failed": True})


def section_mapper(dispatcher: Dispatcher, prefix: str) -> Callable[[Callable[[Any], Any], list[Any]], list[Any]]:
    """ctx.map for one experiment: each item a unit on the backend, keyed by the call's and the item's index
    (the experiment's code runs in one process, so its calls come in the same order every run)."""
    calls = itertools.count()

    def mapper(fn: Callable[[Any], Any], items: list[Any]) -> list[Any]:
        j = next(calls)
        return dispatcher.map([Unit(f"{prefix}/map{j}/{i}", fn, (item,), json=False) for i, item in enumerate(items)])

    return mapper


def run_section(
    section: Section, ctx: ExperimentContext, dispatcher: Dispatcher, cache: UnitCache | None, progress: Progress
) -> dict[str, Any]:
    """The section's results entry: its experiment's data, or ``error`` when it could not be computed
    (the section is already in the progress plan)."""
    prefix = f"section/{section.family}.{section.key}"
    entry: dict[str, Any] = {"family": section.family, "key": section.key, "title": section.title}
    experiment = section.load()
    unit = Unit(prefix, experiment, (), ident=f"seed {ctx.seed}")
    hit, data = cache.get(unit) if cache is not None else (False, None)
    if hit:
        progress.finished(prefix, "from the cache")
        return {**entry, "data": data}
    error = ""
    for attempt in range(1, SECTION_ATTEMPTS + 1):
        start = time.perf_counter()
        # a mapper per attempt: a retry's calls get the keys the first attempt's got, so its finished units are
        # taken from this run's memo (and the cache) instead of being computed again
        mapped = replace(ctx, mapper=section_mapper(dispatcher, prefix))
        try:
            data = as_json(experiment(mapped))
        except UnitFailed as exc:  # a map unit already had its retry
            error = str(exc)
            break
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc} (in {_where(exc)})"
            progress.log(f"section {prefix} raised on attempt {attempt}: {error}")
            continue
        seconds = time.perf_counter() - start
        if cache is not None:
            cache.put(unit, data, seconds)
        progress.finished(prefix, f"{seconds:.1f} s")
        return {**entry, "data": data}
    progress.finished(prefix, f"NOT COMPUTED: {error}")
    return {**entry, "data": None, "error": error}


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
