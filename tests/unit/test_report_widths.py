"""The du2018a.widths experiment at a tiny plan (both regimes, bisection, fits, theories) and its rendering."""

from __future__ import annotations

import math

import pytest

from claims.catalogue.du2018a import widths as experiment
from claims.report.sections import du2018a_widths
from claims.report.sections.du2018a_widths import render_widths
from claims.spec import ByProfile
from tests.helpers import run_widths

FIXED = "fixed d = 10"

TINY = {
    "lemma3_1": ByProfile.same(
        experiment.Plan(
            {"d = 2n": (3, 4, 5), "fixed d = 10": (4, 6), experiment.DIGITS: (3,)}, steps=3, draws={"fixed d = 10": 2}
        )
    ),
    "thm4_1": ByProfile.same(experiment.Plan({"fixed d = 10": (3, 4), experiment.DIGITS: (3, 4, 5)}, top=64, start=4)),
    "thm3_2": ByProfile.same(experiment.Plan({})),
}


@pytest.fixture(scope="module")
def data():
    return run_widths(TINY, seed=5)


def test_rows_brackets_and_resolution(data):
    lemma = [r for r in data["rows"] if r.get("lemma3_1")]
    assert [(r["regime"], r["n"], r["draw"]) for r in lemma] == [
        ("d = 2n", 3, 0),
        ("d = 2n", 4, 0),
        ("d = 2n", 5, 0),
        ("fixed d = 10", 4, 0),
        ("fixed d = 10", 4, 1),
        ("fixed d = 10", 6, 0),
        ("fixed d = 10", 6, 1),
        ("digits, d = 64", 3, 0),
    ]
    for r in lemma:
        s = r["lemma3_1"]
        assert max(p["m"] for p in s["points"]) == r["bernstein"]  # the grid is anchored at m_B
        if s["bracket"]:
            lo, hi = s["bracket"]
            assert lo < hi == s["m_star"]
        assert r["bernstein"] < r["m1"]
    coarse = {round(r["bernstein"] / 2**j) for r in lemma for j in range(4)}
    assert any(p["m"] not in coarse for r in lemma for p in r["lemma3_1"]["points"])  # bisection added widths
    for r in lemma:
        assert set(r["theories"]) == {"du2018a", "song_yang2019", "oymak_soltanolkotabi2020", "parameter_count"}


def test_draws_are_rows_of_their_own(data):
    """Two X per n at fixed d: distinct seeds and λ0, the first X's seed the one a single X per (regime, n) had
    (so earlier rows replicate); GD, planned with one X there, sweeps the first X only; both X enter the fit."""
    fixed = [r for r in data["rows"] if r["regime"] == "fixed d = 10"]
    for n in (4, 6):
        first, second = (r for r in fixed if r["n"] == n)
        assert first["seed"] == experiment.derive_seed(5, f"widths/fixed d = 10/n={n}")
        assert first["seed"] != second["seed"] and first["lambda0"] != second["lambda0"]
        assert first["lemma3_1"] and second["lemma3_1"]
        assert bool(second.get("thm4_1")) is False and (n != 4 or first["thm4_1"])
    with_m = [r for r in fixed if r.get("lemma3_1") and r["lemma3_1"]["bracket"]]
    fit = data["fits"]["lemma3_1"]["fixed d = 10"]
    assert len(with_m) == 4 and fit["rows"] == 4  # every X of every n, not one row per n
    assert data["plans"]["lemma3_1"]["draws"] == {"d = 2n": 1, "fixed d = 10": 2, "digits, d = 64": 1}


def test_fits_and_shares(data):
    assert data["fits"]["lemma3_1"]["d = 2n"] is not None  # three rows: a fit
    assert data["fits"]["thm3_2"]["joint"] is None  # not run
    fit = data["fits"]["lemma3_1"]["d = 2n"]
    lo, hi = fit["intervals"][0]
    assert lo < hi  # never a zero-width interval
    assert 0 < data["alpha_share"] < 0.01


