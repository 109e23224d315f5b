"""du2018b's trials (claims.catalogue.du2018b.trials).

thm5.1's decision on a trajectory (rate_check), on residuals built to sit on, within and beyond the bound
‖u(k) − y‖² ≤ base^k‖u(0) − y‖²: within the rounding allowance nothing is violated, a horizon past the steps run
leaves a trial that held undecided, a violation in the steps run is verified whatever the horizon, and a diverged
run is a violation. thm5.1's horizon and step per trial, and gram_init's width and norm, against the statements."""

import math

import pytest
import torch

from claims import get
from claims.catalogue.du2018b import trials
from claims.catalogue.du2018b.trials import rate_check
from claims.spec import Infeasible, Instance
from models import data, deep_smooth, deep_smooth_net

F64 = torch.float64
REL, AB = 1e-10, 1e-30  # an allowance as rate_tolerance gives, larger than the residuals' rounding here


def _check(last: float, horizon: float):
    res = torch.tensor([[1.0, 0.5, last]], dtype=F64)  # base ½: the bound at k = 2 is ¼
    passed, _margin, undecided = rate_check(
        res, torch.tensor([0.5], dtype=F64), torch.tensor([horizon], dtype=F64), REL, AB
    )
    return bool(passed[0]), bool(undecided[0])


def test_on_the_bound_and_within_the_allowance_is_not_violated():
    assert _check(0.25, 2) == (True, False)
    assert _check(0.25 * (1 + REL / 2), 2) == (True, False)  # above the bound by half the allowance


def test_beyond_the_allowance_is_a_verified_violation_at_any_horizon():
    assert _check(0.25 * (1 + 2 * REL), 2) == (False, False)
    assert _check(0.3, 10) == (False, False)  # seen in the steps run, though the horizon lies beyond them


def test_a_horizon_past_the_steps_run_is_undecided():
    """K = 10 steps asked, 2 run: the bound held on what was run, which proves nothing about k = 3..10."""
    assert _check(0.2, 10) == (True, True)


def test_at_the_rounding_floor_the_absolute_allowance_decides():
    """Base 10⁻²⁰: the bound at k = 2 is 10⁻⁴⁰, below any residual float64 can resolve; a residual at the
    rounding floor (half AB) is not a violation, one beyond AB is."""

    def check(last):
        res = torch.tensor([[1.0, 1e-20, last]], dtype=F64)
        passed, _, undecided = rate_check(
            res, torch.tensor([1e-20], dtype=F64), torch.tensor([2.0], dtype=F64), REL, AB
        )
        return bool(passed[0]), bool(undecided[0])

    assert check(AB / 2) == (True, False)
    assert check(2 * AB) == (False, False)


@pytest.mark.parametrize("diverged", [[1.0, float("nan"), float("nan")], [1.0, float("inf"), float("nan")]])
def test_a_non_finite_residual_is_a_violation_with_margin_minus_infinity(diverged):
    """A diverged run violates the bound, also where the comparison with NaN reads False, and its margin is −inf
    (not the largest finite float)."""
    res = torch.tensor([diverged], dtype=F64)
    passed, margin, undecided = rate_check(res, torch.tensor([0.5], dtype=F64), torch.tensor([2.0], dtype=F64), REL, AB)
    assert not bool(passed[0]) and not bool(undecided[0]) and float(margin[0]) == float("-inf")


def test_each_trial_runs_to_its_own_horizon_k_the_least_with_k_eta_lambda_at_least_horizon(monkeypatch):
    """At the practical step η = eta_scale/λ_max(G(0)) each trial has its own η, hence its own
    K = ⌈horizon/(ηλ)⌉: the least K whose bound has decayed by e^{−r·horizon/2}. The run goes to the largest K, so
    no trial is left undecided below max_steps. Each η is eta_scale/λ_max(G(0)) of its own net."""
    claim = get("du2018b.thm5.1")
    params = claim.resolve({"n": 3, "d": 12, "m": 32, "depth": 1, "activation": "tanh", "max_steps": 10**5})
    seen = {}
    real = deep_smooth_net.gradient_descent

    def spy(X, y, net, activation, *, steps, eta):
        seen.update(steps=steps, eta=eta, gram=deep_smooth_net.ntk(X, net, activation))
        return real(X, y, net, activation, steps=steps, eta=eta)

    monkeypatch.setattr(deep_smooth_net, "gradient_descent", spy)
    out = trials.thm5_1_trial(Instance(params, 0), torch.Generator().manual_seed(4), "cpu", F64, 3)
    K, eta_lambda = out.details["steps"], out.details["eta_lambda"]
    assert len(set(K.tolist())) > 1  # premise: the trials' steps differ, so their horizons do
    assert bool((K * eta_lambda >= params["horizon"]).all() and ((K - 1) * eta_lambda < params["horizon"]).all())
    assert seen["steps"] == int(K.max()) and not bool(out.undecided.any())
    # the practical step: eta_scale of GD's stability limit at initialisation, λ_max(G(0)) = ‖G(0)‖₂ (G ⪰ 0)
    top = torch.linalg.matrix_norm(seen["gram"], 2)
    torch.testing.assert_close(seen["eta"] * top, torch.full_like(top, params["eta_scale"]), rtol=1e-12, atol=0)


