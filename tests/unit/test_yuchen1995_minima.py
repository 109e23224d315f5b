"""The classification of end points of the yuchen1995 search (claims/catalogue/yuchen1995/minima.py): a
saturated plateau is never a minimum, even where the Hessian test and the numerical Morse–Bott test alone
would pass it; a constructed split minimum is verified, a split with a negative share is a saddle, an
all-dead relu point is a flat (dead) minimum. yuchen1995.search_no_bad_min's outcome on synthetic classes
(only proven bad minima fail; morse_bott is undecided), its premises; yuchen1995.counterexample's witness
checks on synthetic inputs (distinct columns; the known null space, nothing more, within eig_tol of 0)."""

import pytest
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


@pytest.mark.parametrize("cu", [False, True])
def test_gradient_descent_from_near_the_witness_stays_near_and_never_goes_below_its_loss(cu):
    """An independent look at the basin, in both forms (Golikov's notes'; Yu & Chen's, whose statement is that a
    suboptimal equilibrium is Lyapunov-unstable): GD (step 0.05, 4000 steps) from 8 random points at distance
    ≈ 1e-2 of each of 4 witnesses ends near their loss t² = 0.25, never below it, and no iterate gets farther
    from the witness than twice its start (measured: at most 1.0×): a stable equilibrium, as Absil & Kurdyka
    2006 give for a local minimum of an analytic L."""
    params = {"m": 4 + cu, "d0": 1, "constant_unit": cu, "bias_row": False, "residual_scale": 0.5}
    w = trials.build_witness({**params, "split": "uniform"}, 4, torch.Generator().manual_seed(3), F64, "cpu")
    S = 8
    g = torch.Generator().manual_seed(9)
    t0 = w["theta"].repeat_interleave(S, 0)
    t = t0 + 1e-2 * torch.randn(t0.shape, generator=g, dtype=F64) / t0.shape[-1] ** 0.5
    start, farthest = (t - t0).norm(dim=-1), torch.zeros(t.shape[0], dtype=F64)
    X, Y = w["X"].repeat_interleave(S, 0), w["Y"].repeat_interleave(S, 0)
    for _ in range(4000):
        t = t - 0.05 * sn.flat_gradient(t, X, Y, w["wide"])
        farthest = torch.maximum(farthest, (t - t0).norm(dim=-1))
    final = sn.flat_loss_batched(t, X, Y, w["wide"])
    # never below t² (beyond rounding, 64·eps·(1 + L) ≈ 2e-14); back near it (the split directions have small
    # curvature, ∝ G₀, so GD closes the last 1e-7 slowly)
    assert (final >= 0.25 - 1e-12).all() and (final <= 0.25 + 1e-6).all()
    assert (farthest <= 2 * start).all()


def test_search_outcome_fails_only_at_proven_bad_minima():
    """yuchen1995.search_no_bad_min on synthetic classes: strict_min and dead fail; morse_bott (a Hessian with
    eigenvalues within eig_tol of 0, checked at a few points) and unconverged/undecided are undecided, never
    failures; global and the certified non-minima pass."""
    names = list(minima.CLASSES)
    code = torch.tensor([minima.CODE[c] for c in names])
    loss = torch.full((len(names),), 0.5, dtype=F64)
    loss[minima.CODE["global"]] = 1e-14
    out = trials.search_outcome(code, loss, torch.full_like(loss, 1e-12), F64)
    verdict = {
        c: "undecided" if u else ("passed" if p else "failed")
        for c, p, u in zip(names, out.passed.tolist(), out.undecided_mask().tolist(), strict=True)
    }
    assert verdict == {
        "global": "passed",
        "plateau": "passed",
        "not_critical": "passed",
        "unconverged": "undecided",
        "saddle": "passed",
        "strict_min": "failed",
        "dead": "failed",
        "morse_bott": "undecided",
        "descent": "passed",
        "undecided": "undecided",
    }
    assert out.margin[minima.CODE["global"]] == pytest.approx(0.99)
    assert out.margin[minima.CODE["strict_min"]] < -1e10  # L = 0.5 is far beyond zero_tol


def test_search_premises_name_the_width_and_the_activation():
    from claims import get
    from claims.spec import Instance

    claim = get("yuchen1995.search_no_bad_min")

    def unmet(**overrides):
        return trials.search_premises(Instance(claim.resolve(overrides), 0), "cpu", F64)

    assert unmet() == [] and unmet(m=5, constant_unit=True) == [] and unmet(hidden=4) == []
    assert unmet(hidden=1) == ["hidden = 1 σ units is not the theorem's width 4 (m = 4)"]
    assert unmet(activation="relu") == ["σ = relu, not the logistic sigmoid"]


def test_distinct_columns_premise():
    X = torch.tensor([[[0.3, -1.0, 2.0]], [[0.3, -1.0, 0.3]]], dtype=F64)  # (2, d0 = 1, m = 3)
    held, margin = trials.distinct_columns(X)
    assert held.tolist() == [True, False]
    assert margin[0] == pytest.approx(1.3 / 2.0) and margin[1] == 0


def _examination(eig: torch.Tensor) -> witness.Examination:
    one = torch.ones(1, dtype=F64)
    return witness.Examination(one, 0 * one, eig.amin()[None], eig.amax()[None], 1e-8 * one, one, one)


def test_known_morse_bott_certificate_accepts_only_the_proven_null_space():
    """The witness's flat eigenvalues are accepted only as the known null space (its dimension): one more
    eigenvalue within eig_tol of 0, or one in (eig_tol, 2·eig_tol] (undecided in sign after rounding), or a
    negative one, and the point is not certified (eig_tol = 1e-8 here)."""

    def certified(eig, nullity=2):
        eig = torch.tensor(eig, dtype=F64)
        ok, _ = minima.morse_bott_known(_examination(eig), torch.diag(eig)[None], nullity)
        return bool(ok)

    assert certified([1e-12, -3e-9, 0.5, 2.0])
    assert not certified([1e-12, -3e-9, 5e-9, 2.0])  # a third near-zero eigenvalue: not the known null space
    assert not certified([1e-12, -3e-9, 1.5e-8, 2.0])  # within 2·eig_tol: not proven positive
    assert not certified([1e-12, -3e-9, -0.1, 2.0])  # a descent direction
    assert not certified([1e-12, 0.5, 0.7, 2.0])  # fewer flat directions than the construction has


def test_core_bound_is_undecided_where_h_is_too_close_to_singular():
    """yuchen1995.core at scale_max = 1e6: large first-layer weights saturate the sigmoid and H's condition number
    κ runs from 3e8 to past float64 (inf). The trial's rounding allowance tol = 64·m·eps·κ decides only where it is
    at most 0.1; beyond it (κ ≳ 1.4e12, here every trial but one, two of them with tol below 1e5) the trial is
    undecided whatever the bound reads."""
    from claims import get
    from claims.spec import Instance

    claim = get("yuchen1995.core")
    out = claim.trial(Instance(claim.resolve({"scale_max": 1e6}), 0), torch.Generator().manual_seed(0), "cpu", F64, 8)
    tol = 64 * claim.defaults()["m"] * torch.finfo(F64).eps * out.details["kappa"]
    assert torch.equal(out.undecided_mask(), tol > 0.1)
    assert ((tol > 0.1) & (tol < 1e5)).sum() == 2 and (tol <= 0.1).sum() == 1
