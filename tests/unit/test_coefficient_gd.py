"""models.coefficient_gd against models.dynamics.gradient_descent: the same GD (Du et al. 2018a, Section 4,
first layer) carried in prediction space, W(k) − W(0) = C(k) X, equal to rounding."""

import math

import pytest
import torch

from models import coefficient_gd, data, dynamics, two_layer
from models.checks import InvalidInputError

EPS = torch.finfo(torch.float64).eps


def problem(n, d, m, batch, seed):
    g = torch.Generator().manual_seed(seed)
    X = data.sphere(n, d, generator=g)
    y = data.gaussian_labels(n, generator=g)
    W0, a0 = two_layer.init(m, d, generator=g, batch=(batch,), dtype=X.dtype, device=X.device)
    lam_max = float(torch.linalg.eigvalsh(two_layer.h_infinity(X))[-1])
    return X, y, W0, a0, lam_max


@pytest.mark.parametrize(("n", "d", "m", "steps"), [(12, 8, 50, 40), (6, 10, 200, 40), (20, 20, 300, 25)])
def test_matches_plain_gradient_descent_to_rounding(n, d, m, steps):
    X, y, W0, a0, lam_max = problem(n, d, m, 3, seed=n + d)
    eta = torch.tensor([0.5, 1.0, 1.5]) / lam_max  # one step size per trial of the batch
    plain = dynamics.gradient_descent(X, y, W0, a0, eta=eta, steps=steps, every=5, gram_too=True)
    ours = coefficient_gd.gradient_descent(X, y, W0, a0, eta=eta, steps=steps, every=5, gram_too=True)
    # the two differ only in the order of sums of length m, n or d in each step, and a GD step with
    # η < 2/λ_max does not amplify earlier errors: (m + n + d)·steps·eps of each curve's scale bounds them
    tol = (m + n + d) * steps * EPS
    # premise: no final pre-activation within that rounding of 0, where the two runs could flip a pattern
    P = plain.W @ X.T
    assert P.abs().amin() > tol * P.abs().amax()
    scale_res = plain.residual_sq[..., :1]
    assert torch.all((ours.residual_sq - plain.residual_sq).abs() <= tol * scale_res)
    assert torch.all((ours.W - plain.W).abs() <= tol * W0.abs().amax())
    assert torch.all((ours.distance - plain.distance).abs() <= tol * plain.distance.amax().clamp_min(1))
    assert torch.equal(ours.pattern_change, plain.pattern_change)  # same patterns: the same counts exactly
    # the same patterns give the same H = G ⊙ SᵀS/m up to the products' rounding (length n·d sums), so its
    # eigenvalues agree to n·d·eps of ‖H‖ ≤ n
    assert torch.allclose(ours.lambda_min, plain.lambda_min, rtol=0, atol=n * n * d * EPS)
    assert torch.allclose(ours.kernel_drift, plain.kernel_drift, rtol=0, atol=n * n * d * EPS)
    assert torch.equal(ours.times, plain.times) and ours.pattern_change.shape == plain.pattern_change.shape


def test_untracked_run_records_the_first_and_the_last_step_only():
    X, y, W0, a0, lam_max = problem(8, 5, 40, 2, seed=3)
    plain = dynamics.gradient_descent(X, y, W0, a0, eta=1 / lam_max, steps=7, every=0, track=False)
    ours = coefficient_gd.gradient_descent(X, y, W0, a0, eta=1 / lam_max, steps=7, every=0, track=False)
    assert ours.distance.shape == plain.distance.shape == (2, 2) and ours.lambda_min is None
    assert torch.allclose(ours.residual_sq, plain.residual_sq, rtol=(40 + 8 + 5) * 7 * EPS, atol=0)


