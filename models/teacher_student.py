"""Two-layer ReLU teacher-student population loss with Gaussian inputs (Safran & Shamir 2018, arXiv:1712.08968).

    F(W) = ½ E_{x~N(0,I_d)} (Σ_i relu(w_iᵀx) − Σ_j relu(v_jᵀx))²
         = ½ Σ_{i,i'} g(w_i, w_i') − Σ_{i,j} g(w_i, v_j) + ½ Σ_{j,j'} g(v_j, v_j')
    g(w, v) = E[relu(wᵀx) relu(vᵀx)] = ‖w‖‖v‖ (sin θ + (π − θ) cos θ) / (2π),   θ = ∠(w, v)
    ∂g/∂w = (‖v‖ sin θ · w/‖w‖ + (π − θ) v) / (2π)       (w ≠ 0; Brutzkus & Globerson 2017)

W is (B, k, d) (student rows w_i), V is (B, k', d) or (k', d) (teacher rows v_j). The closed-form gradient
is checked in tests/unit against autograd of a Monte-Carlo estimate.
"""

from __future__ import annotations

import math

import torch

from models.checks import check_generator, check_positive
from models.errors import check_size


def _angle(A: torch.Tensor, B: torch.Tensor):
    na, nb = A.norm(dim=-1), B.norm(dim=-1)
    cos = (A @ B.mT) / (na[..., :, None] * nb[..., None, :])
    # clamp: rounding may push |cos| above 1; θ near 0 is only reached at w_i ∥ w_i', a measure-zero set
    theta = torch.arccos(cos.clamp(-1.0, 1.0))
    return na, nb, theta


def _g(norms: torch.Tensor, theta: torch.Tensor) -> torch.Tensor:
    """g = ‖a‖‖b‖·(sin θ + (π − θ) cos θ)/(2π) from ``norms`` = ‖a‖‖b‖ and the angle θ (one formula for
    :func:`kernel` and :func:`self_kernel`)."""
    return norms * (torch.sin(theta) + (math.pi - theta) * torch.cos(theta)) / (2 * math.pi)


def kernel(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    """g(a_i, b_j) for all pairs, (..., |A|, |B|)."""
    na, nb, theta = _angle(A, B)
    return _g(na[..., :, None] * nb[..., None, :], theta)


def self_kernel(A: torch.Tensor) -> torch.Tensor:
    """g(a_i, a_i') with the diagonal exact (g(a, a) = ‖a‖²/2), differentiable twice: the diagonal angle is
    masked before arccos, whose derivative is infinite at cos = 1."""
    k = A.shape[-2]
    eye = torch.eye(k, dtype=torch.bool, device=A.device)
    na = A.norm(dim=-1)
    cos = (A @ A.mT) / (na[..., :, None] * na[..., None, :])
    theta = torch.arccos(torch.where(eye, 0.0, cos).clamp(-1.0, 1.0))
    return torch.where(eye, torch.diag_embed(A.square().sum(-1) / 2), _g(na[..., :, None] * na[..., None, :], theta))


def population_loss(W: torch.Tensor, V: torch.Tensor) -> torch.Tensor:
    """F(W) in closed form, (B,). The self terms g(w, w) = ‖w‖²/2 are taken exactly (θ = 0)."""
    V = V.expand(W.shape[0], *V.shape[-2:])
    ww, vv = self_kernel(W), self_kernel(V)
    return 0.5 * ww.sum((-2, -1)) - kernel(W, V).sum((-2, -1)) + 0.5 * vv.sum((-2, -1))


def _dg(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    """Σ_j ∂g(a_i, b_j)/∂a_i for each i, excluding nothing: (..., |A|, d)."""
    na, nb, theta = _angle(A, B)
    coef = nb[..., None, :] * torch.sin(theta) / na[..., :, None]  # (.., |A|, |B|)
    return (coef.sum(-1, keepdim=True) * A + (math.pi - theta) @ B) / (2 * math.pi)


def population_grad(W: torch.Tensor, V: torch.Tensor) -> torch.Tensor:
    """∇F(W) = Σ_{i'≠i} ∂₁g(w_i, w_i') + w_i/2 − Σ_j ∂₁g(w_i, v_j), (B, k, d).

    The i' = i term of Σ_{i'} ∂₁g is (sin 0·… + π w_i)/(2π) = w_i/2 in exact arithmetic; it is removed from the
    batched sum and the exact ∂(½·‖w_i‖²/2·2)/∂w_i = w_i/2 of the self term used instead."""
    V = V.expand(W.shape[0], *V.shape[-2:])
    na, _, theta = _angle(W, W)
    eye = torch.eye(W.shape[-2], dtype=W.dtype, device=W.device)
    theta = theta * (1 - eye) + 0.0 * eye
    coef = na[..., None, :] * torch.sin(theta) / na[..., :, None] * (1 - eye)
    cross = (coef.sum(-1, keepdim=True) * W + ((math.pi - theta) * (1 - eye)) @ W) / (2 * math.pi)
    return cross + W / 2 - _dg(W, V)


def flat_population_loss(k: int, d: int):
    """F as a pure function f(x, V) of one flat student x (k·d,) and the teacher V (k', d), for the witness
    checker (autograd of the closed form)."""
    k, d = check_size("k", k), check_size("d", d)

    def f(x, V):
        return population_loss(x.reshape(1, k, d), V[None])[0]

    return f


def spurious_search(k: int, *, starts: int, steps: int, eta: float, generator, dtype=torch.float64, device="cpu"):
    """The search for spurious local minima of Safran & Shamir 2018 (§4): teacher V = I_k (k = d neurons,
    orthonormal rows), ``starts`` students with N(0, I/k) rows, ``steps`` GD steps of size η on F (closed-form
    gradient). Returns (W_K (S, k, k), V (k, k))."""
    k, starts, steps = check_size("k", k), check_size("starts", starts), check_size("steps", steps, 0)
    eta = check_positive("eta", eta)
    check_generator("generator", generator)
    V = torch.eye(k, dtype=dtype, device=device)
    W = torch.randn(starts, k, k, generator=generator, dtype=dtype, device=device) / math.sqrt(k)
    for _ in range(steps):
        W = W - eta * population_grad(W, V)
    return W, V


def no_parallel_rows(W: torch.Tensor, V: torch.Tensor) -> torch.Tensor:
    """(S,) True where no student row of W (S, k, d) is parallel to a teacher row of V (k', d) or to another
    student row. Autograd of the closed form differentiates arccos, whose derivative is infinite at cos = 1,
    so points with a parallel pair cannot be verified by autograd. A computed cosine is good to a few k·eps,
    so a pair with cos above 1 − 1e3·eps may be parallel (k ≤ 20 here)."""
    k = W.shape[-2]
    Wn = W / W.norm(dim=-1, keepdim=True)
    self_cos = Wn @ Wn.mT - 2 * torch.eye(k, dtype=W.dtype, device=W.device)
    cos_max = torch.cat([Wn @ V.mT, self_cos], -1).amax((-2, -1))
    return cos_max < 1 - 1e3 * torch.finfo(W.dtype).eps
