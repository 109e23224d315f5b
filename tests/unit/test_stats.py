"""The statistics keep their stated error rates, measured on Bernoulli streams of known p."""

import dataclasses
import math

import numpy as np
import pytest
import torch
from scipy import stats as sst

from claims import stats
from claims.engine.runner import run
from claims.spec import ByProfile, Claim, Infeasible, Kind, Outcome, Param, Role, Source, Verdict
from models.checks import InvalidInputError

REPLICATES = 4000


def simulate(design: stats.SequentialDesign, p: float, seed: int) -> np.ndarray:
    """Verdict codes of REPLICATES independent sequential runs on Bernoulli(p) trials (vectorised)."""
    rng = np.random.default_rng(seed)
    steps = np.diff((0, *design.schedule))
    failures = np.cumsum(rng.binomial(steps, p, size=(REPLICATES, len(steps))), axis=1)
    codes = np.zeros(REPLICATES, int)
    for look, n in enumerate(design.schedule):
        pending = codes == 0
        codes[pending] = design.decide_codes(failures[pending, look], n, look)
    return codes


def rate_is_within(count: int, bound: float) -> bool:
    """The measured rate is not significantly above ``bound``: exact lower bound at 1e-4 ≤ bound."""
    return stats.failure_rate_lower_bound_by_clopper_pearson(count, REPLICATES, 1e-4) <= bound


DESIGN = stats.SequentialDesign.for_failure_rate(delta=0.1, epsilon=0.05, alpha=0.05, beta=0.05)


def test_false_fail_rate_at_the_boundary_is_within_alpha():
    codes = simulate(DESIGN, p=0.1, seed=1)  # p = δ: the claim holds, REFUTED is a false fail
    assert rate_is_within(int((codes == 1).sum()), DESIGN.alpha)


def test_false_pass_rate_at_the_boundary_is_within_beta():
    codes = simulate(DESIGN, p=0.1, seed=2)  # p = δ: the claim is (just) not below δ, SUPPORTED is a false pass
    assert rate_is_within(int((codes == 2).sum()), DESIGN.beta)


def test_power_at_the_designed_rates():
    """Design: the last look has power ≥ 1 − β at δ ± ε; an earlier wrong stop costs at most β more."""
    refuted = (simulate(DESIGN, p=0.15, seed=3) == 1).sum()
    supported = (simulate(DESIGN, p=0.05, seed=4) == 2).sum()
    for hits in (refuted, supported):
        assert rate_is_within(REPLICATES - int(hits), 2 * DESIGN.beta)


def test_a_looser_rule_would_be_caught():
    """The full α at every look (no spending) exceeds α at the boundary: the check above can fail."""
    k = np.arange(DESIGN.max_trials + 1)
    naive_refute = tuple(int(np.flatnonzero(sst.binom.sf(k[: n + 1] - 1, n, 0.1) <= 0.05)[0]) for n in DESIGN.schedule)
    naive = dataclasses.replace(DESIGN, refute_at=naive_refute)
    codes = simulate(naive, p=0.1, seed=5)
    assert not rate_is_within(int((codes == 1).sum()), 0.05)


@pytest.mark.parametrize(("delta", "rate"), [(0.1, 0.05), (0.2, 0.1), (0.2, 0.01), (0.05, 1e-4), (0.5, 1e-3)])
def test_exact_error_rates_at_the_boundary_spend_at_most_alpha_and_beta(delta, rate):
    """The lattice computation at p = δ, each boundary alone: ≤ α and ≤ β, and most of each is spent."""
    d = stats.SequentialDesign.for_failure_rate(delta, delta / 2, rate, rate)
    false_fail, false_pass = d.error_rates()
    assert 0.8 * rate <= false_fail <= rate and 0.8 * rate <= false_pass <= rate
    oc = d.operating_characteristic(delta)
    assert oc["refuted"] <= false_fail and oc["supported"] <= false_pass  # binding ≤ non-binding
    assert d.operating_characteristic(delta + delta / 2)["refuted"] >= 1 - rate  # power at δ ± ε
    assert d.operating_characteristic(delta / 2)["supported"] >= 1 - rate


