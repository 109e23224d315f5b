"""The verdict rules of issue 19 on synthetic outcomes, for every class that the engine decides:

* an estimate within its numerical tolerance of a boundary is undecided (never failed, never passed);
* a forall claim is SUPPORTED only at the failure-rate bound its design aims at (``--trials 1`` is not);
* a premise left unmet by the instance is said in the result (reason and JSON), and in the report;
* the claim test (``claims.testing.check_claim``) ends as xfail where a draw outside the premise is REFUTED,
  INCONCLUSIVE or VACUOUS, and fails where a draw inside it is INCONCLUSIVE; in float32, a draw that float64
  decides and float32 leaves INCONCLUSIVE is an xfail that says so, any other miss still fails.
"""

import dataclasses
import json
import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import strategies as st

import claims
from claims import Verdict
from claims.__main__ import main
from claims.engine.runner import _median, run
from claims.engine.stats import AlphaBudget
from claims.spec import ByProfile, Claim, Kind, Mutant, Outcome, Param, Source, compare_at_least, compare_at_most
from claims.stats import (
    failure_rate_interval_by_clopper_pearson,
    failure_rate_upper_bound_by_clopper_pearson,
    min_num_trials_for_forall_test,
)
from claims.testing import check_claim, check_mutant
from models.checks import InvalidInputError


def test_compare_at_most_is_three_way():
    value = torch.tensor([0.5, 0.95, 1.0, 1.04, 1.2, float("nan")], dtype=torch.float64)
    passed, undecided = compare_at_most(value, 1.0, 0.05)
    failed = ~passed & ~undecided
    assert passed.tolist() == [True, True, False, False, False, False]
    assert undecided.tolist() == [False, False, True, True, False, False]
    assert failed.tolist() == [False, False, False, False, True, True]  # beyond the tolerance, or NaN


def test_compare_at_least_mirrors_it():
    lam = torch.tensor([1e-3, 3e-12, 4.5e-14, -1e-9], dtype=torch.float64)
    passed, undecided = compare_at_least(lam, 0.0, 3.1e-12)  # λ0 > 0 with the eigensolver's τ = 3.1e-12
    assert passed.tolist() == [True, False, False, False]
    assert undecided.tolist() == [False, True, True, False]  # 4.5e-14 < τ: unresolved, not shown to be 0


def test_ratio_at_most_leaves_the_band_undecided_and_keeps_a_callers_undecided():
    ratio = torch.tensor([0.9, 0.999, 1.0005, 1.5], dtype=torch.float64)
    out = Outcome.ratio_at_most(ratio, tol=1e-2, undecided=torch.tensor([False, False, False, True]))
    assert out.passed.tolist()[0] and out.undecided_mask().tolist() == [False, True, True, True]


def test_a_diverged_ratio_fails_with_margin_minus_infinity():
    """NaN (a diverged run) and +inf fail, each with margin −inf, not the largest finite float."""
    out = Outcome.ratio_at_most(torch.tensor([float("nan"), float("inf"), 0.5], dtype=torch.float64), tol=1e-12)
    assert out.passed.tolist() == [False, False, True] and out.undecided_mask().tolist() == [False] * 3
    assert out.margin.tolist() == [-math.inf, -math.inf, 0.5]


def _claim(trial, *, kind=Kind.FORALL, premises=None, draw=None) -> Claim:
    return Claim(
        id="synthetic.rule",
        title="a synthetic claim",
        source=Source("nobody", "Theorem 0", "-", ""),
        statement="x ≤ 1",
        kind=kind,
        params=(Param("m", 10, "a width", int, minimum=1),),
        trial=trial,
        strategy=lambda profile: st.just(draw or {}),
        mutants=(),
        report_instances=ByProfile(quick=({},), standard=({},), full=({},)),
        premises=premises,
    )


def _always(passed: bool, undecided: bool = False):
    def trial(instance, generator, device, dtype, batch):
        ones = torch.ones(batch, dtype=torch.bool)
        return Outcome(ones & passed, torch.full((batch,), 0.5 if passed else -0.5), ones, {}, ones & undecided)

    return trial


