"""Run one claim on one instance: design the run, draw trials in batches, stop when the verdict is decided.

The runner knows nothing of any theorem; it reads the claim's kind, its δ parameter and its trial function.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

from claims.core import Claim, Infeasible, Instance, Kind, Result, Verdict, seeded_generator
from claims.stats import (
    DEFAULT_LOOKS,
    SequentialDesign,
    failure_rate_interval_by_clopper_pearson,
    failure_rate_upper_bound_by_clopper_pearson,
    fit_power_law_exponent,
    geometric_schedule,
)
from models.checks import InvalidInputError, check_open_unit, check_size

#: default ε of a forall claim: SUPPORTED then means the failure rate is below ε (at the false-pass rate)
FORALL_EPSILON = 0.05
#: default measurements of a scaling claim (each a (size, value) pair) and searches of an exists claim
SCALING_TRIALS = 24
EXISTS_TRIALS = 32
#: a conditional claim draws at most this many times the trials it needs with the premise held
PREMISE_BUDGET_FACTOR = 4

DTYPES = {"float64": torch.float64, "float32": torch.float32}
#: how the reason line of a scaling claim writes its relation to the theory exponent
RELATION_SIGNS = {"equal": "", "at_most": "≤ ", "at_least": "≥ "}


def resolve_device(device: str | torch.device) -> torch.device:
    """'auto' → cuda when available, else cpu. Asking for cuda without one is an error, never a fallback."""
    name = str(device)
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise InvalidInputError(f"device {name!r} was requested but torch.cuda.is_available() is False")
        return torch.device(name)
    if name == "cpu":
        return torch.device("cpu")
    raise InvalidInputError(f"device must be auto, cpu or cuda, got {name!r}")


def resolve_dtype(dtype: str | torch.dtype) -> torch.dtype:
    if isinstance(dtype, torch.dtype) and dtype in DTYPES.values():
        return dtype
    if dtype in DTYPES:
        return DTYPES[dtype]
    raise InvalidInputError(f"dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")


def design_for(
    claim: Claim,
    params: Mapping[str, Any],
    *,
    alpha: float,
    beta: float,
    epsilon: float | None,
    trials: int | None,
    looks: int = DEFAULT_LOOKS,
) -> SequentialDesign:
    """The run's plan, fixed before the first trial (printed by ``check`` and in the report)."""
    if claim.kind is Kind.WHP:
        delta = params[claim.delta_param]
        return SequentialDesign.for_failure_rate(delta, epsilon or delta / 2, alpha, beta, looks, trials)
    if claim.kind in (Kind.FORALL, Kind.CONDITIONAL):
        return SequentialDesign.for_forall(epsilon or FORALL_EPSILON, beta, looks, trials)
    # scaling: one look at a fixed number of measurements; exists: stop at the first verified witness
    n = trials or params.get("trials", SCALING_TRIALS if claim.kind is Kind.SCALING else EXISTS_TRIALS)
    return SequentialDesign(
        (n,) if claim.kind is Kind.SCALING else geometric_schedule(n, looks), None, epsilon or 0.0, alpha, beta
    )


