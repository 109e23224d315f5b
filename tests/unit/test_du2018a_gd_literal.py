"""Theorem 4.1 and Corollary 4.1 at m = None: Theorem 4.1's own width (its proof's R′ < R with Corollary 4.1's R′,
the constants derived here) and the literal step ¼λ0/n², run by the reduced GD of models.aggregated_flow.

δ = 0.5 keeps these checks to about a second a trial (the width falls like δ⁻³); the report's instance is δ = 0.2.
"""

import pytest
import torch

from claims import get
from claims.catalogue.du2018a import trials_gd
from claims.catalogue.du2018a.params import instance_data
from claims.catalogue.du2018a.trials_flow import literal_width
from claims.spec import Infeasible, Instance
from models import aggregated_flow
from models import two_layer_bounds as bounds

F64 = torch.float64
LITERAL = {"n": 2, "d": 4, "m": None, "delta": 0.5}


def _instance(claim_id: str, params: dict) -> Instance:
    return Instance(get(claim_id).resolve(params), 0)


def _trial(claim_id: str, params: dict, batch: int = 2, seed: int = 0):
    return get(claim_id).trial(_instance(claim_id, params), torch.Generator().manual_seed(seed), "cpu", F64, batch)


def _failed(out) -> torch.Tensor:
    return ~out.passed & ~out.undecided_mask()


def test_theorem4_1_at_its_literal_width_and_step_holds_and_a_wrong_rate_fails():
    """The rate (1 − ηλ0/2)^k holds at every step to the horizon on every trial, the certificate met, at the width
    literal_width_thm4_1 gives (four times Theorem 3.2's) and η = ¼λ0/n²; rate 3, above GD's true rate ≈ 2 in the
    kernel regime, fails verifiably on every trial."""
    out = _trial("du2018a.thm4.1", LITERAL)
    d = out.details
    assert bool(out.passed.all()) and not bool(out.undecided_mask().any())
    assert bool((d["frozen_ratio"] <= 1).all()) and bool((d["near_neurons"] > 0).all())
    assert bool((d["stepped_neurons"] > 0).all()) and bool((d["stepped_neurons"] < d["near_neurons"]).all())
    inst = _instance("du2018a.thm4.1", LITERAL)
    _, y, lam0 = instance_data(inst, "cpu", F64)
    assert int(d["width"][0]) == literal_width(inst.params, y, lam0, bounds.literal_width_thm4_1)
    assert d["width"][0] > 3.9 * literal_width(inst.params, y, lam0)  # Theorem 3.2's width: R′ with 2, not 4
    assert torch.allclose(d["eta"], torch.full_like(d["eta"], bounds.literal_step(lam0, 2)), rtol=1e-15, atol=0)
    bad = _trial("du2018a.thm4.1", {**LITERAL, "rate_factor": 3.0})
    assert bool(_failed(bad).all())


def test_corollary4_1_at_its_literal_width_holds_and_the_lambda_free_radius_fails():
    """The largest distance over every neuron and step is below R′ = 4√n‖y − u(0)‖/(√m λ0) on every trial; the
    mutant's λ-free radius 0.04·√n‖y − u(0)‖/√m is exceeded on every trial (a verified failure)."""
    out = _trial("du2018a.cor4.1", LITERAL)
    assert bool(out.passed.all()) and not bool(out.undecided_mask().any())
    assert bool((out.details["slack"] < 1).all()) and bool((out.details["distance"] > 0).all())
    bad = _trial("du2018a.cor4.1", {**LITERAL, "rprime_factor": 0.04, "radius_over": "one"})
    assert bool(_failed(bad).all())


def test_a_failed_certificate_leaves_the_trial_undecided(monkeypatch):
    """The literal GD draws and runs once, split at τ = R; a certificate that fails from the first step on leaves the
    trial undecided, never passed and never failed, even with a wrong conclusion."""
    real, taus = aggregated_flow.gradient_descent, []

    def failing(X, y, wd, **kwargs):
        taus.append(wd.tau)
        run = real(X, y, wd, **kwargs)
        run.frozen_to = torch.full_like(run.frozen_to, 1.5)
        return run

    monkeypatch.setattr(aggregated_flow, "gradient_descent", failing)
    inst = _instance("du2018a.thm4.1", LITERAL)
    _, _, lam0 = instance_data(inst, "cpu", F64)
    R = bounds.radius_lemma3_2(bounds.RADIUS_CONST, 0.5, lam0, 2)
    for claim_id, wrong in (("du2018a.thm4.1", {"rate_factor": 3.0}), ("du2018a.cor4.1", {"rprime_factor": 0.04})):
        for params in (LITERAL, {**LITERAL, **wrong}):
            taus.clear()
            out = _trial(claim_id, params, batch=1)
            assert bool(out.undecided_mask().all()), (claim_id, params)
            assert taus == [pytest.approx(R, rel=1e-15)], taus