def test_gram_init_runs_at_the_stated_width_and_measures_the_operator_norm(monkeypatch):
    """du2018b.gram_init at its defaults: m = ⌈c·2^H·n² ln(Hn/δ)/λ0²⌉ (written out here from the statement), and
    the measured gap is ‖G^(H)(0) − K^(H)‖₂, the largest |eigenvalue| of the symmetric difference (not, e.g., the
    Frobenius norm, which is larger and would test a stronger statement)."""
    params = get("du2018b.gram_init").resolve({"n": 3, "d": 24})
    seen = {}
    real = deep_smooth_net.last_layer_gram_at_init

    def spy(*args, **kw):
        seen["G"] = real(*args, **kw)
        return seen["G"]

    monkeypatch.setattr(deep_smooth_net, "last_layer_gram_at_init", spy)
    instance = Instance(params, 0)
    out = trials.gram_init_trial(instance, torch.Generator().manual_seed(2), "cpu", F64, 2)
    lam0 = float(out.details["lambda0"][0])
    n, H, delta, c = params["n"], params["depth"], params["delta"], params["width_const"]
    assert int(out.details["m"][0]) == math.ceil(c * 2**H * n**2 * math.log(H * n / delta) / lam0**2)
    _, K, _, _ = trials.gram_init_data(instance, "cpu")
    spectral = torch.linalg.eigvalsh(seen["G"].to(F64) - K).abs().amax(-1)
    torch.testing.assert_close(out.details["gap_over_lambda0"] * lam0, spectral, rtol=1e-10, atol=0)


def test_thm5_1_premises_name_a_width_below_n_and_a_step_past_the_stability_limit_at_their_edges():
    """m < n is under the width's n/δ term, m = n is not; η·λ_max(Θ∞) > 2 is past GD's stability limit, η just
    below 2/λ_max(Θ∞) is not, and so is eta_scale > 2 of λ_max(G(0)), eta_scale = 2 not."""
    claim = get("du2018b.thm5.1")
    base = {"n": 4, "d": 12, "depth": 1, "activation": "tanh"}

    def says(**over):
        return " ".join(trials.thm5_1_premises(Instance(claim.resolve({**base, **over}), 0), "cpu", F64))

    below, unstable, above = (
        "is below n",
        "GD's stability limit at large m",
        "is above GD's stability limit 2/λ_max(G(0))",
    )
    assert below in says(m=3) and below not in says(m=4)
    X, _, _, _ = trials.instance_data(Instance(claim.resolve({**base, "m": 4}), 0), torch.device("cpu"), F64)
    top = float(torch.linalg.eigvalsh(deep_smooth.ntk_limit(trials._unit64(X), 1, "tanh"))[-1])
    assert unstable in says(m=4, eta=2.001 / top) and unstable not in says(m=4, eta=1.999 / top)
    # η = 2/λ_max(G(0)) is the limit itself, not above it
    assert above in says(m=4, eta_scale=2.001) and above not in says(m=4, eta_scale=2.0)


def test_gram_init_runs_a_set_width_equal_to_max_width():
    """max_width is the largest m run: m = max_width runs, m = max_width + 1 is Infeasible."""
    claim = get("du2018b.gram_init")
    instance = Instance(claim.resolve({"n": 3, "d": 24, "m": 64, "max_width": 64}), 0)
    assert trials.gram_init_data(instance, "cpu")[3] == 64
    with pytest.raises(Infeasible, match="exceeds max_width = 63"):
        trials.gram_init_data(Instance(claim.resolve({"n": 3, "d": 24, "m": 64, "max_width": 63}), 0), "cpu")


def test_lambda0_premise_fails_for_an_antiparallel_pair(monkeypatch):
    """Proposition F.1 assumes no two inputs parallel, antiparallel included (x_j = −x_i makes K^(H) of an odd
    activation singular): a draw with x_1 = −x_0 is outside the premise, its closest angle 0."""
    real = data.sphere

    def with_antiparallel_pair(*args, **kw):
        X = real(*args, **kw)
        X[..., 1, :] = -X[..., 0, :]
        return X

    monkeypatch.setattr(data, "sphere", with_antiparallel_pair)
    instance = Instance(get("du2018b.lambda0_positive").resolve({"d": 3, "activation": "tanh"}), 0)
    out = trials.lambda0_trial(instance, torch.Generator().manual_seed(0), "cpu", F64, 2)
    assert out.details["closest_angle"].tolist() == [0.0, 0.0] and not bool(out.premise_held.any())
