"""Report experiments of the landscape family: data only (JSON-serialisable), rendered by
claims/report/sections/landscape.py. Independent units (one dimension, one k, one chunk of runs, one
algorithm) go through ``ctx.map`` with module-level functions; each item carries its own seed, derived from
the report's seed and the unit's key."""

from __future__ import annotations

import math

import torch

from claims.catalogue.landscape import arora2019, du2017, jin2017, safran2018
from claims.spec import ByProfile, ExperimentContext, item_generator, item_where
from claims.stats import failure_rate_interval_by_clopper_pearson, fit_power_law_exponent
from models import landscapes as ls
from models import teacher_student as ts
from models import two_layer

ESCAPE_DIMS = ByProfile(quick=(2, 10, 50), standard=(2, 10, 50, 200), full=(2, 10, 50, 200, 500))
SPURIOUS = ByProfile(
    quick=((6, 8), 64, 2000), standard=(tuple(range(6, 13)), 256, 4000), full=(tuple(range(6, 13)), 512, 6000)
)
PGD_D_MAX = ByProfile(quick=1024, standard=16384, full=65536)
PGD_UNITS, PGD_RUNS = 4, 40
ARORA = ByProfile(quick=(12, 3, 2000, 100), standard=(16, 4, 4000, 200), full=(24, 4, 8000, 300))
OCTOPUS_D_MAX = ByProfile(quick=12, standard=24, full=32)
OCTOPUS_RUNS = 96


# ---------------------------------------------------------------------------------------------------------
# strict saddle escape (the lecture notes on the non-convex landscape)


def escape_unit(item: dict) -> dict:
    """|vᵀx_t|, t = 0..60, of GD (η = 0.5) on ½xᵀAx, λ evenly spaced in [−0.5, 1], |vᵀx_0| ≈ 1e-6, in dimension d."""
    d, w = item["d"], item_where(item)
    kw = {"generator": item_generator(item), **w}
    Q = ls.random_orthogonal(1, d, **kw)
    lam = torch.linspace(-0.5, 1.0, d, **w)[None]
    A = (Q * lam[:, None, :]) @ Q.mT
    xs = ls.quadratic_gd(A, 1e-6 * torch.randn(1, d, **kw), 0.5, 60)
    proj = (xs * Q[:, :, 0]).sum(-1).abs()[:, 0].cpu()
    above = proj >= 1e-2
    return {
        "d": d,
        "projection": proj.tolist(),
        "escape_step": int(above.float().argmax()) if bool(above.any()) else None,
    }


def strict_saddle_escape(ctx: ExperimentContext) -> dict:
    runs = ctx.map(escape_unit, (ctx.item(f"escape{d}", d=d) for d in ESCAPE_DIMS[ctx.profile]))
    return {"eta": 0.5, "lambda_min": -0.5, "growth": 1.25, "threshold": 1e-2, "runs": runs}


# ---------------------------------------------------------------------------------------------------------
# spurious minima of teacher–student ReLU nets (Safran & Shamir 2018)


def spurious_unit(item: dict) -> dict:
    """GD from ``starts`` random students at one k; every end point with F > loss_gap verified in chunks of 64
    by safran2018.verify. Returns the count of verified spurious minima and up to 3 witnesses per chunk."""
    p, w = item["params"], item_where(item)
    k, eta = p["k"], p["eta_k"] / p["k"]
    W, V = ts.spurious_search(k, starts=item["starts"], steps=p["steps"], eta=eta, generator=item_generator(item), **w)
    idx = (p["loss_gap"] < ts.population_loss(W, V)).nonzero()[:, 0]
    verified, witnesses = 0, []
    for chunk in idx.split(64) if idx.numel() else ():
        e, ok, _ = safran2018.verify(p, W[chunk], V, eta)
        verified += int(ok.sum())
        witnesses += [[k, float(a), float(b)] for a, b in zip(e.loss[ok], e.eig_min[ok], strict=True)][:3]
    return {"k": k, "verified": verified, "starts": item["starts"], "witnesses": witnesses}


def spurious_share(ctx: ExperimentContext) -> dict:
    claim = ctx.claims["landscape.spurious_minima_relu"]
    ks, starts, steps = SPURIOUS[ctx.profile]
    items = (ctx.item(f"spurious{k}", params=claim.resolve({"k": k, "steps": steps}), starts=starts) for k in ks)
    rows = ctx.map(spurious_unit, items)
    for row in rows:
        row["interval"] = list(failure_rate_interval_by_clopper_pearson(row["verified"], row["starts"], 1 - ctx.alpha))
    p = claim.resolve({})
    return {
        "rows": rows,
        "steps": steps,
        "starts": starts,
        "level": 1 - ctx.alpha,
        **{k: p[k] for k in ("eta_k", "grad_tol", "loss_gap")},
    }


# ---------------------------------------------------------------------------------------------------------
# perturbed GD escape against d (Jin et al. 2017)


def pgd_unit(item: dict) -> dict:
    """One chunk of runs of landscape.perturbed_gd_escape's trial: dimensions and iteration counts."""
    p, w, g = item["params"], item_where(item), item_generator(item)
    dims = jin2017.draw_dims(p["d_min"], p["d_max"], item["runs"], g, w["device"])
    T = jin2017.escape_iterations(p, dims, g, w["dtype"])
    return {"d": dims.cpu().tolist(), "iterations": T.cpu().tolist()}


