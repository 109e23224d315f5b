"""The report experiments of du2018a (data only; rendered by claims.report.sections.du2018a).

* ``widths``: the theory's widths against practice (claims.catalogue.du2018a.widths): the empirical width
  m*(n) of Lemma 3.1, Theorem 4.1 (GD, practical step) and Theorem 3.2 (flow) with d = 2n and with fixed d,
  located by bisection, the theories' widths beside them, and the fitted growth of m* with its interval.
* ``fig1``: the experiment of Section 6 (Figure 1): one GD run per width, its loss, changed patterns and
  distance from the initialisation against the step.
* ``digits``: real data: λ0 of scikit-learn's digits (models.datasets), the whole set and subsets of n rows
  against sphere data of the same d = 64, Lemma 3.1's literal width there, and the label complexities
  yᵀ(H∞)⁻¹y/n of the digits' own labels against random ±1 labels (Arora et al. 2019, §4).
* ``flow_accuracy``: the flow's error estimate (models.numerics.flow_error) against much finer runs, on
  Theorem 3.2's own trials (claims.catalogue.du2018a.flow_accuracy).

Independent units (one grid point of a sweep, one run of the figure) go through ``ctx.map`` with module-level
unit functions whose items carry their own seed, derived from the unit's key (claims.spec.derive_seed), never
from the order of execution.
"""

from __future__ import annotations

import time

import torch

from claims.catalogue.du2018a.flow_accuracy import flow_accuracy
from claims.catalogue.du2018a.trials_fig1 import FIG1_MULTIPLES
from claims.catalogue.du2018a.widths import widths
from claims.spec import ByProfile, derive_seed, item_generator, item_where
from claims.stats import fit_power_law_exponent
from models import data, datasets, dynamics, two_layer
from models import two_layer_bounds as bounds
from models.numerics import eig_tolerance, lambda_min_and_tolerance

#: Figure 1: (n, d, m0) — the paper's size from the standard profile on
FIG1_SIZE = ByProfile(quick=(200, 200, 250), standard=(1000, 1000, 500), full=(1000, 1000, 500))
FIG1_STEPS, FIG1_EVERY = 100, 5  # the paper's 100 steps; patterns and distances recorded every 5


def fig1_unit(item: dict) -> dict:
    """One GD run of Figure 1 at width item['m']: X, y from the experiment's data seed (the same for every
    width), the initialisation from the unit's own seed; in prediction space where that is cheaper (n < 2d:
    models.coefficient_gd). Curves as lists; the run's wall time."""
    w = item_where(item)
    device = w["device"]
    g = torch.Generator(device=device).manual_seed(item["data_seed"])
    X = data.sphere(item["n"], item["d"], generator=g, **w)
    y = data.gaussian_labels(item["n"], generator=g, **w)
    init = item_generator(item)
    start = time.perf_counter()
    lam_max, eta, (run,) = dynamics.gd_over_widths(
        X, y, [item["m"]], generator=init, steps=item["steps"], eta_scale=1.0, every=item["every"], kernel="auto"
    )
    if device.type == "cuda":
        torch.cuda.synchronize()
    return {
        "m": item["m"],
        "lambda_max": lam_max,
        "eta": eta,
        "wall_s": time.perf_counter() - start,
        "loss": (run.residual_sq[0] / 2).tolist(),
        "pattern_change": run.pattern_change[0].tolist(),
        "distance": run.distance[0].tolist(),
    }


def fig1(ctx) -> dict:
    """The three panels of Figure 1 from one run per width m0·2^j, with the distance's growth exponent in m."""
    n, d, m0 = FIG1_SIZE[ctx.profile]
    widths_ = [m0 * k for k in FIG1_MULTIPLES]
    common = {"n": n, "d": d, "steps": FIG1_STEPS, "every": FIG1_EVERY, "data_seed": derive_seed(ctx.seed, "fig1/data")}
    runs = ctx.map(fig1_unit, [ctx.item(f"fig1/m={m}", m=m, **common) for m in widths_])
    final = [[r["m"], r["loss"][-1], r["pattern_change"][-1], r["distance"][-1]] for r in runs]
    fit = fit_power_law_exponent([f[0] for f in final], [f[3] for f in final], 0.95)
    return {
        "n": n,
        "d": d,
        "widths": widths_,
        "steps": FIG1_STEPS,
        "every": FIG1_EVERY,
        "lambda_max": runs[0]["lambda_max"],
        "eta": runs[0]["eta"],
        "wall_time_s": sum(r["wall_s"] for r in runs),
        "runs": runs,
        "final": final,
        "distance_exponent": [fit.slope, fit.lo, fit.hi],
        "device": str(ctx.device),
        "dtype": str(ctx.dtype).removeprefix("torch."),
    }


