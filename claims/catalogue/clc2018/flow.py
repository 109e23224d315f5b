"""Trials of the dynamics of deep linear networks (Chitour, Liao, Couillet 2018, arXiv:1811.03568, Liao's slides (with
Chitour, Couillet)):
the invariants C_j, convergence of GD to the critical set, and the exponential rate under the invariant's
positivity hypothesis. L(W) = ½‖Y − W_{H+1} ⋯ W₁ X‖_F²; the mathematics is in models.deep_linear."""

from __future__ import annotations

import itertools
import math

import torch

from claims.engine import witness
from claims.engine.resources import step_count
from claims.spec import Instance, Outcome, compare_at_least, compare_at_most, nan_as_worst, refusal, require
from models import deep_linear as dl
from models.checks import eig_tolerance
from models.numerics import all_three_way, undecided_unless

#: Richardson: the error of the h/2 Euler run is about |L_h − L_{h/2}|; twice that brackets the flow value. An
#: asymptotic estimate, not a bound: where the first-order error coefficient passes through 0 at a checkpoint the
#: bracket is narrowest and can miss (the report's experiment clc2018.rate_accuracy measures how often)
RICHARDSON_FACTOR = 2


def invariants_cost(params) -> tuple[int, float, int]:
    """(elements, flops, sequential steps) of a trial (claims.engine.resources): K = ⌈T/η⌉ GD steps through
    L layers of width at most d on n samples; a trial holds every layer's weights, gradient and activations
    (L·d·(d + n) entries), and a step does about 6·n·d² multiply-adds a layer (forward, backward, update)."""
    dims = dl.parse_dims(params["dims"])
    layers, d, n = len(dims) - 1, max(dims), params["n"]
    steps = step_count(params["time"] / params["eta"])
    return layers * d * (d + n), float(steps) * layers * 6 * n * d * d + 4.0 * layers * d**3, steps * layers


def exp_rate_cost(params) -> tuple[int, float, int]:
    """(elements, flops, sequential steps) of an exp_rate trial (claims.engine.resources), at most: the Euler
    counts K, 2K, … ≤ max_steps of the refinement, each a coarse run and a fine one (3K GD steps; ≤ 6·max_steps
    in all), and, on a stiff trial, the pilot of :func:`rate_span` (≤ max_steps GD steps, each with the spectral
    norms of S, ~50·d³ a layer). A GD step through L layers of width ≤ d on X = I_{d0} does about 6·d0·d²
    multiply-adds a layer; a trial holds every layer's weights, gradient and activations (L·d·(d + d0))."""
    dims = dl.parse_dims(params["dims"])
    layers, d, d0 = len(dims) - 1, max(dims), dims[0]
    most = max(params["steps"], params["max_steps"])  # a run with steps > max_steps is refused, but later
    steps = 7 * most
    flops = float(steps) * layers * 6 * d0 * d * d + float(most) * layers * 50 * d**3
    return layers * d * (d + d0), flops, steps * layers


