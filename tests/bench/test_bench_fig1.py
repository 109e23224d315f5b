"""The experiment of Figure 1 at a reduced size (n = d = 200, m ∈ {250, …, 4000}, 100 GD steps, changed
patterns every 10 steps): ours against Zhang's slides' way (``tox -e bench``).

* ours: ``models.dynamics.gd_over_widths`` (closed-form gradients, pattern changes as one comparison of two
  pattern matrices);
* Zhang's slides' way: an ``nn.Module`` trained by autograd and ``torch.optim.SGD`` on the same loss, with the
  changed-pattern fraction counted by a Python double loop over (i, r). The loop is timed on ROWS of the n
  inputs and scaled by n/ROWS; training is timed in full. The sum is recorded as the full-size time.

The full-size run (n = d = 1000, m up to 8000) scales both by about (n·d)·Σm: the report's figure section
states its wall time.
"""

import time

import numpy as np
import pytest
import torch
from torch import nn

from models import data, dynamics, two_layer

pytestmark = pytest.mark.bench
N = D = 200
WIDTHS = (250, 500, 1000, 2000, 4000)
STEPS, EVERY, ROWS = 100, 10, 4


def _problem(device):
    g = torch.Generator(device=device).manual_seed(0)
    return data.sphere(N, D, generator=g, device=device), data.gaussian_labels(N, generator=g, device=device), g


def test_fig1_ours(benchmark, device):
    X, y, g = _problem(device)

    def run():
        out = dynamics.gd_over_widths(X, y, WIDTHS, generator=g, steps=STEPS, eta_scale=1.0, every=EVERY)
        if X.is_cuda:
            torch.cuda.synchronize()
        return out

    benchmark.pedantic(run, rounds=2, iterations=1)
    benchmark.extra_info.update(
        group_key="fig1_n200", ours=True, scale=1, full_size_seconds=benchmark.stats.stats.median
    )


class Net(nn.Module):
    """Seed 001's network, with the paper's parameterisation: f = m^{-1/2} Σ_r a_r relu(w_rᵀx), a fixed."""

    def __init__(self, m, a, W):
        super().__init__()
        self.fc1 = nn.Linear(D, m, bias=False, dtype=torch.float64)
        self.fc1.weight.data.copy_(W)
        self.register_buffer("a", a)

    def forward(self, x):
        return torch.relu(self.fc1(x)) @ self.a / self.a.shape[0] ** 0.5


def calc_sign_diff(w0, w, X, rows):
    """Seed 001's count, on the first ``rows`` inputs: a Python double loop over (i, r)."""
    count = 0
    for i in range(rows):
        for r in range(w.shape[0]):
            if np.sign(w0[r].dot(X[i])) != np.sign(w[r].dot(X[i])):
                count += 1
    return count / (w.shape[0] * rows)


def seed001_way(X, y, g, eta):
    train = loop = 0.0
    for m in WIDTHS:
        W0 = torch.randn(m, D, generator=g, dtype=torch.float64)
        a = torch.randint(0, 2, (m,), generator=g).double() * 2 - 1
        net = Net(m, a, W0)
        opt = torch.optim.SGD(net.parameters(), lr=eta)
        w0 = W0.numpy().copy()
        for epoch in range(STEPS):
            start = time.perf_counter()
            loss = 0.5 * ((net(X) - y) ** 2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            train += time.perf_counter() - start
            if epoch % EVERY == 0:
                start = time.perf_counter()
                calc_sign_diff(w0, net.fc1.weight.detach().numpy(), X.numpy(), ROWS)
                loop += time.perf_counter() - start
    return train, loop


def test_fig1_seed001_way(benchmark):
    X, y, g = _problem("cpu")
    eta = 1 / float(torch.linalg.eigvalsh(two_layer.h_infinity(X))[-1])
    parts = []
    benchmark.pedantic(lambda: parts.append(seed001_way(X, y, g, eta)), rounds=1, iterations=1)
    train, loop = parts[-1]
    benchmark.extra_info.update(
        group_key="fig1_n200",
        ours=False,
        scale=N / ROWS,
        full_size_seconds=train + loop * N / ROWS,
        train_s=train,
        pattern_loop_s=loop,
    )
