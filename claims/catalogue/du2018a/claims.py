"""Family du2018a: two-layer ReLU net, first layer trained (Du, Zhai, Póczos, Singh 2018a, ICLR 2019).

arXiv:1810.02054, "Gradient Descent Provably Optimizes Over-parameterized Neural Networks"; seeds 000, 001
and 004. The mathematics lives in :mod:`models.two_layer`; this module states the claims and judges trials.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from hypothesis import strategies as st

from claims.spec import Claim, Infeasible, Instance, Kind, Mutant, Outcome, Param, Source
from models import data, dynamics, two_layer

PAPER = "Du, Zhai, Póczos, Singh 2018a (ICLR 2019)"
ARXIV = "1810.02054"

# ---------------------------------------------------------------------------------------------------------
# Shared parameters and strategies


def _data_params(n: int, d: int, geometry: str = "sphere") -> tuple[Param, ...]:
    return (
        Param("n", n, "number of inputs", int, minimum=2),
        Param("d", d, "input dimension", int, minimum=2),
        Param("geometry", geometry, "how X is drawn", str, choices=data.GEOMETRIES),
        Param("spread", 0.1, "clustered: noise scale within a cluster", float, minimum=1e-12),
        Param("clusters", 2, "clustered: number of clusters", int, minimum=1),
        Param("min_angle", 0.05, "near_parallel: the angle of the closest pair, radians", float, minimum=1e-12),
    )


def _draw_x(p, *, generator, batch, dtype, device) -> torch.Tensor:
    options = {
        "clustered": {"spread": p["spread"], "clusters": p["clusters"]},
        "near_parallel": {"min_angle": p["min_angle"]},
    }.get(p["geometry"], {})
    return data.draw(
        p["geometry"], p["n"], p["d"], generator=generator, batch=batch, dtype=dtype, device=device, **options
    )


def _geometry_overrides(profile: str):
    """Data geometry for Hypothesis: which generator, and its closeness parameter on a log scale."""
    return st.one_of(
        st.fixed_dictionaries({"geometry": st.just("sphere")}),
        st.fixed_dictionaries(
            {
                "geometry": st.just("clustered"),
                "clusters": st.integers(1, 4),
                "spread": st.floats(-2, 0).map(lambda e: 10**e),
            }
        ),
        st.fixed_dictionaries(
            {"geometry": st.just("near_parallel"), "min_angle": st.floats(-4, 0).map(lambda e: 10**e)}
        ),
    )


def _merge(*dicts):
    return st.tuples(*dicts).map(lambda ds: {k: v for d in ds for k, v in d.items()})


SIZES = {"quick": 16, "standard": 32, "full": 64}

# ---------------------------------------------------------------------------------------------------------
# Theorem 3.1


def _thm3_1_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: draw X (n×d) of the instance's geometry, compute λ0 = λ_min(H∞); pass iff λ0 > tol.

    tol = 8·n·eps·‖H∞‖_F bounds the rounding error of the computed eigenvalue (``two_layer.eig_tolerance``),
    so a singular H∞ (λ0 = 0 exactly) cannot pass and a positive λ0 above rounding cannot fail.
    """
    p = instance.params
    X = _draw_x(p, generator=generator, batch=(batch,), dtype=dtype, device=device)
    if p["duplicates"]:  # the mutant: rows 1..k copied from row 0, a hypothesis the theorem excludes
        X[:, 1 : 1 + p["duplicates"], :] = X[:, :1, :]
    H = two_layer.h_infinity(X)
    lam0, tol = two_layer.lambda_min(H), two_layer.eig_tolerance(H)
    scale = torch.linalg.matrix_norm(H, "fro")
    theta = two_layer.angles(X) + torch.eye(p["n"], dtype=dtype, device=device) * math.pi
    return Outcome(
        passed=lam0 > tol,
        margin=(lam0 - tol) / scale,
        premise_held=torch.ones_like(lam0, dtype=torch.bool),
        details={"lambda0": lam0, "tolerance": tol, "min_angle": theta.amin((-2, -1))},
    )


def _thm3_1_strategy(profile: str):
    n_max = SIZES[profile]
    return _merge(
        st.fixed_dictionaries({"n": st.integers(2, n_max), "d": st.integers(2, n_max)}), _geometry_overrides(profile)
    )


THM3_1 = Claim(
    id="du2018a.thm3.1",
    title="λ0 > 0 when no two inputs are parallel",
    source=Source(PAPER, "Theorem 3.1", "000, 001, 004", ARXIV),
    statement="x_i ∦ x_j for all i ≠ j  ⇒  λ0 = λ_min(H∞) > 0",
    kind=Kind.FORALL,
    params=(
        *_data_params(10, 5),
        Param("duplicates", 0, "rows copied from row 0 (a mutant's broken hypothesis)", int, minimum=0),
    ),
    trial=_thm3_1_trial,
    strategy=_thm3_1_strategy,
    mutants=(Mutant("duplicated_row", {"duplicates": 1}, "x_1 = x_0: parallel inputs make H∞ singular, λ0 = 0"),),
    report_instances={
        "quick": (
            {"n": 10, "d": 5},
            {"n": 10, "d": 5, "geometry": "clustered", "spread": 0.05},
            {"n": 10, "d": 5, "geometry": "near_parallel", "min_angle": 1e-4},
        ),
        "standard": (
            {"n": 50, "d": 10},
            {"n": 50, "d": 10, "geometry": "clustered", "spread": 0.05, "clusters": 3},
            {"n": 50, "d": 10, "geometry": "near_parallel", "min_angle": 1e-5},
        ),
        "full": (
            {"n": 200, "d": 20},
            {"n": 200, "d": 20, "geometry": "clustered", "spread": 0.02, "clusters": 5},
            {"n": 200, "d": 20, "geometry": "near_parallel", "min_angle": 1e-6},
        ),
    },
    notes="Each trial draws a fresh X; the data geometries cover random, clustered and near-parallel inputs.",
)

# ---------------------------------------------------------------------------------------------------------
# Lemma 3.1


def lemma3_1_width(params, X: torch.Tensor) -> tuple[int, float]:
    """(m, λ0) for a Lemma 3.1 instance: m = params['m'], or the literal m₁(n, λ0, δ) when m is None."""
    H_inf = two_layer.h_infinity(X)
    lam0 = float(two_layer.lambda_min(H_inf))
    if lam0 <= float(two_layer.eig_tolerance(H_inf)):
        raise Infeasible(f"λ0 = {lam0:.3g} is 0 within rounding: Lemma 3.1 assumes λ0 > 0")
    if params["m"] is not None:
        return params["m"], lam0
    m1 = two_layer.literal_width_lemma3_1(params["n"], lam0, params["delta"])
    if m1 > params["max_width"]:
        raise Infeasible(
            f"the literal width m₁ = {m1:.3g} (n = {params['n']}, λ0 = {lam0:.3g}, "
            f"δ = {params['delta']}) exceeds max_width = {params['max_width']:.3g}"
        )
    return m1, lam0