def invariants_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: random X, Y, W(0); K = ⌈T/η⌉ GD steps of size η. The statement, for every j:

        ‖C_j(K) − C_j(0)‖_F ≤ B_j = Σ_k η²(‖G_{j+1}(k)‖_F² + ‖G_j(k)‖_F²),

    the exact per-step change C_j(k+1) − C_j(k) = η²(G_{j+1}ᵀG_{j+1} − G_jG_jᵀ) (models.deep_linear) summed
    with the triangle inequality: over the fixed time T the drift is η·∫‖G‖² dt, linear in η, and 0 for the
    flow. For GD this is an inequality (the drift is O(η²) per step, not 0), decided three-way
    (claims.spec.compare_at_most) against tol = 16·K·d·eps·max_j ‖W_j‖_F², the rounding of K updates of C_j:
    passed where drift + tol ≤ B_j for every j, failed where drift − tol > B_j for some j, undecided otherwise,
    and where B_j ≤ tol (a bound no larger than its rounding: nothing to decide; at init_scale = 0 nothing moves
    and 0 ≤ 0 would pass the mutant too). The mutant replaces C_j by
    W_{j+1}W_{j+1}ᵀ − W_jᵀW_j, whose change is first order in η (so its drift exceeds the η² bound).
    All widths are equal (``dims`` d,…,d) so that the mutant's expression is defined. Margin 1 − drift/(B + tol).
    """
    p = instance.params
    dims = dl.parse_dims(p["dims"])
    X, Y = dl.gaussian_data(p["n"], dims, batch=batch, generator=generator, dtype=dtype, device=device)
    Ws = dl.init(dims, batch=batch, scale=p["init_scale"], generator=generator, dtype=dtype, device=device)
    steps = max(1, math.ceil(p["time"] / p["eta"]))
    before = dl.invariants(Ws, transposed=p["transposed"])
    after_w, grad_sq = dl.gd(Ws, X, Y, eta=p["eta"], steps=steps, track_grad_sq=True)
    after = dl.invariants(after_w, transposed=p["transposed"])
    drift = torch.stack([(a - b).norm(dim=(-2, -1)) for a, b in zip(after, before, strict=True)], -1)
    bound = grad_sq[:, 1:] + grad_sq[:, :-1]
    wmax = torch.stack([W.square().sum((-2, -1)) for W in after_w + Ws], -1).amax(-1)
    tol = 16 * steps * max(dims) * torch.finfo(dtype).eps * wmax  # rounding of K updates of C_j
    ok, near = compare_at_most(drift, bound, tol[:, None])
    # a bound at or below its rounding decides no pass (W(0) = 0: nothing moves, and every expression, the
    # mutant's too, keeps 0 ≤ 0); a drift above it by more than tol still fails
    vacuous = ok & (bound <= tol[:, None])
    ok, near = ok & ~vacuous, near | vacuous
    passed, undecided = all_three_way(*zip(ok.unbind(-1), near.unbind(-1), strict=True))
    # the inequality holds at every η by the triangle inequality; a run past float64's range (a huge η or
    # init_scale: the weights overflow) makes drift or bound inf or NaN, which verifies nothing
    finite = torch.isfinite(drift).all(-1) & torch.isfinite(bound).all(-1) & torch.isfinite(tol)
    passed, undecided = undecided_unless(finite, passed, undecided)
    return Outcome(
        passed=passed,
        margin=1 - (drift / (bound + tol[:, None])).amax(-1),
        premise_held=torch.ones_like(passed),
        undecided=undecided,
        details={"drift": drift.amax(-1), "bound": bound.amax(-1), "size": torch.full_like(wmax, p["eta"])},
    )


def convergence_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: random X, Y, W(0); K = ``steps`` GD steps with the per-trial step η = step_factor / S(W(0))
    (models.deep_linear.step_size, a curvature bound of L at W(0)). The statement, at every K' ≤ K:

        c·(η/2) Σ_{k<K'} ‖∇L(k)‖² ≤ L(0) − L(K')   (c = ``descent_factor``, 1 in the theorem),

    the descent lemma L(k+1) ≤ L(k) − (η/2)‖∇L(k)‖² summed. Its premise is that the step stays within the
    curvature along the whole run, not only at W(0): η·S̄(k) ≤ 1 at every step, S̄(k) the bound of the Hessian's
    norm on the segment from W(k) to W(k+1) (models.deep_linear.segment_curvature_bound). The statement at K'
    needs it for the steps k < K' only: a prefix that falls short while every step before it was within the
    premise is a verified failure (premise held), wherever the run goes later; a run that leaves the premise
    before any prefix fails (S can grow along the run past 1/η) is one whose premise did not hold, and decides
    nothing. At K' = K the statement reads Σ_k η‖∇L(k)‖² ≤ 2(L(0) − L(K)) ≤ 2L(0): the trajectory stays bounded (L
    decreases and the balancedness invariant ties the layers) and ‖∇L(k)‖ → 0, the discrete form of the
    theorem's argument (convergence to Crit(L)). Each prefix is decided three-way (claims.spec.compare_at_least)
    against the rounding tol = loss_tol(L(0)) + loss_tol(L(K')) + 4K'·eps·(the sum) of the two loss values
    (witness.loss_tolerance) and of the sum: the trial passes where every prefix is proven, fails where some
    prefix falls short by more than tol, and is undecided otherwise (also where L or the sum overflowed float64:
    within the premise L cannot grow, so that is no divergence). The summed form keeps its slack as the run
    converges, where a single step's demanded decrease falls below what rounding resolves (a per-step test would
    read every converged run undecided). Margin: min_K' (L(0) − L(K') − sum)/(sum + tol). The mutant's c = 4
    asks 2η‖∇L‖² a step, more than any step within the premise gives: Taylor's other side caps the decrease at
    η‖∇L‖² + (S̄/2)η²‖∇L‖² ≤ 1.5η‖∇L‖².
    """
    p = instance.params
    dims = dl.parse_dims(p["dims"])
    X, Y = dl.gaussian_data(p["n"], dims, batch=batch, generator=generator, dtype=dtype, device=device)
    Ws = dl.init(dims, batch=batch, scale=p["init_scale"], generator=generator, dtype=dtype, device=device)
    eta = dl.step_size(Ws, X, Y, p["step_factor"])
    L0 = dl.loss(Ws, X, Y)
    eps = torch.finfo(dtype).eps
    margin = torch.full_like(L0, math.inf)
    passed = torch.ones_like(L0, dtype=torch.bool)
    failed = torch.zeros_like(passed)
    held = torch.ones_like(passed)
    widest = torch.zeros_like(L0)  # max_k η·S̄(k), the premise's margin
    demanded = torch.zeros_like(L0)  # c·(η/2) Σ_{k<K'} ‖∇L(k)‖²
    x_norm = torch.linalg.matrix_norm(X, 2)  # X is fixed along the run
    for k in range(p["steps"]):
        G = dl.grads(Ws, X, Y)
        step_curvature = eta * dl.segment_curvature_bound(Ws, G, eta, X, Y, x_norm)
        held = held & (step_curvature <= 1)  # steps 0..k within the premise; a NaN (a diverged run) leaves it
        widest = torch.maximum(widest, torch.nan_to_num(step_curvature, nan=math.inf))
        demanded = demanded + p["descent_factor"] * eta / 2 * sum(g.square().sum((-2, -1)) for g in G)
        Ws = [W - eta[:, None, None] * g for W, g in zip(Ws, G, strict=True)]
        L = dl.loss(Ws, X, Y)
        tol = witness.loss_tolerance(L0) + witness.loss_tolerance(L) + 4 * (k + 1) * eps * demanded
        ok, near = compare_at_least(L0 - L, demanded, tol)
        # within the premise the descent lemma holds exactly and L cannot grow: a loss or sum past float64's
        # range (L(0) = inf at init_scale ≈ 1e52, inf − inf = NaN) is an overflow, not a run that diverged
        ok, near = undecided_unless(torch.isfinite(L0) & torch.isfinite(L) & torch.isfinite(demanded), ok, near)
        passed, failed = passed & ok, failed | (held & ~ok & ~near)  # the prefix K' = k + 1 had its premise
        margin = torch.minimum(margin, nan_as_worst((L0 - L - demanded) / (demanded + tol)))
    return Outcome(
        passed=passed,
        margin=margin,
        premise_held=held | failed,
        undecided=~passed & ~failed,
        details={
            "final_grad_norm": dl.grad_norm(Ws, X, Y),
            "final_loss_over_initial": L / L0,
            "largest_step_curvature": widest,
        },
    )


