"""A width too narrow can draw W(0) with no unit active at any x_i: H(0) = 0 and the practical step
eta_scale/λ_max(H(0)) is undefined. The trial stands in the step H(0) tends to and fails (GD cannot move W)."""

import torch

from claims.catalogue.du2018a.trials_gd import step_size
from models import dynamics, two_layer

DTYPE = torch.float64


def _dead_start():
    g = torch.Generator().manual_seed(0)
    X = torch.rand(5, 4, generator=g, dtype=DTYPE) + 0.1  # the positive orthant
    X = X / X.norm(dim=1, keepdim=True)
    W0 = -(torch.rand(3, 2, 4, generator=g, dtype=DTYPE) + 0.1)  # every w_r in the negative orthant
    W0[1] = torch.randn(2, 4, generator=g, dtype=DTYPE)  # trial 1: a usual start
    a0 = torch.where(torch.rand(3, 2, generator=g) < 0.5, -1.0, 1.0).to(DTYPE)
    return X, W0, a0


def test_a_dead_start_gets_the_step_of_h_infinity_and_cannot_move():
    X, W0, a0 = _dead_start()
    eta = step_size({"eta_scale": 1.0, "eta_multiplier": 1.0}, X, lambda: two_layer.gram(X, W0), 0.1, 3, DTYPE, "cpu")
    assert torch.isfinite(eta).all() and (eta > 0).all()
    top = torch.linalg.eigvalsh(two_layer.h_infinity(X))[-1]
    assert eta[0] == 1.0 / top and eta[2] == 1.0 / top
    assert eta[1] == 1.0 / torch.linalg.eigvalsh(two_layer.gram(X, W0))[1, -1]  # the same batched solve
    y = torch.ones(5, dtype=DTYPE)
    traj = dynamics.gradient_descent(X, y, W0, a0, eta=eta, steps=5, track=False)
    dead = traj.residual_sq[[0, 2]]
    assert torch.equal(dead[:, -1], dead[:, 0])  # the loss never moves: Theorem 4.1's decay fails at any step
