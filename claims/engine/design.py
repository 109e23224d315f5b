"""The plan of a run, fixed before its first trial: how many trials, in how many looks, at which levels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from claims.engine.stats import SequentialDesign, geometric_schedule
from claims.spec import Claim, Kind, Role

#: default ε of a forall claim: SUPPORTED then means the failure rate is below ε (at the false-pass rate)
FORALL_EPSILON = 0.05


def default_epsilon(delta: float) -> float:
    """The whp design's indifference half-width: δ/2, or (1 − δ)/2 where δ > ½ (a claim "with probability
    ≥ 1 − δ" is a weak one there, yet testable), so that the zone (δ − ε, δ + ε) lies inside (0, 1)."""
    return min(delta, 1 - delta) / 2


#: default measurements of a scaling claim (each a (size, value) pair) and searches of an exists claim
SCALING_TRIALS = 24
#: a scaling claim looks at n, 2n and 4n measurements (α split evenly) and stops at the first decisive fit
SCALING_LOOKS = 3
EXISTS_TRIALS = 32
#: a conditional claim draws at most this many times the trials it needs with the premise held
PREMISE_BUDGET_FACTOR = 4
#: looks of a forall (or exists) design: they only let a run stop at its first failure (or witness) early
FORALL_LOOKS = 6


def design_for(
    claim: Claim,
    params: Mapping[str, Any],
    *,
    alpha: float,
    beta: float,
    epsilon: float | None,
    trials: int | None,
    max_trials: int | None = None,
    looks: int = FORALL_LOOKS,
) -> SequentialDesign:
    """The run's plan (printed by ``check`` and in the report). ``max_trials`` (whp only) truncates the
    sequential design at that count."""
    if claim.kind is Kind.WHP:
        delta = params[claim.delta_param]
        epsilon = epsilon or default_epsilon(delta)
        return SequentialDesign.for_failure_rate(delta, epsilon, alpha, beta, trials, max_trials)
    if claim.kind in (Kind.FORALL, Kind.CONDITIONAL):
        n = trials or SequentialDesign.for_forall(epsilon or FORALL_EPSILON, beta).max_trials
        schedule = geometric_schedule(n, looks if trials is None else 1)
        return SequentialDesign(schedule, None, epsilon or FORALL_EPSILON, 0.0, beta, method="forall")
    # scaling: looks at n·2^k measurements until the fit decides (--trials: one look at that count);
    # exists: stop at the first verified witness
    if claim.kind is Kind.SCALING:
        n = trials or _declared_trials(claim, params, SCALING_TRIALS)
        schedule = (n,) if trials else tuple(n * 2**k for k in range(SCALING_LOOKS))
        return SequentialDesign(schedule, None, epsilon or 0.0, alpha, beta)
    n = trials or _declared_trials(claim, params, EXISTS_TRIALS)
    return SequentialDesign(geometric_schedule(n, looks), None, epsilon or 0.0, alpha, beta)


def _declared_trials(claim: Claim, params: Mapping[str, Any], default: int) -> int:
    """The record's own count: its parameter whose role is trials, else ``default``."""
    return next((params[p.name] for p in claim.with_role(Role.TRIALS) if p.name in params), default)


def counts_premise(claim: Claim) -> bool:
    """A forall or conditional claim's design counts the trials whose premise held (a trial outside the
    hypothesis decides nothing), so it draws until that many held, up to :func:`trial_cap`."""
    return claim.kind in (Kind.FORALL, Kind.CONDITIONAL)


def trial_cap(claim: Claim, design: SequentialDesign) -> int:
    """Trials drawn at most: the design's count, or a multiple of it where premise misses are drawn again."""
    return design.max_trials * (PREMISE_BUDGET_FACTOR if counts_premise(claim) else 1)