#: the digits' subsets: sizes n and draws per size (n rows each, without replacement)
DIGITS_NS = ByProfile(quick=(10, 20, 40, 80), standard=(10, 20, 40, 80, 160, 320), full=(10, 20, 40, 80, 160, 320, 640))
DIGITS_DRAWS = ByProfile(quick=8, standard=32, full=64)


def digits(ctx) -> dict:
    """λ0 on real data: scikit-learn's digits (1,797 unit rows, d = 64). One unit of the report's executor."""
    return ctx.offload(_digits)


def _quartiles(v: torch.Tensor) -> list[float]:
    return torch.quantile(v.to(torch.float64), torch.tensor([0.25, 0.5, 0.75], dtype=torch.float64)).tolist()


def _digits(ctx) -> dict:
    """The whole set's λ0 and closest pair; per n, over ``draws`` subsets drawn by the seed: the quartiles of
    λ0 (digits, and sphere points of the same d for comparison), the largest rounding tolerance 8·n·eps·‖H∞‖_F,
    Lemma 3.1's literal m₁ at the median λ0, and the quartiles of c_random/c_true, c = yᵀ(H∞)⁻¹y/n for the
    digits' ±1 parity labels and for uniform random ±1 labels on the same rows (Arora et al. 2019, §4: the
    larger c, the slower GD fits y). A loop over the few sizes, each batched over its draws."""
    pool = datasets.digits()
    w = {"dtype": ctx.dtype, "device": ctx.device}
    i, j, c = datasets.closest_pair(pool.X)
    lam_all, tol_all = lambda_min_and_tolerance(two_layer.h_infinity(pool.X.to(**w)))
    delta = ctx.claims["du2018a.lemma3.1"].defaults()["delta"]
    draws, rows = DIGITS_DRAWS[ctx.profile], []
    for n in DIGITS_NS[ctx.profile]:
        X, y = data.draw_labelled("digits", n, pool.dim, generator=ctx.generator(f"digits/n={n}"), batch=(draws,), **w)
        S = data.sphere(n, pool.dim, generator=ctx.generator(f"sphere/n={n}"), batch=(draws,), **w)
        H, H_sphere = two_layer.h_infinity(X), two_layer.h_infinity(S)
        lam = two_layer.lambda_min(H)
        rand = torch.randint(0, 2, y.shape, generator=ctx.generator(f"labels/n={n}"), device=ctx.device) * 2 - 1
        ratio = two_layer.label_complexity(H, rand.to(ctx.dtype)) / two_layer.label_complexity(H, y)
        q = _quartiles(lam)
        rows.append(
            {
                "n": n,
                "lambda0": q,
                "lambda0_sphere": _quartiles(two_layer.lambda_min(H_sphere)),
                "tolerance": float(eig_tolerance(H).max()),
                "m1": bounds.literal_width_lemma3_1(n, q[1], delta),
                "complexity_ratio": _quartiles(ratio),
            }
        )
    return {
        "source": pool.source,
        "rows_total": pool.rows,
        "d": pool.dim,
        "closest_pair": [i, j],
        "min_angle": float(torch.arccos(torch.tensor(min(c, 1.0), dtype=torch.float64))),
        "lambda0_all": lam_all,
        "tolerance_all": tol_all,
        "m1_all": bounds.literal_width_lemma3_1(pool.rows, lam_all, delta),
        "delta": delta,
        "draws": draws,
        "rows": rows,
        "dtype": str(ctx.dtype).removeprefix("torch."),
    }


EXPERIMENTS = {"widths": widths, "fig1": fig1, "digits": digits, "flow_accuracy": flow_accuracy}
