"""Trials of Lee, Simchowitz, Jordan, Recht 2016 (arXiv:1602.04915) and the lecture notes on the non-convex
landscape's saddle-escape example:
GD on a quadratic grows along the bottom eigenvector at the rate |1 − ηλ_min|, and GD from a random start
converges to a minimiser, not a strict saddle."""

from __future__ import annotations

import torch
from hypothesis import strategies as st

from claims.engine import witness
from claims.spec import ByProfile, Instance, Outcome
from models import landscapes as ls

ESCAPE_D_MAX = ByProfile(quick=8, standard=20, full=50)
AVOID_D_MAX = ByProfile(quick=6, standard=20, full=50)


def escape_strategy(profile: str):
    return st.fixed_dictionaries(
        {"d": st.integers(1, ESCAPE_D_MAX[profile]), "steps": st.integers(1, 60), "eta_factor": st.floats(0.05, 1.0)}
    )


def avoid_strategy(profile: str):
    return st.fixed_dictionaries({"d": st.integers(1, AVOID_D_MAX[profile])})


def escape_cost(params) -> tuple[int, float, int]:
    """Per trial: the d × d matrices G (QR's input), Q and A, and the T + 1 iterates; about 16d³ flops for the
    dense work (QR and forming Q, A = Q diag(λ) Qᵀ, ‖A‖₂ through its singular values) and 2d² a GD step, each
    step one sequential step. The generic rule counts d once (d = 5834 had been admitted at 6.8e7 flops a trial
    under --max-work 1e9 and ran for minutes: a full-profile fuzz seed found it)."""
    d, steps = params["d"], params["steps"]
    return 3 * d * d + (steps + 1) * d, 16.0 * d**3 + 2.0 * steps * d * d, steps


