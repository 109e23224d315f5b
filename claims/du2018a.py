"""Family du2018a: two-layer ReLU net, first layer trained (Du, Zhai, Póczos, Singh 2018a, ICLR 2019).

arXiv:1810.02054, "Gradient Descent Provably Optimizes Over-parameterized Neural Networks"; seeds 000, 001
and 004. The mathematics lives in :mod:`models.two_layer`; this module states the claims and judges trials.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from hypothesis import strategies as st

from claims.core import Claim, Infeasible, Instance, Kind, Mutant, Outcome, Param, Source
from models import data, two_layer

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

CLAIMS = (THM3_1, LEMMA3_1)

# ---------------------------------------------------------------------------------------------------------
# Report: Lemma 3.1 in the practical regime


WIDTH_SWEEP = {  # n values, largest width of the grid
    "quick": ((5, 10, 20), 2**14),
    "standard": ((5, 10, 20, 50), 2**16),
    "full": ((5, 10, 20, 50, 100), 2**18),
}


def lemma3_1_width_section(ctx):
    """Failure rate of Lemma 3.1's conclusion against m, per n (d = 2n, sphere data), with the literal m₁(n)
    and the empirical m*(n) marked; the growth exponent of m*(n) in n beside the theory's 2."""
    import matplotlib.pyplot as plt

    from claims.report_api import ReportSection
    from claims.stats import fit_power_law_exponent
    from claims.width import empirical_width, geometric_widths

    ns, top = WIDTH_SWEEP[ctx.profile]
    delta = LEMMA3_1.defaults()["delta"]
    rows, data, fig_rows = [], {}, []
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
            alpha=ctx.alpha / len(ns),
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
    found = [(n, m) for n, m in fig_rows if m]
    fit_text = "too few m*(n) found to fit an exponent."
    if len(found) >= 3:
        fit = fit_power_law_exponent([n for n, _ in found], [m for _, m in found], 0.95)
        if not np.isfinite(fit.lo):  # an exact fit (equal m*): linregress gives no standard error
            fit = type(fit)(fit.slope, fit.intercept, fit.slope, fit.slope)
        fit_text = (
            f"fitted m*(n) ∝ n^b with b = {fit.slope:.2f} (95% interval [{fit.lo:.2f}, {fit.hi:.2f}]); "
            f"the literal bound grows like n² ln n / λ0²."
        )
        data["exponent"] = {"b": fit.slope, "ci": [fit.lo, fit.hi]}
    md = "\n".join(
        [
            f"Practical regime of Lemma 3.1 (δ = {delta}): for each n, sphere data with d = 2n, "
            f"{sweep.points[0].trials} draws of W(0) per width on a grid of ratio √2, α shared equally. "
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
    return ReportSection("du2018a: Lemma 3.1, theory's width against practice", md, data)


def _instance_generator(seed, device):
    from claims.core import Instance

    return Instance({}, seed).generator("data", device)


REPORT_SECTIONS = (lemma3_1_width_section,)
