"""du2018a's gradient-flow trials (claims.catalogue.du2018a.trials_flow) judged as Section 3 states them: the rate
‖u(t) − y‖² ≤ e^{−λ0 t}‖u(0) − y‖² at every recorded time (Theorem 3.3 with a trained too), the radius
R′ = 2√n‖y − u(0)‖/(√m λ0) against the farthest any neuron went, and λ_min(H(t)) ≥ λ0/2 at every recorded time
(Lemma 3.3's premise, one of Lemma 3.4's conclusions).

Where a test needs a run the flow rarely produces (a neuron that comes back, λ_min dipping below λ0/2 midway),
models.dynamics.flow is wrapped to edit the recorded curve after the real run: the judgement is what is tested.
"""

import math

import pytest
import torch

from claims import get
from claims.catalogue.du2018a import trials_flow
from claims.catalogue.du2018a.params import instance_data
from claims.spec import Instance
from models import dynamics

F64 = torch.float64
SMALL = {"n": 4, "d": 8, "m": 100}


def _instance(claim_id: str, params: dict) -> Instance:
    claim = get(claim_id)
    return Instance(claim.resolve(params), 0)


def _trial(claim_id: str, params: dict, batch: int = 8, seed: int = 0):
    inst = _instance(claim_id, params)
    return get(claim_id).trial(inst, torch.Generator().manual_seed(seed), "cpu", F64, batch)


def _failed(out) -> torch.Tensor:
    return ~out.passed & ~out.undecided_mask()


def _edited_flow(monkeypatch, edit) -> None:
    """models.dynamics.flow as it is, then ``edit`` applied to the returned trajectory."""
    real = dynamics.flow

    def flow(*args, **kwargs):
        traj = real(*args, **kwargs)
        edit(traj)
        return traj

    monkeypatch.setattr(dynamics, "flow", flow)


def test_theorem3_3_trains_the_output_layer_and_decays_faster_than_theorem3_2():
    """With a trained too the kernel is H + G and the slowest mode decays like e^{−4λ0 t}, against e^{−2λ0 t}
    with a fixed (the records' notes): from the same initialisations, rate 3 holds for Theorem 3.3's trials and
    fails for most of Theorem 3.2's (7 of 8 at seed 0, measured), and every trial ends lower with a trained."""
    both = {**SMALL, "rate_factor": 3.0}
    fixed, trained = _trial("du2018a.thm3.2", both), _trial("du2018a.thm3.3", both)
    assert bool(trained.passed.all()) and int(_failed(fixed).sum()) >= 4
    assert bool((trained.details["final_ratio"] < fixed.details["final_ratio"]).all())


def test_a_passed_trials_final_ratio_is_within_the_claimed_decay_at_the_horizon():
    """The detail final_ratio is ‖u(T) − y‖²/‖u(0) − y‖² at T = horizon/λ0, the end of the claim's span: a
    trial that passed has it at most e^{−rate_factor·horizon} (up to the comparison's rounding)."""
    out = _trial("du2018a.thm3.2", SMALL)
    values = get("du2018a.thm3.2").resolve(SMALL)
    bound = math.exp(-values["rate_factor"] * values["horizon"])
    assert bool(out.passed.all())
    assert bool((out.details["final_ratio"] <= bound * (1 + 1e-9)).all())


def test_a_long_span_is_decided_where_the_residual_is_far_below_its_bound():
    """At horizon 8 the bound at T is e^{−8}‖u(0) − y‖² ≈ 3e-4‖u(0) − y‖², and the flow (true rate ≈ 2λ0) ends
    near 1e-8 of it: every trial passes. The integration's tolerance is relative to the comparison's right-hand
    side; relative to ‖u(0) − y‖² (flow_tol = 1e-3 of it) it would exceed the bound itself, and no trial
    could be decided late in the run."""
    out = _trial("du2018a.thm3.2", {**SMALL, "horizon": 8.0})
    assert bool(out.passed.all()) and not bool(out.undecided_mask().any())