def test_forall_supports_only_at_the_bound_its_design_aims_at():
    claim = _claim(_always(True))
    one = run(claim, trials=1)
    assert one.verdict is Verdict.INCONCLUSIVE and "0.99" in one.reason and "ε = 0.05" in one.reason
    need = min_num_trials_for_forall_test(0.05, 0.01)
    assert run(claim, trials=need - 1).verdict is Verdict.INCONCLUSIVE
    full = run(claim)
    assert full.verdict is Verdict.SUPPORTED and full.trials == need and "upper bound" in full.reason


def test_undecided_trials_never_refute_and_never_support():
    assert run(_claim(_always(False, undecided=True))).verdict is Verdict.INCONCLUSIVE
    assert run(_claim(_always(False))).verdict is Verdict.REFUTED


def test_a_vacuous_conditional_run_says_what_a_trial_outside_its_premise_is():
    def outside(instance, generator, device, dtype, batch):
        ones = torch.ones(batch, dtype=torch.bool)
        return Outcome(ones, torch.full((batch,), 0.5), ~ones)

    said = "the run never reached the premise (--set m=N)"
    claim = dataclasses.replace(_claim(outside, kind=Kind.CONDITIONAL), premise_means=said)
    result = run(claim, trials=4)
    assert result.verdict is Verdict.VACUOUS and result.reason.endswith(f"(a trial outside it: {said})")


def _premises(instance, device, dtype):
    m = instance.params["m"]
    return (f"m = {m} is below the theorem's width 100",) if m < 100 else ()


def test_an_unmet_premise_is_said_in_the_result_and_its_json():
    claim = _claim(_always(False), premises=_premises)
    below = run(claim, params={"m": 10})
    assert below.verdict is Verdict.REFUTED and below.premises_unmet == ("m = 10 is below the theorem's width 100",)
    assert below.reason.startswith("premise not met: m = 10") and "does not contradict the theorem" in below.reason
    assert below.to_json()["premises_unmet"] == ["m = 10 is below the theorem's width 100"]
    assert run(claim, params={"m": 200}).premises_unmet == ()


def _never_held(instance, generator, device, dtype, batch):
    zeros = torch.zeros(batch, dtype=torch.bool)
    return Outcome(zeros, torch.zeros(batch), zeros, {}, zeros)


def test_a_conditional_run_whose_premise_never_holds_draws_its_budget_and_stops_vacuous():
    """Trials outside the premise are drawn again only up to the design's budget (PREMISE_BUDGET_FACTOR times
    the trials it needs), in batches of at least one trial, and the run then ends VACUOUS saying how many it drew
    (a loop that ignored the budget would ask the trial for empty batches forever)."""
    from claims.engine.design import PREMISE_BUDGET_FACTOR

    batches = []

    def never(instance, generator, device, dtype, batch):
        if batch < 1:
            raise ValueError(f"the runner asked for a batch of {batch} trials")
        batches.append(batch)
        return _never_held(instance, generator, device, dtype, batch)

    r = run(_claim(never, kind=Kind.CONDITIONAL), trials=10)
    drawn = PREMISE_BUDGET_FACTOR * 10
    assert r.verdict is Verdict.VACUOUS and r.design["trials_drawn"] == sum(batches) == drawn
    assert f"premise held in 0 of {drawn} trials, and 10 were needed" in r.reason