def test_distance_is_the_row_norm_of_c_times_x():
    """‖w_r(K) − w_r(0)‖ from C and XXᵀ equals the norm of the returned W(K) − W(0) (a different sum)."""
    X, y, W0, a0, lam_max = problem(10, 30, 60, 1, seed=5)
    ours = coefficient_gd.gradient_descent(X, y, W0, a0, eta=1 / lam_max, steps=10, every=10)
    direct = torch.linalg.vector_norm(ours.W - W0, dim=-1).amax(-1)
    assert torch.allclose(ours.distance[..., -1], direct, rtol=math.sqrt(EPS), atol=0)


def test_shapes_that_do_not_fit_name_the_shapes():
    X, y, W0, a0, _ = problem(6, 4, 10, 1, seed=0)
    with pytest.raises(InvalidInputError, match="W0 \\(1, 10, 4\\)"):
        coefficient_gd.gradient_descent(X, y[:-1], W0, a0, eta=0.1, steps=1)


def test_gd_over_widths_picks_the_cheaper_kernel_with_the_same_runs():
    """Figure 1's experiment (n = d: the prediction-space kernel is cheaper) gives the runs of the plain one."""
    g = torch.Generator().manual_seed(7)
    X, y = data.sphere(10, 10, generator=g), data.gaussian_labels(10, generator=g)
    runs = {
        k: dynamics.gd_over_widths(
            X, y, [40, 80], generator=torch.Generator().manual_seed(1), steps=20, eta_scale=1.0, every=5, kernel=k
        )[2]
        for k in ("plain", "auto")
    }
    tol = (80 + 10 + 10) * 20 * EPS  # as above: sums of length m, n, d per step over 20 steps
    for plain, auto in zip(runs["plain"], runs["auto"], strict=True):
        assert torch.all((auto.residual_sq - plain.residual_sq).abs() <= tol * plain.residual_sq[..., :1])
        assert torch.equal(auto.pattern_change, plain.pattern_change)
    with pytest.raises(InvalidInputError, match="kernel"):
        dynamics.gd_over_widths(X, y, [4], generator=g, steps=1, eta_scale=1.0, kernel="fast")


def test_a_pre_activation_exactly_zero_is_active_as_in_the_plain_run():
    """1{w_rᵀx_i ≥ 0}: a neuron whose pre-activations are exactly 0 (a zero row of W(0)) is active, in the step
    and in the pattern count, as in models.dynamics; either kernel then gives the same run (gd_over_widths picks
    one by cost alone)."""
    X, y, W0, a0, lam_max = problem(8, 5, 30, 2, seed=11)
    W0[:, :3] = 0  # three neurons at the kink on every input
    plain = dynamics.gradient_descent(X, y, W0, a0, eta=1 / lam_max, steps=6, every=1)
    ours = coefficient_gd.gradient_descent(X, y, W0, a0, eta=1 / lam_max, steps=6, every=1)
    assert torch.equal(ours.pattern_change, plain.pattern_change)
    moved = torch.linalg.vector_norm(ours.W[:, :3], dim=-1)
    assert bool((moved > 0).all())  # the zero rows took steps: they were active at k = 0
    tol = (30 + 8 + 5) * 6 * EPS  # sums of length m, n, d per step, as above
    assert torch.all((ours.W - plain.W).abs() <= tol * W0.abs().amax())
    assert torch.all((ours.residual_sq - plain.residual_sq).abs() <= tol * plain.residual_sq[..., :1])


def test_distance_of_a_row_that_rounds_below_zero_is_zero():
    """c_r G c_rᵀ ≥ 0 in exact arithmetic; from C G formed as P − P(0) a row that barely moved can round to −tiny,
    whose square root would be NaN and poison the max over rows: it reads as 0."""
    n, m = 3, 4
    C = torch.zeros(1, m, n, dtype=torch.float64)
    C[0, 0, 0] = 1e-10
    CG = -C  # a rounding of the wrong sign: c_r G c_rᵀ reads −1e-20
    P0 = torch.ones(1, m, n, dtype=torch.float64)
    changed, distance = coefficient_gd._record(P0, P0, C, CG, torch.eye(n, dtype=torch.float64), None, m)
    assert float(distance) == 0.0 and float(changed) == 0.0