def test_exact_error_rates_match_a_direct_monte_carlo():
    codes = simulate(DESIGN, p=0.1, seed=21)
    oc = DESIGN.operating_characteristic(0.1)
    for code, key in ((1, "refuted"), (2, "supported")):
        lo, hi = stats.failure_rate_interval_by_clopper_pearson(int((codes == code).sum()), REPLICATES, 0.999)
        assert lo <= oc[key] <= hi


def test_boundaries_and_verdict_probabilities_are_monotone():
    """Boundaries never move back; P(REFUTED) grows and P(SUPPORTED) falls with p (so the rates at δ bound
    every p on their side)."""
    assert all(np.diff(DESIGN.refute_at) >= 0) and all(np.diff(DESIGN.support_at) >= 0)
    assert all(np.diff(DESIGN.schedule) > 0)
    ocs = [DESIGN.operating_characteristic(p) for p in np.linspace(0, 0.3, 13)]
    assert all(np.diff([o["refuted"] for o in ocs]) >= -1e-12)
    assert all(np.diff([o["supported"] for o in ocs]) <= 1e-12)


def test_the_design_is_reproducible_and_fixed_by_its_inputs():
    a = stats.SequentialDesign.for_failure_rate(0.1, 0.05, 0.05, 0.05)
    assert a == DESIGN and a.describe() == DESIGN.describe()
    assert stats.SequentialDesign.for_failure_rate(0.1, 0.05, 0.05, 0.04) != DESIGN


@pytest.mark.parametrize(("delta", "rate"), [(0.2, 0.1), (0.2, 0.01), (0.1, 1e-4)])
def test_fewer_expected_trials_than_the_bonferroni_design(delta, rate):
    """Exact expected trials at p = 0 (the suite's usual case) and at δ ± ε, against the design replaced."""
    new = stats.SequentialDesign.for_failure_rate(delta, delta / 2, rate, rate)
    old = stats.SequentialDesign.bonferroni(delta, delta / 2, rate, rate)
    for p in (0.0, delta / 2, 1.5 * delta):
        assert new.operating_characteristic(p)["mean_trials"] < old.operating_characteristic(p)["mean_trials"]


def test_a_design_with_max_trials_keeps_its_error_rates():
    d = stats.SequentialDesign.for_failure_rate(0.2, 0.1, 0.01, 0.01, max_trials=50)
    assert d.max_trials == 50 and max(d.error_rates()) <= 0.01
    one = stats.SequentialDesign.for_failure_rate(0.2, 0.1, 0.01, 0.01, trials=50)
    assert one.schedule == (50,) and max(one.error_rates()) <= 0.01


def test_clopper_pearson_matches_scipy_and_one_sided_bounds():
    lo, hi = stats.failure_rate_interval_by_clopper_pearson(3, 50, 0.9)
    ci = sst.binomtest(3, 50).proportion_ci(0.9, method="exact")
    assert (lo, hi) == pytest.approx((ci.low, ci.high))
    # a two-sided 90% interval is the pair of one-sided 95% bounds
    assert stats.failure_rate_lower_bound_by_clopper_pearson(3, 50, 0.05) == pytest.approx(lo)
    assert stats.failure_rate_upper_bound_by_clopper_pearson(3, 50, 0.05) == pytest.approx(hi)
    assert stats.failure_rate_upper_bound_by_clopper_pearson(0, 100, 0.05) == pytest.approx(1 - 0.05 ** (1 / 100))


