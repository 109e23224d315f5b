"""The whp design's futility stop: it ends a run INCONCLUSIVE early, never costs an error rate, keeps the
power at δ ± ε exactly, and never takes a verdict that is due at the same look."""

import dataclasses
import itertools
import math

import numpy as np
import pytest

from claims import stats
from claims.engine import sequential
from claims.engine.runner import run
from claims.spec import Verdict
from models.checks import InvalidInputError
from tests.unit.test_stats import _bernoulli_claim

CASES = [(0.2, 0.1), (0.2, 0.01), (0.05, 0.01), (0.1, 0.05), (0.5, 1e-3)]


def without_futility(d: stats.SequentialDesign) -> stats.SequentialDesign:
    return dataclasses.replace(d, futile_refute_at=(), futile_support_at=())


@pytest.mark.parametrize(("delta", "rate"), CASES)
def test_error_rates_at_delta_are_those_of_the_boundaries_alone(delta, rate):
    """Futility moves no boundary: r_j and a_j are the spending boundaries of the same schedule without it,
    so the exact non-binding rates at δ stay ≤ α and ≤ β, and a futility stop only removes verdicts."""
    d = stats.SequentialDesign.for_failure_rate(delta, delta / 2, rate, rate)
    plain = sequential._spending(delta, delta / 2, rate, rate, d.schedule, 0.0)
    assert (d.refute_at, d.support_at) == (plain.refute_at, plain.support_at)
    false_fail, false_pass = d.error_rates()
    assert false_fail <= rate and false_pass <= rate
    with_stop, without = d.operating_characteristic(delta), without_futility(d).operating_characteristic(delta)
    assert with_stop["refuted"] <= without["refuted"] <= false_fail
    assert with_stop["supported"] <= without["supported"] <= false_pass
    assert with_stop["futile"] > 0  # it does stop runs at p = δ early


@pytest.mark.parametrize(("delta", "rate"), CASES)
def test_exact_power_at_both_ends_of_the_zone_with_futility(delta, rate):
    d = stats.SequentialDesign.for_failure_rate(delta, delta / 2, rate, rate)
    assert d.operating_characteristic(delta + delta / 2)["refuted"] >= 1 - rate
    assert d.operating_characteristic(delta - delta / 2)["supported"] >= 1 - rate
    # and it pays for itself at p = δ, where every run would otherwise reach the last look
    assert d.operating_characteristic(delta)["mean_trials"] < 0.8 * without_futility(d).max_trials


def test_curtailment_on_a_hand_checked_plan():
    """Looks at 4, 6, 8 trials; REFUTED at ≥ 4, 5, 6 failures; SUPPORTED at ≤ −1, 0, 1 (never at the first).
    Look 1: REFUTED later needs x + 2 ≥ 5 or x + 4 ≥ 6, so it is out of reach for x ≤ 1; SUPPORTED later needs
    x ≤ 1, out of reach for x ≥ 2: no count gives both up. Look 2: REFUTED needs x + 2 ≥ 6 (out of reach for
    x ≤ 3), SUPPORTED x ≤ 1 (out of reach for x ≥ 2): 2 or 3 failures stop INCONCLUSIVE."""
    schedule, refute_at, support_at = (4, 6, 8), (4, 5, 6), (-1, 0, 1)
    b, c = sequential.futility_bounds(schedule, refute_at, support_at, 0.3, 0.1, 0.0)
    assert b == (1, 3, -1) and c == (2, 2, 9)
    d = stats.SequentialDesign(schedule, 0.3, 0.1, 0.05, 0.05, refute_at, support_at, "hand", b, c)
    assert list(d.decide_codes(np.arange(5), 4, 0)) == [0, 0, 0, 0, 1]
    assert list(d.decide_codes(np.arange(7), 6, 1)) == [2, 0, 3, 3, 0, 1, 1]
    assert list(d.decide_codes(1, 6, 1, undecided=np.arange(3))) == [0, 3, 3]  # undecided count against SUPPORTED
    assert list(d.decide_codes(np.arange(9), 8, 2)) == [2, 2, 3, 3, 3, 3, 1, 1, 1]


