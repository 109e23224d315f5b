"""Trials of Kawaguchi 2016 (NeurIPS, arXiv:1605.07110, Golikov's lecture notes (MIPT 2019)): W = 0 is a non-strict
saddle of a deep
linear net with two or more hidden layers, and every local minimum of a deep linear net is global. The
mathematics is in models.deep_linear; candidates are verified by claims.engine.witness."""

from __future__ import annotations

import itertools

import torch

from claims.engine import witness
from claims.spec import Instance, Outcome, compare_at_most, refusal
from models import deep_linear as dl
from models.numerics import all_three_way, decide_negative


def nonstrict_saddle_cost(params) -> tuple[int, float]:
    """Per trial, W = 0 examined at H = 1 and at H = depth (witness.examine_cost): p = Σ_j d_j d_(j+1) weights,
    the loss about 2n·p flops; the Hessian's p² and p³ dominate (width 100 at depth 2: p ≈ 10⁴, 0.8 GB)."""
    d0, d1, dy, n = params["d0"], params["width"], params["dy"], params["n"]
    elements, flops = 0, 0.0
    for h in (1, params["depth"]):
        p = d0 * d1 + (h - 1) * d1 * d1 + d1 * dy  # Σ_j d_j d_(j+1) over dims (d0, d1 × h, dy), without listing them
        e, f = witness.examine_cost(p, 2.0 * n * p)
        elements, flops = max(elements, e), flops + f
    return elements, flops