def test_render(data, tmp_path):
    from claims.report.figures import Figures

    text = render_widths(data, Figures(tmp_path, "fig"))
    assert "#### d = 2n" in text and "#### fixed d = 10" in text
    assert "m_B, Bernstein (ratio)" in text and "Song & Yang 2019 (ratio)" in text
    assert "t interval from the rows' scatter" in text and "The bootstrap holds each row's X as drawn" in text
    assert (tmp_path / "widths_collapse.png").exists() and (tmp_path / "widths_rates.png").exists()
    assert "| n | X | d | λ0 | m*(n) (bracket]" in text and "| 6 | 2 | 10 |" in text  # the second X at n = 6
    assert "except: Lemma 3.1 at fixed d = 10, 2 X per n; each X a row" in text


def test_next_round_doubles_then_bisects():
    def pts(*vs):
        return [{"m": 2**k, "verdict": v} for k, v in enumerate(vs, start=1)]

    assert experiment._next(pts("REFUTED", "INCONCLUSIVE"), top=64, resolution=1.1) == [8, 16]
    assert experiment._next(pts("REFUTED", "REFUTED"), top=4, resolution=1.1) == []  # at the top: m* > top
    assert experiment._next(pts("REFUTED", "REFUTED", "SUPPORTED"), top=64, resolution=1.1) == [6]
    assert experiment._next(pts("REFUTED", "SUPPORTED"), top=64, resolution=2.5) == []  # resolved
    assert experiment._most_points((2, 4, 8), top=64, rounds=2) == 3 + 3 + 2


def test_render_of_an_earlier_design_says_so(tmp_path):
    from claims.report.figures import Figures

    old = {"delta": 0.05, "tops": {}, "rows": [], "exponents": {}}
    assert "earlier design" in render_widths(old, Figures(tmp_path, "fig"))


def test_the_digits_regime_runs_on_rows_of_the_digits_and_stays_out_of_the_joint_fit(data):
    import torch

    from claims import registry
    from models import datasets

    digits = [r for r in data["rows"] if r["regime"] == experiment.DIGITS]
    assert [r["n"] for r in digits] == [3, 4, 5] and all(r["d"] == 64 for r in digits)
    assert digits[0]["lemma3_1"] and digits[0]["thm4_1"] and digits[1]["thm4_1"]
    pool = datasets.digits().X
    for r in digits:  # the rows' X is n rows of the digits, not sphere points of d = 64
        shape = experiment.REGIMES[r["regime"]]
        claim = registry.get("du2018a.lemma3.1")
        X = experiment._x(claim, r["n"], r["d"], r["seed"], "cpu", torch.float64, shape.data)
        exact = torch.cdist(X, pool, compute_mode="donot_use_mm_for_euclid_dist")  # no √ of a rounded difference
        assert exact.amin(-1).max() < 1e-12  # each row is a digits row, as stored (float64, unit norm)
    assert data["joint_regimes"] == ["d = 2n", "fixed d = 10"]
    sphere_rows = [r for r in data["rows"] if r["regime"] != experiment.DIGITS and r.get("lemma3_1")]
    assert data["fits"]["lemma3_1"]["joint"]["rows"] == len(sphere_rows)
    assert data["fits"]["thm4_1"][experiment.DIGITS] is not None  # fitted on its own


def test_the_digits_regime_is_rendered_with_its_own_table(data, tmp_path):
    from claims.report.figures import Figures

    text = render_widths(data, Figures(tmp_path, "fig"))
    assert "#### digits, d = 64" in text and "parity" in text and "both sphere regimes" in text