def test_lemma3_3_radius_is_the_papers_r_prime_at_the_instances_width():
    """The detail slack is the largest distance max_t max_r ‖w_r(t) − w_r(0)‖ over R′ = 2√n‖y − u(0)‖/(√m λ0),
    with the width m of the instance (here m ≠ d), measured on the same draws as the trial's."""
    params = {"n": 4, "d": 8, "m": 60}
    inst = _instance("du2018a.lemma3.3", params)
    traj, lam0, _, _ = trials_flow.flow_run(inst, torch.Generator().manual_seed(0), "cpu", F64, 4, gram_too=True)
    r_prime = 2 * math.sqrt(4) * traj.residual_sq[..., 0].sqrt() / (math.sqrt(60) * lam0)
    out = _trial("du2018a.lemma3.3", params, batch=4)
    torch.testing.assert_close(out.details["slack"], traj.distance.amax(-1) / r_prime, rtol=1e-12, atol=0)


def test_lemma3_3_judges_the_farthest_a_neuron_went_not_where_it_ended(monkeypatch):
    """The radius conclusion holds at every t ≤ T: the same distances recorded in reverse order (the farthest
    unchanged, the last one 0, as if every neuron had come back) give the same slack."""
    plain = _trial("du2018a.lemma3.3", SMALL, batch=4)

    def reverse(traj):
        traj.distance = traj.distance.flip(-1)

    _edited_flow(monkeypatch, reverse)
    back = _trial("du2018a.lemma3.3", SMALL, batch=4)
    assert bool((plain.details["slack"] > 0).all())
    torch.testing.assert_close(back.details["slack"], plain.details["slack"], rtol=0, atol=0)


