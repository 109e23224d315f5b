"""Trials of Section 3 of du2018a: gradient flow (Theorems 3.2, 3.3; Lemmas 3.3, 3.4).

The flow is integrated to T = horizon/λ0 (the horizon, in units of 1/λ0, is part of the instance) by the
refined RK4 scheme of models.dynamics.flow and checked at ``grid`` + 1 equally spaced times. The scheme's
error estimate (models.numerics.flow_error, per trial and time) enters every comparison: a trial whose
comparison is closer than the estimate is undecided, never failed.
"""

from __future__ import annotations

import math

import torch

from claims.catalogue.du2018a import conclusions
from claims.catalogue.du2018a.params import data_cost, instance_data, radius_bound, train_setup
from claims.catalogue.du2018a.trials_kernel import cost_lambda0
from claims.engine.resources import Cost, step_count
from claims.spec import Instance, Outcome, compare_at_least, compare_at_most, in_chunks
from models import aggregated_flow, dynamics
from models import two_layer_bounds as bounds
from models.numerics import gram_eig_tolerance, norm_tolerance, residual_tolerance


def flow_cost(params, instance: Instance | None = None, device=None, dtype=None) -> tuple[int, float, int]:
    """(elements, flops, sequential steps) of a flow trial (claims.engine.resources): models.dynamics.flow
    runs RK4 on ``grid`` intervals with s = ⌈(T/grid)·n/2⌉ steps each (twice that when a is trained) and
    reruns it at up to ``max_refinements`` halvings, grid·s·(2^(R+1) − 1) steps in all, each of four stages
    of about 8·n·m·d + 2·n²·m multiply-adds (the network, its gradient and the Gram); T = horizon/λ0 at the
    instance's λ0 (trials_kernel.cost_lambda0), so the step count is the most the run can take, and the data
    (params.data_cost). A trial holds W, the pre-activations and the Gram. m = None (the literal width, run by
    :func:`literal_flow`) is :func:`_literal_cost`."""
    n, d, m = params["n"], params["d"], params["m"]
    T = params["horizon"] / cost_lambda0(instance, device, dtype)
    s = 2 * step_count(T / params["grid"] * n / 2)  # capped: T overflows to inf at a horizon near 1e308
    steps = params["grid"] * s * (2 ** (params["max_refinements"] + 1) - 1)
    if m is None:
        return _literal_cost(params, instance, device, dtype, steps)
    return m * d + n * m + n * n, 4.0 * steps * (8 * n * m * d + 2 * n * n * m) + data_cost(params), 4 * steps


def _literal_cost(params, instance, device, dtype, steps: int) -> Cost:
    """:func:`literal_cost` of the flow: four field evaluations a step."""
    return literal_cost(params, instance, device, dtype, 4 * steps)


