"""models.teacher_student: the closed form of E[relu(wᵀx) relu(vᵀx)] and its gradient, against Monte Carlo
and autograd of a Monte-Carlo estimate."""

import torch

from models import teacher_student as ts

F64 = torch.float64


def test_kernel_matches_monte_carlo():
    g = torch.Generator().manual_seed(0)
    W = torch.randn(1, 3, 4, generator=g, dtype=F64)
    x = torch.randn(400_000, 4, generator=g, dtype=F64)
    mc = (torch.relu(x @ W[0].T)[:, :, None] * torch.relu(x @ W[0].T)[:, None, :]).mean(0)
    K = ts.kernel(W, W)[0]
    K.diagonal().copy_(W[0].square().sum(-1) / 2)
    # Monte-Carlo standard error ≈ ‖w‖²·√(Var)/√N ≈ 4e-3 here; 5 standard errors
    assert torch.allclose(K, mc, atol=2e-2)


def test_closed_form_gradient_matches_autograd_of_monte_carlo_and_of_closed_form():
    g = torch.Generator().manual_seed(1)
    W = torch.randn(2, 3, 4, generator=g, dtype=F64)
    V = torch.eye(3, 4, dtype=F64)
    x = torch.randn(400_000, 4, generator=g, dtype=F64)
    w = W[0].clone().requires_grad_(True)
    mc = 0.5 * (torch.relu(x @ w.T).sum(-1) - torch.relu(x @ V.T).sum(-1)).square().mean()
    (gmc,) = torch.autograd.grad(mc, w)
    G = ts.population_grad(W, V)
    assert torch.allclose(G[0], gmc, atol=3e-2)
    Wc = W.clone().requires_grad_(True)
    (gcf,) = torch.autograd.grad(ts.population_loss(Wc, V).sum(), Wc)
    assert torch.allclose(G, gcf, rtol=1e-10, atol=1e-12)
    assert abs(float(ts.population_loss(W[:1], V)) - mc.item()) < 3e-2


def test_teacher_is_a_global_minimum():
    V = torch.eye(4, dtype=F64)[None]
    assert float(ts.population_loss(V, V[0]).abs()) < 1e-14


def test_spurious_search_and_the_parallel_row_screen():
    g = torch.Generator().manual_seed(2)
    W, V = ts.spurious_search(4, starts=3, steps=5, eta=0.5, generator=g)
    assert W.shape == (3, 4, 4) and torch.equal(V, torch.eye(4, dtype=F64))
    assert ts.no_parallel_rows(W, V).all()
    W[1, 0] = 2 * V[2]  # a student row parallel to a teacher row
    W[2, 1] = 3 * W[2, 3]  # two parallel student rows
    assert ts.no_parallel_rows(W, V).tolist() == [True, False, False]
    f = ts.flat_population_loss(4, 4)
    assert torch.allclose(f(W[0].reshape(-1), V), ts.population_loss(W[:1], V)[0])