@pytest.mark.parametrize("delta", [0.013, 0.1, 0.37])
def test_one_sided_rate_tests_agree_with_scipy_binomtest(delta):
    """refutes_failure_rate_at_most is the exact one-sided binomial test of p ≤ δ (scipy.stats.binomtest,
    alternative "greater", p-value < level), supports_failure_rate_at_most that of p ≥ δ (alternative "less",
    p-value ≤ level), on every k of n = 1..40 at two levels: an off-by-one in k or a level read twice fails."""
    for level in (0.05, 0.2):
        for n in range(1, 41):
            k = np.arange(n + 1)
            above = [sst.binomtest(int(j), n, delta, alternative="greater").pvalue < level for j in k]
            below = [sst.binomtest(int(j), n, delta, alternative="less").pvalue <= level for j in k]
            assert stats.refutes_failure_rate_at_most(k, n, delta, level).tolist() == above
            assert stats.supports_failure_rate_at_most(k, n, delta, level).tolist() == below


def test_trials_needed_grow_as_epsilon_shrinks_and_forall_formula():
    a = stats.min_num_trials_for_failure_rate_test(0.05, 0.04, 0.01, 0.01)
    b = stats.min_num_trials_for_failure_rate_test(0.05, 0.02, 0.01, 0.01)
    assert b > 3 * a  # ~ 1/ε²
    assert stats.min_num_trials_for_forall_test(0.05, 1e-3) == math.ceil(math.log(1e-3) / math.log(0.95))
    with pytest.raises(InvalidInputError, match="epsilon"):
        stats.min_num_trials_for_failure_rate_test(0.05, 1.5, 0.01, 0.01)


def test_alpha_budget_splits_multiply():
    b = stats.AlphaBudget(0.01).split("claims", 4).split("examples", 5)
    assert b.share == pytest.approx(0.0005)
    assert "4 claims × 5 examples" in b.describe()


def test_power_law_fit_recovers_the_exponent():
    rng = np.random.default_rng(0)
    m = np.repeat([100, 200, 400, 800, 1600], 8)
    fit = stats.fit_power_law_exponent(m, 3 * m**-0.5 * np.exp(rng.normal(0, 0.05, m.size)), 0.99)
    assert fit.lo < -0.5 < fit.hi and fit.hi < 0


def _bernoulli_claim(kind=Kind.WHP) -> Claim:
    """Each trial fails with probability p and, independently of that, is undecided with probability u; its
    premise holds with probability q (drawn only where q < 1, so that q = 1 leaves the other draws as they were)."""

    def trial(instance, generator, device, dtype, batch):
        fail = torch.rand(batch, generator=generator, dtype=torch.float64) < instance["p"]
        undecided = torch.rand(batch, generator=generator, dtype=torch.float64) < instance["u"]
        held = torch.ones(batch, dtype=torch.bool)
        if instance["q"] < 1:
            held = torch.rand(batch, generator=generator, dtype=torch.float64) < instance["q"]
        return Outcome(~fail, (~fail).double() - 0.5, held, undecided=undecided)

    return Claim(
        "test.bernoulli",
        "Bernoulli",
        Source("test", "-", "-"),
        "P(fail) = p",
        kind,
        (
            Param("p", 0.0, "failure probability"),
            Param("u", 0.0, "probability that a trial is undecided"),
            Param("q", 1.0, "probability that a trial's premise holds"),
            Param("delta", 0.1, "δ", open_unit=True),
        ),
        trial,
        None,
        (),
        ByProfile.same(()),
        delta_param="delta",
    )


@pytest.mark.parametrize(("p", "verdict"), [(0.0, Verdict.SUPPORTED), (0.5, Verdict.REFUTED)])
def test_runner_follows_the_design_end_to_end(p, verdict):
    r = run(_bernoulli_claim(), params={"p": p}, seed=7, alpha=0.01)
    assert r.verdict is verdict
    assert r.trials in r.design["schedule"]  # stopped at a look of the plan
    assert r.trials < r.design["max_trials"]  # and early: the rate is far from δ


def test_runner_is_reproducible_bit_for_bit():
    a = run(_bernoulli_claim(), params={"p": 0.1}, seed=3, alpha=0.01)
    b = run(_bernoulli_claim(), params={"p": 0.1}, seed=3, alpha=0.01)
    assert (a.verdict, a.trials, a.failures, a.margins) == (b.verdict, b.trials, b.failures, b.margins)


