"""Trial of Soltanolkotabi, Javanmard, Lee 2017 / Du & Lee 2018: quadratic activations f(x) = Σ_j (w_jᵀx)² with
a planted teacher and m ≥ d neurons have a benign landscape, so GD from a random start reaches the global
minimum."""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as st

from claims.engine import witness
from claims.spec import ByProfile, Instance, Outcome, nan_as_worst, require
from models import deep_linear as dl
from models import landscapes as ls
from models.numerics import decide_positive

D_MAX = ByProfile(quick=4, standard=6, full=8)


def quadratic_strategy(profile: str):
    return st.integers(2, D_MAX[profile]).flatmap(
        lambda d: st.fixed_dictionaries({"d": st.just(d), "m": st.integers(d, 2 * d)})
    )


def _flat_loss(m: int, d: int):
    """L(W) for one flat student x (m·d,) and teacher M (d, d): the pure function the witness checker needs."""

    def f(x, M):
        return ls.quadratic_net_loss(x.reshape(1, m, d), M[None])[0]

    return f


def quadratic_cost(params) -> tuple[int, float, int]:
    """Per trial: ``steps`` GD steps on W (m × d; the loss and its gradient about 6md² + 2d³ flops through
    Δ = WᵀW − M), then the end point examined (witness.examine_cost, p = m·d): its Hessian's p² entries and p³
    spectrum dominate at large d."""
    d = params["d"]
    m = 1 if params["narrow"] else (params["m"] or d)
    loss = 2.0 * m * d * d + 2.0 * d**3
    elements, flops = witness.examine_cost(m * d, loss)
    return max(elements, 4 * m * d + 2 * d * d), flops + 3.0 * params["steps"] * loss, params["steps"]


def quadratic_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: teacher M = W*ᵀW*, W* (d×d) with singular values in [0.5, 1] (full rank and conditioned,
    so GD converges linearly); student W (m×d) with N(0, 1/d) entries; K = ``steps`` GD steps with
    η = step_factor/((8 + 4d)·max(‖W‖₂², ‖M‖₂)) (a curvature bound of L near W), refreshed every 50 steps, on
    the closed-form population loss L = ½(2‖Δ‖_F² + (trΔ)²), Δ = WᵀW − M (models.landscapes).

    * passed: L(W_K) ≤ tol_rel·L(W_0), the global value 0 reached (an equality, L → 0, decided two-way: within
      the convergence tolerance is consistent), and below the lowest non-global critical value
      (models.landscapes.quadratic_net_lowest_spurious_value) by more than the loss's rounding, so that no
      spurious point's value passes at a loose tol_rel;
    * failed (verified): W_K is a verified strict local minimum, critical to grad_tol (‖∇L‖ ≤ grad_rel·‖M‖₂^{3/2},
      the scale of ∇L = 4WΔ + 2tr(Δ)W at unit-size weights) with λ_min(∇²L) > eig_tol (claims.engine.witness;
      models.numerics.decide_positive), and not passed (L > 0): GD is stuck at a spurious local minimum,
      which the theorem excludes for m ≥ d;
    * undecided: neither (the run has not converged within its K steps, or the point's smallest Hessian
      eigenvalue is within eig_tol of 0: no verified local minimum; for m > 1 every minimum has the flat
      directions of W → QW).

    The mutant's m = 1 < d = rank M cannot fit: GD ends at the best rank-one fit, a strict local minimum with
    L ≥ ½·2·Σ_{i≥2}λ_i(M)² > 0. Premises the instance can leave unmet: :func:`quadratic_premises`.
    """
    p = instance.params
    require(quadratic_constraints(p))  # the runner refuses these first; a direct call is refused here
    d, m = p["d"], 1 if p["narrow"] else (p["m"] or p["d"])
    kw = {"generator": generator, "dtype": dtype, "device": device}
    Ws = dl.with_singular_values(batch, d, d, 0.5, 1.0, **kw)
    M = Ws.mT @ Ws
    W = torch.randn(batch, m, d, **kw) / math.sqrt(d)
    L0 = ls.quadratic_net_loss(W, M)
    for _ in range(p["steps"] // 50):
        scale = torch.maximum(torch.linalg.matrix_norm(_finite(W), 2) ** 2, torch.linalg.matrix_norm(M, 2))
        eta = (p["step_factor"] / ((8 + 4 * d) * scale))[:, None, None]
        for _ in range(50):
            W = W - eta * ls.quadratic_net_grad(W, M)
    L = ls.quadratic_net_loss(W, M)
    ratio = L / (p["tol_rel"] * L0)
    below_spurious = L + witness.loss_tolerance(L) < ls.quadratic_net_lowest_spurious_value(M)
    grad_tol = p["grad_rel"] * torch.linalg.matrix_norm(M, 2) ** 1.5
    e = witness.examine(_flat_loss(m, d), _finite(W).reshape(batch, -1), (M,), grad_tol=grad_tol)
    strict_min, _ = decide_positive(e.eig_min, e.eig_tol)
    diverged = ~torch.isfinite(W).all(-1).all(-1)
    passed = (ratio <= 1) & below_spurious
    stuck = (e.critical & strict_min).to(ratio.device) & ~passed & ~diverged
    return Outcome(
        passed=passed,
        margin=nan_as_worst(1 - ratio),
        premise_held=torch.ones_like(passed),
        undecided=~passed & ~stuck,  # a NaN (a diverged run) is no verified spurious minimum
        details={"final_over_initial": ratio * p["tol_rel"], "stuck": stuck.to(dtype)},
    )


def _finite(W: torch.Tensor) -> torch.Tensor:
    """W with the students of a diverged run (a non-finite entry: step_factor far above 1) set to 0, so that
    LAPACK's norms and the witness's Hessian can be taken for the batch; such a run is judged by its loss alone
    (NaN or inf: not passed, and no verified minimum)."""
    return torch.where(torch.isfinite(W).all(-1).all(-1)[:, None, None], W, torch.zeros_like(W))


def quadratic_constraints(p) -> list[str]:
    """Checked before any trial: the mutant's width m = 1 is narrower than the teacher's rank only for d ≥ 2."""
    if p["narrow"] and p["d"] < 2:
        return [f"parameter narrow = True (width m = 1) needs d >= 2, got d = {p['d']}: m = d is the theorem's width"]
    return []


def quadratic_premises(instance: Instance, device, dtype) -> list[str]:
    """The benign landscape needs m ≥ d; the step is meant within the curvature bound (step_factor ≤ 1)."""
    p = instance.params
    d, m = p["d"], 1 if p["narrow"] else (p["m"] or p["d"])
    out = []
    if m < d:
        out.append(f"width m = {m} < d = {d}: the benign landscape (no spurious local minimum) needs m ≥ d")
    if p["step_factor"] > 1:
        out.append(
            f"step_factor = {p['step_factor']:g} puts η above the curvature bound 1/((8 + 4d)·max(‖W‖₂², ‖M‖₂)) "
            "that GD's convergence to a minimiser assumes"
        )
    return out