def literal_cost(params, instance, device, dtype, evaluations: int, width=bounds.literal_width_thm3_2):
    """m = None (:func:`literal_flow`, trials_gd's literal GD): the draw streams m neurons (k = min(n, d) normals
    each, at about 20 flops a normal, and 2nk + 2n² + 8n flops for their pre-activations, counts and sums), then
    the reduced system evaluates its field ``evaluations`` times on the near neurons, at most 2·(0.8·n·R)·m of
    them (z_ri ~ N(0, 1): P(|z_ri| < R) ≤ 0.8R), at about 8n·k flops each (counted as if all were stepped from the
    start: the lazy ones are not). m is ``width``'s literal width at the instance's λ0 and y (without an instance:
    at the largest λ0 and y = 0, a lower bound).

    Its memory counts every copy (claims.engine.resources.Cost's ``every_copy``): per near neuron, at most 6n + 12
    elements outside the stepped ones (the draw's buffers, which double when full, and its sort by μ_r; then z_r(0),
    a_r, μ_r, the pattern and its index, and the transients of the run's sums), and, as if every near neuron were
    stepped, its state and the RK4 stages (11k) and the field's pre-activations and patterns (5n): 11(n + k) + 12 in
    all; and the draw's chunk with its transients, three times models.aggregated_flow.DRAW_BYTES. ``python -m
    benchmarks.memory_estimates --literal`` measures it against what a trial holds."""
    n, k = params["n"], min(params["n"], params["d"])
    if instance is None:
        lam0, y = cost_lambda0(None, device, dtype), torch.zeros(n)
    else:
        _, y, lam0 = instance_data(instance, device, dtype)
    m = literal_width(params, y, lam0, width)
    R = bounds.radius_lemma3_2(bounds.RADIUS_CONST, params["delta"], lam0, n)
    near = min(m, math.ceil(2 * 0.8 * n * R * m))
    chunk = aggregated_flow.DRAW_BYTES // 8  # shared by the trials held (LITERAL_CHUNK)
    elements = near * (11 * (n + k) + 12) + 3 * chunk // LITERAL_CHUNK
    flops = m * (20.0 * k + 2 * n * k + 2 * n * n + 8 * n) + 1.0 * evaluations * near * 8 * n * k
    steps = evaluations + math.ceil(m / max(1, chunk // (k + 2 * n + 2)))
    return Cost(elements, flops + data_cost(params), steps, every_copy=True)


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
    r0 = dynamics.forward(X, W0, a0) - y
    traj = dynamics.flow(
        X,
        y,
        W0,
        a0,
        T=T,
        scale=_scale(p, lam0, times, r0),
        grid=p["grid"],
        train_a=train_a,
        gram_too=gram_too,
        tol=p["flow_tol"],
        max_refinements=p["max_refinements"],
    )
    return (traj, lam0, *_rate(p, traj, lam0, W0.shape[-2]))


def _scale(p, lam0: float, times, r0):
    """e^{−rate_factor·λ0 t}‖u(0) − y‖², the rate's right-hand side: the step refinement is measured against it,
    not against residuals at the rounding floor (models.dynamics.flow's ``scale``)."""
    return torch.exp(-p["rate_factor"] * lam0 * times) * (r0**2).sum(-1, keepdim=True)


def _rate(p, traj, lam0: float, m: int, valid=None):
    """The rate conclusion (holds, violated, margin) of a recorded flow of width m (models.dynamics.flow or
    models.aggregated_flow.flow), within its error estimate and rounding, and the details every flow trial shows.
    ``valid`` (B, grid + 1): the grid times that decide (:func:`certified_times`; None: all)."""
    rel, ab = residual_tolerance(p["n"], m, traj.residual_sq.dtype)
    exponent = p["rate_factor"] * lam0
    rate = conclusions.decay(traj.residual_sq, traj.times, exponent, err=traj.error, rel=rel, ab=ab, valid=valid)
    full = torch.ones_like(rate[2])
    details = {
        "lambda0": full * lam0,
        "flow_h": full * traj.refinement[-1][0],
        "flow_change": full * traj.refinement[-1][1],
        "final_ratio": last_certified(traj.residual_sq, valid) / traj.residual_sq[..., 0],
    }
    return rate, details


def last_certified(values: torch.Tensor, valid: torch.Tensor | None) -> torch.Tensor:
    """values (B, T) at each trial's last time ``valid`` covers (:func:`certified_times`: a prefix, since the
    certificate's bound never falls; None: the last time), so a detail shows the run, never what a reduced run did
    after its certificate failed; NaN where no time is covered."""
    if valid is None:
        return values[..., -1]
    last = (valid.sum(-1, keepdim=True) - 1).clamp(min=0)
    return torch.where(valid.any(-1), values.gather(-1, last)[..., 0], math.nan)


#: trials of the literal width (:func:`literal_flow`) held at once: each holds its near neurons (about 10⁵ at
#: n = 2, 10⁶ at n = 3), and four at a time were no faster than one (measured on the 2-core CPU: 8 trials of
#: Theorem 3.2 at n = 2 in 14.0 s four at a time, 13.1 s one at a time)
LITERAL_CHUNK = 1


def literal_chunk(params) -> int:
    return LITERAL_CHUNK if params["m"] is None else 2**62


@in_chunks(2**62, lambda instance, device: literal_chunk(instance.params), literal_chunk)
def thm3_2(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Theorem 3.2: :func:`rate_trial` with a fixed; with m None at the literal width (:func:`literal_flow`), where
    the grid times after the certificate fails decide nothing (:func:`certified_times`)."""
    p = instance.params
    if p["m"] is not None:
        return rate_trial(instance, generator, device, dtype, batch)
    traj, lam0, m, _ = literal_flow(instance, generator, device, dtype, batch)
    (holds, violated, margin), details = _rate(p, traj, lam0, m, certified_times(traj))
    details = {**details, **literal_details(traj, m)}
    return Outcome(holds, margin, torch.ones_like(holds), details, undecided=~holds & ~violated)


def rate_trial(instance: Instance, generator, device, dtype, batch: int, train_a: bool = False) -> Outcome:
    """Theorem 3.2 (3.3 with ``train_a``): one trial is one initialisation W(0), a(0) for the fixed X, y, then
    gradient flow to T = horizon/λ0. Passed iff ‖u(t) − y‖² ≤ e^{−rate_factor·λ0 t}‖u(0) − y‖² at every grid
    time with the integration error on the safe side; failed iff violated beyond it; else undecided.
    Margin in log-rate units: min_t (−ln(‖u(t) − y‖²/‖u(0) − y‖²)/t)/(rate_factor·λ0) − 1."""
    _, _, (holds, violated, margin), details = flow_run(instance, generator, device, dtype, batch, train_a=train_a)
    return Outcome(holds, margin, torch.ones_like(holds), details, undecided=~holds & ~violated)


def thm3_3(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Theorem 3.3: as :func:`rate_trial` with a trained too (∂L/∂a_r in closed form)."""
    return rate_trial(instance, generator, device, dtype, batch, train_a=True)


def _rate_radius_lambda(instance: Instance, generator, device, dtype, batch: int):
    """The flow with its Gram recorded; the three conclusions of Lemmas 3.3 and 3.4 as name → (holds,
    violated, margin), the premise λ_min(H(s)) ≥ λ0/2 on the grid as (proven held, not proven violated) —
    both up to the eigenvalue tolerance, so a λ_min within it of λ0/2 decides neither — and the details."""
    traj, lam0, rate, details = flow_run(instance, generator, device, dtype, batch, gram_too=True)
    return _radius_lambda(instance.params, traj, lam0, traj.W.shape[-2], rate, details)


def _radius_lambda(p, traj, lam0: float, m: int, rate, details, valid=None):
    """:func:`_rate_radius_lambda`'s judgement of a recorded flow of width m (either integrator) and its rate.
    ``valid`` (B, grid + 1): the grid times that decide (:func:`certified_times`; None: all): a violation at one
    of them is verified, and a conclusion holds only where every grid time decides."""
    dtype = traj.residual_sq.dtype
    bound = radius_bound(p, traj.residual_sq[..., 0].sqrt(), m, lam0)
    dist, lam = traj.distance, traj.lambda_min
    if valid is not None:
        dist, lam = torch.where(valid, dist, 0.0), torch.where(valid, lam, math.inf)
    everywhere = torch.ones_like(bound, dtype=torch.bool) if valid is None else valid.all(-1)
    holds, violated, margin, slack = conclusions.radius(dist.amax(-1), bound, dtype)
    tol = gram_eig_tolerance(p["n"], dtype)  # the rounding of the recorded λ_min(H(t))
    lam = lam.amin(-1)
    lam_holds, lam_near = compare_at_least(lam, lam0 / 2, tol)  # three-way: within tol of λ0/2 undecided
    checks = {
        "rate": rate,
        "radius": (holds & everywhere, violated, margin),
        "lambda_min": (lam_holds & everywhere, ~lam_holds & ~lam_near, 1 - (lam0 / 2) / lam),
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


@in_chunks(2**62, lambda instance, device: literal_chunk(instance.params), literal_chunk)
def lemma3_4(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Lemma 3.4: if R′ < R, then for all t: λ_min(H(t)) ≥ λ0/2, ‖w_r(t) − w_r(0)‖ ≤ R′ (rprime_factor = 2)
    and the e^{−λ0 t} rate, all three checked on the grid. With m None, at the literal width
    (:func:`lemma3_4_literal`)."""
    if instance.params["m"] is None:
        return lemma3_4_literal(instance, generator, device, dtype, batch)
    checks, _, details = _rate_radius_lambda(instance, generator, device, dtype, batch)
    everywhere = torch.ones_like(details["slack"], dtype=torch.bool)
    return _outcome(checks, (everywhere, everywhere), details)


def literal_width(p, y, lam0: float, width=bounds.literal_width_thm3_2) -> int:
    """The literal width of Lemma 3.4's premise R′ < R (R′ = 2√n‖y − u(0)‖/(√m λ0), R = cδλ0/n², c derived): the
    least integer above m = 4n⁵‖y − u(0)‖²/(c²δ²λ0⁴) with ‖y − u(0)‖² at its Markov bound (‖y‖² + n/2)/δ, so that
    R′ < R holds with probability ≥ 1 − δ (Theorem 3.2's proof; models.two_layer_bounds.literal_width_thm3_2).
    ``width``: models.two_layer_bounds.literal_width_thm4_1 for GD's (Corollary 4.1's R′, four times it)."""
    return math.floor(width(p["n"], lam0, p["delta"], float((y**2).sum()) + p["n"] / 2)) + 1


def literal_flow(instance: Instance, generator, device, dtype, batch: int):
    """The flow at m = :func:`literal_width` by the reduced flow of models.aggregated_flow: the neurons with
    min_i |z_ri(0)| ≥ τ = R (Lemma 3.2's radius) enter through their aggregates, the others one by one once the
    certificate's reach comes to them, on the grid and with the refinement of :func:`flow_from`. Returns (trajectory,
    λ0, m, R)."""
    p = instance.params
    X, y, lam0 = instance_data(instance, device, dtype)
    m = literal_width(p, y, lam0)
    R = bounds.radius_lemma3_2(bounds.RADIUS_CONST, p["delta"], lam0, p["n"])
    wd = aggregated_flow.draw(X, m, R, generator=generator, batch=batch)
    r0 = aggregated_flow.initial_output(wd) - y
    T = p["horizon"] / lam0
    times = torch.linspace(0, T, p["grid"] + 1, dtype=dtype, device=device)
    traj = aggregated_flow.flow(
        X,
        y,
        wd,
        T=T,
        grid=p["grid"],
        tol=p["flow_tol"],
        max_refinements=p["max_refinements"],
        scale=_scale(p, lam0, times, r0),
    )
    return traj, lam0, m, R


def certified_times(traj) -> torch.Tensor:
    """(B, T) bool: the times (the flow's grid times, GD's steps) up to which a reduced run's certificate holds
    (``frozen_to`` ≤ 1: no aggregated neuron can have changed its pattern). A conclusion decides only there: a
    violation at such a time is verified; a trial without one whose certificate fails later is undecided."""
    return traj.frozen_to <= 1


def literal_details(traj, m: int) -> dict:
    return {
        "width": torch.ones_like(traj.frozen_ratio) * m,
        "near_neurons": traj.near.to(traj.frozen_ratio.dtype),
        "stepped_neurons": traj.stepped.to(traj.frozen_ratio.dtype),
        "frozen_ratio": traj.frozen_ratio,
    }


def lemma3_4_literal(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Lemma 3.4 at m = :func:`literal_width` (:func:`literal_flow`). The premise R′ < R is decided per trial with
    its own ‖y − u(0)‖ (a trial outside it counts as undecided against SUPPORTED, as a pass against REFUTED); a
    grid time after its certificate fails decides nothing (:func:`certified_times`). The conclusions are
    :func:`lemma3_4`'s, on the same grid and with the same tolerances."""
    p = instance.params
    traj, lam0, m, R = literal_flow(instance, generator, device, dtype, batch)
    valid = certified_times(traj)
    checks, _, details = _radius_lambda(p, traj, lam0, m, *_rate(p, traj, lam0, m, valid), valid)
    rprime = bounds.rprime(2.0, p["n"], traj.residual_sq[..., 0].sqrt(), m, lam0)  # the paper's R′, factor 2
    held, near = compare_at_most(rprime, R, R * norm_tolerance(dtype))
    details = {**details, **literal_details(traj, m), "rprime_over_R": rprime / R}
    return _outcome(checks, (held, held | near), details)