def convergence_premises(instance: Instance, device, dtype) -> list[str]:
    """The descent lemma behind the sufficient decrease needs η ≤ 1/S; at W(0) this is step_factor ≤ 1 (the
    trial checks it along the run, step by step, and counts a run that leaves it as outside the premise)."""
    f = instance.params["step_factor"]
    if f <= 1:
        return []
    return [f"step_factor = {f:g} puts η = {f:g}/S(W(0)) above the descent lemma's step η ≤ 1/S"]


def flow_bracket(Ws, X, Y, h, chunk: int, checkpoints: int):
    """Euler runs with steps h and h/2 (h (B,)) to the checkpoints t_c = c·chunk·h, c = 1..checkpoints; returns
    (lower, upper) (checkpoints, B): the h/2 run's loss ∓ RICHARDSON_FACTOR·|L_h − L_{h/2}|."""
    coarse, fine = list(Ws), list(Ws)
    lo, hi = [], []
    for _ in range(checkpoints):
        coarse, _ = dl.gd(coarse, X, Y, eta=h, steps=chunk)
        fine, _ = dl.gd(fine, X, Y, eta=h / 2, steps=2 * chunk)
        Lc, Lf = dl.loss(coarse, X, Y), dl.loss(fine, X, Y)
        err = RICHARDSON_FACTOR * (Lc - Lf).abs()
        lo.append(Lf - err)
        hi.append(Lf + err)
    return torch.stack(lo), torch.stack(hi)