def brute_force_reachable(schedule, refute_at, support_at, look, x) -> tuple[bool, bool]:
    """Whether some continuation from x failures at ``look`` crosses each boundary (every path enumerated)."""
    counts = {x}
    refute = support = False
    after = slice(look + 1, None)
    for n_prev, n, r, a in zip(schedule[look:-1], schedule[after], refute_at[after], support_at[after], strict=True):
        counts = {k + i for k in counts for i in range(n - n_prev + 1)}
        refute |= any(k >= r for k in counts)
        support |= any(k <= a for k in counts)
    return refute, support


@pytest.mark.parametrize("last", [12, 20, 31])
def test_curtailment_gives_up_exactly_the_verdicts_out_of_reach(last):
    """A truncated plan gets curtailment alone: a verdict is given up exactly where no path reaches it."""
    d = stats.SequentialDesign.for_failure_rate(0.3, 0.15, 0.1, 0.1, max_trials=last)
    for look, n in enumerate(d.schedule[:-1]):
        for x in range(n + 1):
            refute, support = brute_force_reachable(d.schedule, d.refute_at, d.support_at, look, x)
            assert (x <= d.futile_refute_at[look]) == (not refute)
            assert (x >= d.futile_support_at[look]) == (not support)


@pytest.mark.parametrize("p", [0.0, 0.1, 0.2, 0.3, 0.5])
def test_curtailment_changes_no_verdict_probability(p):
    d = stats.SequentialDesign.for_failure_rate(0.2, 0.1, 0.01, 0.01, max_trials=120)
    a, b = d.operating_characteristic(p), without_futility(d).operating_characteristic(p)
    assert a["refuted"] == pytest.approx(b["refuted"], abs=1e-12)
    assert a["supported"] == pytest.approx(b["supported"], abs=1e-12)
    assert a["mean_trials"] <= b["mean_trials"]


@pytest.mark.parametrize(("delta", "rate"), CASES[:3])
def test_futility_never_takes_a_verdict_due_at_the_same_look(delta, rate):
    d = stats.SequentialDesign.for_failure_rate(delta, delta / 2, rate, rate)
    plain = without_futility(d)
    for look, n in enumerate(d.schedule):
        x = np.repeat(np.arange(n + 1), 3)
        u = np.tile([0, 1, 5], n + 1)
        u = np.minimum(u, n - x)
        with_stop, without = d.decide_codes(x, n, look, u), plain.decide_codes(x, n, look, u)
        due = without > 0
        assert np.array_equal(with_stop[due], without[due])
        assert set(with_stop[~due]) <= {0, 3}


@pytest.mark.parametrize(("delta", "rate"), CASES[:3])
def test_a_futility_stop_is_evidence_for_delta_or_curtailment(delta, rate):
    """Every count the designed plan gives up on is ≥ 1/β times likelier at δ than at the alternative where
    that verdict is due, or the verdict is out of reach."""
    d = stats.SequentialDesign.for_failure_rate(delta, delta / 2, rate, rate)
    for look, n in enumerate(d.schedule[:-1]):
        x, after = np.arange(n + 1), slice(look + 1, None)
        hi, lo = delta + d.epsilon, delta - d.epsilon
        log_lr_hi = x * math.log(hi / delta) + (n - x) * math.log((1 - hi) / (1 - delta))
        log_lr_lo = x * math.log(lo / delta) + (n - x) * math.log((1 - lo) / (1 - delta))
        need = min(r - (m - n) for r, m in zip(d.refute_at[after], d.schedule[after], strict=True))
        out_r, out_s = x < need, x > max(d.support_at[after])
        given_up_r, given_up_s = x <= d.futile_refute_at[look], x >= d.futile_support_at[look]
        assert np.all(~given_up_r | out_r | (log_lr_hi <= math.log(rate) + 1e-9))
        assert np.all(~given_up_s | out_s | (log_lr_lo <= math.log(rate) + 1e-9))
        assert np.all(given_up_r[out_r]) and np.all(given_up_s[out_s])  # curtailment is always part of it


