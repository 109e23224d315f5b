"""Run one claim on one instance: design the run, draw trials in batches, stop when the verdict is decided.

The runner knows nothing of any theorem; it reads the claim's kind, its δ parameter and its trial function,
and hands the counts to :mod:`claims.engine.judge`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

from claims.engine.design import design_for, trial_cap
from claims.engine.devices import dtype_name, resolve_device, resolve_dtype
from claims.engine.judge import Tally, judge
from claims.engine.result import Result
from claims.engine.stats import (
    SequentialDesign,
    failure_rate_interval_by_clopper_pearson,
    failure_rate_upper_bound_by_clopper_pearson,
    fit_power_law_exponent,
)
from claims.spec import Claim, Infeasible, Instance, Kind, Verdict, seeded_generator
from models.checks import InvalidInputError, check_open_unit, check_size


def _concat(chunks: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]} if chunks else {}


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0 or seed >= 2**64:
        raise InvalidInputError(f"seed must be an integer in [0, 2**64), got {seed!r}")
    return int(seed)


def run(
    claim: Claim,
    *,
    params: Mapping[str, Any] | None = None,
    mutant: str | None = None,
    seed: int = 0,
    device: str | torch.device = "cpu",
    dtype: str | torch.dtype = "float64",
    alpha: float = 0.01,
    beta: float | None = None,
    epsilon: float | None = None,
    trials: int | None = None,
) -> Result:
    """Check ``claim`` on the instance given by ``params`` (over the defaults) and ``seed``.

    ``alpha`` is this run's false-fail budget and ``beta`` (default α) its false-pass budget. ``trials``
    fixes the number of trials (one look at the full α) instead of the sequential design.
    """
    check_open_unit("alpha", alpha)
    beta = alpha if beta is None else check_open_unit("beta", beta)
    if trials is not None:
        check_size("trials", trials)
    seed = _check_seed(seed)
    dev, dt = resolve_device(device), resolve_dtype(dtype)
    values = claim.resolve(params, mutant)
    design = design_for(claim, values, alpha=alpha, beta=beta, epsilon=epsilon, trials=trials)
    start = time.perf_counter()
    chunks, tally, verdict, reason = _draw(claim, design, Instance(values, seed), dev, dt)
    table = _concat(chunks)
    return _result(
        claim,
        design,
        table,
        tally,
        verdict,
        reason,
        values=values,
        seed=seed,
        device=dev,
        dtype=dt,
        mutant=mutant,
        alpha=alpha,
        elapsed=time.perf_counter() - start,
    )


def _draw(claim: Claim, design: SequentialDesign, instance: Instance, dev, dt):
    """Draw batches up to each look of the schedule and judge after each; (chunks, tally, verdict, reason)."""
    generator = seeded_generator(instance.seed, "trials", dev)
    chunks: list[dict[str, np.ndarray]] = []
    tally, verdict, reason = Tally(), None, ""
    conditional = claim.kind is Kind.CONDITIONAL
    cap = trial_cap(claim, design)
    theory = instance.params.get(claim.exponent_param) if claim.exponent_param else None
    try:
        for look, target in enumerate(design.schedule):
            while (tally.held if conditional else tally.drawn) < target and tally.drawn < cap:
                batch = min(target - (tally.held if conditional else tally.drawn), cap - tally.drawn)
                outcome = claim.trial(instance, generator, dev, dt, batch).numpy()
                chunks.append(outcome)
                tally = tally.add(outcome)
            table = _concat(chunks) if claim.kind is Kind.SCALING else None
            verdict = judge(claim, design, tally, look, table, theory)
            if verdict is not None:
                break
    except Infeasible as exc:
        return chunks, tally, Verdict.INCONCLUSIVE, str(exc)
    if verdict is None:  # conditional: the premise was met too rarely to reach the design's count
        verdict = Verdict.VACUOUS
        reason = f"premise held in {tally.held} of {tally.drawn} trials; {design.max_trials} were needed"
    return chunks, tally, verdict, reason


def _undecided_reason(tally: Tally, verdict: Verdict) -> str:
    if not tally.undecided:
        return ""
    return (
        f"{tally.undecided} of {tally.held} trials undecided (counted as failures for SUPPORTED, never for REFUTED)"
        + ("; too many to support the claim" if verdict is Verdict.INCONCLUSIVE else "")
    )


def _scaling_extras(claim: Claim, table, keep, values, alpha) -> tuple[dict, str]:
    decided = keep & ~table["undecided"].astype(bool)
    fit = fit_power_law_exponent(table["size"][decided], table["value"][decided], 1 - alpha)
    theory = values[claim.exponent_param]
    extras = {
        "exponent": fit.slope,
        "exponent_ci": [fit.lo, fit.hi],
        "intercept": fit.intercept,
        "theory_exponent": theory,
        "relation": claim.exponent_relation.value,
        "points": [[float(a), float(b)] for a, b in zip(table["size"][decided], table["value"][decided], strict=True)],
    }
    reason = (
        f"fitted exponent {fit.slope:.3f}, {100 * (1 - alpha):g}% interval [{fit.lo:.3f}, {fit.hi:.3f}]; "
        f"theory {claim.exponent_relation.symbol} {theory}"
    )
    return extras, reason


def _result(claim, design, table, tally, verdict, reason, *, values, seed, device, dtype, mutant, alpha, elapsed):
    held_mask = table["premise_held"].astype(bool) if table else np.zeros(0, bool)
    decided = held_mask & ~table["undecided"].astype(bool) if table else held_mask
    margins = table["margin"][decided] if table else np.zeros(0)
    failed = np.flatnonzero(decided & ~table["passed"].astype(bool)) if table else np.zeros(0, int)
    counterexample = None
    if failed.size:
        i = int(failed[0])
        counterexample = {"trial": i, **{k: float(v[i]) for k, v in table.items()}}
    skip = ("passed", "margin", "premise_held", "undecided")
    extras = {k: float(np.median(v)) for k, v in table.items() if k not in skip}
    if claim.kind is Kind.SCALING and table and decided.sum() >= 3:
        extras, reason = _scaling_extras(claim, table, held_mask, values, alpha)
    if claim.kind is Kind.FORALL and verdict is Verdict.SUPPORTED:
        bound = float(failure_rate_upper_bound_by_clopper_pearson(tally.undecided, tally.held, design.beta))
        reason = f"no failure in {tally.held} trials: failure rate < {bound:.3g} at false-pass rate {design.beta:g}"
    reason = "; ".join(r for r in (reason, _undecided_reason(tally, verdict)) if r)
    return Result(
        id=claim.id,
        verdict=verdict,
        kind=claim.kind,
        trials=tally.held,
        failures=tally.failures,
        premise_held=tally.held,
        undecided=tally.undecided,
        failure_rate_ci=failure_rate_interval_by_clopper_pearson(tally.failures, tally.held, 1 - alpha),
        delta=values.get(claim.delta_param) if claim.delta_param else None,
        alpha=alpha,
        worst_margin=float(margins.min()) if margins.size else None,
        counterexample=counterexample,
        params=dict(values),
        seed=seed,
        device=str(device),
        dtype=dtype_name(dtype),
        elapsed_s=round(elapsed, 4),
        mutant=mutant,
        reason=reason,
        design={**design.describe(), "trials_drawn": tally.drawn},
        margins=tuple(float(x) for x in margins),
        extras=extras,
    )
