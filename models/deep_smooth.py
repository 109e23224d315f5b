"""Deep fully-connected nets with smooth activations of Du, Lee, Li, Wang and Zhai (2018b, ICML 2019),
"Gradient Descent Finds Global Minima of Deep Neural Networks", arXiv:1811.03804 v4, Sections 3 and 5.

The net (eq. 2): x^(0) = x, x^(h) = √(c_σ/m) σ(W^(h) x^(h−1)) for h = 1..H, f(x, θ) = aᵀx^(H), with
c_σ = (E_{z~N(0,1)} σ(z)²)^{−1}; W^(1) is m×d, W^(h) m×m, a ∈ R^m, every entry N(0, 1), and gradient descent
trains every layer, a included (Section 3.3; the lecture notes' "initialisation as in Du et al. 2018a" is wrong:
the paper wins). L = ½ Σ_i (u_i − y_i)², u_i = f(θ, x_i).

Definition 5.1 (the kernel K^(H), n×n): K^(0) = XXᵀ and, for h = 1..H−1,
    K^(h)_ij = c_σ E_{(u,v)~N(0, A^(h)_ij)}[σ(u)σ(v)],   A^(h)_ij = the 2×2 block of K^(h−1) on {i, j},
    K^(H)_ij = c_σ K^(H−1)_ij E_{(u,v)~N(0, A^(H)_ij)}[σ′(u)σ′(v)].
The paper prints the last expectation under A^(H−1) (the block of K^(H−2)); that superscript is a typo: Lemma
E.1, Proposition F.1's proof and the finite-width Gram G^(H) of eq. 13 (whose limit K^(H) is) use the block of
K^(H−1), as here. For H = 1 the recursion is empty and K^(1) = c_σ K^(0) ⊙ E[σ′σ′] (Du et al. 2018a's H∞ up to
c_σ: with ReLU, c_σ = 2 and K^(1) = 2H∞).

For unit rows every K^(h), h < H, has unit diagonal (K^(h)_ii = c_σ E[σ(z)²] = 1), so each level is the dual
activation F(ρ) = c_σ E[σ(u)σ(v)] (unit variances, correlation ρ) applied entrywise, K^(h) = F(K^(h−1)), and
K^(H) = K^(H−1) ⊙ F′(K^(H−1)) (Price's theorem: F′(ρ) = c_σ E[σ′(u)σ′(v)]). :func:`ntk_gram` evaluates F by
Mehler's Hermite series, whose truncation error is known exactly by Parseval (:class:`DualSeries`), giving
the a priori bound :func:`ntk_gram_error` (< 1e-12). :func:`pair_expectation` computes the definition's
expectations literally, for any 2×2 block, by a tensor-product Gauss–Hermite rule in Cholesky coordinates
u = √a z₁, v = (c/√a) z₁ + √(b − c²/a) z₂; the unit tests check it against scipy.integrate.dblquad and the
series against it. 'relu' (outside Condition 3.2; for the H = 1 check K^(1) = 2H∞) uses the closed-form
arc-cosine kernels.

Shapes: X (..., n, d) with unit rows, leading dimensions a batch. The finite-width net, its Gram matrices
and gradient descent are in :mod:`models.deep_smooth_net`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import torch
from scipy.special import roots_hermitenorm

from models.checks import (
    InvalidInputError,
    check_finite,
    check_nonnegative,
    check_open_unit,
    check_positive,
    check_size,
    check_unit_rows,
)

#: activations by name; SMOOTH satisfy Conditions 3.1 and 3.2 (analytic, not polynomial, Lipschitz, smooth)
ACTIVATIONS = ("softplus", "tanh", "sigmoid", "quadratic", "relu")
SMOOTH = ("softplus", "tanh", "sigmoid")
#: Gauss–Hermite nodes per axis of :func:`pair_expectation` for an error below 1e-12 on blocks with unit
#: variances (measured against 256 nodes; larger variances need more): softplus and sigmoid are analytic in
#: |Im z| < π, tanh only in |Im z| < π/2 (slower geometric convergence); z² is exact from 3 nodes
NODES = {"softplus": 48, "sigmoid": 48, "tanh": 128, "quadratic": 8}
#: working-memory budget of one chunk of the pair quadrature, in bytes
MEMORY_BYTES = 64 * 2**20


def _softplus(z):
    return z.clamp_min(0) + torch.log1p(torch.exp(-z.abs()))  # exact for all z (torch's threshold=20 is not)


def _dtanh(z):
    return 1 - torch.tanh(z) ** 2


def _dsigmoid(z):
    s = torch.sigmoid(z)
    return s * (1 - s)


_FUNCTIONS = {
    "softplus": (_softplus, torch.sigmoid),
    "tanh": (torch.tanh, _dtanh),
    "sigmoid": (torch.sigmoid, _dsigmoid),
    "quadratic": (torch.square, lambda z: 2 * z),
    "relu": (torch.relu, lambda z: (z > 0).to(z.dtype)),
}


_SECOND = {
    "softplus": _dsigmoid,
    "tanh": lambda z: -2 * torch.tanh(z) * _dtanh(z),
    "sigmoid": lambda z: _dsigmoid(z) * (1 - 2 * torch.sigmoid(z)),
    "quadratic": lambda z: torch.full_like(z, 2.0),
}


@dataclass(frozen=True)
class Activation:
    """σ, σ′ and c_σ = 1/E[σ(z)²] of one activation."""

    name: str
    sigma: object
    derivative: object
    c_sigma: float


def check_activation(name: object) -> str:
    if name not in ACTIVATIONS:
        raise InvalidInputError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {name!r}")
    return name


@cache
def gauss_hermite(nodes: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Probabilists' Gauss–Hermite rule: Σ_k w_k f(z_k) ≈ E_{z~N(0,1)} f(z); (nodes, weights), Σ w = 1."""
    z, w = roots_hermitenorm(check_size("nodes", nodes))
    return tuple(z.tolist()), tuple((w / w.sum()).tolist())