def _lambda_min_midway(monkeypatch, fraction: float) -> float:
    """Edit λ_min(H(t)) at the middle recorded time to ``fraction``·λ0; returns λ0."""
    _, _, lam0 = instance_data(_instance("du2018a.lemma3.3", SMALL), "cpu", F64, labels=False)

    def dip(traj):
        traj.lambda_min[..., traj.lambda_min.shape[-1] // 2] = fraction * lam0

    _edited_flow(monkeypatch, dip)
    return lam0


def test_lambda_min_below_half_lambda0_midway_leaves_lemma3_3s_premise_and_fails_lemma3_4(monkeypatch):
    """λ_min(H(s)) ≥ λ0/2 is asked at every s ≤ T: at 0.4λ0 at one recorded time (only there), Lemma 3.3's
    trials are outside its premise and Lemma 3.4's, whose conclusion it is, fail, with a negative margin (the
    closest of its conclusions: the rate and the radius still hold)."""
    _lambda_min_midway(monkeypatch, 0.4)
    conditional, lemma = _trial("du2018a.lemma3.3", SMALL, batch=4), _trial("du2018a.lemma3.4", SMALL, batch=4)
    assert not bool(conditional.premise_held.any())
    assert bool(lemma.premise_held.all()) and bool(_failed(lemma).all()) and bool((lemma.margin < 0).all())
    assert bool((lemma.details["margin_rate"] > 0).all()) and bool((lemma.details["margin_radius"] > 0).all())


@pytest.mark.parametrize("claim_id", ["du2018a.lemma3.3", "du2018a.lemma3.4"])
def test_lambda_min_at_half_lambda0_is_undecided_not_decided(monkeypatch, claim_id):
    """λ_min(H(s)) = λ0/2 exactly, within the eigenvalue tolerance of the boundary, at one recorded time: neither
    proven ≥ λ0/2 nor proven below. Lemma 3.3's premise is unresolved and Lemma 3.4's conclusion undecided: the
    trials are undecided (``passed`` is not read where undecided), none failed."""
    _lambda_min_midway(monkeypatch, 0.5)
    out = _trial(claim_id, SMALL, batch=4)
    assert bool(out.undecided_mask().all()) and not bool(_failed(out).any())


LITERAL = {"n": 2, "d": 4, "m": None}


def test_lemma3_4_at_its_literal_width_holds_inside_its_premise_with_the_certificate_met():
    """m = None: the literal width of R′ < R (trials_flow.literal_width), run by the reduced flow. Each trial's
    premise is decided at its own ‖y − u(0)‖, its certificate holds, and all three conclusions hold: the rate, the
    radius (the farthest neuron well inside R′) and λ_min(H(t)) ≥ λ0/2. Then one wrong conclusion at a time fails
    with the premise held (verified failures, not undecided): the mutant's λ-free radius, and rate 3, above the
    flow's true rate 2λ_min(H)/λ0 ≈ 2 in the kernel regime."""
    out = _trial("du2018a.lemma3.4", LITERAL, batch=2)
    d = out.details
    assert bool(out.premise_held.all()) and bool((d["rprime_over_R"] < 1).all())
    assert bool((d["frozen_ratio"] <= 1).all()) and bool((d["near_neurons"] > 0).all())
    assert bool((d["stepped_neurons"] > 0).all()) and bool((d["stepped_neurons"] < d["near_neurons"]).all())
    assert bool(out.passed.all()) and not bool(out.undecided_mask().any())
    assert bool((d["slack"] < 1).all()) and bool((d["min_lambda_H"] > d["lambda0"] / 2).all())
    _, y, lam0 = instance_data(_instance("du2018a.lemma3.4", LITERAL), "cpu", F64)
    assert int(d["width"][0]) == trials_flow.literal_width(get("du2018a.lemma3.4").resolve(LITERAL), y, lam0)
    for wrong in ({"rprime_factor": 0.04, "radius_over": "one"}, {"rate_factor": 3.0}):
        bad = _trial("du2018a.lemma3.4", {**LITERAL, **wrong}, batch=2)
        assert bool(bad.premise_held.all()) and bool(_failed(bad).all()), wrong


def _failing_from(monkeypatch, column: int) -> None:
    """The reduced flow as it is, with its certificate made to fail from grid time ``column`` on and the run gone
    wild from there (residuals and distances a million times larger, λ_min(H) negative), as an uncertified run may
    be."""
    from models import aggregated_flow

    real = aggregated_flow.flow

    def flow(*args, **kwargs):
        traj = real(*args, **kwargs)
        traj.frozen_to[..., column:] = 1.5
        traj.residual_sq[..., column:] *= 1e6
        traj.distance[..., column:] *= 1e6
        traj.lambda_min[..., column:] *= -1
        return traj

    monkeypatch.setattr(aggregated_flow, "flow", flow)


def test_the_literal_width_leaves_a_trial_undecided_where_its_certificate_fails(monkeypatch):
    """A certificate that fails (models.aggregated_flow's frozen_to > 1: an aggregated neuron may have changed its
    pattern) from the first grid time on makes the trial undecided, never passed and never failed, even with a wrong
    rate or radius and a run gone wild."""
    _failing_from(monkeypatch, 0)
    rate, radius = {"rate_factor": 3.0}, {"rprime_factor": 0.04}
    wrong = {"du2018a.lemma3.4": (rate, radius), "du2018a.thm3.2": (rate,)}
    for claim_id, changes in wrong.items():
        for params in (LITERAL, *({**LITERAL, **change} for change in changes)):
            out = _trial(claim_id, params, batch=1)  # one trial a run: a literal flow takes seconds here
            assert bool(out.undecided_mask().all()), (claim_id, params)


@pytest.mark.parametrize(
    "claim_id, wrong",
    [
        ("du2018a.thm3.2", {"rate_factor": 3.0}),
        ("du2018a.lemma3.4", {"rate_factor": 3.0}),
        ("du2018a.lemma3.4", {"rprime_factor": 0.04, "radius_over": "one"}),
    ],
)
def test_the_grid_times_before_a_failed_certificate_still_decide(monkeypatch, claim_id, wrong):
    """The reduced run is the flow up to the last grid time its certificate covers. Failing from grid time 4 of 8
    on: a wrong conclusion violated before it is a verified failure; the true one, which holds up to there, is
    undecided, neither passed nor failed by what the run shows after."""
    _failing_from(monkeypatch, 4)
    bad, true = _trial(claim_id, {**LITERAL, **wrong}, batch=2), _trial(claim_id, LITERAL, batch=2)
    assert bool(_failed(bad).all()), bad.details
    assert bool(true.undecided_mask().all()) and not bool(_failed(true).any())
    assert bool((true.details["final_ratio"] < 1).all())  # at grid time 3, not the wild end (a million times more)


def test_last_certified_takes_each_trials_last_covered_time():
    values = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], dtype=F64)
    valid = torch.tensor([[True, True, False], [True, True, True], [False, False, False]])
    got = trials_flow.last_certified(values, valid)
    assert got[:2].tolist() == [2.0, 6.0] and bool(got[2].isnan())
    assert trials_flow.last_certified(values, None).tolist() == [3.0, 6.0, 9.0]