def test_a_futility_stop_says_why_with_the_look_and_the_counts():
    """p = δ: runs stop early INCONCLUSIVE, and the reason says that neither verdict was reachable with enough
    probability, at which look, with which counts."""
    stops = []
    for seed in range(6):
        r = run(_bernoulli_claim(), params={"p": 0.1}, seed=seed, alpha=0.1)
        if r.verdict is Verdict.INCONCLUSIVE and r.trials < r.design["max_trials"]:
            stops.append(r)
    assert stops
    r = stops[0]
    assert "stopped for futility at look" in r.reason
    assert "neither verdict was reachable with enough probability" in r.reason
    assert f"({r.trials} trials: {r.failures} failures, 0 undecided)" in r.reason
    assert "futile_refute_at" in r.design and "futility" in r.design


def test_the_plans_end_says_which_boundaries_were_not_crossed():
    d = stats.SequentialDesign.for_failure_rate(0.2, 0.1, 0.1, 0.1)
    last = d.looks - 1
    text = d.stop_reason(30, 0, last)
    assert f"look {d.looks} of {d.looks}" in text and f"≥ {d.refute_at[last]} failures" in text


def test_a_curtailed_stop_says_both_verdicts_were_out_of_reach():
    """Looks at 27, 34, 43, 50 trials (after the refute-only looks at 5, 10, 20): after 43 trials REFUTED needs 18
    failures by 50 and SUPPORTED at most 3, so 6 failures reach neither."""
    d = stats.SequentialDesign.for_failure_rate(0.2, 0.1, 0.01, 0.01, max_trials=50)
    assert d.schedule == (5, 10, 20, 27, 34, 43, 50) and d.refute_at[-1] == 18 and d.support_at[-1] == 3
    assert d.decide_codes(6, 43, 5) == 3
    text = d.stop_reason(6, 0, 5)
    assert "look 6 of 7 (43 trials: 6 failures, 0 undecided)" in text
    assert "REFUTED was out of reach and SUPPORTED was out of reach" in text and "likelier" not in text


def test_a_futility_stop_with_undecided_trials_says_futility_only():
    """(a) Looks at …, 87, … trials (δ = 0.2, ε = 0.1, α = β = 0.1): after 87 trials REFUTED is given up at ≤ 17
    failures and SUPPORTED at ≥ 16 failed-or-undecided. 17 failures and 2 undecided stop the run, and the 17
    failures alone would have: the reason is futility, never the undecided trials."""
    d = stats.SequentialDesign.for_failure_rate(0.2, 0.1, 0.1, 0.1)
    look = d.schedule.index(87)
    assert (d.futile_refute_at[look], d.futile_support_at[look]) == (17, 16)
    assert d.decide_codes(17, 87, look, undecided=2) == 3 and d.decide_codes(17, 87, look) == 3
    assert not d.undecided_decided(17, 2, look)
    text = d.stop_reason(17, 2, look)
    assert text.startswith("stopped for futility at look 10 of 13 (87 trials: 17 failures, 2 undecided)")
    assert "neither verdict was reachable with enough probability" in text
    assert "too many" not in text and "undecided trials to support" not in text