def _lemma3_1_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: a fresh W(0) for the instance's fixed X. Pass iff both conclusions hold:

        ‖H(0) − H∞‖₂ ≤ bound_factor·λ0   and   λ_min(H(0)) ≥ (1 − bound_factor)·λ0,

    each up to tol = 8·n·eps·(‖H(0)‖_F + ‖H∞‖_F), the rounding error of the two eigen-computations.
    The probability is over W(0) only, so X is drawn once from the instance's data stream.
    """
    p = instance.params
    X = _draw_x(p, generator=instance.generator("data", device), batch=(), dtype=dtype, device=device)
    m, lam0 = lemma3_1_width(p, X)
    H_inf = two_layer.h_infinity(X)
    H0 = two_layer.random_gram(X, m, generator=generator, batch=batch)
    dev = torch.linalg.eigvalsh(H0 - H_inf).abs().amax(-1)
    lmin0 = two_layer.lambda_min(H0)
    tol = two_layer.eig_tolerance(H0) + two_layer.eig_tolerance(H_inf)
    bf = p["bound_factor"]
    margin = torch.minimum(1 - dev / (bf * lam0), (lmin0 - (1 - bf) * lam0) / (bf * lam0))
    passed = (dev <= bf * lam0 + tol) & (lmin0 >= (1 - bf) * lam0 - tol)
    full = torch.full_like(dev, 1.0)
    return Outcome(
        passed=passed,
        margin=margin,
        premise_held=torch.ones_like(passed),
        details={"deviation": dev, "lambda_min_H0": lmin0, "lambda0": full * lam0, "m": full * m},
    )


def _lemma3_1_strategy(profile: str):
    # d ≥ n keeps λ0 away from 0 (near-orthogonal rows), so the literal m₁ stays within reach of a CPU
    n_max = {"quick": 10, "standard": 12, "full": 16}[profile]
    return st.integers(2, n_max).flatmap(lambda n: st.fixed_dictionaries({"n": st.just(n), "d": st.integers(n, 3 * n)}))


LEMMA3_1 = Claim(
    id="du2018a.lemma3.1",
    title="H(0) is within λ0/4 of H∞ at width m₁",
    source=Source(PAPER, "Lemma 3.1", "000, 001, 004", ARXIV),
    statement="m ≥ m₁ = ⌈8n² ln(2n²/δ)/λ0²⌉ ⇒ w.p. ≥ 1−δ over W(0): ‖H(0) − H∞‖₂ ≤ λ0/4 and λ_min(H(0)) ≥ ¾λ0",
    kind=Kind.WHP,
    params=(
        *_data_params(10, 10),
        Param(
            "m",
            None,
            "width; None = the literal m₁(n, λ0, δ) (the practical regime sets it)",
            int,
            minimum=1,
            optional=True,
        ),
        Param("delta", 0.05, "failure probability δ", float, open_unit=True),
        Param("bound_factor", 0.25, "c in ‖H(0) − H∞‖₂ ≤ c·λ0 (the paper: ¼)", float, minimum=1e-12),
        Param("max_width", 10**7, "largest m run; a larger literal m₁ is reported, not run", int, minimum=1),
    ),
    trial=_lemma3_1_trial,
    strategy=_lemma3_1_strategy,
    delta_param="delta",
    mutants=(
        Mutant(
            "tiny_bound_small_m",
            {"bound_factor": 0.0025, "m": 10},
            "threshold λ0/400 at m = 10 ≈ n: the Gram matrix has not concentrated",
        ),
    ),
    report_instances={
        "quick": ({"n": 5, "d": 10}, {"n": 10, "d": 20}),
        "standard": ({"n": 5, "d": 10}, {"n": 10, "d": 20}, {"n": 20, "d": 40}),
        "full": ({"n": 5, "d": 10}, {"n": 10, "d": 20}, {"n": 20, "d": 40}, {"n": 30, "d": 60}),
    },
    notes="m₁ is derived (Hoeffding + union bound + Weyl), see models.two_layer.literal_width_lemma3_1.",
)


# ---------------------------------------------------------------------------------------------------------
# Training dynamics: shared set-up (Sections 3 and 4)


def _label_param() -> Param:
    return Param("C", 1.0, "label bound: y_i ~ Unif[−C, C], drawn once per instance", float, minimum=1e-12)


def _train_setup(instance: Instance, generator, device, dtype, batch: int, m: int | None = None):
    """X and y fixed by the instance's data stream (the probability is over the initialisation only), λ0 of
    H∞(X) (Infeasible when it is 0 within rounding), and ``batch`` fresh initialisations W(0), a(0)."""
    p = instance.params
    g = instance.generator("data", device)
    X = _draw_x(p, generator=g, batch=(), dtype=dtype, device=device)
    y = (2 * torch.rand(p["n"], generator=g, dtype=dtype, device=device) - 1) * p["C"]
    H_inf = two_layer.h_infinity(X)
    lam0 = float(two_layer.lambda_min(H_inf))
    if lam0 <= float(two_layer.eig_tolerance(H_inf)):
        raise Infeasible(f"λ0 = {lam0:.3g} is 0 within rounding: the theorem assumes λ0 > 0")
    W0, a0 = two_layer.init(m or p["m"], p["d"], generator=generator, batch=(batch,), dtype=dtype, device=device)
    return X, y, W0, a0, lam0


def _rate_check(res: torch.Tensor, factor: torch.Tensor, rel_tol: float, abs_tol: float):
    """passed, margin of res[..., k] ≤ factor[..., k]·res[..., 0] for all k ≥ 1 (k = 0 is equality).

    The comparison allows res ≤ factor·res0·(1 + rel_tol) + abs_tol; the margin 1 − res/(factor·res0) is the
    worst over k ≥ 1 (NaN, from a diverged run, counts as −inf)."""
    rhs = factor * res[..., :1]
    ok = (res <= rhs * (1 + rel_tol) + abs_tol)[..., 1:].all(-1)
    margin = torch.nan_to_num((1 - res / rhs)[..., 1:].amin(-1), nan=-math.inf)
    return ok, margin


def _round_tol(n: int, m: int, dtype) -> tuple[float, float]:
    """Rounding tolerance of ‖u − y‖² computed from a trajectory: relative 16(n + m)·eps (sums of m terms for
    u, of n for the norm), absolute n·(64·eps)² for residuals driven to the rounding floor."""
    eps = torch.finfo(dtype).eps
    return 16 * (n + m) * eps, n * (64 * eps) ** 2


def _m_strategy(lo: int, hi: int):
    return st.sampled_from([m for m in (100, 200, 400, 800, 1600) if lo <= m <= hi])


def _small_data_strategy(profile: str, m_lo: int, m_hi: int):
    n_max = {"quick": 5, "standard": 8, "full": 12}[profile]
    return st.integers(2, n_max).flatmap(
        lambda n: st.fixed_dictionaries(
            {"n": st.just(n), "d": st.integers(max(2, n - 2), n), "m": _m_strategy(m_lo, m_hi)}
        )
    )


# ---------------------------------------------------------------------------------------------------------
# Theorem 4.1 and Corollary 4.1: gradient descent

#: literal step η = ETA_CONST·λ0/n². Derived from the proof of Theorem 4.1: the second-order term of
#: ‖y − u(k+1)‖² is ‖u(k+1) − u(k)‖² ≤ η²‖H‖²‖y − u(k)‖² ≤ η²n²‖y − u(k)‖² (‖H‖₂ ≤ tr H ≤ n); it is at most
#: ¼ηλ0‖y − u(k)‖² once η ≤ λ0/(4n²), which keeps the rate 1 − ηλ0/2 of the first-order term.
ETA_CONST = 0.25


def _gd_run(instance: Instance, generator, device, dtype, batch: int):
    p = instance.params
    X, y, W0, a0, lam0 = _train_setup(instance, generator, device, dtype, batch)
    n = p["n"]
    if p["eta_scale"] is not None:  # practical step, relative to λ_max(H(0)) of each trial
        lam_max = torch.linalg.eigvalsh(two_layer.gram(X, W0))[..., -1]
        eta = p["eta_scale"] / lam_max
    elif p["eta"] is not None:
        eta = torch.full((batch,), p["eta"], dtype=dtype, device=device)
    else:
        eta = torch.full((batch,), ETA_CONST * lam0 / n**2, dtype=dtype, device=device)
    eta = eta * p["eta_multiplier"]
    steps = p["steps"] or min(p["max_steps"], math.ceil(p["horizon"] / (float(eta.min()) * lam0)))
    traj = dynamics.gradient_descent(X, y, W0, a0, eta=eta, steps=steps, track=False)
    return traj, eta, lam0, steps


def _gd_params(rate: bool) -> tuple[Param, ...]:
    extra = (
        (Param("rate_factor", 0.5, "r in ‖u(k) − y‖² ≤ (1 − r·ηλ0)^k ‖u(0) − y‖² (paper: ½)", float),) if rate else ()
    )
    return (
        *_data_params(5, 5),
        Param("m", 200, "width (the practical regime; the theorem asks m = Ω(n⁶/(λ0⁴δ³)))", int, minimum=1),
        _label_param(),
        Param("delta", 0.05, "failure probability δ", float, open_unit=True),
        Param(
            "eta", None, f"absolute step η; None = the literal {ETA_CONST}·λ0/n²", float, minimum=1e-12, optional=True
        ),
        Param(
            "eta_scale",
            None,
            "if set, η = eta_scale/λ_max(H(0)) per trial (the practical step)",
            float,
            minimum=1e-12,
            optional=True,
        ),
        Param(
            "eta_multiplier",
            1.0,
            "multiplies the step chosen above (1 in the theorem; a mutant's knob)",
            float,
            minimum=1e-12,
        ),
        Param("horizon", 6.0, "run K = ⌈horizon/(ηλ0)⌉ steps (capped by max_steps)", float, minimum=1e-12),
        Param("max_steps", 1000, "cap on K", int, minimum=1),
        Param("steps", None, "K directly (overrides horizon)", int, minimum=1, optional=True),
        *extra,
    )


def _thm4_1_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Theorem 4.1: one trial is one W(0), a(0) for the instance's fixed X, y, then K GD steps.

    Pass iff ‖u(k) − y‖² ≤ (1 − rate_factor·ηλ0)^k ‖u(0) − y‖² for all k ≤ K, up to the rounding tolerance of
    :func:`_round_tol`. (1 − rate_factor·ηλ0) is clamped at 0.
    """
    p = instance.params
    traj, eta, lam0, steps = _gd_run(instance, generator, device, dtype, batch)
    base = (1 - p["rate_factor"] * eta * lam0).clamp_min(0)
    factor = base.unsqueeze(-1) ** traj.times
    rel, ab = _round_tol(p["n"], p["m"], dtype)
    passed, margin = _rate_check(traj.residual_sq, factor, rel, ab)
    full = torch.ones_like(margin)
    return Outcome(
        passed,
        margin,
        torch.ones_like(passed),
        {
            "eta": eta,
            "eta_lambda0": eta * lam0,
            "steps": full * steps,
            "final_ratio": traj.residual_sq[..., -1] / traj.residual_sq[..., 0],
        },
    )