def nonstrict_saddle_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: random X (d0×n), Y (d_y×n); W = 0 examined by :mod:`claims.witness` for one hidden layer
    (dims d0, d1, d_y) and for H = depth ≥ 2 hidden layers of width d1. Pass iff

    * H = 1: W = 0 is a strict saddle, λ_min(∇²L) < 0 (the Hessian there is the block [[0, −M],[−Mᵀ,0]]
      built from M = YXᵀ ≠ 0, eigenvalues ±σ_i(YXᵀ)), decided three-way (models.numerics.decide_negative):
      passed below −eig_tol, failed at or above +eig_tol, undecided within eig_tol of 0;
    * H ≥ 2: ∇L = 0 and ∇²L = 0 to their rounding tolerances (equalities, decided two-way: beyond the tolerance
      is a verified violation), and W = 0 is not a local minimum: along W₁ = t e₁vᵀ, W_j = t e₁e₁ᵀ,
      W_{H+1} = t u e₁ᵀ ((u, v) the top singular pair of YXᵀ) the loss drops by t^{H+1}σ₁(YXᵀ) − O(t^{2H+2}),
      certified by witness.descent_certificate; a drop not certified beyond loss_tol is undecided.

    The mutant ``deep_strict`` demands a negative Hessian eigenvalue also for H ≥ 2 (decided as for H = 1: the
    Hessian there is exactly 0 and so is its tolerance, so the trial fails). Premises:
    :func:`nonstrict_saddle_premises`.
    """
    p = instance.params
    d0, d1, dy, n, depth = p["d0"], p["width"], p["dy"], p["n"], p["depth"]
    X = torch.randn(batch, d0, n, generator=generator, dtype=dtype, device=device)
    Y = torch.randn(batch, dy, n, generator=generator, dtype=dtype, device=device)
    results = {}
    for h in (1, depth):
        dims = (d0, *([d1] * h), dy)
        x = torch.zeros(batch, sum(a * b for a, b in itertools.pairwise(dims)), dtype=dtype, device=device)
        e = witness.examine(dl.flat_loss(dims), x, (X, Y))
        U, _, Vh = torch.linalg.svd(Y @ X.mT)
        u, v = U[..., 0], Vh[..., 0, :]
        Ws = []
        for j in range(h + 1):
            W = torch.zeros(batch, dims[j + 1], dims[j], dtype=dtype, device=device)
            if j == 0:
                W[:, 0, :] = v
            elif j == h:
                W[:, :, 0] = u
            else:
                W[:, 0, 0] = 1
            Ws.append(W)
        ok, drop = witness.descent_certificate(
            dl.flat_loss(dims), x, dl.flatten(Ws), torch.logspace(-2, 0, 9, dtype=dtype, device=device), (X, Y)
        )
        results[h] = (e, ok, drop)
    e1, _, _ = results[1]
    ed, okd, dropd = results[depth]
    shallow = decide_negative(e1.eig_min, e1.eig_tol)
    shallow_margin = -e1.eig_min / e1.hess_fro - e1.eig_tol / e1.hess_fro
    if p["deep_strict"]:
        deep = decide_negative(ed.eig_min, ed.eig_tol)
        deep_margin = torch.where(deep[0], 1.0, -1.0) * torch.ones_like(dropd)
    else:
        # ∇L = 0 and ∇²L = 0 are equalities, decided two-way (within rounding is consistent); the descent
        # certificate is a sufficient one: not certified is undecided, never a failure
        no = torch.zeros_like(okd)
        zero_hessian = torch.maximum(ed.eig_min.abs(), ed.eig_max.abs()) <= ed.eig_tol
        deep = all_three_way((ed.critical, no), (zero_hessian, no), (okd, ~okd))
        deep_margin = 1 - 1 / dropd.clamp_min(1e-300)
    passed, undecided = all_three_way(shallow, deep)
    margin = torch.minimum(shallow_margin, deep_margin.to(shallow_margin))
    return Outcome(
        passed=passed,
        margin=margin,
        premise_held=torch.ones_like(passed),
        undecided=undecided,
        details={
            "margin_shallow": shallow_margin,
            "margin_deep": deep_margin,
            "shallow_eig_min": e1.eig_min,
            "deep_max_abs_eig": torch.maximum(ed.eig_min.abs(), ed.eig_max.abs()),
        },
    )


def nonstrict_saddle_premises(instance: Instance, device, dtype) -> list[str]:
    """Kawaguchi's Theorem 2.3 assumes XXᵀ and XYᵀ of full rank with d_y ≤ d_x (Σ with distinct eigenvalues holds
    almost surely for the Gaussian data drawn here)."""
    p = instance.params
    return data_premises(p["d0"], p["dy"], p["n"])


def data_premises(dx: int, dy: int, n: int) -> list[str]:
    """Sentences for Theorem 2.3's rank assumptions (XXᵀ and XYᵀ of full rank, d_y ≤ d_x) that (d_x, d_y, n)
    leave unmet."""
    out = []
    if n < dx:
        out.append(f"n = {n} samples < d_x = {dx}: XXᵀ is singular, Theorem 2.3 assumes it of full rank")
    if dy > dx:
        out.append(f"d_y = {dy} > d_x = {dx}: Theorem 2.3 assumes d_y ≤ d_x")
    return out


def no_bad_minima_constraints(p) -> list[str]:
    """The domain of no_bad_minima's data, checked before any trial: n ≥ d0 (the separated data's X of full row
    rank, models.deep_linear.separated_data)."""
    return refusal(lambda: dl.check_full_row_rank(p["n"], dl.parse_dims(p["dims"])))


def no_bad_minima_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: GD from a random start (models.deep_linear.descent_end). Premise: the end point is an
    approximate second-order point, ‖∇L‖ ≤ grad_rel·‖YXᵀ‖₂ (a convergence tolerance) with no verified negative
    Hessian eigenvalue, λ_min(∇²L) ≥ −eig_tol (witness.examine, autograd in float64); an end point that is not
    yet critical, or a verified strict saddle, is outside the premise. Conclusion: it is global,
    L − L* ≤ gap_rel·½(σ_q² − σ_{q+1}²), decided three-way with the loss rounding loss_tol
    (claims.spec.compare_at_most): its loss is closer to the global value L* = ½(‖Y‖² − Σ_{i≤q} σ_i²) than to
    any other critical value (r = the narrowest width, q = r + rank_offset the rank L* fits).

    A verified failure needs a verified local minimum, which second-order information within rounding cannot
    give here: every minimum of a deep linear net has exact zero Hessian eigenvalues (the rescaling symmetry),
    and deep nets have non-strict saddles with ∇²L ≽ 0 (W = 0 for H ≥ 2, Theorem 2.3 (iv)). So an end point
    above the threshold is a failure only where it is verified global, L within loss_tol of the Eckart–Young
    value min_W L (then it is a local minimum whose value is not the claimed L*); otherwise it is undecided.
    The mutant's rank_offset = 1 uses a global value one singular value too low (dims keep r < min(d0, d_y)):
    GD's global minima then fail. Premises of Theorem 2.3 that an instance can leave unmet:
    :func:`no_bad_minima_premises`.
    """
    p = instance.params
    dims = dl.parse_dims(p["dims"])
    r = min(dims[1:-1])
    kw = {"batch": batch, "generator": generator, "dtype": dtype, "device": device}
    X, Y, Ws = dl.descent_end(p["n"], dims, init_scale=p["init_scale"], steps=p["steps"], **kw)
    # the gradient scale: ‖Y Xᵀ‖₂ is the size of ∇L at unit-size weights; the tolerance is relative to it
    scale = torch.linalg.matrix_norm(Y @ X.mT, 2)
    e = witness.examine(dl.flat_loss(dims), dl.flatten(Ws), (X, Y), grad_tol=p["grad_rel"] * scale)
    premise = e.critical & (e.eig_min >= -e.eig_tol)
    k = min(dims[0], dims[-1])
    q = min(r + p["rank_offset"], k)  # the rank the claimed value fits (r, but for the mutant)
    Lstar = dl.optimal_loss(X, Y, q)
    # the gap is the claimed value's own (a rank q at least k = min(d0, d_y) constrains nothing: the gap is then
    # the last singular value's); r's gap would let the mutant's global minima, ½σ_{r+1}² above its value,
    # pass at gap_rel ≥ σ_{r+1}²/(σ_r² − σ_{r+1}²)
    threshold, loss_tol = p["gap_rel"] * dl.gap_scale(X, Y, q), witness.loss_tolerance(Lstar)
    passed, near = compare_at_most(e.loss - Lstar, threshold, loss_tol)
    global_min = (e.loss - dl.optimal_loss(X, Y, min(r, k))).abs() <= loss_tol
    return Outcome(
        passed=passed,
        margin=1 - (e.loss - Lstar) / (threshold + loss_tol),
        premise_held=premise,
        undecided=~passed & (near | ~global_min),
        details={"loss_gap": e.loss - Lstar, "grad_norm": e.grad_norm, "verified_global": global_min.to(dtype)},
    )


def no_bad_minima_premises(instance: Instance, device, dtype) -> list[str]:
    """Theorem 2.3's data assumptions (XXᵀ, XYᵀ of full rank, d_y ≤ d_x) for the instance's widths; the data of
    models.deep_linear.separated_data has XXᵀ = I (n ≥ d0 is checked there) and distinct singular values."""
    dims = dl.parse_dims(instance.params["dims"])
    return data_premises(dims[0], dims[-1], instance.params["n"])