def _failing_from(monkeypatch, step: int) -> None:
    """The reduced GD as it is, with its certificate made to fail from ``step`` on, at either τ, and the run gone
    wild from there (residuals and distances a million times larger), as an uncertified run may be."""
    real = aggregated_flow.gradient_descent

    def failing(X, y, wd, **kwargs):
        run = real(X, y, wd, **kwargs)
        run.frozen_to[..., step:] = 1.5
        run.residual_sq[..., step:] *= 1e6
        run.distance_to[..., step:] *= 1e6
        return run

    monkeypatch.setattr(aggregated_flow, "gradient_descent", failing)


@pytest.mark.parametrize(
    "claim_id, wrong",
    [("du2018a.thm4.1", {"rate_factor": 3.0}), ("du2018a.cor4.1", {"rprime_factor": 0.04, "radius_over": "one"})],
)
def test_the_steps_before_a_failed_certificate_still_decide(monkeypatch, claim_id, wrong):
    """The reduced run is GD up to the step before its certificate fails. Failing from step 300 on (of about 500):
    a wrong conclusion violated before it is a verified failure; the true one, which holds up to there, is
    undecided, neither passed nor failed by what the run shows after (the steps after say nothing)."""
    _failing_from(monkeypatch, 300)
    bad, true = _trial(claim_id, {**LITERAL, **wrong}), _trial(claim_id, LITERAL)
    assert bool(_failed(bad).all())
    assert bool(true.undecided_mask().all())
    if "final_ratio" in true.details:  # at step 299, not the wild end (a million times more)
        assert bool((true.details["final_ratio"] < 1).all())


def test_a_divergent_step_at_the_literal_width_is_refuted():
    """η = 3/λ_max(H(0)), past the stability edge (the divergent_step mutant) at the literal width: the residual
    grows from the first steps, long before any aggregated neuron could flip, so every trial fails verifiably,
    whether or not the certificate fails later in the run (the frozen_ratio detail says where it did)."""
    out = _trial("du2018a.thm4.1", {**LITERAL, "eta_scale": 0.5, "eta_multiplier": 6.0}, batch=4)
    assert bool(_failed(out).all()), out.details["frozen_ratio"]
    assert bool((out.details["frozen_ratio"] > 1).any())  # 3 of 4 at seed 0: the failures come before


def test_the_literal_run_steps_only_the_neurons_its_reach_came_to():
    """Of the near neurons (min_i |z_ri(0)| < R), the run steps one by one only those the certificate's reach came
    to, a fraction of them at this instance (the rest move as aggregated neurons do); the certificate holds."""
    run = trials_gd.literal_gd(_instance("du2018a.cor4.1", LITERAL), torch.Generator().manual_seed(4), "cpu", F64, 2)[0]
    assert bool((run.frozen_ratio <= 1).all())
    assert bool((run.stepped > 0).all()) and bool((run.stepped < run.near / 2).all()), (run.stepped, run.near)


def test_the_literal_instance_states_only_the_step_as_a_premise():
    """m = None runs Theorem 4.1's width, so no width premise is left unmet; a step above ¼λ0/n² still is."""
    claim = get("du2018a.thm4.1")
    assert claim.premises(_instance("du2018a.thm4.1", LITERAL), "cpu", F64) == []
    unmet = claim.premises(_instance("du2018a.thm4.1", {**LITERAL, "eta_multiplier": 2.0}), "cpu", F64)
    assert len(unmet) == 1 and "is above the literal step" in unmet[0]


def test_the_literal_cost_counts_the_steps_the_horizon_asks():
    """The literal step is known before the run: the cost counts K = ⌈horizon/(ηλ0)⌉ field evaluations, not
    max_steps, for one draw and run, and a horizon beyond max_steps is refused before the draw."""
    inst = _instance("du2018a.thm4.1", LITERAL)
    _, _, lam0 = instance_data(inst, "cpu", F64)
    K = -(-6.0 // (bounds.literal_step(lam0, 2) * lam0))
    sequential = trials_gd.gd_cost(inst.params, inst, "cpu", F64).steps
    assert K + 1 <= sequential < K + 1 + 1000  # the steps and the draw's chunks
    with pytest.raises(Infeasible, match="max_steps"):
        _trial("du2018a.thm4.1", {**LITERAL, "max_steps": 10})