def _gd_strategy(profile: str):
    return _merge(
        _small_data_strategy(profile, 100, 200 if profile == "quick" else 800),
        st.fixed_dictionaries({"eta_scale": st.sampled_from([0.5, 1.0])}),
    )


_GD_REPORT = {
    "quick": ({"n": 5, "d": 10}, {"n": 5, "d": 10, "eta_scale": 1.0}),
    "standard": ({"n": 5, "d": 10}, {"n": 8, "d": 16, "eta_scale": 1.0}, {"n": 8, "d": 16, "eta_scale": 0.5}),
    "full": ({"n": 8, "d": 16}, {"n": 16, "d": 32, "m": 1600, "eta_scale": 1.0}, {"n": 16, "d": 32, "m": 1600}),
}

THM4_1 = Claim(
    id="du2018a.thm4.1",
    title="GD converges linearly at rate 1 − ηλ0/2",
    source=Source(PAPER, "Theorem 4.1", "000, 001, 004", ARXIV),
    statement="m = Ω(n⁶/(λ0⁴δ³)), η = O(λ0/n²) ⇒ w.p. ≥ 1−δ: ‖u(k) − y‖² ≤ (1 − ηλ0/2)^k ‖u(0) − y‖² ∀k",
    kind=Kind.WHP,
    params=_gd_params(rate=True),
    trial=_thm4_1_trial,
    strategy=_gd_strategy,
    delta_param="delta",
    mutants=(
        Mutant("rate_3", {"rate_factor": 3.0}, "rate (1 − 3ηλ0)^k: faster than the λ_min(H) ≈ λ0 mode allows"),
        Mutant(
            "divergent_step",
            {"eta_multiplier": 8.0, "eta_scale": 0.5},
            "η = 4/λ_max(H(0)) (8/λ_max where the instance sets eta_scale = 1): GD diverges",
        ),
    ),
    report_instances=_GD_REPORT,
    notes=f"Literal step η = {ETA_CONST}·λ0/n² (derived in ETA_CONST's comment); practical steps via eta_scale.",
)


