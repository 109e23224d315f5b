"""Numerical tolerances, each derived from the dtype and the problem size (never tuned to a verdict).

Every comparison of a computed quantity against a bound allows for the rounding error of the computation;
the functions here state that error for the computations the suite makes (eigenvalues, norms, sums,
pre-activations, residuals of a trajectory, the step refinement of the gradient flow). A claim writes the
tolerance beside its comparison and cites the function.

A comparison whose own error estimate is as large as the gap it must resolve decides nothing:
:func:`compare_at_most` returns a three-way answer (holds, violated, or neither) for a computed left-hand
side known to within ``err``.
"""

from __future__ import annotations

import torch

from models import symeig


def eps_of(*dtypes: torch.dtype | None) -> float:
    """The largest unit roundoff among ``dtypes`` (None entries ignored)."""
    return max(torch.finfo(d).eps for d in dtypes if d is not None)


def unit_norm_tolerance(d: int, dtype: torch.dtype) -> float:
    """Largest accepted | ||x|| - 1 | for a row of length d: the rounding of a normalisation, 4·d·eps."""
    return 4 * d * torch.finfo(dtype).eps


def eig_tolerance(H: torch.Tensor, source_dtype: torch.dtype | None = None) -> torch.Tensor:
    """An upper bound on the error of a computed eigenvalue of symmetric H (..., n, n): 8·n·eps·‖H‖_F.

    The error of a backward-stable symmetric eigensolver is a modest multiple of n·eps·‖H‖₂ (Golub & Van
    Loan §8.3), and rounding in forming H adds at most n·max|δH_ij| ≤ n·few·eps·max|H_ij| ≤ n·few·eps·‖H‖₂;
    the factor 8 covers both. ‖H‖₂ is bounded by the Frobenius norm so no second eigensolve is needed.
    eps is the larger of H's and ``source_dtype``'s (the dtype a point behind H was computed in).
    """
    eps = eps_of(H.dtype, source_dtype)
    return 8 * H.shape[-1] * eps * torch.linalg.matrix_norm(H, "fro")


def lambda_min_and_tolerance(H: torch.Tensor) -> tuple[float, float]:
    """(λ_min(H), its rounding tolerance) of one symmetric (n, n) matrix, as floats: the smallest eigenvalue
    (eigvalsh) and :func:`eig_tolerance`, 8·n·eps·‖H‖_F, within which it is 0."""
    return float(symeig.eigvalsh(H)[..., 0]), float(eig_tolerance(H))


def gram_eig_tolerance(n: int, dtype: torch.dtype) -> float:
    """:func:`eig_tolerance` for a two-layer Gram matrix H(W) known only through its size: |H_ij| ≤ 1, so
    ‖H‖_F ≤ n and the bound is 8·n·eps·n (used where only λ_min(H) was recorded, e.g. along the flow)."""
    return 8 * n * torch.finfo(dtype).eps * n


def norm_tolerance(dtype: torch.dtype) -> float:
    """Relative rounding of a Euclidean norm of a difference (and of a bound computed from a few such norms):
    64·eps, a generous multiple of the √(length)·eps/2 typical error of a summed square root."""
    return 64 * torch.finfo(dtype).eps


def residual_tolerance(n: int, m: int, dtype: torch.dtype) -> tuple[float, float]:
    """Rounding of ‖u − y‖² computed along a trajectory of the two-layer net (u a sum of m terms, the norm a
    sum of n): relative 16(n + m)·eps, and absolute n·(64·eps)² for residuals driven to the rounding floor
    (each u_i is then known only to about 64·eps)."""
    eps = torch.finfo(dtype).eps
    return 16 * (n + m) * eps, n * (64 * eps) ** 2


