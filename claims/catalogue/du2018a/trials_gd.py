"""Trials of Section 4 of du2018a: gradient descent (Theorem 4.1, Corollary 4.1).

The horizon is part of the instance: K = ⌈horizon/(ηλ0)⌉ steps (ηλ0K = horizon; ``steps`` states K directly).
A horizon beyond ``max_steps`` is never cut short: with one step for every trial (the literal or an absolute
η) the instance is Infeasible and says how many steps it asks for; with a step per trial (η from λ_max(H(0)))
a trial whose horizon is out of reach passes nothing (undecided), while a violation within the steps it ran is
verified and fails: both conclusions hold at every step k, so a violation at any k run refutes them.

m = None runs the width of Theorem 4.1 itself (trials_flow.literal_width with Corollary 4.1's R′, four times
Theorem 3.2's), by the reduced GD of models.aggregated_flow: the neurons whose pattern cannot change are
aggregated; the steps after a certificate fails decide nothing, so a violation before is verified and a trial
without one is undecided.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import partial

import torch

from claims.catalogue.du2018a import conclusions
from claims.catalogue.du2018a.params import data_cost, instance_data, radius_bound, train_setup
from claims.catalogue.du2018a.trials_flow import (
    certified_times,
    last_certified,
    literal_chunk,
    literal_cost,
    literal_details,
    literal_width,
)
from claims.catalogue.du2018a.trials_kernel import cost_lambda0
from claims.spec import Infeasible, Instance, Outcome, in_chunks
from models import aggregated_flow, dynamics, symeig, two_layer
from models import two_layer_bounds as bounds
from models.numerics import norm_tolerance, residual_tolerance


def step_size(p, X, initial_gram, lam0: float, batch: int, dtype, device) -> torch.Tensor:
    """η per trial (B,): eta_scale/λ_max(H(0)) (the practical step; ``initial_gram()`` gives H(0), (B, n, n)),
    else ``eta``, else the literal ETA_CONST·λ0/n²; times eta_multiplier."""
    if p["eta_scale"] is not None:
        top = symeig.eigvalsh(initial_gram())[..., -1]
        dead = top <= 0  # H(0) = 0: no unit active at any x_i (a narrow net can draw this)
        if bool(dead.any()):
            # GD cannot move W from such a start, so the conclusion fails at every step size; the step that
            # H(0) tends to, eta_scale/λ_max(H∞), stands in for eta_scale/0
            top = torch.where(dead, symeig.eigvalsh(two_layer.h_infinity(X))[-1], top)
        eta = p["eta_scale"] / top
    else:
        value = p["eta"] if p["eta"] is not None else bounds.literal_step(lam0, p["n"])
        eta = torch.full((batch,), value, dtype=dtype, device=device)
    return eta * p["eta_multiplier"]


def gd_cost(params, instance: Instance | None = None, device=None, dtype=None) -> tuple[int, float, int]:
    """(elements, flops, sequential steps) of a GD trial (claims.engine.resources): at most K = min(steps,
    max_steps) steps, or max_steps when the horizon sets K (it is found from λ0 as the trial runs), each of
    about 8·n·m·d multiply-adds (the pre-activations XWᵀ, the gradient and the update); a trial holds W and
    the n×m pre-activations and patterns; the data, H∞ and λ0 (and λ_max(H(0)) for the practical step) are
    :func:`~claims.catalogue.du2018a.params.data_cost`. m = None: trials_flow.literal_cost, one field
    evaluation a step, at Theorem 4.1's literal width (K from the instance's λ0 where one step serves every trial),
    as if every near neuron were stepped from the start."""
    n, d, m = params["n"], params["d"], params["m"]
    K = params["max_steps"] if params["steps"] is None else min(params["steps"], params["max_steps"])
    if m is None:
        if params["steps"] is None and params["eta_scale"] is None:  # one step for every trial: K known before
            lam0 = cost_lambda0(instance, device, dtype)  # without an instance the largest, so the fewest steps
            eta = params["eta"] if params["eta"] is not None else bounds.literal_step(lam0, n)
            eta *= params["eta_multiplier"]
            K = min(K, math.ceil(params["horizon"] / (eta * lam0)))
        return literal_cost(params, instance, device, dtype, K + 1, bounds.literal_width_thm4_1)
    return m * d + 2 * n * m, 8.0 * K * n * m * d + data_cost(params), K


def horizon(p, eta: torch.Tensor, lam0: float) -> tuple[int, torch.Tensor]:
    """(K run, reached (B,)): K_i = steps, or ⌈horizon/(η_i λ0)⌉; the run is max_i K_i capped at max_steps,
    and trial i reached its horizon iff K_i ≤ max_steps."""
    if p["steps"] is not None:
        need = torch.full_like(eta, float(p["steps"]))
    else:
        need = torch.ceil(p["horizon"] / (eta * lam0))
    reached = need <= p["max_steps"]
    if not bool(reached.any()):
        what = f"K = {p['steps']}" if p["steps"] is not None else f"ηλ0K = {p['horizon']}"
        literal = p["eta"] is None and p["eta_scale"] is None  # the literal step ¼λ0/n², small at any n
        hint = ", or set eta_scale = 1 for the practical step 1/λ_max(H(0))," if literal else ""
        raise Infeasible(
            f"the horizon {what} asks for {float(need.min()):.3g} GD steps (η = {float(eta.min()):.3g}, "
            f"λ0 = {lam0:.3g}) > max_steps = {p['max_steps']}: not run rather than cut short (raise max_steps"
            f"{hint} to run it)"
        )
    return int(need[reached].max()), reached


def gd_setup(instance: Instance, generator, device, dtype, batch: int):
    """X, y fixed by the instance, ``batch`` initialisations, the step per trial and the horizon: (X, y, W0,
    a0, λ0, η, K, reached)."""
    X, y, W0, a0, lam0 = train_setup(instance, generator, device, dtype, batch)
    eta = step_size(instance.params, X, lambda: two_layer.gram(X, W0), lam0, batch, dtype, device)
    steps, reached = horizon(instance.params, eta, lam0)
    return X, y, W0, a0, lam0, eta, steps, reached


def literal_gd(instance: Instance, generator, device, dtype, batch: int, *, distance: bool = True):
    """GD at m = Theorem 4.1's literal width (trials_flow.literal_width with literal_width_thm4_1), by the reduced
    GD of models.aggregated_flow split at τ = R (Lemma 3.2's radius): the neurons with min_i |z_ri(0)| ≥ R enter
    through their aggregates, the others are stepped one by one once the certificate's reach comes to them. The
    step and horizon are :func:`gd_setup`'s (a literal or absolute step's horizon is refused before the draw);
    ``distance``: record the largest distance (Corollary 4.1). Returns (run, λ0, η, m, reached)."""
    p = instance.params
    X, y, lam0 = instance_data(instance, device, dtype)
    m = literal_width(p, y, lam0, bounds.literal_width_thm4_1)
    R = bounds.radius_lemma3_2(bounds.RADIUS_CONST, p["delta"], lam0, p["n"])
    if p["eta_scale"] is None:  # one step for every trial: an out-of-reach horizon is refused before the draw
        horizon(p, step_size(p, X, None, lam0, batch, dtype, device), lam0)
    wd = aggregated_flow.draw(X, m, R, generator=generator, batch=batch)
    eta = step_size(p, X, partial(aggregated_flow.initial_gram, X, wd), lam0, batch, dtype, device)
    steps, reached = horizon(p, eta, lam0)
    run = aggregated_flow.gradient_descent(X, y, wd, eta=eta, steps=steps, distance=distance)
    return run, lam0, eta, m, reached


@in_chunks(2**62, lambda instance, device: literal_chunk(instance.params), literal_chunk)
def thm4_1(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Theorem 4.1: one trial is one W(0), a(0) for the instance's fixed X, y, then K GD steps. Passed iff
    ‖u(k) − y‖² ≤ (1 − rate_factor·ηλ0)^k ‖u(0) − y‖² for all k ≤ K by more than the rounding of the residuals
    (models.numerics.residual_tolerance); failed iff violated beyond it at some k run (the theorem holds at
    every k, so a violation before an unreached horizon is verified); undecided where no k was violated and
    either K was not reached or a comparison lies within the rounding of its boundary. m = None: at the literal
    width (:func:`literal_gd`): the steps after the certificate failed decide nothing (conclusions.decay's
    ``valid``), so a violation before is verified and a trial without one is undecided.
    Margin in log-rate units: min_k (−ln(‖u(k) − y‖²/‖u(0) − y‖²)/k)/(−ln(1 − rate_factor·ηλ0)) − 1."""
    p = instance.params
    if p["m"] is None:
        traj, lam0, eta, m, reached = literal_gd(instance, generator, device, dtype, batch, distance=False)
        extra, valid = literal_details(traj, m), certified_times(traj)  # the reduced run is GD up to there
    else:
        X, y, W0, a0, lam0, eta, steps, reached = gd_setup(instance, generator, device, dtype, batch)
        traj = dynamics.gradient_descent(X, y, W0, a0, eta=eta, steps=steps, track=False)
        m, extra, valid = p["m"], {}, None
    per_step = -torch.log1p(-(p["rate_factor"] * eta * lam0).clamp(max=1.0))  # inf where the factor is ≤ 0
    rel, ab = residual_tolerance(p["n"], m, dtype)
    exponent = per_step.unsqueeze(-1)
    holds, violated, margin = conclusions.decay(traj.residual_sq, traj.times, exponent, rel=rel, ab=ab, valid=valid)
    return Outcome(
        holds,
        margin,
        torch.ones_like(holds),
        {
            "eta": eta,
            "eta_lambda0": eta * lam0,
            "steps": torch.full_like(eta, float(traj.times[-1])),
            "final_ratio": last_certified(traj.residual_sq, valid) / traj.residual_sq[..., 0],
            **extra,
        },
        undecided=~violated & ~(holds & reached),
    )


