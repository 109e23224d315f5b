"""Trials of Section 3 of du2018a: gradient flow (Theorems 3.2, 3.3; Lemmas 3.3, 3.4).

The flow is integrated to T = horizon/λ0 (the horizon, in units of 1/λ0, is part of the instance) by the
refined RK4 scheme of models.dynamics.flow and checked at ``grid`` + 1 equally spaced times. The scheme's
error estimate (models.numerics.flow_error, per trial and time) enters every comparison: a trial whose
comparison is closer than the estimate is undecided, never failed.
"""

from __future__ import annotations

import torch

from claims.catalogue.du2018a import conclusions
from claims.catalogue.du2018a.params import data_cost, instance_data, radius_bound, train_setup
from claims.catalogue.du2018a.trials_kernel import cost_lambda0
from claims.engine.resources import step_count
from claims.spec import Infeasible, Instance, Outcome, compare_at_least
from models import dynamics
from models import two_layer_bounds as bounds
from models.numerics import gram_eig_tolerance, residual_tolerance


def flow_cost(params, instance: Instance | None = None, device=None, dtype=None) -> tuple[int, float, int]:
    """(elements, flops, sequential steps) of a flow trial (claims.engine.resources): models.dynamics.flow
    runs RK4 on ``grid`` intervals with s = ⌈(T/grid)·n/2⌉ steps each (twice that when a is trained) and
    reruns it at up to ``max_refinements`` halvings, grid·s·(2^(R+1) − 1) steps in all, each of four stages
    of about 8·n·m·d + 2·n²·m multiply-adds (the network, its gradient and the Gram); T = horizon/λ0 at the
    instance's λ0 (trials_kernel.cost_lambda0), so the step count is the most the run can take, and the data
    (params.data_cost). A trial holds W, the pre-activations and the Gram. m = None (the literal width) is
    reported, not run."""
    n, d, m = params["n"], params["d"], params["m"]
    if m is None:
        return n * n + n * d, float(n * n * d), 1
    T = params["horizon"] / cost_lambda0(instance, device, dtype)
    s = 2 * step_count(T / params["grid"] * n / 2)  # capped: T overflows to inf at a horizon near 1e308
    steps = params["grid"] * s * (2 ** (params["max_refinements"] + 1) - 1)
    return m * d + n * m + n * n, 4.0 * steps * (8 * n * m * d + 2 * n * n * m) + data_cost(params), 4 * steps


def flow_run(instance: Instance, generator, device, dtype, batch: int, *, train_a=False, gram_too=False):
    """The flow from ``batch`` initialisations and the rate conclusion ‖u(t) − y‖² ≤ e^{−rate_factor·λ0 t}
    ‖u(0) − y‖² at the grid times. Returns (trajectory, λ0, (holds, violated, margin), details)."""
    X, y, W0, a0, lam0 = train_setup(instance, generator, device, dtype, batch)
    return flow_from(instance.params, X, y, W0, a0, lam0, train_a=train_a, gram_too=gram_too)


def flow_from(p, X, y, W0, a0, lam0: float, *, train_a=False, gram_too=False):
    """:func:`flow_run` from a drawn X, y, W(0), a(0) and λ0, with the instance's parameters ``p``."""
    dtype, device = W0.dtype, W0.device
    T = p["horizon"] / lam0
    times = torch.linspace(0, T, p["grid"] + 1, dtype=dtype, device=device)
    exponent = p["rate_factor"] * lam0
    r0 = dynamics.forward(X, W0, a0) - y
    traj = dynamics.flow(
        X,
        y,
        W0,
        a0,
        T=T,
        scale=torch.exp(-exponent * times) * (r0**2).sum(-1, keepdim=True),  # the refinement is measured
        grid=p["grid"],  # against the comparison's right-hand side, not residuals at the rounding floor
        train_a=train_a,
        gram_too=gram_too,
        tol=p["flow_tol"],
        max_refinements=p["max_refinements"],
    )
    rel, ab = residual_tolerance(p["n"], W0.shape[-2], dtype)
    rate = conclusions.decay(traj.residual_sq, traj.times, exponent, err=traj.error, rel=rel, ab=ab)
    full = torch.ones_like(rate[2])
    details = {
        "lambda0": full * lam0,
        "flow_h": full * traj.refinement[-1][0],
        "flow_change": full * traj.refinement[-1][1],
        "final_ratio": traj.residual_sq[..., -1] / traj.residual_sq[..., 0],
    }
    return traj, lam0, rate, details


