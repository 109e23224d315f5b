"""Trial of Safran & Shamir 2018 (ICML, arXiv:1712.08968), §4 and Table 1: the teacher–student two-layer ReLU
net with k = k neurons and Gaussian inputs has spurious local minima for 6 ≤ k ≤ 20. The search is in
models.teacher_student; every candidate is verified by claims.engine.witness."""

from __future__ import annotations

import torch
from hypothesis import strategies as st

from claims.engine import witness
from claims.spec import ByProfile, Instance, Outcome, compare_at_least
from models import teacher_student as ts
from models.numerics import decide_negative, decide_positive

K_MAX = ByProfile(quick=9, standard=10, full=12)


#: the sizes Safran & Shamir's computer-assisted proof covers (Section 4, Table 1)
K_PROVEN = (6, 20)


def spurious_premises(instance: Instance, device, dtype) -> list[str]:
    """The range of k the paper states spurious minima for: 6 ≤ k ≤ 20 (its proof is computer-assisted, one k at
    a time); outside it the paper states nothing."""
    del device, dtype
    k = instance.params["k"]
    lo, hi = K_PROVEN
    if lo <= k <= hi:
        return []
    return [f"k = {k} is outside {lo} ≤ k ≤ {hi}, the sizes Safran & Shamir's computer-assisted proof covers"]


def spurious_strategy(profile: str):
    return st.fixed_dictionaries({"k": st.integers(8, K_MAX[profile])})


def stall_gradient(flat: torch.Tensor, eta: float) -> torch.Tensor:
    """8·√p·eps·(1 + ‖W‖)/η: the gradient size at which GD in the dtype of ``flat`` (S, p) stops moving (an
    update η·∂_iF below half an ulp of W_i no longer changes it)."""
    p = flat.shape[-1]
    return 8 * p**0.5 * torch.finfo(flat.dtype).eps * (1 + flat.norm(dim=-1)) / eta


def verify(p, W: torch.Tensor, V: torch.Tensor, eta: float):
    """Candidates W (C, k, k) examined by claims.engine.witness (F, ∇F, ∇²F by autograd in float64):
    (examination, ok, margin) with ok = ‖∇F‖ ≤ grad_tol + stall, the curvature test of ``curvature`` ("psd": a
    local minimum, verified by λ_min(∇²F) > eig_tol, the second-order sufficient condition; an eigenvalue within
    eig_tol of 0 is no verified sign, so such a candidate is no witness; "negative", the mutant: λ_min < −eig_tol,
    which no local minimum has; models.numerics) and a verified positive loss gap F − loss_tol > loss_gap (the
    global value is 0). Margin: min(1 − ‖∇F‖/grad_tol, F/loss_gap − 1, curvature term)."""
    k = p["k"]
    flat = W.reshape(W.shape[0], k * k)
    gt = (p["grad_tol"] + stall_gradient(flat, eta)).double()
    e = witness.examine(ts.flat_population_loss(k, k), flat, (V.expand(W.shape[0], k, k),), grad_tol=gt)
    if p["curvature"] == "psd":
        curv, lam_term = decide_positive(e.eig_min, e.eig_tol)[0], e.eig_min / e.eig_tol - 1
    else:
        curv, lam_term = decide_negative(e.eig_min, e.eig_tol)[0], -1 - e.eig_min / e.eig_tol
    gap_ok, _ = compare_at_least(e.loss, p["loss_gap"], witness.loss_tolerance(e.loss))
    ok = e.critical & curv & gap_ok
    margin = torch.minimum(torch.minimum(1 - e.grad_norm / e.grad_tol, e.loss / p["loss_gap"] - 1), lam_term)
    return e, ok, margin


def spurious_cost(params) -> tuple[int, float, int]:
    """Per trial (one batch of ``starts`` runs): ``steps`` GD steps of each start on W (k × k; the population
    loss compares the 2k rows pairwise, about 8k³ flops with its gradient), then up to ``max_witnesses`` end
    points examined at once (witness.examine_cost, p = k²: their Hessians hold k⁴ entries each)."""
    k, starts = params["k"], params["starts"]
    elements, flops = witness.examine_cost(k * k, 8.0 * k**3)
    witnesses, steps = params["max_witnesses"], params["steps"]
    gd = 24.0 * starts * steps * k**3
    return max(witnesses * elements, 4 * starts * k * k), gd + witnesses * flops, steps


def spurious_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial = one batch of ``starts`` GD runs (models.teacher_student.spurious_search: teacher V = I_k,
    x ~ N(0, I_k), step η = eta_k/k, F's Hessian having norm ≤ about k/2); it passes when some end point is a
    verified spurious local minimum of F (:func:`verify`). Candidates: end points with F > loss_gap, a gradient
    within 10× the verification tolerance, and no parallel pair of rows (models.teacher_student.no_parallel_rows:
    autograd of arccos is infinite there); at most max_witnesses per trial batch are examined.

    Margin: the best candidate's margin of :func:`verify` (−1 without a candidate). Details: the share of starts
    whose end point verified (per trial) and the best witness's F and λ_min.
    """
    p = instance.params
    k, S = p["k"], p["starts"]
    eta = p["eta_k"] / k
    W, V = ts.spurious_search(
        k, starts=batch * S, steps=p["steps"], eta=eta, generator=generator, dtype=dtype, device=device
    )
    L = ts.population_loss(W, V).reshape(batch, S)
    gnorm = ts.population_grad(W, V).reshape(batch, S, -1).norm(dim=-1)
    gt = (p["grad_tol"] + stall_gradient(W.reshape(batch * S, -1), eta)).reshape(batch, S)
    smooth = ts.no_parallel_rows(W, V).reshape(batch, S)
    cand = (p["loss_gap"] < L) & (gnorm <= 10 * gt) & smooth  # a pre-screen; the witness decides
    zeros = torch.zeros(batch, dtype=dtype, device=device)
    margin, share, best_loss, best_lam = zeros - 1, zeros.clone(), zeros.clone(), zeros.clone()
    idx = cand.reshape(-1).nonzero()[:, 0][: p["max_witnesses"]]
    if idx.numel():
        e, ok, m = verify(p, W[idx], V, eta)
        owner = idx // S
        margin = margin.scatter_reduce(0, owner, m.to(dtype), "amax")
        share = share.index_add(0, owner, ok.to(dtype)) / S
        score = torch.where(ok, e.loss, torch.zeros_like(e.loss)).to(dtype)
        best = torch.full((batch,), -1.0, dtype=dtype, device=device).scatter_reduce(0, owner, score, "amax")
        hit = ok & (score == best[owner])
        best_loss = best_loss.index_put((owner[hit],), e.loss[hit].to(dtype))
        best_lam = best_lam.index_put((owner[hit],), e.eig_min[hit].to(dtype))
    return Outcome(
        passed=share > 0,
        margin=margin,
        premise_held=torch.ones(batch, dtype=torch.bool, device=device),
        details={
            "k": torch.full_like(share, float(k)),
            "share": share,
            "witness_loss": best_loss,
            "witness_lambda_min": best_lam,
        },
    )
