"""claims.engine.width_fit: the bracket and its bisection, and the fit of m*(n)'s growth on synthetic sweeps
whose true exponent is known (its interval's coverage, and never a zero-width interval from ties)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from claims.engine.sweep import smallest_width
from claims.engine.width_fit import _verdicts, bracket, fit_widths, next_width, point_design
from claims.stats import least_squares_t_intervals, refutes_failure_rate_at_most

DELTA, LEVEL = 0.05, 1e-3


def _point(m, verdict, failures=0, trials=200):
    return {"m": m, "verdict": verdict, "failures": failures, "trials": trials, "level": LEVEL}


def test_bracket_and_next_width():
    pts = [_point(16, "REFUTED"), _point(32, "INCONCLUSIVE"), _point(64, "SUPPORTED"), _point(128, "SUPPORTED")]
    assert bracket(pts) == (32.0, 64.0)
    assert next_width(pts, resolution=1.1) == 45  # ⌊√(32·64)⌉
    assert next_width(pts, resolution=2.0) is None  # already within the resolution
    assert next_width([_point(8, "REFUTED")]) is None  # no m*
    assert next_width([_point(8, "SUPPORTED")]) is None  # nothing tested below m*
    assert bracket([_point(8, "SUPPORTED")], open_ratio=2) == (4.0, 8.0)
    assert bracket([_point(5, "SUPPORTED"), _point(6, "REFUTED")]) is None


def test_the_bootstrap_counts_undecided_trials_with_the_failures():
    """The design's support rule counts an undecided trial against SUPPORTED, so the bootstrap redraws a point at the
    rate (f + u + ½)/(T + 1): a point at m = 16 with no failure but every trial undecided is never SUPPORTED in a
    replicate, and m* stays at 32 in every one (at its failures' rate alone, ½/271 ≈ 0.18 %, it passed in most)."""
    from claims.engine.width_fit import _replicate_brackets

    design = point_design(DELTA, LEVEL)
    trials = design.max_trials
    open_point = {**_point(16, "INCONCLUSIVE", 0, trials), "undecided": trials}
    pts = [_point(8, "REFUTED", trials, trials), open_point, _point(32, "SUPPORTED", 0, trials)]
    lo, hi = _replicate_brackets(pts, DELTA, np.random.default_rng(0), 200, 2.0)
    assert (hi == 32).all() and (lo == 16).all()


def _sweep(n, b, rng, slope=4.0, resolution=2**0.25, steps=5):
    """A synthetic sweep: failure rate p(m) = Φ(−slope·ln(m/m₀(n))) with m₀ = 100·n^b (so every m* shifts
    with n^b), a grid anchored at 4·m₀ halved ``steps`` times, each point's verdict by the point's own design
    on a Bernoulli stream, then bisection until ``resolution``."""
    m0 = 100 * n**b
    design = point_design(DELTA, LEVEL)

    def run(m):
        rate = stats.norm.cdf(-slope * math.log(m / m0))
        passed = _verdicts(design, np.array([rate]), rng)[0]
        trials = design.max_trials
        failures = int(rng.binomial(trials, rate))
        return _point(m, "SUPPORTED" if passed else "REFUTED", failures, trials)

    pts = sorted((run(round(4 * m0 / 2**j)) for j in range(steps + 1)), key=lambda p: p["m"])
    while (m := next_width(pts, resolution)) is not None:
        pts = sorted([*pts, run(m)], key=lambda p: p["m"])
    return {"n": n, "lambda0": 1.0 / n, "points": pts}


def test_fit_recovers_a_known_exponent_with_its_coverage():
    """Over 40 synthetic data sets (n = 10..320, true exponent 1.5) the 95% interval must not miss the truth
    significantly more often than 5%: refuted only if the exact binomial test rejects a miss rate ≤ 5% at
    α = 10⁻³. The point estimate lies within 0.3 of the truth on average."""
    rng = np.random.default_rng(7)
    b, misses, estimates, reps = 1.5, 0, [], 40
    for _ in range(reps):
        rows = [_sweep(n, b, rng) for n in (10, 20, 40, 80, 160, 320)]
        fit = fit_widths(rows, ("n",), delta=DELTA, replicates=300, seed=int(rng.integers(2**31)))
        lo, hi = fit.intervals[0]
        misses += not lo <= b <= hi
        estimates.append(fit.coefficients[0])
    assert not refutes_failure_rate_at_most(misses, reps, 0.05, 1e-3)
    assert abs(np.mean(estimates) - b) < 0.3


def test_equal_m_star_never_gives_a_zero_width_interval():
    """Every n with the same m* (the √2 grid's m* = 23 of the old design): the interval still has the width
    of the grid cell and the trial noise."""
    pts = [
        _point(16, "REFUTED", 40),
        _point(19, "INCONCLUSIVE", 15),
        _point(23, "SUPPORTED", 0),
        _point(32, "SUPPORTED"),
    ]
    rows = [{"n": n, "lambda0": 0.3, "points": pts} for n in (5, 10, 20, 50)]
    fit = fit_widths(rows, ("n",), delta=DELTA, replicates=500, seed=1)
    lo, hi = fit.intervals[0]
    assert fit.coefficients[0] == pytest.approx(0.0, abs=1e-12)
    assert lo < -0.01 and hi > 0.01


def test_joint_fit_recovers_both_exponents():
    """m₀ = 100·n^a·λ0^(−b) over two regimes (λ0 flat, λ0 ∝ n^(−½)): the joint fit separates a and b."""
    rng = np.random.default_rng(3)
    rows = []
    for n in (10, 20, 40, 80, 160):
        for lam in (0.3, 0.3 * (10 / n) ** 0.5):
            row = _sweep(n, 0, rng)  # a sweep at m₀ = 100, rescaled below to m₀ = 100·n·λ0^(−2)
            scale = n * lam**-2
            row["points"] = [{**p, "m": round(p["m"] * scale)} for p in row["points"]]
            rows.append({"n": n, "lambda0": lam, "points": row["points"]})
    fit = fit_widths(rows, ("n", "lambda0"), delta=DELTA, replicates=500, seed=2)
    (a_lo, a_hi), (c_lo, c_hi) = fit.intervals
    assert a_lo <= 1 <= a_hi and c_lo <= -2 <= c_hi  # log m* = c + a·log n + c_λ·log λ0, c_λ = −b = −2


def test_too_few_rows_or_collinear_gives_none():
    pts = [_point(8, "REFUTED", 100), _point(16, "SUPPORTED")]
    assert fit_widths([{"n": 5, "lambda0": 0.3, "points": pts}] * 2, ("n",), delta=DELTA) is None
    # two rows at distinct n: a line through two points, no residual degree of freedom to say how far it is off
    two = [{"n": n, "points": pts} for n in (5, 10)]
    assert fit_widths(two, ("n",), delta=DELTA) is None
    assert fit_widths([*two, {"n": 20, "points": pts}], ("n",), delta=DELTA) is not None
    rows = [{"n": n, "lambda0": 1 / n, "points": pts} for n in (5, 10, 20, 40)]
    assert fit_widths(rows, ("n", "lambda0"), delta=DELTA) is None  # λ0 = 1/n: collinear with n


def test_fit_is_reproducible():
    rng = np.random.default_rng(0)
    rows = [_sweep(n, 1.0, rng) for n in (10, 20, 40)]
    one, two = (fit_widths(rows, ("n",), delta=DELTA, replicates=200, seed=5) for _ in range(2))
    assert one == two
    assert smallest_width(rows[0]["points"]) is not None


def _scattered(n, b, sigma, rng):
    """A row whose m* is 100·n^b·e^(σZ) (a draw of X that moves it), bracketed tightly: (m*/1.01, m*]."""
    m_star = 100 * n**b * math.exp(sigma * rng.standard_normal())
    return {"n": n, "lambda0": 1.0 / n, "points": [_point(m_star / 1.01, "REFUTED", 100), _point(m_star, "SUPPORTED")]}


def _t_interval(rows):
    """The t interval of the width fit's least squares (log bracket midpoint on log n), as the report's
    widths section computes it."""
    mid = [math.log(math.sqrt(lo * hi)) for lo, hi in (bracket(r["points"]) for r in rows)]
    got = least_squares_t_intervals(np.log([r["n"] for r in rows]), mid)
    return None if got is None else got[0]


def test_the_t_interval_of_the_width_fit_is_the_classical_one_and_covers():
    """The t interval equals scipy's linregress slope ± t·stderr; over 400 synthetic tables whose rows scatter
    about the line (σ = 0.3 in log m*) it covers the true exponent at its nominal rate (refuted only if the
    exact binomial test rejects a miss rate ≤ 5% at α = 10⁻³), where the bootstrap, holding the rows as drawn,
    does not: on one such table it is narrower than the t interval."""
    rng = np.random.default_rng(11)
    ns, b = (10, 14, 20, 28, 40, 57), 2.0
    rows = [_scattered(n, b, 0.3, rng) for n in ns]
    lo, hi = _t_interval(rows)
    mid = [math.log(math.sqrt(r["points"][0]["m"] * r["points"][1]["m"])) for r in rows]
    ref = stats.linregress(np.log(ns), mid)
    t = stats.t.ppf(0.975, len(ns) - 2)
    assert (lo, hi) == pytest.approx((ref.slope - t * ref.stderr, ref.slope + t * ref.stderr), rel=1e-10)
    boot = fit_widths(rows, ("n",), delta=DELTA, replicates=300, seed=3).intervals[0]
    assert boot[1] - boot[0] < hi - lo
    misses, reps = 0, 400
    for _ in range(reps):
        lo, hi = _t_interval([_scattered(n, b, 0.3, rng) for n in ns])
        misses += not lo <= b <= hi
    assert not refutes_failure_rate_at_most(misses, reps, 0.05, 1e-3)
    assert _t_interval(rows[:2]) is None  # no residual degree of freedom
    # tied rows (equal m* at every n, as a grid gives) or rows exactly on a line: no scatter, no interval
    assert least_squares_t_intervals(np.log([10, 20, 40]), np.log([16.0, 16.0, 16.0])) is None
    assert least_squares_t_intervals(np.log([10, 20, 40]), 2 * np.log([10, 20, 40]) + 1) is None