#: checkpoints of the exponential-rate check along [0, T]
RATE_CHECKPOINTS = 8


def decide_rate(lo, hi, bound, loss_tol, tail=None):
    """(passed, failed) (B,) of a loss bracket [lo, hi] (checkpoints, B) against the bound at the checkpoints:
    passed iff hi + loss_tol ≤ bound at every checkpoint, failed (verified) iff lo − loss_tol > bound at some.

    ``tail`` (B,), where the bracket's span s ends before the horizon T (:func:`rate_span`): the bound at T,
    e^{−cαT}L(0). The flow's loss never increases (dL/dt = −‖∇L‖²), so L(t) ≤ L(s) for every t in [s, T], and
    hi(s) + loss_tol ≤ e^{−cαT}L(0) ≤ e^{−cαt}L(0) passes all of [s, T]; a pass also needs that. Nothing past s
    is integrated, so no failure is verified there."""
    passed = compare_at_most(hi, bound, loss_tol)[0].all(0)
    if tail is not None:
        passed = passed & compare_at_most(hi[-1], tail, loss_tol)[0]
    ok_lo, near_lo = compare_at_most(lo, bound, loss_tol)
    # a NaN is the Euler scheme diverging (h too coarse for the flow's stiffness): the flow itself cannot (L
    # decreases along it), so a NaN bracket decides nothing
    failed = (~ok_lo & ~near_lo & ~torch.isnan(lo)).any(0)
    return passed, failed


#: the pilot of :func:`rate_span` ends a trial's span where its loss first falls to this fraction of the bound at
#: the horizon, e^{−cαT}L(0): below it, with room for the difference between the pilot's steps and the flow
SPAN_TARGET = 0.5


def rate_span(Ws, X, Y, T, tail, budget: int):
    """The span s ≤ T (B,) that a stiff trial's Euler bracket covers, and the curvature along it (B,).

    A deep net's proposition rate α = Π_j α_j is tiny (α ≈ 1e-9 at dims 8,8,6,6,4,4,2), so the horizon T = 1/α
    is ~1e9 while the flow's stiffness is O(1)–O(100): K ≥ T·S Euler steps on [0, T] would be ~1e8. The flow
    reaches its limit long before T, and its loss never increases; so the bracket need only reach a time s where
    the loss is below the bound at T (:func:`decide_rate`'s ``tail``). A pilot finds s: gradient descent with the
    descent-lemma step 1/S(W_k) (models.deep_linear.curvature_bound, recomputed each step, since S grows as the
    small layers grow), for at most ``budget`` steps, stopping each trial at the first time t ≤ T where its loss
    is ≤ SPAN_TARGET·tail. The pilot decides nothing: it picks s and the largest S met on the way, S_max, from
    which K ≥ s·S_max gives the bracket's runs steps h ≤ 1/S_max; the decision rests on the bracket alone.
    Returns (s, S_max): s = T for a trial the pilot did not bring to the target (its S_max then means nothing)."""
    S = dl.curvature_bound(Ws, X, Y)
    span, s_max = T.clone(), S.clone()
    t = torch.zeros_like(T)
    active = torch.ones_like(T, dtype=torch.bool)
    W = list(Ws)
    for _ in range(budget):
        s_max = torch.where(active, torch.maximum(s_max, S), s_max)
        W, _ = dl.gd(W, X, Y, eta=1 / S, steps=1)
        t = t + 1 / S
        active = active & (t <= T)
        reached = active & (dl.loss(W, X, Y) <= SPAN_TARGET * tail)
        span = torch.where(reached, t, span)
        active = active & ~reached
        if not active.any():
            break
        S = dl.curvature_bound(W, X, Y)
    return span, s_max


