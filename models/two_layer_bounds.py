"""The explicit constants of Du, Zhai, Póczos, Singh 2018a's analysis (arXiv:1810.02054), derived here, the
literal widths they give, and Lemma 3.2's certificate and adversary on the ball around W(0).

The paper hides its constants in O(·) and Ω(·) and in "a small constant c"; the values below are derived
from its proofs (each derivation is in the constant's comment) so that a literal regime can be stated.
Shapes as in :mod:`models.two_layer`: X (..., n, d) unit rows, W (..., m, d).
"""

from __future__ import annotations

import math
import numbers

import torch

from models import symeig, two_layer
from models.errors import InvalidInputError, check_nonnegative, check_positive, check_size
from models.numerics import eig_tolerance, preactivation_tolerance

#: literal step η = ETA_CONST·λ0/n² of Theorem 4.1. Derived from its proof: the second-order term of
#: ‖y − u(k+1)‖² is ‖u(k+1) − u(k)‖² ≤ η²‖H‖²‖y − u(k)‖² ≤ η²n²‖y − u(k)‖² (‖H‖₂ ≤ tr H ≤ n); it is at most
#: ¼ηλ0‖y − u(k)‖² once η ≤ λ0/(4n²), which keeps the rate 1 − ηλ0/2 of the first-order term.
ETA_CONST = 0.25

#: c in R = cδλ0/n² (Lemma 3.2), derived from the paper's Markov argument: E[certificate] ≤ 4cδλ0/√(2π)·
#: (Σ_ij|x_iᵀx_j|)/n² ≤ δλ0/4 when c = √(2π)/16, so P(certificate ≥ λ0/4) ≤ δ.
RADIUS_CONST = math.sqrt(2 * math.pi) / 16

literal_width_lemma3_1 = two_layer.literal_width_lemma3_1


def _delta(delta: object) -> float:
    """A failure probability δ in (0, 1]: the widths fall with δ, and δ = 1 gives their infimum."""
    if isinstance(delta, bool) or not isinstance(delta, numbers.Real) or not 0 < delta <= 1:
        raise InvalidInputError(f"delta must be a number in (0, 1], got {delta!r}")
    return float(delta)


def literal_step(lam0: float, n: int) -> float:
    """η = ETA_CONST·λ0/n², the step of Theorem 4.1 with its constant made explicit."""
    return ETA_CONST * check_positive("lam0", lam0) / check_size("n", n) ** 2


def radius_lemma3_2(c: float, delta: float, lam0: float, n: int) -> float:
    """R = c·δλ0/n² (Lemma 3.2; the paper's c is RADIUS_CONST)."""
    c, delta, lam0 = check_positive("c", c), _delta(delta), check_positive("lam0", lam0)
    return c * delta * lam0 / check_size("n", n) ** 2


def rprime(factor: float, n: int, residual_norm, m: int, lam0: float):
    """R′ = factor·√n‖y − u(0)‖/(√m λ0): factor 2 in Lemma 3.3 (flow), 4 in Corollary 4.1 (GD, derived: the
    rate ηλ0/2 in place of λ0 doubles the sum Σ_k η‖∇_{w_r}L(k)‖). ``residual_norm`` may be a tensor."""
    factor, lam0 = check_positive("factor", factor), check_positive("lam0", lam0)
    n, m = check_size("n", n), check_positive("m", m)  # m may be a computed (real) width
    return factor * math.sqrt(n) * residual_norm / (math.sqrt(m) * lam0)


def expected_initial_residual_sq(n: int, C: float) -> float:
    """E‖y − u(0)‖² = n(C²/3 + ½) for y ~ Unif[−C, C]^n: E y_i² = C²/3 and E u_i(0)² = E relu(z)² = ½."""
    return check_size("n", n) * (check_nonnegative("C", C) ** 2 / 3 + 0.5)


def literal_width_lemma3_4(n: int, lam0: float, delta: float, residual_sq: float) -> float:
    """The width at which R′ = 2√n‖y − u(0)‖/(√m λ0) < R = cδλ0/n²: m > 4n⁵‖y − u(0)‖²/(c²δ²λ0⁴)."""
    n, lam0, delta = check_size("n", n), check_positive("lam0", lam0), _delta(delta)
    residual_sq = check_nonnegative("residual_sq", residual_sq)
    scale = RADIUS_CONST**2 * delta**2 * lam0**4
    if scale == 0:  # δ²λ0⁴ underflowed (δ = 1e-300, say): the width is past float64's range
        return math.inf
    return 4 * n**5 * residual_sq / scale


def literal_width_cor4_1(n: int, lam0: float, delta: float, residual_sq: float) -> float:
    """As :func:`literal_width_lemma3_4` with Corollary 4.1's R′ (factor 4 in place of 2): four times it."""
    return 4 * literal_width_lemma3_4(n, lam0, delta, residual_sq)


def literal_width_thm3_2(n: int, lam0: float, delta: float, mean_residual_sq: float) -> float:
    """Theorem 3.2's m = Ω(n⁶/(λ0⁴δ³)) with the constants derived here: R′ < R (:func:`literal_width_lemma3_4`)
    with ‖y − u(0)‖² at its Markov bound E‖y − u(0)‖²/δ, as in the paper's proof (E‖y − u(0)‖² = O(n) gives
    the n⁶ and the third δ). Like the paper, δ is not split among the proof's events (Lemmas 3.1, 3.2, Markov)."""
    delta, mean_residual_sq = _delta(delta), check_nonnegative("mean_residual_sq", mean_residual_sq)
    return literal_width_lemma3_4(n, lam0, delta, mean_residual_sq / delta)


