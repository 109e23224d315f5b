"""Unit tests of models.dynamics: closed-form gradients against autograd, one GD step, flow refinement."""

import math

import pytest
import torch

from models import data, dynamics, numerics, two_layer


def _setup(n=6, d=4, m=50, batch=(3,), seed=0):
    g = torch.Generator().manual_seed(seed)
    X = data.sphere(n, d, generator=g, batch=batch)
    y = data.gaussian_labels(n, generator=g, batch=batch)
    W, a = two_layer.init(m, d, generator=g, batch=batch)
    return X, y, W, a


def _autograd(X, y, W, a):
    W = W.clone().requires_grad_(True)
    a = a.clone().requires_grad_(True)
    L = two_layer.loss(two_layer.output(X, W, a), y).sum()
    gW, ga = torch.autograd.grad(L, (W, a))
    return gW, ga


def test_closed_form_gradients_match_autograd():
    X, y, W, a = _setup()
    gW, ga, u = dynamics.gradients(X, W, a, y, train_a=True)
    rW, ra = _autograd(X, y, W, a)
    # tolerance: a few hundred rounding errors of sums of n·m terms of size O(1)
    torch.testing.assert_close(gW, rW, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(ga, ra, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(u, two_layer.output(X, W, a), rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(gW, two_layer.grad_w(X, W, a, y), rtol=1e-12, atol=1e-12)


def test_chunked_gradients_equal_unchunked():
    X, y, W, a = _setup(m=37)
    full = dynamics.gradients(X, W, a, y, train_a=True)
    tiny = dynamics.gradients(X, W, a, y, train_a=True, memory_bytes=1)  # one row of m per chunk
    for f, t in zip(full, tiny, strict=True):
        torch.testing.assert_close(f, t, rtol=1e-12, atol=1e-12)


def test_chunked_gradients_keep_the_first_passes_patterns_bit_for_bit():
    """With chunks the second pass reuses the patterns of the first (one W Xᵀ a step, not two) where they fit
    the budget: ∂L/∂W and u equal, bit for bit, those of the path that forms W Xᵀ again (the one a's gradient
    takes), and autograd's to rounding."""
    X, y, W, a = _setup(m=37)
    budget = 3 * 37 * 6  # patterns of 3 × 37 × 6 bytes fit; chunks of 3·(n + d)·8·3 B a column: several
    assert len(dynamics._chunks(W, X, budget)) > 1
    kept = dynamics.gradients(X, W, a, y, memory_bytes=budget)
    formed_again = dynamics.gradients(X, W, a, y, train_a=True, memory_bytes=budget)
    assert torch.equal(kept[0], formed_again[0]) and torch.equal(kept[2], formed_again[2]) and kept[1] is None
    torch.testing.assert_close(kept[0], _autograd(X, y, W, a)[0], rtol=1e-12, atol=1e-12)


def test_one_gd_step_equals_autograd_step():
    X, y, W, a = _setup()
    eta = 0.1
    for train_a in (False, True):
        traj = dynamics.gradient_descent(X, y, W, a, eta=eta, steps=1, train_a=train_a)
        rW, ra = _autograd(X, y, W, a)
        torch.testing.assert_close(traj.W, W - eta * rW, rtol=1e-12, atol=1e-12)
        torch.testing.assert_close(traj.a, a - eta * ra if train_a else a, rtol=1e-12, atol=1e-12)
        u1 = two_layer.output(X, traj.W, traj.a)
        torch.testing.assert_close(traj.residual_sq[..., 1], ((u1 - y) ** 2).sum(-1))
        assert traj.residual_sq.shape == (3, 2)


@pytest.mark.parametrize("batched", ["a", "y", "a and y"])
def test_gd_broadcasts_an_unbatched_w0_against_batched_a_or_y(batched):
    """Leading dimensions broadcast (module docstring): W(0) of shape (m, d) with a batched a or y runs every
    trial from the same W(0), bit for bit the run with W(0) repeated along the batch."""
    X, y, W, a = _setup(batch=(3,))
    X, W0 = X[0], W[0]
    a0 = a if "a" in batched else a[0]
    y0 = y if "y" in batched else y[0]
    traj = dynamics.gradient_descent(X, y0, W0, a0, eta=0.5, steps=4, every=2)
    tiled = dynamics.gradient_descent(X, y0, W0.expand(3, *W0.shape).clone(), a0, eta=0.5, steps=4, every=2)
    assert traj.W.shape == (3, *W0.shape) and traj.residual_sq.shape == (3, 5) and traj.distance.shape == (3, 3)
    for got, want in zip(
        (traj.residual_sq, traj.pattern_change, traj.distance, traj.W),
        (tiled.residual_sq, tiled.pattern_change, tiled.distance, tiled.W),
        strict=True,
    ):
        assert torch.equal(got, want)


@pytest.mark.parametrize("memory_bytes", [dynamics.MEMORY_BYTES, 3 * 50 * 6, 1])
def test_pattern_records_match_direct_count(memory_bytes):
    """The pattern changes are counted from the patterns the gradient passes form anyway (no product of their
    own): at every recorded step they equal, bit for bit, pattern_change_fraction at that step's W, with one
    chunk, with kept patterns and with one row of m per chunk."""
    X, y, W, a = _setup()
    traj = dynamics.gradient_descent(X, y, W, a, eta=0.5, steps=7, every=3, memory_bytes=memory_bytes)
    for j, k in enumerate([0, 3, 6, 7]):
        Wk = dynamics.gradient_descent(X, y, W, a, eta=0.5, steps=k, memory_bytes=memory_bytes).W
        assert torch.equal(traj.pattern_change[..., j], dynamics.pattern_change_fraction(X, W, Wk))
    assert float(traj.pattern_change[..., -1].min()) > 0


def test_kernel_records_match_direct_gram():
    """gram_too records λ_min(H(W(k))) and ‖H(W(k)) − H(W(0))‖₂; the last entries equal a direct computation,
    the first drift is exactly 0."""
    X, y, W, a = _setup()
    traj = dynamics.gradient_descent(X, y, W, a, eta=0.5, steps=4, gram_too=True)
    H0, HK = two_layer.gram(X, W), two_layer.gram(X, traj.W)
    assert traj.kernel_drift.shape == traj.lambda_min.shape == (3, 5)
    assert float(traj.kernel_drift[..., 0].abs().max()) == 0.0
    torch.testing.assert_close(traj.kernel_drift[..., -1], torch.linalg.matrix_norm(HK - H0, ord=2))
    torch.testing.assert_close(traj.lambda_min[..., -1], torch.linalg.eigvalsh(HK)[..., 0])
    assert float(traj.kernel_drift[..., -1].min()) > 0  # four steps of size ½ flip some pattern


def test_pattern_change_and_distance():
    X, _, W, _ = _setup()
    assert float(dynamics.pattern_change_fraction(X, W, W).abs().max()) == 0.0
    flipped = dynamics.pattern_change_fraction(X, W, -W)  # every nonzero pre-activation flips sign
    torch.testing.assert_close(flipped, torch.ones(3, dtype=X.dtype))
    W2 = W.clone()
    W2[:, 7] += torch.tensor([3.0, 4.0, 0.0, 0.0], dtype=W.dtype)
    torch.testing.assert_close(dynamics.max_distance(W, W2), torch.full((3,), 5.0, dtype=W.dtype))


def test_flow_refinement_converges():
    """The change between successive halvings falls (RK4: ~16× on smooth stretches) below the tolerance,
    and the flow's loss is close to that of many tiny Euler (GD) steps."""
    X, y, W, a = _setup(m=200)
    T = 2.0
    traj = dynamics.flow(X, y, W, a, T=T, grid=8, max_refinements=6)
    changes = [c for _, c in traj.refinement[1:]]
    assert changes[-1] <= dynamics.flow_tolerance(X.dtype), traj.refinement
    assert len(changes) == 1 or changes[-1] < changes[0], traj.refinement
    euler = dynamics.gradient_descent(X, y, W, a, eta=T / 4000, steps=4000, every=500)
    # explicit Euler has relative error O(h·T·λ_max) ≈ 5e-4·n at h = 5e-4; 1e-2 leaves room
    torch.testing.assert_close(euler.residual_sq[..., ::500], traj.residual_sq, rtol=1e-2, atol=0)
    assert math.isclose(float(traj.times[-1]), T)
    assert bool((traj.residual_sq[..., -1] < traj.residual_sq[..., 0]).all())


#: (X's batch, W's batch, a's batch, memory_bytes): one chunk with every operand batched alike (the flow's own
#: gradient), a batch that only W has or that a widens (W Xᵀ's batch is not the gradient's), and several chunks
FROZEN_A_SHAPES = [
    pytest.param((3,), (3,), (3,), dynamics.MEMORY_BYTES, id="one-chunk"),
    pytest.param((), (3,), (), dynamics.MEMORY_BYTES, id="shared-X-and-a"),
    pytest.param((3,), (), (), dynamics.MEMORY_BYTES, id="batched-X-only"),
    pytest.param((), (), (3,), dynamics.MEMORY_BYTES, id="a-widens-the-batch"),
    pytest.param((3,), (3,), (3,), 4096, id="chunks"),
]


@pytest.mark.parametrize(("x_batch", "w_batch", "a_batch", "memory_bytes"), FROZEN_A_SHAPES)
def test_flow_with_a_frozen_is_the_rk4_of_w_alone_and_leaves_a0_as_it_was(x_batch, w_batch, a_batch, memory_bytes):
    """With a fixed (Theorem 3.2) RK4 integrates W only: W(T) equals, bit for bit, the plain RK4 of the closed-form
    field written out here (the flow's own gradient, its step without negations, or _gradients' other branches),
    and the returned a equals a(0) without being the caller's tensor."""
    g = torch.Generator().manual_seed(0)
    X = data.sphere(6, 4, generator=g, batch=x_batch)
    y = data.gaussian_labels(6, generator=g, batch=x_batch)
    W0 = two_layer.init(30, 4, generator=g, batch=w_batch)[0]
    a0 = two_layer.init(30, 4, generator=g, batch=a_batch)[1]
    a0_before = a0.clone()
    T, grid, substeps = 1.0, 2, 3
    traj = dynamics.rk4_flow(X, y, W0, a0, T=T, grid=grid, substeps=substeps, memory_bytes=memory_bytes)
    h, W = T / (grid * substeps), W0

    def field(V):
        return -dynamics.gradients(X, V, a0, y, memory_bytes=memory_bytes)[0]

    for _ in range(grid * substeps):
        k1 = field(W)
        k2 = field(W + h / 2 * k1)
        k3 = field(W + h / 2 * k2)
        k4 = field(W + h * k3)
        W = W + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    assert torch.equal(traj.W, W)
    assert torch.equal(traj.a, a0) and traj.a.data_ptr() != a0.data_ptr()
    traj.a.add_(1.0)  # the caller's a(0) is not written through the trajectory
    assert torch.equal(a0, a0_before)


def test_descend_is_the_plain_loop_and_refreshes_its_step():
    """On f(x) = ½ xᵀAx: descend equals the hand-written loop; a callable step is evaluated at k = 0 and
    every ``refresh`` steps only; a frozen tensor (gradient None) stays put."""
    g = torch.Generator().manual_seed(3)
    A = torch.diag(torch.tensor([1.0, 3.0], dtype=torch.float64))
    x0 = torch.randn(4, 2, generator=g, dtype=torch.float64)
    frozen = torch.randn(4, 2, generator=g, dtype=torch.float64)
    calls = []

    def step(state):
        calls.append(len(calls))
        return torch.full((4,), 0.1, dtype=torch.float64)

    x, f = dynamics.descend((x0, frozen), lambda s: ((s[0] @ A, None), None), steps=25, eta=step, refresh=10)
    expected = x0.clone()
    for _ in range(25):
        expected = expected - 0.1 * expected @ A
    torch.testing.assert_close(x, expected, rtol=1e-14, atol=0)
    assert torch.equal(f, frozen) and len(calls) == 3  # k = 0, 10, 20
    seen = []
    dynamics.descend((x0,), lambda s: ((s[0] @ A,), "aux"), steps=3, eta=0.1, observe=lambda k, s, aux: seen.append(k))
    assert seen == [1, 2, 3]


def test_gd_over_widths_is_gradient_descent_per_width():
    g = torch.Generator().manual_seed(4)
    X = data.sphere(6, 5, generator=g)
    y = data.gaussian_labels(6, generator=g)
    _, eta, runs = dynamics.gd_over_widths(
        X, y, [20, 40], generator=torch.Generator().manual_seed(5), steps=6, eta_scale=1.0, every=2
    )
    assert eta == pytest.approx(1 / float(torch.linalg.eigvalsh(two_layer.h_infinity(X))[-1]))
    init = torch.Generator().manual_seed(5)
    for m, run in zip([20, 40], runs, strict=True):
        W0, a0 = two_layer.init(m, 5, generator=init, batch=(1,))
        direct = dynamics.gradient_descent(X, y, W0, a0, eta=eta, steps=6, every=2)
        torch.testing.assert_close(run.residual_sq, direct.residual_sq, rtol=0, atol=0)
        assert run.pattern_change.shape == (1, 4)  # k = 0, 2, 4, 6


def test_flow_error_estimate_covers_a_much_finer_run():
    X, y, W, a = _setup(m=100)
    one = dynamics.flow(X, y, W, a, T=1.0, grid=4, max_refinements=1)
    assert one.error.shape == one.residual_sq.shape and bool(torch.isfinite(one.error).all())
    finer = dynamics.flow(X, y, W, a, T=1.0, grid=4, max_refinements=4, tol=0.0)
    # the estimate covers the error of the coarser run against a much finer one
    assert bool(((one.residual_sq - finer.residual_sq).abs() <= one.error + 1e-14).all())


def test_flow_error_estimate_covers_a_fine_run_across_kinks():
    """At a narrow width the ReLU's kinks make RK4 first order with an erratic error: twice one halving's
    change (the estimate before 2026-12) is below the error of some of these trials. The estimate of
    models.numerics.flow_error (two changes, and the tolerance as a floor) covers the distance to a run 16
    times finer, up to that run's own error (twice its change against the run 8 times finer)."""
    g = torch.Generator().manual_seed(1)
    n, d, m = 20, 10, 8
    X = data.sphere(n, d, generator=g)
    y = torch.rand(n, generator=g, dtype=torch.float64) * 2 - 1
    W, a = two_layer.init(m, d, generator=g, batch=(6,))
    T, grid = 2.0 / float(two_layer.lambda_min(two_layer.h_infinity(X))), 4
    traj = dynamics.flow(X, y, W, a, T=T, grid=grid, tol=1e-3, max_refinements=2)
    s = round(T / grid / traj.refinement[-1][0])

    def run(substeps):
        return dynamics.rk4_flow(X, y, W, a, T=T, grid=grid, substeps=substeps).residual_sq

    fine, finer = run(8 * s), run(16 * s)
    true = (traj.residual_sq - finer).abs() - 2 * (finer - fine).abs()
    assert bool((true <= traj.error).all()), (true / traj.error).amax(-1)
    one_change = 2 * (traj.residual_sq - run(s // 2)).abs()
    assert bool((true > one_change).any())  # the case tells the two estimates apart


def test_rk4_with_a_trained_is_fourth_order_where_no_pattern_changes():
    """With a trained too (the general RK4 step, du2018a.thm3.3's flow), over T = 0.05 at seed 0: trials 1 and 2
    cross no activation kink, and the change of u's residual between step counts s, 2s and 4s falls 16-fold per
    halving (RK4's h⁴; measured 16.4 to 16.8). Trial 0 crosses a kink and is first order there (ratio ≈ 2)."""
    X, y, W, a = _setup()

    def residual(substeps):
        return dynamics.rk4_flow(X, y, W, a, T=0.05, grid=1, substeps=substeps, train_a=True).residual_sq[..., -1]

    r1, r2, r4 = residual(2), residual(4), residual(8)
    ratio = (r1 - r2).abs() / (r2 - r4).abs()
    assert ((ratio[1:] > 12) & (ratio[1:] < 20)).all(), ratio


def test_flow_error_keeps_the_change_of_the_earlier_halving():
    """models.dynamics.flow with tol = 0 (never accepted early) and two halvings: its error is exactly
    max(2·|r(4s) − r(2s)|, 2·|r(2s) − r(s)|) of the runs at the step counts it took (rk4_flow, the same bits)."""
    X, y, W, a = _setup(m=8)
    traj = dynamics.flow(X, y, W, a, T=1.0, grid=2, tol=0.0, max_refinements=2)
    s = round(1.0 / 2 / traj.refinement[0][0])
    r = [dynamics.rk4_flow(X, y, W, a, T=1.0, grid=2, substeps=k * s).residual_sq for k in (1, 2, 4)]
    assert torch.equal(traj.residual_sq, r[2])
    expect = torch.maximum(2 * (r[2] - r[1]).abs(), 2 * (r[1] - r[0]).abs())
    assert torch.equal(traj.error, expect) and (2 * (r[1] - r[0]).abs() > 2 * (r[2] - r[1]).abs()).any()


def test_flow_error_is_the_largest_of_two_changes_and_the_floor():
    """models.numerics.flow_error = max(2·change, 2·before, floor): an earlier halving's larger change is kept (one
    change alone can be far below the error across a kink). The flow tests above still passed with ``before``
    ignored."""
    change = torch.tensor([1.0, 3.0, 0.125], dtype=torch.float64)
    before = torch.tensor([2.0, 1.0, 0.125], dtype=torch.float64)
    assert numerics.flow_error(change).tolist() == [2.0, 6.0, 0.25]
    assert numerics.flow_error(change, before).tolist() == [4.0, 6.0, 0.25]
    assert numerics.flow_error(change, before, floor=1.0).tolist() == [4.0, 6.0, 1.0]


def test_compare_at_most_is_three_way():
    holds, violated = numerics.compare_at_most(torch.tensor([0.5, 1.05, 2.0]), 1.0, err=0.1)
    assert holds.tolist() == [True, False, False] and violated.tolist() == [False, False, True]
    holds, violated = numerics.compare_at_most(torch.tensor([1.0, 1.0 + 1e-12]), 1.0, tol=1e-12)
    assert holds.tolist() == [True, True] and not bool(violated.any())