def _cor4_1_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Corollary 4.1 (derived form): along GD, max_k max_r ‖w_r(k) − w_r(0)‖ ≤ R′ = rprime_factor·√n‖y −
    u(0)‖/(√m λ0), rprime_factor = 4. Pass iff the largest distance ≤ R′(1 + 64·eps) (rounding of the norm).
    Detail ``slack`` = largest distance / R′."""
    p = instance.params
    traj, eta, lam0, _ = _gd_run(instance, generator, device, dtype, batch)
    r0 = traj.residual_sq[..., 0].sqrt()
    bound = p["rprime_factor"] * math.sqrt(p["n"]) * r0 / (math.sqrt(p["m"]) * lam0)
    dist = traj.distance.amax(-1)
    passed = dist <= bound * (1 + 64 * torch.finfo(dtype).eps)
    return Outcome(
        passed,
        1 - dist / bound,
        torch.ones_like(passed),
        {"slack": dist / bound, "distance": dist, "R_prime": bound, "eta": eta},
    )


COR4_1 = Claim(
    id="du2018a.cor4.1",
    title="GD weights stay within R′ = 4√n‖y − u(0)‖/(√m λ0) of W(0)",
    source=Source(PAPER, "Corollary 4.1", "000, 001, 004", ARXIV),
    statement="as Thm 4.1 ⇒ w.p. ≥ 1−δ: ‖w_r(k) − w_r(0)‖ ≤ 4√n ‖y − u(0)‖/(√m λ0) ∀r, k",
    kind=Kind.WHP,
    params=(
        *_gd_params(rate=False),
        Param("rprime_factor", 4.0, "c in R′ = c√n‖y − u(0)‖/(√m λ0) (derived: 4)", float, minimum=1e-12),
    ),
    trial=_cor4_1_trial,
    strategy=_gd_strategy,
    delta_param="delta",
    mutants=(Mutant("tiny_radius", {"rprime_factor": 0.01}, "R′/400: GD moves the weights farther than that"),),
    report_instances=_GD_REPORT,
    notes="The report's 'slack' column is the largest distance over R′.",
)

# ---------------------------------------------------------------------------------------------------------
# Section 3: gradient flow (Theorems 3.2, 3.3; Lemmas 3.3, 3.4)


def _flow_params(m) -> tuple[Param, ...]:
    return (
        *_data_params(4, 8),
        Param(
            "m",
            m,
            "width; None = the literal width of the premise (reported, not run)",
            int,
            minimum=1,
            optional=m is None,
        ),
        _label_param(),
        Param(
            "delta",
            0.2,
            "failure probability δ (the theorem holds for every δ; 0.2 keeps the flow cheap)",
            float,
            open_unit=True,
        ),
        Param("rate_factor", 1.0, "r in ‖u(t) − y‖² ≤ e^{−r·λ0 t}‖u(0) − y‖² (paper: 1)", float),
        Param("horizon", 4.0, "integrate to T = horizon/λ0", float, minimum=1e-12),
        Param("grid", 8, "recorded times (the premise and conclusions are checked there)", int, minimum=1),
        Param(
            "flow_tol",
            1e-3,
            "relative tolerance of the RK4 step refinement (models.dynamics.flow)",
            float,
            minimum=1e-15,
        ),
        Param("max_refinements", 2, "step halvings at most", int, minimum=1),
    )


def _flow_run(instance: Instance, generator, device, dtype, batch: int, *, train_a=False, gram_too=False, m=None):
    p = instance.params
    X, y, W0, a0, lam0 = _train_setup(instance, generator, device, dtype, batch, m=m)
    T = p["horizon"] / lam0
    times = torch.linspace(0, T, p["grid"] + 1, dtype=dtype, device=device)
    factor = torch.exp(-p["rate_factor"] * lam0 * times)
    r0 = dynamics.forward(X, W0, a0) - y
    traj = dynamics.flow(
        X,
        y,
        W0,
        a0,
        T=T,
        scale=factor * (r0**2).sum(-1, keepdim=True),
        grid=p["grid"],
        train_a=train_a,
        gram_too=gram_too,
        tol=p["flow_tol"],
        max_refinements=p["max_refinements"],
    )
    change = traj.refinement[-1][1]
    rel, ab = _round_tol(p["n"], W0.shape[-2], dtype)
    # the flow is first order at pattern changes, so the last change (relative to the comparison's right-hand
    # side) estimates the finest run's error; ×2 for margin
    passed, margin = _rate_check(traj.residual_sq, factor, 2 * change + rel, ab)
    full = torch.ones_like(margin)
    details = {
        "lambda0": full * lam0,
        "flow_h": full * traj.refinement[-1][0],
        "flow_change": full * change,
        "final_ratio": traj.residual_sq[..., -1] / traj.residual_sq[..., 0],
    }
    return traj, lam0, passed, margin, details


def _thm3_2_trial(instance: Instance, generator, device, dtype, batch: int, train_a: bool = False) -> Outcome:
    """Theorem 3.2 (3.3 with ``train_a``): one trial is one initialisation W(0), a(0) for the fixed X, y, then
    gradient flow to T = horizon/λ0 (RK4, refined: models.dynamics.flow). Pass iff ‖u(t) − y‖² ≤
    e^{−rate_factor·λ0 t}‖u(0) − y‖² at every grid time, up to 2×(the refinement's last relative change)
    plus rounding (:func:`_round_tol`)."""
    _, _, passed, margin, details = _flow_run(instance, generator, device, dtype, batch, train_a=train_a)
    return Outcome(passed, margin, torch.ones_like(passed), details)


def _thm3_3_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    return _thm3_2_trial(instance, generator, device, dtype, batch, train_a=True)


_thm3_3_trial.__doc__ = "Theorem 3.3: as :func:`_thm3_2_trial` with a trained too (∂L/∂a_r in closed form)."


def _flow_strategy(profile: str):
    # d ≥ n keeps λ0 away from 0, so T = horizon/λ0 (and the integration) stays short
    n_max = {"quick": 4, "standard": 8, "full": 12}[profile]
    return st.integers(2, n_max).flatmap(
        lambda n: st.fixed_dictionaries({"n": st.just(n), "d": st.integers(n, 2 * n), "m": st.sampled_from([100, 200])})
    )


_FLOW_REPORT = {
    "quick": ({"n": 4, "d": 8},),
    "standard": ({"n": 5, "d": 10}, {"n": 8, "d": 16, "m": 400}),
    "full": ({"n": 5, "d": 10}, {"n": 8, "d": 16, "m": 800}, {"n": 12, "d": 24, "m": 1600}),
}

_RATE3 = Mutant(
    "rate_3",
    {"rate_factor": 3.0, "max_refinements": 1},
    "rate e^{−3λ0 t}: the flow's slowest mode decays like e^{−2λ_min(H) t} (one step halving: the failures are"
    " orders of magnitude, far beyond the integration error)",
)

THM3_2 = Claim(
    id="du2018a.thm3.2",
    title="Gradient flow converges at rate e^{−λ0 t}",
    source=Source(PAPER, "Theorem 3.2", "000, 001, 004", ARXIV),
    statement="m = Ω(n⁶/(λ0⁴δ³)) ⇒ w.p. ≥ 1−δ: ‖u(t) − y‖² ≤ e^{−λ0 t}‖u(0) − y‖² ∀t ≥ 0",
    kind=Kind.WHP,
    params=_flow_params(100),
    trial=_thm3_2_trial,
    strategy=_flow_strategy,
    delta_param="delta",
    mutants=(_RATE3,),
    report_instances=_FLOW_REPORT,
    notes="Practical width (the Ω hides no explicit constant); t ≤ horizon/λ0 on a grid.",
)

THM3_3 = Claim(
    id="du2018a.thm3.3",
    title="Gradient flow on both layers converges at rate e^{−λ0 t}",
    source=Source(PAPER, "Theorem 3.3", "000, 004", ARXIV),
    statement="m = Ω(n⁶ log(m/δ)/(λ0⁴δ³)), W and a trained ⇒ w.p. ≥ 1−δ: ‖u(t) − y‖² ≤ e^{−λ0 t}‖u(0) − y‖² ∀t",
    kind=Kind.WHP,
    params=_flow_params(100),
    trial=_thm3_3_trial,
    strategy=_flow_strategy,
    delta_param="delta",
    mutants=(
        Mutant(
            "rate_6",
            {"rate_factor": 6.0, "max_refinements": 1},
            "rate e^{−6λ0 t}; with a trained the kernel is H + G (G = relu-feature Gram, λ_min ≈ λ0 too), so the"
            " slowest mode decays like e^{−4λ0 t}; rate 3 (thm3.2's mutant) is NOT refuted here (measured: 75% pass)",
        ),
    ),
    report_instances=_FLOW_REPORT,
    notes="Training a adds the PSD kernel (1/m)relu(XWᵀ)relu(WXᵀ) to H, so the decay is faster than with W alone.",
)


def _distance_check(traj, lam0, p, dtype):
    r0 = traj.residual_sq[..., 0].sqrt()
    m = traj.W.shape[-2]
    bound = p["rprime_factor"] * math.sqrt(p["n"]) * r0 / (math.sqrt(m) * lam0)
    dist = traj.distance.amax(-1)
    return dist <= bound * (1 + 64 * torch.finfo(dtype).eps), 1 - dist / bound, dist / bound


def _lemma3_3_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Lemma 3.3 (conditional): premise λ_min(H(s)) ≥ λ0/2 at every grid time s ≤ T (up to the eigenvalue
    tolerance 8n·eps·‖H‖_F); conclusions at every grid time: the rate of :func:`_thm3_2_trial` and
    max_r ‖w_r(t) − w_r(0)‖ ≤ R′ = rprime_factor·√n‖y − u(0)‖/(√m λ0). The paper has rprime_factor = 2;
    seed 001 writes it without the 2 (rprime_factor = 1), which the tests also draw. Detail ``slack`` =
    largest distance / R′."""
    p = instance.params
    traj, lam0, ok_rate, m_rate, details = _flow_run(instance, generator, device, dtype, batch, gram_too=True)
    ok_dist, m_dist, slack = _distance_check(traj, lam0, p, dtype)
    tol = 8 * p["n"] * torch.finfo(dtype).eps * p["n"]  # ‖H‖_F ≤ n
    premise = (traj.lambda_min >= lam0 / 2 - tol).all(-1)
    return Outcome(
        ok_rate & ok_dist,
        torch.minimum(m_rate, m_dist),
        premise,
        {**details, "slack": slack, "min_lambda_H": traj.lambda_min.amin(-1)},
    )


def _lemma3_3_strategy(profile: str):
    return _merge(_flow_strategy(profile), st.fixed_dictionaries({"rprime_factor": st.sampled_from([1.0, 2.0])}))


LEMMA3_3 = Claim(
    id="du2018a.lemma3.3",
    title="While λ_min(H) ≥ λ0/2 the flow contracts and stays within R′",
    source=Source(PAPER, "Lemma 3.3", "000, 001, 004", ARXIV),
    statement="λ_min(H(s)) ≥ λ0/2 ∀s ≤ t ⇒ ‖y − u(t)‖² ≤ e^{−λ0 t}‖y − u(0)‖², ‖w_r(t) − w_r(0)‖ ≤ 2√n‖y−u(0)‖/(√mλ0)",
    kind=Kind.CONDITIONAL,
    params=(
        *_flow_params(100),
        Param("rprime_factor", 2.0, "c in R′ = c√n‖y − u(0)‖/(√m λ0) (paper: 2; seed 001: 1)", float, minimum=1e-12),
    ),
    trial=_lemma3_3_trial,
    strategy=_lemma3_3_strategy,
    mutants=(_RATE3,),
    report_instances={k: (*v, *({**i, "rprime_factor": 1.0} for i in v[:1])) for k, v in _FLOW_REPORT.items()},
    notes="The premise is checked on the integration grid only.",
)

#: c in R = cδλ0/n² (Lemma 3.2), derived from the paper's Markov argument: E[certificate] ≤ 4cδλ0/√(2π)·
#: (Σ_ij|x_iᵀx_j|)/n² ≤ δλ0/4 when c = √(2π)/16, so P(certificate ≥ λ0/4) ≤ δ.
RADIUS_CONST = math.sqrt(2 * math.pi) / 16


def literal_width_lemma3_4(n: int, lam0: float, delta: float, residual_sq: float) -> float:
    """The width at which R′ = 2√n‖y − u(0)‖/(√m λ0) < R = cδλ0/n²: m > 4n⁵‖y − u(0)‖²/(c²δ²λ0⁴)."""
    return 4 * n**5 * residual_sq / (RADIUS_CONST**2 * delta**2 * lam0**4)


def _lemma3_4_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Lemma 3.4: if R′ < R, then for all t: λ_min(H(t)) ≥ λ0/2, ‖w_r(t) − w_r(0)‖ ≤ R′ (rprime_factor = 2)
    and the e^{−λ0 t} rate. With m None the literal premise's width (E‖y − u(0)‖² = ‖y‖² + n/2 in place of
    ‖y − u(0)‖²) is reported through Infeasible; with m set, all three conclusions are checked on the grid."""
    p = instance.params
    if p["m"] is None:
        _, y, _, _, lam0 = _train_setup(instance, generator, device, dtype, 1, m=1)
        need = literal_width_lemma3_4(p["n"], lam0, p["delta"], float((y**2).sum()) + p["n"] / 2)
        raise Infeasible(f"the literal premise R′ < R asks for m > {need:.3g} (n = {p['n']}, λ0 = {lam0:.3g})")
    traj, lam0, ok_rate, m_rate, details = _flow_run(instance, generator, device, dtype, batch, gram_too=True)
    ok_dist, m_dist, slack = _distance_check(traj, lam0, p, dtype)
    tol = 8 * p["n"] * torch.finfo(dtype).eps * p["n"]  # eigenvalue tolerance, ‖H‖_F ≤ n
    lam = traj.lambda_min.amin(-1)
    ok_lam, m_lam = lam >= lam0 / 2 - tol, 1 - (lam0 / 2) / lam
    margin = torch.minimum(torch.minimum(m_rate, m_dist), m_lam)
    return Outcome(
        ok_rate & ok_dist & ok_lam, margin, torch.ones_like(ok_lam), {**details, "slack": slack, "min_lambda_H": lam}
    )


LEMMA3_4 = Claim(
    id="du2018a.lemma3.4",
    title="If R′ < R the flow keeps λ_min(H) ≥ λ0/2, stays within R′ and contracts",
    source=Source(PAPER, "Lemma 3.4", "000, 004", ARXIV),
    statement="R′ < R ⇒ ∀t: λ_min(H(t)) ≥ λ0/2, ‖w_r(t) − w_r(0)‖ ≤ R′, ‖y − u(t)‖² ≤ e^{−λ0 t}‖y − u(0)‖²",
    kind=Kind.WHP,
    params=(
        *_flow_params(None),
        Param("rprime_factor", 2.0, "c in R′ = c√n‖y − u(0)‖/(√m λ0) (paper: 2)", float, minimum=1e-12),
    ),
    trial=_lemma3_4_trial,
    strategy=_flow_strategy,
    delta_param="delta",
    mutants=(Mutant("tiny_radius", {"rprime_factor": 0.01}, "R′/200: the flow moves the weights farther"),),
    report_instances={
        k: (*({**i, "m": i.get("m", 200)} for i in v), {"n": 5, "d": 10}) for k, v in _FLOW_REPORT.items()
    },
    notes="The literal premise needs m ~ 10¹⁰ already at n = 5; the default instance reports it (INCONCLUSIVE).",
)

# ---------------------------------------------------------------------------------------------------------
# Lemma 3.2: H(W) is stable on a ball of radius R around W(0)


def _lemma3_2_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Lemma 3.2: R = radius_factor·δλ0/n² with radius_factor = √(2π)/16 (RADIUS_CONST). One trial is one
    W(0) for the instance's fixed X. "Every W with ‖w_r − w_r(0)‖ ≤ R" is checked two ways:

    (a) the certificate cert = Σ_ij |x_iᵀx_j| (1/m) Σ_r 1{|w_r(0)ᵀx_i| ≤ R or |w_r(0)ᵀx_j| ≤ R}, an upper bound
        of sup_ball ‖H(W) − H(0)‖_F (an entry can change only through a pattern that can flip); pass (a) iff
        cert < λ0/4 and λ_min(H(0)) − cert > λ0/2 (Weyl), which proves both conclusions on the whole ball;
    (b) an adversary moves each w_r by R along −sign(w_rᵀx_i)x_i for its closest i (flipping it when it
        can); pass (b) iff ‖H(W) − H(0)‖₂ < λ0/4 and λ_min(H(W)) > λ0/2, up to the eigenvalue tolerances;
        and the certificate must dominate the adversary's ‖H(W) − H(0)‖_F (its soundness).
    """
    p = instance.params
    n, m = p["n"], p["m"]
    X = _draw_x(p, generator=instance.generator("data", device), batch=(), dtype=dtype, device=device)
    H_inf = two_layer.h_infinity(X)
    lam0 = float(two_layer.lambda_min(H_inf))
    if lam0 <= float(two_layer.eig_tolerance(H_inf)):
        raise Infeasible(f"λ0 = {lam0:.3g} is 0 within rounding: Lemma 3.2 assumes λ0 > 0")
    R = p["radius_factor"] * p["delta"] * lam0 / n**2
    W0 = torch.randn(batch, m, p["d"], generator=generator, dtype=dtype, device=device)
    pre = W0 @ X.T  # (B, m, n)
    A = (pre.abs() <= R).to(dtype)
    hits = A.sum(-2)
    count = hits.unsqueeze(-1) + hits.unsqueeze(-2) - A.transpose(-1, -2) @ A  # Σ_r 1{A_ri or A_rj}
    cert = ((X @ X.T).abs() * count / m).sum((-2, -1))
    H0 = two_layer.gram(X, W0)
    lmin0 = two_layer.lambda_min(H0)
    closest = pre.abs().argmin(-1, keepdim=True)  # (B, m, 1)
    sign = torch.sign(pre.gather(-1, closest))
    W1 = W0 - R * sign * X[closest.squeeze(-1)]
    H1 = two_layer.gram(X, W1)
    diff = H1 - H0
    dev = torch.linalg.eigvalsh(diff).abs().amax(-1)
    lmin1 = two_layer.lambda_min(H1)
    tol = two_layer.eig_tolerance(H0) + two_layer.eig_tolerance(H1)
    ok_cert = (cert < lam0 / 4) & (lmin0 - cert > lam0 / 2)
    ok_adv = (dev < lam0 / 4 + tol) & (lmin1 > lam0 / 2 - tol)
    sound = torch.linalg.matrix_norm(diff, "fro") <= cert + tol
    margin = torch.minimum(1 - cert / (lam0 / 4), (lmin0 - cert - lam0 / 2) / (lam0 / 2))
    full = torch.ones_like(cert)
    return Outcome(
        ok_cert & ok_adv & sound,
        margin,
        torch.ones_like(sound),
        {"certificate": cert, "adversary_deviation": dev, "flipped": (A.sum((-2, -1)) > 0).to(dtype), "R": full * R},
    )


