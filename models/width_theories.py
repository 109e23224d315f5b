"""Widths the theories ask for, side by side, and a width for Lemma 3.1 by matrix Bernstein (derived here).

Lemma 3.1 of Du, Zhai, Póczos, Singh 2018a (arXiv:1810.02054): w.p. ≥ 1 − δ over W(0),
‖H(0) − H∞‖₂ ≤ λ0/4 and λ_min(H(0)) ≥ ¾λ0. H(0) is a mean of m i.i.d. PSD matrices,

    H(0) = (1/m) Σ_r A_r,   A_r = D_r G D_r,   G = XXᵀ,   D_r = diag(1{w_rᵀx_i ≥ 0}),   E A_r = H∞,

so the matrix Bernstein inequality (Tropp 2015, "An Introduction to Matrix Concentration Inequalities",
Theorem 6.6.1, the Hermitian case; the same bound is Tropp 2012, "User-friendly tail bounds", Theorem 1.4)
bounds the deviation with the exact variance proxy v̄ = ‖E A_r² − H∞²‖₂ (computed here in closed form from the
trivariate Gaussian orthant probability) in place of the paper's entrywise Hoeffding and union bound. The
derivation is docs/widths.md.

The other theories' widths are their stated orders with the constants the papers state; where a paper leaves
a constant open it is set to 1 here and the function's docstring says so (:data:`THEORIES` lists each with
its source and that note).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from models import symeig, two_layer
from models import two_layer_bounds as bounds
from models.checks import InvalidInputError, check_open_unit, check_positive, check_size, check_unit_rows


def second_moment(X: torch.Tensor) -> torch.Tensor:
    """E[A_r²] (n×n) for A_r = D_r G D_r, w_r ~ N(0, I_d), unit rows X (n×d).

    (A_r²)_ij = Σ_k G_ik G_kj 1{w_r active at i, k and j}, and for a Gaussian w the probability that three
    half-spaces {wᵀx ≥ 0} hold at once is ½ − (θ_ik + θ_kj + θ_ij)/(4π) (the trivariate normal orthant
    probability ⅛ + Σ arcsin ρ/(4π), with arcsin ρ = π/2 − θ; it holds for repeated indices too). Hence

        E A_r² = (½ − Θ/(4π)) ∘ (G G) − ((G∘Θ) G + G (G∘Θ))/(4π),

    three n×n products: O(n³), no loop over k."""
    check_unit_rows_matrix(X)
    G = X @ X.T
    theta = two_layer.angles(X)
    theta.diagonal().fill_(0.0)
    GT = G * theta
    return (0.5 - theta / (4 * math.pi)) * (G @ G) - (GT @ G + G @ GT) / (4 * math.pi)


def check_unit_rows_matrix(X: torch.Tensor) -> None:
    if not isinstance(X, torch.Tensor) or X.ndim != 2:
        raise InvalidInputError(f"X must be one (n, d) matrix, got {getattr(X, 'shape', type(X).__name__)}")
    check_unit_rows("X", X)


@dataclass(frozen=True)
class BernsteinParameters:
    """The matrix Bernstein inputs of H(0) − H∞ = Σ_r (A_r − H∞)/m, per unit of 1/m:

    * ``variance``: v̄ = ‖E A_r² − H∞²‖₂, so ‖Σ_r E[(A_r − H∞)²]/m²‖₂ = v̄/m;
    * ``upper``: λ_max(G) ≥ λ_max(A_r − H∞) (A_r − H∞ ⪯ A_r = D_r G D_r and ‖D_r G D_r‖₂ ≤ ‖G‖₂);
    * ``lower``: λ_max(H∞) ≥ λ_max(H∞ − A_r) (H∞ − A_r ⪯ H∞, A_r ⪰ 0);
    * ``n``: the dimension (the factor d of the Hermitian bound)."""

    n: int
    variance: float
    upper: float
    lower: float


def bernstein_parameters(X: torch.Tensor) -> BernsteinParameters:
    """:class:`BernsteinParameters` of the data X (n×d unit rows), exact up to rounding."""
    check_unit_rows_matrix(X)
    H = two_layer.h_infinity(X)
    V = second_moment(X) - H @ H
    v = float(symeig.eigvalsh((V + V.T) / 2).abs().amax())
    upper = float(symeig.eigvalsh(X @ X.T)[-1])
    lower = float(symeig.eigvalsh(H)[-1])
    return BernsteinParameters(X.shape[0], v, upper, lower)


def bernstein_tail(m: int | float, t: float, p: BernsteinParameters) -> float:
    """The matrix Bernstein bound on P(‖H(0) − H∞‖₂ ≥ t) at width m (Tropp 2015, Theorem 6.6.1, applied to
    Σ_r (A_r − H∞)/m for the upper tail and to its negative for the lower tail):

        n·exp(−m t²/2 / (v̄ + λ_max(G)·t/3)) + n·exp(−m t²/2 / (v̄ + λ_max(H∞)·t/3)),   capped at 1."""
    check_positive("m", m)
    check_positive("t", t)
    up = p.n * math.exp(-m * t * t / 2 / (p.variance + p.upper * t / 3))
    down = p.n * math.exp(-m * t * t / 2 / (p.variance + p.lower * t / 3))
    return min(1.0, up + down)


def bernstein_width_lemma3_1(p: BernsteinParameters, lam0: float, delta: float, bound_factor: float = 0.25) -> int:
    """m_B = ⌈2(v̄ + λ_max(G)·t/3)·ln(2n/δ)/t²⌉ with t = bound_factor·λ0 (Lemma 3.1: ¼).

    At m ≥ m_B each of the two tails of :func:`bernstein_tail` is ≤ δ/2 (λ_max(H∞) ≤ λ_max(G), so the upper
    tail's exponent is the smaller), hence ‖H(0) − H∞‖₂ < t w.p. ≥ 1 − δ and, by Weyl, λ_min(H(0)) > λ0 − t:
    Lemma 3.1's conclusion at t = λ0/4. With t = λ0/4: m_B = ⌈(32v̄/λ0² + 8λ_max(G)/(3λ0))·ln(2n/δ)⌉."""
    check_positive("lam0", lam0)
    check_positive("bound_factor", bound_factor)
    check_open_unit("delta", delta)
    t = bound_factor * lam0
    return math.ceil(2 * (p.variance + p.upper * t / 3) * math.log(2 * p.n / delta) / t**2)


# ---------------------------------------------------------------------------------------------------------
# The theories' widths at (n, d, λ0, δ)


def _table_args(n: int, d: int, lam0: float, delta: float) -> tuple[int, int, float, float]:
    """(n, d, λ0, δ) validated under the names the theories' functions take."""
    return check_size("n", n), check_size("d", d), check_positive("lam0", lam0), check_open_unit("delta", delta)


def du2018a_thm4_1(n: int, d: int, lam0: float, delta: float, C: float = 1.0) -> float:
    """Du et al. 2018a, Theorem 4.1: m = Ω(n⁶/(λ0⁴δ³)), with the constants derived in
    :mod:`models.two_layer_bounds` (Corollary 4.1's R′ < Lemma 3.2's R, Markov on ‖y − u(0)‖², y ~ Unif[−C, C]ⁿ)
    and Lemma 3.1's m₁: the larger of the two. d does not enter."""
    n, d, lam0, delta = _table_args(n, d, lam0, delta)
    res = bounds.expected_initial_residual_sq(n, C)
    return max(bounds.literal_width_lemma3_1(n, lam0, delta), bounds.literal_width_thm4_1(n, lam0, delta, res))


def du2018a_thm3_2(n: int, d: int, lam0: float, delta: float, C: float = 1.0) -> float:
    """Du et al. 2018a, Theorem 3.2 (gradient flow): m = Ω(n⁶/(λ0⁴δ³)), the constants of
    :func:`models.two_layer_bounds.literal_width_thm3_2` (derived there) and Lemma 3.1's m₁: the larger."""
    n, d, lam0, delta = _table_args(n, d, lam0, delta)
    res = bounds.expected_initial_residual_sq(n, C)
    return max(bounds.literal_width_lemma3_1(n, lam0, delta), bounds.literal_width_thm3_2(n, lam0, delta, res))


def du2018a_lemma3_1(n: int, d: int, lam0: float, delta: float) -> float:
    """Du et al. 2018a, Lemma 3.1: m = Ω(n² log(n/δ)/λ0²), with the constants derived here by Hoeffding and
    a union bound over the n² entries: m₁ = ⌈8n² ln(2n²/δ)/λ0²⌉ (:func:`models.two_layer.literal_width_lemma3_1`)."""
    n, d, lam0, delta = _table_args(n, d, lam0, delta)
    return float(bounds.literal_width_lemma3_1(n, lam0, delta))


def song_yang2019(n: int, d: int, lam0: float, delta: float) -> float:
    """Song & Yang 2019 (arXiv:1906.03593, "Quadratic suffices for over-parametrization via matrix Chernoff
    bound"), the GD width for the two-layer ReLU network of Du et al.: m = Ω(λ0⁻⁴ n⁴ log³(n/δ)) (their Table 1
    and main theorem, the n⁴ improvement over n⁶, as recalled: the paper's text could not be read where this was
    written, so the log power and theorem number are to be checked before citing). The paper's Ω leaves the
    constant open: it is set to 1 here. d does not enter."""
    n, d, lam0, delta = _table_args(n, d, lam0, delta)
    return n**4 * math.log(n / delta) ** 3 / lam0**4


def oymak_soltanolkotabi2020(n: int, d: int, lam0: float, delta: float) -> float:
    """Oymak & Soltanolkotabi 2020 (arXiv:1902.04674, "Towards moderate overparameterization"), ReLU
    activations: the number of hidden units k ≳ n²/d suffices for GD from a random start (the order their
    abstract and ReLU theorem state, up to data-dependent factors of ‖X‖ and λ(X) of order one on well-spread
    data; the theorem's number and exact form could not be checked where this was written). The order only:
    the constant, the data factors and δ are set to 1 here (said in the table)."""
    n, d, lam0, delta = _table_args(n, d, lam0, delta)
    return n**2 / d


def parameter_count(n: int, d: int, lam0: float, delta: float) -> float:
    """The parameter-count transition m·d ≈ n (interpolation as soon as the first layer's parameters match
    the samples; the jamming transition of Spigler, Geiger et al. 2019, in theory Bombari, Amani, Mondelli
    2022 for the NTK's conditioning): m = n/d. Not a theorem's width; constant 1."""
    n, d, lam0, delta = _table_args(n, d, lam0, delta)
    return n / d


@dataclass(frozen=True)
class Theory:
    key: str
    label: str
    source: str
    order: str
    width: object  # (n, d, λ0, δ) -> float
    constant: str  # where the constant comes from


#: the theories of the width table, in its column order: GD theorems first, then the transition
THEORIES = (
    Theory(
        "du2018a",
        "Du et al. 2018a",
        "Theorem 4.1 (GD); Theorem 3.2 for the flow",
        "n⁶/(λ0⁴δ³)",
        du2018a_thm4_1,
        "derived from the paper's proofs (models.two_layer_bounds)",
    ),
    Theory(
        "song_yang2019",
        "Song & Yang 2019",
        "arXiv:1906.03593, Table 1 / main theorem (matrix Chernoff)",
        "n⁴ log³(n/δ)/λ0⁴",
        song_yang2019,
        "left open (Ω); set to 1 here",
    ),
    Theory(
        "oymak_soltanolkotabi2020",
        "Oymak & Soltanolkotabi 2020",
        "arXiv:1902.04674, the ReLU result (order n²/d)",
        "n²/d",
        oymak_soltanolkotabi2020,
        "left open (≳) with data factors; set to 1 here",
    ),
    Theory(
        "parameter_count",
        "m·d = n",
        "parameter count (Spigler, Geiger et al. 2019; Bombari, Amani, Mondelli 2022)",
        "n/d",
        parameter_count,
        "1 (a transition, not a theorem's width)",
    ),
)


def theory_widths(n: int, d: int, lam0: float, delta: float) -> dict[str, float]:
    """Each of :data:`THEORIES`' widths at (n, d, λ0, δ), by key."""
    check_size("n", n)
    check_size("d", d)
    check_positive("lam0", lam0)
    check_open_unit("delta", delta)
    return {t.key: float(t.width(n, d, lam0, delta)) for t in THEORIES}
