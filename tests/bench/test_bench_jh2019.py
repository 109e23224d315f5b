"""Section IV's Fig. 1(a) of Jagatap & Hegde (ISIT 2019) at the paper's size (d = 20, n ∈ {200, 700, 1200, 1700},
10 trials, AM and GD from identity and random starts): ours against the way a user would write it
(``tox -e bench``).

* ours: ``claims.catalogue.jh2019.experiments.reproduce_fig1``: all trials of one n in one batch, Bᵀr and BᵀB
  from X and the patterns (B never formed), AM by Cholesky on BᵀB, AM's runs ended at a verified cycle;
* the plain way: a Python loop over trials, an explicit B (NumPy) rebuilt every epoch, AM by
  ``numpy.linalg.lstsq``, GD by B-products, the same step rule, caps and threshold. It is timed on one trial
  per (n, method, init) and scaled by the 10 trials.

Also Theorem 1's trials (jh2019.am_faster at the standard d = 3, n = 54,000, 32 trials over 5 iterations): ours,
chunked so that a chunk's samples fit the cache (claims.catalogue.jh2019.trials.cpu_chunk_limit), against the
same 32 trials in one batch, as they ran before (up to 128 trials a batch).

Timings are recorded, never asserted; the report shows the ratio of the full-size times.
"""

import math

import numpy as np
import pytest
import torch

from claims import registry
from claims.catalogue.jh2019 import experiments as ex
from claims.catalogue.jh2019 import trials as jt
from claims.spec import Instance

pytestmark = pytest.mark.bench
D, TRIALS = 20, 10
SIZES = [math.ceil(f * D * D) for f in ex.PAPER_N_FACTORS]


def test_fig1_ours(benchmark):
    g = torch.Generator().manual_seed(0)
    out = benchmark.pedantic(
        ex.reproduce_fig1, args=(D, SIZES, TRIALS), kwargs={"generator": g}, rounds=1, iterations=1
    )
    benchmark.extra_info.update(
        group_key="jh2019_fig1_d20",
        ours=True,
        scale=1,
        full_size_seconds=benchmark.stats.stats.median,
        successes={k: v["success"] for k, v in out.items()},
    )


def _explicit_B(X, W, v):
    P = (X @ (W + np.eye(W.shape[0])) > 0).astype(float)
    return ((P * v)[:, :, None] * X[:, None, :]).reshape(X.shape[0], -1)  # B[i, q·d + j] = v_q P_iq X_ij


def _vec(M):
    return M.T.reshape(-1)


def one_trial_plain(X, y, W_star, v, W0, method):
    """One trial the plain way; returns True when ‖W − W*‖_F/‖W* + I‖_F < threshold within the cap."""
    d, n = W0.shape[0], X.shape[0]
    eye, W = np.eye(d), W0.copy()
    scale = np.linalg.norm(W_star + eye)
    if method == "gd":
        s = np.linalg.svd(_explicit_B(X, W, v) / math.sqrt(n), compute_uv=False)
        eta, last = ex.GD_STEP * 2 / (s[-1] ** 2 * (n >= d * d) + s[0] ** 2), math.inf
    for _ in range(ex.GD_EPOCHS if method == "gd" else ex.AM_EPOCHS):
        if np.linalg.norm(W - W_star) / scale < ex.THRESHOLD:
            return True
        B = _explicit_B(X, W, v)
        if method == "am":
            W = np.linalg.lstsq(B, y, rcond=None)[0].reshape(d, d).T - eye
        else:
            r = y - B @ _vec(W + eye)
            loss = r @ r / (2 * n)
            eta, last = (eta / 2 if loss > last else eta), loss
            W = W + (eta / n) * (B.T @ r).reshape(d, d).T
    return bool(np.linalg.norm(W - W_star) / scale < ex.THRESHOLD)


def fig1_plain(one_per_group: int = 1):
    g = torch.Generator().manual_seed(0)
    done = []
    for n in SIZES:
        for init in ("identity", "random"):
            for method in ("am", "gd"):
                for _ in range(one_per_group):  # the loop over trials
                    W_star, v, W0 = ex.teachers_and_inits(
                        1, D, ex.PAPER_GAMMA_REL * math.sqrt(D), g, "cpu", torch.float64
                    )
                    X = torch.randn(n, D, generator=g, dtype=torch.float64).numpy()
                    Ws, vv = W_star[0].numpy(), v[0].numpy()
                    y = np.maximum(X @ (Ws + np.eye(D)), 0) @ vv
                    start = W0[0 if init == "identity" else 1].numpy()
                    done.append(one_trial_plain(X, y, Ws, vv, start, method))
    return done


def test_fig1_plain_loop(benchmark):
    benchmark.pedantic(fig1_plain, rounds=1, iterations=1)
    benchmark.extra_info.update(
        group_key="jh2019_fig1_d20", ours=False, scale=TRIALS, full_size_seconds=benchmark.stats.stats.median * TRIALS
    )


AM_FASTER_TRIALS = 32


def _am_faster(chunked: bool):
    params = registry.get("jh2019.am_faster").resolve({"d": 3, "gamma_rel": 0.0005, "iterations": 5})
    instance = Instance(params, 0)
    trial = jt.am_faster_trial if chunked else jt.am_faster_trial.__wrapped__
    return trial(instance, instance.generator("trials", "cpu"), "cpu", torch.float64, AM_FASTER_TRIALS)


@pytest.mark.parametrize("chunked", [True, False], ids=["cache_chunks", "one_batch"])
def test_am_faster_trials(benchmark, chunked):
    out = benchmark.pedantic(_am_faster, args=(chunked,), rounds=1, iterations=1)
    benchmark.extra_info.update(group_key="jh2019_am_faster_d3", ours=chunked, passed=int(out.passed.sum()))