def _lemma3_2_strategy(profile: str):
    n_max = {"quick": 5, "standard": 10, "full": 16}[profile]
    return st.integers(2, n_max).flatmap(
        lambda n: st.fixed_dictionaries(
            {"n": st.just(n), "d": st.integers(n, 2 * n), "m": st.sampled_from([400, 800, 1600])}
        )
    )


LEMMA3_2 = Claim(
    id="du2018a.lemma3.2",
    title="H(W) stays within λ0/4 of H(0) on the ball of radius R = cδλ0/n²",
    source=Source(PAPER, "Lemma 3.2", "000, 001, 004", ARXIV),
    statement="w.p. ≥ 1−δ over W(0): ∀W with ‖w_r − w_r(0)‖ ≤ R = cδλ0/n²: ‖H(W) − H(0)‖₂ < λ0/4, λ_min(H(W)) > λ0/2",
    kind=Kind.WHP,
    params=(
        *_data_params(5, 10),
        Param("m", 800, "width (practical; λ_min(H(0)) ≥ ¾λ0 is Lemma 3.1's regime)", int, minimum=1),
        Param("delta", 0.05, "failure probability δ", float, open_unit=True),
        Param("radius_factor", RADIUS_CONST, "c in R = cδλ0/n² (derived: √(2π)/16)", float, minimum=1e-12),
    ),
    trial=_lemma3_2_trial,
    strategy=_lemma3_2_strategy,
    delta_param="delta",
    mutants=(Mutant("radius_x1000", {"radius_factor": 1000 * RADIUS_CONST}, "R × 1000: many patterns can flip"),),
    report_instances={
        "quick": ({"n": 5, "d": 10}, {"n": 10, "d": 20, "m": 1600}),
        "standard": ({"n": 5, "d": 10}, {"n": 10, "d": 20, "m": 1600}, {"n": 20, "d": 40, "m": 3200}),
        "full": ({"n": 10, "d": 20, "m": 1600}, {"n": 20, "d": 40, "m": 3200}, {"n": 40, "d": 80, "m": 6400}),
    },
    notes="The certificate makes 'for all W in the ball' checkable; the adversary shows how much of it is reached.",
)

# ---------------------------------------------------------------------------------------------------------
# NTK constancy: ‖H(0) − H∞‖₂ and sup_k ‖H(k) − H(0)‖₂ ∝ m^{−1/2}


def _kernel_deviation(instance: Instance, m: int, generator, device, dtype, batch: int) -> torch.Tensor:
    """``batch`` draws at width m of the instance's quantity: ‖H(0) − H∞‖₂ ("init") or the largest
    ‖H(k) − H(0)‖₂ over the K GD steps ("drift"; recorded at every step, η = eta_scale/λ_max(H∞),
    K = ⌈horizon/(ηλ0)⌉)."""
    p = instance.params
    if p["quantity"] == "init":
        X = _draw_x(p, generator=instance.generator("data", device), batch=(), dtype=dtype, device=device)
        H0 = two_layer.random_gram(X, m, generator=generator, batch=batch)
        return torch.linalg.eigvalsh(H0 - two_layer.h_infinity(X)).abs().amax(-1)
    X, y, W0, a0, lam0 = _train_setup(instance, generator, device, dtype, batch, m=m)
    eta = p["eta_scale"] / float(torch.linalg.eigvalsh(two_layer.h_infinity(X))[-1])
    steps = math.ceil(p["horizon"] / (eta * lam0))
    traj = dynamics.gradient_descent(X, y, W0, a0, eta=eta, steps=steps, gram_too=True)
    return traj.kernel_drift.amax(-1)


