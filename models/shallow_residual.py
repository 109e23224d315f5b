"""Shallow residual ReLU network of Jagatap & Hegde, "Linearly convergent algorithms for learning shallow
residual networks" (ISIT 2019; Jagatap & Hegde's ISIT slides; long version arXiv:1806.07863).

    teacher   y = σ(X(W* + I)) v*,   W* ∈ R^{d×d} (k = d hidden units), v* ∈ {±1}^d fixed      (eq. 1)
    patterns  P_q = diag(1{X(w_q + e_q) > 0}),   B = [v₁P₁X … v_dP_dX] ∈ R^{n×d²}
              σ(X(W + I)) v = B · vec(W + I)     (the "linearisation"; B depends on W)          (Sec. III)
    loss      L(W) = (1/2n) ‖y − B vec(W + I)‖²,    ∇L = −(1/n) Bᵀ(y − B vec(W + I))           (eq. 2)
    GD        vec W⁺ = vec W + (η/n) Bᵀ(y − B vec(W + I)),  theory step η = 2/(σ²_min + σ²_max)  (eq. 3)
    AM        vec(W⁺ + I) = argmin_u ‖B u − y‖² for the frozen B                                 (eq. 4)
    Thm. 1    κ = σ²_max/σ²_min (singular values of B/√n), ρ₃ with Σ_q ‖E_q‖ ≤ ρ₃ ‖W − W*‖_F,
              E_q = v_q (P_q − P*_q) X (w*_q + e_q)/√n;   ρ_AM = κρ₃/σ_max,
              ρ_GD = (κ−1)/(κ+1) + 2κρ₃/(σ_max(κ+1)) = ((κ−1) + 2ρ_AM)/(κ+1)

vec stacks columns (vec(M)[q·d + j] = M[j, q]), so column block q of B multiplies w_q + e_q. ρ₃ follows the
paper (proof of Thm. 1: Σ_q ‖E_q‖ ≤ √k max_q ρ_{2,q} ‖W − W*‖_F = ρ₃ ‖W − W*‖_F, the sum of norms that the
GD and AM bounds use); the slides state Lemma 2 with Σ_q ‖E_q‖², which does not give those bounds:
the paper wins. The paper writes "ρ_GD = κρ₃/σ_max" under eq. (9); that is ρ_AM (eq. 9 is AM's bound).

Shapes: a leading batch dimension b of independent trials everywhere; X (b, n, d), W and W* (b, d, d) with
columns w_q, v (b, d), y and residuals (b, n). B is never formed on the hot path: Bᵀr = vec(Xᵀ(r ∘ P ∘ v)),
B vec(M) = ((XM) ∘ P) v, and BᵀB = Σ_i (p_i∘v)(p_i∘v)ᵀ ⊗ x_i x_iᵀ from the patterns and X (``lin_gram``).
"""

from __future__ import annotations

import functools
import math

import torch

from models import symeig
from models.checks import (
    InvalidInputError,
    check_generator,
    check_matrix,
    check_nonnegative,
    check_open_unit,
    check_positive,
    check_size,
    eig_tolerance,
)


def teacher(batch: int, d: int, gamma: float, *, generator, dtype=torch.float64, device="cpu"):
    """(W*, v*): W* (b, d, d) with every column of norm γ/√d (so ‖W*‖_F = γ and Assumption 3's balance holds
    with c = C = 1), directions uniform on the sphere; v* (b, d) uniform in {±1}."""
    batch, d, gamma = check_size("batch", batch), check_size("d", d), check_nonnegative("gamma", gamma)
    check_generator("generator", generator)
    check_size("batch", batch)
    check_size("d", d)
    check_positive("gamma", gamma)
    G = torch.randn(batch, d, d, generator=generator, dtype=dtype, device=device)
    W = G / torch.linalg.vector_norm(G, dim=-2, keepdim=True) * (gamma / math.sqrt(d))
    v = torch.randint(0, 2, (batch, d), generator=generator, device=device).to(dtype) * 2 - 1
    return W, v


