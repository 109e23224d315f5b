"""Gram matrix H(W) at the paper's size n = d = 1000, m = 8000: ours against the plain ways (``tox -e bench``).

* ours: ``models.two_layer.gram``, one matrix product of the 0/1 pattern matrix;
* Zhang's slides' way: a Python double loop over (i, j) with NumPy inside, timed on PAIRS pairs and scaled by n²/PAIRS;
* an empirical NTK by Jacobian contraction (torch.func.jacrev + vmap, J Jᵀ), timed on N_SLICE rows and scaled
  by (n/N_SLICE)². Its Jacobian part grows only like n, so this scaled figure is an upper estimate of that path.

Timings are recorded, never asserted; the report shows the ratios of the full-size (median) times.
"""

import numpy as np
import pytest
import torch
from torch.func import jacrev, vmap

from models import data, two_layer

pytestmark = pytest.mark.bench
N, D, M = 1000, 1000, 8000
PAIRS, N_SLICE = 40, 4


@pytest.fixture
def problem(device):
    g = torch.Generator(device=device).manual_seed(0)
    X = data.sphere(N, D, generator=g, device=device)
    W = torch.randn(M, D, generator=g, dtype=torch.float64, device=device)
    return X, W


def record(benchmark, scale: float, ours: bool = False):
    benchmark.extra_info.update(
        group_key="gram_n1000_d1000_m8000",
        ours=ours,
        scale=scale,
        full_size_seconds=benchmark.stats.stats.median * scale,
    )


def test_gram_ours(benchmark, problem):
    X, W = problem

    def gram_synchronised():
        H = two_layer.gram(X, W)
        if H.is_cuda:
            torch.cuda.synchronize()
        return H

    benchmark.pedantic(gram_synchronised, rounds=3, iterations=1)
    record(benchmark, 1.0, ours=True)


def gram_by_python_double_loop(X: np.ndarray, W: np.ndarray, pairs):
    """What Zhang's slides on the paper (2023) writes: for each pair, the patterns of both inputs and their overlap."""
    m = W.shape[0]
    out = []
    for i, j in pairs:
        both = np.sum((W @ X[i] >= 0) & (W @ X[j] >= 0))
        out.append(X[i] @ X[j] * both / m)
    return out


def test_gram_python_double_loop(benchmark, problem):
    X, W = (t.cpu().numpy() for t in problem)
    pairs = [(i, (7 * i + 3) % N) for i in range(PAIRS)]
    benchmark.pedantic(gram_by_python_double_loop, args=(X, W, pairs), rounds=3, iterations=1)
    record(benchmark, N * N / PAIRS)


def ntk_by_jacobian_contraction(X: torch.Tensor, W: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
    def f(w, x):
        return torch.relu(w @ x) @ a / w.shape[0] ** 0.5

    J = vmap(jacrev(f), in_dims=(None, 0))(W, X).flatten(1)  # (n, m·d)
    return J @ J.T


def test_gram_empirical_ntk_jacobian(benchmark, problem):
    X, W = problem
    a = torch.ones(M, dtype=torch.float64, device=W.device)
    benchmark.pedantic(ntk_by_jacobian_contraction, args=(X[:N_SLICE], W, a), rounds=3, iterations=1)
    record(benchmark, (N / N_SLICE) ** 2)


def test_ntk_equals_gram_on_a_slice(problem):
    """The Jacobian contraction with |a_r| = 1 is H(W) itself: the three timings compute the same matrix."""
    X, W = problem
    a = torch.ones(M, dtype=torch.float64, device=W.device)
    torch.testing.assert_close(ntk_by_jacobian_contraction(X[:N_SLICE], W, a), two_layer.gram(X[:N_SLICE], W))