def _ntk_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: a width m drawn uniformly from {m_min·4^j : j < widths} and one W(0); value = ‖H(0) − H∞‖₂
    or sup_k ‖H(k) − H(0)‖₂ along GD (exact eigen-decompositions); details size = m, value. The scaling
    fit's theory exponent is −½: each entry of H(0) − H∞ is a mean of m bounded centred terms, and along
    training every w_r moves by R = O(√n‖y − u(0)‖/(√m λ0)) (Lemma 3.3, Corollary 4.1), so a fraction O(R) of
    the patterns flips and each entry of H moves by O(R) (Lemma 3.2). The loop is over the grid of widths,
    not trials."""
    p = instance.params
    grid = [p["m_min"] * 4**j for j in range(p["widths"])]
    which = torch.randint(len(grid), (batch,), generator=generator, device=device)
    size = torch.empty(batch, dtype=dtype, device=device)
    value = torch.empty(batch, dtype=dtype, device=device)
    for j, m in enumerate(grid):
        sel = which == j
        k = int(sel.sum())
        if k:
            value[sel] = _kernel_deviation(instance, m, generator, device, dtype, k)
            size[sel] = float(m)
    ok = torch.ones(batch, dtype=torch.bool, device=device)
    return Outcome(ok, torch.zeros_like(value), ok, {"size": size, "value": value})


#: The drift is fitted from m = 256 on: below it the motion is not lazy and the drift falls faster (measured:
#: fitted exponent −0.61 over m = 64..16384 at n = d = 16, −0.55 over 256..16384).
_DRIFT = {"quantity": "drift", "m_min": 256, "widths": 4}


def _ntk_strategy(profile: str):
    init = st.integers(2, SIZES[profile]).flatmap(
        lambda n: st.fixed_dictionaries({"n": st.just(n), "d": st.integers(n, 2 * n), "quantity": st.just("init")})
    )
    drift = st.integers(2, SIZES[profile] // 2).flatmap(
        lambda n: st.fixed_dictionaries({"n": st.just(n), "d": st.integers(n, 2 * n)})
    )
    return st.one_of(init, drift.map(lambda p: {**p, **_DRIFT}))


NTK_CONSTANCY = Claim(
    id="du2018a.ntk_constancy",
    title="‖H(0) − H∞‖₂ and sup_k ‖H(k) − H(0)‖₂ shrink like m^{−1/2}",
    source=Source(
        PAPER, "Lemmas 3.1–3.3, Corollary 4.1 (the kernel's concentration and stability)", "000, 001, 004", ARXIV
    ),
    statement="‖H(0) − H∞‖₂ = Θ(m^{−1/2}) and sup_k ‖H(k) − H(0)‖₂ = Θ(m^{−1/2}) along GD (fitted exponent of m)",
    kind=Kind.SCALING,
    params=(
        *_data_params(5, 10),
        Param(
            "quantity",
            "init",
            "init: ‖H(0) − H∞‖₂; drift: sup_k ‖H(k) − H(0)‖₂ along GD",
            str,
            choices=("init", "drift"),
        ),
        _label_param(),
        Param("eta_scale", 1.0, "drift: GD step η = eta_scale/λ_max(H∞)", float, minimum=1e-12),
        Param("horizon", 4.0, "drift: K = ⌈horizon/(ηλ0)⌉ GD steps", float, minimum=1e-12),
        Param("m_min", 64, "smallest width of the grid", int, minimum=1),
        Param("widths", 5, "widths m_min·4^j, j < widths", int, minimum=2),
        Param("trials", 64, "measurements (size, value)", int, minimum=3),
        Param("exponent", -0.5, "theory exponent b in value ∝ m^b", float),
    ),
    trial=_ntk_trial,
    strategy=_ntk_strategy,
    exponent_param="exponent",
    mutants=(
        Mutant("no_concentration", {"exponent": 0.0}, "the kernel does not approach H∞ / stays put only up to O(1)"),
        Mutant("rate_1_over_m", {"exponent": -1.0}, "the deviation falls like 1/m"),
    ),
    report_instances={
        "quick": ({"n": 5, "d": 10}, {"n": 10, "d": 20}, {"n": 8, "d": 16, **_DRIFT}),
        "standard": (
            {"n": 10, "d": 20},
            {"n": 30, "d": 60},
            {"n": 10, "d": 20, **_DRIFT},
            {"n": 20, "d": 40, **_DRIFT},
        ),
        "full": (
            {"n": 10, "d": 20},
            {"n": 50, "d": 100},
            {"n": 100, "d": 200, "widths": 6},
            {"n": 20, "d": 40, **_DRIFT},
            {"n": 50, "d": 100, **_DRIFT, "widths": 5},
        ),
    },
)

# ---------------------------------------------------------------------------------------------------------
# ext: the exact condition for λ0 = 0 with antiparallel pairs


def _lambda0_char_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Derived (CLAIMS.md, note to Theorem 3.1): X = (v_1..v_p, −v_1..−v_p, z_1..z_q), unit rows, no other
    parallel pairs. Then λ0 = λ_min(H∞) = 0 iff v_1..v_p are linearly dependent. (⇐: φ_w(x) = x·1{wᵀx ≥ 0}
    has φ_w(v) − φ_w(−v) = v, so Σ c_k v_k = 0 gives a null vector of H∞ = E[ΦΦᵀ].) Each trial draws the
    p directions dependent (v_p a random combination of the others) or generic with probability ½.
    Pass iff (λ0 ≤ tol) equals the prediction, tol = 8n·eps·‖H∞‖_F (two_layer.eig_tolerance): with
    predict = "dependence" the derived condition, with "any_pair" the mutant's "any antiparallel pair".
    """
    pr = instance.params
    P, d, q = pr["pairs"], pr["d"], pr["extra"]
    unit = torch.nn.functional.normalize
    V = unit(torch.randn(batch, P, d, generator=generator, dtype=dtype, device=device), dim=-1)
    dep = torch.rand(batch, generator=generator, dtype=dtype, device=device) < 0.5
    dep = dep & (P >= 2) | torch.full_like(dep, d < P)
    if P >= 2:
        c = torch.randn(batch, P - 1, 1, generator=generator, dtype=dtype, device=device)
        last = unit((c * V[:, :-1]).sum(-2), dim=-1)
        V = torch.cat([V[:, :-1], torch.where(dep[:, None], last, V[:, -1]).unsqueeze(1)], 1)
    Z = unit(torch.randn(batch, q, d, generator=generator, dtype=dtype, device=device), dim=-1)
    H = two_layer.h_infinity(torch.cat([V, -V, Z], 1))
    lam, tol = two_layer.lambda_min(H), two_layer.eig_tolerance(H)
    predicted = dep if pr["predict"] == "dependence" else torch.ones_like(dep)
    scale = torch.linalg.matrix_norm(H, "fro")
    margin = torch.where(predicted, tol - lam, lam - tol) / scale
    return Outcome((lam <= tol) == predicted, margin, torch.ones_like(dep), {"lambda0": lam, "dependent": dep})


LAMBDA0_CHAR = Claim(
    id="ext.lambda0_characterization",
    title="With antiparallel pairs, λ0 = 0 iff the pair directions are linearly dependent",
    source=Source(PAPER, "Theorem 3.1 (derived extension, CLAIMS.md)", "000", ARXIV),
    statement="X = (v_k, −v_k, z_j) otherwise non-parallel ⇒ (λ_min(H∞) = 0 ⇔ v_1..v_p linearly dependent)",
    kind=Kind.FORALL,
    params=(
        Param("pairs", 2, "p, the antiparallel pairs (x, −x)", int, minimum=1),
        Param("d", 4, "input dimension", int, minimum=2),
        Param("extra", 2, "q further sphere points", int, minimum=0),
        Param(
            "predict",
            "dependence",
            "the condition tested (any_pair: the mutant)",
            str,
            choices=("dependence", "any_pair"),
        ),
    ),
    trial=_lambda0_char_trial,
    strategy=lambda profile: st.integers(2, 6).flatmap(
        lambda d: st.fixed_dictionaries(
            {"d": st.just(d), "pairs": st.integers(1, min(d, 4)), "extra": st.integers(0, 2)}
        )
    ),
    mutants=(Mutant("any_pair", {"predict": "any_pair"}, "Theorem 3.1's reading: antiparallel pairs make λ0 = 0"),),
    report_instances={
        "quick": ({"pairs": 2, "d": 4}, {"pairs": 3, "d": 3, "extra": 1}),
        "standard": ({"pairs": 2, "d": 4}, {"pairs": 4, "d": 6, "extra": 3}),
        "full": ({"pairs": 2, "d": 4}, {"pairs": 6, "d": 10, "extra": 6}),
    },
    notes="Dependent and generic pair directions are drawn with probability ½ each (always dependent when p > d).",
)

CLAIMS = (
    THM3_1,
    LEMMA3_1,
    LEMMA3_2,
    LEMMA3_3,
    LEMMA3_4,
    THM3_2,
    THM3_3,
    THM4_1,
    COR4_1,
    NTK_CONSTANCY,
    LAMBDA0_CHAR,
)


# ---------------------------------------------------------------------------------------------------------
# The experiment of Section 6 (Figure 1), seed 001

FIG1_MULTIPLES = (1, 2, 4, 8, 16)  # widths m0·2^j, as the paper's {500, …, 8000} = 500·2^j
FIG1_CLAIM_MULTIPLES = (1, 4, 16)


def fig1_run(X, y, widths, *, generator, steps: int, eta_scale: float, batch: int = 1, every: int = 1):
    """GD from the paper's initialisation at each width (a loop over the five widths of the experiment, not
    over m): η = eta_scale/λ_max(H∞), the same for every width so that only m changes. Returns λ_max(H∞), η
    and one :class:`models.dynamics.Trajectory` per width (batched over ``batch`` initialisations)."""
    lam_max = float(torch.linalg.eigvalsh(two_layer.h_infinity(X))[-1])
    eta = eta_scale / lam_max
    runs = []
    for m in widths:
        W0, a0 = two_layer.init(m, X.shape[-1], generator=generator, batch=(batch,), dtype=X.dtype, device=X.device)
        runs.append(dynamics.gradient_descent(X, y, W0, a0, eta=eta, steps=steps, every=every, track=every > 0))
    return lam_max, eta, runs


