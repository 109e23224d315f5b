"""The gradient flow of Theorem 3.2 at two sizes, ours against the plain way (``tox -e bench``): a width-table size
(fixed d = 10, n = 160, m = 300, 4 trials a batch) and the report's flow_accuracy size (n = 20, d = 10, m = 8, 6
trials a batch), where a field evaluation is a few dozen operations on arrays of a few hundred entries and the
time goes to each operation's overhead, not to arithmetic.

* ours: ``models.dynamics.rk4_flow``, RK4 at a fixed step with the closed-form gradients of models.dynamics
  (one product W Xᵀ reused by the forward and the backward pass);
* the plain way: the same RK4 steps with ∂L/∂W from autograd (``torch.autograd.grad`` of L = ½‖u − y‖² summed
  over the batch, whose trials are independent).

Both integrate 800 RK4 steps (3,200 field evaluations), the work of a few of the width table's trials at n = 160.
At that size a field evaluation costs about as much in per-operation overhead as in arithmetic; at the small one,
ours settles shapes and chunks once per run and takes the step without negating the field (the same bits:
tests/unit/test_dynamics.py). Timings are
recorded, never asserted; the two trajectories are compared, untimed, to make sure the same flow is integrated.
"""

import math

import pytest
import torch

from models import data, dynamics, two_layer

pytestmark = pytest.mark.bench
#: (n, d, m, batch) by name: the width table's size and the report's flow_accuracy size
SIZES = {"n160": (160, 10, 300, 4), "n20": (20, 10, 8, 6)}
T, GRID, SUBSTEPS = 1.0, 8, 100


@pytest.fixture(params=list(SIZES))
def problem(request, device):
    n, d, m, batch = SIZES[request.param]
    g = torch.Generator(device=device).manual_seed(0)
    X = data.sphere(n, d, generator=g, device=device)
    W0, a0 = two_layer.init(m, d, generator=g, batch=(batch,), dtype=X.dtype, device=X.device)
    y = 2 * torch.rand(batch, n, generator=g, dtype=X.dtype, device=X.device) - 1
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
        u = torch.relu(W @ X.transpose(-1, -2)).transpose(-1, -2) @ a0.unsqueeze(-1) / math.sqrt(W.shape[-2])
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


def _record(benchmark, problem, ours: bool):
    X, _, W0, _ = problem
    benchmark.extra_info.update(
        group_key=f"flow_n{X.shape[-2]}_d{X.shape[-1]}_m{W0.shape[-2]}",
        ours=ours,
        scale=1,
        full_size_seconds=benchmark.stats.stats.median,
        field_evaluations=4 * GRID * SUBSTEPS,
    )


def test_flow_ours(benchmark, problem):
    benchmark.pedantic(_synchronised(lambda: _ours(*problem)), rounds=3, iterations=1)
    _record(benchmark, problem, ours=True)


def test_flow_autograd(benchmark, problem):
    benchmark.pedantic(_synchronised(lambda: _autograd_rk4(*problem)), rounds=3, iterations=1)
    _record(benchmark, problem, ours=False)


def test_flow_ways_agree(problem):
    """The same flow (untimed): W(T) of the two ways agree to a few hundred rounding errors of W's scale
    (800 steps of sums over n ≤ 160 terms, each way rounding in its own order)."""
    ours, plain = _ours(*problem), _autograd_rk4(*problem)
    tol = 1e3 * torch.finfo(ours.dtype).eps * float(ours.abs().max())
    assert float((ours - plain).abs().max()) <= tol
