"""The report experiments of du2018a (data only; rendered by claims.report.sections.du2018a).

* ``widths``: the theory's widths against practice. For each n (sphere data, d = 2n) the empirical width
  m*(n) of Lemma 3.1, Theorem 4.1 (GD, practical step) and Theorem 3.2 (flow), the widths the theorems ask
  for with explicit constants, and the growth exponents of m*(n) in n.
* ``fig1``: the experiment of Section 6 (Figure 1): one GD run per width, its loss, changed patterns and
  distance from the initialisation against the step.
* ``digits``: real data: λ0 of scikit-learn's digits (models.datasets), the whole set and subsets of n rows
  against sphere data of the same d = 64, Lemma 3.1's literal width there, and the label complexities
  yᵀ(H∞)⁻¹y/n of the digits' own labels against random ±1 labels (Arora et al. 2019, §4).

Independent units (one grid point of a sweep, one run of the figure) go through ``ctx.map`` with module-level
unit functions whose items carry their own seed, derived from the unit's key (claims.spec.derive_seed), never
from the order of execution.
"""

from __future__ import annotations

import time

import numpy as np
import torch

from claims.catalogue.du2018a.params import draw_x
from claims.catalogue.du2018a.trials_fig1 import FIG1_MULTIPLES
from claims.engine.sweep import geometric_widths, map_largest_first, sweep_record
from claims.spec import ByProfile, Instance, derive_seed, item_generator, item_where
from claims.stats import fit_power_law_exponent
from models import data, datasets, dynamics, two_layer
from models import two_layer_bounds as bounds
from models.numerics import eig_tolerance, lambda_min_and_tolerance

#: Lemma 3.1's sweep: n values, largest width (grid ratio √2)
LEMMA3_1_SWEEP = ByProfile(
    quick=((5, 10, 20), 2**11), standard=((5, 10, 20, 50), 2**14), full=((5, 10, 20, 50, 100), 2**17)
)
#: Theorem 4.1's sweep (GD at η = 1/λ_max(H(0))): n values, largest width (grid ratio √2)
GD_SWEEP = ByProfile(quick=((5, 10), 128), standard=((5, 10, 20, 50), 512), full=((5, 10, 20, 50, 100), 4096))
#: Theorem 3.2's sweep (the refined RK4 flow, the costliest): n values, largest width (grid ratio 2)
FLOW_SWEEP = ByProfile(quick=((5, 10), 32), standard=((5, 10, 20, 50), 128), full=((5, 10, 20, 50), 512))
#: Figure 1: (n, d, m0) — the paper's size from the standard profile on
FIG1_SIZE = ByProfile(quick=(200, 200, 250), standard=(1000, 1000, 500), full=(1000, 1000, 500))
FIG1_STEPS, FIG1_EVERY = 100, 5  # the paper's 100 steps; patterns and distances recorded every 5


def _lambda0(claim, params: dict, seed: int, device, dtype) -> float:
    """λ0 of the X that ``claim`` draws at ``params`` and ``seed`` (its instance's data stream)."""
    p = claim.resolve(params)
    X = draw_x(p, generator=Instance(p, seed).generator("data", device), batch=(), dtype=dtype, device=device)
    return float(two_layer.lambda_min(two_layer.h_infinity(X)))


def _sweep_items(ctx, claim, ns, widths, extra: dict, alpha: float) -> list[dict]:
    """One unit per (n, grid width); the sweep's α is split equally over its widths."""
    items = []
    for n in ns:
        grid = widths(n)
        for m in grid:
            items.append(
                {
                    "claim": claim,
                    "params": {"n": n, "d": 2 * n, **extra},
                    "m": int(m),
                    "seed": derive_seed(ctx.seed, f"widths/n={n}"),  # one X per n, shared by the three sweeps
                    "device": str(ctx.device),
                    "dtype": str(ctx.dtype).removeprefix("torch."),
                    "alpha": alpha / len(grid),
                }
            )
    return items


