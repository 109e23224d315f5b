"""Family du2018a: two-layer ReLU net, first layer trained (Du, Zhai, Póczos, Singh 2018a, ICLR 2019).

arXiv:1810.02054, "Gradient Descent Provably Optimizes Over-parameterized Neural Networks"; seeds 000, 001
and 004. The mathematics lives in :mod:`models.two_layer`; this module states the claims and judges trials.
"""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as st

from claims.core import Claim, Infeasible, Instance, Kind, Mutant, Outcome, Param, Source
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


SIZES = {"quick": 8, "standard": 24, "full": 64}

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
    n_max = {"quick": 6, "standard": 10, "full": 16}[profile]
    return st.integers(2, n_max).flatmap(lambda n: st.fixed_dictionaries({"n": st.just(n), "d": st.integers(n, 4 * n)}))


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
        *_data_params(5, 5),
        Param(
            "m",
            m,
            "width; None = the literal width of the premise (reported, not run)",
            int,
            minimum=1,
            optional=m is None,
        ),
        _label_param(),
        Param("delta", 0.05, "failure probability δ", float, open_unit=True),
        Param("rate_factor", 1.0, "r in ‖u(t) − y‖² ≤ e^{−r·λ0 t}‖u(0) − y‖² (paper: 1)", float),
        Param("horizon", 6.0, "integrate to T = horizon/λ0", float, minimum=1e-12),
        Param("grid", 16, "recorded times (the premise and conclusions are checked there)", int, minimum=1),
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
    traj = dynamics.flow(
        X,
        y,
        W0,
        a0,
        T=p["horizon"] / lam0,
        grid=p["grid"],
        train_a=train_a,
        gram_too=gram_too,
        tol=p["flow_tol"],
        max_refinements=p["max_refinements"],
    )
    change = traj.refinement[-1][1]
    rel, ab = _round_tol(p["n"], W0.shape[-2], dtype)
    # the flow is first order at pattern changes, so the last change estimates the finest run's error; ×2 margin
    factor = torch.exp(-p["rate_factor"] * lam0 * traj.times)
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
    return _small_data_strategy(profile, 100, 200 if profile == "quick" else 400)


_FLOW_REPORT = {
    "quick": ({"n": 5, "d": 10},),
    "standard": ({"n": 5, "d": 10}, {"n": 8, "d": 16, "m": 400}),
    "full": ({"n": 5, "d": 10}, {"n": 8, "d": 16, "m": 800}, {"n": 12, "d": 24, "m": 1600}),
}

_RATE3 = Mutant("rate_3", {"rate_factor": 3.0}, "rate e^{−3λ0 t}: the flow's slowest mode decays like e^{−2λ_min(H) t}")

THM3_2 = Claim(
    id="du2018a.thm3.2",
    title="Gradient flow converges at rate e^{−λ0 t}",
    source=Source(PAPER, "Theorem 3.2", "000, 001, 004", ARXIV),
    statement="m = Ω(n⁶/(λ0⁴δ³)) ⇒ w.p. ≥ 1−δ: ‖u(t) − y‖² ≤ e^{−λ0 t}‖u(0) − y‖² ∀t ≥ 0",
    kind=Kind.WHP,
    params=_flow_params(200),
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
    params=_flow_params(200),
    trial=_thm3_3_trial,
    strategy=_flow_strategy,
    delta_param="delta",
    mutants=(_RATE3,),
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
        *_flow_params(200),
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

CLAIMS = (THM3_1, LEMMA3_1, THM4_1, COR4_1, THM3_2, THM3_3, LEMMA3_3, LEMMA3_4)
