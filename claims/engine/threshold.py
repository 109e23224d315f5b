"""The threshold of a psychometric function: the probability of REFUTED against a perturbation.

Resolution (claims.engine.resolution) is measured the way psychophysics measures a detection threshold: the
perturbed statement is checked at several amounts, each on independent seeds, and the probability that the
suite REFUTES it is fitted by a cumulative normal (probit) in x, where x = log(amount) for a factor and
x = amount for an exponent's shift:

    P(REFUTED | x) = Φ((x − μ)/σ).

The *threshold* is the amount at P = ½ (μ: the theorem's slack at that instance, as the suite sees it), the
*transition* the span from P = 0.1 to P = 0.9 (2·z₀.₉·σ in x: the suite's resolution, how sharply its verdict
turns). Both come with profile-likelihood intervals (Wilks: 2·(ℓ̂ − ℓ_profile) ≤ χ²₁ quantile), computed on a
grid of (μ, σ), so that complete separation (every probe below refuted, every probe above not) gives an
interval bounded by the probes, with σ → 0 inside it, rather than a failed optimiser. An interval that reaches
the end of the grid is open on that side (None): the probes do not bound it there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from models.checks import InvalidInputError

#: z at P = 0.9 of the probit: the transition 10 % → 90 % spans 2·Z90·σ
Z90 = float(stats.norm.ppf(0.9))
#: grid sizes of the likelihood (μ, σ): fine enough that the interval ends move by < 1 % of the probed span
MU_POINTS, SIGMA_POINTS = 401, 120


@dataclass(frozen=True)
class ThresholdFit:
    """A fitted psychometric function, on the amount's own scale (a factor, or a shift).

    ``status`` is "fitted" (probes on both sides of ½), "all_refuted" or "none_refuted" (the probes do not
    straddle the threshold: it lies beyond them, and ``threshold`` is None).
    """

    status: str
    threshold: float | None
    threshold_ci: tuple[float | None, float | None]
    transition: float | None
    transition_ci: tuple[float | None, float | None]
    probes: int
    refuted: int
    confidence: float

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "threshold": self.threshold,
            "threshold_ci": list(self.threshold_ci),
            "transition": self.transition,
            "transition_ci": list(self.transition_ci),
            "probes": self.probes,
            "refuted": self.refuted,
            "confidence": self.confidence,
        }


def _loglik(x: np.ndarray, r: np.ndarray, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """ℓ(μ_i, σ_j) = Σ_k r_k log Φ(z) + (1 − r_k) log Φ(−z), z = (x_k − μ_i)/σ_j; shape (len(mu), len(sigma))."""
    z = (x[None, None, :] - mu[:, None, None]) / sigma[None, :, None]
    return np.where(r[None, None, :], stats.norm.logcdf(z), stats.norm.logcdf(-z)).sum(-1)


def _interval(grid: np.ndarray, profile: np.ndarray, cut: float) -> tuple[float | None, float | None]:
    inside = np.flatnonzero(profile >= cut)
    lo, hi = inside[0], inside[-1]
    return (None if lo == 0 else float(grid[lo]), None if hi == grid.size - 1 else float(grid[hi]))


def fit_threshold(amounts, refuted, *, additive: bool, confidence: float = 0.95) -> ThresholdFit:
    """Fit P(REFUTED) = Φ((x − μ)/σ) to probes (``amounts``, ``refuted`` booleans) by maximum likelihood on a
    grid; x = amount (``additive``) or log amount. Needs ≥ 2 probes at ≥ 2 distinct amounts."""
    a = np.asarray(amounts, float)
    r = np.asarray(refuted, bool)
    if a.shape != r.shape or a.size < 2:
        raise InvalidInputError(f"a threshold fit needs >= 2 probes with one outcome each, got {a.size}")
    if not additive and np.any(a <= 0):
        raise InvalidInputError(f"a factor's amounts must be > 0, got {a.min()!r}")
    x = a if additive else np.log(a)
    if np.unique(x).size < 2:
        raise InvalidInputError("a threshold fit needs probes at >= 2 distinct amounts")
    to_amount = (lambda v: v) if additive else math.exp
    n_ref = int(r.sum())
    if n_ref in (0, r.size):
        status = "all_refuted" if n_ref else "none_refuted"
        return ThresholdFit(status, None, (None, None), None, (None, None), int(r.size), n_ref, confidence)
    span = float(x.max() - x.min())
    mu = np.linspace(x.min() - span, x.max() + span, MU_POINTS)
    sigma = np.geomspace(span * 1e-3, span * 4, SIGMA_POINTS)
    ll = _loglik(x, r, mu, sigma)
    best = ll.max()
    cut = best - stats.chi2.ppf(confidence, 1) / 2
    # under complete separation every μ between the last probe kept and the first refuted maximises ℓ: take
    # the middle of the maximising set (argmax alone would put the threshold at one end of the gap)
    top = np.flatnonzero(ll.max(1) >= best - 1e-9)
    i = top[top.size // 2]
    j = int(np.argmax(ll[i]))
    mu_lo, mu_hi = _interval(mu, ll.max(1), cut)
    s_lo, s_hi = _interval(sigma, ll.max(0), cut)
    width = 2 * Z90 * sigma

    def trans(v):  # a span in x as an amount: a factor exp(span), or the shift itself
        return None if v is None else to_amount(v)

    return ThresholdFit(
        "fitted",
        to_amount(float(mu[i])),
        (None if mu_lo is None else to_amount(mu_lo), None if mu_hi is None else to_amount(mu_hi)),
        trans(float(width[j])),
        # σ's grid starts near 0: a lower end at the grid's start is "as sharp as the probes can tell"
        (trans(0.0) if s_lo is None else trans(2 * Z90 * s_lo), None if s_hi is None else trans(2 * Z90 * s_hi)),
        int(r.size),
        n_ref,
        confidence,
    )