def test_empirical_width_finds_the_smallest_width_that_holds():
    """A claim whose failure probability is 1 below m = 64 and 0 from there on: m* = 64 on a doubling grid."""
    from claims.engine.sweep import empirical_width, geometric_widths

    base = _bernoulli_claim()

    def trial(instance, generator, device, dtype, batch):
        p = 1.0 if instance["m"] < 64 else 0.0
        fail = torch.rand(batch, generator=generator, dtype=torch.float64) < p
        return Outcome(~fail, (~fail).double() - 0.5, torch.ones(batch, dtype=torch.bool))

    width = Param("m", 1, "width", int, minimum=1, role=Role.SIZE)
    claim = dataclasses.replace(base, params=(*base.params, width), trial=trial, width_param="m")
    sweep = empirical_width(claim, {}, geometric_widths(1, 1024), seed=0, device="cpu", dtype="float64", alpha=0.01)
    assert sweep.m_star == 64
    assert [p.verdict for p in sweep.points[:6]] == [Verdict.REFUTED] * 6
    # the same grid as a report maps it (one unit per width, widest first): the same points and m*
    from claims.engine.sweep import map_largest_first, sweep_record

    handed_out = []

    def map_(fn, items):
        handed_out.extend(item["m"] for item in items)
        return [fn(item) for item in items]

    items = [{"claim": claim, "params": {}, "m": m, "seed": 0, "alpha": 0.01 / 11} for m in geometric_widths(1, 1024)]
    record = sweep_record({}, map_largest_first(map_, items))
    assert handed_out == sorted(handed_out, reverse=True) and record == sweep.as_dict()


def test_a_width_point_keeps_its_undecided_trials():
    """A width point whose trials are undecided at one width carries the count (the width fit's bootstrap counts
    them with the failures): a trial undecided for m < 8, passed from there."""
    from claims.engine.sweep import width_point

    base = _bernoulli_claim()

    def trial(instance, generator, device, dtype, batch):
        ones = torch.ones(batch, dtype=torch.bool)
        return Outcome(ones, torch.zeros(batch, dtype=torch.float64), ones, undecided=ones & (instance["m"] < 8))

    width = Param("m", 1, "width", int, minimum=1, role=Role.SIZE)
    claim = dataclasses.replace(base, params=(*base.params, width), trial=trial, width_param="m")
    low, high = (width_point(claim, {}, m, seed=0, alpha=0.01) for m in (4, 8))
    assert low.undecided == low.trials > 0 and low.as_dict()["undecided"] == low.trials
    assert high.undecided == 0 and high.verdict is Verdict.SUPPORTED


def _scaling_claim(slope: float, relation: str) -> Claim:
    """value = size^slope · noise at sizes 10..1000; the theory says exponent ``b`` (a parameter)."""

    def trial(instance, generator, device, dtype, batch):
        size = 10 ** (1 + 2 * torch.rand(batch, generator=generator, dtype=torch.float64))
        noise = torch.exp(0.05 * torch.randn(batch, generator=generator, dtype=torch.float64))
        ones = torch.ones(batch, dtype=torch.bool)
        return Outcome(ones, ones.double(), ones, {"size": size, "value": size**slope * noise})

    return Claim(
        "test.scaling",
        "power law",
        Source("test", "-", "-"),
        "value ∝ size^b",
        Kind.SCALING,
        (Param("b", -0.5, "exponent"),),
        trial,
        None,
        (),
        ByProfile.same(()),
        exponent_param="b",
        exponent_relation=relation,
    )


