"""Trials of the kernel claims of du2018a: λ0 > 0 (Theorem 3.1), H(0) near H∞ (Lemma 3.1), H stable on a ball
around W(0) (Lemma 3.2), and the m^{−1/2} scaling of both deviations (ntk_constancy, ntk_drift).

Each trial function runs ``batch`` independent trials; the mathematics is in models.two_layer and
models.two_layer_bounds, the tolerances in models.numerics.
"""

from __future__ import annotations

import math

import torch

from claims.catalogue.du2018a.params import data_cost, draw_x, instance_data, train_setup
from claims.engine.resources import Cost, step_count
from claims.spec import Infeasible, Instance, Outcome, compare_at_least, compare_at_most, in_chunks
from models import dynamics, preactivations, symeig, two_layer
from models import two_layer_bounds as bounds
from models.numerics import eig_tolerance


def thm3_1(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Theorem 3.1: draw X (n×d) of the instance's geometry, compute λ0 = λ_min(H∞), decide λ0 > 0 three ways.

    tol = 8·n·eps·‖H∞‖_F bounds the rounding error of the computed eigenvalue (models.numerics.eig_tolerance):
    passed iff λ̂0 ≥ tol (proven positive); undecided iff |λ̂0| ≤ tol with no proof of singularity (λ0 is not
    resolved from 0); failed iff λ0 = 0 is proven: two rows of X are equal bit for bit, so e_i − e_j is an
    exact null vector of H∞ (or λ̂0 < −tol, impossible for the PSD H∞). Equal rows are parallel inputs, outside
    the hypothesis x_i ∦ x_j: where a geometry draws them (clustered at a spread below rounding) the premise is
    not held. The mutant copies rows 1..k from row 0 on purpose: its statement drops the hypothesis, so the
    premise holds for it and the exact null vector refutes it.
    """
    p = instance.params
    X = draw_x(p, generator=generator, batch=(batch,), dtype=dtype, device=device)
    if p["duplicates"]:
        X[:, 1 : 1 + p["duplicates"], :] = X[:, :1, :]
    H = two_layer.h_infinity(X)
    lam0, tol = two_layer.lambda_min(H), eig_tolerance(H)
    passed, near = compare_at_least(lam0, 0.0, tol)
    off = ~torch.eye(p["n"], dtype=torch.bool, device=device)
    equal_rows = ((X.unsqueeze(-2) == X.unsqueeze(-3)).all(-1) & off).any((-2, -1))  # exact witness of λ0 = 0
    theta = two_layer.angles(X) + torch.eye(p["n"], dtype=dtype, device=device) * math.pi
    return Outcome(
        passed=passed,
        margin=(lam0 - tol) / torch.linalg.matrix_norm(H, "fro"),
        premise_held=~equal_rows | bool(p["duplicates"]),
        details={"lambda0": lam0, "tolerance": tol, "min_angle": theta.amin((-2, -1))},
        undecided=near & ~equal_rows,
    )


def lemma3_1_width(params, lam0: float) -> int:
    """m of a Lemma 3.1 instance: params['m'], or the literal m₁(n, λ0, δ) when m is None (Infeasible when
    m₁ exceeds max_width: the size the theory asks for is the message)."""
    if params["m"] is not None:
        return params["m"]
    m1 = bounds.literal_width_lemma3_1(params["n"], lam0, params["delta"])
    if m1 > params["max_width"]:
        raise Infeasible(
            f"the literal width m₁ = {m1:.3g} (n = {params['n']}, λ0 = {lam0:.3g}, "
            f"δ = {params['delta']}) exceeds max_width = {params['max_width']:.3g} (raise max_width to run it, or "
            "set m for a practical width)"
        )
    return m1


#: λ0 for a cost read from the parameters alone (claims.engine.resources: a lower bound of every instance's
#: cost): the largest λ0 = λ_min(H∞) that unit-norm rows allow, since λ_min ≤ H∞_ii = ‖x_i‖²/2 = ½; a step
#: count that grows as 1/λ0 (the drift's K, the flow's T) and Lemma 3.1's m₁ are then at their least. A check
#: estimates them at its instance's own λ0 (:func:`cost_lambda0`), which data such as near-parallel rows take
#: below any constant
LAMBDA0_MAX = 0.5


def cost_lambda0(instance: Instance | None, device, dtype) -> float:
    """λ0 for a cost estimate (claims.engine.resources): the instance's own, λ_min(H∞) of the X its trials draw
    (instance_data, on the run's device and dtype: the same value the trials compute), or :data:`LAMBDA0_MAX`
    without an instance (the lower bound), and where λ0 is 0 within rounding (such an instance is not run: its
    trials say so)."""
    if instance is None:
        return LAMBDA0_MAX
    try:
        return instance_data(instance, device, dtype, labels=False)[2]
    except Infeasible:
        return LAMBDA0_MAX


def lemma3_1_cost(params, instance: Instance | None = None, device=None, dtype=None) -> Cost:
    """Lemma 3.1's trial never holds W (models.two_layer.random_gram draws the pre-activations XWᵀ in chunks
    within a fixed memory budget): per trial it holds n×n matrices (the counts, H(0), H(0) − H∞ and the
    eigensolver's workspace) and does 2·m·n·(n + k) flops (the pre-activations from k normals a neuron, k =
    min(n, d) on the factor route random_gram takes by default and d on the plain one, and their counts). m
    unset is the literal m₁ at the instance's λ0 (:func:`cost_lambda0`), the width the trials draw (at
    :data:`LAMBDA0_MAX` without an instance: the least m₁ of any data); max_width where m₁ exceeds it (such a run
    is reported, not run)."""
    n, d = params["n"], params["d"]
    m = params["m"]
    if m is None:
        try:
            m = lemma3_1_width(params, cost_lambda0(instance, device, dtype))
        except Infeasible:
            m = params["max_width"]
    k = min(n, d) if preactivations.choose_route(n, d) == "factor" else d
    flops = 2.0 * m * n * (n + k) + data_cost(params)  # and the eigensolve of H(0) − H∞
    return Cost(n * n + n * d, flops, None, random_gram_shared(n, d))


def random_gram_shared(n: int, d: int) -> int:
    """Bytes a batch of models.two_layer.random_gram holds whatever its size: its chunk of neurons (the normals and
    their signs) within the route's budget, twice it for the count product's transients (claims.engine.resources.
    Cost; measured by benchmarks.memory_estimates)."""
    plain = preactivations.choose_route(n, d) == "plain"
    return 2 * (two_layer.MEMORY_BYTES if plain else two_layer.DRAW_MEMORY_BYTES)


def lemma3_1(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Lemma 3.1: a fresh W(0) for the instance's fixed X. Both conclusions,

        ‖H(0) − H∞‖₂ ≤ bound_factor·λ0   and   λ_min(H(0)) ≥ (1 − bound_factor)·λ0,

    are decided three ways with tol = 8·n·eps·(‖H(0)‖_F + ‖H∞‖_F), the rounding error of the two
    eigen-computations: passed iff both hold by more than tol, failed iff either is violated by more than
    tol, undecided otherwise (an estimate within tol of its boundary).
    """
    p = instance.params
    X, _, lam0 = instance_data(instance, device, dtype, labels=False)
    m = lemma3_1_width(p, lam0)
    H_inf = two_layer.h_infinity(X)
    H0 = two_layer.random_gram(X, m, generator=generator, batch=batch)  # XWᵀ drawn by the cheapest exact route
    dev = symeig.eigvalsh(H0 - H_inf).abs().amax(-1)
    lmin0 = two_layer.lambda_min(H0)
    tol = eig_tolerance(H0) + eig_tolerance(H_inf)
    bf = p["bound_factor"]
    full = torch.ones_like(dev)
    dev_ok, dev_near = compare_at_most(dev, bf * lam0, tol)
    lmin_ok, lmin_near = compare_at_least(lmin0, (1 - bf) * lam0, tol)
    failed = (~dev_ok & ~dev_near) | (~lmin_ok & ~lmin_near)
    return Outcome.all_passed(
        {
            "deviation": (dev_ok, 1 - dev / (bf * lam0)),
            "lambda_min": (lmin_ok, (lmin0 - (1 - bf) * lam0) / (bf * lam0)),
        },
        details={"deviation": dev, "lambda_min_H0": lmin0, "lambda0": full * lam0, "m": full * m},
        undecided=~(dev_ok & lmin_ok) & ~failed,
    )