def thm3_2(instance: Instance, generator, device, dtype, batch: int, train_a: bool = False) -> Outcome:
    """Theorem 3.2 (3.3 with ``train_a``): one trial is one initialisation W(0), a(0) for the fixed X, y, then
    gradient flow to T = horizon/λ0. Passed iff ‖u(t) − y‖² ≤ e^{−rate_factor·λ0 t}‖u(0) − y‖² at every grid
    time with the integration error on the safe side; failed iff violated beyond it; else undecided.
    Margin in log-rate units: min_t (−ln(‖u(t) − y‖²/‖u(0) − y‖²)/t)/(rate_factor·λ0) − 1."""
    _, _, (holds, violated, margin), details = flow_run(instance, generator, device, dtype, batch, train_a=train_a)
    return Outcome(holds, margin, torch.ones_like(holds), details, undecided=~holds & ~violated)


def thm3_3(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Theorem 3.3: as :func:`thm3_2` with a trained too (∂L/∂a_r in closed form)."""
    return thm3_2(instance, generator, device, dtype, batch, train_a=True)


def _rate_radius_lambda(instance: Instance, generator, device, dtype, batch: int):
    """The flow with its Gram recorded; the three conclusions of Lemmas 3.3 and 3.4 as name → (holds,
    violated, margin), the premise λ_min(H(s)) ≥ λ0/2 on the grid as (proven held, not proven violated) —
    both up to the eigenvalue tolerance, so a λ_min within it of λ0/2 decides neither — and the details."""
    p = instance.params
    traj, lam0, rate, details = flow_run(instance, generator, device, dtype, batch, gram_too=True)
    bound = radius_bound(p, traj.residual_sq[..., 0].sqrt(), traj.W.shape[-2], lam0)
    holds, violated, margin, slack = conclusions.radius(traj.distance.amax(-1), bound, dtype)
    tol = gram_eig_tolerance(p["n"], dtype)  # the rounding of the recorded λ_min(H(t))
    lam = traj.lambda_min.amin(-1)
    lam_holds, lam_near = compare_at_least(lam, lam0 / 2, tol)  # three-way: within tol of λ0/2 undecided
    checks = {
        "rate": rate,
        "radius": (holds, violated, margin),
        "lambda_min": (lam_holds, ~lam_holds & ~lam_near, 1 - (lam0 / 2) / lam),
    }
    return checks, (lam_holds, lam_holds | lam_near), {**details, "slack": slack, "min_lambda_H": lam}


def _outcome(checks, premise, details) -> Outcome:
    """All conclusions hold: passed; any verified violation: failed; otherwise undecided. ``premise`` is
    (proven held, not proven violated): a trial whose premise is unresolved is undecided, never a failure."""
    held, possible = premise
    holds = torch.stack([c[0] for c in checks.values()]).all(0)
    violated = torch.stack([c[1] for c in checks.values()]).any(0)
    margin = torch.stack([c[2] for c in checks.values()]).amin(0)
    out = {f"margin_{k}": c[2] for k, c in checks.items()}
    undecided = (~holds & ~violated) | (possible & ~held)
    return Outcome(holds & ~violated, margin, possible, {**out, **details}, undecided=undecided)


def lemma3_3(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Lemma 3.3 (conditional): premise λ_min(H(s)) ≥ λ0/2 at every grid time s ≤ T (up to the eigenvalue
    tolerance); conclusions at every grid time: the rate of :func:`thm3_2` and max_r ‖w_r(t) − w_r(0)‖ ≤ R′ =
    rprime_factor·√n‖y − u(0)‖/(√m λ0). The paper has rprime_factor = 2; Zhang's slides on the paper (2023) writes it
    without the 2
    (rprime_factor = 1), which the tests also draw. Detail ``slack`` = largest distance / R′."""
    checks, premise, details = _rate_radius_lambda(instance, generator, device, dtype, batch)
    del checks["lambda_min"]  # the premise here, not a conclusion
    return _outcome(checks, premise, details)


def lemma3_4(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Lemma 3.4: if R′ < R, then for all t: λ_min(H(t)) ≥ λ0/2, ‖w_r(t) − w_r(0)‖ ≤ R′ (rprime_factor = 2)
    and the e^{−λ0 t} rate. With m None the literal premise's width (E‖y − u(0)‖² = ‖y‖² + n/2 in place of
    ‖y − u(0)‖²) is reported through Infeasible; with m set, all three conclusions are checked on the grid."""
    p = instance.params
    if p["m"] is None:
        _, y, lam0 = instance_data(instance, device, dtype)
        need = bounds.literal_width_lemma3_4(p["n"], lam0, p["delta"], float((y**2).sum()) + p["n"] / 2)
        raise Infeasible(
            f"the literal premise R′ < R asks for m > {need:.3g} (n = {p['n']}, λ0 = {lam0:.3g}); set m to test the "
            "conclusions at a practical width"
        )
    checks, _, details = _rate_radius_lambda(instance, generator, device, dtype, batch)
    everywhere = torch.ones_like(details["slack"], dtype=torch.bool)
    return _outcome(checks, (everywhere, everywhere), details)