@pytest.mark.parametrize(
    ("slope", "relation", "b", "verdict"),
    [
        (-0.5, "equal", -0.5, Verdict.SUPPORTED),
        (-1.0, "equal", -0.5, Verdict.REFUTED),
        (0.0, "equal", 0.0, Verdict.INCONCLUSIVE),  # an exponent of 0 cannot be told from "no growth"
        (1.0, "at_most", 2.0, Verdict.SUPPORTED),
        (3.0, "at_most", 2.0, Verdict.REFUTED),
        (3.0, "at_least", 2.0, Verdict.SUPPORTED),
        (1.0, "at_least", 2.0, Verdict.REFUTED),
        (2.0, "at_least", 2.0, Verdict.INCONCLUSIVE),  # the interval straddles b
        (2.0, "at_most", 2.0, Verdict.INCONCLUSIVE),  # the same, for an upper bound
    ],
)
def test_scaling_judge(slope, relation, b, verdict):
    assert run(_scaling_claim(slope, relation), params={"b": b}, seed=0).verdict is verdict


def test_scaling_fits_only_the_trials_inside_the_premise():
    """value = size^−0.5 on trials whose premise held, and size^+1 on the others (every second one): the fit, and
    so the verdict, come from the first alone. A fit over all trials would mix the two laws and refute b = −0.5."""

    def trial(instance, generator, device, dtype, batch):
        size = 10 ** (1 + 2 * torch.rand(batch, generator=generator, dtype=torch.float64))
        noise = torch.exp(0.05 * torch.randn(batch, generator=generator, dtype=torch.float64))
        held = torch.arange(batch) % 2 == 0
        value = torch.where(held, size**-0.5, size) * noise
        ones = torch.ones(batch, dtype=torch.bool)
        return Outcome(ones, ones.double(), held, {"size": size, "value": value})

    r = run(dataclasses.replace(_scaling_claim(-0.5, "equal"), trial=trial), params={"b": -0.5}, seed=0)
    lo, hi = r.to_json()["extras"]["exponent_ci"]
    assert r.verdict is Verdict.SUPPORTED and lo <= -0.5 <= hi and r.premise_held < r.design["trials_drawn"]
    points = r.extras["points"]  # the fit the result reports is the judged one: the held trials, on their law
    assert len(points) == r.premise_held and all(abs(math.log(v * s**0.5)) < 0.3 for s, v in points)  # 6σ of noise


def _noisy_scaling_claim(noise: float):
    """value = size^−0.5 · e^{noise·Z} on sizes in [10, 30]: half a decade, so the fit's interval is wide."""

    def trial(instance, generator, device, dtype, batch):
        size = 10 * 3 ** torch.rand(batch, generator=generator, dtype=torch.float64)
        value = size**-0.5 * torch.exp(noise * torch.randn(batch, generator=generator, dtype=torch.float64))
        ones = torch.ones(batch, dtype=torch.bool)
        return Outcome(ones, ones.double(), ones, {"size": size, "value": value})

    return dataclasses.replace(_scaling_claim(-0.5, "equal"), trial=trial)


def test_equal_supports_only_within_its_margin():
    """Θ(size^b) is an equivalence: an interval that holds b = −0.5 but also −0.75 (wider than b ± 0.15) is
    INCONCLUSIVE after every look, where failing to reject b would have supported it (the old rule)."""
    r = run(_noisy_scaling_claim(0.2), params={"b": -0.5}, seed=0, trials=24)  # --trials: one look
    lo, hi = r.to_json()["extras"]["exponent_ci"]
    assert lo < -0.75 and -0.5 <= hi < 0  # holds b and a false b, excludes 0: the old rule said SUPPORTED
    assert r.verdict is Verdict.INCONCLUSIVE and "± 0.15" in r.reason


def test_scaling_draws_more_while_its_fit_cannot_decide():
    """The looks at n, 2n, 4n measurements: a noisy fit that cannot decide at n draws on (α split over the
    looks); a clean one stops at the first."""
    noisy = run(_noisy_scaling_claim(0.2), params={"b": -0.5}, seed=0)
    clean = run(_noisy_scaling_claim(0.01), params={"b": -0.5}, seed=0)
    assert clean.trials == 24 and clean.verdict is Verdict.SUPPORTED
    assert noisy.trials > 24


