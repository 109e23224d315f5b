"""Trial of minnorm.gd_zero_init: GD on ½‖Xw − y‖² from w₀ = 0 against the minimum-norm solution X⁺y."""

from __future__ import annotations

import math

import torch

from claims.spec import Instance, Outcome, compare_at_most
from models.checks import InvalidInputError


def gd_zero_init(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Draw X ∈ ℝ^{n×d} (d > n, i.i.d. N(0, 1/d), rank n almost surely) and y ∈ ℝⁿ (N(0, 1)); run
    w_{k+1} = w_k − η Xᵀ(Xw_k − y), η = c/λ_max(XᵀX); the claim, for every k = 1..K:

        ‖w_k − w†‖ ≤ ρ^k ‖w†‖,   w† = X⁺y,   ρ = 1 − f·ηλ⁺,   λ⁺ = λ_min(XXᵀ),

    with f = rate_factor = 1 (the mutant ``faster_rate`` asks f = 2) and w₀ = 0 (the mutant ``random_init``
    starts from a random w₀ of norm ‖w†‖). Why it holds: from 0 every iterate, and w†, lies in the row space
    of X, where I − ηXᵀX has eigenvalues 1 − ηλ ∈ [1 − c, 1 − ηλ⁺] ⊂ [0, 1) (c < 1), so the error contracts
    by 1 − ηλ⁺ per step. The horizon K = ⌈horizon·κ/c⌉ (κ = λ_max/λ⁺) is where ρ^K ≈ e^{−horizon}: the bound is
    then far above float64's rounding, and a w₀ whose null-space part does not decay is caught. A trial whose
    K exceeds ``max_steps`` is undecided unless it already failed. Each inequality is decided three ways
    (claims.spec.compare_at_most) with a rounding allowance of 64·(k + d)·eps·‖w†‖; the premise is rank X = n
    (λ⁺ above its own rounding error).
    """
    pr = instance.params
    n, d = pr["n"], pr["d"]
    if d <= n:
        raise InvalidInputError(f"parameter d must exceed n (an under-determined system), got d = {d}, n = {n}")
    X = torch.randn(batch, n, d, generator=generator, dtype=dtype, device=device) / math.sqrt(d)
    y = torch.randn(batch, n, generator=generator, dtype=dtype, device=device)
    gram = X @ X.mT  # n×n: its eigenvalues are XᵀX's non-zero ones
    eig = torch.linalg.eigvalsh(gram)
    lam_plus, lam_max = eig[:, 0], eig[:, -1]
    eps = torch.finfo(dtype).eps
    premise = lam_plus > 64 * n * eps * lam_max
    w_star = (X.mT @ torch.linalg.solve(gram, y.unsqueeze(-1))).squeeze(-1)  # X⁺y = Xᵀ(XXᵀ)⁻¹y
    norm_star = torch.linalg.vector_norm(w_star, dim=-1)
    eta = pr["step"] / lam_max
    rho = (1 - pr["rate_factor"] * eta * lam_plus).clamp(min=0)
    horizon = torch.ceil(pr["horizon"] * (lam_max / lam_plus.clamp(min=eps * lam_max)) / pr["step"])
    steps = int(min(horizon[premise].max().item() if premise.any() else 1, pr["max_steps"]))
    w = torch.zeros(batch, d, dtype=dtype, device=device)
    if pr["init"] == "random":
        g = torch.randn(batch, d, generator=generator, dtype=dtype, device=device)
        w = g * (norm_star / torch.linalg.vector_norm(g, dim=-1)).unsqueeze(-1)
    ok = torch.ones(batch, dtype=torch.bool, device=device)
    failed = torch.zeros_like(ok)
    margin = torch.full((batch,), math.inf, dtype=dtype, device=device)
    for k in range(1, steps + 1):  # GD's iterations (the trials are batched)
        w = w - eta.unsqueeze(-1) * (X.mT @ (X @ w.unsqueeze(-1) - y.unsqueeze(-1))).squeeze(-1)
        err, bound = torch.linalg.vector_norm(w - w_star, dim=-1), rho**k * norm_star
        passed, near = compare_at_most(err, bound, 64 * (k + d) * eps * norm_star)
        checked = k <= horizon
        ok &= passed | ~checked
        failed |= ~passed & ~near & checked
        margin = torch.where(checked, torch.minimum(margin, (bound - err) / norm_star), margin)  # units of ‖w†‖
    short = horizon > steps  # the horizon is beyond max_steps: not every k was checked
    return Outcome(
        ok & ~short,
        margin,
        premise,
        {"lambda_plus": lam_plus, "lambda_max": lam_max, "horizon": horizon},
        undecided=~failed & (~ok | short),
    )
