"""Trial of the lecture notes on the non-convex landscape's remark that the loss of a ReLU net is not C² (its Hessian
jumps across a kink).

Exists claims cannot be REFUTED by the runner (not finding a witness is not evidence against existence), so
``landscape.relu_not_c2`` is encoded as its forall companion (every point of the kink hyperplane is a
witness), which implies the exists statement and can be refuted by a mutant.
"""

from __future__ import annotations

import torch
from hypothesis import strategies as st
from torch.func import vmap

from claims.spec import ByProfile, Instance, Outcome, compare_at_least
from models.autodiff import hessian

D_MAX = ByProfile(quick=6, standard=20, full=50)


def relu_strategy(profile: str):
    return st.fixed_dictionaries({"d": st.integers(1, D_MAX[profile])})


def relu_cost(params) -> tuple[int, float]:
    """Per trial: four d × d Hessians by autograd (forward over reverse, d passes of about 8d flops each) and two
    differences' norms; one Hessian's d² entries set the memory (the engine's safety factor counts the others).
    The generic rule counts d once: d = 10⁴ had been admitted under --max-work 1e9 and ran past 30 s."""
    d = params["d"]
    return d * d, 4 * 8.0 * d * d + 4.0 * d * d


def relu_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial (forall companion of the exists claim): a unit x ∈ R^d and y ~ N(0,1), drawn; w₀ a random
    point of the kink hyperplane wᵀx = 0. Hessians of ℓ(w) = ½(σ(wᵀx) − y)² are recomputed by autograd in
    float64 at w₀ ± s x for s ∈ {s_min, max(1e4·s_min, 1e-4)}, s_min = max(64·d·eps·(1 + ‖w₀‖), 1e-8) the smallest
    offset that rounding cannot carry back across the kink (eps of the trial's dtype): for σ = relu the
    Hessian is xxᵀ on one side and 0 on the other,
    so the jump ‖H(w₀ + s x) − H(w₀ − s x)‖_F = ‖x‖² = 1 at every s (it does not vanish as s → 0: ℓ is not
    C² at w₀). Pass iff the jump ≥ ½ at both scales, decided three-way with tol = 2·8·d·eps (each Hessian is
    exact to rounding 8·d·eps·‖H‖, ‖H‖ ≤ 1 here; claims.spec.compare_at_least): the threshold ½ sits midway
    between the jump 1 of relu and the O(s) of a C² loss, so it is a decision threshold, not the theorem's.
    The mutant replaces relu by softplus_β with β = 1 (C^∞): the jump is O(s) and the trial fails.
    """
    p = instance.params
    d = p["d"]
    kw = {"generator": generator, "dtype": dtype, "device": device}
    x = torch.randn(batch, d, **kw)
    x = x / x.norm(dim=-1, keepdim=True)
    y = torch.randn(batch, **kw)
    w = torch.randn(batch, d, **kw)
    w = w - (w * x).sum(-1, keepdim=True) * x  # on the hyperplane wᵀx = 0

    def loss(w1, x1, y1):
        z = w1 @ x1
        act = torch.relu(z) if p["activation"] == "relu" else torch.nn.functional.softplus(z)
        return 0.5 * (act - y1) ** 2

    hess = vmap(hessian(loss))
    # the smallest offset whose side of the kink survives rounding: w is on the hyperplane only up to rounding,
    # the computed (w ± s x)ᵀx carries an error ≤ d·eps·‖w‖‖x‖ (a d-term dot product) plus eps·‖w‖ from storing
    # w ± s x, so s ≥ 64·d·eps·(1 + ‖w‖) fixes the sign; in float64 (d ≤ 50) that is ≤ 1e-11, in float32 ≤ 1e-3.
    # The second scale is 1e4 times larger (at least the former fixed 1e-4).
    s_min = (64 * d * torch.finfo(dtype).eps * (1 + w.norm(dim=-1, keepdim=True))).clamp_min(1e-8)
    jumps = []
    for s in (s_min, torch.maximum(1e4 * s_min, torch.full_like(s_min, 1e-4))):
        jumps.append(torch.linalg.matrix_norm(hess(w + s * x, x, y) - hess(w - s * x, x, y), "fro"))
    jump = torch.minimum(*jumps)
    passed, undecided = compare_at_least(jump, 0.5, 16 * d * torch.finfo(dtype).eps)
    return Outcome(
        passed=passed,
        undecided=undecided,
        margin=jump / 0.5 - 1,
        premise_held=torch.ones_like(jump, dtype=torch.bool),
        details={"hessian_jump": jump},
    )