def test_the_theories_exponents_are_taken_on_the_fits_own_rows():
    from claims.report.sections.du2018a_widths import _fits_table, _slope

    assert _slope([10, 20, 40], [100.0, 400.0, 1600.0]) == pytest.approx(2.0, rel=1e-12)
    assert _slope([10, 10], [1.0, 2.0]) is None and _slope([10, 20], [1.0, 0.0]) is None

    def sweep(m_star):
        return {"m_star": m_star, "points": [], "bracket": [m_star / 2, m_star]}

    def row(n, m_star):  # Lemma 3.1 at n = 10, 20 (m_B ∝ n²); GD also at n = 40, where m_B is off the n² line
        return {"regime": "fixed d = 10", "n": n, "m1": n**3, "bernstein": n**2 if n < 40 else 10**9,
                "flow_width": 1.0, "theories": {}, "lemma3_1": sweep(m_star) if m_star else None,
                "thm4_1": sweep(20)}  # fmt: skip

    data = {"regimes": ["fixed d = 10"], "rows": [row(10, 100), row(20, 400), row(40, None)],
            "fits": {"lemma3_1": {"fixed d = 10": None}}}  # fmt: skip
    text = "\n".join(_fits_table(data))
    assert "m_B (Bernstein) 2.00, m₁ (Hoeffding) 3.00" in text  # n = 40 (no Lemma 3.1 m*) left out
    assert "2 rows with an m*: too few to fit" in text


def test_the_fits_table_shows_the_t_interval_of_the_fits_own_rows(data):
    """The scatter column is the t interval of the fit's least squares on the rows the fit used, their m*
    brackets taken from the sweeps' points (claims.engine.width_fit.bracket), not from the stored ones."""
    from claims.engine.width_fit import bracket
    from claims.report.sections.du2018a_widths import _fits_table
    from claims.stats import least_squares_t_intervals

    rows = [r for r in data["rows"] if r["regime"] == "d = 2n" and r.get("lemma3_1")]
    brackets = [bracket(r["lemma3_1"]["points"]) for r in rows]
    found = [(r["n"], b) for r, b in zip(rows, brackets, strict=True) if b]
    ns, mids = [math.log(n) for n, _ in found], [math.log(lo * hi) / 2 for _, (lo, hi) in found]
    ((lo, hi),) = least_squares_t_intervals(ns, mids)
    line = next(x for x in _fits_table(data) if x.startswith("| Lemma 3.1 | d = 2n |"))
    assert f"| [{lo:.2f}, {hi:.2f}] (±{(hi - lo) / 2:.2f}) |" in line


def test_render_results_of_one_x_per_n(data, tmp_path):
    """A results.json written before several X per n (rows without ``draw``, plans without ``draws``) renders
    as it did: no X column, "one X per regime and n"."""
    import copy

    from claims.report.figures import Figures

    old = copy.deepcopy(data)
    old["rows"] = [{k: v for k, v in r.items() if k != "draw"} for r in old["rows"] if not r.get("draw")]
    for plan in old["plans"].values():
        del plan["draws"]
    text = render_widths(old, Figures(tmp_path, "fig"))
    assert "| n | d | λ0 | m*(n) (bracket]" in text and "| n | X |" not in text
    assert "(one X per regime and n)" in text


GD_DEFAULTS = {"horizon": 6.0, "eta_scale": None, "max_steps": 20000}


def test_a_gd_sweep_whose_horizon_at_h_infinity_is_out_of_reach_is_unreachable():
    """K∞ = ⌈6·λ_max(H∞)/λ0⌉ against max_steps: above it the sweep cannot decide (and says why), at or below it
    runs; Lemma 3.1 and the flow have no such rule, nor does a row written before λ_max was kept."""
    row = {"lambda0": 0.01, "lambda_max": 100.0}
    reason = experiment.unreachable("thm4_1", row, GD_DEFAULTS)
    assert reason["steps_at_h_infinity"] == 60000 and reason["max_steps"] == 20000
    assert "K∞" in reason["not_run"] and "60000" in reason["not_run"] and "cannot be located" in reason["not_run"]
    assert experiment.unreachable("thm4_1", {"lambda0": 0.03, "lambda_max": 100.0}, GD_DEFAULTS) is None  # 20000
    assert experiment.unreachable("thm4_1", {"lambda0": 0.01}, GD_DEFAULTS) is None
    with pytest.MonkeyPatch.context() as mp:  # the literal or a fixed step: K is one for all trials, no rule here
        mp.setitem(experiment.EXTRA, "thm4_1", {"eta_scale": None})
        assert experiment.unreachable("thm4_1", row, GD_DEFAULTS) is None
    for key in ("lemma3_1", "thm3_2"):
        assert experiment.unreachable(key, row, GD_DEFAULTS) is None


