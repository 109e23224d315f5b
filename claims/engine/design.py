"""The plan of a run, fixed before its first trial: how many trials, in how many looks, at which levels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from claims.engine.stats import DEFAULT_LOOKS, SequentialDesign, geometric_schedule
from claims.spec import Claim, Kind, Role

#: default ε of a forall claim: SUPPORTED then means the failure rate is below ε (at the false-pass rate)
FORALL_EPSILON = 0.05
#: default measurements of a scaling claim (each a (size, value) pair) and searches of an exists claim
SCALING_TRIALS = 24
EXISTS_TRIALS = 32
#: a conditional claim draws at most this many times the trials it needs with the premise held
PREMISE_BUDGET_FACTOR = 4


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
    """The run's plan (printed by ``check`` and in the report)."""
    if claim.kind is Kind.WHP:
        delta = params[claim.delta_param]
        return SequentialDesign.for_failure_rate(delta, epsilon or delta / 2, alpha, beta, looks, trials)
    if claim.kind in (Kind.FORALL, Kind.CONDITIONAL):
        return SequentialDesign.for_forall(epsilon or FORALL_EPSILON, beta, looks, trials)
    # scaling: one look at a fixed number of measurements; exists: stop at the first verified witness. The
    # count is ``trials``, else the record's own (its parameter whose role is trials), else the default
    default = SCALING_TRIALS if claim.kind is Kind.SCALING else EXISTS_TRIALS
    n = trials or next((params[p.name] for p in claim.with_role(Role.TRIALS) if p.name in params), default)
    return SequentialDesign(
        (n,) if claim.kind is Kind.SCALING else geometric_schedule(n, looks), None, epsilon or 0.0, alpha, beta
    )


def counts_premise(claim: Claim) -> bool:
    """A forall or conditional claim's design counts the trials whose premise held (a trial outside the
    hypothesis decides nothing), so it draws until that many held, up to :func:`trial_cap`."""
    return claim.kind in (Kind.FORALL, Kind.CONDITIONAL)


def trial_cap(claim: Claim, design: SequentialDesign) -> int:
    """Trials drawn at most: the design's count, or a multiple of it where premise misses are drawn again."""
    return design.max_trials * (PREMISE_BUDGET_FACTOR if counts_premise(claim) else 1)