def _fig1_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: the experiment of Section 6 at the instance's size (X uniform on the sphere, y ~ N(0, I),
    fixed by the data stream; a fresh initialisation per width), ``steps`` GD steps at widths m0·(1, 4, 16)
    (every other width of the paper's doubling list, so that one comparison is not lost in the noise of a
    single initialisation). With k*(m) the number of steps at which ‖u_k − y‖² > loss_drop·‖u_0 − y‖², pass
    iff for consecutive widths m < m′ the three findings of Figure 1 hold:

        k*(m′) ≤ (1 + slack)·k*(m) + 1                                   (larger m converges at least as fast)
        changed-pattern fraction at K (m′) < (m),  max_r ‖w_r(K) − w_r(0)‖ (m′) < (m)

    (the last two reversed for the mutant's ``trend`` = "rising"). The fitted slope of log distance on log m is
    recorded (Figure 1c: about −½).
    """
    p = instance.params
    g = instance.generator("data", device)
    X = data.sphere(p["n"], p["d"], generator=g, dtype=dtype, device=device)
    y = data.gaussian_labels(p["n"], generator=g, dtype=dtype, device=device)
    widths = [p["m0"] * k for k in FIG1_CLAIM_MULTIPLES]
    _, _, runs = fig1_run(
        X, y, widths, generator=generator, steps=p["steps"], eta_scale=p["eta_scale"], batch=batch, every=0
    )
    res = torch.stack([r.residual_sq for r in runs], -2)  # (batch, widths, steps + 1)
    k_star = (res > p["loss_drop"] * res[..., :1]).sum(-1).to(dtype)
    pat = torch.stack([r.pattern_change[..., -1] for r in runs], -1)
    dist = torch.stack([r.distance[..., -1] for r in runs], -1)
    sign = 1 if p["trend"] == "falling" else -1
    k_bound = (1 + p["slack"]) * k_star[..., :-1] + 1
    margins = torch.stack(
        [
            (1 - k_star[..., 1:] / k_bound).amin(-1),
            (sign * (1 - pat[..., 1:] / pat[..., :-1])).amin(-1),
            (sign * (1 - dist[..., 1:] / dist[..., :-1])).amin(-1),
        ],
        -1,
    )
    passed = (k_star[..., 1:] <= k_bound).all(-1) & (margins[..., 1:] > 0).all(-1)
    logm = torch.log(torch.tensor(widths, dtype=dtype, device=device))
    logm = logm - logm.mean()
    slope = (torch.log(dist) * logm).sum(-1) / (logm**2).sum()
    return Outcome(
        passed=passed,
        margin=margins.amin(-1),
        premise_held=torch.ones_like(passed),
        details={
            "steps_to_drop_largest_m": k_star[..., -1],
            "pattern_change_largest_m": pat[..., -1],
            "distance_slope": slope,
        },
    )


FIG1 = Claim(
    id="du2018a.fig1",
    title="Figure 1: wider nets converge at least as fast, change fewer patterns and move less",
    source=Source(PAPER, "Section 6, Figure 1", "001", ARXIV),
    statement="m < m′ = 4m ⇒ k*(m′) ≤ (1+s)k*(m) + 1, fewer changed patterns and smaller max_r ‖w_r(K) − w_r(0)‖",
    kind=Kind.WHP,
    params=(
        Param("n", 30, "inputs (the paper: 1000)", int, minimum=2),
        Param("d", 30, "input dimension (the paper: 1000)", int, minimum=2),
        Param("m0", 50, "smallest width; the claim compares m0·(1, 4, 16) (the paper: 500·2^j)", int, minimum=1),
        Param("steps", 100, "GD steps K (the paper: 100)", int, minimum=1),
        Param("eta_scale", 1.0, "η = eta_scale/λ_max(H∞)", float, minimum=1e-12),
        Param("loss_drop", 1e-6, "k* counts the steps with ‖u − y‖² above loss_drop·‖u_0 − y‖²", float, open_unit=True),
        Param(
            "slack",
            0.1,
            "s: relative slack of 'at least as fast' (initialisations differ per width)",
            float,
            minimum=0.0,
        ),
        Param("trend", "falling", "direction of the pattern and distance trends", str, choices=("falling", "rising")),
        Param("delta", 0.1, "failure probability δ", float, open_unit=True),
    ),
    trial=_fig1_trial,
    strategy=lambda profile: st.fixed_dictionaries(
        {
            "n": st.integers(30, {"quick": 40, "standard": 80, "full": 160}[profile]),
            "m0": st.sampled_from((100, 200)),
        }
    ).map(lambda p: {**p, "d": p["n"]}),
    delta_param="delta",
    mutants=(Mutant("rising_trends", {"trend": "rising"}, "pattern changes and distances grow with m"),),
    report_instances={
        "quick": ({},),
        "standard": ({}, {"n": 100, "d": 100, "m0": 200}),
        "full": ({}, {"n": 200, "d": 200, "m0": 250}),
    },
    max_examples={"quick": 2},
    notes="The trends of the paper's Figure 1 as one statement; the full-size figures are in the section below.",
)

CLAIMS = (*CLAIMS, FIG1)

FIG1_SIZES = {"quick": (200, 200, 250), "standard": (1000, 1000, 500), "full": (1000, 1000, 500)}


def fig1_section(ctx):
    """The three panels of Figure 1 from one run per width: log training loss, fraction of changed patterns and
    max_r ‖w_r(k) − w_r(0)‖ against the step k, with the distance's growth exponent in m."""
    import time

    import matplotlib.pyplot as plt

    from claims.report.legacy import ReportSection
    from claims.stats import fit_power_law_exponent

    n, d, m0 = FIG1_SIZES[ctx.profile]
    widths = [m0 * k for k in FIG1_MULTIPLES]
    g = _instance_generator(ctx.seed, ctx.device)
    X = data.sphere(n, d, generator=g, dtype=ctx.dtype, device=ctx.device)
    y = data.gaussian_labels(n, generator=g, dtype=ctx.dtype, device=ctx.device)
    start = time.perf_counter()
    steps, every = 100, 5  # the paper's 100 steps; patterns and distances recorded every 5 (steps % every == 0)
    lam_max, eta, runs = fig1_run(X, y, widths, generator=g, steps=steps, eta_scale=1.0, every=every)
    if ctx.device.type == "cuda":
        torch.cuda.synchronize()
    wall = time.perf_counter() - start
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.4))
    for m, r in zip(widths, runs, strict=True):
        axes[0].plot(r.times.cpu(), torch.log(r.residual_sq[0] / 2).cpu(), label=f"m = {m}")
        recorded = torch.arange(r.pattern_change.shape[-1]) * every
        axes[1].plot(recorded, r.pattern_change[0].cpu(), label=f"m = {m}")
        axes[2].plot(recorded, r.distance[0].cpu(), label=f"m = {m}")
    for ax, title in zip(
        axes, ("log training loss", "fraction of changed patterns", "max_r ‖w_r(k) − w_r(0)‖"), strict=True
    ):
        ax.set_xlabel("GD step k")
        ax.set_title(title, fontsize=10)
    axes[0].legend(fontsize=7)
    fig.suptitle(
        f"Figure 1 of Du et al. 2018a: n = {n}, d = {d}, y ~ N(0, 1), η = 1/λ_max(H∞) = {eta:.3g}", fontsize=10
    )
    fig.tight_layout()
    path = ctx.figure("fig1")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    final = [
        (m, float(r.residual_sq[0, -1] / 2), float(r.pattern_change[0, -1]), float(r.distance[0, -1]))
        for m, r in zip(widths, runs, strict=True)
    ]
    fit = fit_power_law_exponent([f[0] for f in final], [f[3] for f in final], 0.95)
    rows = [f"| {m} | {loss:.3g} | {pat:.3g} | {dist:.3g} |" for m, loss, pat, dist in final]
    md = "\n".join(
        [
            f"The paper's experiment (Section 6; seed 001's widths) on {ctx.device.type}, {str(ctx.dtype)[6:]}: "
            f"one initialisation per width, 100 GD steps of η = 1/λ_max(H∞) (λ_max = {lam_max:.3g}) on the loss "
            f"½‖u − y‖². Wall time of the five runs: {wall:.1f} s. Distances are measured from the initialisation "
            "(seed 001 measured them from zero).",
            "",
            "| m | loss at k = 100 | changed patterns | max_r ‖w_r − w_r(0)‖ |",
            "|---|---|---|---|",
            *rows,
            "",
            f"max_r ‖w_r(100) − w_r(0)‖ ∝ m^b with b = {fit.slope:.2f} (95% interval [{fit.lo:.2f}, {fit.hi:.2f}]; "
            "the analysis gives −½).",
            "",
            ctx.link(path, "Figure 1"),
        ]
    )
    return ReportSection(
        "du2018a: the experiment of Figure 1",
        md,
        {
            "n": n,
            "d": d,
            "widths": widths,
            "eta": eta,
            "wall_time_s": wall,
            "final": final,
            "distance_exponent": [fit.slope, fit.lo, fit.hi],
        },
    )


# ---------------------------------------------------------------------------------------------------------
# Report: Lemma 3.1 in the practical regime


GD_TOP = {"quick": 512, "standard": 512, "full": 4096}  # largest width of Theorem 4.1's sweep
FLOW_SWEEP = {  # Theorem 3.2's sweep (RK4 flow, the costliest): n values, largest width
    "quick": ((5, 10, 20), 64),
    "standard": ((5, 10, 20, 50), 128),
    "full": ((5, 10, 20, 50), 512),
}
WIDTH_SWEEP = {  # Lemma 3.1's sweep: n values, largest width of the grid
    "quick": ((5, 10, 20, 50), 2**14),
    "standard": ((5, 10, 20, 50), 2**14),
    "full": ((5, 10, 20, 50, 100), 2**17),
}


