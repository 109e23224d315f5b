"""models.sigmoid_net: closed-form gradients, Jacobian and Hessian-vector products against autograd, the
autograd Hessian against finite differences of the closed-form gradient, the derived core identity of Yu &
Chen's argument, and the split-unit construction of a bad local minimum (Fukumizu & Amari 2000)."""

import pytest
import torch
from torch.func import jacrev, vmap

from models import sigmoid_net as sn
from models.checks import InvalidInputError

EPS = torch.finfo(torch.float64).eps
FORMS = [pytest.param(False, id="notes_form"), pytest.param(True, id="constant_unit")]


def _instance(shape, batch=3, m=4, seed=0, scale=1.0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(batch, shape.d0, m, generator=g, dtype=torch.float64)
    Y = torch.randn(batch, shape.d2, m, generator=g, dtype=torch.float64)
    theta = scale * torch.randn(batch, shape.p, generator=g, dtype=torch.float64)
    return theta, X, Y


@pytest.mark.parametrize("cu", FORMS)
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_gradients_match_autograd(cu, activation):
    shape = sn.Shape(3, 4, 2, cu, activation)
    theta, X, Y = _instance(shape)
    auto = vmap(torch.func.grad(sn.flat_loss(shape)))(theta, X, Y)
    closed = sn.flat_gradient(theta, X, Y, shape)
    # a sum of m·k products of O(1) terms: rounding ≤ a few hundred eps relative to the largest entry
    assert torch.allclose(closed, auto, rtol=0, atol=1e3 * EPS * (1 + auto.abs().max()))


@pytest.mark.parametrize("cu", FORMS)
def test_output_jacobian_matches_autograd(cu):
    shape = sn.Shape(2, 3, 2, cu)
    theta, X, _ = _instance(shape)

    def out(t, x):
        W1, W2 = shape.split(t)
        return (W2 @ sn.hidden(W1[None], x[None], shape)[0]).flatten()

    auto = vmap(jacrev(out))(theta, X)
    W1, W2 = shape.split(theta)
    assert torch.allclose(sn.output_jacobian(W1, W2, X, shape), auto, rtol=0, atol=1e3 * EPS)


@pytest.mark.parametrize("cu", FORMS)
def test_hvp_matches_autograd_hessian(cu):
    shape = sn.Shape(3, 4, 2, cu)
    theta, X, Y = _instance(shape, scale=1.5)
    u = torch.randn(theta.shape, generator=torch.Generator().manual_seed(7), dtype=torch.float64)
    Hm = sn.hessian(theta, X, Y, shape)
    W1, W2 = shape.split(theta)
    U1, U2 = shape.split(u)
    closed = shape.join(*sn.hvp(W1, W2, U1, U2, X, Y, shape))
    auto = (Hm @ u[..., None])[..., 0]
    assert torch.allclose(closed, auto, rtol=0, atol=1e3 * EPS * (1 + auto.abs().max()))


def test_autograd_hessian_matches_finite_differences_of_closed_form_gradient():
    shape = sn.Shape(2, 3, 1, True)
    theta, X, Y = _instance(shape, batch=2)
    Hm = sn.hessian(theta, X, Y, shape)
    h = 1e-5  # central differences: error O(h²·‖∇³L‖) ≈ 1e-10 plus rounding eps·‖∇L‖/h ≈ 1e-11
    eye = torch.eye(shape.p, dtype=torch.float64)
    plus = sn.flat_gradient(
        (theta[:, None] + h * eye).reshape(-1, shape.p),
        X.repeat_interleave(shape.p, 0),
        Y.repeat_interleave(shape.p, 0),
        shape,
    )
    minus = sn.flat_gradient(
        (theta[:, None] - h * eye).reshape(-1, shape.p),
        X.repeat_interleave(shape.p, 0),
        Y.repeat_interleave(shape.p, 0),
        shape,
    )
    fd = ((plus - minus) / (2 * h)).reshape(2, shape.p, shape.p)
    assert torch.allclose(fd, Hm, rtol=0, atol=1e-7 * (1 + Hm.abs().max()))


@pytest.mark.parametrize("cu", FORMS)
def test_core_identity_bound_and_least_squares_point(cu):
    m = 5
    shape = sn.Shape(2, m - int(cu), 2, cu)
    theta, X, Y = _instance(shape, batch=64, m=m, scale=2.0)
    W1, W2 = shape.split(theta)
    ratio, smin, smax = sn.core_bound_ratio(W1, W2, X, Y, shape)
    # ratio = ‖R‖²σ_min²/‖RHᵀ‖² ≤ 1 exactly; σ_min from an SVD carries relative error ≲ m·eps·κ(H)
    tol = 64 * m * EPS * smax / smin
    assert (ratio <= 1 + tol).all()
    # at the least-squares W₂ (∇_{W₂}L = 0) the residual vanishes: ‖R‖ ≤ c·m·eps·κ(H)·‖Y‖
    H = sn.hidden(W1, X, shape)
    W2s = torch.linalg.solve(H.mT, Y.mT).mT
    R = sn.residual(W1, W2s, X, Y, shape)
    assert (R.norm(dim=(-2, -1)) <= tol * Y.norm(dim=(-2, -1))).all()


def test_core_identity_is_tight_along_the_smallest_singular_vector():
    m = 4
    shape = sn.Shape(2, m, 1)
    theta, X, Y = _instance(shape, batch=8, m=m)
    W1, _ = shape.split(theta)
    H = sn.hidden(W1, X, shape)
    _, _, Vh = torch.linalg.svd(H)
    R = 0.3 * Vh[:, -1:, :]  # residual along the right singular vector of σ_min
    W2 = torch.linalg.solve(H.mT, (Y - R).mT).mT
    ratio, smin, smax = sn.core_bound_ratio(W1, W2, X, Y, shape)
    assert torch.allclose(ratio, torch.ones_like(ratio), rtol=0, atol=64 * m * EPS * float((smax / smin).max()))


def test_core_identity_fails_for_a_narrow_hidden_layer():
    m = 5
    shape = sn.Shape(2, 2, 1)  # 2 rows of H for 5 samples
    theta, X, Y = _instance(shape, batch=8, m=m)
    W1, _ = shape.split(theta)
    H = sn.hidden(W1, X, shape)
    W2 = torch.linalg.lstsq(H.mT, Y.mT).solution.mT  # ∇_{W₂}L = 0, but R ≠ 0
    ratio, _, _ = sn.core_bound_ratio(W1, W2, X, Y, shape)
    assert (ratio > 1e6).all()


@pytest.mark.parametrize("cu", FORMS)
def test_split_of_a_planted_critical_point_is_a_morse_bott_minimum(cu):
    """Narrow net (1 unit, d₀ = 1) with planted data Y = f(θ) + t·r, Jᵀr = 0, G₀(r) ≺ 0; split into the
    theorem's width: critical, Hessian null space of dimension copies − 1, the rest of the spectrum positive."""
    g = torch.Generator().manual_seed(3)
    m, B = 4, 6
    narrow = sn.Shape(1, 1, 1, cu)
    X = torch.randn(B, 1, m, generator=g, dtype=torch.float64)
    theta = torch.randn(B, narrow.p, generator=g, dtype=torch.float64)
    W1, W2 = narrow.split(theta)
    r, top = sn.plant_residual(W1, W2, X, narrow, candidates=16, generator=g)
    assert (top < 0).all()  # d₀ = 1: G₀ is a scalar, negative for one of ±r
    Y = W2 @ sn.hidden(W1, X, narrow) + 0.5 * r
    copies = m - int(cu)
    W1w, W2w, wide = sn.split_unit(W1, W2, narrow, torch.full((copies,), 1.0 / copies, dtype=torch.float64))
    thw = wide.join(W1w, W2w)
    assert torch.allclose(sn.flat_loss_batched(thw, X, Y, wide), torch.full((B,), 0.25, dtype=torch.float64))
    assert (sn.flat_gradient(thw, X, Y, wide).norm(dim=-1) < 1e3 * EPS).all()
    Hm = sn.hessian(thw, X, Y, wide)
    ev = torch.linalg.eigvalsh(Hm)
    tol = 8 * wide.p * EPS * torch.linalg.matrix_norm(Hm, "fro")[:, None]
    assert ((ev.abs() <= tol).sum(-1) == copies - 1).all()
    assert ((ev > 2 * tol).sum(-1) == wide.p - copies + 1).all()


def test_inner_hessian_predicts_the_second_order_change_of_a_split():
    g = torch.Generator().manual_seed(5)
    narrow = sn.Shape(1, 1, 1)
    X = torch.randn(1, 1, 4, generator=g, dtype=torch.float64)
    theta = torch.randn(1, narrow.p, generator=g, dtype=torch.float64)
    W1, W2 = narrow.split(theta)
    r, _ = sn.plant_residual(W1, W2, X, narrow, candidates=8, generator=g)
    Y = W2 @ sn.hidden(W1, X, narrow) + 0.5 * r
    G = sn.inner_hessian(W1, W2, X, Y - W2 @ sn.hidden(W1, X, narrow), narrow)[0, 0, 0, 0]
    alphas = torch.tensor([0.25, 0.75], dtype=torch.float64)
    W1w, W2w, wide = sn.split_unit(W1, W2, narrow, alphas)
    s = 1e-3
    eps_c = torch.tensor([0.75, -0.25], dtype=torch.float64) * s  # Σ α_c ε_c = 0
    moved = sn.loss(W1w + eps_c[None, :, None], W2w, X, Y, wide) - sn.loss(W1w, W2w, X, Y, wide)
    predicted = -(alphas * eps_c**2).sum() * G
    assert torch.allclose(moved, predicted[None], rtol=1e-2, atol=0)


def test_levenberg_marquardt_interpolates_at_the_theorem_width():
    g = torch.Generator().manual_seed(11)
    m = 4
    shape = sn.Shape(2, m, 1)
    X = torch.cat([torch.randn(16, 1, m, generator=g, dtype=torch.float64), torch.ones(16, 1, m)], 1)
    Y = torch.randn(16, 1, m, generator=g, dtype=torch.float64)
    theta = sn.levenberg_marquardt(torch.randn(16, shape.p, generator=g, dtype=torch.float64), X, Y, shape, steps=100)
    assert (sn.flat_loss_batched(theta, X, Y, shape) < 1e-20).float().mean() > 0.8


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_levenberg_marquardt_leaves_a_point_with_every_unit_dead_where_it_is(dtype):
    """Every ReLU unit dead: J = 0, so JᵀJ + μ·scale·I is 0 where the scale's floor 1e-300 underflows (float32).
    A float32 run of yuchen1995.search_no_bad_min's mutant relu_dead_start raised LinAlgError there; a step
    that cannot be solved is now refused like one that does not lower L."""
    shape = sn.Shape(2, 3, 1, False, "relu")
    X = torch.tensor([[[0.3, -1.0, 2.0], [1.0, 1.0, 1.0]]], dtype=dtype)
    W1 = torch.tensor([[[0.1, -3.0], [-0.2, -4.0], [0.0, -2.5]]], dtype=dtype)  # w·x < 0 on every sample
    theta = shape.join(W1, torch.ones(1, 1, 3, dtype=dtype))
    out = sn.levenberg_marquardt(theta, X, torch.ones(1, 1, 3, dtype=dtype), shape, steps=40, done_below=0.0)
    assert torch.equal(out, theta)


def test_dead_relu_point_has_constant_loss_in_its_dead_ball():
    shape = sn.Shape(2, 3, 1, False, "relu")
    X = torch.tensor([[[0.3, -1.0, 2.0], [1.0, 1.0, 1.0]]], dtype=torch.float64)
    W1 = torch.tensor([[[0.1, -3.0], [-0.2, -4.0], [0.0, -2.5]]], dtype=torch.float64)
    W2 = torch.randn(1, 1, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    Y = torch.ones(1, 1, 3, dtype=torch.float64)
    margin = sn.dead_margin(W1, X)
    assert margin.item() > 0
    radius = margin / torch.linalg.matrix_norm(X, 2)
    U = torch.randn(1, 3, 2, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    U = 0.99 * radius * U / U.norm()
    assert torch.equal(sn.loss(W1 + U, 5 * W2, X, Y, shape), Y.square().sum((-2, -1)))


def test_bad_shapes_raise():
    with pytest.raises(InvalidInputError, match="k"):
        sn.Shape(2, 0, 1)
    with pytest.raises(InvalidInputError, match="activation"):
        sn.Shape(2, 2, 1, activation="tanh")


@pytest.mark.parametrize("cu", FORMS)
def test_closed_form_hessian_matches_autograd(cu):
    shape = sn.Shape(2, 3, 2, cu)
    theta, X, Y = _instance(shape, batch=4, scale=2.0)
    auto = sn.hessian(theta, X, Y, shape)
    closed = sn.hessian_closed_form(theta, X, Y, shape)
    assert torch.allclose(closed, auto, rtol=0, atol=1e3 * EPS * (1 + auto.abs().max()))