def _rule(nodes: int, dtype, device) -> tuple[torch.Tensor, torch.Tensor]:
    z, w = gauss_hermite(nodes)
    return torch.tensor(z, dtype=dtype, device=device), torch.tensor(w, dtype=dtype, device=device)


@cache
def c_sigma(name: str) -> float:
    """c_σ = (E_{z~N(0,1)} σ(z)²)^{−1} (eq. 2): 2 for ReLU, 1/3 for z², by a 200-node rule otherwise."""
    if check_activation(name) in ("relu", "quadratic"):
        return {"relu": 2.0, "quadratic": 1 / 3}[name]
    z, w = _rule(200, torch.float64, "cpu")
    return float(1 / (w * _FUNCTIONS[name][0](z) ** 2).sum())


def get_activation(name: str | Activation) -> Activation:
    """The :class:`Activation` of a name (an Activation passes through)."""
    if isinstance(name, Activation):
        return name
    sigma, derivative = _FUNCTIONS[check_activation(name)]
    return Activation(name, sigma, derivative, c_sigma(name))


def pair_expectation(K: torch.Tensor, f, g=None, *, nodes: int, memory_bytes: int = MEMORY_BYTES) -> torch.Tensor:
    """E_{(u,v)~N(0, [[K_ii, K_ij], [K_ji, K_jj]])}[f(u) g(v)] for every pair (i, j): (..., n, n) in and out.

    Tensor-product Gauss–Hermite rule with ``nodes`` per axis in Cholesky coordinates (module docstring),
    chunked over the first axis's nodes (a loop over quadrature nodes, never over n) within ``memory_bytes``.
    With g = f (None) the result is symmetrised, so rounding does not depend on the order of i and j.
    """
    z, w = _rule(nodes, K.dtype, K.device)
    diag = K.diagonal(dim1=-2, dim2=-1).clamp_min(torch.finfo(K.dtype).tiny)
    sa = diag.sqrt()
    alpha = K / sa.unsqueeze(-1)  # c/√a
    beta = (diag.unsqueeze(-2) - alpha**2).clamp_min(0).sqrt()  # √(b − c²/a), 0 on the diagonal
    fu = f(sa.unsqueeze(-1) * z) * w  # (..., n, N): w_k f(√a_i z_k)
    per_node = K[..., None, None].numel() * nodes * K.element_size() * 3
    step = max(1, min(nodes, memory_bytes // max(per_node, 1)))
    out = torch.zeros_like(K)
    for s in range(0, nodes, step):  # chunks of the first axis's nodes
        zk = z[s : s + step]
        V = alpha[..., None, None] * zk[:, None] + beta[..., None, None] * z  # (..., n, n, k, N)
        inner = (g or f)(V) @ w  # (..., n, n, k)
        out += (inner * fu[..., None, s : s + step]).sum(-1)
    return out if g is not None else (out + out.transpose(-1, -2)) / 2


@dataclass(frozen=True)
class DualSeries:
    """The dual activation F(ρ) = c_σ E[σ(u)σ(v)] for unit variances and correlation ρ, as Mehler's series
    F(ρ) = c_σ Σ_k c_k² ρ^k with c_k = E[σ(z) He_k(z)]/√k! (so F′(ρ) = c_σ E[σ′(u)σ′(v)], Price's theorem).
    The tails are exact by Parseval: Σ_{k>K} c_k² = E[σ²] − Σ_{k≤K} c_k², Σ_{k>K} k c_k² = E[σ′²] − Σ_{k≤K} k c_k²;
    F′ and F″ are largest on [−1, 1] at ρ = 1 (non-negative coefficients): F′(1) = c_σE[σ′²], F″(1) = c_σE[σ″²]."""

    coefficients: tuple[float, ...]  # c_σ c_k², k = 0..K
    value_tail: float  # ≥ sup_{|ρ|≤1} |F(ρ) − F_K(ρ)|
    slope_tail: float  # ≥ sup_{|ρ|≤1} |F′(ρ) − F′_K(ρ)|
    slope_max: float  # F′(1)
    curvature_max: float  # F″(1)


#: terms of the series and nodes of the 1-D rule computing them (tail < 1e-14 for every SMOOTH activation)
SERIES_TERMS, SERIES_NODES = 200, 400


@cache
def dual_series(name: str) -> DualSeries:
    """:class:`DualSeries` of a smooth activation (or z²), coefficients by a 400-node Gauss–Hermite rule with
    the normalised Hermite recursion h_{k+1} = (z h_k − √k h_{k−1})/√(k+1) (stable: Σ_i w_i h_k(z_i)² = 1)."""
    if check_activation(name) == "relu":
        raise InvalidInputError("activation 'relu' has no convergent dual series at |ρ| = 1; use its closed form")
    z, w = _rule(SERIES_NODES, torch.float64, "cpu")
    sigma, first = _FUNCTIONS[name]
    h = [torch.ones_like(z), z]
    for k in range(1, SERIES_TERMS):  # over series terms
        h.append((z * h[k] - math.sqrt(k) * h[k - 1]) / math.sqrt(k + 1))
    c2 = (torch.stack(h) @ (w * sigma(z))) ** 2
    k = torch.arange(SERIES_TERMS + 1, dtype=torch.float64)
    cs = c_sigma(name)
    floor = 16 * SERIES_TERMS * torch.finfo(torch.float64).eps  # rounding of the Parseval differences
    tail0 = float((w * sigma(z) ** 2).sum() - c2.sum()) * cs
    tail1 = float((w * first(z) ** 2).sum() - (k * c2).sum()) * cs
    return DualSeries(
        tuple((cs * c2).tolist()),
        max(tail0, 0.0) + floor,
        max(tail1, 0.0) + floor * float((w * first(z) ** 2).sum()) * cs,
        float((w * first(z) ** 2).sum()) * cs,
        float((w * _SECOND[name](z) ** 2).sum()) * cs,
    )


def dual(rho: torch.Tensor, name: str) -> tuple[torch.Tensor, torch.Tensor]:
    """(F(ρ), F′(ρ)) = (c_σ E[σ(u)σ(v)], c_σ E[σ′(u)σ′(v)]) for unit variances and correlation ρ ∈ [−1, 1],
    by Horner's rule on :func:`dual_series` (ReLU: the arc-cosine closed form, F = (sin θ + (π − θ)cos θ)/π,
    F′ = 1 − θ/π, θ = atan2(√((1 − ρ)(1 + ρ)), ρ), accurate near ρ = ±1 where arccos is not)."""
    rho = rho.clamp(-1, 1)
    if check_activation(name) == "relu":
        theta = torch.atan2(((1 - rho) * (1 + rho)).sqrt(), rho)
        return (torch.sin(theta) + (math.pi - theta) * torch.cos(theta)) / math.pi, 1 - theta / math.pi
    coef = dual_series(name).coefficients
    value, slope = torch.full_like(rho, coef[-1]), torch.zeros_like(rho)
    for c in coef[-2::-1]:  # over series terms (Horner, with the derivative alongside)
        slope = slope * rho + value
        value = value * rho + c
    return value, slope


def _validated(X: torch.Tensor, depth: int, name: str) -> torch.Tensor:
    """K^(0) = XXᵀ of X's rows renormalised in float64 (rows are checked unit within 4d·eps of X's dtype), with
    its diagonal set to 1 (within 16d·eps of the computed one, which ntk_gram_error counts), after checking X,
    depth and the activation."""
    check_unit_rows("X", X)
    check_size("depth", depth)
    check_activation(name)
    X = torch.nn.functional.normalize(X.to(torch.float64), dim=-1)
    K = X @ X.transpose(-1, -2)
    K.diagonal(dim1=-2, dim2=-1).fill_(1.0)
    return K.clamp(-1, 1)


def kernels(X: torch.Tensor, depth: int, activation: str) -> dict[str, list]:
    """Every level of Definition 5.1 and of the all-layer limit: {"K": [K^(0), .., K^(H−1), K^(H)],
    "value": [S^(1), .., S^(H)], "slope": [Ṡ^(1), .., Ṡ^(H)]}, S^(h) = F(K^(h−1)) = c_σ E[σ(u)σ(v)] and
    Ṡ^(h) = F′(K^(h−1)) = c_σ E[σ′(u)σ′(v)] under the blocks of K^(h−1), whose diagonals are 1 for unit rows
    (K^(h)_ii = c_σ E[σ(z)²] = 1 by the choice of c_σ). So K^(h) = S^(h) for h < H, K^(H) = K^(H−1) ⊙ Ṡ^(H)."""
    K = [_validated(X, depth, activation)]
    values, slopes = [], []
    for _ in range(depth):  # over layers
        value, slope = dual(K[-1], activation)
        values.append(value)
        slopes.append(slope)
        K.append(value)
    K[-1] = K[-2] * slopes[-1]
    return {"K": K, "value": values, "slope": slopes}


def ntk_gram(X: torch.Tensor, depth: int, activation: str) -> torch.Tensor:
    """K^(H) of Definition 5.1 (last expectation under the block of K^(H−1)), (..., n, n) float64, for unit
    rows X (..., n, d) (renormalised in float64), depth H ≥ 1 and an activation name; within
    :func:`ntk_gram_error` (< 1e-11 for H ≤ 6)."""
    K = _validated(X, depth, activation)
    for _ in range(depth - 1):  # over layers
        K = dual(K, activation)[0]
    return K * dual(K, activation)[1]


def ntk_gram_error(d: int, depth: int, activation: str) -> float:
    """An a priori bound on max_ij |K^(H)_ij(computed) − K^(H)_ij| for unit rows in R^d, from the recursion
    e_0 = 16·d·eps·(1 + F′(1)) (rows renormalised in float64; XXᵀ's rounding), e_h = tail(F) + F′(1)·e_{h−1} + ρ_r for
    h < H, e_H = tail(F′) + (F′(1) + F″(1))·e_{H−1} + F′(1)·ρ_r (|K^(H−1)| ≤ 1, F′ and F″ largest at 1), with
    ρ_r = 2·(terms)·eps the rounding of Horner's rule on coefficients summing to F(1) = 1. ReLU: F is
    1-Lipschitz and F′ = 1 − arccos(ρ)/π is ½-Hölder, |arccos a − arccos b| ≤ (π/√2)√|a − b|."""
    check_size("d", d)
    check_size("depth", depth)
    eps = torch.finfo(torch.float64).eps
    if check_activation(activation) == "relu":
        e = 32 * d * eps
        for _ in range(depth - 1):  # over layers
            e = e + 16 * eps
        return e + math.sqrt(e / 2) + 16 * eps
    s = dual_series(activation)
    rounding = 2 * len(s.coefficients) * eps
    e = 16 * d * eps * (1 + s.slope_max)
    for _ in range(depth - 1):  # over layers
        e = s.value_tail + s.slope_max * e + rounding
    return s.slope_tail + (s.slope_max + s.curvature_max) * e + s.slope_max * rounding


def ntk_limit(X: torch.Tensor, depth: int, activation: str) -> torch.Tensor:
    """Θ∞, the m → ∞ limit of the all-layer Gram Σ_{h=1}^{H+1} G^(h) of Section 4 (every layer trained):
    Θ∞ = Σ_{h=1}^{H} K^(h−1) ⊙ Ṡ^(h) ⊙ … ⊙ Ṡ^(H) + S^(H) (the standard NTK recursion at this scaling; the
    h = H term is K^(H), the last, S^(H), is a's). Not in the paper; the asymptotic GD rate is λ_min(Θ∞)."""
    levels = kernels(X, depth, activation)
    theta, back = levels["value"][-1], torch.ones_like(levels["K"][0])
    for h in range(depth, 0, -1):  # over layers, top down
        back = back * levels["slope"][h - 1]
        theta = theta + levels["K"][h - 1] * back
    return theta


def literal_ntk_gram(X: torch.Tensor, depth: int, activation: str) -> torch.Tensor:
    """Definition 5.1 read literally (a known typo; for du2018b.gram_init's mutant only): the last expectation
    under A^(H−1), the block of K^(H−2), so K^(H) = K^(H−1) ⊙ F′(K^(H−2)) (:func:`ntk_gram` uses K^(H−1), as
    Lemma E.1 and eq. 13 do). For H = 1, A^(0) would be the block of K^(−1): undefined. Within
    :func:`ntk_gram_error` (its last factor's argument K^(H−2) carries less error than K^(H−1))."""
    if check_size("depth", depth) < 2:
        raise InvalidInputError(f"depth must be >= 2 for Definition 5.1's literal A^(H−1), got {depth}")
    levels = kernels(X, depth, activation)["K"]
    return levels[depth - 1] * dual(levels[depth - 2], activation)[1]


def quadratic_feature_dimension(d: int, depth: int, cap: int | None = None) -> int:
    """Rank bound of K^(H) for σ(z) = z² on the unit sphere of R^d: K^(H)_ij is a polynomial in x_iᵀx_j of
    degree 2^H with only even powers, so its features are the homogeneous polynomials of degree 2^H in d
    variables (on the sphere they contain every lower even degree): dimension C(2^H + d − 1, d − 1).

    With ``cap``, min(dimension, cap), decided by a lower bound before any exact arithmetic: the exact
    binomial of a 2^H-sized number (H = 10⁵, say) would not finish, and a cost estimate needs only the cap.
    C(N, k) ≥ (N/k)^k with k = min(d − 1, 2^H) ≤ N/2, so past the cap's logarithm it is capped, and below it
    k ≤ log(cap)/log 2, where the exact binomial is cheap."""
    check_size("depth", depth), check_size("d", d)
    if cap is not None and d > 1:
        if depth > math.log2(cap) or d > cap:  # C(N, k) ≥ N > 2^H for k = d − 1 ≥ 1, and ≥ d
            return cap
        top, k = 2**depth + d - 1, min(d - 1, 2**depth)
        if k * math.log(top / k) > math.log(cap):
            return cap
    exact = math.comb(2**depth + d - 1, d - 1)
    return exact if cap is None else min(exact, cap)


@cache
def quadratic_kernel_polynomial(depth: int) -> tuple[Fraction, ...]:
    """K^(H)_ij for σ(z) = z² and unit rows as a polynomial in ρ = x_iᵀx_j, exactly: coefficients of ρ^0..ρ^(2^H).
    For z², c_σ = 1/3, E[u²v²] = 1 + 2ρ² and E[(2u)(2v)] = 4ρ (unit variances), so F(ρ) = (1 + 2ρ²)/3 and
    F′(ρ) = 4ρ/3: q_0 = ρ, q_h = (1 + 2q_{h−1}²)/3, K^(H) = (4/3)·q_{H−1}². Even powers only, coefficients ≥ 0.
    Rational arithmetic, independent of the dual series that :func:`ntk_gram` evaluates."""

    def times(a, b):
        out = [Fraction(0)] * (len(a) + len(b) - 1)
        for (i, x), (j, y) in itertools.product(enumerate(a), enumerate(b)):  # over coefficients
            out[i + j] += x * y
        return out

    q = [Fraction(0), Fraction(1)]
    for _ in range(check_size("depth", depth) - 1):  # over layers
        q = [c * 2 / 3 for c in times(q, q)]
        q[0] += Fraction(1, 3)
    return tuple(c * 4 / 3 for c in times(q, q))


@cache
def _exponents(d: int, p: int) -> tuple[tuple[int, ...], ...]:
    """Every exponent vector α ∈ N^d with |α| = p (the degree-p monomials x^α), in a fixed order."""
    return tuple(tuple(c.count(i) for i in range(d)) for c in itertools.combinations_with_replacement(range(d), p))


def _multinomial(alpha: tuple[int, ...]) -> float:
    """|α|!/α! = |α|!/(α₁!···α_d!)."""
    return math.factorial(sum(alpha)) / math.prod(math.factorial(a) for a in alpha)


@cache
def _quadratic_gram_factor(d: int, depth: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(α (D, d), A (D, D)) with p_H(xᵀy) = m(x)ᵀ A m(y) for unit x, y ∈ R^d, m(x) = (x^α)_{|α| = 2^H}, p_H the
    polynomial of :func:`quadratic_kernel_polynomial` (see :func:`quadratic_certificate`)."""
    p = 2**depth
    alphas = _exponents(d, p)
    index = {a: i for i, a in enumerate(alphas)}
    A = torch.zeros(len(alphas), len(alphas), dtype=torch.float64)
    for k, c in enumerate(quadratic_kernel_polynomial(depth)):  # over the polynomial's (even) powers
        if c == 0:
            continue
        a = (p - k) // 2
        betas = _exponents(d, k)
        T = torch.zeros(len(alphas), len(betas), dtype=torch.float64)
        for j, beta in enumerate(betas):  # over monomials of degree k, then of degree a (small: set-up only)
            for gamma in _exponents(d, a):
                row = index[tuple(b + 2 * g for b, g in zip(beta, gamma, strict=True))]
                T[row, j] += _multinomial(gamma)
        w = torch.tensor([_multinomial(beta) for beta in betas], dtype=torch.float64)
        A += float(c) * (T * w) @ T.T
    return torch.tensor(alphas, dtype=torch.float64), A


def quadratic_certificate(X: torch.Tensor, depth: int) -> tuple[torch.Tensor, torch.Tensor, int]:
    """A structural certificate that K^(H) is singular for σ(z) = z² when n exceeds D = C(2^H + d − 1, d − 1).

    K^(H)_ij = Σ_k c_k ρ^k (ρ = x_iᵀx_j, k even, c_k ≥ 0; :func:`quadratic_kernel_polynomial`). On the sphere
    ρ^k = (x_iᵀx_j)^k ‖x_i‖^{2a}‖x_j‖^{2a} (a = (2^H − k)/2), and by the multinomial theorem (xᵀy)^k =
    Σ_{|β|=k} (k!/β!) x^β y^β and ‖x‖^{2a} = Σ_{|γ|=a} (a!/γ!) x^{2γ}: every term is a sum of products of
    homogeneous polynomials of degree 2^H. Hence K^(H) = M A Mᵀ exactly, M = (x_i^α) the n×D matrix of the
    degree-2^H monomials, A = Σ_k c_k T_k diag(k!/β!) T_kᵀ (D×D, T_k[β + 2γ, β] = a!/γ!), and rank K^(H) ≤ D:
    for n > D, λ_min(K^(H)) = 0 exactly, by a dimension count. Returns (M A Mᵀ, its rounding allowance
    entrywise, D) for unit rows X (..., n, d) (float64): the caller checks that its computed kernel agrees
    within the kernel's error bound plus this allowance, i.e. that the certificate describes its kernel.
    Allowance: (2D + 2^H·(4d + 1) + 8)·eps·(|M| A |M|ᵀ): two products of D terms, monomials of 2^H factors of
    rows unit within 4d·eps (the homogenisation's ‖x‖ = 1), and A's rounding."""
    check_unit_rows("X", X)
    alphas, A = _quadratic_gram_factor(X.shape[-1], check_size("depth", depth))
    X = torch.nn.functional.normalize(X.to(torch.float64), dim=-1)
    alphas, A = alphas.to(X.device), A.to(X.device)
    M = (X.unsqueeze(-2) ** alphas).prod(-1)  # (..., n, D)
    P = M @ A @ M.transpose(-1, -2)
    scale = M.abs() @ A @ M.abs().transpose(-1, -2)
    eps = torch.finfo(torch.float64).eps
    allowance = (2 * A.shape[0] + 2**depth * (4 * X.shape[-1] + 1) + 8) * eps * scale
    return P, allowance, A.shape[0]


# ---------------------------------------------------------------------------------------------------------
# The constants of Theorem 5.1's proof (Appendix B), where the paper makes them explicit

#: Lipschitz constant L of σ (Condition 3.1): sup|σ′| = 1 for softplus and tanh, ¼ for the logistic sigmoid
LIPSCHITZ = {"softplus": 1.0, "tanh": 1.0, "sigmoid": 0.25}
#: c_{x,0} = 2 of Lemma B.1 (1/c_{x,0} ≤ ‖x^(h)(0)‖ ≤ c_{x,0}); c_{w,0} with ‖W^(h)(0)‖₂ ≤ c_{w,0}√m (Lemma G.2),
#: here its large-m value 2 (‖W‖₂/√m → 2 for an m×m Gaussian, Bai–Yin); a_{2,0} with ‖a(0)‖₂ ≤ a_{2,0}√m, 1
C_X0, C_W0, A_20 = 2.0, 2.0, 1.0


def geometric_sum(alpha: float, depth: int) -> float:
    """g_α(H) = Σ_{i=0}^{H−1} α^i (the Appendix's geometric series)."""
    alpha = check_finite("alpha", alpha)
    return float(sum(alpha**i for i in range(check_size("depth", depth))))


def proof_cx(activation: str) -> float:
    """c_x = max(2√c_σ · L · c_{w,0}, 1) of Lemmas B.3–B.5, the per-layer amplification of a perturbation."""
    if activation not in LIPSCHITZ:
        raise InvalidInputError(f"activation must be one of {', '.join(LIPSCHITZ)}, got {activation!r}")
    return max(2 * math.sqrt(c_sigma(activation)) * LIPSCHITZ[activation] * C_W0, 1.0)


def proof_width(n: int, depth: int, activation: str, lambda0: float, residual: float) -> float:
    """The width at which Lemma B.5's R′ = 16 c_{x,0} a_{2,0} c_x^H √n ‖y − u(0)‖₂ / (λ0 √m) reaches
    c·g_{c_x}(H)^{−1} with its unspecified "small constant" c set to 1 (so the theory asks for at least this):
    m = (16 c_{x,0} a_{2,0} c_x^H √n ‖y − u(0)‖₂ g_{c_x}(H) / λ0)², growing like c_x^{4H}."""
    n, depth = check_size("n", n), check_size("depth", depth)
    lambda0, residual = check_positive("lambda0", lambda0), check_nonnegative("residual", residual)
    cx = proof_cx(activation)
    root = 16 * C_X0 * A_20 * cx**depth * math.sqrt(n) * residual * geometric_sum(cx, depth) / lambda0
    return root**2


def proof_step(n: int, depth: int, activation: str, lambda0: float) -> float:
    """Lemma B.6's step η = c λ0 / (n² H² c_x^{3H} g_{2c_x}(H)) with its small constant c set to 1."""
    n, depth, lambda0 = check_size("n", n), check_size("depth", depth), check_positive("lambda0", lambda0)
    cx = proof_cx(activation)
    return lambda0 / (n**2 * depth**2 * cx ** (3 * depth) * geometric_sum(2 * cx, depth))


def theorem_width(n: int, depth: int, lambda0: float, delta: float) -> float:
    """Theorem 5.1's m = Ω(2^{O(H)} max(n⁴/λ0⁴, n/δ, n² log(Hn/δ)/λ0²)) with every hidden constant 1 and
    2^{O(H)} read as 2^H: the least the statement can ask for."""
    n, depth, lambda0 = check_size("n", n), check_size("depth", depth), check_positive("lambda0", lambda0)
    delta = check_open_unit("delta", delta)
    terms = (n**4 / lambda0**4, n / delta, n**2 * math.log(depth * n / delta) / lambda0**2)
    return 2.0**depth * max(terms)
