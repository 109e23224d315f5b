"""The gradient flow of Theorem 3.2 at a width-table size (fixed d = 10, n = 160, m = 300, 4 trials a batch): ours
against the plain way (``tox -e bench``).

* ours: ``models.dynamics.rk4_flow``, RK4 at a fixed step with the closed-form gradients of models.dynamics
  (one product W Xᵀ reused by the forward and the backward pass);
* the plain way: the same RK4 steps with ∂L/∂W from autograd (``torch.autograd.grad`` of L = ½‖u − y‖² summed
  over the batch, whose trials are independent).

Both integrate 800 RK4 steps (3,200 field evaluations), the work of a few of the width table's trials at n = 160.
At these sizes a field evaluation costs about as much in per-operation overhead as in arithmetic. Timings are
recorded, never asserted; the two trajectories are compared, untimed, to make sure the same flow is integrated.
"""

import math

import pytest
import torch

from models import data, dynamics, two_layer

pytestmark = pytest.mark.bench
N, D, M, BATCH = 160, 10, 300, 4
T, GRID, SUBSTEPS = 1.0, 8, 100
GROUP = f"flow_n{N}_d{D}_m{M}"


@pytest.fixture
def problem(device):
    g = torch.Generator(device=device).manual_seed(0)
    X = data.sphere(N, D, generator=g, device=device)
    W0, a0 = two_layer.init(M, D, generator=g, batch=(BATCH,), dtype=X.dtype, device=X.device)
    y = 2 * torch.rand(BATCH, N, generator=g, dtype=X.dtype, device=X.device) - 1
    return X, y, W0, a0


def _synchronised(run):
    def timed():
        out = run()
        if out.is_cuda:
            torch.cuda.synchronize()
        return out

    return timed


def _autograd_rk4(X, y, W0, a0):
    """W(T) by RK4 at h = T/(GRID·SUBSTEPS), ∂L/∂W by autograd: the plain way."""
    h = T / (GRID * SUBSTEPS)

    def field(W):
        W = W.detach().requires_grad_(True)
        u = torch.relu(W @ X.transpose(-1, -2)).transpose(-1, -2) @ a0.unsqueeze(-1) / math.sqrt(M)
        loss = 0.5 * ((u.squeeze(-1) - y) ** 2).sum()
        return -torch.autograd.grad(loss, W)[0]

    W = W0
    for _ in range(GRID * SUBSTEPS):  # over time steps only
        k1 = field(W)
        k2 = field(W + h / 2 * k1)
        k3 = field(W + h / 2 * k2)
        k4 = field(W + h * k3)
        W = W + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return W


def _ours(X, y, W0, a0):
    return dynamics.rk4_flow(X, y, W0, a0, T=T, grid=GRID, substeps=SUBSTEPS).W


def _record(benchmark, ours: bool):
    benchmark.extra_info.update(
        group_key=GROUP,
        ours=ours,
        scale=1,
        full_size_seconds=benchmark.stats.stats.median,
        field_evaluations=4 * GRID * SUBSTEPS,
    )


def test_flow_ours(benchmark, problem):
    benchmark.pedantic(_synchronised(lambda: _ours(*problem)), rounds=3, iterations=1)
    _record(benchmark, ours=True)


def test_flow_autograd(benchmark, problem):
    benchmark.pedantic(_synchronised(lambda: _autograd_rk4(*problem)), rounds=3, iterations=1)
    _record(benchmark, ours=False)


def test_flow_ways_agree(problem):
    """The same flow (untimed): W(T) of the two ways agree to a few hundred rounding errors of W's scale
    (800 steps of sums over n = 160 terms, each way rounding in its own order)."""
    ours, plain = _ours(*problem), _autograd_rk4(*problem)
    tol = 1e3 * torch.finfo(ours.dtype).eps * float(ours.abs().max())
    assert float((ours - plain).abs().max()) <= tol