@pytest.mark.parametrize("verdict", ["REFUTED", "INCONCLUSIVE", "VACUOUS"])
def test_the_claim_test_is_xfail_outside_the_premise_whatever_the_verdict_short_of_supported(verdict):
    """A CUDA run drew du2018a.thm3.2 at n = 2, m = 100 with λ0 = 0.07, where the flow's failure rate sits near δ:
    INCONCLUSIVE outside the premise is no more a failure of the theorem than REFUTED there is."""
    trial = _never_held if verdict == "VACUOUS" else _always(False, undecided=verdict == "INCONCLUSIVE")
    kind = Kind.CONDITIONAL if verdict == "VACUOUS" else Kind.FORALL
    claim = _claim(trial, kind=kind, premises=_premises, draw={"m": 10})
    with pytest.raises(pytest.xfail.Exception, match=f"outside the theorem's premise.*{verdict} at"):
        check_claim(claim, "cpu", torch.float64, "quick", AlphaBudget(0.01), 1)


def test_the_claim_test_fails_where_a_draw_inside_the_premise_is_inconclusive():
    claim = _claim(_always(False, undecided=True), premises=_premises, draw={"m": 200})
    with pytest.raises(AssertionError, match="INCONCLUSIVE"):
        check_claim(claim, "cpu", torch.float64, "quick", AlphaBudget(0.01), 1)


def _undecided_in(dtype_undecided, *, passed: bool = True):
    """Every trial undecided in ``dtype_undecided``; in another dtype, every trial passed (or a verified failure)."""

    def trial(instance, generator, device, dtype, batch):
        ones = torch.ones(batch, dtype=torch.bool)
        undecided = ones & (dtype == dtype_undecided)
        return Outcome(ones & ~undecided & passed, torch.full((batch,), 0.5 if passed else -0.5), ones, {}, undecided)

    return trial


def test_the_float32_claim_test_is_xfail_where_float64_decides_the_draw_float32_leaves_undecided():
    claim = _claim(_undecided_in(torch.float32), premises=_premises, draw={"m": 200})
    with pytest.raises(pytest.xfail.Exception, match=r"float32 cannot resolve.*\(float64 decides it\).*INCONCLUSIVE"):
        check_claim(claim, "cpu", torch.float32, "quick", AlphaBudget(0.01), 1)
    check_claim(claim, "cpu", torch.float64, "quick", AlphaBudget(0.01), 1)  # SUPPORTED in float64: passes


@pytest.mark.parametrize("trial", [_always(False, undecided=True), _always(False)], ids=["undecided", "refuted"])
def test_the_float32_claim_test_fails_where_float64_cannot_decide_either_or_float32_refutes(trial):
    claim = _claim(trial, premises=_premises, draw={"m": 200})
    with pytest.raises(AssertionError, match=r"INCONCLUSIVE|REFUTED"):
        check_claim(claim, "cpu", torch.float32, "quick", AlphaBudget(0.01), 1)


def _with_mutant(trial, **changes) -> Claim:
    import dataclasses

    return dataclasses.replace(_claim(trial), mutants=(Mutant("one", {"m": 1}, "m = 1"),), **changes)


def test_the_float32_mutant_test_is_xfail_where_float64_refutes_the_draw_float32_leaves_undecided():
    """landscape.quadratic_activation's too_narrow in float32: 861 of 888 trials undecided (a float32 point is
    not critical to the record's grad_rel = 1e-6), where float64 refutes the same draw."""
    budget = AlphaBudget(0.01)
    refuted_in_float64 = _undecided_in(torch.float32, passed=False)
    claim = _with_mutant(refuted_in_float64)
    with pytest.raises(pytest.xfail.Exception, match=r"float32 cannot resolve.*INCONCLUSIVE at"):
        check_mutant(claim, "one", "cpu", torch.float32, "quick", budget, 1)
    check_mutant(claim, "one", "cpu", torch.float64, "quick", budget, 1)
    with pytest.raises(AssertionError, match="INCONCLUSIVE"):  # undecided in float64 too: the test fails
        check_mutant(_with_mutant(_always(False, undecided=True)), "one", "cpu", "float32", "quick", budget, 1)
    skipped = _with_mutant(refuted_in_float64, float32_skip="its margin sits under float32's rounding")
    with pytest.raises(pytest.skip.Exception, match="under float32's rounding"):  # the record's float32 note
        check_mutant(skipped, "one", "cpu", torch.float32, "quick", budget, 1)