def test_rows_keep_the_top_of_h_infinitys_spectrum(data):
    """λ_max(H∞) of the row's own X, recomputed from its seed (as λ0 is: the two ends of one spectrum)."""
    import torch

    from claims import registry
    from models import two_layer

    claim = registry.get("du2018a.lemma3.1")
    for r in data["rows"]:
        X = experiment._x(claim, r["n"], r["d"], r["seed"], "cpu", torch.float64, experiment.REGIMES[r["regime"]].data)
        X = X / torch.linalg.vector_norm(X, dim=-1, keepdim=True)
        top = float(torch.linalg.eigvalsh(two_layer.h_infinity(X))[-1])
        assert r["lambda_max"] == pytest.approx(top, rel=1e-12) and r["lambda_max"] > r["lambda0"]


def test_the_experiment_leaves_out_exactly_the_gd_sweeps_that_cannot_decide(data, tmp_path):
    """With max_steps put between the rows' K∞, the GD sweeps above it are not run (no points, no bracket, the
    reason kept and rendered), those at or below it run as before, and the fits use the run rows only."""
    from claims.report.figures import Figures

    gd = [r for r in data["rows"] if r.get("thm4_1")]
    k_inf = sorted(math.ceil(6 * r["lambda_max"] / r["lambda0"]) for r in gd)
    cap = k_inf[len(k_inf) // 2]
    assert k_inf[0] <= cap < k_inf[-1]  # the tiny rows straddle it
    plans = {**TINY, "lemma3_1": ByProfile.same(experiment.Plan({}))}
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(experiment.EXTRA, "thm4_1", {**experiment.EXTRA["thm4_1"], "max_steps": cap})
        capped = run_widths(plans, seed=5)
    rows = [r for r in capped["rows"] if r.get("thm4_1")]
    assert len(rows) == len(gd)
    for r in rows:
        s, k = r["thm4_1"], math.ceil(6 * r["lambda_max"] / r["lambda0"])
        if k > cap:
            assert s["not_run"] and s["points"] == [] and s["bracket"] is None and s["m_star"] is None
            assert s["steps_at_h_infinity"] == k and s["max_steps"] == cap
        else:
            assert "not_run" not in s and s["points"]
    fitted = sum(bool(r["thm4_1"]["bracket"]) for r in rows if r["regime"] == experiment.DIGITS)
    fit = capped["fits"]["thm4_1"][experiment.DIGITS]
    assert (fit["rows"] if fit else 0) == fitted
    text = render_widths(capped, Figures(tmp_path, "fig"))
    assert f"> {cap:,} steps" in text and "not that the claim fails" in text


def test_the_fit_text_counts_the_x_the_rows_hold_not_the_plan(data, tmp_path):
    """A merge whose parts left an X out at some n (the flow's n = 160 at fixed d) says so beside the count."""
    import copy

    from claims.report.figures import Figures

    cut = copy.deepcopy(data)
    cut["rows"] = [r for r in cut["rows"] if (r["regime"], r["n"], r["draw"]) != ("fixed d = 10", 6, 1)]
    assert "Lemma 3.1 at fixed d = 10, 2 X per n; each" in render_widths(data, Figures(tmp_path, "a"))
    assert "Lemma 3.1 at fixed d = 10, 2 X per n (1 at n = 6); each" in render_widths(cut, Figures(tmp_path, "b"))


def test_the_regimes_text_gives_lambda0_at_both_ends_of_n_as_measured():
    rows = [
        {"regime": "fixed d = 10", "n": 10, "lambda0": 0.2},
        {"regime": "fixed d = 10", "n": 10, "lambda0": 0.4},
        {"regime": "fixed d = 10", "n": 80, "lambda0": 0.05},
        {"regime": "d = 2n", "n": 10, "lambda0": 0.3},
    ]
    data = {"rows": rows, "regimes": ["d = 2n", "fixed d = 10"]}
    assert (
        du2018a_widths._lambda0_span(data, "fixed d = 10") == "; measured here: median λ0 0.3 at n = 10, 0.05 at n = 80"
    )
    assert du2018a_widths._lambda0_span(data, "d = 2n") == ""  # one n: no span to read
    assert "bites; measured here: median λ0 0.3 at n = 10" in du2018a_widths._regimes_text(data)


def test_the_regimes_text_describes_only_the_regimes_the_rows_hold():
    """A part that swept one regime (``--select regime=…``, the device's n = 320 rows) says nothing of the others."""
    rows = [{"regime": "fixed d = 10", "n": n, "lambda0": lam} for n, lam in ((10, 0.2), (320, 0.001))]
    text = du2018a_widths._regimes_text({"rows": rows, "regimes": ["d = 2n", "fixed d = 10", "digits, d = 64"]})
    assert text.startswith("Sphere data in one regime: **fixed d = 10**") and "0.001 at n = 320" in text
    assert "d = 2n" not in text and "digits" not in text
    rows.append({"regime": "digits, d = 64", "n": 10, "lambda0": 0.01})
    both = du2018a_widths._regimes_text({"rows": rows, "regimes": ["fixed d = 10", "digits, d = 64"]})
    assert "Real data: **digits, d = 64**" in both and "d = 2n" not in both


def _sweep_at(mid: float, spread: float = 1.1) -> dict:
    """A sweep whose m* bracket (mid/spread, mid·spread] has its geometric midpoint at ``mid``."""
    return {"m_star": round(mid * spread), "points": [], "bracket": [mid / spread, mid * spread]}


def test_a_table_cell_gives_m_star_with_its_bracket_and_each_theorys_width_over_it():
    sweep = {"m_star": 23, "bracket": [19.0, 23.0], "points": [{"m": 19}, {"m": 23}]}
    assert du2018a_widths._m_star(sweep) == "23 (19, 23]"
    assert du2018a_widths._m_star({"m_star": None, "bracket": None, "points": [{"m": 8}, {"m": 64}]}) == "> 64"
    assert du2018a_widths._vs(230.0, sweep) == "230 (10×)"  # the theory asks ten times the measured width
    assert du2018a_widths._vs(230.0, None) == "230 (–)"


def test_the_shape_table_reads_the_bend_and_the_local_exponents_from_the_rows():
    """Two X per n at n = 10, 20, 40 with midpoints ∝ n then ∝ n² (±2 % scatter): the local exponents are 1 and
    2 (their means' difference over log n₂/n₁) and the F test says no to one power law; on a line through the
    same scatter it does not reject."""

    def data(mids):
        rows = [
            {"regime": FIXED, "n": n, "draw": k, "thm4_1": _sweep_at(mid * s)}
            for n, mid in mids.items()
            for k, s in enumerate((1.02, 1 / 1.02))
        ]
        return {"rows": rows, "regimes": [FIXED], "fits": {"thm4_1": {}}}

    bent = du2018a_widths._shape_table(data({10: 100.0, 20: 200.0, 40: 800.0}))
    (line,) = [x for x in bent if x.startswith("| Theorem 4.1 (GD) | fixed d = 10 |")]
    assert ": no |" in line and "10→20: 1.00 [" in line and "20→40: 2.00 [" in line
    straight = du2018a_widths._shape_table(data({10: 100.0, 20: 400.0, 40: 1600.0}))
    (line,) = [x for x in straight if x.startswith("| Theorem 4.1 (GD) | fixed d = 10 |")]
    assert ": not rejected |" in line and "10→20: 2.00 [" in line and "20→40: 2.00 [" in line


def test_the_joint_table_gives_b_as_the_negated_lambda0_coefficient_with_its_intervals():
    """m* ∝ n^a·λ0^(−b): the fit's λ0 coefficient −2 [−3, −1] is b = 2 [1, 3], and the t interval from the rows'
    scatter on log λ0 is negated and put in order the same way; a's cells are the fit's own, ± half the width."""
    import numpy as np

    from claims.stats import least_squares_t_intervals

    rng = np.random.default_rng(4)
    rows = []
    for regime, lam in (("d = 2n", lambda n: 0.3), (FIXED, lambda n: 3.0 / n)):
        for n in (10, 20, 40, 80):
            mid = n**1.5 * lam(n) ** -2.0 * math.exp(0.1 * rng.standard_normal())
            rows.append({"regime": regime, "n": n, "draw": 0, "lambda0": lam(n), "thm4_1": _sweep_at(mid)})
    fit = {"coefficients": [1.5, -2.0], "intervals": [[1.0, 2.0], [-3.0, -1.0]], "rows": 8, "method": "m"}
    data = {
        "rows": rows,
        "regimes": ["d = 2n", FIXED],
        "joint_regimes": ["d = 2n", FIXED],
        "fits": {"thm4_1": {"joint": fit}},
        "theories": [],
        "nominal_exponents": {"lemma3_1_hoeffding": (2, 2)},
    }
    (line,) = [x for x in du2018a_widths._joint_table(data) if x.startswith("| Theorem 4.1 (GD) |")]
    x = np.log([[r["n"], r["lambda0"]] for r in rows])
    y = np.log([math.sqrt(r["thm4_1"]["bracket"][0] * r["thm4_1"]["bracket"][1]) for r in rows])
    (a_lo, a_hi), (c_lo, c_hi) = least_squares_t_intervals(x, y)
    assert c_hi < 0  # the scatter's interval on the λ0 coefficient: b > 0 on its own
    b_cell = f"[{-c_hi:.2f}, {-c_lo:.2f}] (±{(c_hi - c_lo) / 2:.2f})"
    a_cell = f"[{a_lo:.2f}, {a_hi:.2f}] (±{(a_hi - a_lo) / 2:.2f})"
    fitted = "1.50 [1.00, 2.00] (±0.50) | 2.00 [1.00, 3.00] (±1.00)"  # a, then b = −(−2) [−(−1), −(−3)]
    assert line == f"| Theorem 4.1 (GD) | 8 | {fitted} | {a_cell} | {b_cell} |"


def test_the_regimes_text_gives_the_median_lambda0_not_the_mean():
    rows = [{"regime": FIXED, "n": 10, "lambda0": v} for v in (0.1, 0.2, 0.6)]
    rows.append({"regime": FIXED, "n": 20, "lambda0": 0.05})
    assert "median λ0 0.2 at n = 10" in du2018a_widths._lambda0_span({"rows": rows}, FIXED)


def test_the_text_gives_each_claims_own_delta(data, tmp_path):
    from claims.report.figures import Figures

    text = render_widths(data, Figures(tmp_path, "fig"))
    d = data["delta"]
    assert d["thm4_1"] != d["thm3_2"]  # the defaults tell the two apart
    assert f"δ: Lemma 3.1 {d['lemma3_1']}, Theorem 4.1 {d['thm4_1']} (η" in text
    assert f"Theorem 3.2 {d['thm3_2']} (refined RK4" in text


def test_each_row_has_its_regimes_d_its_lambda0_and_each_width_at_its_own_claims_delta(data):
    """A row's d is its regime's (2n; 10; the digits' 64), λ0 the bottom of H∞'s spectrum on the row's X, and
    each width is taken at the δ of the claim it is set beside: m_B and m₁ at Lemma 3.1's, the GD theories at
    Theorem 4.1's, the flow's width at Theorem 3.2's (whose default δ differs)."""
    import torch

    from claims import registry
    from models import two_layer, two_layer_bounds
    from models import width_theories as theories

    claim, delta = registry.get("du2018a.lemma3.1"), data["delta"]
    d_of = {"d = 2n": lambda n: 2 * n, FIXED: lambda n: 10, experiment.DIGITS: lambda n: 64}
    for r in data["rows"]:
        n, d = r["n"], r["d"]
        assert d == d_of[r["regime"]](n)
        X = experiment._x(claim, n, d, r["seed"], "cpu", torch.float64, experiment.REGIMES[r["regime"]].data)
        X = X / torch.linalg.vector_norm(X, dim=-1, keepdim=True)
        lam0 = float(torch.linalg.eigvalsh(two_layer.h_infinity(X))[0])
        assert r["lambda0"] == pytest.approx(lam0, rel=1e-10)
        bern = theories.bernstein_parameters(X)
        assert r["bernstein"] == theories.bernstein_width_lemma3_1(bern, r["lambda0"], delta["lemma3_1"])
        assert r["m1"] == two_layer_bounds.literal_width_lemma3_1(n, r["lambda0"], delta["lemma3_1"])
        assert r["theories"] == theories.theory_widths(n, d, r["lambda0"], delta["thm4_1"])
        assert r["flow_width"] == theories.du2018a_thm3_2(n, d, r["lambda0"], delta["thm3_2"])


def test_the_nominal_exponents_are_the_orders_of_the_theories_own_widths():
    """(a, b) of m ∝ n^a·λ0^(−b) as the report prints them beside the fits, read off each theory's width function
    (d and δ fixed, as within a regime) between n and 2n and between λ0 and λ0/2 at n = 10⁶, where logarithms
    move the local exponent by less than ¼."""
    from models import two_layer_bounds
    from models import width_theories as theories

    def width(key):
        if key == "lemma3_1_hoeffding":
            return lambda n, lam: two_layer_bounds.literal_width_lemma3_1(n, lam, 0.05)
        return lambda n, lam: theories.theory_widths(n, 10, lam, 0.05)[key]

    assert set(experiment.THEORY_EXPONENTS) == {t.key for t in theories.THEORIES} | {"lemma3_1_hoeffding"}
    n, lam = 10**6, 0.01
    for key, (a, b) in experiment.THEORY_EXPONENTS.items():
        w = width(key)
        local_a = math.log2(w(2 * n, lam) / w(n, lam))
        local_b = math.log2(w(n, lam / 2) / w(n, lam))
        assert abs(local_a - a) < 0.25 and abs(local_b - b) < 0.25, key


def test_a_sweep_without_m_star_is_left_out_of_the_theories_exponents_as_out_of_the_fit():
    """Lemma 3.1 swept at n = 10, 20, 40 but m* not reached at n = 40 (m_B there off the n² line): the theories'
    exponent beside the fit is taken on the rows the fit has, n = 10 and 20, where m_B ∝ n²."""
    from claims.report.sections.du2018a_widths import _fits_table

    def row(n, m_star):
        sweep = {"m_star": m_star, "points": [{"m": 64}], "bracket": [m_star / 2, m_star] if m_star else None}
        return {"regime": FIXED, "n": n, "m1": n**3, "bernstein": n**2 if n < 40 else 10**9, "flow_width": 1.0,
                "theories": {}, "lemma3_1": sweep}  # fmt: skip

    data = {"regimes": [FIXED], "rows": [row(10, 100), row(20, 400), row(40, None)],
            "fits": {"lemma3_1": {FIXED: None}}}  # fmt: skip
    text = "\n".join(_fits_table(data))
    assert "m_B (Bernstein) 2.00, m₁ (Hoeffding) 3.00" in text and "2 rows with an m*: too few to fit" in text