def random_init(batch: int, d: int, *, generator, dtype=torch.float64, device="cpu") -> torch.Tensor:
    """The experiments' random initialisation vec(W⁰) ~ N(0, I)/d (Section IV): entries N(0, 1/d²)."""
    batch, d = check_size("batch", batch), check_size("d", d)
    check_generator("generator", generator)
    return torch.randn(batch, d, d, generator=generator, dtype=dtype, device=device) / d


def inputs(batch: int, n: int, d: int, *, scale: float, generator, dtype=torch.float64, device="cpu"):
    """X (b, n, d) with i.i.d. N(0, scale²) entries. Section II draws x_i ~ N(0, I) (scale 1), Section IV
    N(0, 1/√n), the slides N(0, 1/n): AM, ρ_AM, ρ_GD, κ and GD with the theory's step are invariant to it."""
    batch, n, d = check_size("batch", batch), check_size("n", n), check_size("d", d)
    scale = check_positive("scale", scale)
    check_generator("generator", generator)
    check_size("n", n)
    check_positive("scale", scale)
    return scale * torch.randn(batch, n, d, generator=generator, dtype=dtype, device=device)


def preactivations(X: torch.Tensor, W: torch.Tensor) -> torch.Tensor:
    """Z = X(W + I) (b, n, d): column q is X(w_q + e_q)."""
    return X @ (W + torch.eye(W.shape[-1], dtype=W.dtype, device=W.device))


def patterns(X: torch.Tensor, W: torch.Tensor) -> torch.Tensor:
    """P (b, n, d) with P[i, q] = 1{x_iᵀ(w_q + e_q) > 0}, in X's dtype."""
    return (preactivations(X, W) > 0).to(X.dtype)