@pytest.mark.parametrize("claim_id", ["du2018a.lemma3.1"])
def test_the_readmes_example_names_its_unmet_premise(claim_id, capsys):
    """`check du2018a.lemma3.1 --set m=500`: 500 is far below the lemma's m₁, and the check says so."""
    code = main(["check", claim_id, "--set", "m=500", "--trials", "40", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code in (0, 1, 2) and out["premises_unmet"] and "m₁" in out["premises_unmet"][0], out


def test_a_detail_column_near_the_largest_float_has_a_finite_median_and_no_warning():
    """clc2018.convergence at init_scale = 0 (found by the fuzz): every trial's largest step curvature is
    float64's maximum, and numpy's median of two such values, their mean, overflowed with a RuntimeWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        r = claims.check("clc2018.convergence", params={"init_scale": 0.0}, trials=2, max_work=1e9)
    assert r["extras"]["largest_step_curvature"] == np.finfo(np.float64).max
    assert _median(np.array([1e308, 1.5e308])) == 1.25e308 and _median(np.array([1.0, 2.0, 3.0, 4.0])) == 2.5
    assert _median(np.array([np.inf, 1.0])) == np.inf


@pytest.mark.parametrize("lift", [4e307, -4e307])
def test_a_constructed_point_past_float64s_range_is_undecided_not_a_failure(lift):
    """clc2018.critical_values with its lifted coordinates near float64's maximum (found by the fuzz): the loss,
    gradient and Hessian overflow, LAPACK had raised on the batch, and then the overflowed gradient read as a
    verified non-critical point, REFUTED. Nothing float64 cannot hold is a verified violation."""
    r = claims.check("clc2018.critical_values", params={"lift": lift}, trials=4)
    assert r["verdict"] == "INCONCLUSIVE" and r["failures"] == 0 and r["undecided"] == r["trials"] == 4


def test_a_constructed_point_whose_factors_are_inf_is_undecided_not_raised():
    """The trial itself, at factors that are inf (a float32 fuzz found lift = 1e300 in float32, where the ranks'
    SVD raised on the whole batch; the CLI now refuses a value past float32's range before any trial, so the
    trial is called directly): every point is undecided, none failed."""
    from claims.catalogue.clc2018 import critical
    from claims.spec import Instance, seeded_generator

    values = claims.get("clc2018.critical_values").resolve({"lift": 1e300}, None)
    gen = seeded_generator(0, "trials", "cpu")
    out = critical.critical_values_trial(Instance(values, 0), gen, torch.device("cpu"), torch.float32, 4)
    assert out.undecided_mask().all() and not out.passed.any()


def test_a_failure_probability_whose_square_underflows_ends_in_a_verdict_with_readable_counts():
    """du2018a.lemma3.4 at δ = 1e-300 (found by the fuzz): δ² underflowed to 0 in Lemma 3.4's literal width, a
    ZeroDivisionError. The width is now inf (past float64, so the premise is unmet at every m) and the trials
    that δ asks for, ln(1/β)/δ ≈ 4.6e300, are said in digits, capped at MOST_TRIALS = 10³⁰⁰ (still a true "at
    least"), rather than as a 300-digit integer."""
    from models import two_layer_bounds

    assert two_layer_bounds.literal_width_lemma3_4(4, 0.37, 1e-300, 1.0) == float("inf")
    r = claims.check("du2018a.lemma3.4", params={"delta": 1e-300}, trials=2)
    assert r["verdict"] == "INCONCLUSIVE" and "asks m > inf" in r["premises_unmet"][0]
    assert "that takes at least 1e+300)" in r["reason"]


def test_a_width_formula_past_float64_is_an_unmet_premise_not_an_error():
    """du2018b.gram_init at width_const = 1e308 (found by the fuzz): ⌈inf⌉ raised. The width is said as inf,
    above max_width, and the run is INCONCLUSIVE with that premise, as for any width above it."""
    r = claims.check("du2018b.gram_init", params={"width_const": 1e308}, trials=2)
    assert r["verdict"] == "INCONCLUSIVE" and "width m = inf" in r["premises_unmet"][0]


def test_a_subnormal_failure_probability_gets_a_capped_count_not_an_overflow():
    """landscape.random_labels at δ = 2.2e-309 (found by the fuzz): ln(rate)/ln(1 − δ) overflowed to inf and
    ⌈inf⌉ raised in the design. The counts are capped past any design, and a run is refused with one line."""
    from claims.engine.sequential import MOST_TRIALS, first_useful_look
    from claims.engine.sweep import trials_per_width

    tiny = 2.225073858507203e-309
    assert first_useful_look(tiny, 0.01) == MOST_TRIALS == trials_per_width(tiny, 1e-4)
    assert min_num_trials_for_forall_test(tiny, 0.01) == MOST_TRIALS
    assert first_useful_look(0.05, 0.01) == 90  # ⌈ln 0.01 / ln 0.95⌉, unchanged
    # the design itself refuses a δ below float64's smallest normal, naming it: scipy's binomial pmf overflowed
    # there (landscape.random_init_avoids_saddles at δ = 1.1e-308, --trials 2, found by a full-profile fuzz seed)
    with pytest.raises(InvalidInputError, match=r"delta must be at least 2\.23e-308"):
        claims.check("landscape.random_labels", params={"m": 1, "d": 2, "delta": tiny}, trials=2)


@pytest.mark.parametrize(
    "claim_id, params",
    [
        ("landscape.strict_saddle_escape", {"eta_factor": 1e75}),  # the iterates overflow: NaN rates
        ("landscape.strict_saddle_escape", {"eta_factor": 1e30}),  # the allowance overflows: inf passed anything
        ("clc2018.invariants", {"eta": 1e150}),  # the weights overflow: NaN drift and bound
        ("clc2018.invariants", {"init_scale": 1e75}),
        # L(0) ≈ init_scale⁶ overflows while the premise η·S̄ ≤ 1 is still computed finite: inf − inf = NaN
        ("clc2018.convergence", {"init_scale": 1e57, "step_factor": 0.01, "steps": 2}),
    ],
)
def test_identities_that_hold_at_every_step_are_not_refuted_by_overflow(claim_id, params):
    """These statements hold at every η exactly (vᵀx_t = (1 − ηλ_min)^t vᵀx_0; the triangle inequality over GD's
    steps; the descent lemma within its premise η·S̄ ≤ 1). A scan of extreme values (and an audit, for the last)
    found them REFUTED, 3 of 3, 8 of 8 and 8 of 8 trials, from runs past float64's range with the premises met:
    such a trial decides nothing, so the run is INCONCLUSIVE with no failure."""
    r = claims.check(claim_id, params=params)
    assert r["verdict"] == "INCONCLUSIVE" and r["failures"] == 0 and r["undecided"] == r["trials"]


def test_a_flow_whose_integrator_overflows_is_undecided_not_refuted():
    """du2018a.thm3.3 (a trained too) at labels of bound C = 1000: the explicit integrator of the stiff flow
    overflowed to NaN residuals, read as violations of the rate (REFUTED, 7 of 8 trials, worst margin −1.8e308).
    A gradient flow's loss never grows, so a NaN there is the integrator's failure: the trials are undecided, and
    the reason names the knob that decides them (with max_refinements = 12 the same run passed 8 of 8)."""
    r = claims.check("du2018a.thm3.3", params={"C": 1e3}, trials=8)
    assert r["verdict"] == "INCONCLUSIVE" and r["failures"] == 0 and r["undecided"] == r["trials"] == 8
    assert "--set max_refinements=N" in r["reason"]


@pytest.mark.parametrize("b", [0.0, -1.0])
def test_a_lower_bound_exponent_at_or_below_zero_has_no_failing_measurement(b):
    """landscape.exponential_escape states T(d) ≥ C·κ^{b·d}; at b ≤ 0 that is weaker than the default b = 1, and
    every measurement meets it. Its margin had been log T/(b·(d − 1)·log κ) − 1: a ratio to b, whose sign flips at
    b < 0 (96 of 96 measurements "failed" under a SUPPORTED fit) and which is infinite at b = 0."""
    r = claims.check("landscape.exponential_escape", params={"rate_factor": b})
    assert r["verdict"] == "SUPPORTED" and r["failures"] == 0, r
    assert math.isfinite(r["worst_margin"]) and r["worst_margin"] > 0, r


def test_a_float64_stall_of_gd_is_no_spurious_critical_point():
    """clc2018.h1_global at init_scale 10³: GD's step (set by the large directions' curvature) is far below what
    the slow directions need, and it stalls where its gradient is at rounding level but its loss is no critical
    value of the landscape. Such trials had been read as GD stuck at a spurious critical point (REFUTED, 12 of
    16); a failure now needs the loss at a critical value ½(‖Y‖² − Σ_J σ_i²) too, as at the saddle W = 0."""
    r = claims.check("clc2018.h1_global", params={"init_scale": 1e3}, trials=16)
    assert r["verdict"] != "REFUTED" and r["failures"] == 0, r
    saddle = claims.check("clc2018.h1_global", mutant="start_at_saddle", trials=16)
    assert saddle["verdict"] == "REFUTED" and saddle["failures"] == 16, saddle


@pytest.mark.parametrize(("passed", "undecided", "verdict"), [(False, False, "REFUTED"), (True, True, "INCONCLUSIVE")])
def test_a_claim_false_as_stated_says_as_expected_only_where_the_run_refuted_it(passed, undecided, verdict):
    """A float32 run of yuchen1995.thm ended INCONCLUSIVE (90 of 90 undecided) with a reason that began "false as
    stated, as expected": the expectation read as the run's finding. Now only a REFUTED says it."""
    import dataclasses

    claim = dataclasses.replace(_claim(_always(passed, undecided)), false_as_stated="a counterexample exists")
    r = run(claim, trials=8, seed=0)
    assert r.verdict.name == verdict
    if verdict == "REFUTED":
        assert r.reason.startswith("false as stated, as expected: a counterexample exists")
    else:
        assert "as expected" not in r.reason
        assert r.reason.startswith("false as stated (a counterexample exists), which this run did not show")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_float32_run_that_cannot_decide_quotes_the_records_reason(dtype):
    """Where the record says float32 cannot decide the claim (Claim.float32_skip), a float32 run that ends
    INCONCLUSIVE says so and names float64; a float64 run, or a claim without the note, says nothing of it."""
    import dataclasses

    claim = dataclasses.replace(_claim(_always(True, True)), float32_skip="its margin sits under float32's rounding")
    r = run(claim, trials=8, seed=0, dtype=dtype)
    assert r.verdict is Verdict.INCONCLUSIVE
    said = "in float32: its margin sits under float32's rounding; run it in float64 (--dtype float64)"
    assert (said in r.reason) is (dtype == "float32")
    assert "in float32" not in run(_claim(_always(True, True)), trials=8, seed=0, dtype="float32").reason


def test_a_data_scale_whose_gram_float32_cannot_hold_is_said_not_raised():
    """jh2019 at scale = 1e19 in float32 (a float32 run of the CLI fuzz found it at 1e50): the Gram's entries,
    fourth powers of the samples', overflowed and the eigensolver raised, an internal error. The run is now not
    made, INCONCLUSIVE with the reason; float64 still runs at scale's maximum 1e50."""
    for cid in ("jh2019.thm1_am", "jh2019.recovery"):
        r = claims.check(cid, params={"scale": 1e19}, trials=2, dtype="float32")
        assert r["verdict"] == "INCONCLUSIVE" and r["trials"] == 0, r
        assert "scale = 1e+19" in r["reason"] and "float64" in r["reason"], r["reason"]
        assert r["reason"].count("float64") == 1, r["reason"]  # not the record's float32 note too: no trial ran
    r = claims.check("jh2019.thm1_am", params={"scale": 1e50}, trials=2)
    assert r["trials"] == 2 and r["failures"] == 0, r


@pytest.mark.parametrize("delta", [0.05, 0.5, 0.8, 0.95])
def test_a_delta_above_one_half_is_tested_with_its_zone_inside_the_unit_interval(delta):
    """ "With probability ≥ 1 − δ" at δ > ½ is a weak statement, yet a statement: its design's indifference zone
    (δ − ε, δ + ε) stays inside (0, 1) with ε = (1 − δ)/2, and δ/2 is kept up to ½. Such a δ had been refused
    with an error about ε, which check cannot set."""
    from claims.engine.design import default_epsilon

    epsilon = default_epsilon(delta)
    assert epsilon == (delta / 2 if delta <= 0.5 else (1 - delta) / 2)
    assert delta - epsilon > 0 and delta + epsilon < 1
    assert claims.check("du2018a.thm3.2", params={"delta": delta})["verdict"] == Verdict.SUPPORTED.value


def _one_of_each(instance, generator, device, dtype, batch):
    """By position in the batch, cyclically: a trial outside the premise (failing, margin −9), an undecided one
    (failing, −7), a verified failure (−0.5) and a pass (0.5)."""
    k = torch.arange(batch) % 4
    margin = torch.tensor([-9.0, -7.0, -0.5, 0.5], dtype=torch.float64)[k]
    return Outcome(k == 3, margin, k != 0, {}, k == 1)


def test_the_witness_of_a_refutation_is_the_first_verified_failure_with_its_premise_held():
    """REFUTED rests on a verified failure with the premise held, and so do its counterexample (the first such
    trial, the one to rerun), its worst margin and its failure-rate interval: a trial outside the premise or an
    undecided one, however negative its margin, is neither a witness nor a margin of the claim."""
    r = run(_claim(_one_of_each), trials=8)
    assert r.verdict is Verdict.REFUTED and r.failures > 0 and r.trials < r.design["trials_drawn"]
    assert r.counterexample == {"trial": 2, "passed": 0.0, "margin": -0.5, "premise_held": 1.0, "undecided": 0.0}
    assert r.worst_margin == -0.5 and set(r.margins) == {-0.5, 0.5}
    assert r.failure_rate_ci == failure_rate_interval_by_clopper_pearson(r.failures, r.trials, 0.99)


@pytest.mark.parametrize("kind", [Kind.FORALL, Kind.CONDITIONAL])
def test_a_run_whose_premise_holds_in_a_third_of_its_trials_draws_on_until_it_held_in_the_trials_it_needs(kind):
    """A forall or conditional design counts the trials whose premise held: a trial outside it decides nothing
    and is drawn again, within a budget of several times the count, so a premise that holds in one trial of
    three still decides (one that holds too rarely ends VACUOUS)."""

    def third(instance, generator, device, dtype, batch):
        ones = torch.ones(batch, dtype=torch.bool)
        return Outcome(ones, torch.full((batch,), 0.5, dtype=torch.float64), torch.arange(batch) % 3 == 0)

    need = min_num_trials_for_forall_test(0.05, 0.01)
    r = run(_claim(third, kind=kind))
    assert r.verdict is Verdict.SUPPORTED and r.trials == r.premise_held == need, r.reason
    assert r.design["trials_drawn"] > 2 * need


def _undecided_first(k: int):
    """Every trial passes but the first ``k`` of a batch, which are undecided."""

    def trial(instance, generator, device, dtype, batch):
        undecided = torch.arange(batch) < k
        held = torch.ones(batch, dtype=torch.bool)
        return Outcome(~undecided, torch.full((batch,), 0.5, dtype=torch.float64), held, {}, undecided)

    return trial


@pytest.mark.parametrize(
    ("trials", "k", "verdict", "tail"),
    [
        (300, 3, Verdict.SUPPORTED, "supported even so"),
        (40, 1, Verdict.INCONCLUSIVE, "they did not decide this run"),  # 40 trials are too few anyway
        (90, 1, Verdict.INCONCLUSIVE, "too many of them to support the claim"),  # 90 without one would support
    ],
    ids=["supported", "too_few", "kept_from_supported"],
)
def test_a_forall_bound_counts_its_undecided_trials_as_failures(trials, k, verdict, tail):
    """README: the one-sided bound a forall run prints counts its undecided trials as failures, and the undecided
    sentence says whether they kept the run from SUPPORTED."""
    r = run(_claim(_undecided_first(k)), trials=trials)
    assert r.verdict is verdict and r.failures == 0 and r.undecided == k and r.reason.endswith(tail), r.reason
    bound = failure_rate_upper_bound_by_clopper_pearson(k, trials, 0.01)
    if trials != min_num_trials_for_forall_test(0.05, 0.01):  # there the undecided sentence says it alone
        assert f"upper bound on the failure rate {bound:.3g} at false-pass rate 0.01" in r.reason


def test_trials_n_is_one_look_at_n_trials():
    """--trials N replaces the sequential design by one look at N trials: a failing forall claim is refuted on
    all N, not at the first of several looks."""
    r = run(_claim(_always(False)), trials=40)
    assert r.verdict is Verdict.REFUTED and r.trials == r.failures == 40 and r.design["looks"] == 1


def test_the_false_pass_budget_is_alpha_unless_set_and_each_budget_goes_where_it_is_named():
    """β = α by default (README, Error rates); set apart, α bounds REFUTED and β bounds SUPPORTED."""
    from tests.unit.test_stats import _bernoulli_claim

    forall = _claim(_always(True))
    assert run(forall, alpha=0.1).trials == min_num_trials_for_forall_test(0.05, 0.1)
    assert run(forall, alpha=0.1, beta=0.01).trials == min_num_trials_for_forall_test(0.05, 0.01)
    whp = run(_bernoulli_claim(), params={"p": 0.5}, alpha=0.1).design
    assert whp["false_fail_rate"] == whp["false_pass_rate"] == 0.1
    whp = run(_bernoulli_claim(), params={"p": 0.5}, alpha=0.1, beta=0.01).design
    assert (whp["false_fail_rate"], whp["false_pass_rate"]) == (0.1, 0.01)


def test_a_runs_trials_are_its_seeds_trials_stream_so_a_witness_reruns_on_its_own():
    """A run at seed s draws its trials from seed s's "trials" stream (``seeded_generator(s, "trials", device)``),
    so the trial function called on that stream alone redraws a counterexample's row, as the investigations in
    these tests do; another seed draws other trials."""
    from claims.spec import Instance, seeded_generator
    from tests.unit.test_stats import _bernoulli_claim

    claim = _bernoulli_claim()
    r = run(claim, params={"p": 0.5}, seed=3)
    first = r.design["schedule"][0]  # the first batch: later ones draw their columns batch by batch
    gen = seeded_generator(3, "trials", "cpu")
    alone = claim.trial(Instance(r.params, 3), gen, torch.device("cpu"), torch.float64, first).numpy()
    assert r.failures > 0 and list(r.margins[:first]) == alone["margin"].tolist()
    i = r.counterexample["trial"]
    assert i < first and r.counterexample["margin"] == alone["margin"][i] and not alone["passed"][i]
    assert run(claim, params={"p": 0.5}, seed=4).margins != r.margins


def test_a_result_read_back_from_its_json_is_the_same_result():
    """Result.from_json inverts to_json(full=True) through JSON: a report re-rendered (or its cache checked)
    from results.json reads the result that was run, margins and counterexample included."""
    from claims.engine.result import Result

    r = run(_claim(_one_of_each), trials=8)
    again = Result.from_json(json.loads(json.dumps(r.to_json(full=True))))
    assert again == r and again.margins and again.counterexample
