"""How good the flow's error estimate is: the report experiment ``flow_accuracy`` of du2018a.

Theorems 3.2, 3.3 and Lemmas 3.3, 3.4 integrate the gradient flow by RK4 with step halving
(models.dynamics.flow) and allow, in every comparison, the error estimate of models.numerics.flow_error:
max(2·|r_h − r_{h/2}|, 2·|r_{2h} − r_h|, tol·scale) per trial and recorded time, r = ‖u − y‖². It is an
estimate, not a bound: where activation patterns change the field is discontinuous and RK4 first order, with an
erratic error. This experiment measures how often, and by how much, the estimate falls short, and whether a
shortfall ever changes a trial's decision.

Each trial is one of Theorem 3.2's own: its instance (defaults, at the sizes below), its X, y, W(0), a(0) drawn
as the claim draws them (claims.catalogue.du2018a.params.train_setup) and the flow run as the claim runs it
(trials_flow.flow_from). The reference is the same RK4 at 16 and 32 times the accepted run's number of steps;
its own error is estimated as 2·|r_32 − r_16| and taken off: the accepted run's error is taken to be at least
|r − r_32| − 2·|r_32 − r_16| (the *shortfall* below is that, where it exceeds the estimate). That lower end is
itself an estimate, not a guarantee: against runs 256 times finer, |r₃₂ − r₂₅₆| was measured at 10–80 times
2·|r_32 − r_16| at some trials and times. An underestimated reference error makes a shortfall look larger than
the exact reference would, never smaller: it can add misses to the count, not hide any (those the exact
reference would hide, where |r − r_32| − |r_32 − r_true| stays below the true error, it hides too). Sizes: narrow
widths, where patterns change most, and one near Theorem 3.2's transition at the default rate, where trials
are decided both ways.
"""

from __future__ import annotations

import time

import torch

from claims.catalogue.du2018a import conclusions
from claims.catalogue.du2018a.params import train_setup
from claims.catalogue.du2018a.trials_flow import flow_from
from claims.engine.accuracy import concatenated, decisions, totals
from claims.spec import ByProfile, Instance, item_generator, item_where
from models import dynamics
from models.numerics import residual_tolerance

CLAIM = "du2018a.thm3.2"
#: (n, d, m) of the study
SIZES = ByProfile(
    quick=((20, 10, 8),),  # one instance: the machinery, not a measurement
    standard=((20, 10, 8), (20, 40, 8), (40, 10, 16), (40, 10, 24)),
    full=((20, 10, 8), (20, 40, 8), (40, 10, 16), (40, 10, 24), (80, 10, 32)),
)
#: instances (each its own X, y) per size, and initialisations per instance
INSTANCES = ByProfile(quick=1, standard=8, full=16)
BATCH = 6
#: the reference runs' steps, in multiples of the accepted run's
FINER = (16, 32)


def flow_accuracy_unit(item: dict) -> dict:
    """One instance of Theorem 3.2 at item['params'] with item['batch'] initialisations: the claim's flow, the
    reference runs, and per trial the estimate's shortfall, the estimate before 2026-12 (twice one halving's
    change), and the claim's decision against the reference's."""
    w = item_where(item)
    p = item["params"]
    start = time.perf_counter()
    instance = Instance(p, item["seed"])
    X, y, W0, a0, lam0 = train_setup(instance, item_generator(item), w["device"], w["dtype"], item["batch"])
    traj, lam0, (holds, violated, _), _ = flow_from(p, X, y, W0, a0, lam0)
    T, grid = p["horizon"] / lam0, p["grid"]
    s = round(T / grid / traj.refinement[-1][0])  # the accepted run's steps per recorded interval

    def run(substeps: int) -> torch.Tensor:
        return dynamics.rk4_flow(X, y, W0, a0, T=T, grid=grid, substeps=substeps).residual_sq

    fine, finest = run(FINER[0] * s), run(FINER[1] * s)
    ref_err = 2 * (finest - fine).abs()
    later = slice(1, None)
    error = ((traj.residual_sq - finest).abs() - ref_err)[..., later]  # a lower estimate of the run's error
    estimate = traj.error[..., later]
    one_change = 2 * (traj.residual_sq - run(s // 2)).abs()[..., later]
    exponent = p["rate_factor"] * lam0
    scale = (torch.exp(-exponent * traj.times) * traj.residual_sq[..., :1])[..., later]
    rel, ab = residual_tolerance(p["n"], W0.shape[-2], W0.dtype)
    ref_holds, ref_violated, _ = conclusions.decay(finest, traj.times, exponent, err=ref_err, rel=rel, ab=ab)
    return {
        "lambda0": lam0,
        "steps": s * grid,
        "reference_steps": FINER[1] * s * grid,
        "wall_s": time.perf_counter() - start,
        "short": (error > estimate).any(-1).tolist(),
        "short_ratio": (error / estimate).amax(-1).tolist(),
        "short_before": (error > one_change).any(-1).tolist(),
        "short_ratio_before": (error / one_change).amax(-1).tolist(),
        "error_over_scale": (error / scale).amax(-1).tolist(),
        "passed": holds.tolist(),
        "failed": violated.tolist(),
        "contradicted": ((holds & ref_violated) | (violated & ref_holds)).tolist(),
    }


def _summary(size: tuple[int, int, int], units: list[dict]) -> dict:
    trials = len(concatenated(units, "short"))
    return {
        "n": size[0],
        "d": size[1],
        "m": size[2],
        "instances": len(units),
        "trials": trials,
        "lambda0": [min(u["lambda0"] for u in units), max(u["lambda0"] for u in units)],
        "steps": [min(u["steps"] for u in units), max(u["steps"] for u in units)],
        "worst_ratio": max(concatenated(units, "short_ratio")),
        "short_before": sum(concatenated(units, "short_before")),
        "worst_ratio_before": max(concatenated(units, "short_ratio_before")),
        "worst_error_over_scale": max(concatenated(units, "error_over_scale")),
        **decisions(units, trials, sum(concatenated(units, "short"))),
    }


def flow_accuracy(ctx) -> dict:
    """Per size of :data:`SIZES`: :data:`INSTANCES` units of :func:`flow_accuracy_unit`, summed."""
    claim = ctx.claims[CLAIM]
    rows = []
    for size in SIZES[ctx.profile]:
        n, d, m = size
        params = claim.resolve({"n": n, "d": d, "m": m})
        items = [
            ctx.item(f"flow_accuracy/n={n}/d={d}/m={m}/{k}", params=params, batch=BATCH)
            for k in range(INSTANCES[ctx.profile])
        ]
        rows.append(_summary(size, ctx.map(flow_accuracy_unit, items)))
    defaults = claim.defaults()
    keep = ("horizon", "grid", "flow_tol", "max_refinements", "rate_factor", "geometry")
    return {
        "claim": CLAIM,
        "settings": {k: defaults[k] for k in keep if k in defaults},
        "finer": list(FINER),
        "batch": BATCH,
        "rows": rows,
        "total": totals(rows, "short_before"),
        "dtype": str(ctx.dtype).removeprefix("torch."),
        "device": str(ctx.device),
    }
