"""One-hidden-layer networks with a sigmoid (or relu) hidden layer and a linear output (Golikov's lecture notes (MIPT
2019): Yu & Chen
1995; the literature that disputes it: Sprinkhuizen-Kuyper & Boers 1999, Fukumizu & Amari 2000, Ding, Li,
Sun 2019, arXiv:1911.01413).

    L(W₁, W₂) = ‖Y − W₂ H‖_F²,    H = σ(W₁X)            (the lecture notes' form, ``constant_unit=False``)
                                  H = [σ(W₁X); 1ᵀ]      (Yu & Chen's form: one constant "dummy" unit,
                                                          ``constant_unit=True``)

X ∈ R^{d₀×m} (columns are the m samples; a bias of the hidden units is a row of ones in X), W₁ ∈ R^{k×d₀},
W₂ ∈ R^{d₂×(k+c)} with c = 1 for the constant unit, Y ∈ R^{d₂×m}; σ the logistic sigmoid 1/(1 + e^{−z})
(or relu for the mutant). The theorem's width class is k = m (slide) or k + 1 = m (paper). With
R = Y − W₂H and Z = W₁X, V the first k columns of W₂ (the weights of the σ units):

    ∇_{W₂}L = −2 R Hᵀ,        ∇_{W₁}L = −2 ((VᵀR) ⊙ σ′(Z)) Xᵀ.

The core identity (derived, exact): ‖R H ᵀ‖_F ≥ σ_min(H)·‖R‖_F for square H, so
L = ‖R‖_F² ≤ ‖∇_{W₂}L‖_F² / (4 σ_min(H)²): where ∇_{W₂}L = 0 and H is nonsingular, L = 0.

Parameters are flattened as θ = [vec W₁ (row-major, k·d₀), vec W₂ (row-major, d₂·(k+c))]. Every function
is batched over a leading dimension B of independent trials (X and Y carry it too) and works on the device
and dtype of its inputs. The full Hessian is formed by autograd (:func:`hessian`), for the small sizes here.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.func import vmap

from models import autodiff, symeig
from models.checks import InvalidInputError, check_generator, check_positive, check_size

ACTIVATIONS = ("sigmoid", "relu")


@dataclass(frozen=True)
class Shape:
    """Sizes of one net: input d₀, hidden σ units k, outputs d₂, and whether a constant unit is appended."""

    d0: int
    k: int
    d2: int
    constant_unit: bool = False
    activation: str = "sigmoid"

    def __post_init__(self):
        for name in ("d0", "k", "d2"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidInputError(f"{name} must be an integer >= 1, got {value!r}")
        if self.activation not in ACTIVATIONS:
            raise InvalidInputError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {self.activation!r}")

    @property
    def rows(self) -> int:
        """Rows of H: k, plus one for the constant unit."""
        return self.k + int(self.constant_unit)

    @property
    def p(self) -> int:
        """Number of parameters k·d₀ + d₂·(k + c)."""
        return self.k * self.d0 + self.d2 * self.rows

    def split(self, theta: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """θ (..., p) → (W₁ (..., k, d₀), W₂ (..., d₂, k+c))."""
        n1 = self.k * self.d0
        lead = theta.shape[:-1]
        return theta[..., :n1].reshape(*lead, self.k, self.d0), theta[..., n1:].reshape(*lead, self.d2, self.rows)

    def join(self, W1: torch.Tensor, W2: torch.Tensor) -> torch.Tensor:
        """(W₁, W₂) → θ (..., p)."""
        return torch.cat([W1.flatten(-2), W2.flatten(-2)], -1)


def act(z: torch.Tensor, activation: str) -> torch.Tensor:
    """σ(z): the logistic sigmoid or relu."""
    return torch.sigmoid(z) if activation == "sigmoid" else torch.relu(z)


def act_prime(z: torch.Tensor, activation: str) -> torch.Tensor:
    """σ′(z) = σ(z)σ(−z) (accurate for large |z|, no cancellation) or 1{z > 0}."""
    if activation == "sigmoid":
        return torch.sigmoid(z) * torch.sigmoid(-z)
    return (z > 0).to(z.dtype)


def act_second(z: torch.Tensor, activation: str) -> torch.Tensor:
    """σ″(z) = σ′(z)(1 − 2σ(z)) = σ′(z)·tanh(−z/2) (sigmoid); 0 for relu away from its kink."""
    if activation == "sigmoid":
        return act_prime(z, activation) * torch.tanh(-z / 2)
    return torch.zeros_like(z)


def hidden(W1: torch.Tensor, X: torch.Tensor, shape: Shape) -> torch.Tensor:
    """H = σ(W₁X) (slide) or [σ(W₁X); 1ᵀ] (constant unit): (B, k+c, m)."""
    Hs = act(W1 @ X, shape.activation)
    if not shape.constant_unit:
        return Hs
    return torch.cat([Hs, torch.ones_like(Hs[..., :1, :])], -2)


def residual(W1: torch.Tensor, W2: torch.Tensor, X: torch.Tensor, Y: torch.Tensor, shape: Shape) -> torch.Tensor:
    """R = Y − W₂H, (B, d₂, m)."""
    return Y - W2 @ hidden(W1, X, shape)


def loss(W1: torch.Tensor, W2: torch.Tensor, X: torch.Tensor, Y: torch.Tensor, shape: Shape) -> torch.Tensor:
    """L = ‖Y − W₂H‖_F², (B,)."""
    return residual(W1, W2, X, Y, shape).square().sum((-2, -1))


def gradients(
    W1: torch.Tensor, W2: torch.Tensor, X: torch.Tensor, Y: torch.Tensor, shape: Shape
) -> tuple[torch.Tensor, torch.Tensor]:
    """Closed form (∇_{W₁}L, ∇_{W₂}L) = (−2((VᵀR) ⊙ σ′(W₁X))Xᵀ, −2RHᵀ), V = W₂[:, :k]."""
    Z = W1 @ X
    H = hidden(W1, X, shape)
    R = Y - W2 @ H
    V = W2[..., : shape.k]
    g1 = -2 * ((V.mT @ R) * act_prime(Z, shape.activation)) @ X.mT
    return g1, -2 * R @ H.mT


def hvp(W1, W2, U1, U2, X, Y, shape: Shape) -> tuple[torch.Tensor, torch.Tensor]:
    """Closed-form Hessian-vector product ∇²L·(U₁, U₂), as the directional derivative of :func:`gradients`:
    with S = σ′(Z), S₂ = σ″(Z), dH = [S ⊙ (U₁X); 0], dR = −U₂H − W₂dH, dV = U₂[:, :k],

        d∇_{W₂}L = −2(dR Hᵀ + R dHᵀ),
        d∇_{W₁}L = −2(((dVᵀR + VᵀdR) ⊙ S) + (VᵀR) ⊙ S₂ ⊙ (U₁X)) Xᵀ."""
    Z = W1 @ X
    S, S2 = act_prime(Z, shape.activation), act_second(Z, shape.activation)
    H = hidden(W1, X, shape)
    R = Y - W2 @ H
    UX = U1 @ X
    dHs = S * UX
    dH = torch.cat([dHs, torch.zeros_like(dHs[..., :1, :])], -2) if shape.constant_unit else dHs
    dR = -U2 @ H - W2 @ dH
    V, dV = W2[..., : shape.k], U2[..., : shape.k]
    h2 = -2 * (dR @ H.mT + R @ dH.mT)
    h1 = -2 * ((dV.mT @ R + V.mT @ dR) * S + (V.mT @ R) * S2 * UX) @ X.mT
    return h1, h2


def output_jacobian(W1: torch.Tensor, W2: torch.Tensor, X: torch.Tensor, shape: Shape) -> torch.Tensor:
    """J = ∂ vec(W₂H)/∂θ, (B, d₂·m, p) (vec row-major over (output, sample)):
    ∂(W₂H)_{oi}/∂W₁[j, a] = V_{oj} σ′(Z_{ji}) X_{ai};  ∂(W₂H)_{oi}/∂W₂[o′, j] = 1{o = o′} H_{ji}."""
    B = W1.shape[0]
    m = X.shape[-1]
    S = act_prime(W1 @ X, shape.activation)  # (B, k, m)
    V = W2[..., : shape.k]  # (B, d2, k)
    J1 = V[:, :, None, :, None] * (S[:, None, :, :, None] * X.mT[:, None, None, :, :]).transpose(2, 3)
    J1 = J1.reshape(B, shape.d2 * m, shape.k * shape.d0)  # (B, d2, m, k, d0) → rows (o, i), cols (j, a)
    H = hidden(W1, X, shape)  # (B, k+c, m)
    eye = torch.eye(shape.d2, dtype=W1.dtype, device=W1.device)
    J2 = eye[None, :, None, :, None] * H.mT[:, None, :, None, :]  # (B, d2, m, d2, k+c)
    return torch.cat([J1, J2.reshape(B, shape.d2 * m, shape.d2 * shape.rows)], -1)


def flat_loss(shape: Shape):
    """f(θ, X, Y) = L for one unbatched θ (p,), X (d₀, m), Y (d₂, m): a pure function for autograd and
    :mod:`claims.engine.witness`."""

    def f(theta, X, Y):
        W1, W2 = shape.split(theta)
        return loss(W1[None], W2[None], X[None], Y[None], shape)[0]

    return f


def hessian(theta: torch.Tensor, X: torch.Tensor, Y: torch.Tensor, shape: Shape) -> torch.Tensor:
    """∇²L by autograd, (B, p, p), batched with vmap (small p only: p² entries per trial)."""
    return vmap(autodiff.hessian(flat_loss(shape)))(theta, X, Y)


def hessian_closed_form(theta: torch.Tensor, X: torch.Tensor, Y: torch.Tensor, shape: Shape) -> torch.Tensor:
    """∇²L (B, p, p) from :func:`hvp` applied to the p unit vectors (no autograd; the search's Newton steps)."""
    B, p = theta.shape
    eye = torch.eye(p, dtype=theta.dtype, device=theta.device).expand(B, p, p).reshape(B * p, p)
    W1, W2 = shape.split(theta.repeat_interleave(p, 0))
    U1, U2 = shape.split(eye)
    Xr, Yr = X.repeat_interleave(p, 0), Y.repeat_interleave(p, 0)
    cols = shape.join(*hvp(W1, W2, U1, U2, Xr, Yr, shape)).reshape(B, p, p)
    return (cols + cols.mT) / 2


def flat_gradient(theta: torch.Tensor, X: torch.Tensor, Y: torch.Tensor, shape: Shape) -> torch.Tensor:
    """∇L as a flat (B, p) vector, from :func:`gradients`."""
    W1, W2 = shape.split(theta)
    return shape.join(*gradients(W1, W2, X, Y, shape))


def flat_loss_batched(theta: torch.Tensor, X: torch.Tensor, Y: torch.Tensor, shape: Shape) -> torch.Tensor:
    """L at a batch of flat θ (B, p), (B,)."""
    W1, W2 = shape.split(theta)
    return loss(W1, W2, X, Y, shape)


def levenberg_marquardt(
    theta: torch.Tensor,
    X: torch.Tensor,
    Y: torch.Tensor,
    shape: Shape,
    *,
    steps: int,
    mu: float = 1e-2,
    done_below: torch.Tensor | float | None = None,
) -> torch.Tensor:
    """Levenberg–Marquardt on L = ‖r‖², r = vec(Y − W₂H): δ = (JᵀJ + μI)⁻¹Jᵀr, J = :func:`output_jacobian`;
    a step is kept where it lowers L (then μ ← μ/3), else μ ← 4μ; per trial, batched. With ``done_below``
    (per trial or scalar) the loop ends early once every trial has L ≤ done_below or μ at its cap 1e12 (no
    step is accepted any more). Returns θ (B, p)."""
    steps, mu = check_size("steps", steps, 0), check_positive("mu", mu)
    B, p = theta.shape
    eye = torch.eye(p, dtype=theta.dtype, device=theta.device)
    lam = torch.full((B, 1, 1), mu, dtype=theta.dtype, device=theta.device)
    cur = flat_loss_batched(theta, X, Y, shape)
    for _ in range(steps):
        W1, W2 = shape.split(theta)
        J = output_jacobian(W1, W2, X, shape)
        r = residual(W1, W2, X, Y, shape).flatten(-2)
        A = J.mT @ J
        scale = torch.diagonal(A, dim1=-2, dim2=-1).mean(-1).clamp_min(1e-300)[:, None, None]
        # a system singular in the dtype (every unit dead: A = 0, and the floor 1e-300 is 0 in float32) has no
        # step: it is refused like a step that does not lower L, and μ grows to its cap
        delta, info = torch.linalg.solve_ex(A + lam * scale * eye, (J.mT @ r[..., None]))
        cand = theta + delta[..., 0]
        new = flat_loss_batched(cand, X, Y, shape)
        ok = (info == 0) & torch.isfinite(new) & (new < cur)
        theta = torch.where(ok[:, None], cand, theta)
        cur = torch.where(ok, new, cur)
        lam = torch.where(ok[:, None, None], lam / 3, lam * 4).clamp(1e-12, 1e12)
        if done_below is not None and bool(((cur <= done_below) | (lam[:, 0, 0] >= 1e12)).all()):
            break
    return theta


def newton_refine(theta: torch.Tensor, X: torch.Tensor, Y: torch.Tensor, shape: Shape, *, steps: int) -> torch.Tensor:
    """Newton steps on the positive part of ∇²L (:func:`hessian_closed_form`): δ = −Σ_{λᵢ > τ} (uᵢᵀg/λᵢ) uᵢ,
    τ = 8·p·eps·‖∇²L‖_F (eigenvalues at rounding level are left out: along a flat direction there is nothing to
    solve for). A step is kept where it lowers ‖∇L‖ without raising L beyond 64·eps·(1 + L). Converges
    quadratically to a nondegenerate or Morse–Bott critical point near θ. Returns θ (B, p)."""
    steps = check_size("steps", steps, 0)
    eps = torch.finfo(theta.dtype).eps
    for _ in range(steps):
        g = flat_gradient(theta, X, Y, shape)
        Hm = hessian_closed_form(theta, X, Y, shape)
        lam, U = symeig.eigh(Hm)
        tau = 8 * theta.shape[-1] * eps * torch.linalg.matrix_norm(Hm, "fro")[:, None]
        coef = torch.where(lam > tau, (U.mT @ g[..., None])[..., 0] / lam.clamp_min(1e-300), 0.0)
        cand = theta - (U @ coef[..., None])[..., 0]
        f0 = flat_loss_batched(theta, X, Y, shape)
        f1 = flat_loss_batched(cand, X, Y, shape)
        g1 = flat_gradient(cand, X, Y, shape)
        ok = torch.isfinite(f1) & (g1.norm(dim=-1) < g.norm(dim=-1)) & (f1 <= f0 + 64 * eps * (1 + f0.abs()))
        theta = torch.where(ok[:, None], cand, theta)
    return theta


# ---------------------------------------------------------------------------------------------------------
# Splitting a hidden unit (Fukumizu & Amari 2000): critical points of a narrow net give critical sets of a wide one


def inner_hessian(W1: torch.Tensor, W2: torch.Tensor, X: torch.Tensor, R: torch.Tensor, shape: Shape) -> torch.Tensor:
    """G_j = Σ_i (v_jᵀ r_i) σ″(w_j·x_i) x_i x_iᵀ for every σ unit j, (B, k, d₀, d₀); r_i the i-th column of
    the residual R = Y − W₂H, v_j the j-th column of W₂.

    Why it matters (derived here, the mechanism of Fukumizu & Amari 2000, Theorem 3): split unit j of a
    critical point into copies w_j + δ_c with output weights α_c v_j (Σα_c = 1). With D = Σα_cδ_c and
    ε_c = δ_c − D, the output changes by the narrow net's change at (w_j + D) plus ½σ″(z)Σ_c α_c v_j (ε_c·x)²
    to second order, so L changes by −Σ_c α_c ε_cᵀ G_j ε_c on top of the narrow net's change (the cross terms
    between output-weight changes and ε vanish because Σ_i σ′(z_i)(v_jᵀr_i) x_i = 0 at the critical point).
    With one output (d₂ = 1), a strict local minimum of the narrow net with G_j ≺ 0, split with every α_c > 0,
    is therefore a local minimum of the wide net whose Hessian is positive definite off the copies − 1 flat
    directions that redistribute the output weight among the identical copies (a Morse–Bott minimum). With
    d₂ > 1 the output-weight changes orthogonal to v_j couple to ε through Σ_i r_i σ′(z_i) x_iᵀ, which
    criticality does not make 0 (only its v_j-projection): the split is then a saddle unless that matrix
    vanishes."""
    Z = W1 @ X
    coef = (W2[..., : shape.k].mT @ R) * act_second(Z, shape.activation)  # (B, k, m)
    return torch.einsum("bji,bai,bci->bjac", coef, X, X)


def split_unit(
    W1: torch.Tensor, W2: torch.Tensor, shape: Shape, alphas: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, Shape]:
    """Replace σ unit 0 of (W₁, W₂) by c = len(alphas) copies with the same input weights and output weights
    α_c·v₀ (Σα_c = 1): the function, hence L, is unchanged, and a critical point stays critical
    (∂L/∂v_c = −2Σ_i r_i σ(w₀·x_i) and ∂L/∂w_c = α_c ∂L/∂w₀). Returns (W₁′, W₂′, the wide shape)."""
    c = alphas.shape[-1]
    wide = Shape(shape.d0, shape.k - 1 + c, shape.d2, shape.constant_unit, shape.activation)
    W1w = torch.cat([W1[..., :1, :].expand(*W1.shape[:-2], c, shape.d0), W1[..., 1:, :]], -2)
    V0 = W2[..., :, :1] * alphas.to(W2)[..., None, :]  # (B, d2, c)
    return W1w, torch.cat([V0, W2[..., :, 1:]], -1), wide


def residual_directions(W1: torch.Tensor, W2: torch.Tensor, X: torch.Tensor, shape: Shape) -> torch.Tensor:
    """An orthonormal basis (B, d₂·m, q) of the residuals r with Jᵀr = 0 (J = :func:`output_jacobian`), the
    residuals that leave (W₁, W₂) critical: data Y = W₂H + r make (W₁, W₂) a critical point of L with value
    ‖r‖². q = d₂·m − rank J (computed with J's rank at the tolerance 8·max(size)·eps·‖J‖₂; (B, ·, 0) if none)."""
    J = output_jacobian(W1, W2, X, shape)
    U, S, _ = torch.linalg.svd(J, full_matrices=True)
    tol = 8 * max(J.shape[-2:]) * torch.finfo(J.dtype).eps * S[..., :1]
    rank = int((tol < S).sum(-1).max())
    return U[..., rank:]


def plant_residual(
    W1: torch.Tensor, W2: torch.Tensor, X: torch.Tensor, shape: Shape, *, candidates: int, generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """A unit residual direction r (B, d₂, m) with Jᵀr = 0 chosen among ``candidates`` random unit vectors of
    :func:`residual_directions` to make λ_max(G₀(r)) (the inner Hessian of unit 0) most negative; returns
    (r, λ_max(G₀(r)) (B,)). A positive λ_max means no candidate made G₀ negative definite."""
    candidates = check_size("candidates", candidates)
    check_generator("generator", generator)
    N = residual_directions(W1, W2, X, shape)  # (B, d2·m, q)
    B, _, q = N.shape
    if q == 0:
        return torch.zeros(B, shape.d2, X.shape[-1], dtype=X.dtype, device=X.device), torch.full_like(X[:, 0, 0], 1.0)
    c = torch.randn(B, candidates, q, generator=generator, dtype=X.dtype, device=X.device)
    r = (N[:, None] @ c[..., None])[..., 0]  # (B, C, d2·m)
    r = (r / r.norm(dim=-1, keepdim=True)).reshape(B * candidates, shape.d2, X.shape[-1])
    W1r, W2r, Xr = (t.repeat_interleave(candidates, 0) for t in (W1, W2, X))
    G = inner_hessian(W1r, W2r, Xr, r, shape)[:, 0]
    top = symeig.eigvalsh(G)[..., -1].reshape(B, candidates)
    best = top.argmin(-1)
    r = r.reshape(B, candidates, shape.d2, -1)[torch.arange(B, device=X.device), best]
    return r, top.gather(-1, best[:, None])[:, 0]


# ---------------------------------------------------------------------------------------------------------
# The derived core of Yu & Chen's argument, and the relu mutant's dead region


def core_bound_ratio(W1: torch.Tensor, W2: torch.Tensor, X: torch.Tensor, Y: torch.Tensor, shape: Shape):
    """(ratio, σ_min(H), σ_max(H)) with ratio = L·4σ_min(H)² / ‖∇_{W₂}L‖_F² = ‖R‖²σ_min²/‖RHᵀ‖² (B,).

    Derived core (exact for square H = σ(W₁X) (k = m) or [σ(W₁X); 1ᵀ] (k + 1 = m)): ‖RHᵀ‖_F ≥ σ_min(H)‖R‖_F,
    so ratio ≤ 1; where ∇_{W₂}L = −2RHᵀ = 0 and σ_min(H) > 0, L = 0. For a wide H ((k+c) < m rows) σ_min is
    the smallest of its k+c singular values and the inequality fails for R orthogonal to H's row space."""
    H = hidden(W1, X, shape)
    R = Y - W2 @ H
    s = torch.linalg.svdvals(H)
    num = R.square().sum((-2, -1)) * s[..., -1] ** 2
    den = (R @ H.mT).square().sum((-2, -1))
    return num / den, s[..., -1], s[..., 0]


def dead_margin(W1: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    """−max_{j,i} (W₁X)_{ji} (B,): positive iff every relu unit is dead on every sample. Within a ball of
    radius margin/‖X‖₂ around W₁ (any change of W₂) every unit stays dead, so L is constant in W₁ and in the
    σ units' output weights there: the loss is locally that of the constant unit alone (or ‖Y‖² without one)."""
    return -(W1 @ X).amax((-2, -1))