def _fit(x, y, level) -> dict:
    f = fit_power_law_exponent(x, y, level)
    return {"slope": f.slope, "lo": f.lo, "hi": f.hi, "intercept": f.intercept}


def pgd_escape(ctx: ExperimentContext) -> dict:
    claim = ctx.claims["landscape.perturbed_gd_escape"]
    p = claim.resolve({"d_max": PGD_D_MAX[ctx.profile]})
    units = ctx.map(pgd_unit, (ctx.item(f"pgd{u}", params=p, runs=PGD_RUNS) for u in range(PGD_UNITS)))
    d = [x for u in units for x in u["d"]]
    T = [float(x) for u in units for x in u["iterations"]]
    keep = [i for i, t in enumerate(T) if t < p["max_steps"]]  # a run cut at max_steps has no escape time
    censored = len(T) - len(keep)
    d, T = [d[i] for i in keep], [T[i] for i in keep]
    b, level = p["polylog_power"], 1 - ctx.alpha
    return {
        "d": d,
        "iterations": T,
        "censored": censored,
        "max_steps": p["max_steps"],
        "d_min": p["d_min"],
        "d_max": p["d_max"],
        "polylog_power": b,
        "relation": claim.exponent_relation.value,
        "excess_power": p[claim.exponent_param],
        "fit_excess": _fit(d, [t / math.log(x) ** b for x, t in zip(d, T, strict=True)], level),
        "fit_polynomial": _fit(d, T, level),
        "fit_polylog": _fit([math.log(x) for x in d], T, level),
    }


# ---------------------------------------------------------------------------------------------------------
# Arora et al. 2019: residual trajectories


def arora_unit(item: dict) -> dict:
    """One data set and initialisation, random and linear labels: GD's ‖y − u(k)‖ and the linear prediction."""
    n, d, m, K = item["n"], item["d"], item["m"], item["steps"]
    kw = {"generator": item_generator(item), "batch": 1, **item_where(item)}
    H, lam, eta, runs = arora2019.arora_run(n, d, m, K, 1.0, ("random", "linear"), **kw)
    out = {"lambda0": float(lam[0, 0]), "curves": {}, "rows": []}
    for kind, (y, actual, _) in runs.items():
        pred = two_layer.linear_prediction(H, y, eta, K)
        out["curves"][kind] = {"gd": actual[0].cpu().tolist(), "prediction": pred[0].cpu().tolist()}
        dev = float((actual - pred).abs().amax()) / float(y.norm())
        comp = float(two_layer.label_complexity(H, y)[0]) / n
        out["rows"].append([kind, comp, float(eta[0] * actual.square().sum()) / n, dev])
    return out


def arora_trajectories(ctx: ExperimentContext) -> dict:
    n, d, m, K = ARORA[ctx.profile]
    (run,) = ctx.map(arora_unit, [ctx.item("arora_report", n=n, d=d, m=m, steps=K)])
    return {"n": n, "d": d, "m": m, "steps": K, **run}


# ---------------------------------------------------------------------------------------------------------
# exponential escape on the octopus (Du et al. 2017)


def octopus_unit(item: dict) -> dict:
    """``runs`` starts of landscape.exponential_escape's trial for one algorithm (the same seed for both: the
    same starts); the dimension and step count of every run that stayed in D₀ and reached the minimum."""
    w = item_where(item)
    dims, T, inside, reached = du2017.octopus_escape(
        item["params"], item_generator(item), w["device"], w["dtype"], item["runs"]
    )
    keep = inside & reached
    return {"d": dims[keep].cpu().tolist(), "steps": T[keep].cpu().double().clamp_min(1).tolist()}


def exponential_escape(ctx: ExperimentContext) -> dict:
    claim = ctx.claims["landscape.exponential_escape"]
    d_max = OCTOPUS_D_MAX[ctx.profile]
    params = {a: claim.resolve({"d_max": d_max, "algorithm": a}) for a in ("gd", "pgd")}
    # one key for both algorithms: the same seed, so the same starts
    items = [ctx.item("octopus_report", params=params[a], runs=OCTOPUS_RUNS) for a in params]
    units = dict(zip(params, ctx.map(octopus_unit, items), strict=True))
    p = params["gd"]
    base, kappa = du2017.chain_factors(p["L"], p["gamma"], p["eta_L"] / p["L"])
    out = {"d_max": d_max, "runs": OCTOPUS_RUNS, "log_base": math.log(base), "log_kappa": math.log(kappa)}
    out.update({k: p[k] for k in ("L", "gamma", "tau", "eta_L", "radius", "g_thres", "t_thres")})
    out.update(relation=claim.exponent_relation.value, theory_exponent=p[claim.exponent_param], algorithms={})
    for a, u in units.items():
        fit = _fit([math.exp(x) for x in u["d"]], u["steps"], 1 - ctx.alpha)  # log T = a + c·d
        out["algorithms"][a] = {**u, "fit": fit}  # the section takes the medians by d from the runs
    return out


EXPERIMENTS = {
    "strict_saddle_escape": strict_saddle_escape,
    "spurious_share": spurious_share,
    "pgd_escape": pgd_escape,
    "arora_trajectories": arora_trajectories,
    "exponential_escape": exponential_escape,
}