def test_the_radius_and_lambda_hold_only_where_every_grid_time_is_certified():
    """trials_flow's judgement of a reduced run: a radius and a λ_min(H) that hold at the certified grid times hold
    for the trial only if every grid time is certified; values at an uncertified time neither pass nor fail."""
    from types import SimpleNamespace

    params = get("du2018a.lemma3.4").resolve({"n": 2, "d": 4})
    ones = torch.ones(2, 3, dtype=F64)
    traj = SimpleNamespace(residual_sq=ones, distance=ones * 1e-9, lambda_min=ones, times=torch.arange(3.0))
    traj.distance[0, 2], traj.lambda_min[0, 2] = 1e9, -1.0  # wild, where trial 0's certificate failed
    valid = torch.tensor([[True, True, False], [True, True, True]])
    rate = (torch.ones(2, dtype=torch.bool), torch.zeros(2, dtype=torch.bool), torch.ones(2, dtype=F64))
    checks, _, _ = trials_flow._radius_lambda(params, traj, 0.5, 100, rate, {}, valid)
    for name in ("radius", "lambda_min"):
        holds, violated, _ = checks[name]
        assert holds.tolist() == [False, True] and violated.tolist() == [False, False], name


def test_theorem3_2_at_its_literal_width_holds_and_a_wrong_rate_fails():
    """Theorem 3.2 at m = None (its width with the derived constants, that of Lemma 3.4's literal instance): the
    rate holds on every trial, the certificate met; rate 3, above the flow's true rate ≈ 2, fails verifiably."""
    out = _trial("du2018a.thm3.2", LITERAL, batch=2)
    assert bool(out.passed.all()) and not bool(out.undecided_mask().any())
    assert bool((out.details["frozen_ratio"] <= 1).all())
    bad = _trial("du2018a.thm3.2", {**LITERAL, "rate_factor": 3.0}, batch=2)
    assert bool(_failed(bad).all())


def test_lemma3_4_at_its_literal_width_decides_r_prime_below_r_per_trial():
    """At δ = 0.9 the Markov factor 1/δ is small, so a fair share of trials draw ‖y − u(0)‖² above the mean
    the width was set from: those leave R′ < R unmet at their own residual, and only those (premise_held is
    R′ < R, not the instance's premise); none of them is a failure."""
    out = _trial("du2018a.lemma3.4", {**LITERAL, "delta": 0.9}, batch=8)
    inside = out.details["rprime_over_R"] < 1
    assert bool(inside.any()) and not bool(inside.all()), out.details["rprime_over_R"]
    assert torch.equal(out.premise_held, inside)
    assert not bool((out.premise_held & _failed(out)).any())
