"""models.landscapes: closed-form gradients against autograd, the Isserlis population loss against Monte Carlo."""

import torch

from models import landscapes as ls

F64 = torch.float64


def test_quadratic_net_gradient_matches_autograd():
    g = torch.Generator().manual_seed(0)
    W = torch.randn(3, 4, 3, generator=g, dtype=F64)
    T = torch.randn(3, 3, 3, generator=g, dtype=F64)
    M = T.mT @ T
    Wl = W.clone().requires_grad_(True)
    ls.quadratic_net_loss(Wl, M).sum().backward()
    assert torch.allclose(ls.quadratic_net_grad(W, M), Wl.grad, rtol=1e-12, atol=1e-12)


def test_quadratic_net_population_loss_matches_monte_carlo():
    g = torch.Generator().manual_seed(1)
    W = torch.randn(1, 3, 3, generator=g, dtype=F64) / 2
    M = torch.eye(3, dtype=F64)[None]
    x = torch.randn(400_000, 3, generator=g, dtype=F64)
    D = W[0].T @ W[0] - M[0]
    mc = 0.5 * ((x @ D) * x).sum(-1).square().mean()
    assert abs(float(ls.quadratic_net_loss(W, M)) - float(mc)) < 0.03 * float(mc) + 1e-3


def test_quartic_gradient_and_critical_points():
    g = torch.Generator().manual_seed(2)
    lam = torch.tensor([[-1.0, -0.3, 0.5]], dtype=F64)
    x = torch.randn(1, 3, generator=g, dtype=F64).requires_grad_(True)
    ls.quartic(x, lam).sum().backward()
    assert torch.allclose(ls.quartic_grad(x.detach(), lam), x.grad, rtol=1e-12)
    for point in ([1.0, 0, 0], [0, 0.3**0.5, 0], [0, 0, 0]):
        p = torch.tensor([point], dtype=F64)
        assert float(ls.quartic_grad(p, lam).norm()) < 1e-15


def test_quadratic_gd_is_exact_along_eigenvectors():
    A = torch.diag(torch.tensor([-0.5, 1.0], dtype=F64))[None]
    xs = ls.quadratic_gd(A, torch.tensor([[1.0, 1.0]], dtype=F64), 0.5, 10)
    assert torch.allclose(xs[:, 0, 0], 1.25 ** torch.arange(11, dtype=F64))
    assert torch.allclose(xs[:, 0, 1], 0.5 ** torch.arange(11, dtype=F64))