def test_a_stop_caused_by_undecided_trials_says_so():
    """(b) 14 failures and 3 undecided after 87 trials: counted as failures they reach 16, where SUPPORTED is given
    up, but the 14 failures alone would not have stopped the run (decide_codes goes on): the reason says too many
    undecided trials, not futility."""
    d = stats.SequentialDesign.for_failure_rate(0.2, 0.1, 0.1, 0.1)
    look = d.schedule.index(87)
    assert d.decide_codes(14, 87, look, undecided=3) == 3 and d.decide_codes(14, 87, look) == 0
    assert d.undecided_decided(14, 3, look)
    text = d.stop_reason(14, 3, look)
    assert text.startswith("stopped by its undecided trials at look 10 of 13 (87 trials: 14 failures, 3 undecided)")
    assert "too many undecided trials to support the claim" in text and "failures + undecided to 17" in text
    assert "the 14 verified failures alone would not have stopped the run" in text
    assert "REFUTED, given up as well, would have followed" in text and "futility" not in text
    last = d.looks - 1  # the plan's end: the failures alone would have supported
    assert d.undecided_decided(d.support_at[last], 1, last) and not d.undecided_decided(d.support_at[last] + 1, 0, last)


def test_a_stop_caused_by_trials_outside_the_premise_names_them():
    """(c) The same counts as (b), with 2 of the 3 trials counted as undecided outside the theorem's premise (a
    whp rule counts them alike): the reason splits the count and names both, and with all 3 outside it names
    only those, never calling a trial outside the premise undecided."""
    d = stats.SequentialDesign.for_failure_rate(0.2, 0.1, 0.1, 0.1)
    look = d.schedule.index(87)
    text = d.stop_reason(14, 3, look, outside=2)
    assert text.startswith(
        "stopped by its trials outside the theorem's premise and undecided ones at look 10 of 13 (87 trials: 14 "
        "failures, 1 undecided, 2 outside the theorem's premise)"
    )
    assert "failures + undecided + outside to 17" in text
    only = d.stop_reason(14, 3, look, outside=3)
    assert only.startswith("stopped by its trials outside the theorem's premise at look 10 of 13")
    assert "0 undecided, 3 outside" in only and "undecided trials" not in only
    assert d.stop_reason(14, 3, look, outside=0) == d.stop_reason(14, 3, look)


def test_the_runner_says_whether_the_undecided_trials_stopped_the_run():
    """End to end: a futility stop keeps its own reason and its undecided sentence says the undecided trials did
    not decide it; a stop they caused says too many of them, in the stop's reason and in that sentence."""
    futile, by_undecided = [], []
    for seed in range(10):
        r = run(_bernoulli_claim(), params={"p": 0.1, "u": 0.01}, seed=seed, alpha=0.1)
        if r.verdict is Verdict.INCONCLUSIVE and r.trials < r.design["max_trials"] and r.undecided:
            (by_undecided if r.reason.startswith("stopped by its undecided trials") else futile).append(r)
    assert futile and by_undecided
    for r in futile:
        assert r.reason.startswith("stopped for futility at look") and "too many" not in r.reason
        assert r.reason.endswith("they did not decide this run")
    for r in by_undecided:
        assert "futility" not in r.reason and "too many undecided trials to support the claim" in r.reason
        assert r.reason.endswith("too many of them to support the claim")


def test_a_stop_caused_by_trials_outside_the_premise_and_undecided_ones_says_they_decided_it():
    """End to end, (c) of the runner: no failure, a quarter of the trials outside the premise and a few
    undecided. Counted together against SUPPORTED they stop the run early, where the failures alone would not
    have: both the stop's reason and the undecided sentence say so, never "they did not decide this run"."""
    r = run(_bernoulli_claim(), params={"p": 0.0, "u": 0.05, "q": 0.75}, seed=0, alpha=0.01)
    assert r.verdict is Verdict.INCONCLUSIVE and r.failures == 0 and r.undecided > 0
    assert r.design["trials_drawn"] < r.design["max_trials"] and r.premise_held < r.design["trials_drawn"]
    assert r.reason.startswith("stopped by its trials outside the theorem's premise and undecided ones at look")
    assert r.reason.endswith("too many of them to support the claim"), r.reason


