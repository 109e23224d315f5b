"""Trials of the landscape of deep linear networks (Chitour, Liao, Couillet 2018, arXiv:1811.03568, seed 003):
its critical values and saddles, and, for one hidden layer, convergence of GD to a global minimum."""

from __future__ import annotations

import torch

from claims.engine import witness
from claims.spec import Instance, Outcome
from models import deep_linear as dl
from models.checks import InvalidInputError


def critical_values_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: distinct singular values s_1 > … > s_{d_y} (uniform in [0.5, 3]), X = I_{d0},
    Y = (diag(s) 0). For every subset I of unfitted values (all 2^{d_y}) construct two critical points of
    :func:`models.deep_linear.critical_point`, the balanced one (lift 0) and the lifted one (the middle layers
    carry ``lift`` on the unfitted coordinates), and verify with :mod:`claims.witness`:
    (a) ∇L = 0 to rounding (witness.grad_rounding_tol), (b) L = ½ Σ_{i∈I} s_i^power to loss_tol (power = 2
    is the theorem), (c) I = ∅ (the global minimum, L = 0): Hessian PSD; I ≠ ∅: not a local minimum,
    certified by a loss decrease along the direction that grows every layer's (i, i) entry, i ∈ I
    (ΔL = −t^{H+1} Σ_{i∈I} s_i + O(t^{2H+2}); at a lifted point −t² lift^{H−1} Σ_{i∈I} s_i + O(t³)),
    (d) the clause of Proposition (iii): where r_Z > r, λ_min(∇²L) < −eig_tol (witness.strict_saddle).

    Reading of (iii) (seed 003, "Study of Crit(L)"): r = r_R(W) = rank R(W), R = (ΠW)_2^{H+1} = W_{H+1}⋯W_2,
    and r_Z = rank Z(W), Z = (ΠW)_2^H = W_H⋯W_2 (for H = 1 the empty product I_{d_1}, so r_Z = d_1);
    r_Z ≥ r always (R = W_{H+1}Z; the seed's "r_Z ≥ R" is read as r_Z ≥ r_R). Both ranks are computed from
    the constructed factors (torch.linalg.matrix_rank, default tolerance σ_max·max(size)·eps; the nonzero
    singular values are products of s_i^{1/(H+1)} ≥ 0.5 and lift, the others exact zeros). The
    balanced points have r_Z = r for H ≥ 2 and r_Z = d_1 > r for H = 1; the lifted points have
    r_Z = d_y > r = |fitted| whenever I ≠ ∅. Where the premise fails (r_Z = r, H ≥ 2) the clause says nothing:
    those points are counted in ``details`` with how many have no negative eigenvalue (e.g. the balanced point
    fitting the top values: its Hessian is PSD although it is a saddle), and are not judged by (d).
    ``saddle_curvature`` = "psd", the mutant, demands instead that the r_Z > r points have ∇²L ≽ −eig_tol
    (that they pass the second-order test of a minimum). Widths d_j ≥ d_y (the construction needs them).
    """
    p = instance.params
    dims = dl.parse_dims(p["dims"])
    dy = dims[-1]
    if min(dims[:-1]) < dy:
        raise InvalidInputError(f"critical_values needs every width >= d_y = {dy}, got dims {p['dims']}")
    s = (0.5 + 2.5 * torch.rand(batch, dy, generator=generator, dtype=dtype, device=device)).sort(-1, True).values
    S, keep, Ws, X, Y = constructed_points(s, dims, p["lift"])
    ok, margin, det = _check_points(p, dims, S, keep, Ws, X, Y)
    # per trial: its 2^{d_y} balanced points and its 2^{d_y} lifted ones
    per = lambda t: t.reshape(2, batch, 2**dy).transpose(0, 1).reshape(batch, -1)  # noqa: E731
    return Outcome(
        passed=per(ok).all(-1),
        margin=per(margin).amin(-1),
        premise_held=torch.ones(batch, dtype=torch.bool, device=device),
        details={
            "max_grad_norm": per(det["grad_norm"]).amax(-1),
            "max_loss_error": per(det["loss_err"]).amax(-1),
            "saddles_rz_gt_r": per(det["clause"]).sum(-1).to(dtype),
            "max_eig_min_rz_gt_r": per(torch.where(det["clause"], det["eig_min"], -torch.inf)).amax(-1).to(dtype),
            "saddles_rz_eq_r": per(det["outside"]).sum(-1).to(dtype),
            "saddles_rz_eq_r_without_negative_eig": per(det["no_negative"]).sum(-1).to(dtype),
        },
    )


def constructed_points(s: torch.Tensor, dims, lift: float):
    """For s (B, d_y) and every subset of fitted values (all 2^{d_y} masks ``keep``): the balanced critical point
    and the lifted one (models.deep_linear.critical_point), X = I_{d0}, Y = (diag(s) 0). Returns
    (S, keep, Ws, X, Y) batched over 2·B·2^{d_y} rows (balanced points first)."""
    batch, dy = s.shape
    dtype, device = s.dtype, s.device
    masks = torch.tensor([[(k >> i) & 1 for i in range(dy)] for k in range(2**dy)], dtype=dtype, device=device)
    S = s.repeat_interleave(2**dy, 0).repeat(2, 1)
    keep = masks.repeat(2 * batch, 1)  # keep = 1: fitted
    N = batch * 2**dy
    balanced = dl.critical_point(S[:N], keep[:N], dims)
    lifted = dl.critical_point(S[N:], keep[N:], dims, lift=lift)
    Ws = [torch.cat(pair) for pair in zip(balanced, lifted, strict=True)]
    X = torch.eye(dims[0], dtype=dtype, device=device).expand(S.shape[0], -1, -1)
    Y = torch.cat([torch.diag_embed(S), torch.zeros(S.shape[0], dy, dims[0] - dy, dtype=dtype, device=device)], -1)
    return S, keep, Ws, X, Y


def _check_points(p, dims, S, keep, Ws, X, Y):
    """Checks (a)–(d) of :func:`critical_values_trial` per point: (ok, margin, details)."""
    dtype, device = S.dtype, S.device
    x = dl.flatten(Ws)
    f = dl.flat_loss(dims)
    e = witness.examine(f, x, (X, Y))
    predicted = 0.5 * (S ** p["power"] * (1 - keep)).sum(-1)
    loss_err = (e.loss - predicted).abs() / witness.loss_tolerance(predicted)
    unfit = (1 - keep).bool()
    u = dl.flatten(dl.critical_point(torch.ones_like(S), unfit.to(dtype), dims))  # the (i, i) entries, i ∈ I
    steps = torch.logspace(-3, -0.5, 6, dtype=dtype, device=device)
    certified, _ = witness.descent_certificate(f, x, u, steps, (X, Y))
    global_min = ~unfit.any(-1)
    shape_ok = torch.where(global_min, e.psd, certified)
    # (d) Proposition (iii): r = rank W_{H+1}⋯W_2, r_Z = rank W_H⋯W_2
    r_R = torch.linalg.matrix_rank(dl.product(Ws, 1))
    r_Z = torch.linalg.matrix_rank(dl.product(Ws, 1, len(dims) - 2))
    clause = (r_Z > r_R) & ~global_min
    if p["saddle_curvature"] == "negative":
        curv_ok, curv_margin = e.strict_saddle, (-e.eig_min - e.eig_tol) / e.hess_fro
    else:
        curv_ok, curv_margin = e.psd, (e.eig_min + e.eig_tol) / e.hess_fro
    curv_ok = ~clause | curv_ok
    curv_margin = torch.where(clause, curv_margin, torch.ones_like(curv_margin))
    ok = e.critical & (loss_err <= 1) & shape_ok & curv_ok
    margin = torch.minimum(torch.minimum(1 - loss_err, 1 - e.grad_norm / e.grad_tol), curv_margin)
    outside = ~global_min & ~clause  # saddles where the clause's premise fails (r_Z = r)
    details = {
        "grad_norm": e.grad_norm,
        "loss_err": loss_err,
        "clause": clause,
        "eig_min": e.eig_min,
        "outside": outside,
        "no_negative": outside & (e.eig_min >= -e.eig_tol),
    }
    return ok, margin, details


def h1_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: one hidden layer (dims d0, d1, d_y), separated data and a random start, GD with a refreshed
    step (models.deep_linear.descent_end) for the instance's K = ``steps`` steps; r = min(d1, d0, d_y) and the
    claimed global value L* = ½(‖Y‖² − Σ_{i≤r+rank_offset} σ_i(YX⁺X)²) (rank_offset = 0: Eckart–Young).

    * passed: L(W_K) − L* ≤ tol = gap_rel·½(σ_r² − σ_{r+1}²) + loss_tol: below every other critical value
      (they are ½(‖Y‖² − Σ_{i∈J} σ_i²), |J| ≤ r), and L decreases along GD, so the limit is a global minimum;
    * failed (verified): GD sits at a critical point to rounding (‖∇L‖ ≤ witness.grad_rounding_tol: GD cannot
      leave it) with L − L* > tol, or L* is unreachable, below the Eckart–Young value min_W L by more than tol;
    * undecided: neither (the run has not converged within its K steps).

    The measure-zero exception (W(0) = 0, a saddle with zero gradient) is the mutant ``start_at_saddle``; the
    mutant ``wrong_global_value`` (rank_offset = 1) claims a value below the Eckart–Young one.
    """
    p = instance.params
    dims = dl.parse_dims(p["dims"])
    if len(dims) != 3:
        raise InvalidInputError(f"h1_global has one hidden layer: dims d0,d1,dy; got {p['dims']}")
    kw = {"batch": batch, "generator": generator, "dtype": dtype, "device": device}
    X, Y, Ws = dl.descent_end(p["n"], dims, init_scale=p["init_scale"], steps=p["steps"], **kw)
    k = min(dims[0], dims[-1])
    r = min(dims[1], k)
    Lstar = dl.optimal_loss(X, Y, min(r + p["rank_offset"], k))
    tol = p["gap_rel"] * dl.gap_scale(X, Y, r) + witness.loss_tolerance(Lstar)
    e = witness.examine(dl.flat_loss(dims), dl.flatten(Ws), (X, Y))
    ratio = (e.loss.to(dtype) - Lstar) / tol
    unreachable = dl.optimal_loss(X, Y, r) - Lstar > tol
    stuck = e.critical.to(ratio.device) & (ratio > 1)
    return Outcome.ratio_at_most(
        ratio,
        undecided=(ratio > 1) & ~stuck & ~unreachable,
        details={"gap_ratio": ratio, "stuck_at_critical_point": stuck.to(dtype)},
    )