def preactivation_tolerance(W: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    """(..., m, 1): the rounding of w_rᵀx_i for unit rows x_i, 4·d·eps·‖w_r‖ (a dot product of length d
    has error at most d·eps·Σ|w_k x_k| ≤ d·eps·‖w_r‖; ×4 for the data's own unit-norm rounding)."""
    d = X.shape[-1]
    return 4 * d * eps_of(W.dtype, X.dtype) * torch.linalg.vector_norm(W, dim=-1, keepdim=True)


def flow_tolerance(dtype: torch.dtype) -> float:
    """Relative tolerance of the gradient flow's step refinement (models.dynamics.flow): 1e-4, or 1e4·eps
    where that is larger.

    RK4's error falls 16-fold per halving on smooth stretches, but the ReLU field is discontinuous where an
    activation pattern changes and there the scheme is first order (measured: the change halves per
    halving at m = 200, d = 4), and erratically so: :func:`flow_error` says how the error is estimated."""
    return max(1e-4, 1e4 * torch.finfo(dtype).eps)


def flow_error(
    change: torch.Tensor, before: torch.Tensor | None = None, floor: torch.Tensor | float = 0.0
) -> torch.Tensor:
    """Error estimate of the finest flow run, per trial and time: max(2·change, 2·before, floor).

    ``change`` = |r_h − r_{h/2}| against the previous step, ``before`` = |r_{2h} − r_h| one halving earlier
    (None after the first halving), ``floor`` = tol·scale, the accuracy at which models.dynamics.flow accepts
    a run. The scheme is first order where an activation pattern changes: each kink a step crosses adds an
    error of order h whose sign depends on where in the step it falls, so one change can be far below the
    error it is meant to estimate; and runs at h and h/2 that both step over a short excursion of an
    activation agree with each other and miss the flow alike. It is an estimate, not a bound: the report's
    experiment du2018a.flow_accuracy (claims.catalogue.du2018a.flow_accuracy) measures, on Theorem 3.2's own
    trials against runs 16 and 32 times finer, how often it and 2·change alone (the estimate until 2026-12)
    fall short of the error. A bound would take an integrator that steps from one pattern change to the next
    (between them the residual solves dr/dt = −H_S r exactly) and follows sliding along a kink.
    tests/unit/test_dynamics.py checks the estimate against a fine run."""
    err = 2 * change if before is None else 2 * torch.maximum(change, before)
    return torch.maximum(err, torch.as_tensor(floor, dtype=change.dtype, device=change.device))


def compare_at_most(lhs, rhs, *, err=0.0, tol=0.0) -> tuple[torch.Tensor, torch.Tensor]:
    """Decide lhs ≤ rhs for a computed lhs known to within ``err`` (a numerical error estimate, e.g. of an
    integration) and a rounding allowance ``tol`` on the comparison itself. Returns (holds, violated):
    holds iff lhs + err ≤ rhs + tol, violated iff lhs − err > rhs + tol; neither (undecided) in between.
    With err = 0 exactly one of the two is true."""
    lhs, rhs = torch.as_tensor(lhs), torch.as_tensor(rhs)
    holds = lhs + err <= rhs + tol
    violated = lhs - err > rhs + tol
    return holds, violated


def decide_negative(value, tol) -> tuple[torch.Tensor, torch.Tensor]:
    """Decide the strict sign "value < 0" (a strict saddle's smallest Hessian eigenvalue) from an estimate with
    error at most ``tol`` (≥ 0, from the dtype and size): (passed, undecided). Passed where value < −tol (the
    sign is verified), failed where value ≥ tol (verified non-negative; with tol = 0 an exact 0 fails, e.g. a
    Hessian that is exactly zero), undecided in between: an eigenvalue within its tolerance of 0 is no verified
    sign. A NaN fails."""
    value = torch.as_tensor(value)
    tol = torch.as_tensor(tol, dtype=value.dtype, device=value.device)
    passed = value < -tol
    failed = (value >= tol) | torch.isnan(value)
    return passed, ~passed & ~failed


def decide_positive(value, tol) -> tuple[torch.Tensor, torch.Tensor]:
    """Decide the strict sign "value > 0" (a strict minimum's smallest Hessian eigenvalue, a positive loss gap):
    :func:`decide_negative` of −value. (passed, undecided); a NaN fails."""
    value = torch.as_tensor(value)
    passed, undecided = decide_negative(-value, tol)
    return passed & ~torch.isnan(value), undecided & ~torch.isnan(value)


def undecided_unless(finite, passed, undecided) -> tuple[torch.Tensor, torch.Tensor]:
    """A three-way decision (passed, undecided) made undecided where ``finite`` is False. For statements that
    hold at every step exactly (an identity, a triangle inequality over the steps), a quantity past float64's
    range (inf, NaN) verifies nothing; :func:`compare_at_most`'s rule that a NaN fails is for a diverged run
    where divergence is what the conclusion rules out."""
    finite = torch.as_tensor(finite)
    return passed & finite, undecided | ~finite


def all_three_way(*checks: tuple[torch.Tensor, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Several three-way checks (passed, undecided) of one conclusion, all of which must hold: passed where every
    check passed, failed where any check failed (a verified violation decides whatever the others did),
    undecided otherwise. Returns (passed, undecided)."""
    passed = torch.stack([torch.as_tensor(p) for p, _ in checks]).all(0)
    failed = torch.stack([~torch.as_tensor(p) & ~torch.as_tensor(u) for p, u in checks]).any(0)
    return passed, ~passed & ~failed