def _rate_bracket(Ws, X, Y, span, T, claimed, steps: int):
    """The exponential-rate check of :func:`exp_rate_trial` at K ≥ ``steps`` Euler steps to the span s ≤ T (B,):
    (passed, failed, slowest (checkpoints + 1, B), the final bracket's width over L(0), K, the bracket (lo, hi),
    and (bound, loss_tol, tail): the bound e^{−claimed·t}·L(0) at the checkpoints, the rounding loss_tol it is
    compared with, and the bound at T that the loss at s must meet (:func:`decide_rate`). slowest's last row is
    the rate over [s, T] that the loss at s guarantees (the last checkpoint's where s = T)."""
    chunk = -(-steps // RATE_CHECKPOINTS)  # h = s/(chunk·checkpoints) ≤ s/steps
    h = span / (chunk * RATE_CHECKPOINTS)
    L0 = dl.loss(Ws, X, Y)
    lo, hi = flow_bracket(Ws, X, Y, h, chunk, RATE_CHECKPOINTS)
    t = h * chunk * torch.arange(1, RATE_CHECKPOINTS + 1, dtype=L0.dtype, device=L0.device)[:, None]
    tiny = torch.finfo(L0.dtype).tiny
    slowest = -(hi.clamp_min(tiny) / L0).log() / (t * claimed) - 1
    short = span < T  # where s = T the tail is the last checkpoint's, bit for bit
    rest = -(hi[-1].clamp_min(tiny) / L0).log() / (T * claimed) - 1
    slowest = torch.cat([slowest, torch.where(short, rest, slowest[-1])[None]])
    bound, loss_tol = (-claimed * t).exp() * L0, witness.loss_tolerance(L0)
    tail = torch.where(short, (-claimed * T).exp() * L0, bound[-1])
    passed, failed = decide_rate(lo, hi, bound, loss_tol, tail)
    return passed, failed, slowest, (hi - lo)[-1] / L0, chunk * RATE_CHECKPOINTS, (lo, hi), (bound, loss_tol, tail)


def exp_rate_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: X = I_{d0}, Y with N(0, 1/d0) entries, W(0) from models.deep_linear.rate_init. α_j is the
    d_{j+1}-th LARGEST eigenvalue of C_j (our reading of the seed's "d_{j+1}-smallest": the hypothesis is that
    C_j has d_{j+1} positive eigenvalues, and the proof needs λ_min(W_{j+1}W_{j+1}ᵀ) = λ_{d_{j+1}}↓(W_{j+1}ᵀW_{j+1})
    ≥ λ_{d_{j+1}}↓(C_j) since W_{j+1}ᵀW_{j+1} = C_j + W_jW_jᵀ ≽ C_j). Chaining the seed's inequality
    dL/dt ≤ −2 Π_{l≥2} λ_min(W_lW_lᵀ) λ_min(XXᵀ) L with X = I gives L(t) ≤ e^{−2αt} L(0), α = Π_j α_j.
    ``alpha_rank`` = "smallest" takes the seed's words literally instead, the d_{j+1}-th smallest eigenvalue
    (models.deep_linear.rate_alpha): where d_j = d_{j+1} that is λ_max(C_j), and the mutant literal_smallest
    states it at dims 4,4,4.

    The flow is integrated to the horizon T = horizon/α (part of the instance) by Euler steps h = T/K and h/2,
    and bracketed at 8 checkpoints t by Richardson (:func:`flow_bracket`; an estimate, not a bound: the report's
    experiment clc2018.rate_accuracy measures how often it misses the flow). In log-rate units, the measured
    decay exponent ρ(t) = −log(L(t)/L(0))/t against the claimed c·α (c = rate_factor, 2 the proposition). The
    decision is three-way in loss units (claims.spec.compare_at_most with the rounding loss_tol =
    64·eps·(1 + L(0)) of a loss value): passed iff the largest loss the bracket allows satisfies
    L_hi(t) + loss_tol ≤ e^{−cαt}L(0) at every checkpoint; failed (verified) iff even the smallest one exceeds
    it, L_lo(t) − loss_tol > e^{−cαt}L(0), at some checkpoint; undecided otherwise (the integration is too
    coarse to tell, the loss within rounding of the bound, or the Euler run diverged to NaN). A loss driven
    below its rounding floor still passes against a bound far above it (in log-rate units its rounding would be
    as large as the rate itself). Margin: min_t ρ_slowest(t)/(cα) − 1, ρ_slowest from L_hi.

    K, shared by the batch, is chosen before any comparison and refined by a rule blind to the direction of
    the outcome:

    * stability: Euler on a gradient flow diverges once h > 2/λ_max(∇²L), so K starts at the least count
      ≥ ``steps`` that gives every trial whose premise holds h ≤ 1/S(W(0)), S the curvature bound of L at W(0)
      (Gauss–Newton plus residual terms, models.deep_linear.step_size; S ≥ λ_max(∇²L) there): K ≥ T·S;
    * stiff trials (T·S > ``max_steps``; deep nets, where α is tiny): the bracket covers a span s < T instead,
      where a pilot run found the loss below half the bound at T, and K ≥ s·S_max, S_max the largest S on the
      pilot's way (:func:`rate_span`); the rest of [s, T] passes by the flow's monotone loss, L(t) ≤ L(s), if the
      bracket's L_hi(s) + loss_tol ≤ e^{−cαT}L(0), and is undecided otherwise (no failure is verified past s).
      A trial the pilot does not bring to that loss within ``max_steps`` keeps s = T. The span is not blind to
      the outcome (it ends where a pass looks likely), and need not be: a pass on it is checked by the bracket
      like any other, and a trial it leaves undecided counts as a failure against SUPPORTED, so it can make
      neither a false pass nor a failure;
    * accuracy: while such a trial is undecided, K is doubled (the bracket's width, O(h), halves), up to
      ``max_steps``; the batch's outcome is that of its last K (``euler_steps`` in the details). Refining can
      verify a failure as readily as a pass: it narrows the bracket around the flow's loss, wherever that is.

    A trial still undecided at ``max_steps`` (a flow too stiff for the budget) stays undecided.
    The premise, α_j > 0 for every j, is taken as held only where each α_j exceeds its eigenvalue tolerance
    (models.checks.eig_tolerance of C_j): an α_j within rounding of 0 is no verified positive eigenvalue. A trial
    outside the premise (alpha_rank = "smallest" where d_j ≥ 2d_{j+1} reads an α_j ≤ 0) is integrated at α = 1
    and drawn again by the runner; it leaves the other trials' K and outcomes as they were.
    """
    run = rate_run(instance.params, generator, device, dtype, batch)
    return Outcome(
        passed=run["passed"],
        margin=run["slowest"].amin(0),
        premise_held=run["premise"],
        undecided=~run["passed"] & ~run["failed"],
        details={
            "alpha": run["alpha"],
            "euler_steps": torch.full_like(run["alpha"], run["steps"]),
            "horizon": run["T"],
            "rate_over_claimed": 1 + run["slowest"][-1],
            "bracket_width": run["width"],
        },
    )


def dims_constraints(p) -> list[str]:
    """dims that parse (models.deep_linear.parse_dims), checked before any trial."""
    return refusal(lambda: dl.parse_dims(p["dims"]))


def exp_rate_constraints(p) -> list[str]:
    """exp_rate's domain, checked before any trial: non-increasing widths (rate_init's hypothesis) and a step
    cap at least the coarse run's steps."""
    if bad := dims_constraints(p):
        return bad
    dims = dl.parse_dims(p["dims"])
    out = []
    if any(a < b for a, b in itertools.pairwise(dims)):
        out.append(f"parameter dims must be non-increasing, d0 ≥ d1 ≥ … ≥ d_(H+1), for exp_rate, got {p['dims']!r}")
    if p["max_steps"] < p["steps"]:
        out.append(f"parameter max_steps must be >= steps = {p['steps']}, got {p['max_steps']}")
    return out


def rate_run(p, generator, device, dtype, batch: int) -> dict:
    """:func:`exp_rate_trial`'s draws and flow at the parameters ``p``: W(0), X, Y, α, the premise, T, the claimed
    exponent c·α, the final K and its check (passed, failed, slowest, width, the bracket (lo, hi), the bound and
    its rounding tolerance (bound, loss_tol))."""
    require(exp_rate_constraints(p))  # the runner refuses these first; a direct call is refused here
    dims = dl.parse_dims(p["dims"])
    Ws = dl.rate_init(dims, batch=batch, generator=generator, dtype=dtype, device=device)
    X = torch.eye(dims[0], dtype=dtype, device=device)
    Y = torch.randn(batch, dims[-1], dims[0], generator=generator, dtype=dtype, device=device) / math.sqrt(dims[0])
    alpha_j = dl.rate_alpha(Ws, p["alpha_rank"])
    alpha = alpha_j.prod(-1)
    eig_tol = torch.stack([eig_tolerance(C) for C in dl.invariants(Ws)], -1)
    premise = (alpha_j > eig_tol).all(-1)
    # a trial outside the premise has no rate to check (α ≤ 0 would ask for T = horizon/α < 0, a flow run
    # backwards): it runs at α = 1 instead, and the runner draws again; K is set by the premise's trials alone
    rate = torch.where(premise, alpha, torch.ones_like(alpha))
    T, claimed = p["horizon"] / rate, p["rate_factor"] * rate
    steps, span = p["steps"], T
    if premise.any():  # K ≥ s·S: h ≤ 1/S for every trial the premise admits (see the docstring)
        need = T / dl.step_size(Ws, X, Y, 1.0)
        stiff = premise & (need > p["max_steps"])
        if stiff.any():  # only these trials' spans can end before T; a batch without one is as before, bit for bit
            s, s_max = rate_span(Ws, X, Y, T, (-claimed * T).exp() * dl.loss(Ws, X, Y), p["max_steps"])
            span = torch.where(stiff, s, T)
            need = torch.where(span < T, span * s_max, need)
        steps = min(p["max_steps"], max(steps, math.ceil(float(need[premise].amax()))))
    while True:  # K doubled while a trial the premise admits is undecided, up to max_steps (see the docstring)
        passed, failed, slowest, width, steps, bracket, bound = _rate_bracket(Ws, X, Y, span, T, claimed, steps)
        if not (premise & ~passed & ~failed).any() or 2 * steps > p["max_steps"]:
            break
        steps *= 2
    return {
        "Ws": Ws,
        "X": X,
        "Y": Y,
        "alpha": alpha,
        "premise": premise,
        "T": T,
        "span": span,
        "claimed": claimed,
        "steps": steps,
        "passed": passed,
        "failed": failed,
        "slowest": slowest,
        "width": width,
        "bracket": bracket,
        "bound": bound,
    }