def literal_width_thm4_1(n: int, lam0: float, delta: float, mean_residual_sq: float) -> float:
    """Theorem 4.1's width, as :func:`literal_width_thm3_2` with Corollary 4.1's R′ (factor 4): four times it."""
    return 4 * literal_width_thm3_2(n, lam0, delta, mean_residual_sq)


# ---------------------------------------------------------------------------------------------------------
# Lemma 3.2: every W with ‖w_r − w_r(0)‖ ≤ R for all r


def flippable(X: torch.Tensor, W0: torch.Tensor, R: float) -> torch.Tensor:
    """(..., m, n) bool: the patterns 1{w_rᵀx_i ≥ 0} that some w_r within R of w_r(0) can change.

    ‖w_r − w_r(0)‖ ≤ R and ‖x_i‖ = 1 give |w_rᵀx_i − w_r(0)ᵀx_i| ≤ R, so the pattern can change only if
    |w_r(0)ᵀx_i| ≤ R; the computed pre-activation's rounding (models.numerics.preactivation_tolerance) is
    added so that no changeable pattern is missed."""
    pre = W0 @ X.transpose(-1, -2)
    return pre.abs() <= R + preactivation_tolerance(W0, X)


def ball_certificate(X: torch.Tensor, W0: torch.Tensor, R: float) -> torch.Tensor:
    """B (..., n, n) with B_ij = |x_iᵀx_j|·count_ij/m, count_ij = #{r : (r, i) or (r, j) flippable}.

    For every W in the ball, |H(W) − H(0)| ≤ B entrywise: H_ij changes only through the r whose pattern at
    i or j changes, each by |x_iᵀx_j|/m. Hence ‖H(W) − H(0)‖₂ ≤ ‖|ΔH|‖₂ ≤ ‖B‖₂ = λ_max(B) (B symmetric and
    entrywise nonnegative: the spectral norm is monotone on nonnegative matrices, Perron–Frobenius)."""
    A = flippable(X, W0, R).to(X.dtype)
    hits = A.sum(-2)  # (..., n)
    count = hits.unsqueeze(-1) + hits.unsqueeze(-2) - A.transpose(-1, -2) @ A  # |{i} ∪ {j}| by inclusion–exclusion
    return (X @ X.transpose(-1, -2)).abs() * count / W0.shape[-2]


def certificate_bound(B: torch.Tensor) -> torch.Tensor:
    """An upper bound on sup over the ball of ‖H(W) − H(0)‖₂: λ_max(B) plus its eigenvalue rounding."""
    return symeig.eigvalsh(B)[..., -1] + eig_tolerance(B)


def _move(X, W0, pre, target, active, step):
    """w_r(0) moved by ``step`` along x_{target_r}, towards the other side of its hyperplane (down where
    w_r(0)ᵀx_target ≥ 0, up otherwise); rows with ``active`` False stay at w_r(0)."""
    at = pre.gather(-1, target.unsqueeze(-1)).squeeze(-1)
    direction = torch.where(at >= 0, -1.0, 1.0).to(X.dtype) * active.to(X.dtype)
    return W0 + step * direction.unsqueeze(-1) * X[target]


def ball_adversaries(X: torch.Tensor, W0: torch.Tensor, R: float) -> torch.Tensor:
    """(3, ..., m, d): three points of the ball that try to break Lemma 3.2's conclusions. Each w_r moves by
    s = R(1 − 16·d·eps) (inside the ball after rounding; the caller recomputes the distances) along ±x_i for
    one i chosen per r:

    * closest: the i with the smallest |w_r(0)ᵀx_i|, towards the other side (flips it when |w_r(0)ᵀx_i| < s);
    * switch-off: the i with the smallest w_r(0)ᵀx_i ≥ 0, pushed below 0 (lowers H's diagonal);
    * eigen: with v the eigenvector of λ_min(H(0)), vᵀHv = (1/m)Σ_r ‖z_r‖², z_r = Σ_i v_i s_ri x_i; the flip of
      (r, i) changes ‖z_r‖² by ∓2v_i x_iᵀz_r + v_i²; each r takes its flippable flip of largest decrease.

    X is one (n, d) matrix shared by the batch of W0 (..., m, d)."""
    d = X.shape[-1]
    s = R * (1 - 16 * d * torch.finfo(X.dtype).eps)
    pre = W0 @ X.T  # (..., m, n)
    everyone = torch.ones(pre.shape[:-1], dtype=torch.bool, device=pre.device)
    on = torch.where(pre >= 0, pre, torch.full_like(pre, math.inf))
    v = symeig.eigh(two_layer.gram(X, W0)).eigenvectors[..., 0]  # (..., n)
    S = (pre >= 0).to(X.dtype)
    proj = ((S * v.unsqueeze(-2)) @ X) @ X.T  # x_iᵀz_r, z_r = Σ_j v_j s_rj x_j
    change = -2 * (2 * S - 1) * v.unsqueeze(-2) * proj + v.unsqueeze(-2) ** 2  # of ‖z_r‖² when (r, i) flips
    change = torch.where(pre.abs() < s, change, torch.full_like(change, math.inf))
    eig_target = change.argmin(-1)
    gain = change.gather(-1, eig_target.unsqueeze(-1)).squeeze(-1) < 0
    return torch.stack(
        [
            _move(X, W0, pre, pre.abs().argmin(-1), everyone, s),
            _move(X, W0, pre, on.argmin(-1), on.amin(-1) < math.inf, s),
            _move(X, W0, pre, eig_target, gain, s),
        ]
    )
