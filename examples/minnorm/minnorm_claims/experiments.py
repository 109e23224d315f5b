"""The family's report experiment (data only; its renderer is minnorm_claims.report): GD's distance to X⁺y
along the iterations, against the bound (1 − ηλ⁺)^k, from zero and from a random start."""

from __future__ import annotations

import math
from typing import Any

import torch

from claims.spec import ExperimentContext

N, D, DRAWS = 8, 16, 3
STEP = 0.5  # c in η = c/λ_max


def error_curves(ctx: ExperimentContext) -> dict[str, Any]:
    """For DRAWS seeded instances (n = 8, d = 16): ‖w_k − X⁺y‖/‖X⁺y‖ from w₀ = 0 and from a random w₀ of norm
    ‖X⁺y‖, and the bound ρ^k, at k = 0..⌈3κ/c⌉ (κ = λ_max/λ⁺)."""
    gen = ctx.generator("curves")
    rows = []
    for _ in range(DRAWS):  # three instances, a handful of GD runs each: no hot path
        X = torch.randn(N, D, generator=gen, dtype=ctx.dtype, device=ctx.device) / math.sqrt(D)
        y = torch.randn(N, generator=gen, dtype=ctx.dtype, device=ctx.device)
        eig = torch.linalg.eigvalsh(X @ X.T)
        lam_plus, lam_max = eig[0].item(), eig[-1].item()
        w_star = X.T @ torch.linalg.solve(X @ X.T, y)
        norm = torch.linalg.vector_norm(w_star).item()
        eta, steps = STEP / lam_max, math.ceil(3 * lam_max / lam_plus / STEP)
        g = torch.randn(D, generator=gen, dtype=ctx.dtype, device=ctx.device)
        starts = {"zero": torch.zeros(D, dtype=ctx.dtype, device=ctx.device), "random": g * norm / g.norm()}
        curves = {}
        for name, w in starts.items():
            errs = [torch.linalg.vector_norm(w - w_star).item() / norm]
            for _ in range(steps):  # GD's iterations
                w = w - eta * X.T @ (X @ w - y)
                errs.append(torch.linalg.vector_norm(w - w_star).item() / norm)
            curves[name] = errs
        rho = 1 - eta * lam_plus
        rows.append({"kappa": lam_max / lam_plus, "rho": rho, "steps": steps, **curves})
    return {"n": N, "d": D, "step": STEP, "rows": rows}


EXPERIMENTS = {"error_curves": error_curves}