def test_a_scaling_result_reports_the_interval_at_the_level_its_verdict_was_decided_at():
    """A scaling run looks at n, 2n and 4n measurements with α split evenly over them: the interval its result
    reports and its reason's level are those at 1 − α/3, the ones the verdict was decided by, not at 1 − α."""
    r = run(_noisy_scaling_claim(0.2), params={"b": -0.5}, seed=0, alpha=0.01)
    level = 1 - 0.01 / r.design["looks"]
    assert r.design["looks"] == 3 and f"{100 * level:.4g}% interval" in r.reason, r.reason
    size, value = np.array(r.extras["points"]).T
    fit = stats.fit_power_law_exponent(size, value, level)
    assert r.extras["exponent_ci"] == pytest.approx([fit.lo, fit.hi], rel=1e-12)


def test_exists_judge_is_never_refuted():
    """A verified witness supports; none never refutes. A candidate the trial could not verify (undecided), or a
    witness found on an instance outside the premise, is no witness: all-undecided and all-outside runs end
    INCONCLUSIVE, never SUPPORTED."""

    def trial(instance, generator, device, dtype, batch):
        found = torch.rand(batch, generator=generator, dtype=torch.float64) < instance["p"]
        held = torch.full((batch,), instance["held"], dtype=torch.bool)
        unverified = torch.full((batch,), instance["unverified"], dtype=torch.bool)
        return Outcome(found & ~unverified, found.double(), held, undecided=found & unverified)

    claim = Claim(
        "test.exists",
        "witness",
        Source("test", "-", "-"),
        "∃ x",
        Kind.EXISTS,
        (
            Param("p", 0.5, "chance a search finds a candidate"),
            Param("unverified", False, "every candidate undecided", bool),
            Param("held", True, "every instance inside the premise", bool),
        ),
        trial,
        None,
        (),
        ByProfile.same(()),
    )
    assert run(claim, seed=0).verdict is Verdict.SUPPORTED
    assert run(claim, params={"p": 0.0}, seed=0).verdict is Verdict.INCONCLUSIVE
    unverified = run(claim, params={"p": 1.0, "unverified": True}, seed=0)
    assert unverified.verdict is Verdict.INCONCLUSIVE and unverified.undecided == unverified.trials > 0
    outside = run(claim, params={"p": 1.0, "held": False}, seed=0)
    assert outside.verdict is Verdict.INCONCLUSIVE and outside.trials == 0
    assert outside.reason.startswith("no witness found in 0 trials survived independent verification; the premise "
                                     f"held in 0 of the {outside.design['trials_drawn']} trials drawn")  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# Three outcomes per trial: undecided trials never refute, and count as failures against SUPPORTED


def simulate_with_undecided(design: stats.SequentialDesign, p: float, u: float, seed: int) -> np.ndarray:
    """As :func:`simulate`, each trial failing w.p. p, else undecided w.p. u (vectorised over replicates)."""
    rng = np.random.default_rng(seed)
    steps = np.diff((0, *design.schedule))
    fails = rng.binomial(steps, p, size=(REPLICATES, len(steps)))
    undecided = rng.binomial(steps - fails, u)
    f, k = np.cumsum(fails, axis=1), np.cumsum(undecided, axis=1)
    codes = np.zeros(REPLICATES, int)
    for look, n in enumerate(design.schedule):
        pending = codes == 0
        codes[pending] = design.decide_codes(f[pending, look], n, look, undecided=k[pending, look])
    return codes


def test_undecided_trials_never_refute():
    """p = 0 with half the trials undecided: a rule that counted them as failures would refute every time."""
    codes = simulate_with_undecided(DESIGN, p=0.0, u=0.5, seed=11)
    assert (codes == 1).sum() == 0
    assert (codes == 3).all()  # and they keep it from SUPPORTED: INCONCLUSIVE at the last look


