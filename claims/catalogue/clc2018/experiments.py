"""Report experiments of the clc2018 family: data only (JSON-serialisable), rendered by
claims/report/sections/clc2018.py. Independent units (one step size, one set of widths) go through ``ctx.map``
with module-level functions; each item carries its own seed, derived from the report's seed and the unit's key."""

from __future__ import annotations

import itertools

import torch

from claims.catalogue.clc2018 import critical, flow
from claims.catalogue.clc2018.rate_accuracy import rate_accuracy
from claims.spec import ByProfile, ExperimentContext, Instance, item_generator, item_where
from claims.stats import fit_power_law_exponent
from models import deep_linear as dl

DRIFT_ETAS = ByProfile(
    quick=(0.003, 0.01, 0.03), standard=(0.001, 0.003, 0.01, 0.03), full=(3e-4, 1e-3, 3e-3, 0.01, 0.03)
)
DRIFT_TRIALS = 16
END_POINTS = ByProfile(quick=64, standard=256, full=1024)
CLAUSE_DIMS = ("3,3,2", "4,3,3,3", "4,3,3,3,3")
CLAUSE_TRIALS = 8


def _run(item: dict, trial, batch: int):
    """``trial`` at the item's resolved parameters, seed, device and dtype."""
    w = item_where(item)
    return trial(Instance(item["params"], item["seed"]), item_generator(item), w["device"], w["dtype"], batch)


def drift_unit(item: dict) -> dict:
    """max_j ‖C_j(T) − C_j(0)‖_F of clc2018.invariants' trial at one η, DRIFT_TRIALS draws."""
    out = _run(item, flow.invariants_trial, DRIFT_TRIALS)
    return {"eta": item["params"]["eta"], "drift": out.details["drift"].cpu().tolist()}


def invariant_drift(ctx: ExperimentContext) -> dict:
    """Drift against η at a fixed time T (log-log): the theory's slope is 1."""
    claim = ctx.claims["clc2018.invariants"]
    items = (ctx.item(f"drift{eta:g}", params=claim.resolve({"eta": eta})) for eta in DRIFT_ETAS[ctx.profile])
    runs = ctx.map(drift_unit, items)
    sizes = [r["eta"] for r in runs for _ in r["drift"]]
    values = [v for r in runs for v in r["drift"]]
    fit = fit_power_law_exponent(sizes, values, 1 - ctx.alpha)
    return {"runs": runs, "slope": fit.slope, "interval": [fit.lo, fit.hi], "time": claim.resolve({})["time"]}


def end_point_unit(item: dict) -> dict:
    """Losses of GD end points (X = I, Y = diag(2, 1.5, 1), dims 3,3,3,3, starts with scale 0.3, 2000 steps with a
    step refreshed every 100) and the predicted critical values ½Σ_{s∈I} s²."""
    device, dtype = torch.device(item["device"]), getattr(torch, item["dtype"])
    g = torch.Generator(device=device).manual_seed(item["seed"])
    s = torch.tensor(item["s"], dtype=dtype, device=device)
    X, Y = torch.eye(len(item["s"]), dtype=dtype, device=device), torch.diag(s)
    Ws = dl.init(item["dims"], batch=item["starts"], scale=0.3, generator=g, dtype=dtype, device=device)
    final = dl.loss(dl.gd_refreshed(Ws, X, Y, steps=2000), X, Y).cpu()
    k = len(item["s"])
    predicted = sorted(
        {
            0.5 * sum(item["s"][i] ** 2 for i in unfit)
            for j in range(k + 1)
            for unfit in itertools.combinations(range(k), j)
        }
    )
    dist = torch.stack([(final - v).abs() for v in predicted]).amin(0)
    return {"losses": final.tolist(), "predicted": predicted, "max_distance": float(dist.max())}


def clause_unit(item: dict) -> dict:
    """Counts of clc2018.critical_values' constructed saddles, split by the premise r_Z > r of Proposition (iii)."""
    out = _run(item, critical.critical_values_trial, CLAUSE_TRIALS)
    det = {k: v.cpu() for k, v in out.details.items()}
    return {
        "dims": item["params"]["dims"],
        "rz_gt_r": int(det["saddles_rz_gt_r"].sum()),
        "max_eig_min_rz_gt_r": float(det["max_eig_min_rz_gt_r"].max()),
        "rz_eq_r": int(det["saddles_rz_eq_r"].sum()),
        "rz_eq_r_psd": int(det["saddles_rz_eq_r_without_negative_eig"].sum()),
        "all_passed": bool(out.passed.all()),
    }


def critical_values(ctx: ExperimentContext) -> dict:
    claim = ctx.claims["clc2018.critical_values"]
    s, dims, starts = [2.0, 1.5, 1.0], (3, 3, 3, 3), END_POINTS[ctx.profile]
    ends = ctx.map(end_point_unit, [ctx.item("critical_values_report", s=s, dims=dims, starts=starts)])[0]
    items = (ctx.item(f"critical_values_clause{d}", params=claim.resolve({"dims": d})) for d in CLAUSE_DIMS)
    return {"s": s, "dims": list(dims), "starts": starts, **ends, "clause": ctx.map(clause_unit, items)}


EXPERIMENTS = {
    "invariant_drift": invariant_drift,
    "critical_values": critical_values,
    "rate_accuracy": rate_accuracy,
}
