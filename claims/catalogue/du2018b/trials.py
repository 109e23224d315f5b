"""Trials and strategies of the du2018b family (Du, Lee, Li, Wang, Zhai 2018b, arXiv:1811.03804 v4).

The mathematics is in :mod:`models.deep_smooth` (K^(H), Θ∞, the proof's constants) and
:mod:`models.deep_smooth_net` (the finite-width net and gradient descent on every layer).
"""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as st

from claims.engine.resources import Cost
from claims.spec import Infeasible, Instance, Outcome, compare_at_least, nan_as_worst, require_positive_lambda0
from models import data, deep_smooth, deep_smooth_net, symeig, two_layer
from models.checks import eig_tolerance

F64 = torch.float64

# ---------------------------------------------------------------------------------------------------------
# Proposition F.1: λ0 > 0


def kernel_cost(n: int, depth: int) -> tuple[float, int]:
    """(flops, sequential steps) of one K^(H) (models.deep_smooth.ntk_gram) on n points, for the cost hooks
    (claims.engine.resources): each of the H layers runs Horner's rule over SERIES_TERMS + 1 coefficients, four
    elementwise operations on every entry each. At the small n of these claims every such operation is a step of
    its own, a few µs: a layer took 1.5–1.7 ms at n = 4 on a 2-core CPU, about SERIES_TERMS/10 of the engine's
    steps (STEP_FLOPS, ~100 µs). Counted as flops alone, depth = 10⁵ had been admitted at 3.7e6 flops under
    --max-work 1e9 and ran for minutes."""
    terms = deep_smooth.SERIES_TERMS + 1
    return 4.0 * terms * depth * n * n, depth * max(1, terms // 10)


def _unit64(X: torch.Tensor) -> torch.Tensor:
    """X in float64 with rows renormalised there (the kernel is float64 whatever the run's dtype)."""
    return torch.nn.functional.normalize(X.to(F64), dim=-1)


def lambda0_cost(params) -> tuple[int, float, int]:
    """Per trial, n = C(2^H + d − 1, d − 1) + extra points (:func:`lambda0_trial`): about eight n × n matrices
    held (the kernel's layers, the angles, the certificate's product) and about 12n³ flops (the eigensolver and
    the certificate's M A Mᵀ), plus the kernel's H layers (:func:`kernel_cost`, once per activation a batch).
    n grows like 2^{H(d − 1)}: at d = 3, H = 10 it is 525,827 (a 2.2 TB kernel), so the parameters' sizes alone
    would not bound it."""
    # capped: an estimate past every limit either way, and C(2^H + d − 1, d − 1) itself need not be computable
    n = min(deep_smooth.quadratic_feature_dimension(params["d"], params["depth"], cap=10**30) + params["extra"], 10**30)
    flops, steps = kernel_cost(n, params["depth"])
    return 8 * n * n, 12.0 * n**3 + flops, len(deep_smooth.SMOOTH) * steps  # "smooth": one kernel an activation


def lambda0_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Proposition F.1: σ analytic and not a polynomial (Condition 3.2), no two inputs parallel ⇒
    λ0 = λ_min(K^(H)) > 0, K^(H) of Definition 5.1 (last expectation under the block of K^(H−1)).

    One trial draws n = C(2^H + d − 1, d − 1) + extra points uniform on S^{d−1}: more than the rank of K^(H)
    for σ(z) = z² (a polynomial kernel of degree 2^H in x_iᵀx_j), so the mutant's K^(H) is singular on every
    trial. With activation "smooth" trial i uses softplus, tanh, sigmoid in turn. Premise (per trial): every
    pair at an angle ≥ min_angle from parallel and antiparallel (non-parallel, resolved in float64).
    λ̂ is trusted to τ = 8n·eps·‖K‖_F (the symmetric eigensolver, models.checks.eig_tolerance) + n·e_K
    (‖E‖₂ ≤ n·max|E_ij| for the kernel's entrywise error bound e_K = deep_smooth.ntk_gram_error), decided three
    ways (claims.spec.compare_at_least): passed iff λ̂ > τ (λ0 > 0 proven); failed iff λ̂ < −τ, or iff a
    structural certificate proves λ0 = 0 exactly (σ = z² only: K^(H) = M A Mᵀ with M the n×D monomial matrix
    of degree 2^H and D < n, deep_smooth.quadratic_certificate, checked to agree with the computed K^(H) within
    e_K plus its rounding allowance, so rank K^(H) ≤ D < n); undecided otherwise: |λ̂| ≤ τ leaves λ0
    unresolved in float64, not shown to be 0 (an analytic σ's λ0 can be positive yet below τ; it decays
    exponentially in n when d is small). Margin (λ̂ − τ)/‖K‖_F.
    """
    p = instance.params
    depth, d = p["depth"], p["d"]
    n = deep_smooth.quadratic_feature_dimension(d, depth) + p["extra"]
    X = _unit64(data.sphere(n, d, generator=generator, batch=(batch,), dtype=dtype, device=device))
    names = deep_smooth.SMOOTH if p["activation"] == "smooth" else (p["activation"],)
    lam, tol, scale, which = (torch.empty(batch, dtype=F64, device=device) for _ in range(4))
    certified = torch.zeros(batch, dtype=torch.bool, device=device)
    for k, name in enumerate(names):  # over the (at most three) activations, not over trials
        rows = slice(k, None, len(names))
        if k >= batch:  # a batch of fewer trials than activations
            break
        K = deep_smooth.ntk_gram(X[rows], depth, name)
        lam[rows] = symeig.eigvalsh(K)[..., 0]
        error = deep_smooth.ntk_gram_error(d, depth, name)
        tol[rows] = eig_tolerance(K) + n * error
        scale[rows] = torch.linalg.matrix_norm(K, "fro")
        which[rows] = float(deep_smooth.ACTIVATIONS.index(name))
        if name == "quadratic":
            certified[rows] = _rank_certified(X[rows], K, depth, error)
    theta = two_layer.angles(X)
    off = torch.eye(n, dtype=torch.bool, device=device)
    closest = torch.minimum(theta, math.pi - theta).masked_fill(off, math.pi).amin((-2, -1))
    passed, undecided = lambda0_decision(lam, tol, certified)
    return Outcome(
        passed=passed,
        margin=(lam - tol) / scale,
        premise_held=closest >= p["min_angle"],
        undecided=undecided,
        details={
            "lambda0": lam,
            "tolerance": tol,
            "closest_angle": closest,
            "activation": which,
            "n": lam * 0 + n,
            "rank_certified": certified.to(F64),
        },
    )


def lambda0_decision(lam, tol, certified) -> tuple[torch.Tensor, torch.Tensor]:
    """(passed, undecided) of "λ0 > 0" from λ̂ trusted to τ = tol and a rank certificate (λ0 = 0 exactly):
    passed iff λ̂ > τ and not certified; failed iff certified or λ̂ < −τ (claims.spec.compare_at_least);
    undecided otherwise: within τ of 0 λ0 is unresolved, not shown to be 0."""
    proven, near = compare_at_least(lam, 0.0, tol)
    passed = proven & (lam > tol) & ~certified  # λ̂ = τ exactly proves only λ0 ≥ 0
    return passed, ~passed & ~certified & (near | (lam == tol))


def _rank_certified(X, K, depth: int, error: float) -> torch.Tensor:
    """Per trial: K (the computed K^(H) of σ = z²) agrees entrywise with the certificate's M A Mᵀ within the
    kernel's error bound plus the certificate's rounding allowance, and D < n: rank K^(H) ≤ D < n, λ0 = 0."""
    P, allowance, D = deep_smooth.quadratic_certificate(X, depth)
    agrees = ((K - P).abs() <= error + allowance).flatten(-2).all(-1)
    return agrees & (X.shape[-2] > D)


def lambda0_premises(instance: Instance, device, dtype) -> list[str]:
    """Proposition F.1's premise on σ (analytic, not a polynomial) for the instance's activation; the inputs'
    premise (no two parallel) is checked per trial."""
    if instance.params["activation"] == "quadratic":
        return ["σ(z) = z² is a polynomial: Proposition F.1 asks for an analytic σ that is not one (Condition 3.2)"]
    return []


#: (d, H) pairs of the strategy: the smooth activations' smallest λ0 over 300–1000 draws sat ≥ 2000τ there
#: (measured in this family's development). Not (3, 2): 6τ; not (2, H ≥ 2) or (d, 3) for softplus and sigmoid,
#: where a fraction of draws reaches below float64's resolution though λ0 > 0 (undecided there: INCONCLUSIVE).
LAMBDA0_SHAPES = {
    "quick": ((3, 1), (4, 1), (5, 1), (4, 2)),
    "standard": ((3, 1), (4, 1), (5, 1), (6, 1), (4, 2)),
    "full": ((3, 1), (4, 1), (5, 1), (6, 1), (4, 2), (5, 2)),
}


def lambda0_strategy(profile: str):
    return st.tuples(st.sampled_from(LAMBDA0_SHAPES[profile]), st.integers(1, 3)).map(
        lambda t: {"d": t[0][0], "depth": t[0][1], "extra": t[1]}
    )


# ---------------------------------------------------------------------------------------------------------
# Theorem 5.1: gradient descent on every layer converges at rate 1 − ηλ0/2


def instance_data(instance: Instance, device, dtype):
    """X (unit rows) and y ~ Unif[−C, C]^n from the instance's data stream (the probability is over the
    initialisation only); λ0 = λ_min(K^(H)) (Infeasible when 0 within rounding); the rate's eigenvalue λ."""
    p = instance.params
    g = instance.generator("data", device)
    X = data.sphere(p["n"], p["d"], generator=g, dtype=dtype, device=device)
    y = (2 * torch.rand(p["n"], generator=g, dtype=dtype, device=device) - 1) * p["C"]
    X64 = _unit64(X)
    lam0 = require_positive_lambda0(deep_smooth.ntk_gram(X64, p["depth"], p["activation"]), "Theorem 5.1")
    if p["rate_eigenvalue"] == "lambda0":
        return X, y, lam0, lam0
    theta = deep_smooth.ntk_limit(X64, p["depth"], p["activation"])
    return X, y, lam0, require_positive_lambda0(theta, "the all-layer rate")


def _step(p, X, net, lam0: float) -> tuple[torch.Tensor, bool]:
    """η per trial: eta (absolute), else eta_scale/λ_max(G(0)) of each net's all-layer Gram (the practical
    step), else Lemma B.6's literal step with its small constant 1 (models.deep_smooth.proof_step)."""
    batch = net.a.shape[:-1]
    if p["eta"] is not None:
        return torch.full(batch, p["eta"], dtype=X.dtype, device=X.device), False
    if p["eta_scale"] is not None:
        return p["eta_scale"] / symeig.eigvalsh(deep_smooth_net.ntk(X, net, p["activation"]))[..., -1], False
    literal = deep_smooth.proof_step(p["n"], p["depth"], p["activation"], lam0)
    return torch.full(batch, literal, dtype=X.dtype, device=X.device), True


def rate_tolerance(n: int, m: int, depth: int, C: float, dtype) -> tuple[float, float]:
    """Rounding allowance of ‖u − y‖² from a trajectory: relative 16(n + H·m)·eps (u sums m terms in each of H
    layers, the norm n terms), absolute n·(64·eps·max(C, 1))² for residuals at the rounding floor."""
    eps = torch.finfo(dtype).eps
    return 16 * (n + depth * m) * eps, n * (64 * eps * max(C, 1.0)) ** 2


def rate_check(res, base, horizon_steps, rel: float, ab: float):
    """For res (B, K+1) = ‖u(k) − y‖², claimed factor base (B,) and each trial's horizon (B,): violated iff
    res_k > base^k res_0 (1 + rel) + ab at some 1 ≤ k ≤ horizon (a verified failure, seen in the steps run);
    undecided iff not violated and the horizon lies beyond the steps run. Margin in log-rate units:
    min_k (−log(res_k/res_0)/k) / (−log base) − 1 over the checked steps (NaN, from divergence, is −inf)."""
    k = torch.arange(res.shape[-1], dtype=res.dtype, device=res.device)
    checked = (k >= 1) & (k <= horizon_steps.unsqueeze(-1))
    bound = base.unsqueeze(-1) ** k * res[..., :1]
    violated = ((res > bound * (1 + rel) + ab) & checked).any(-1) | ~torch.isfinite(res).all(-1)
    measured = -torch.log(res / res[..., :1]) / k.clamp_min(1)
    claimed = -torch.log(base).unsqueeze(-1)
    ratio = torch.where(checked, measured / claimed, torch.full_like(measured, math.inf))
    margin = nan_as_worst(ratio.amin(-1) - 1)
    undecided = ~violated & (horizon_steps > res.shape[-1] - 1)
    return ~violated, margin, undecided


def thm5_1_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Theorem 5.1: m = Ω(2^{O(H)} max(n⁴/λ0⁴, n/δ, n² log(Hn/δ)/λ0²)), η = O(λ0/(n² 2^{O(H)})) ⇒ w.p. ≥ 1 − δ
    over the initialisation, L(θ(k)) ≤ (1 − ηλ0/2)^k L(θ(0)) for all k, λ0 = λ_min(K^(H)).

    One trial: the instance's fixed X, y; one initialisation (every W^(h) and a entry N(0, 1)) at width m;
    gradient descent on every layer, a included (Section 3.3), with step η (:func:`_step`). Checked:
    ‖u(k) − y‖² ≤ (1 − r·η·λ/2)^k ‖u(0) − y‖² for 1 ≤ k ≤ K = ⌈horizon/(ηλ)⌉ (the bound then has decayed by
    e^{−r·horizon/2}), r = rate_factor (paper: 1), λ = λ0 (rate_eigenvalue "lambda0", the paper) or
    λ_min(Θ∞) of the all-layer limit ("theta", where GD's asymptotic rate is (1 − ηλ)^{2k}, i.e. r = 4).
    A run capped by max_steps before its K is undecided unless it already violated the bound.
    """
    p = instance.params
    X, y, lam0, lam = instance_data(instance, device, dtype)
    net = deep_smooth_net.init(
        p["d"], p["m"], p["depth"], generator=generator, batch=(batch,), dtype=dtype, device=device
    )
    eta, literal = _step(p, X, net, lam0)
    horizon_steps = torch.ceil(p["horizon"] / (eta * lam))
    if literal and float(horizon_steps.min()) > p["max_steps"]:
        raise Infeasible(
            f"Lemma B.6's step η = {float(eta[0]):.3g} needs {float(horizon_steps.min()):.3g} steps > max_steps = "
            f"{p['max_steps']} (raise max_steps, or set eta_scale for the practical step eta_scale/λ_max(G(0)), to "
            "run it)"
        )
    steps = int(min(float(horizon_steps.max()), p["max_steps"]))
    res, _ = deep_smooth_net.gradient_descent(X, y, net, p["activation"], eta=eta, steps=steps)
    base = (1 - p["rate_factor"] * eta * lam / 2).clamp_min(0)
    passed, margin, undecided = rate_check(
        res, base, horizon_steps, *rate_tolerance(p["n"], p["m"], p["depth"], p["C"], dtype)
    )
    return Outcome(
        passed,
        margin,
        torch.ones_like(passed),
        {"eta": eta, "eta_lambda": eta * lam, "steps": horizon_steps, "final_ratio": res[..., -1] / res[..., 0]},
        undecided,
    )


def thm5_1_cost(params) -> tuple[int, float, int]:
    """Per trial: the weights (H·m² + m·d + m) three times (the net, its copy and the gradient), each layer's
    pre- and post-activations (2n·m per layer, kept for the backward pass) and the all-layer Gram's per-layer
    n × n terms; about 6n(H·m² + m·d) flops per GD step (forward and backward) for at most max_steps steps,
    plus the Gram (H·n²·m). Each GD step runs every layer's forward and backward in turn, so the sequential
    steps are max_steps·H: the generic estimate, by the parameters' sizes, had counted depth = 100 at
    3.7·10⁹ flops for a run of 52 s on a 2-core CPU (~100 µs a layer-step, about one ``STEP_FLOPS``)."""
    n, d, m, depth, steps = params["n"], params["d"], params["m"], params["depth"], params["max_steps"]
    weights = depth * m * m + m * d + m
    elements = 3 * weights + 2 * n * m * (depth + 1) + n * n * (depth + 1)
    flops = 6.0 * n * (depth * m * m + m * d) * steps + 2.0 * depth * n * n * m
    kernel_flops, kernel_steps = kernel_cost(n, depth)  # λ0 of the instance's data, once a batch
    return elements, flops + kernel_flops, steps * depth + kernel_steps


def thm5_1_strategy(profile: str):
    """tanh at every drawn depth; softplus (standard, full) only at H ≤ 2 and n = 3, d = 12: its λ0 falls about
    3.5× a layer (see the λ0-against-depth section), so K = ⌈horizon/(ηλ0)⌉ passes max_steps beyond that."""
    widths = {"quick": (32,), "standard": (32, 64), "full": (32, 64, 128)}[profile]
    tanh = st.fixed_dictionaries(
        {
            "depth": st.integers(1, 3 if profile == "quick" else 4),
            "n": st.integers(3, 4 if profile == "quick" else 6),
            "d": st.integers(8, 10) if profile == "quick" else st.integers(12, 14),
            "m": st.sampled_from(widths),
            "activation": st.just("tanh"),
        }
    )
    if profile == "quick":
        return tanh
    softplus = st.fixed_dictionaries(
        {"depth": st.integers(1, 2), "n": st.just(3), "d": st.just(12), "m": st.sampled_from(widths)}
    ).map(lambda p: {**p, "activation": "softplus"})
    return st.one_of(tanh, softplus)


def thm5_1_premises(instance: Instance, device, dtype) -> list[str]:
    """Theorem 5.1's width and step premises at the instance. Both have constants the paper leaves open
    (2^{O(H)}, Ω(·), O(·)), so a practical m and η are outside any checkable premise: said always, with the
    theory's values at constants 1 beside them. Clearly unmet, whatever those constants:
    * m < n: the width's n/δ term (2^{O(H)} ≥ 1) exceeds m for every hidden constant ≥ δ·m/n;
    * a step above 2/λ_max of the all-layer Gram (eta_scale > 2, or an absolute η·λ_max(Θ∞) > 2 with Θ∞ its
      m → ∞ limit): GD is unstable there, the loss grows along the top eigenvector at large width, so no
      constant of the theorem's step O(λ0/(n²2^{O(H)})) admits it (else the theorem would be false)."""
    p = instance.params
    X, _, lam0, _ = instance_data(instance, torch.device("cpu"), F64)
    n, m, depth = p["n"], p["m"], p["depth"]
    theory = deep_smooth.theorem_width(n, depth, lam0, p["delta"])
    out = [
        f"the width's Ω(2^O(H)·max(n⁴/λ0⁴, n/δ, n² log(Hn/δ)/λ0²)) has constants the paper leaves open: m = {m} "
        f"is the practical regime (the bound is {theory:.3g} with every constant 1 and 2^O(H) = 2^H)"
    ]
    if m < n:
        out.append(
            f"m = {m} is below n = {n}: under the width's n/δ term for any hidden constant ≥ δm/n = "
            f"{p['delta'] * m / n:.3g}"
        )
    if p["eta"] is not None:
        top = float(symeig.eigvalsh(deep_smooth.ntk_limit(_unit64(X), depth, p["activation"]))[-1])
        out.append(
            f"the step's O(λ0/(n²2^O(H))) has a constant the paper leaves open: η = {p['eta']:.3g} is "
            f"{p['eta'] * n * n / lam0:.3g}·λ0/n²"
        )
        if p["eta"] * top > 2:
            out.append(f"η = {p['eta']:.3g} is above 2/λ_max(Θ∞) = {2 / top:.3g}, GD's stability limit at large m")
    elif p["eta_scale"] is not None:
        out.append(
            f"the step's O(λ0/(n²2^O(H))) has a constant the paper leaves open: η = {p['eta_scale']:g}/λ_max(G(0)) "
            "is the practical step"
        )
        if p["eta_scale"] > 2:
            out.append(f"η = {p['eta_scale']:g}/λ_max(G(0)) is above GD's stability limit 2/λ_max(G(0))")
    else:
        out.append("Lemma B.6's step has a small constant the paper leaves open, set to 1 here")
    return out


# ---------------------------------------------------------------------------------------------------------
# Theorem 5.1's step at initialisation: the last layer's Gram at initialisation concentrates at K^(H)


def gram_init_data(instance: Instance, device) -> tuple[torch.Tensor, torch.Tensor, float, int]:
    """X (unit rows, float64, fixed per instance: the probability is over the initialisation only), the
    kernel K (Definition 5.1 as corrected, or read literally for the mutant), λ0 = λ_min(K) (Infeasible when
    0 within rounding) and the width m: the override, else ⌈width_const·2^H·n² ln(Hn/δ)/λ0²⌉ (the initialisation step's
    width with its open constant 2^{O(H)}·c read as width_const·2^H). Infeasible above max_width."""
    p = instance.params
    n, depth = p["n"], p["depth"]
    X = _unit64(data.sphere(n, p["d"], generator=instance.generator("data", device), dtype=F64, device=device))
    kernel = deep_smooth.literal_ntk_gram if p["definition"] == "literal" else deep_smooth.ntk_gram
    K = kernel(X, depth, p["activation"])
    lam0 = require_positive_lambda0(K, "Theorem 5.1 at initialisation")
    width = p["m"] or gram_init_width(n, depth, lam0, p["delta"], p["width_const"])
    if width > p["max_width"]:  # also where the formula's width is past float64 (inf)
        raise Infeasible(
            f"the initialisation step's width m = {width:.3g} (λ0 = {lam0:.3g}) exceeds max_width = "
            f"{p['max_width']} (raise max_width to run it, or set m)"
        )
    return X, K, lam0, p["m"] or math.ceil(width)


def gram_init_width(n: int, depth: int, lam0: float, delta: float, const: float) -> float:
    """c·2^H·n² ln(Hn/δ)/λ0²: the initialisation step's m = Ω(n² log(Hn/δ) 2^{O(H)}/λ0²) with its constants explicit."""
    doubling = 2.0**depth if depth < 1024 else math.inf  # 2.0**1024 raises OverflowError; the width is inf there
    return const * doubling * n * n * math.log(depth * n / delta) / lam0**2


def gram_init_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Theorem 5.1's step at initialisation (the least eigenvalue at θ(0)):
    m = Ω(n² log(Hn/δ) 2^{O(H)}/λ0²) ⇒ w.p. ≥ 1 − δ over the initialisation,
    ‖G^(H)(0) − K^(H)‖₂ ≤ λ0/4 (so λ_min(G^(H)(0)) ≥ ¾λ0, Weyl): the deep analogue of Du et al. 2018a's
    Lemma 3.1. G^(H) is eq. 13's last-layer Gram, K^(H) Definition 5.1's kernel.

    One trial: one initialisation at width m (:func:`gram_init_data`), G^(H)(0) drawn in distribution through
    the layers' n×n Grams (models.deep_smooth_net.last_layer_gram_at_init, the law of eq. 13 at Section 3.3's
    initialisation, O(H·m·n²) a trial). Checked: ratio = ‖G^(H)(0) − K‖₂/(bound_factor·λ0) ≤ 1, three ways
    (Outcome.ratio_at_most) with tol = (e_G + n·e_K + eig)/(bound_factor·λ0) + ratio·(τ_λ/λ0): e_G =
    4H(m + n)·eps·n·max|G| (each layer's Gram sums m products; ‖·‖₂ ≤ n·max entry), e_K the kernel's
    entrywise bound, eig and τ_λ = 8n·eps·‖·‖_F + n·e_K the eigensolver's and λ0's errors.
    """
    p = instance.params
    X, K, lam0, m = gram_init_data(instance, device)
    G = deep_smooth_net.last_layer_gram_at_init(
        X.to(dtype), m, p["depth"], p["activation"], generator=generator, batch=(batch,)
    ).to(F64)
    gap = torch.linalg.matrix_norm(G - K, 2)
    n, eps = p["n"], torch.finfo(dtype).eps
    e_K = n * deep_smooth.ntk_gram_error(p["d"], p["depth"], p["activation"])
    e_G = 4 * p["depth"] * (m + n) * eps * n * G.abs().flatten(-2).amax(-1)
    bound = p["bound_factor"] * lam0
    ratio = gap / bound
    tol = (e_G + e_K + eig_tolerance(G - K)) / bound + ratio * (float(eig_tolerance(K)) + e_K) / lam0
    return Outcome.ratio_at_most(
        ratio, tol=tol, details={"gap_over_lambda0": gap / lam0, "lambda0": ratio * 0 + lam0, "m": ratio * 0 + m}
    )


def gram_init_cost(params) -> Cost:
    """Per trial the sampler holds n×n Grams (its neurons come in chunks within a fixed memory budget, which the
    batch shares: models.deep_smooth_net.MEMORY_BYTES, twice it for the chunk's transients) and does about
    2H·m·n² flops; m is max_width when set by the formula (unknown before λ0). The instance's data X (n × d, and
    XXᵀ's 2n²d flops) is counted too: d = 10¹² had been admitted and its draw ran out of memory. Each batch
    computes K^(H) (:func:`kernel_cost`) and runs the sampler's H layers in turn (~125 µs a layer at n = 4, about
    one step each)."""
    n, d, m, depth = params["n"], params["d"], params["m"] or params["max_width"], params["depth"]
    kernel_flops, kernel_steps = kernel_cost(n, depth)
    flops = 2.0 * depth * m * n * n + 2.0 * n * n * d + kernel_flops
    return Cost(8 * n * n + n * d, flops, kernel_steps + depth, 2 * deep_smooth_net.MEMORY_BYTES)


#: (n, d) of the strategy at H = 2, softplus, δ = 0.1 (500 draws each): the literal reading's kernel is
#: ≥ 0.34·λ0 (n = 3) and ≥ 0.55·λ0 (n = 4) from the corrected one, and the width ⌈2·2^H n² ln(Hn/δ)/λ0²⌉
#: stays below 2.4e5 (its median 4e4 at n = 3, 1e5 at n = 4), far under max_width
GRAM_INIT_SHAPES = {
    "quick": ((3, 24), (3, 32)),
    "standard": ((3, 24), (3, 32), (4, 32)),
    "full": ((3, 24), (3, 32), (4, 32), (4, 48)),
}


def gram_init_strategy(profile: str):
    return st.sampled_from(GRAM_INIT_SHAPES[profile]).map(lambda t: {"n": t[0], "d": t[1]})


def gram_init_premises(instance: Instance, device, dtype) -> list[str]:
    """The initialisation step's width m = Ω(n² log(Hn/δ) 2^{O(H)}/λ0²) has constants the paper leaves open:
    said, with the
    width used and the bound at constants 1 (2^O(H) = 2^H) beside it."""
    p = instance.params
    _, _, lam0, m = gram_init_data(instance, torch.device("cpu"))
    unit = gram_init_width(p["n"], p["depth"], lam0, p["delta"], 1.0)
    how = "set" if p["m"] else f"⌈{p['width_const']:g}·2^H·n² ln(Hn/δ)/λ0²⌉"
    return [
        f"the width's Ω(n² log(Hn/δ) 2^O(H)/λ0²) has constants the paper leaves open: m = {m} ({how}; the bound "
        f"is {unit:.3g} with every constant 1 and 2^O(H) = 2^H, λ0 = {lam0:.3g})"
    ]