def test_false_fail_rate_with_undecided_at_the_boundary_is_within_alpha():
    codes = simulate_with_undecided(DESIGN, p=0.1, u=0.3, seed=12)
    assert rate_is_within(int((codes == 1).sum()), DESIGN.alpha)


def test_false_pass_rate_with_undecided_is_within_beta():
    """p + (1 − p)·u = δ: failures and undecided trials together sit at δ, SUPPORTED would be a false pass."""
    p, delta = 0.04, DESIGN.delta
    codes = simulate_with_undecided(DESIGN, p=p, u=(delta - p) / (1 - p), seed=13)
    assert rate_is_within(int((codes == 2).sum()), DESIGN.beta)


def test_a_rule_ignoring_undecided_would_pass_falsely():
    """The same stream, undecided trials taken as passes instead of failures: SUPPORTED far above β — the check
    bites."""
    p, delta = 0.04, DESIGN.delta
    rng = np.random.default_rng(14)
    n = DESIGN.schedule[-1]
    fails = rng.binomial(n, p, REPLICATES)
    undecided = rng.binomial(n - fails, (delta - p) / (1 - p))
    assert undecided.sum() > 0
    codes = DESIGN.decide_codes(fails, n, DESIGN.looks - 1, undecided=0)  # the wrong rule: undecided as passes
    assert not rate_is_within(int((codes == 2).sum()), DESIGN.beta)


def test_whp_trials_outside_their_premise_neither_refute_nor_support():
    """A whp claim whose every trial passes, or every trial fails, on instances where only half the premises hold:
    a trial outside its premise counts as a pass against REFUTED and as undecided against SUPPORTED, so neither
    verdict can come from the half that tests nothing (δ = 0.1 is far below ½). A rule that dropped them from
    the count would support the first run; one that counted their failures would refute the second."""
    passing = run(_bernoulli_claim(), params={"p": 0.0, "q": 0.5}, seed=5, alpha=0.01)
    assert passing.verdict is Verdict.INCONCLUSIVE and passing.undecided == 0
    assert passing.reason.startswith("stopped by its trials outside the theorem's premise at look")  # not "undecided"
    failing = run(_bernoulli_claim(), params={"p": 1.0, "q": 0.5}, seed=5, alpha=0.01)
    assert failing.verdict is Verdict.REFUTED  # the held half fails: refuted from those alone
    assert 0 < failing.failures == failing.premise_held < failing.design["trials_drawn"]


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"q": 0.9}, "the theorem's premise failed in {missed} of 200 trials, which count against SUPPORTED"),
        ({"u": 0.1}, "too many of them to support the claim"),
    ],
    ids=["outside_premise", "undecided"],
)
def test_a_whp_run_kept_from_supported_by_trials_outside_its_premise_or_undecided_says_so(params, said):
    """--trials 200, one look, no failure: the failures alone would support, the trials outside the premise (or
    the undecided ones), counted against SUPPORTED, do not. The reason says that, not the indifference zone."""
    r = run(_bernoulli_claim(), params=params, trials=200, seed=0)
    assert r.verdict is Verdict.INCONCLUSIVE and r.failures == 0 and r.design["looks"] == 1
    missed = r.design["trials_drawn"] - r.premise_held
    assert said.format(missed=missed) in r.reason and "indifference zone" not in r.reason, r.reason
    assert missed > 0 or r.undecided > 0


@pytest.mark.parametrize("kind", [Kind.WHP, Kind.FORALL])
def test_runner_counts_undecided_and_says_why(kind):
    r = run(_bernoulli_claim(kind), params={"p": 0.0, "u": 0.5}, seed=5, alpha=0.01)
    assert r.verdict is Verdict.INCONCLUSIVE and r.failures == 0 and r.undecided > 0
    assert "undecided" in r.reason and r.to_json()["undecided"] == r.undecided
    # verified failures still refute when undecided trials are present
    assert run(_bernoulli_claim(kind), params={"p": 0.5, "u": 0.3}, seed=5).verdict is Verdict.REFUTED