@pytest.mark.parametrize(("delta", "rate"), [*CASES, (0.05, 7.19e-5)])
def test_refute_only_looks_refute_a_claim_that_always_fails_early_at_no_cost_in_error(delta, rate):
    """Before n₁ (the first look where zero failures can support) the refute-only looks n₀, 2n₀, … reach only
    REFUTED: all n₀ failures in n₀ trials refute at n₀; no support boundary is reachable there (α = β); the
    exact false-fail rate at δ stays ≤ α and the false-pass boundaries are those of the geometric looks alone;
    and the power at δ ± ε is kept (the design's count is chosen with them)."""
    d = stats.SequentialDesign.for_failure_rate(delta, delta / 2, rate, rate)
    n1 = sequential.first_useful_look(delta, sequential.FIRST_LOOK_SHARE * rate)
    pre = sequential.refute_only_looks(delta, rate, n1)
    assert d.schedule[: len(pre)] == pre and d.schedule[len(pre)] == n1
    assert all(b == a * 2 for a, b in itertools.pairwise(pre)) and all(n * 1.25 <= n1 for n in pre)
    if pre:
        n0 = pre[0]
        assert d.refute_at[0] <= n0 and delta**n0 <= sequential.FIRST_LOOK_SHARE * rate * n0 / n1
        assert n0 == 1 or delta ** (n0 - 1) > sequential.FIRST_LOOK_SHARE * rate * (n0 - 1) / n1  # the smallest
        assert d.operating_characteristic(1.0)["mean_trials"] == n0
    assert all(a == sequential.NEVER_SUPPORT for a in d.support_at[: len(pre)])
    geometric = sequential._spending(delta, delta / 2, rate, rate, d.schedule[len(pre) :], 0.0)
    assert d.support_at[len(pre) :] == geometric.support_at
    false_fail, false_pass = d.error_rates()
    assert false_fail <= rate and false_pass <= rate
    assert d.operating_characteristic(delta + delta / 2)["refuted"] >= 1 - rate


def test_refute_only_looks_at_the_reports_share():
    """At δ = 0.05 and the standard report's α share (7.19e-5 a claim instance), a claim failing every trial is
    refuted after 5 trials, where the first look that can support is at 214 (the module docstring's figures)."""
    d = stats.SequentialDesign.for_failure_rate(0.05, 0.025, 7.19e-5, 7.19e-5)
    assert d.schedule[:7] == (5, 10, 20, 40, 80, 160, 214)
    assert d.operating_characteristic(1.0)["mean_trials"] == 5
    assert d.operating_characteristic(0.5)["mean_trials"] < 0.2 * 214


def test_the_runner_refutes_at_the_first_refute_only_look():
    r = run(_bernoulli_claim(), params={"p": 1.0, "delta": 0.05}, seed=0, alpha=7.19e-5)
    assert r.verdict is Verdict.REFUTED and r.trials == 5 and r.failures == 5


@pytest.mark.parametrize(("delta", "rate"), [(0.2, 0.1), (0.1, 0.05)])
def test_operating_characteristic_is_the_law_of_the_runs_that_decide_codes_stops(delta, rate):
    """The exact verdict probabilities and mean trials equal those of a second dynamic programme that stops
    each failure count where decide_codes says (futility included; no undecided trials), at p below, at and
    above δ: the design's stated rates are those of the rule the runner applies."""
    from scipy.stats import binom

    d = stats.SequentialDesign.for_failure_rate(delta, delta / 2, rate, rate)
    for p in (delta / 2, delta, 1.5 * delta):
        alive, prev = np.ones(1), 0
        got = {"refuted": 0.0, "supported": 0.0, "inconclusive": 0.0, "mean_trials": 0.0}
        for look, n in enumerate(d.schedule):
            step = binom.pmf(np.arange(n - prev + 1), n - prev, p)
            alive, prev = np.convolve(alive, step), n
            codes = d.decide_codes(np.arange(n + 1), n, look)
            for code, key in ((1, "refuted"), (2, "supported"), (3, "inconclusive")):
                got[key] += float(alive[codes == code].sum())
            got["mean_trials"] += n * float(alive[codes != 0].sum())
            alive = np.where(codes == 0, alive, 0.0)
        want = d.operating_characteristic(p)
        for key, value in got.items():
            assert value == pytest.approx(want[key], rel=1e-9, abs=1e-12), (p, key)