def _concat(chunks: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}


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
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidInputError(f"seed must be an integer >= 0, got {seed!r}")
    dev, dt = resolve_device(device), resolve_dtype(dtype)
    values = claim.resolve(params, mutant)
    design = design_for(claim, values, alpha=alpha, beta=beta, epsilon=epsilon, trials=trials)
    instance = Instance(values, seed)
    generator = seeded_generator(seed, "trials", dev)
    start = time.perf_counter()

    chunks: list[dict[str, np.ndarray]] = []
    drawn = held = failures = 0
    verdict, reason = None, ""
    conditional = claim.kind is Kind.CONDITIONAL
    cap = design.max_trials * (PREMISE_BUDGET_FACTOR if conditional else 1)
    try:
        for look, target in enumerate(design.schedule):
            while (held if conditional else drawn) < target and drawn < cap:
                batch = target - (held if conditional else drawn)
                outcome = claim.trial(instance, generator, dev, dt, min(batch, cap - drawn)).numpy()
                chunks.append(outcome)
                drawn += len(outcome["passed"])
                premise = outcome["premise_held"].astype(bool)
                held += int(premise.sum())
                failures += int((premise & ~outcome["passed"].astype(bool)).sum())
            verdict = _judge(claim, design, failures, held, look, chunks, values)
            if verdict is not None:
                break
    except Infeasible as exc:
        verdict, reason = Verdict.INCONCLUSIVE, str(exc)
    if verdict is None:  # conditional: the premise was met too rarely to reach the design's count
        verdict = Verdict.VACUOUS
        reason = f"premise held in {held} of {drawn} trials; {design.max_trials} were needed"
    elapsed = time.perf_counter() - start

    table = _concat(chunks) if chunks else {}
    held_mask = table["premise_held"].astype(bool) if table else np.zeros(0, bool)
    margins = table["margin"][held_mask] if table else np.zeros(0)
    failed = np.flatnonzero(held_mask & ~table["passed"].astype(bool)) if table else np.zeros(0, int)
    counterexample = None
    if failed.size:
        i = int(failed[0])
        counterexample = {"trial": i, **{k: float(v[i]) for k, v in table.items()}}
    extras = {k: float(np.median(v)) for k, v in table.items() if k not in ("passed", "margin", "premise_held")}
    if claim.kind is Kind.SCALING and table:
        keep = held_mask
        fit = fit_power_law_exponent(table["size"][keep], table["value"][keep], 1 - alpha)
        extras = {
            "exponent": fit.slope,
            "exponent_ci": [fit.lo, fit.hi],
            "intercept": fit.intercept,
            "theory_exponent": values[claim.exponent_param],
            "points": [[float(a), float(b)] for a, b in zip(table["size"][keep], table["value"][keep], strict=True)],
        }
        reason = (
            f"fitted exponent {fit.slope:.3f}, {100 * (1 - alpha):g}% interval [{fit.lo:.3f}, {fit.hi:.3f}]; "
            f"theory {RELATION_SIGNS[claim.exponent_relation]}{values[claim.exponent_param]}"
        )
    if claim.kind is Kind.FORALL and verdict is Verdict.SUPPORTED:
        bound = float(failure_rate_upper_bound_by_clopper_pearson(0, held, beta))
        reason = f"no failure in {held} trials: failure rate < {bound:.3g} at false-pass rate {beta:g}"
    return Result(
        id=claim.id,
        verdict=verdict,
        kind=claim.kind,
        trials=held,
        failures=failures,
        premise_held=held,
        failure_rate_ci=failure_rate_interval_by_clopper_pearson(failures, held, 1 - alpha),
        delta=values.get(claim.delta_param) if claim.delta_param else None,
        alpha=alpha,
        worst_margin=float(margins.min()) if margins.size else None,
        counterexample=counterexample,
        params=dict(values),
        seed=seed,
        device=str(dev),
        dtype=str(dt).removeprefix("torch."),
        elapsed_s=round(elapsed, 4),
        mutant=mutant,
        reason=reason,
        design={**design.describe(), "trials_drawn": drawn},
        margins=tuple(float(x) for x in margins),
        extras=extras,
    )


def _judge(
    claim: Claim, design: SequentialDesign, failures: int, held: int, look: int, chunks, values
) -> Verdict | None:
    kind = claim.kind
    if kind is Kind.WHP:
        return design.decide(failures, held, look) if held else None
    if kind is Kind.EXISTS:  # a verified witness decides; not finding one never refutes
        if held - failures > 0:
            return Verdict.SUPPORTED
        return Verdict.INCONCLUSIVE if look >= design.looks - 1 else None
    if kind is Kind.SCALING:
        table = _concat(chunks)
        keep = table["premise_held"].astype(bool)
        fit = fit_power_law_exponent(table["size"][keep], table["value"][keep], 1 - design.alpha)
        theory = values[claim.exponent_param]
        if claim.exponent_relation == "at_most":  # growth no faster than size^b
            if fit.lo > theory:
                return Verdict.REFUTED
            return Verdict.SUPPORTED if fit.hi <= theory else Verdict.INCONCLUSIVE
        if claim.exponent_relation == "at_least":  # growth at least as fast as size^b
            if fit.hi < theory:
                return Verdict.REFUTED
            return Verdict.SUPPORTED if fit.lo >= theory else Verdict.INCONCLUSIVE
        if not fit.lo <= theory <= fit.hi:
            return Verdict.REFUTED
        return Verdict.SUPPORTED if not fit.lo <= 0 <= fit.hi else Verdict.INCONCLUSIVE
    if failures:
        return Verdict.REFUTED
    return Verdict.SUPPORTED if held >= design.max_trials else None
