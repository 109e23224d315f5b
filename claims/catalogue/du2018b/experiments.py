"""Report experiments of the du2018b family (data only; rendered by claims/report/sections/du2018b.py).

* :func:`lambda0_by_depth`: λ0 = λ_min(K^(H)) against the depth H per activation on fixed random inputs. The
  paper states no direction (Proposition F.1 only says λ0 > 0; Section 6 contrasts ResNets, whose λ0 "does not
  depend inversely exponentially on H"), so the experiment measures and asserts nothing.
* :func:`width_by_depth`: the empirical width m*(H) at which Theorem 5.1's rate holds w.p. ≥ 1 − δ
  (claims.engine.sweep), its fitted growth 2^{bH}, and beside it the theory's widths and steps with the
  constants the paper makes explicit (models.deep_smooth.proof_width, proof_step, theorem_width).
"""

from __future__ import annotations

import math

import numpy as np
import torch

from claims.catalogue.du2018b import trials
from claims.engine.sweep import geometric_widths, map_largest_first, sweep_record
from claims.spec import ByProfile, ExperimentContext, Instance
from models import data, deep_smooth, symeig
from models.checks import eig_tolerance

LAMBDA0_DEPTHS = ByProfile(quick=6, standard=8, full=10)
LAMBDA0_DRAWS = ByProfile(quick=5, standard=20, full=50)
LAMBDA0_SIZE = (8, 4)  # n, d: more points than d, as in the claim's instances, small enough for every H
WIDTH_DEPTHS = ByProfile(quick=(1, 2, 3), standard=(1, 2, 3, 4, 5, 6), full=(1, 2, 3, 4, 5, 6))
#: m* sat at 4–8 for H = 1..6 on the standard grid up to 32 (measured, 12 min under load): 16 suffices there
WIDTH_GRID = ByProfile(quick=(2, 16), standard=(2, 16), full=(2, 64))
#: the sweep's instance: the claim's defaults with a looser δ (fewer trials per width) and a step cap
WIDTH_PARAMS = {"delta": 0.1, "max_steps": 4000}


def lambda0_by_depth(ctx: ExperimentContext) -> dict:
    """λ0(H) for H = 1..H_max on ``draws`` fixed sets of n = 8 points on S³, per smooth activation: the median,
    the quartiles and the float64 resolution τ of lambda0_trial (a λ0 below τ is reported as unresolved).
    One unit of the report's executor."""
    return ctx.offload(_lambda0_by_depth)


def _lambda0_by_depth(ctx: ExperimentContext) -> dict:
    n, d = LAMBDA0_SIZE
    X = data.sphere(n, d, generator=ctx.generator("inputs"), batch=(LAMBDA0_DRAWS[ctx.profile],), dtype=torch.float64)
    depths = list(range(1, LAMBDA0_DEPTHS[ctx.profile] + 1))
    out = {"n": n, "d": d, "draws": int(X.shape[0]), "depths": depths, "activations": {}}
    for name in deep_smooth.SMOOTH:  # over activations and depths (a handful), not trials
        rows = []
        for depth in depths:
            K = deep_smooth.ntk_gram(X, depth, name)
            lam = symeig.eigvalsh(K)[..., 0]
            tau = eig_tolerance(K) + n * deep_smooth.ntk_gram_error(d, depth, name)
            q = torch.quantile(lam, torch.tensor([0.25, 0.5, 0.75], dtype=lam.dtype)).tolist()
            rows.append({"q25": q[0], "median": q[1], "q75": q[2], "tau_max": float(tau.max())})
        out["activations"][name] = rows
    return out


def _theory(instance: Instance, depth: int, activation: str, delta: float) -> dict:
    """The theory beside practice at one depth, on the sweep's own instance data: λ0, the proof's width and step
    with their unspecified small constants set to 1, and the theorem's width with its hidden constants 1.
    ‖y − u(0)‖₂ is taken at its expectation √(‖y‖² + n) (u_i(0) ~ N(0, ‖x^(H)‖²), ‖x^(H)‖ ≈ 1)."""
    X, y, lam0, _ = trials.instance_data(instance, torch.device("cpu"), torch.float64)
    n = X.shape[0]
    residual = math.sqrt(float((y**2).sum()) + n)
    return {
        "lambda0": lam0,
        "proof_width": deep_smooth.proof_width(n, depth, activation, lam0, residual),
        "theorem_width": deep_smooth.theorem_width(n, depth, lam0, delta),
        "proof_step": deep_smooth.proof_step(n, depth, activation, lam0),
        "cx": deep_smooth.proof_cx(activation),
    }


def width_by_depth(ctx: ExperimentContext) -> dict:
    """m*(H) of du2018b.thm5.1 (its defaults, δ = 0.1, at most 4000 steps a run) on a geometric grid of widths,
    one sweep per depth at an equal share of the experiment's α (one unit per depth and width, as
    claims.engine.sweep.empirical_width runs them); the least-squares fit log₂ m* = a + bH over the depths where
    m* was reached; the theory's widths at each depth (:func:`_theory`)."""
    claim = ctx.claims["du2018b.thm5.1"]
    depths = WIDTH_DEPTHS[ctx.profile]
    widths = geometric_widths(*WIDTH_GRID[ctx.profile])
    share = ctx.alpha / len(depths) / len(widths)
    where = {"seed": ctx.seed, "device": str(ctx.device), "dtype": str(ctx.dtype).removeprefix("torch.")}
    items = [
        {"claim": claim, "params": {**WIDTH_PARAMS, "depth": h}, "m": m, "alpha": share, **where}
        for h in depths
        for m in widths
    ]
    points = map_largest_first(ctx.map, items)
    rows = []
    for i, depth in enumerate(depths):  # over depths (at most six)
        params = {**WIDTH_PARAMS, "depth": depth}
        sweep = sweep_record(params, points[i * len(widths) : (i + 1) * len(widths)])
        values = claim.resolve(params)
        theory = _theory(Instance(values, ctx.seed), depth, values["activation"], values["delta"])
        rows.append({"depth": depth, "sweep": sweep, "m_star": sweep["m_star"], **theory})
    reached = [(r["depth"], r["m_star"]) for r in rows if r["m_star"] is not None]
    fit = None
    if len(reached) >= 2:
        h, m = np.array(reached, dtype=float).T
        slope, intercept = np.polyfit(h, np.log2(m), 1)
        fit = {"b": float(slope), "a": float(intercept), "points": len(reached)}
    cx = rows[0]["cx"]
    return {
        "params": {k: v for k, v in claim.resolve(WIDTH_PARAMS).items() if k not in ("depth", "m")},
        "widths": list(widths),
        "rows": rows,
        "fit": fit,
        "proof_growth_bits_per_layer": 4 * math.log2(cx),
    }


EXPERIMENTS = {"lambda0_by_depth": lambda0_by_depth, "width_by_depth": width_by_depth}