def test_reach_probability_is_the_binomial_tail_of_the_remaining_trials():
    """Looks at 10 and 20 trials, REFUTED at ≥ 8 by the second: from 3 failures at the first, the boundary is
    crossed iff at least 5 of the next 10 trials fail; SUPPORTED at ≤ 4 by the second: iff at most 1 does."""
    from scipy.stats import binom

    schedule = (10, 20)
    up = sequential.reach_probability(schedule, (11, 8), 0, 3, 0.3, upper=True)
    down = sequential.reach_probability(schedule, (-1, 4), 0, 3, 0.3, upper=False)
    assert up == pytest.approx(binom.sf(4, 10, 0.3), rel=1e-12)
    assert down == pytest.approx(binom.cdf(1, 10, 0.3), rel=1e-12)


def test_a_verdict_due_both_ways_is_refuted():
    """REFUTED when X ≥ r, else SUPPORTED when X + U ≤ a (the module's rule, in that order): at α = β = 0.6 both
    tails are allowed more than half the mass, so a count can be due both ways; it is REFUTED."""
    d = stats.SequentialDesign(
        schedule=(10,), delta=0.3, epsilon=0.1, alpha=0.6, beta=0.6, refute_at=(3,), support_at=(5,)
    )
    assert d.decide_codes(np.array([2, 4, 6]), 10, 0).tolist() == [2, 1, 1]


def test_an_indifference_zone_reaching_zero_is_refused():
    """ε = δ puts δ − ε = 0, where SUPPORTED would be due only at a failure rate of 0: refused with the rule."""
    with pytest.raises(InvalidInputError, match=r"epsilon must be < min\(delta, 1 − delta\) = 0.1"):
        stats.SequentialDesign.for_failure_rate(0.1, 0.1, 0.05, 0.05)


def test_refute_only_looks_spend_no_more_than_their_share_of_alpha():
    """By each refute-only look n < n₁ the exact false-fail probability at δ is at most f·α·n/n₁ (f the first
    look's share): a claim that fails at once is refuted early at no more than its share of α."""
    delta, rate = 0.05, 1e-4
    d = stats.SequentialDesign.for_failure_rate(delta, delta / 2, rate, rate)
    n1 = d.schedule[d.support_at.index(next(a for a in d.support_at if a >= 0))]
    early = [j for j, n in enumerate(d.schedule) if n < n1]
    assert len(early) >= 3  # premise: there are refute-only looks
    for j in early:
        spent = sequential.crossing_probability(d.schedule[: j + 1], d.refute_at[: j + 1], delta, upper=True)
        assert spent <= sequential.FIRST_LOOK_SHARE * rate * d.schedule[j] / n1 * (1 + 1e-9), (j, spent)


@pytest.mark.parametrize(("alpha", "beta"), [(0.1, 0.01), (0.05, 0.05)])
def test_the_first_geometric_look_is_where_zero_failures_first_support(alpha, beta):
    """n₁, the smallest n with (1 − δ)^n ≤ f·min(α, β), is the first look where zero failures support, with β ≤ α.
    (With β > α the looks before n₁ spend f·β·n/n₁ of β, and zero failures may support at the last of them:
    at δ = 0.2, α = 0.01, β = 0.1 they do at 20 trials, n₁ = 27.)"""
    delta = 0.1
    d = stats.SequentialDesign.for_failure_rate(delta, delta / 2, alpha, beta)
    j = next(i for i, a in enumerate(d.support_at) if a >= 0)
    level, n = sequential.FIRST_LOOK_SHARE * min(alpha, beta), d.schedule[j]
    assert (1 - delta) ** n <= level < (1 - delta) ** (n - 1)
