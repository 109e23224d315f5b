"""Independent verification of candidate points: critical point, local minimum, strict or non-strict saddle.

Every exists claim and every "no bad local minimum" claim hands its candidate here: a flat parameter vector
``x`` (shape (B, p), a batch of candidates) and a pure loss ``f(x, *data) -> scalar`` written with torch
operations. Loss, gradient and Hessian are recomputed here in float64 with ``torch.func`` (the model's own
closed-form gradient is never trusted), batched over candidates with ``vmap``.

Tolerances (stated once, used by every claim):

* eigenvalues: the computed eigenvalues of the symmetrised Hessian are within ``eig_tol = 8·p·eps·‖H‖_F`` of
  the exact ones of the computed H (backward-stable ``eigvalsh``: error ≤ c·p·eps·‖H‖₂, Golub & Van Loan
  §8.3; rounding in forming H by autograd adds a few eps·‖H‖ per entry, ≤ p·few·eps·‖H‖₂ in norm; the
  factor 8 covers both: :func:`models.checks.eig_tolerance`, shared with the H∞ claims).
* gradient: a candidate is critical when ``‖∇f‖ ≤ grad_tol``; the caller states ``grad_tol`` (rounding level
  ``grad_rounding_tol`` for constructed points, a convergence tolerance for points found by descent).
* loss comparisons: two loss values differ meaningfully when they differ by more than
  ``loss_tol = 64·eps·(1 + |f|)`` (a sum of squares of O(1) terms loses a few eps per term; 64 leaves room).

Classification of a critical point by its smallest and largest Hessian eigenvalue λ_min, λ_max:
``strict_saddle``: λ_min < −eig_tol (a direction of negative curvature: not a local minimum);
``strict_minimum``: λ_min > eig_tol (positive definite: an isolated local minimum, second-order sufficient);
``psd``: λ_min ≥ −eig_tol (second-order necessary condition of a minimum holds);
``zero_hessian``: max |λ| ≤ eig_tol.
A non-strict saddle needs more than the Hessian: :func:`descent_certificate` evaluates f along explicit
directions and certifies a decrease beyond ``loss_tol``, so the point is not a local minimum.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch.func import grad, vmap

from claims.spec import Infeasible
from models import symeig
from models.autodiff import hessian
from models.checks import eig_tolerance

LOSS_FACTOR = 64


def _eps(dtype: torch.dtype, source_dtype: torch.dtype | None) -> float:
    """The larger machine epsilon of the dtype recomputed in and the dtype the candidate was computed in."""
    return max(torch.finfo(dtype).eps, torch.finfo(source_dtype or dtype).eps)


def loss_tolerance(value: torch.Tensor) -> torch.Tensor:
    """64·eps·(1 + |f|): the smallest difference of two loss values taken as real."""
    return LOSS_FACTOR * torch.finfo(value.dtype).eps * (1 + value.abs())


def grad_rounding_tol(
    x: torch.Tensor, hess_fro: torch.Tensor, value: torch.Tensor, source_dtype: torch.dtype | None = None
) -> torch.Tensor:
    """Gradient size reachable by rounding alone at a constructed critical point:
    64·p·eps·(‖H‖_F·(1 + ‖x‖) + 1 + |f|) (the second term a floor where the Hessian vanishes, e.g. W = 0).
    eps is that of ``source_dtype`` when the point was constructed in a coarser dtype than x's: a point stored
    in float32 is off the exact critical point by up to eps₃₂·‖x‖ per coordinate, so its exact gradient is up
    to ‖H‖·eps₃₂·‖x‖ even when recomputed in float64."""
    p = x.shape[-1]
    eps = _eps(x.dtype, source_dtype)
    return LOSS_FACTOR * p * eps * (hess_fro * (1 + x.norm(dim=-1)) + 1 + value.abs())


@dataclass(frozen=True)
class Examination:
    """Per-candidate (length-B) loss, gradient norm, Hessian eigenvalue range and tolerances."""

    loss: torch.Tensor
    grad_norm: torch.Tensor
    eig_min: torch.Tensor
    eig_max: torch.Tensor
    eig_tol: torch.Tensor
    hess_fro: torch.Tensor
    grad_tol: torch.Tensor

    @property
    def finite(self) -> torch.Tensor:
        """Whether float64 represents the point's loss, gradient and Hessian: where not (a point scaled past
        float64's range), no check on them verifies anything, and the caller's decision is undecided."""
        return (
            torch.isfinite(self.loss)
            & torch.isfinite(self.grad_norm)
            & torch.isfinite(self.eig_min)
            & torch.isfinite(self.eig_max)
        )

    @property
    def critical(self) -> torch.Tensor:
        return self.grad_norm <= self.grad_tol

    @property
    def strict_saddle(self) -> torch.Tensor:
        return self.critical & (self.eig_min < -self.eig_tol)

    @property
    def strict_minimum(self) -> torch.Tensor:
        return self.critical & (self.eig_min > self.eig_tol)

    @property
    def psd(self) -> torch.Tensor:
        return self.critical & (self.eig_min >= -self.eig_tol)

    @property
    def zero_hessian(self) -> torch.Tensor:
        return self.critical & (torch.maximum(self.eig_min.abs(), self.eig_max.abs()) <= self.eig_tol)


def examine_cost(p: int, loss_flops: float) -> tuple[int, float]:
    """(elements, flops) of :func:`examine` at one point of ``p`` coordinates whose loss costs ``loss_flops``,
    for a claim's cost hook (claims.engine.resources): the Hessian by forward-over-reverse autodiff holds p × p
    entries, with its symmetrised copy and the eigensolver's work about 4p² in all, and costs about
    4p·loss_flops, its spectrum about 10p³. A size read from the parameters alone misses both: p is a product
    of widths, and the Hessian's memory and the eigensolver's work grow as its square and cube."""
    return 4 * p * p, 4.0 * p * loss_flops + 10.0 * float(p) ** 3


def examine(
    f: Callable[..., torch.Tensor],
    x: torch.Tensor,
    data: tuple[torch.Tensor, ...] = (),
    *,
    grad_tol: torch.Tensor | float | None = None,
    overflow: str = "raise",
) -> Examination:
    """Recompute f, ∇f and ∇²f at each row of ``x`` (B, p) in float64, with ``data`` batched along dim 0.

    ``grad_tol`` None means the rounding level :func:`grad_rounding_tol` (for constructed critical points).
    A Hessian with entries past float64's range (a point scaled beyond it) has no spectrum and verifies
    nothing: ``overflow`` "raise" refuses the run (:class:`claims.spec.Infeasible`, said as INCONCLUSIVE, where
    LAPACK would raise on the whole batch); "nan" gives such points NaN eigenvalues, for a caller that decides
    them undecided through :attr:`Examination.finite`.
    Rounding tolerances (gradient, eigenvalues) use the eps of x's own dtype when it is coarser than float64:
    the candidate is only known to that precision, and moving a point by δ moves ∇f by ≈ ‖H‖δ and the
    Hessian's eigenvalues by ≈ ‖∇³f‖δ, of the order of eps_source·‖H‖ for the O(1)-scaled losses here.
    """
    if overflow not in ("raise", "nan"):
        raise ValueError(f"overflow must be 'raise' or 'nan', got {overflow!r}")
    src = x.dtype
    x64 = x.detach().to(torch.float64)
    d64 = tuple(t.detach().to(torch.float64) for t in data)
    dims = (0,) * (1 + len(d64))
    value = vmap(f, in_dims=dims)(x64, *d64)
    g = vmap(grad(f), in_dims=dims)(x64, *d64)
    H = vmap(hessian(f), in_dims=dims)(x64, *d64)
    H = (H + H.transpose(-1, -2)) / 2
    finite = torch.isfinite(H).flatten(-2).all(-1)
    if overflow == "raise" and not bool(finite.all()):
        raise Infeasible(
            f"the Hessian at {int((~finite).sum())} of {finite.numel()} candidate points is not finite in float64 "
            "(the point is scaled past its range): no check on it verifies anything; lower the instance's scale"
        )
    eig = symeig.eigvalsh(torch.where(finite[..., None, None], H, torch.zeros_like(H)))
    eig = torch.where(finite[..., None], eig, torch.full_like(eig, math.nan))
    fro = torch.linalg.matrix_norm(H, "fro")
    if grad_tol is None:
        gt = grad_rounding_tol(x64, fro, value, src)
    else:
        gt = torch.as_tensor(grad_tol, dtype=torch.float64, device=x64.device).expand_as(value)
    return Examination(value, g.norm(dim=-1), eig[..., 0], eig[..., -1], eig_tolerance(H, src), fro, gt)


def descent_certificate(
    f: Callable[..., torch.Tensor],
    x: torch.Tensor,
    direction: torch.Tensor,
    steps: torch.Tensor,
    data: tuple[torch.Tensor, ...] = (),
) -> tuple[torch.Tensor, torch.Tensor]:
    """(certified, drop): f(x + s·u) < f(x) − loss_tol for some step s of ``steps`` (S,), per candidate.

    ``drop`` is the best normalised decrease (f(x) − min_s f(x + s·u)) / loss_tol: > 1 certifies that x is
    not a local minimum (points arbitrarily close with smaller loss, as the steps shrink).
    """
    x64, u = x.detach().to(torch.float64), direction.detach().to(torch.float64)
    d64 = tuple(t.detach().to(torch.float64) for t in data)
    dims = (0,) * (1 + len(d64))
    base = vmap(f, in_dims=dims)(x64, *d64)
    moved = x64[:, None, :] + steps.to(x64)[None, :, None] * u[:, None, :]
    inner = vmap(f, in_dims=(0,) + (None,) * len(d64))
    vals = vmap(inner, in_dims=dims)(moved, *d64)
    drop = (base - vals.amin(-1)) / loss_tolerance(base)
    return drop > 1, drop