def _exponent(pairs) -> dict | None:
    """The fitted exponent b of m*(n) ∝ n^b over the (n, m*) pairs with m* found (None: fewer than 3)."""
    found = [(n, m) for n, m in pairs if m]
    if len(found) < 3:
        return None
    fit = fit_power_law_exponent([n for n, _ in found], [m for _, m in found], 0.95)
    lo, hi = (fit.lo, fit.hi) if np.isfinite(fit.lo) else (fit.slope, fit.slope)  # equal m*: no stderr
    return {"b": fit.slope, "ci": [lo, hi]}


def widths(ctx) -> dict:
    """Failure rates against m and the empirical m*(n) of Lemma 3.1, Theorem 4.1 and Theorem 3.2, with the
    widths the theory asks for (explicit constants, E‖y − u(0)‖² = n(C²/3 + ½))."""
    lemma, gd, flow = (ctx.claims[i] for i in ("du2018a.lemma3.1", "du2018a.thm4.1", "du2018a.thm3.2"))
    (ns, top), (gd_ns, gd_top), (flow_ns, flow_top) = (s[ctx.profile] for s in (LEMMA3_1_SWEEP, GD_SWEEP, FLOW_SWEEP))
    share = ctx.alpha / (len(ns) + len(gd_ns) + len(flow_ns))
    items = (
        _sweep_items(ctx, lemma, ns, lambda n: geometric_widths(n, top, 2**0.5), {}, share)
        + _sweep_items(ctx, gd, gd_ns, lambda n: geometric_widths(2, gd_top, 2**0.5), {"eta_scale": 1.0}, share)
        + _sweep_items(ctx, flow, flow_ns, lambda n: geometric_widths(2, flow_top, 2.0), {}, share)
    )
    points: dict[tuple[str, int], list[dict]] = {}
    for item, point in zip(items, map_largest_first(ctx.map, items), strict=True):
        points.setdefault((item["claim"].id, item["params"]["n"]), []).append(point)
    by = {key: sweep_record({"n": key[1], "d": 2 * key[1]}, pts) for key, pts in points.items()}
    delta, delta_flow, C = lemma.defaults()["delta"], flow.defaults()["delta"], gd.defaults()["C"]
    rows = []
    for n in sorted(set(ns) | set(gd_ns) | set(flow_ns)):
        seed = derive_seed(ctx.seed, f"widths/n={n}")
        lam0 = _lambda0(lemma, {"n": n, "d": 2 * n}, seed, ctx.device, ctx.dtype)
        res_sq = bounds.expected_initial_residual_sq(n, C)
        rows.append(
            {
                "n": n,
                "d": 2 * n,
                "lambda0": lam0,
                "m1": bounds.literal_width_lemma3_1(n, lam0, delta),
                "flow_width": max(
                    bounds.literal_width_lemma3_1(n, lam0, delta_flow),
                    bounds.literal_width_lemma3_4(n, lam0, delta_flow, res_sq),
                ),
                "gd_width": max(
                    bounds.literal_width_lemma3_1(n, lam0, delta), bounds.literal_width_cor4_1(n, lam0, delta, res_sq)
                ),
                "lemma3_1": by.get(("du2018a.lemma3.1", n)),
                "thm4_1": by.get(("du2018a.thm4.1", n)),
                "thm3_2": by.get(("du2018a.thm3.2", n)),
            }
        )
    return {
        "delta": delta,
        "delta_flow": delta_flow,
        "tops": {"lemma3_1": top, "thm4_1": gd_top, "thm3_2": flow_top},
        "rows": rows,
        "exponents": {
            key: _exponent([(r["n"], r[key]["m_star"]) for r in rows if r[key]])
            for key in ("lemma3_1", "thm4_1", "thm3_2")
        },
    }


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


EXPERIMENTS = {"widths": widths, "fig1": fig1, "digits": digits}