def escape_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: A = Q diag(λ) Qᵀ (Q Haar, λ_1 = −u with u uniform in [0.1, 1], the others uniform in
    [−u, 1]), x_0 ~ N(0, I), η = eta_factor/max|λ|, T steps of GD on ½xᵀAx. Along v = Q e_1 the iterate is
    vᵀx_t = (1 − ηλ_min)^t vᵀx_0 exactly (A v = λ_min v).

    Measured in log-rate units: ρ̂_t = log(|vᵀx_t|/|vᵀx_0|)/t against the claimed ρ = log|1 − c·ηλ_min|
    (c = 1 the theorem). Pass iff for every t ≤ T the relative rate error |ρ̂_t/ρ − 1| is at most its rounding
    allowance a_t = log(1 + tol_t/|vᵀx_t|)/(t·ρ), with

        tol_t = 16 (t+1) d eps (1 + η‖A‖) g^t ‖x_0‖,   g = max_i |1 − ηλ_i|

    (each step adds ≤ few·d·eps·(1 + η‖A‖)‖x_t‖ and ‖x_t‖ ≤ g^t‖x_0‖; g = |1 − ηλ_min| for η ≤ 1/max|λ|, and
    the larger growth of another direction where eta_factor > 1). The statement is an equality, so the decision
    is two-way: within the rounding allowance is consistent, beyond it a verified violation; a trial whose
    margin is not finite (the run or its allowance past float64) is undecided. Margin:
    min_t (a_t − |ρ̂_t/ρ − 1|), in log-rate units. The mutant's c = ½ claims half the eigenvalue.
    """
    p = instance.params
    d, T = p["d"], p["steps"]
    kw = {"generator": generator, "dtype": dtype, "device": device}
    Q = ls.random_orthogonal(batch, d, **kw)
    u = 0.1 + 0.9 * torch.rand(batch, 1, **kw)
    lam = -u + (1 + u) * torch.rand(batch, d, **kw)
    lam[:, :1] = -u
    A = (Q * lam[:, None, :]) @ Q.mT
    eta = p["eta_factor"] / lam.abs().amax(-1)
    x0 = torch.randn(batch, d, **kw)
    xs = ls.quadratic_gd(A, x0, eta, T)  # (T+1, B, d)
    proj = (xs * Q[:, :, 0]).sum(-1).abs()  # (T+1, B)
    t = torch.arange(1, T + 1, dtype=dtype, device=device)[:, None]
    growth = (1 - eta * lam[:, 0]).abs()[None, :]
    claimed = (1 - p["c"] * eta * lam[:, 0]).abs().log()[None, :]
    measured = (proj[1:] / proj[:1]).log() / t
    eps = torch.finfo(dtype).eps
    anorm = torch.linalg.matrix_norm(A, 2)
    widest = (1 - eta[:, None] * lam).abs().amax(-1)[None, :]
    tol = 16 * (t + 1) * d * eps * (1 + eta * anorm)[None, :] * widest**t * x0.norm(dim=-1)[None, :]
    allowance = torch.log1p(tol / proj[1:]) / (t * claimed.abs())
    error = (measured / claimed - 1).abs()
    margin = (allowance - error).amin(0)
    # a run past float64's range (η ≫ 1/max|λ|: the iterates or the allowance overflow) decides nothing: a NaN
    # is no verified violation of the identity, and an infinite allowance passes anything
    return Outcome(
        passed=margin >= 0,
        margin=margin,
        premise_held=torch.ones_like(margin, dtype=torch.bool),
        details={"growth": growth[0], "rate_error": error.amax(0), "final_projection": proj[-1]},
        undecided=~torch.isfinite(margin),
    )


def avoid_cost(params) -> tuple[int, float, int]:
    """Per trial: ``steps`` GD steps on x (about 8d flops each, one sequential step each), then the end point
    examined (witness.examine_cost, p = d: its d × d Hessian and spectrum). The generic rule counts d once: d = 10⁴
    at one step had been admitted under --max-work 1e9 at 2e8 flops and ran past 40 s."""
    d, steps = params["d"], params["steps"]
    elements, flops = witness.examine_cost(d, 8.0 * d)
    return elements, flops + 8.0 * steps * d, steps


def avoid_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: f(x) = ½Σλ_i x_i² + ¼‖x‖⁴ with λ_1 = −1 (unique minimum direction), λ_2..λ_d uniform in
    [−0.5, 1] (so further strict saddles ±√(−λ_i)e_i exist); x_0 uniform in the unit ball; K = ``steps`` GD
    steps with η = 0.5/L, L = 1 + 3·R² (R² = 1 + max(−λ) ≤ 2 bounds ‖x_t‖² along the run: f decreases and
    f ≥ ¼(‖x‖² − 1)² − ¼). The end point is examined by claims.engine.witness (autograd, float64):

    * passed: within dist_tol of a minimiser ±e_1 and a strict minimum there (∇²f ≻ 0);
    * failed (a verified violation): GD sits at a critical point that is a strict saddle (λ_min(∇²f) < −eig_tol),
      which it cannot leave (the gradient vanishes to grad_tol);
    * undecided: neither (the run has not converged within the K steps of the instance).

    The mutant starts on the stable manifold of the saddles (x_0·e_1 = 0), the measure-zero set the theorem
    excludes: x_t·e_1 stays exactly 0 and GD ends at a saddle.
    """
    p = instance.params
    d = p["d"]
    kw = {"generator": generator, "dtype": dtype, "device": device}
    lam = -0.5 + 1.5 * torch.rand(batch, d, **kw)
    lam[:, 0] = -1.0
    x = torch.randn(batch, d, **kw)
    x = x / x.norm(dim=-1, keepdim=True) * torch.rand(batch, 1, **kw) ** (1 / d)
    if p["on_stable_manifold"]:
        x[:, 0] = 0
    eta = 0.5 / (1 + 3 * 2.0)
    for _ in range(p["steps"]):
        x = x - eta * ls.quartic_grad(x, lam)
    # GD in the trial's dtype stops moving once η·|∂_i f| is below half an ulp of x_i, i.e. at ‖∇f‖ up to
    # √d·eps·‖x‖/η ≤ d·eps·(1 + ‖x‖)/η; near ±e_1 the Hessian's eigenvalues are 2 and λ_i + 1 ≥ ½, so the
    # stalled point is within 2‖∇f‖ of the minimiser. Both rounding levels get a factor 8, added to the
    # convergence tolerances of float64 (1e-8 on the gradient, 1e-6 on the distance). The saddles are at
    # distance ≥ ½ from ±e_1.
    stall = 8 * d * torch.finfo(dtype).eps * (1 + x.norm(dim=-1)) / eta
    e = witness.examine(ls.quartic, x, (lam,), grad_tol=1e-8 + stall)
    target = torch.zeros_like(x)
    target[:, 0] = torch.sign(x[:, 0])
    dist = (x - target).norm(dim=-1)
    dist_tol = 1e-6 + 2 * stall
    passed = (dist <= dist_tol) & e.strict_minimum
    at_saddle = e.strict_saddle.to(passed.device)
    margin = torch.where(at_saddle, -torch.ones_like(dist), 1 - dist / dist_tol)
    return Outcome(
        passed=passed,
        margin=margin,
        premise_held=torch.ones_like(passed),
        undecided=~passed & ~at_saddle,
        details={"distance": dist, "at_strict_saddle": at_saddle.to(dtype)},
    )


def avoid_premises(instance: Instance, device, dtype) -> list[str]:
    """Theorem 4 holds for almost every start: x₀ on the saddles' stable manifold is the excluded set."""
    if not instance.params["on_stable_manifold"]:
        return []
    return [
        "on_stable_manifold = True starts every run on the stable manifold x₀·e₁ = 0 of the saddles, the "
        "measure-zero set of starts Theorem 4 excludes"
    ]
