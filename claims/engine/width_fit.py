"""Locating m*(n) and fitting its growth with an interval that accounts for the grid and the trial noise.

A sweep's points are :meth:`claims.engine.sweep.WidthPoint.as_dict` records in increasing m; m* is the
smallest tested width from which on every larger tested width is SUPPORTED (:func:`claims.engine.sweep.
smallest_width`). Its **bracket** is (lo, hi]: hi = m*, lo the largest tested width below it (not SUPPORTED).
The true m* of the sweep's rule lies somewhere in that cell.

* :func:`next_width` refines a bracket by bisection in log m: the next width is ⌊√(lo·hi)⌉, until
  hi/lo ≤ the stated resolution (or no integer lies strictly between).
* :func:`fit_widths` fits log m* = c + Σ_k a_k log z_k (z = n, or n and λ0) by least squares and gives each
  coefficient a percentile interval from a parametric bootstrap that redraws both sources of error: the
  trial noise (each point's failure rate estimated as (f + ½)/(T + 1), undecided trials counted with the
  failures f as the design's support rule counts them, and a fresh stream at that rate run through the point's
  own truncated sequential design, so that its verdict is redrawn as the sweep drew it) and the grid (m* drawn
  log-uniformly within the replicate's bracket: interval censoring). A set of equal m* therefore never gives a
  zero-width interval. On synthetic sweeps of known exponent (tests/unit/test_width_fit.py) the interval
  over-covers: the replicates replay the fixed grid, whose cells away from the refined bracket are coarse.

A bracket open below (m* the smallest tested width) is closed one grid step below (``open_ratio``); a
replicate whose sweep reaches no m* puts it one grid step above the largest width; both are said in the fit's
``method``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from claims.engine.design import default_epsilon
from claims.engine.sequential import SequentialDesign
from claims.engine.sweep import smallest_width, trials_per_width
from models.checks import InvalidInputError, check_open_unit, check_size

#: the report's stated bisection resolution: refine until hi/lo ≤ 2^(1/4)
RESOLUTION = 2**0.25


def bracket(points: Sequence[Mapping[str, Any]], open_ratio: float = 2.0) -> tuple[float, float] | None:
    """(lo, hi) around m* of a sweep's points (increasing m): hi = m*, lo the largest tested width below it, or
    hi/open_ratio where none was tested below; None where m* was not reached."""
    hi = smallest_width(points)
    if hi is None:
        return None
    below = [p["m"] for p in points if p["m"] < hi]
    return (float(max(below)) if below else hi / open_ratio, float(hi))


def next_width(points: Sequence[Mapping[str, Any]], resolution: float = RESOLUTION) -> int | None:
    """The next width of the bisection in log m inside the bracket, or None: m* not reached, no width tested
    below m*, the bracket already within ``resolution`` (hi/lo), or no integer strictly inside."""
    hi = smallest_width(points)
    below = [p["m"] for p in points if hi is not None and p["m"] < hi]
    if hi is None or not below:
        return None
    lo = max(below)
    if hi / lo <= resolution:
        return None
    mid = round(math.sqrt(lo * hi))
    return mid if lo < mid < hi else None


@dataclass(frozen=True)
class WidthFit:
    """log m* = intercept + Σ coefficients[k]·log covariate_k; ``intervals`` percentile bootstrap intervals."""

    covariates: tuple[str, ...]
    coefficients: tuple[float, ...]
    intervals: tuple[tuple[float, float], ...]
    rows: int
    replicates: int
    confidence: float
    method: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "covariates": list(self.covariates),
            "coefficients": list(self.coefficients),
            "intervals": [list(i) for i in self.intervals],
            "rows": self.rows,
            "replicates": self.replicates,
            "confidence": self.confidence,
            "method": self.method,
        }


METHOD = (
    "least squares of log m* on log {covariates} over the rows' bracket midpoints (√(lo·hi)); {confidence:.0%} "
    "percentile interval from {replicates} parametric bootstrap replicates that redraw every point's verdict (a "
    "fresh stream at its failure rate (f + ½)/(T + 1) through its own truncated sequential design) "
    "and draw m* log-uniformly within each replicate's bracket; a bracket open below closed at m*/{open_ratio:g}, "
    "a sweep without m* in a replicate put at {open_ratio:g}× its largest width"
)


@functools.lru_cache(maxsize=64)
def point_design(delta: float, level: float) -> SequentialDesign:
    """The design of a sweep's point (claims.engine.sweep.width_point): the claim's sequential design at
    α = β = ``level``, ε = default_epsilon(δ) (δ/2 up to δ = ½), truncated at trials_per_width(δ, level)."""
    epsilon = default_epsilon(delta)
    return SequentialDesign.for_failure_rate(delta, epsilon, level, level, max_trials=trials_per_width(delta, level))


def _verdicts(design: SequentialDesign, rate: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """SUPPORTED (True) or not for Bernoulli(rate) streams run through ``design`` (vectorised over ``rate``'s
    entries; a loop over the design's few looks only)."""
    failures = np.zeros(rate.shape, dtype=np.int64)
    code = np.zeros(rate.shape, dtype=np.int64)
    done = 0
    for look, count in enumerate(design.schedule):
        failures += rng.binomial(count - done, rate)
        done = count
        code = np.where(code == 0, design.decide_codes(failures, count, look), code)
    return code == 2


def _replicate_brackets(
    points: Sequence[Mapping[str, Any]], delta: float, rng: np.random.Generator, replicates: int, open_ratio: float
) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) of m* in each bootstrap replicate of one sweep, each of shape (replicates,): every point's
    verdict redrawn from a stream at its estimated failure rate through the point's own truncated design
    (claims.engine.sweep.width_point's), m* and its bracket by the sweep's rule."""
    m = np.array([p["m"] for p in points], float)
    trials = np.array([p["trials"] for p in points])
    fails = np.array([p["failures"] + p.get("undecided", 0) for p in points])  # the support rule's count
    rate = np.broadcast_to((fails + 0.5) / (trials + 1), (replicates, m.size))
    passed = np.empty(rate.shape, dtype=bool)
    for j, p in enumerate(points):  # over the sweep's points (a handful), each with its own design
        passed[:, j] = _verdicts(point_design(delta, p["level"]), rate[:, j], rng)
    # m* = the smallest width from which on every larger one passes: the first index of the passing suffix
    suffix = np.flip(np.cumprod(np.flip(passed, -1), -1), -1).astype(bool)
    first = np.where(suffix.any(-1), suffix.argmax(-1), m.size)
    hi = np.where(first < m.size, m[np.minimum(first, m.size - 1)], m[-1] * open_ratio)
    lo = np.where(first > 0, m[np.maximum(first - 1, 0)], m[0] / open_ratio)
    lo = np.where(first < m.size, lo, m[-1])
    return lo, hi


def fit_widths(
    rows: Sequence[Mapping[str, Any]],
    covariates: Sequence[str] = ("n",),
    *,
    delta: float,
    confidence: float = 0.95,
    replicates: int = 2000,
    seed: int = 0,
    open_ratio: float = 2.0,
) -> WidthFit | None:
    """The fit of log m* on the log of each covariate over ``rows`` (each a mapping with the covariates and
    ``points``, the sweep's point records with their ``level``: the α share each was decided at). Rows whose
    m* was not reached are left out. None when fewer than len(covariates) + 2 rows remain (no residual degree
    of freedom beyond the coefficients) or the covariates are collinear."""
    check_open_unit("confidence", confidence)
    check_open_unit("delta", delta)
    check_size("replicates", replicates)
    found = [r for r in rows if bracket(r["points"], open_ratio) is not None]
    k = len(covariates)
    if len(found) < k + 2:
        return None
    for r in found:
        for c in covariates:
            if not r[c] > 0:
                raise InvalidInputError(f"covariate {c} must be > 0 in every row, got {r[c]!r}")
    design = np.column_stack([np.ones(len(found))] + [np.log([float(r[c]) for r in found]) for c in covariates])
    if np.linalg.matrix_rank(design) < k + 1:
        return None
    observed = np.array([bracket(r["points"], open_ratio) for r in found])
    point = np.linalg.lstsq(design, np.log(observed).mean(-1), rcond=None)[0]
    rng = np.random.default_rng(seed)
    los, his = zip(*(_replicate_brackets(r["points"], delta, rng, replicates, open_ratio) for r in found), strict=True)
    lo, hi = np.log(np.array(los)), np.log(np.array(his))  # (rows, replicates)
    y = lo + rng.random(lo.shape) * (hi - lo)
    coef = np.linalg.pinv(design) @ y  # (k + 1, replicates)
    q = [(1 - confidence) / 2, (1 + confidence) / 2]
    bounds = np.quantile(coef[1:], q, axis=-1).T
    method = METHOD.format(
        covariates=", log ".join(covariates), confidence=confidence, replicates=replicates, open_ratio=open_ratio
    )
    return WidthFit(
        tuple(covariates),
        tuple(float(c) for c in point[1:]),
        tuple((float(a), float(b)) for a, b in bounds),
        len(found),
        replicates,
        confidence,
        method,
    )