@in_chunks(2**62, lambda instance, device: literal_chunk(instance.params), literal_chunk)
def cor4_1(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Corollary 4.1 (derived form): along GD, max_k max_r ‖w_r(k) − w_r(0)‖ ≤ R′ = rprime_factor·√n‖y −
    u(0)‖/(√m λ0), rprime_factor = 4 (models.two_layer_bounds.rprime), the distance measured at every step
    to the horizon (models.dynamics.gd_max_distance); undecided where the ratio lies within the norms' rounding
    of 1 (Outcome.ratio_at_most, three-way), or where it passed short of an unreached horizon (a distance beyond
    R′ within the steps run is verified, since the corollary holds at every k). m = None: at the literal width
    (:func:`literal_gd`), the distance up to the last step whose certificate held: beyond R′ a verified violation,
    within it undecided where the certificate failed later.
    Detail ``slack`` = largest distance / R′."""
    p = instance.params
    if p["m"] is None:
        run, lam0, eta, m, reached = literal_gd(instance, generator, device, dtype, batch)
        # the distance up to the last step whose certificate held: beyond R′ there is a verified violation;
        # within it, where the certificate failed later, it says nothing of the rest of the run
        valid = certified_times(run)
        dist = torch.where(valid, run.distance_to, torch.zeros_like(run.distance_to)).amax(-1)
        res0, extra, unsure = run.residual_sq[..., 0], literal_details(run, m), ~valid[..., -1]
    else:
        X, y, W0, a0, lam0, eta, steps, reached = gd_setup(instance, generator, device, dtype, batch)
        dist, res0 = dynamics.gd_max_distance(X, y, W0, a0, eta=eta, steps=steps)
        m, extra, unsure = p["m"], {}, torch.zeros_like(reached)
    bound = radius_bound(p, res0.sqrt(), m, lam0)
    out = Outcome.ratio_at_most(
        dist / bound,
        tol=norm_tolerance(dtype),  # the relative rounding of the norms
        details={"slack": dist / bound, "distance": dist, "R_prime": bound, "eta": eta, **extra},
    )
    return replace(out, undecided=out.undecided_mask() | (out.passed & (~reached | unsure)))
