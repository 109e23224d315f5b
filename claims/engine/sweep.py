"""The practical regime of an Ω(·)-width claim: the empirical width m*(n) at which it holds w.p. ≥ 1 − δ.

For each m of a geometric grid the claim (a whp claim with an ``m`` parameter) is run with a fixed number
of trials at an equal share of α; m* is the smallest grid width from which on every larger grid width is
SUPPORTED (exact upper bound on the failure rate ≤ δ). The growth of m*(n) in n is a power-law fit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from claims.engine.runner import run
from claims.spec import Claim, Verdict


@dataclass(frozen=True)
class WidthPoint:
    m: int
    trials: int
    failures: int
    ci: tuple[float, float]
    verdict: Verdict


@dataclass(frozen=True)
class WidthSweep:
    params: Mapping[str, Any]
    points: tuple[WidthPoint, ...]
    m_star: int | None  # None: not reached on the grid

    def as_dict(self) -> dict[str, Any]:
        return {
            "params": dict(self.params),
            "m_star": self.m_star,
            "points": [
                {"m": p.m, "trials": p.trials, "failures": p.failures, "ci": list(p.ci), "verdict": p.verdict.value}
                for p in self.points
            ],
        }


def geometric_widths(lo: int, hi: int, factor: float = 2.0) -> tuple[int, ...]:
    out, m = [], float(lo)
    while m <= hi:
        out.append(round(m))
        m *= factor
    return tuple(dict.fromkeys(out))


def trials_per_width(delta: float, level: float) -> int:
    """Twice the trials at which zero failures reach SUPPORTED, (1 − δ)^T ≤ level, so a few failures still can."""
    return math.ceil(2 * math.log(level) / math.log1p(-delta))


def empirical_width(
    claim: Claim, params: Mapping[str, Any], widths: Sequence[int], *, seed: int, device, dtype, alpha: float
) -> WidthSweep:
    """Run ``claim`` at each width with α/len(widths) each and :func:`trials_per_width` trials; return the
    sweep and m*."""
    delta = claim.resolve(params)[claim.delta_param]
    trials = trials_per_width(delta, alpha / len(widths))
    points = []
    for m in widths:
        r = run(
            claim,
            params={**params, "m": int(m)},
            trials=trials,
            seed=seed,
            device=device,
            dtype=dtype,
            alpha=alpha / len(widths),
        )
        points.append(WidthPoint(int(m), r.trials, r.failures, r.failure_rate_ci, r.verdict))
    m_star = None
    for p in reversed(points):
        if p.verdict is not Verdict.SUPPORTED:
            break
        m_star = p.m
    return WidthSweep(dict(params), tuple(points), m_star)
