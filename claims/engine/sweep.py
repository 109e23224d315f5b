"""The practical regime of an Ω(·)-width claim: the empirical width m*(n) at which it holds w.p. ≥ 1 − δ.

For each m of a geometric grid the claim (a whp claim that declares its ``width_param``) is run by its sequential design
(:mod:`claims.engine.sequential`), truncated at a fixed number of trials, at an equal share of α; m* is the
smallest grid width from which on every larger grid width is SUPPORTED (the design's upper boundary on the
failure rate ≤ δ). The growth of m*(n) in n is a power-law fit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from claims.engine.runner import run
from claims.engine.sequential import trial_count
from claims.spec import Claim, Verdict
from models.checks import InvalidInputError


@dataclass(frozen=True)
class WidthPoint:
    m: int
    trials: int
    failures: int
    ci: tuple[float, float]
    verdict: Verdict
    undecided: int = 0  # trials that could not decide (counted with the failures when supporting)

    def as_dict(self) -> dict[str, Any]:
        return {
            "m": self.m,
            "trials": self.trials,
            "failures": self.failures,
            "ci": list(self.ci),
            "verdict": self.verdict.value,
            "undecided": self.undecided,
        }


@dataclass(frozen=True)
class WidthSweep:
    params: Mapping[str, Any]
    points: tuple[WidthPoint, ...]
    m_star: int | None  # None: not reached on the grid

    def as_dict(self) -> dict[str, Any]:
        return {
            "params": dict(self.params),
            "m_star": self.m_star,
            "points": [p.as_dict() for p in self.points],
        }


def geometric_widths(lo: int, hi: int, factor: float = 2.0) -> tuple[int, ...]:
    out, m = [], float(lo)
    while m <= hi:
        out.append(round(m))
        m *= factor
    return tuple(dict.fromkeys(out))


def trials_per_width(delta: float, level: float) -> int:
    """The truncation of a width point's design: twice the trials at which zero failures reach a level
    ``level`` at δ, (1 − δ)^T ≤ level, so a few failures can still support; a point far from δ stops sooner."""
    return trial_count(2 * math.log(level) / math.log1p(-delta))


def width_point(
    claim: Claim,
    params: Mapping[str, Any],
    m: int,
    *,
    seed: int,
    alpha: float,
    device="cpu",
    dtype="float64",
    trials: int | None = None,
) -> WidthPoint:
    """One grid point of a sweep: ``claim`` at width m by its sequential design truncated at ``trials`` trials
    (default :func:`trials_per_width` at the claim's δ and the point's α share)."""
    if trials is None:
        trials = trials_per_width(claim.resolve(params)[claim.delta_param], alpha)
    if claim.width_param is None:
        raise InvalidInputError(f"claim {claim.id} declares no width_param: it has no width to sweep")
    values = {**params, claim.width_param: int(m)}
    r = run(claim, params=values, max_trials=trials, seed=seed, device=device, dtype=dtype, alpha=alpha)
    return WidthPoint(int(m), r.trials, r.failures, r.failure_rate_ci, r.verdict, r.undecided)


def width_unit(item: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`width_point` as one unit of the report's executor (``ctx.map``): ``item`` holds ``claim`` (the
    record), ``params``, ``m``, ``seed``, ``alpha``, ``device``, ``dtype`` and optionally ``trials``; the
    point comes back as :meth:`WidthPoint.as_dict`."""
    claim = item["claim"]
    keys = ("seed", "alpha", "device", "dtype", "trials")
    return width_point(claim, item["params"], item["m"], **{k: item[k] for k in keys if k in item}).as_dict()


def map_largest_first(
    map_: Callable[[Callable, list], list], items: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """``map_(width_unit, items)`` with the widest points handed out first, the results in the order of
    ``items``. A point's cost grows with m, so a grid in increasing order leaves its largest unit (half of a
    doubling grid's work) to start last and finish alone; largest first, the workers finish together."""
    order = sorted(range(len(items)), key=lambda i: -items[i]["m"])
    done = map_(width_unit, [items[i] for i in order])
    out: list[dict[str, Any]] = [{}] * len(items)
    for i, point in zip(order, done, strict=True):
        out[i] = point
    return out


def smallest_width(points: Sequence[Mapping[str, Any]]) -> int | None:
    """m*: the smallest grid width from which on every larger grid width is SUPPORTED (None: not reached);
    ``points`` as :meth:`WidthPoint.as_dict`, in increasing m."""
    m_star = None
    for p in reversed(points):
        if p["verdict"] != Verdict.SUPPORTED.value:
            break
        m_star = p["m"]
    return m_star


def sweep_record(params: Mapping[str, Any], points: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A sweep's record from its points' dicts, as :meth:`WidthSweep.as_dict`."""
    return {"params": dict(params), "m_star": smallest_width(points), "points": list(points)}


def empirical_width(
    claim: Claim, params: Mapping[str, Any], widths: Sequence[int], *, seed: int, device, dtype, alpha: float
) -> WidthSweep:
    """Run ``claim`` at each width with α/len(widths) each and at most :func:`trials_per_width` trials, one width after
    another (a report maps :func:`width_unit` over the grid instead); return the sweep and m*."""
    share = alpha / len(widths)
    points = tuple(width_point(claim, params, m, seed=seed, device=device, dtype=dtype, alpha=share) for m in widths)
    return WidthSweep(dict(params), points, smallest_width([p.as_dict() for p in points]))
