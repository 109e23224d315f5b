"""Exact binomial statistics for failure rates, sequential designs and the suite's α budget.

Names follow TensorFlow Probability's statistical_testing: operation, property, relation, bound. Every
decision states its error rates:

* false-fail rate (α): the probability of REFUTED when the true failure rate p ≤ δ;
* false-pass rate (β): the probability of SUPPORTED when p ≥ δ.

A whp claim is tested sequentially (:mod:`claims.engine.sequential`): after each look of a geometric schedule
the run stops REFUTED when the verified failures reach the look's upper boundary and SUPPORTED when failures
and undecided trials together fall to its lower boundary. The boundaries spend α and β exactly on the
binomial lattice at p = δ (Lan & DeMets 1983 error spending; Jennison & Turnbull 2000, §12.1), so the
false-fail rate is ≤ α for every p ≤ δ and the false-pass rate ≤ β for every p ≥ δ, whatever the stopping time.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from claims.engine.sequential import SequentialDesign, min_num_trials_for_forall_test
from models.errors import InvalidInputError, check_open_unit, check_size

__all__ = [
    "AlphaBudget",
    "PowerLawFit",
    "SequentialDesign",
    "failure_rate_interval_by_clopper_pearson",
    "failure_rate_lower_bound_by_clopper_pearson",
    "failure_rate_upper_bound_by_clopper_pearson",
    "fit_power_law_exponent",
    "geometric_schedule",
    "lack_of_fit_f_test",
    "least_squares_t_intervals",
    "min_num_trials_for_failure_rate_test",
    "min_num_trials_for_forall_test",
    "refutes_failure_rate_at_most",
    "residual_scale",
    "supports_failure_rate_at_most",
    "t_half_widths",
    "two_stage_t_intervals",
]


def _counts(failures, trials) -> tuple[np.ndarray, np.ndarray]:
    """Failures and trials as float arrays, checked: integers with 0 ≤ failures ≤ trials (and trials ≥ 1)."""
    k, n = np.asarray(failures), np.asarray(trials)
    for name, a, given in (("failures", k, failures), ("trials", n, trials)):
        numeric = a.dtype != bool and np.issubdtype(a.dtype, np.number)
        if not numeric or np.any(~np.isfinite(a)) or np.any(a != np.round(a)):
            raise InvalidInputError(f"{name} must be integer counts, got {given!r}")
    if np.any(n < 1):
        raise InvalidInputError(f"trials must be >= 1, got {trials!r}")
    if np.any(k < 0) or np.any(k > n):
        raise InvalidInputError(f"failures must lie in [0, trials], got failures {failures!r} of trials {trials!r}")
    return k.astype(float), n.astype(float)


def _reals(name: str, values) -> np.ndarray:
    """``values`` as a float array; raise naming ``name`` when they are not numbers."""
    try:
        out = np.asarray(values, float)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name} must be an array of numbers, got {values!r}") from None
    return out


def failure_rate_lower_bound_by_clopper_pearson(failures, trials, false_fail_rate: float):
    """One-sided exact lower bound L on the failure rate: P(p < L) ≤ false_fail_rate. Vectorised."""
    check_open_unit("false_fail_rate", false_fail_rate)
    k, n = _counts(failures, trials)
    with np.errstate(invalid="ignore"):
        lo = stats.beta.ppf(false_fail_rate, k, n - k + 1)
    return np.where(k == 0, 0.0, lo)


def failure_rate_upper_bound_by_clopper_pearson(failures, trials, false_pass_rate: float):
    """One-sided exact upper bound U on the failure rate: P(p > U) ≤ false_pass_rate. Vectorised."""
    check_open_unit("false_pass_rate", false_pass_rate)
    k, n = _counts(failures, trials)
    with np.errstate(invalid="ignore"):
        hi = stats.beta.ppf(1 - false_pass_rate, k + 1, n - k)
    return np.where(k >= n, 1.0, hi)


def failure_rate_interval_by_clopper_pearson(
    failures: int, trials: int, confidence: float = 0.95
) -> tuple[float, float]:
    """Two-sided exact (Clopper–Pearson) interval for the failure rate; (0, 1) when there are no trials."""
    check_open_unit("confidence", confidence)
    if isinstance(trials, numbers.Integral) and not isinstance(trials, bool) and trials == 0 and failures == 0:
        return (0.0, 1.0)
    _counts(failures, trials)
    ci = stats.binomtest(int(failures), int(trials)).proportion_ci(confidence, method="exact")
    return (float(ci.low), float(ci.high))


def refutes_failure_rate_at_most(failures, trials, delta: float, level: float):
    """True where the exact lower bound at ``level`` exceeds δ: P_δ(X ≥ k) < level. Vectorised."""
    check_open_unit("delta", delta)
    check_open_unit("level", level)
    k, n = _counts(failures, trials)
    return stats.binom.sf(k - 1, n, delta) < level


def supports_failure_rate_at_most(failures, trials, delta: float, level: float):
    """True where the exact upper bound at ``level`` is ≤ δ: P_δ(X ≤ k) ≤ level. Vectorised."""
    check_open_unit("delta", delta)
    check_open_unit("level", level)
    k, n = _counts(failures, trials)
    return stats.binom.cdf(k, n, delta) <= level


def min_num_trials_for_failure_rate_test(
    delta: float, epsilon: float, false_fail_rate: float, false_pass_rate: float
) -> int:
    """The largest count of the sequential design (:class:`SequentialDesign`): the smallest at which its exact
    power is ≥ 1 − β at both ends of the indifference zone (δ − ε, δ + ε). It grows like
    (z_α + z_β)² δ(1 − δ)/ε²."""
    return SequentialDesign.for_failure_rate(delta, epsilon, false_fail_rate, false_pass_rate).max_trials


def geometric_schedule(n_max: int, looks: int) -> tuple[int, ...]:
    """Cumulative trial counts ⌈N_max / 2^{K−k}⌉, k = 1..K, without repeats; ends at N_max."""
    n_max, looks = check_size("n_max", n_max), check_size("looks", looks)
    counts = sorted({max(1, math.ceil(n_max / 2 ** (looks - k))) for k in range(1, looks + 1)})
    return tuple(counts)


@dataclass(frozen=True)
class AlphaBudget:
    """The suite-wide false-fail budget and how it was split (claims × examples × looks), for the report."""

    total: float
    splits: tuple[tuple[str, int], ...] = field(default_factory=tuple)

    def __post_init__(self):
        check_open_unit("alpha", self.total)

    def split(self, over: str, parts: int) -> AlphaBudget:
        if not isinstance(over, str) or not over:
            raise InvalidInputError(f"over must name what the α budget is split over (a str), got {over!r}")
        if isinstance(parts, bool) or not isinstance(parts, numbers.Integral) or parts < 1:
            raise InvalidInputError(f"parts: an α budget must be split over >= 1 {over}, got {parts!r}")
        return AlphaBudget(self.total, (*self.splits, (over, int(parts))))

    @property
    def share(self) -> float:
        """α left for one unit after every split (Bonferroni)."""
        return self.total / math.prod(p for _, p in self.splits)

    def describe(self) -> str:
        parts = " × ".join(f"{p} {what}" for what, p in self.splits)
        return f"α = {self.total:g}" + (f" split over {parts}: {self.share:.3g} each" if parts else "")


@dataclass(frozen=True)
class PowerLawFit:
    """log value = intercept + slope·log size, with a two-sided interval for the slope."""

    slope: float
    intercept: float
    lo: float
    hi: float


def fittable(size) -> bool:
    """Whether measurements at these sizes can be fitted by :func:`fit_power_law_exponent`: at least three, at
    two sizes or more (a scaling verdict with fewer draws more, or ends INCONCLUSIVE saying so)."""
    return len(size) >= 3 and np.unique(size).size >= 2


def fit_power_law_exponent(size, value, confidence: float) -> PowerLawFit:
    """Least-squares fit of log value on log size; the slope's interval uses Student's t with n − 2 degrees
    of freedom (scipy.stats.linregress standard error). Needs ≥ 3 points at ≥ 2 distinct sizes."""
    check_open_unit("confidence", confidence)
    size, value = _reals("size", size), _reals("value", value)
    if size.shape != value.shape or size.ndim != 1:
        raise InvalidInputError(f"size and value must be 1-d of one length, got shapes {size.shape} and {value.shape}")
    if np.any(~(size > 0)) or np.any(~np.isfinite(size)):
        raise InvalidInputError(f"size must be finite and > 0, got {size[~(size > 0) | ~np.isfinite(size)][:3]}")
    x, y = np.log(size), np.log(np.where(value > 0, value, np.nan))
    if not fittable(size) or not np.all(np.isfinite(y)):
        raise InvalidInputError(f"a power-law fit needs >= 3 positive values at >= 2 sizes, got {x.size} points")
    fit = stats.linregress(x, y)
    half = stats.t.ppf(0.5 + confidence / 2, x.size - 2) * fit.stderr
    return PowerLawFit(float(fit.slope), float(fit.intercept), float(fit.slope - half), float(fit.slope + half))


#: an exact fit's residual sum of squares is at most N·(EXACT_FIT_ULPS·ε·max|y|)² (least_squares_t_intervals)
EXACT_FIT_ULPS = 16


def least_squares_t_intervals(
    covariates: np.ndarray, y: np.ndarray, confidence: float = 0.95
) -> tuple[tuple[float, float], ...] | None:
    """Each slope's classical t interval in the least-squares fit y = c + Σ_k b_k x_k: b_k ± t_{q, N − K − 1}
    ·√(s²·[(DᵀD)⁻¹]_kk), D = (1, x_1, …, x_K), s² the residual mean square; ``covariates`` (N, K). It assumes
    the residuals independent and Gaussian. None with no residual degree of freedom (N ≤ K + 1), collinear
    columns, or points on the fitted plane to rounding (residual sum of squares within N·(16ε·max|y|)², ε
    float64's: ties such as equal y at every x), whose zero-width interval would say nothing about the slope's
    error."""
    check_open_unit("confidence", confidence)
    fit = _least_squares(covariates, y)
    if fit is None:
        return None
    design, coef, s2, dof = fit
    return _t_intervals(design, coef, s2, dof, confidence)


def residual_scale(covariates: np.ndarray, y: np.ndarray) -> tuple[float, int] | None:
    """(s, ν): the residual standard deviation of the least-squares fit y = c + Σ_k b_k x_k and its degrees of
    freedom N − K − 1; None where :func:`least_squares_t_intervals` is None (no degree of freedom, collinear
    columns, an exact fit)."""
    fit = _least_squares(covariates, y)
    return None if fit is None else (math.sqrt(fit[2]), fit[3])


def t_half_widths(covariates: np.ndarray, scale: float, dof: int, confidence: float = 0.95) -> tuple[float, ...]:
    """Each slope's half-width t_{q, ν}·s·√([(DᵀD)⁻¹]_kk) for the design D = (1, x_1, …, x_K) of ``covariates``
    (N, K), at a given scale s and ν degrees of freedom: what a planned set of rows would give (the size of a
    second stage, :func:`two_stage_t_intervals`)."""
    check_open_unit("confidence", confidence)
    if not (math.isfinite(scale) and scale >= 0):
        raise InvalidInputError(f"scale must be finite and >= 0, got {scale!r}")
    dof = check_size("dof", dof)
    design = _design(covariates)
    if np.linalg.matrix_rank(design) < design.shape[1]:
        raise InvalidInputError(f"covariates must have full column rank with the intercept, got {covariates!r}")
    inverse = np.diag(np.linalg.inv(design.T @ design))[1:]
    t = stats.t.ppf((1 + confidence) / 2, dof)
    return tuple(float(t * scale * math.sqrt(v)) for v in inverse)


def two_stage_t_intervals(
    covariates: np.ndarray, y: np.ndarray, pilot, confidence: float = 0.95
) -> tuple[tuple[float, float], ...] | None:
    """Stein's (1945) two-stage interval for each slope: b_k ± t_{q, ν₁}·s₁·√([(DᵀD)⁻¹]_kk), with b and D from
    all N rows and s₁, ν₁ = N₁ − K − 1 from the least squares of the ``pilot`` rows (a boolean mask) alone.

    Its coverage is exact when the rows drawn after the pilot are chosen from s₁ alone (their number sized so
    that the half-width meets a goal, :func:`t_half_widths`): with independent Gaussian residuals of one
    variance, s₁ is independent of the pilot's coefficients and of every later row, so given the rows drawn,
    (b_k − β_k)/(s₁·√[(DᵀD)⁻¹]_kk) is Student t with ν₁ degrees of freedom. The classical interval over all
    rows, whose s² comes partly from rows that s₁ chose to draw, has no such guarantee. None where the pilot
    gives none (:func:`residual_scale`)."""
    check_open_unit("confidence", confidence)
    mask = np.asarray(pilot)
    if mask.dtype != bool:
        raise InvalidInputError(f"pilot must be a boolean mask over the rows, got {pilot!r}")
    whole = _least_squares(covariates, y, exact_is_none=False)
    x, values = _reals("covariates", covariates), _reals("y", y)
    if mask.shape != values.shape:
        raise InvalidInputError(f"pilot must have one entry per row ({values.shape[0]}), got shape {mask.shape}")
    first = _least_squares(x[mask], values[mask])
    if whole is None or first is None:
        return None
    design, coef, _, _ = whole
    return _t_intervals(design, coef, first[2], first[3], confidence)


@dataclass(frozen=True)
class LackOfFit:
    """The lack-of-fit F test of a straight line: F = (SS_lof/(c − 2)) / (SS_pe/(N − c)) on (c − 2, N − c)
    degrees of freedom, and its p-value."""

    f: float
    dof: tuple[int, int]
    p_value: float


def lack_of_fit_f_test(x, y) -> LackOfFit | None:
    """Whether a straight line y = a + b·x fits rows with replicates: the residual sum of squares of the least
    squares line splits into pure error SS_pe = Σ_i Σ_j (y_ij − ȳ_i)², the scatter of the rows at each of the c
    distinct x about their mean, and lack of fit SS_lof = Σ_i N_i (ȳ_i − a − b·x_i)², the means' distance from
    the line. With independent Gaussian errors of one variance and the line true, F = (SS_lof/(c − 2)) /
    (SS_pe/(N − c)) is F(c − 2, N − c) (Draper & Smith, *Applied Regression Analysis*, 3rd ed., §2.1); a small
    p-value says the line misses the means by more than the replicates scatter. None with fewer than 3
    distinct x, no replicate (N = c), or no scatter within the groups (SS_pe within rounding of 0)."""
    x, y = _reals("x", x), _reals("y", y)
    if x.ndim != 1 or x.shape != y.shape or not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise InvalidInputError(f"x and y must be finite and 1-d of one length, got shapes {x.shape} and {y.shape}")
    levels, group = np.unique(x, return_inverse=True)
    c, n = len(levels), len(y)
    if c < 3 or n <= c:
        return None
    means = np.bincount(group, weights=y) / np.bincount(group)
    pure = float(np.sum((y - means[group]) ** 2))
    if pure <= n * (EXACT_FIT_ULPS * np.finfo(np.float64).eps * max(1.0, float(np.max(np.abs(y))))) ** 2:
        return None
    slope, intercept = np.polyfit(x, y, 1)
    lack = float(np.sum((y - intercept - slope * x) ** 2)) - pure
    f = max(lack, 0.0) / (c - 2) / (pure / (n - c))
    return LackOfFit(float(f), (c - 2, n - c), float(stats.f.sf(f, c - 2, n - c)))


def _design(covariates) -> np.ndarray:
    x = _reals("covariates", covariates)
    if x.ndim not in (1, 2) or x.shape[0] < 1 or not np.all(np.isfinite(x)):
        raise InvalidInputError(f"covariates must be finite, of shape (N,) or (N, K), got {covariates!r}")
    return np.column_stack([np.ones(x.shape[0]), x.reshape(x.shape[0], -1)])


def _least_squares(covariates, y, exact_is_none: bool = True):
    """(D, coefficients, s², ν) of the fit y = c + Σ_k b_k x_k, or None (see least_squares_t_intervals)."""
    x, y = _reals("covariates", covariates), _reals("y", y)
    if y.ndim != 1 or x.ndim not in (1, 2) or x.shape[0] != y.shape[0]:
        raise InvalidInputError(
            f"covariates must have shape (N,) or (N, K) and y shape (N,), got {x.shape} and {y.shape}"
        )
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise InvalidInputError(f"covariates and y must be finite, got {covariates!r} and {y!r}")
    design = np.column_stack([np.ones(len(y)), x.reshape(len(y), -1)])
    dof = design.shape[0] - design.shape[1]
    if dof < 1 or np.linalg.matrix_rank(design) < design.shape[1]:
        return None
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    rss = float(np.sum((y - design @ coef) ** 2))
    # an exact fit: no scatter to measure the error by (16ε: lstsq's own rounding of equal y is a few ε·|y|)
    if exact_is_none and rss <= len(y) * (EXACT_FIT_ULPS * np.finfo(np.float64).eps * max(1.0, np.max(np.abs(y)))) ** 2:
        return None
    return design, coef, rss / dof, dof


def _t_intervals(design, coef, s2, dof, confidence) -> tuple[tuple[float, float], ...]:
    se = np.sqrt(s2 * np.diag(np.linalg.inv(design.T @ design)))
    t = stats.t.ppf((1 + confidence) / 2, dof)
    return tuple((float(c - t * e), float(c + t * e)) for c, e in zip(coef[1:], se[1:], strict=True))