def lemma3_1_width_section(ctx):
    """Failure rate of Lemma 3.1's conclusion against m, per n (d = 2n, sphere data), with the literal m₁(n)
    and the empirical m*(n) marked; the growth exponent of m*(n) in n beside the theory's 2."""
    import matplotlib.pyplot as plt

    from claims.engine.sweep import empirical_width, geometric_widths
    from claims.report.legacy import ReportSection

    ns, top = WIDTH_SWEEP[ctx.profile]
    delta = LEMMA3_1.defaults()["delta"]
    delta_flow = THM3_2.defaults()["delta"]
    flow_ns, flow_top = FLOW_SWEEP[ctx.profile]
    share = ctx.alpha / (3 * len(ns))  # three sweeps per n
    rows, data, fig_rows, gd_rows = [], {}, [], []
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    for i, n in enumerate(ns):
        params = {"n": n, "d": 2 * n}
        X = _draw_x(
            LEMMA3_1.resolve(params),
            generator=_instance_generator(ctx.seed + i, ctx.device),
            batch=(),
            dtype=ctx.dtype,
            device=ctx.device,
        )
        lam0 = float(two_layer.lambda_min(two_layer.h_infinity(X)))
        m1 = two_layer.literal_width_lemma3_1(n, lam0, delta)
        sweep = empirical_width(
            LEMMA3_1,
            params,
            geometric_widths(n, top, 2**0.5),
            seed=ctx.seed + i,
            device=ctx.device,
            dtype=ctx.dtype,
            alpha=share,
        )
        ms = [p.m for p in sweep.points]
        rate = [p.failures / p.trials for p in sweep.points]
        err = [
            [r - p.ci[0] for r, p in zip(rate, sweep.points, strict=True)],
            [p.ci[1] - r for r, p in zip(rate, sweep.points, strict=True)],
        ]
        line = ax.errorbar(ms, rate, yerr=err, marker="o", ms=3, capsize=2, label=f"n = {n}")
        color = line[0].get_color()
        ax.axvline(m1, color=color, ls="--", lw=1)
        if sweep.m_star:
            ax.axvline(sweep.m_star, color=color, ls=":", lw=1.5)
        rows.append(
            f"| {n} | {2 * n} | {lam0:.3f} | {sweep.m_star or f'> {top}'} | {m1:.3g} | "
            f"{(m1 / sweep.m_star) if sweep.m_star else float('nan'):.3g} |"
        )
        data[n] = {**sweep.as_dict(), "lambda0": lam0, "m1": m1}
        fig_rows.append((n, sweep.m_star))
        # Theorem 4.1 in practice: GD at η = 1/λ_max(H(0)) (the practical step) on the same data; the
        # theory's widths with explicit constants, E‖y − u(0)‖² = n(C²/3 + ½) for y ~ Unif[−C, C]^n
        gd_params = {"n": n, "d": 2 * n, "eta_scale": 1.0}
        gd_sweep = empirical_width(
            THM4_1,
            gd_params,
            geometric_widths(2, GD_TOP[ctx.profile], 2**0.5),
            seed=ctx.seed + i,
            device=ctx.device,
            dtype=ctx.dtype,
            alpha=share,
        )
        res_sq = n * (THM4_1.defaults()["C"] ** 2 / 3 + 0.5)
        m_gd = max(m1, 4 * literal_width_lemma3_4(n, lam0, delta, res_sq))  # R′ = 4√n‖y − u(0)‖/(√m λ0) < R
        # Theorem 3.2 (Lemmas 3.1 and 3.4) at the δ of the flow claim, so the ratio compares like with like
        m_flow = max(
            two_layer.literal_width_lemma3_1(n, lam0, delta_flow), literal_width_lemma3_4(n, lam0, delta_flow, res_sq)
        )
        flow_sweep = None
        if n in flow_ns:  # Theorem 3.2 in practice: the refined RK4 flow of the claim, same data
            flow_sweep = empirical_width(
                THM3_2,
                {"n": n, "d": 2 * n},
                geometric_widths(2, flow_top, 2.0),
                seed=ctx.seed + i,
                device=ctx.device,
                dtype=ctx.dtype,
                alpha=share,
            )
            data[n]["thm3_2"] = {**flow_sweep.as_dict(), "theory_width": m_flow}
        gd_rows.append((n, lam0, gd_sweep.m_star, m_flow, m_gd, flow_sweep))
        data[n]["thm4_1"] = {**gd_sweep.as_dict(), "theory_width": m_gd}
    ax.axhline(delta, color="k", lw=1)
    ax.set_xscale("log")
    ax.set_xlabel("width m (dashed: literal m₁(n); dotted: empirical m*(n))")
    ax.set_ylabel("failure rate")
    ax.set_title("Lemma 3.1: P(‖H(0) − H∞‖₂ > λ0/4 or λ_min(H(0)) < ¾λ0)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    path = ctx.figure("lemma3_1_width")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    fit_text, data["exponent"] = _exponent_text("Lemma 3.1", fig_rows, "the literal bound grows like n² ln n / λ0²")
    flow_text, data["thm3_2_exponent"] = _exponent_text(
        "Theorem 3.2 (flow)", [(r[0], r[5] and r[5].m_star) for r in gd_rows], "the theory's n⁶ (Ω(n⁶/(λ0⁴δ³)))"
    )
    gd_text, data["thm4_1_exponent"] = _exponent_text(
        "Theorem 4.1 (GD)", [(r[0], r[2]) for r in gd_rows], "the theory's n⁶ (Ω(n⁶/(λ0⁴δ³)))"
    )

    def ratio(width, m_star):
        return f"{width / m_star:.3g}" if m_star else "–"

    gd_table = [
        f"| {n} | {lam0:.3f} | {mf:.3g} | {'not run' if fs is None else fs.m_star or f'> {flow_top}'} | "
        f"{ratio(mf, fs and fs.m_star)} | {mg:.3g} | {m or f'> {GD_TOP[ctx.profile]}'} | {ratio(mg, m)} |"
        for n, lam0, m, mf, mg, fs in gd_rows
    ]
    md = "\n".join(
        [
            "### Theory's widths against practice",
            "",
            "For each n (sphere data, d = 2n, E‖y − u(0)‖² = n(C²/3 + ½) with C = 1): the width each theorem asks "
            "for with explicit constants, and the empirical m*(n), the smallest grid width from which on the "
            "conclusion holds with probability ≥ 1 − δ (exact upper bound on the failure rate ≤ δ at every larger "
            "grid width). Theorem 3.2's width is max(m₁, the width of Lemma 3.4's premise R′ < R); Theorem 4.1's "
            "the same with Corollary 4.1's R′ (factor 4). "
            f"Theorem 3.2: ‖u(t) − y‖² ≤ e^{{−λ0 t}}‖u(0) − y‖² on t ≤ 4/λ0 under the refined RK4 flow of the "
            f"claim, δ = {delta_flow}, widths 2, 4, …, {flow_top} "
            f"(n ∈ {{{', '.join(map(str, flow_ns))}}} in this profile). "
            f"Theorem 4.1: ‖u(k) − y‖² ≤ (1 − ηλ0/2)^k‖u(0) − y‖² under GD with the practical step "
            f"η = 1/λ_max(H(0)) over K = 6/(ηλ0) steps, δ = {delta}, widths 2, 2√2, 4, …, {GD_TOP[ctx.profile]}.",
            "",
            "| n | λ0 | Theorem 3.2 width | flow m*(n) | ratio | Theorem 4.1 width | GD m*(n) | ratio |",
            "|---|---|---|---|---|---|---|---|",
            *gd_table,
            "",
            flow_text,
            "",
            gd_text,
            "",
            "### Lemma 3.1 in practice",
            "",
            f"Practical regime of Lemma 3.1 (δ = {delta}): for each n, sphere data with d = 2n, "
            f"{sweep.points[0].trials} draws of W(0) per width on a grid of ratio √2, α shared equally over the "
            "three sweeps and the widths. "
            f"m* is the smallest grid width from which on the exact upper "
            f"bound on the failure rate is ≤ δ.",
            "",
            "| n | d | λ0 | empirical m*(n) | literal m₁(n) | m₁ / m* |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            fit_text,
            "",
            ctx.link(path, "Lemma 3.1 failure rate against m"),
        ]
    )
    return ReportSection("du2018a: the theory's widths against practice", md, data)


def _exponent_text(label: str, pairs, theory: str) -> tuple[str, dict | None]:
    """The fitted exponent b of m*(n) ∝ n^b over the (n, m*) pairs with m* found, as a sentence and a record."""
    from claims.stats import fit_power_law_exponent

    found = [(n, m) for n, m in pairs if m]
    if len(found) < 3:
        return f"{label}: too few m*(n) found to fit an exponent.", None
    fit = fit_power_law_exponent([n for n, _ in found], [m for _, m in found], 0.95)
    if not np.isfinite(fit.lo):  # an exact fit (equal m*): linregress gives no standard error
        fit = type(fit)(fit.slope, fit.intercept, fit.slope, fit.slope)
    text = (
        f"{label}: fitted m*(n) ∝ n^b with b = {fit.slope:.2f} (95% interval [{fit.lo:.2f}, {fit.hi:.2f}]); {theory}."
    )
    return text, {"b": fit.slope, "ci": [fit.lo, fit.hi]}


def _instance_generator(seed, device):
    from claims.spec import Instance

    return Instance({}, seed).generator("data", device)


REPORT_SECTIONS = (lemma3_1_width_section, fig1_section)  # rendered by claims.report.sections.du2018a