def test_scaling_with_an_undecided_measurement_is_inconclusive():
    """One measurement of the batch could not be made; the other 23 fit b = −0.5 well within every condition of
    SUPPORTED. A fit without the missing one would be biased, so the run is INCONCLUSIVE, and its reason says
    that: it had said "decided by the fit" with an interval that met SUPPORTED's conditions, never naming the
    measurement that was missing."""
    base = _scaling_claim(-0.5, "equal")

    def trial(instance, generator, device, dtype, batch):
        out = base.trial(instance, generator, device, dtype, batch)
        return dataclasses.replace(out, undecided=torch.arange(batch) == 0)

    r = run(dataclasses.replace(base, trial=trial), seed=0)
    assert r.verdict is Verdict.INCONCLUSIVE and r.undecided == 1
    assert r.reason.startswith(f"1 of {r.trials} measurements could not be made"), r.reason
    assert "decided by the fit" not in r.reason


def test_a_scaling_run_cut_short_says_why_and_not_what_its_fit_would_decide():
    """A scaling run whose second batch cannot be run (the trial raises Infeasible after the first look's 24
    noisy measurements, enough to fit but too few to decide) is INCONCLUSIVE, and its reason says that the
    instance could not be run, not "decided by the fit" with the first look's interval."""
    base, calls = _noisy_scaling_claim(0.2), []

    def trial(instance, generator, device, dtype, batch):
        calls.append(batch)
        if len(calls) > 1:
            raise Infeasible("the next batch needs more memory than this machine has")
        return base.trial(instance, generator, device, dtype, batch)

    r = run(dataclasses.replace(base, trial=trial), params={"b": -0.5}, seed=0)
    assert r.verdict is Verdict.INCONCLUSIVE and len(calls) == 2, (r.verdict, calls)
    assert r.reason.startswith("not run here: the next batch needs more memory"), r.reason
    assert "decided by the fit" not in r.reason


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: stats.min_num_trials_for_failure_rate_test(0.1, 0.2, 0.01, 0.01), "epsilon must be < min(delta"),
        (lambda: stats.min_num_trials_for_failure_rate_test(0.1, 0.05, float("nan"), 0.01), "false_fail_rate"),
        (lambda: stats.SequentialDesign.for_failure_rate(0.1, 0.05, 0.01, 0.01, max_trials=0), "max_trials must"),
        (lambda: stats.failure_rate_upper_bound_by_clopper_pearson(5, 3, 0.05), "failures must lie in [0, trials]"),
        (lambda: stats.failure_rate_lower_bound_by_clopper_pearson(1, 0, 0.05), "trials must be >= 1"),
        (lambda: stats.failure_rate_lower_bound_by_clopper_pearson(1.5, 4, 0.05), "failures must be integer counts"),
        (lambda: stats.failure_rate_upper_bound_by_clopper_pearson(1, 4, 1.5), "false_pass_rate must be"),
        (lambda: stats.failure_rate_interval_by_clopper_pearson(5, 3), "failures must lie in [0, trials]"),
        (lambda: stats.failure_rate_interval_by_clopper_pearson(1, 3, 0.0), "confidence must be"),
        (lambda: stats.min_num_trials_for_forall_test(0.05, 0.0), "false_pass_rate must be"),
        (lambda: stats.geometric_schedule(0, 6), "n_max must be"),
        (lambda: stats.fit_power_law_exponent([1, 2, -3], [1, 2, 3], 0.95), "size must be finite and > 0"),
        (lambda: stats.fit_power_law_exponent([1, 2, 3], [1, 2], 0.95), "one length"),
        (lambda: stats.AlphaBudget(0.0), "alpha must be"),
    ],
)
def test_public_helpers_refuse_bad_arguments_naming_them(call, message):
    """Each public statistics helper validates its arguments: one InvalidInputError naming the argument (it used
    to return a number for ε > δ, NaN for failures > trials, or raise scipy's or ZeroDivisionError)."""
    with pytest.raises(InvalidInputError) as info:
        call()
    assert message in str(info.value)