#: Lemma 3.2's trials held at once: each holds W(0) and three adversaries (4·m·d) and their Grams; at the
#: standard instance (m = 3200, d = 40) a whole first look of ~3000 trials would hold 12 GiB in W alone
LEMMA3_2_CHUNK = 128


@in_chunks(LEMMA3_2_CHUNK)
def lemma3_2(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Lemma 3.2 with R = radius_factor·δλ0/n^radius_power (the paper: √(2π)/16 and 2). One trial is one W(0)
    for the instance's fixed X; "every W with ‖w_r − w_r(0)‖ ≤ R" is decided two ways (models.two_layer_bounds):

    passed — the certificate proves both conclusions on the whole ball: λ_max(B) < λ0/4 and
        λ_min(H(0)) − λ_max(B) > λ0/2 (Weyl), B_ij = |x_iᵀx_j|·count_ij/m ≥ |H(W) − H(0)|_ij entrywise;
    failed — a verified violation: W(0) itself or one of three adversaries, each recomputed to lie in the
        ball, has ‖H(W) − H(0)‖₂ ≥ λ0/4 or λ_min(H(W)) ≤ λ0/2 beyond the eigenvalue tolerances;
    undecided — neither (the certificate is sufficient only, and the adversaries may miss the worst W).

    The margin is the certificate's (1 − λ_max(B)/(λ0/4), or the Weyl gap over λ0/2, the smaller) where it
    decides, the adversaries' worst (negative) where they do.
    """
    p = instance.params
    X, _, lam0 = instance_data(instance, device, dtype, labels=False)
    R = p["radius_factor"] * p["delta"] * lam0 / p["n"] ** p["radius_power"]
    W0 = torch.randn(batch, p["m"], p["d"], generator=generator, dtype=dtype, device=device)
    H0 = two_layer.gram(X, W0)
    lmin0 = two_layer.lambda_min(H0)
    tol = eig_tolerance(H0) + eig_tolerance(two_layer.h_infinity(X))
    cert = bounds.certificate_bound(bounds.ball_certificate(X, W0, R))
    cert_margin = torch.minimum(1 - cert / (lam0 / 4), (lmin0 - tol - cert - lam0 / 2) / (lam0 / 2))
    W = torch.cat([W0.unsqueeze(0), bounds.ball_adversaries(X, W0, R)])  # (4, B, m, d)
    inside = (dynamics.max_distance(W0, W) <= R).all(0)  # recomputed; the adversaries stay strictly inside
    H = two_layer.gram(X, W)
    dev = symeig.eigvalsh(H - H0).abs().amax(-1)
    lmin = two_layer.lambda_min(H)
    adv_margin = torch.minimum(1 - dev / (lam0 / 4), (lmin - lam0 / 2) / (lam0 / 2)).amin(0)
    # a violation is verified only beyond the eigenvalue tolerance: ‖ΔH‖₂ ≥ λ0/4 or λ_min(H) ≤ λ0/2 proven
    violated = inside & (compare_at_least(dev, lam0 / 4, tol)[0] | compare_at_most(lmin, lam0 / 2, tol)[0]).any(0)
    certified = cert_margin > 0
    full = torch.ones_like(cert)
    return Outcome(
        passed=certified & ~violated,
        margin=torch.where(violated, adv_margin, cert_margin),
        premise_held=torch.ones_like(certified),
        details={
            "certificate": cert,
            "adversary_deviation": dev[1:].amax(0),
            "adversary_lambda_min": lmin[1:].amin(0),
            "flippable": bounds.flippable(X, W0, R).to(dtype).mean((-2, -1)),
            "R": full * R,
            "R_over_lambda0": full * (R / lam0),
        },
        undecided=~certified & ~violated,
    )


# ---------------------------------------------------------------------------------------------------------
# ntk_constancy (init) and ntk_drift


def width_grid(p) -> list[int]:
    return [p["m_min"] * 4**j for j in range(p["widths"])]


def _init_deviation(instance: Instance, m: int, generator, device, dtype, batch: int) -> torch.Tensor:
    X = draw_x(instance.params, generator=instance.generator("data", device), batch=(), dtype=dtype, device=device)
    H0 = two_layer.random_gram(X, m, generator=generator, batch=batch)
    return symeig.eigvalsh(H0 - two_layer.h_infinity(X)).abs().amax(-1)


def ntk_cost(params, instance: Instance | None = None, device=None, dtype=None) -> Cost:
    """(elements, flops, sequential steps) of an ntk trial (claims.engine.resources): a trial measures at a
    width of the grid m_min·4^j, j < widths, drawn uniformly, so a batch holds and works at the grid's mean
    width m̄ per trial. H(0) costs 2·n·m̄·(n + d) multiply-adds and holds n×n matrices (random_gram draws W in
    chunks); the drift holds W and the pre-activations, m̄·(d + n), and runs K = ⌈horizon/(ηλ0)⌉ GD steps of
    η = eta_scale/λ_max(H∞) ≥ 2·eta_scale/n, each of 8·n·m̄·d more and the Gram's eigenvalues, K at the
    instance's λ0 (:func:`cost_lambda0`)."""
    n, d = params["n"], params["d"]
    grid = [params["m_min"] * 4**j for j in range(params["widths"])]
    mean = sum(grid) / len(grid)
    gram, data = 2.0 * n * mean * (n + d), data_cost(params)  # the data's, and H(0)'s eigensolve
    if "horizon" not in params:
        return Cost(n * n + n * d, gram + data, 1, random_gram_shared(n, d))
    K = step_count(params["horizon"] * n / (2 * params["eta_scale"] * cost_lambda0(instance, device, dtype)))
    return math.ceil(mean * (d + n)) + n * n, K * (gram + 8.0 * n * mean * d + n**3) + data, K


def _drift(instance: Instance, m: int, generator, device, dtype, batch: int) -> torch.Tensor:
    """sup_k ‖H(k) − H(0)‖₂ over K = ⌈horizon/(ηλ0)⌉ GD steps of η = eta_scale/λ_max(H∞), recorded at every
    step (exact eigen-decompositions)."""
    p = instance.params
    X, y, W0, a0, lam0 = train_setup(instance, generator, device, dtype, batch, m=m)
    eta = p["eta_scale"] / float(symeig.eigvalsh(two_layer.h_infinity(X))[-1])
    steps = math.ceil(p["horizon"] / (eta * lam0))
    traj = dynamics.gradient_descent(X, y, W0, a0, eta=eta, steps=steps, gram_too=True)
    return traj.kernel_drift.amax(-1)


def _over_widths(measure, instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One measurement per trial at a width drawn uniformly from the grid (a loop over the few grid widths,
    not over trials); details size = m, value = the measurement."""
    grid = width_grid(instance.params)
    which = torch.randint(len(grid), (batch,), generator=generator, device=device)
    size = torch.empty(batch, dtype=dtype, device=device)
    value = torch.empty(batch, dtype=dtype, device=device)
    for j, m in enumerate(grid):
        sel = which == j
        if int(sel.sum()):
            value[sel] = measure(instance, m, generator, device, dtype, int(sel.sum()))
            size[sel] = float(m)
    ok = torch.ones(batch, dtype=torch.bool, device=device)
    # a measurement of exactly 0 (no pattern flipped) cannot enter the log-log fit: undecided, not dropped
    return Outcome(ok, torch.zeros_like(value), ok, {"size": size, "value": value}, undecided=value <= 0)


def ntk_init(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """ntk_constancy: value = ‖H(0) − H∞‖₂ at a width m of the grid m_min·4^j. Each entry of H(0) − H∞ is a
    mean of m bounded centred terms (variance of order 1), so √m(H(0) − H∞) tends to a Gaussian matrix and
    ‖H(0) − H∞‖₂ = Θ(m^{−1/2}) (the CLT; Lemma 3.1 gives the upper side). The drift is du2018a.ntk_drift."""
    if instance["quantity"] != "init":
        raise Infeasible(
            "the drift part is an upper bound (O(m^{−1/2}), judged one-sided): run du2018a.ntk_drift; this "
            "record judges the two-sided Θ of the initial deviation"
        )
    return _over_widths(_init_deviation, instance, generator, device, dtype, batch)


def ntk_drift(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """ntk_drift: value = sup_k ‖H(k) − H(0)‖₂ along GD at a width m of the grid. The paper bounds it from
    above: every w_r moves by at most R′ = O(√n‖y − u(0)‖/(√m λ0)) (Lemma 3.3, Corollary 4.1), so a fraction
    O(R′) of the patterns can flip and each entry of H moves by O(R′) (Lemma 3.2): O(m^{−1/2})."""
    return _over_widths(_drift, instance, generator, device, dtype, batch)