def forward(X: torch.Tensor, W: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """σ(X(W + I)) v, (b, n); the teacher's labels are ``forward(X, W*, v*)``."""
    return (torch.relu(preactivations(X, W)) @ v.unsqueeze(-1)).squeeze(-1)


def vec(M: torch.Tensor) -> torch.Tensor:
    """Column-stacking vec of (b, d, d) matrices: (b, d²), vec(M)[q·d + j] = M[j, q]."""
    return M.transpose(-1, -2).reshape(*M.shape[:-2], -1)


def unvec(x: torch.Tensor, d: int) -> torch.Tensor:
    """Inverse of :func:`vec`: (b, d²) → (b, d, d)."""
    return x.reshape(*x.shape[:-1], d, d).transpose(-1, -2)


def lin_apply(X: torch.Tensor, P: torch.Tensor, v: torch.Tensor, M: torch.Tensor) -> torch.Tensor:
    """B vec(M) = Σ_q v_q P_q X m_q = ((XM) ∘ P) v, (b, n)."""
    return (((X @ M) * P) @ v.unsqueeze(-1)).squeeze(-1)


def lin_adjoint(X: torch.Tensor, P: torch.Tensor, v: torch.Tensor, r: torch.Tensor) -> torch.Tensor:
    """G (b, d, d) with vec(G) = Bᵀr: G[j, q] = v_q Σ_i P_iq X_ij r_i, i.e. G = Xᵀ(r ∘ P ∘ v)."""
    return X.transpose(-1, -2) @ (r.unsqueeze(-1) * P * v.unsqueeze(-2))


@functools.lru_cache(maxsize=16)
def _triangle(d: int, device: torch.device) -> tuple[torch.Tensor, ...]:
    """Upper-triangle pairs (a ≤ b) of range(d), and for every pair of vec positions ((q, j), (r, k)) the
    triangle indices of (q, r) and of (j, k): the gather maps of :func:`lin_gram`."""
    a, b = torch.triu_indices(d, d, device=device)
    where = torch.empty(d, d, dtype=torch.long, device=device)
    where[a, b] = torch.arange(a.numel(), device=device)
    where[b, a] = where[a, b]
    q = torch.arange(d, device=device).repeat_interleave(d)  # block index of vec position q·d + j
    j = torch.arange(d, device=device).repeat(d)  # index within the block
    return a, b, where[q[:, None], q[None, :]], where[j[:, None], j[None, :]]


def lin_gram(X: torch.Tensor, P: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """BᵀB (b, d², d²) from X and the patterns, never forming B.

    BᵀB = Σ_i (p_i∘v)(p_i∘v)ᵀ ⊗ x_i x_iᵀ, so entry ((q, j), (r, k)) is C[(q, r), (j, k)] with
    C = Σ_i [a_iq a_ir]_{(q,r)} [x_ij x_ik]_{(j,k)}ᵀ, a = P ∘ v. C is symmetric within each index pair, so
    only the triangles q ≤ r and j ≤ k are multiplied (a quarter of the n·d⁴ flops of BᵀB from an explicit B)
    and the rest is gathered.
    """
    qa, qb, first, second = _triangle(X.shape[-1], X.device)
    At = (P * v.unsqueeze(-2)).transpose(-1, -2).contiguous()  # (b, d, n): whole rows are gathered below
    Xt = X.transpose(-1, -2).contiguous()
    C = (At[..., qa, :] * At[..., qb, :]) @ (Xt[..., qa, :] * Xt[..., qb, :]).transpose(-1, -2)  # (b, T, T)
    return C[..., first, second]


def explicit_linearisation(X: torch.Tensor, P: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """B (b, n, d²) formed explicitly: B[i, q·d + j] = v_q P_iq X_ij. For tests and the baseline only."""
    A = P * v.unsqueeze(-2)
    return (A.unsqueeze(-1) * X.unsqueeze(-2)).flatten(-2)


def residual(X: torch.Tensor, y: torch.Tensor, W: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """r = y − σ(X(W + I)) v = y − B vec(W + I), (b, n)."""
    return y - forward(X, W, v)


def linearised_state(X, y, W, v) -> tuple[torch.Tensor, torch.Tensor]:
    """(P, r): the patterns of W and the residual y − B vec(W + I), from one product Z = X(W + I)."""
    Z = preactivations(X, W)
    P = (Z > 0).to(X.dtype)
    return P, y - ((Z * P) @ v.unsqueeze(-1)).squeeze(-1)


def loss(X: torch.Tensor, y: torch.Tensor, W: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """L(W) = (1/2n) ‖y − σ(X(W + I)) v‖², (b,)."""
    return residual(X, y, W, v).square().sum(-1) / (2 * X.shape[-2])


def gradient(X: torch.Tensor, y: torch.Tensor, W: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """∇L(W) = −(1/n) Bᵀ(y − B vec(W + I)) as a (b, d, d) matrix (closed form; autograd in the unit tests)."""
    P, r = linearised_state(X, y, W, v)
    return -lin_adjoint(X, P, v, r) / X.shape[-2]


def gd_update(X, P, v, W, r, eta: torch.Tensor) -> torch.Tensor:
    """W + (η/n) Bᵀr as a matrix, for patterns P and residual r of W and a per-trial step η (b,)."""
    return W + (eta / X.shape[-2]).reshape(-1, 1, 1) * lin_adjoint(X, P, v, r)


def gd_step(X, y, W, v, eta: torch.Tensor) -> torch.Tensor:
    """One GD step (eq. 3) with per-trial step η (b,): vec W⁺ = vec W + (η/n) Bᵀ(y − B vec(W + I))."""
    P, r = linearised_state(X, y, W, v)
    return gd_update(X, P, v, W, r, eta)


def solve_normal_equations(K: torch.Tensor, rhs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """u (b, m) with K u = rhs for symmetric positive semidefinite K (b, m, m), by Cholesky; and a (b,) bool
    mask of the trials whose factorisation failed (K singular within rounding). Those get pinv(K)·rhs
    (eigenvalues below m·eps·λ_max dropped), which for K = BᵀB, rhs = Bᵀy is the minimum-norm B⁺y."""
    L, info = torch.linalg.cholesky_ex(K)
    u = torch.cholesky_solve(rhs.unsqueeze(-1), L).squeeze(-1)
    singular = info != 0
    if singular.any():
        rcond = K.shape[-1] * torch.finfo(K.dtype).eps
        pinv = torch.linalg.pinv(K[singular], rtol=rcond, hermitian=True)
        u[singular] = (pinv @ rhs[singular].unsqueeze(-1)).squeeze(-1)
    return u, singular


def lin_row_gram(X: torch.Tensor, P: torch.Tensor) -> torch.Tensor:
    """BBᵀ (b, n, n) = (XXᵀ) ∘ (PPᵀ), since (BBᵀ)_ii' = Σ_q v_q² p_iq p_i'q x_iᵀx_i' and v_q² = 1."""
    return (X @ X.transpose(-1, -2)) * (P @ P.transpose(-1, -2))


def am_update(X, P, v, y, K: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """argmin_u ‖B u − y‖² − vec(I) as a matrix for the frozen patterns P (eq. 4), and the singular mask.

    n ≥ d²: the normal equations BᵀB u = Bᵀy (K = BᵀB may be passed in). n < d² (B has a null space, the
    linearisation is not identifiable): the minimum-norm solution u = Bᵀz, BBᵀz = y, which is what
    ``torch.linalg.lstsq`` with the gelsd driver returns; ``singular`` is then True by construction."""
    n, d = X.shape[-2:]
    eye = torch.eye(d, dtype=X.dtype, device=X.device)
    if n >= d * d:
        K = lin_gram(X, P, v) if K is None else K
        u, singular = solve_normal_equations(K, vec(lin_adjoint(X, P, v, y)))
        return unvec(u, d) - eye, singular
    z, _ = solve_normal_equations(lin_row_gram(X, P), y)
    return lin_adjoint(X, P, v, z) - eye, torch.ones(X.shape[0], dtype=torch.bool, device=X.device)


def am_step(X, y, W, v) -> tuple[torch.Tensor, torch.Tensor]:
    """One AM step (eq. 4): W⁺ = unvec(argmin_u ‖B u − y‖²) − I for the B of the current W; (W⁺, singular)."""
    return am_update(X, patterns(X, W), v, y)


def spectrum(K: torch.Tensor, n: int) -> dict[str, torch.Tensor]:
    """σ_min, σ_max of B/√n from K = BᵀB (b, d², d²): the square roots of the extreme eigenvalues of K/n.

    ``resolved`` is False where λ_min(K/n) is within the eigensolver's error bound 8·d²·eps·‖K/n‖_F
    (``models.checks.eig_tolerance``) of 0: σ_min is then 0 within rounding and κ is reported as +inf."""
    n = check_size("n", n)
    Kn = K / n
    lam = symeig.eigvalsh(Kn)
    tol = eig_tolerance(Kn)
    resolved = lam[..., 0] > tol
    s_min = torch.where(resolved, lam[..., 0].clamp(min=0).sqrt(), torch.zeros_like(tol))
    s_max = lam[..., -1].clamp(min=0).sqrt()
    kappa = torch.where(resolved, lam[..., -1] / lam[..., 0].clamp(min=tol.min()), torch.full_like(tol, math.inf))
    return {"s_min": s_min, "s_max": s_max, "kappa": kappa, "resolved": resolved}


def theory_step(s_min: torch.Tensor, s_max: torch.Tensor) -> torch.Tensor:
    """η = 2/(σ²_min + σ²_max) of B/√n (Section III-C), the step that minimises ρ_GD = ρ₄ + ησ_maxρ₃."""
    return 2 / (s_min.square() + s_max.square())


def flip_errors(X: torch.Tensor, W: torch.Tensor, W_star: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(‖E_q‖ (b, d), flips (b,)): E_q = v_q (P_q − P*_q) X(w*_q + e_q)/√n, so ‖E_q‖² = (1/n) Σ_i
    (x_iᵀ(w*_q + e_q))²·1{flip_iq}; flips counts the entries (i, q) whose pattern differs from the teacher's."""
    Zs = preactivations(X, W_star)
    flip = (preactivations(X, W) > 0) != (Zs > 0)
    return (Zs.square() * flip).sum(-2).div(X.shape[-2]).sqrt(), flip.sum((-2, -1)).to(X.dtype)


def nonlinearity_errors(X: torch.Tensor, W: torch.Tensor, W_star: torch.Tensor) -> torch.Tensor:
    """‖E_q‖ (b, d) of :func:`flip_errors`."""
    return flip_errors(X, W, W_star)[0]


def rho3(X: torch.Tensor, W: torch.Tensor, W_star: torch.Tensor) -> torch.Tensor:
    """Σ_q ‖E_q‖ / ‖W − W*‖_F measured at this iterate, (b,): a diagnostic of how loose Lemma 2's bound is,
    never a factor of Theorem 1's bound (with it, the per-step inequality is an identity of the update)."""
    dist = torch.linalg.matrix_norm(W - W_star)
    return nonlinearity_errors(X, W, W_star).sum(-1) / dist


def pattern_flips(X: torch.Tensor, W: torch.Tensor, W_star: torch.Tensor) -> torch.Tensor:
    """Number of entries (i, q) whose activation under W differs from the teacher's, (b,) in X's dtype."""
    return flip_errors(X, W, W_star)[1]


def _chernoff_grid(dtype, device) -> torch.Tensor:
    """λ/λ_max for the Chernoff bound of :func:`flip_error_bound`: every λ gives a valid bound, so the grid only
    decides how tight it is (points crowd at λ_max, where the optimum lies when few flips are expected)."""
    lin = torch.linspace(1e-3, 0.999, 999, dtype=dtype, device=device)
    return torch.cat([lin, 1 - torch.logspace(-4, -12, 50, dtype=dtype, device=device)])


def flip_error_bound(r: torch.Tensor, n: int, confidence: float) -> torch.Tensor:
    """Lemma 2 (derived constant): ρ₂ with ‖E_q‖ ≤ ρ₂ ‖w_q − w*_q‖ w.p. ≥ 1 − ``confidence`` over n fresh
    samples x_i ~ N(0, I), for every w_q with ‖w_q − w*_q‖ ≤ r·‖w*_q + e_q‖ (r: any shape, the ball's relative radius).

    Derivation (the paper states the lemma without constants): with a = w*_q + e_q, b = w_q + e_q, Δ = b − a
    and θ = ∠(a, b), project x_i on span(a, b): radius R_i (R² ~ χ²₂), angle uniform and independent. A flip
    puts x_i in one of two wedges of angle θ (probability p = θ/π), where |x_iᵀa| = ‖a‖R_i sin ψ_i with ψ_i
    uniform on [0, θ]. As ‖a‖ sin θ ≤ ‖Δ‖ and sin ψ ≤ ψ: (x_iᵀa)² ≤ c²·R_i²U_i²·‖Δ‖² with U_i uniform on
    [0, 1] and c = θ/sin θ ≤ arcsin(r)/r, θ ≤ arcsin(r) (r < 1). So ρ₂² ≤ (c²/n) Σ_i B_i R_i² U_i², B_i ~
    Bernoulli(p), whose Chernoff quantile is min_λ [log(1/confidence) + n log(1 + p(M(λc²) − 1))]/(nλ) with
    M(s) = E e^{sR²U²} = artanh(√(2s))/√(2s). For r ≥ 1 (θ may pass π/2) it falls back to (x_iᵀa)² ≤
    R_i²‖Δ‖² on every sample: ρ₂² ≤ χ²_{2n} quantile/n by the same bound with p = 1, U = 1."""
    n, confidence = check_size("n", n), check_open_unit("confidence", confidence)
    r = torch.as_tensor(r)
    big = r >= 1
    theta = torch.asin(r.clamp(max=1.0))
    p = torch.where(big, torch.ones_like(r), theta / math.pi)
    c2 = torch.where(big | (r == 0), torch.ones_like(r), (theta / r.clamp(min=torch.finfo(r.dtype).tiny)).square())
    t = _chernoff_grid(r.dtype, r.device).reshape(-1, *([1] * r.dim()))
    lam = t / (2 * c2)
    z = (2 * lam * c2).sqrt()
    K = torch.where(big, -torch.log1p(-2 * lam), torch.log1p(p * (torch.atanh(z) / z - 1)))
    s = (math.log(1 / confidence) + n * K) / lam
    return (s.amin(0) / n).sqrt()


def rho3_bound(W0: torch.Tensor, W_star: torch.Tensor, n: int, confidence: float, scale: float = 1.0) -> torch.Tensor:
    """Theorem 1's ρ₃ from Lemma 2 at the instance (b,): Σ_q ‖E_q‖ ≤ Σ_q ρ₂,q ‖w_q − w*_q‖ ≤ ρ₃ ‖W − W*‖_F
    with ρ₃ = (Σ_q ρ₂,q²)^½ (Cauchy–Schwarz; ≤ the paper's √k·max_q ρ₂,q), ρ₂,q = :func:`flip_error_bound` at
    the ball every iterate of a contracting run stays in, ‖W − W*‖_F ≤ ‖W⁰ − W*‖_F, i.e. relative radius
    r_q = ‖W⁰ − W*‖_F/‖w*_q + e_q‖, each at ``confidence``, times the data ``scale`` (x_i ~ N(0, scale²·I):
    ‖E_q‖ scales with it). A function of the teacher, W⁰, n and the data's law only: no iterate and no
    sample enters it."""
    n, confidence = check_size("n", n), check_open_unit("confidence", confidence)
    scale = check_positive("scale", scale)
    eye = torch.eye(W_star.shape[-1], dtype=W_star.dtype, device=W_star.device)
    radius = torch.linalg.matrix_norm(W0 - W_star)
    r = radius.unsqueeze(-1) / torch.linalg.vector_norm(W_star + eye, dim=-2)
    return scale * flip_error_bound(r, n, confidence).square().sum(-1).sqrt()


def rates(spec: dict[str, torch.Tensor], rho_3: torch.Tensor, eta: torch.Tensor | None = None):
    """Theorem 1's contraction factors at measured κ, σ_min, σ_max (from :func:`spectrum`) and ρ₃.

    ρ_AM = κρ₃/σ_max (eq. 9). ρ_GD = max(|1 − ησ²_min|, |1 − ησ²_max|) + ησ_maxρ₃ (eq. 7, for any step η);
    at the theory's η this is (κ−1)/(κ+1) + 2κρ₃/(σ_max(κ+1)). With κ = +inf (σ_min = 0) both are +inf."""
    s_min, s_max, kappa = spec["s_min"], spec["s_max"], spec["kappa"]
    inf = torch.full_like(rho_3, math.inf)
    rho_am = torch.where(torch.isinf(kappa), inf, kappa * rho_3 / s_max)  # κ = ∞ even where ρ₃ = 0
    if eta is None:
        eta = theory_step(s_min, s_max)
    rho_4 = torch.maximum((1 - eta * s_min.square()).abs(), (1 - eta * s_max.square()).abs())
    rho_gd = torch.where(torch.isinf(kappa), inf, rho_4 + eta * s_max * rho_3)
    return {"rho_am": rho_am, "rho_gd": rho_gd, "rho_4": rho_4, "eta": eta}


def check_shapes(X: torch.Tensor, W: torch.Tensor, v: torch.Tensor) -> None:
    """Raise InvalidInputError unless X is (b, n, d), W (b, d, d) and v (b, d), all finite."""
    check_matrix("X", X, ndim=3)
    d = X.shape[-1]
    check_matrix("W", W, ndim=3, cols=d)
    if W.shape[-2] != d or v.shape[-1] != d:
        raise InvalidInputError(f"W must be (b, {d}, {d}) and v (b, {d}); got {tuple(W.shape)}, {tuple(v.shape)}")
