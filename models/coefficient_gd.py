"""Gradient descent of the two-layer ReLU net carried in prediction space, by the coefficients of W(k) − W(0).

The net and its first-layer gradient are those of :mod:`models.dynamics` (Du et al. 2018a, Section 4, a
fixed): ∂L/∂w_r = m^{-1/2} a_r Σ_i (u_i − y_i) 1{w_rᵀx_i ≥ 0} x_i, a combination of the rows of X. So every
step stays in the row space of X:

    W(k) − W(0) = C(k) X,    C(k+1) = C(k) − η m^{-1/2} diag(a) (S(k) ⊙ 1 r(k)ᵀ)       (C: m×n, C(0) = 0)
    P(k) = W(k) Xᵀ = P(0) + C(k) G,    G = X Xᵀ (n×n),   S(k) = 1{P(k) ≥ 0},   r(k) = u(k) − y
    u(k) = m^{-1/2} relu(P(k))ᵀ a
    ‖w_r(k) − w_r(0)‖² = c_r G c_rᵀ = Σ_i (C G)_ri C_ri           (Figure 1c, from the product the step forms)
    H(W(k)) = G ⊙ S(k)ᵀS(k) / m                                    (Section 3's Gram, when asked)

A step costs one m×n by n×n product, 2n²m FLOPs, where the plain way (W Xᵀ and (S ⊙ r) X) costs 4ndm; d
enters only once, in P(0) = W(0) Xᵀ, G and the final W = W(0) + C X. Below the plain floor when n < 2d
(Figure 1: n = d, half of it). Rounding differs from :func:`models.dynamics.gradient_descent` only in the
order of the sums (P is P(0) + C G, not a product with the updated W), so the two agree to rounding while no
pre-activation sits within rounding of 0.

Shapes as in :mod:`models.dynamics`: X (n, d) or (..., n, d), y (..., n), W0 (..., m, d), a0 (..., m).
Memory: P(0), C, P and two work buffers of shape (..., m, n), allocated once (a fresh 64 MB tensor per
operation costs page faults comparable to the operation itself), next to W's (..., m, d).
"""

from __future__ import annotations

import math

import torch

from models import symeig, two_layer
from models.checks import InvalidInputError, broadcast_shapes, check_positive_values, check_size
from models.trajectory import Trajectory


def _gram(G: torch.Tensor, S: torch.Tensor, m: int) -> torch.Tensor:
    """H = G ⊙ SᵀS / m for a 0/1 pattern S (..., m, n)."""
    return G * (S.transpose(-1, -2) @ S) / m


def _record(P0, P, C, CG, G, H0, m):
    """[changed-pattern fraction, max_r ‖w_r − w_r(0)‖] and, with H0, [λ_min(H), ‖H − H0‖₂]."""
    changed = ((P >= 0) != (P0 >= 0)).to(P.dtype).mean((-2, -1))
    # c_r G c_rᵀ ≥ 0 in exact arithmetic (G is positive semidefinite); rounding may leave −tiny: clamp
    distance = (CG * C).sum(-1).clamp_min(0).sqrt().amax(-1)
    rec = [changed, distance]
    if H0 is not None:
        H = _gram(G, (P >= 0).to(P.dtype), m)
        rec += [two_layer.lambda_min(H), symeig.eigvalsh(H - H0).abs().amax(-1)]
    return rec


def gradient_descent(
    X: torch.Tensor,
    y: torch.Tensor,
    W0: torch.Tensor,
    a0: torch.Tensor,
    *,
    eta: float | torch.Tensor,
    steps: int,
    every: int = 1,
    gram_too: bool = False,
    track: bool = True,
) -> Trajectory:
    """``steps`` first-layer GD steps W ← W − η∂L/∂W from (W0, a0), in prediction space (module docstring).

    The same record as :func:`models.dynamics.gradient_descent` with ``train_a=False``: ‖u(k) − y‖² at every
    step; pattern changes and distances (and λ_min(H), ‖H − H(0)‖₂ when ``gram_too``) at k = 0, every
    ``every`` steps and at the last, or with ``track=False`` at k = 0 and K only; W(K) = W(0) + C(K) X.
    """
    check_positive_values("eta", eta)
    steps, every = check_size("steps", steps, 0), check_size("every", every, 0)
    if W0.shape[-1] != X.shape[-1] or a0.shape[-1] != W0.shape[-2] or y.shape[-1] != X.shape[-2]:
        raise InvalidInputError(
            f"shapes must be X (n, d), y (n), W0 (m, d), a0 (m); got X {tuple(X.shape)}, y {tuple(y.shape)}, "
            f"W0 {tuple(W0.shape)}, a0 {tuple(a0.shape)}"
        )
    n, m, d = X.shape[-2], W0.shape[-2], X.shape[-1]
    eta = torch.as_tensor(eta, dtype=W0.dtype, device=W0.device)
    batch = broadcast_shapes(X.shape[:-2], y.shape[:-1], W0.shape[:-2], a0.shape[:-1], eta.shape)
    b = math.prod(batch)  # leading dimensions flattened: every (m, n) operand below is (b, m, n), in place

    def flat(t: torch.Tensor, *tail: int) -> torch.Tensor:
        return t.expand(*batch, *tail).reshape(b, *tail)

    G = flat(X @ X.transpose(-1, -2), n, n)
    P0 = flat(W0 @ X.transpose(-1, -2), m, n)
    a = flat(a0, m).unsqueeze(-1) / math.sqrt(m)  # a_r m^{-1/2}, (b, m, 1)
    step = -flat(eta).reshape(b, 1, 1) * a  # −η m^{-1/2} a_r
    C, P, R, buf = torch.zeros_like(P0), P0.clone(), torch.empty_like(P0), torch.empty_like(P0)
    active = torch.empty(P0.shape, dtype=torch.bool, device=P0.device)
    zero = torch.zeros((), dtype=W0.dtype, device=W0.device)
    H0 = _gram(G, (P0 >= 0).to(P0.dtype), m) if gram_too else None
    yb = flat(y, n)
    res, records = [], [_record(P0, P0, C, C, G, H0, m)]
    for k in range(1, steps + 1):  # over time steps only: five passes over (b, m, n), one product, no allocation
        r = (torch.clamp_min(P, 0, out=R).transpose(-1, -2) @ a).squeeze(-1) - yb
        res.append((r**2).sum(-1))
        torch.where(torch.ge(P, 0, out=active), step, zero, out=buf)
        C.addcmul_(buf, r.unsqueeze(-2))  # C + (−η m^{-1/2} a_r 1{P_ri ≥ 0}) r_i
        torch.baddbmm(P0, C, G, out=P)  # P(0) + C G
        if (track and k % every == 0) or k == steps:
            # C G as P − P(0): its rounding, eps·|P|, is far below the distances' own scale
            records.append(_record(P0, P, C, P - P0, G, H0, m))
    u = (torch.relu(P).transpose(-1, -2) @ a).squeeze(-1)
    res.append(((u - yb) ** 2).sum(-1))
    cols = [torch.stack(c, -1).reshape(*batch, -1) for c in zip(*records, strict=True)]
    lam, drift = (cols[2], cols[3]) if gram_too else (None, None)
    t = torch.arange(steps + 1, dtype=W0.dtype, device=W0.device)
    W = flat(W0, m, d) + C @ X.expand(*batch, n, d).reshape(b, n, d)
    residual = torch.stack(res, -1).reshape(*batch, -1)
    return Trajectory(t, residual, cols[0], cols[1], W.reshape(*batch, m, d), a0, lam, drift)
