"""Trials of Kawaguchi 2016 (NeurIPS, arXiv:1605.07110, seed 000): W = 0 is a non-strict saddle of a deep
linear net with two or more hidden layers, and every local minimum of a deep linear net is global. The
mathematics is in models.deep_linear; candidates are verified by claims.engine.witness."""

from __future__ import annotations

import itertools

import torch

from claims.engine import witness
from claims.spec import Instance, Outcome
from models import deep_linear as dl


def nonstrict_saddle_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: random X (d0×n), Y (d_y×n); W = 0 examined by :mod:`claims.witness` for one hidden layer
    (dims d0, d1, d_y) and for H = depth ≥ 2 hidden layers of width d1. Pass iff

    * H = 1: W = 0 is a strict saddle (λ_min(∇²L) < −eig_tol; the Hessian there is the block [[0, −M],[−Mᵀ,0]]
      built from M = YXᵀ ≠ 0, eigenvalues ±σ_i(YXᵀ));
    * H ≥ 2: ∇L = 0, ∇²L = 0 to eig_tol, and W = 0 is not a local minimum: along W₁ = t e₁vᵀ,
      W_j = t e₁e₁ᵀ, W_{H+1} = t u e₁ᵀ ((u, v) the top singular pair of YXᵀ) the loss drops by
      t^{H+1}σ₁(YXᵀ) − O(t^{2H+2}), certified by witness.descent_certificate.

    The mutant ``deep_strict`` demands a negative Hessian eigenvalue also for H ≥ 2.
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
    shallow = e1.strict_saddle
    shallow_margin = -e1.eig_min / e1.hess_fro - e1.eig_tol / e1.hess_fro
    if p["deep_strict"]:
        deep = ed.strict_saddle
        deep_margin = torch.where(deep, 1.0, -1.0) * torch.ones_like(dropd)
    else:
        deep = ed.critical & ed.zero_hessian & okd
        deep_margin = 1 - 1 / dropd.clamp_min(1e-300)
    return Outcome.all_passed(
        {"shallow": (shallow, shallow_margin), "deep": (deep, deep_margin)},
        details={"shallow_eig_min": e1.eig_min, "deep_max_abs_eig": torch.maximum(ed.eig_min.abs(), ed.eig_max.abs())},
    )


def no_bad_minima_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: GD from a random start (models.deep_linear.descent_end). Premise: the end point is an
    approximate local minimum, ‖∇L‖ ≤ grad_rel·‖YXᵀ‖₂ and ∇²L ≽ −eig_tol (witness.examine, autograd in
    float64); an end point that is not yet critical is outside the premise (the run has not converged).
    Conclusion: it is global, L − L* ≤ gap_rel·½(σ_r² − σ_{r+1}²): its loss is far closer to the global
    value L* = ½(‖Y‖² − Σ_{i≤r+rank_offset} σ_i²) than to any other critical value (r = the narrowest width).
    The mutant's rank_offset = 1 uses a global value one singular value too low (dims keep r < min(d0, d_y)).
    """
    p = instance.params
    dims = dl.parse_dims(p["dims"])
    r = min(dims[1:-1])
    kw = {"batch": batch, "generator": generator, "dtype": dtype, "device": device}
    X, Y, Ws = dl.descent_end(p["n"], dims, init_scale=p["init_scale"], steps=p["steps"], **kw)
    # the gradient scale: ‖Y Xᵀ‖₂ is the size of ∇L at unit-size weights; the tolerance is relative to it
    scale = torch.linalg.matrix_norm(Y @ X.mT, 2)
    e = witness.examine(dl.flat_loss(dims), dl.flatten(Ws), (X, Y), grad_tol=p["grad_rel"] * scale)
    premise = e.psd
    Lstar = dl.optimal_loss(X, Y, min(r + p["rank_offset"], min(dims[0], dims[-1])))
    tol = p["gap_rel"] * dl.gap_scale(X, Y, r) + witness.loss_tolerance(Lstar)
    ratio = (e.loss - Lstar) / tol
    return Outcome(
        passed=ratio <= 1,
        margin=1 - ratio,
        premise_held=premise,
        details={"loss_gap": e.loss - Lstar, "grad_norm": e.grad_norm},
    )
