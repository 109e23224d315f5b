"""The classification of end points of the yuchen1995 search (claims/catalogue/yuchen1995/minima.py): a
saturated plateau is never a minimum, even where the Hessian test and the numerical Morse–Bott test alone
would pass it; a constructed split minimum is verified, a split with a negative share is a saddle, an
all-dead relu point is a flat (dead) minimum."""

import torch

from claims.catalogue.yuchen1995 import minima, trials
from claims.engine import witness
from models import sigmoid_net as sn

F64 = torch.float64


def _classify(theta, X, Y, shape):
    zt = minima.zero_tolerance(Y, F64)
    g = torch.Generator().manual_seed(0)
    code = minima.classify(theta, X, Y, shape, zero_tol=zt, conv_tol=1e-6, probes=8, generator=g)
    return [minima.CLASSES[c] for c in code.tolist()]


def test_fully_saturated_point_is_a_plateau_not_a_minimum():
    shape = sn.Shape(2, 3, 1)
    X = torch.tensor([[[-1.0, 0.3, 0.8, 2.0], [1.0, 1.0, 1.0, 1.0]]], dtype=F64)
    Y = torch.tensor([[[0.5, -0.2, 0.7, 0.1]]], dtype=F64)
    W1 = torch.tensor([[[0.5, -45.0], [-0.3, -44.0], [0.2, -46.0]]], dtype=F64)  # σ′ ≤ e^{−40} everywhere
    W2 = torch.tensor([[[1.0, -2.0, 0.5]]], dtype=F64)
    theta = shape.join(W1, W2)
    # the gradient is O(e^{−40}), far below rounding: to the first-order test the point is critical
    e = witness.examine(sn.flat_loss(shape), theta, (X, Y))
    assert e.critical.all() and (e.loss > 0.5).all()
    assert _classify(theta, X, Y, shape) == ["plateau"]


def test_partially_saturated_valley_is_a_plateau():
    """One unit saturated on three of four samples and fitting the fourth exactly: a valley of exact fits of
    that sample whose loss varies only through e^{−|z|} terms of the saturated ones."""
    shape = sn.Shape(2, 1, 1)
    X = torch.tensor(
        [[[-1.1287986397999445, -0.0937685813831321, 0.998343579451126, -0.0826216746514324], [1.0, 1.0, 1.0, 1.0]]],
        dtype=F64,
    )
    W1 = torch.tensor([[[32.04018405662056, -31.817870619758555]]], dtype=F64)
    z3 = float((W1 @ X)[0, 0, 2])
    Y = torch.tensor([[[0.5, -0.3, 0.7, 0.2]]], dtype=F64)
    W2 = torch.tensor([[[0.7 / torch.sigmoid(torch.tensor(z3, dtype=F64)).item()]]], dtype=F64)
    theta = shape.join(W1, W2)
    assert _classify(theta, X, Y, shape) == ["plateau"]


def test_split_witness_is_verified_and_signed_split_is_a_saddle():
    params = {"m": 4, "d0": 1, "constant_unit": False, "bias_row": False, "residual_scale": 0.5}
    for split, expected in (("uniform", "morse_bott"), ("signed", "saddle")):
        w = trials.build_witness({**params, "split": split}, 4, torch.Generator().manual_seed(1), F64, "cpu")
        assert _classify(w["theta"], w["X"], w["Y"], w["wide"]) == [expected] * 4


def test_all_dead_relu_point_is_a_flat_minimum():
    shape = sn.Shape(2, 3, 1, activation="relu")
    X = torch.tensor([[[-1.0, 0.3, 0.8, 2.0], [1.0, 1.0, 1.0, 1.0]]], dtype=F64)
    Y = torch.tensor([[[0.5, -0.2, 0.7, 0.1]]], dtype=F64)
    W1 = torch.tensor([[[0.5, -6.0], [-0.3, -5.0], [0.2, -7.0]]], dtype=F64)
    theta = shape.join(W1, torch.tensor([[[1.0, -2.0, 0.5]]], dtype=F64))
    assert _classify(theta, X, Y, shape) == ["dead"]


def test_interpolating_end_point_is_global():
    g = torch.Generator().manual_seed(4)
    shape = sn.Shape(2, 4, 1)
    X = torch.randn(8, 2, 4, generator=g, dtype=F64)
    X[:, -1] = 1.0
    Y = torch.randn(8, 1, 4, generator=g, dtype=F64)
    zt = minima.zero_tolerance(Y, F64)
    theta = minima.search(
        torch.randn(8, shape.p, generator=g, dtype=F64), X, Y, shape, lm_steps=100, newton_steps=4, zero_tol=zt
    )
    assert _classify(theta, X, Y, shape).count("global") >= 6


def test_gradient_descent_from_near_the_witness_never_goes_below_its_loss():
    """An independent look at the basin: GD (step 0.05, 4000 steps) from 8 random points at distance ≈ 1e-2
    of each of 4 witnesses ends near their loss t² = 0.25, never below it."""
    params = {"m": 4, "d0": 1, "constant_unit": False, "bias_row": False, "residual_scale": 0.5, "split": "uniform"}
    w = trials.build_witness(params, 4, torch.Generator().manual_seed(3), F64, "cpu")
    S = 8
    g = torch.Generator().manual_seed(9)
    t = w["theta"].repeat_interleave(S, 0)
    t = t + 1e-2 * torch.randn(t.shape, generator=g, dtype=F64) / t.shape[-1] ** 0.5
    X, Y = w["X"].repeat_interleave(S, 0), w["Y"].repeat_interleave(S, 0)
    for _ in range(4000):
        t = t - 0.05 * sn.flat_gradient(t, X, Y, w["wide"])
    final = sn.flat_loss_batched(t, X, Y, w["wide"])
    # never below t² (beyond rounding, 64·eps·(1 + L) ≈ 2e-14); back near it (the split directions have small
    # curvature, ∝ G₀, so GD closes the last 1e-7 slowly)
    assert (final >= 0.25 - 1e-12).all() and (final <= 0.25 + 1e-6).all()
