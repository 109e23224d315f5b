"""Calibration that stresses α and β: whp checks at instances whose true failure rate sits next to δ.

The default tests see failure rates far below δ, where any test passes. Here, for each of S seeds (each its own
instance: the data are drawn from the seed):

1. pilot sweep: the claim's trial is run at each value of a *knob* parameter (e.g. a width m) and the value
   whose measured failure rate is nearest the target δ is kept (``sweep_trials`` trials per value);
2. pilot: ``pilot_trials`` more trials there give the instance's failure rate p̂ and its one-sided exact
   (Clopper–Pearson) bounds at level γ: p ≤ δ_hold and p ≥ δ_fail, each with probability ≥ 1 − γ; a seed
   whose p̂ lies outside [δ/2, 2δ] is left out (and counted), and seeds are drawn until S instances are kept;
3. the real check (:func:`claims.engine.runner.run`, its sequential design, its own trial stream) is run at
   δ = δ_hold, where the claim holds (p ≤ δ) and REFUTED is a *false fail*, and at δ = δ_fail, where it
   fails (p ≥ δ) and SUPPORTED is a *false pass*; both δ sit within a few pilot standard errors of p, inside
   the design's indifference zone, the hardest place for the test.

The guarantee is P(false fail) ≤ α and P(false pass) ≤ β for every instance, so the measured rates over S
seeds must not sit significantly above α and β: the report gives exact 95% intervals. Shifting δ to the
instance is valid only when δ enters the design alone, not the trial; :func:`calibrate` checks this on a
batch before it starts (the outcomes must not change with δ). A pilot bound that is wrong (probability γ per
seed) makes a REFUTED or SUPPORTED genuine and counts it against the test: the measured rates are
conservative.

Run: ``tox -e calibration`` (``python -m claims.tools.calibration ...``, :mod:`claims.tools.calibration`), written
to benchmarks/calibration.json. The engine names no theorem: the claim, knob and grid are arguments.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import numpy as np
import torch

from claims.engine.runner import run
from claims.engine.stamp import utc_minute
from claims.engine.stats import (
    failure_rate_interval_by_clopper_pearson,
    failure_rate_lower_bound_by_clopper_pearson,
    failure_rate_upper_bound_by_clopper_pearson,
)
from claims.spec import Claim, Instance, Kind, seeded_generator
from models.checks import InvalidInputError
from models.errors import check_open_unit, check_size

CPU, F64 = torch.device("cpu"), torch.float64
#: seeds tried at most per instance wanted (a seed whose swept failure rates all sit far from δ is left out)
MAX_TRIES = 2


def failures_of(claim: Claim, values: dict, seed: int, purpose: str, trials: int) -> int:
    """Verified failures in ``trials`` trials of the instance (values, seed), on their own stream."""
    table = claim.trial(Instance(values, seed), seeded_generator(seed, purpose, CPU), CPU, F64, trials).numpy()
    if not table["premise_held"].all() or table["undecided"].any():
        raise InvalidInputError(f"calibration needs trials that all decide with their premise held ({claim.id})")
    return int((~table["passed"].astype(bool)).sum())


def check_delta_enters_the_design_only(claim: Claim, values: dict, seed: int) -> None:
    a = {**values, claim.delta_param: 0.1}
    b = {**values, claim.delta_param: 0.3}
    ta = claim.trial(Instance(a, seed), seeded_generator(seed, "delta-check", CPU), CPU, F64, 32).numpy()
    tb = claim.trial(Instance(b, seed), seeded_generator(seed, "delta-check", CPU), CPU, F64, 32).numpy()
    if not np.array_equal(ta["passed"], tb["passed"]):
        raise InvalidInputError(f"{claim.id}: {claim.delta_param} changes the trials; δ cannot be shifted to p")


def pick_knob(claim, values, knob, grid, seed, target, trials) -> tuple[Any, list]:
    """The grid value whose failure rate (``trials`` trials) is nearest ``target``; and the sweep."""
    sweep = []
    for v in grid:
        rate = failures_of(claim, {**values, knob: v}, seed, f"calibration-sweep-{v}", trials) / trials
        sweep.append((v, rate))
    return min(sweep, key=lambda s: abs(s[1] - target))[0], sweep


def one_seed(claim, values, knob, grid, seed, cfg) -> dict:
    value, sweep = pick_knob(claim, values, knob, grid, seed, cfg["delta"], cfg["sweep_trials"])
    at = {**values, knob: value}
    k, n = failures_of(claim, at, seed, "calibration-pilot", cfg["pilot_trials"]), cfg["pilot_trials"]
    hold = float(failure_rate_upper_bound_by_clopper_pearson(k, n, cfg["gamma"]))
    fail = float(failure_rate_lower_bound_by_clopper_pearson(k, n, cfg["gamma"]))
    row = {"seed": seed, knob: value, "sweep": sweep, "p_hat": k / n, "delta_hold": hold, "delta_fail": fail}
    if not cfg["delta"] / 2 <= k / n <= 2 * cfg["delta"]:  # the sweep found no rate near δ: left out (counted)
        return {**row, "skipped": True}
    for alpha in cfg["alphas"]:
        for side, delta in (("hold", hold), ("fail", fail)):
            r = run(claim, params={**at, claim.delta_param: delta}, seed=seed, alpha=alpha)
            row[f"{side}@{alpha:g}"] = {"verdict": r.verdict.value, "trials": r.trials}
    return row


def summarise(rows: list[dict], alpha: float) -> dict:
    """False-fail and false-pass counts and rates with exact 95% intervals, against α = β."""
    kept = [r for r in rows if not r.get("skipped")]
    out = {"alpha": alpha, "beta": alpha}
    for side, bad, label in (("hold", "REFUTED", "false_fail"), ("fail", "SUPPORTED", "false_pass")):
        verdicts = Counter(r[f"{side}@{alpha:g}"]["verdict"] for r in kept)
        k, n = verdicts[bad], len(kept)
        lo, hi = failure_rate_interval_by_clopper_pearson(k, n, 0.95)
        deltas = np.array([r[f"delta_{side}"] for r in kept])
        out[label] = {
            "runs": n,
            "count": k,
            "rate": k / n if n else None,
            "ci95": [lo, hi],
            "bound": alpha,
            "within_bound": bool(lo <= alpha),  # not significantly above α (resp. β)
            "verdicts": dict(verdicts),
            "mean_trials": float(np.mean([r[f"{side}@{alpha:g}"]["trials"] for r in kept])),
            "median_p_over_delta": float(np.median(np.array([r["p_hat"] for r in kept]) / deltas)),
        }
    return out


def calibrate(claim: Claim, params: dict, knob: str, grid: list, seeds: int, cfg: dict, log=print) -> dict:
    claim_id = claim.id
    if claim.kind is not Kind.WHP:
        raise InvalidInputError(f"calibration runs whp claims, {claim_id} is {claim.kind.value}")
    check_size("seeds", seeds)
    check_open_unit("delta", cfg["delta"])
    check_open_unit("gamma", cfg["gamma"])
    for name in ("sweep_trials", "pilot_trials"):
        check_size(name, cfg[name])
    check_size("first_seed", cfg["first_seed"], minimum=0)
    for alpha in cfg["alphas"]:
        check_open_unit("alpha", alpha)
    if not grid:
        raise InvalidInputError(f"grid must hold at least one value of {knob}, got {grid!r}")
    values = claim.resolve(params)
    grid = [claim.param(knob).validate(v) for v in grid]
    check_delta_enters_the_design_only(claim, {**values, knob: grid[len(grid) // 2]}, cfg["first_seed"])
    rows, start, kept = [], time.perf_counter(), 0
    for seed in range(cfg["first_seed"], cfg["first_seed"] + MAX_TRIES * seeds):
        rows.append(one_seed(claim, values, knob, grid, seed, cfg))
        kept += not rows[-1].get("skipped")
        if kept == seeds:
            break
        if len(rows) % 20 == 0:
            log(f"calibration: {kept}/{seeds} instances, {len(rows)} seeds, {time.perf_counter() - start:.0f} s")
    return {
        "what": "false-fail and false-pass rates of whp checks at instances with failure rate next to δ",
        "claim": claim_id,
        "params": params,
        "knob": {"name": knob, "grid": grid},
        "config": cfg,
        "seeds": len(rows),
        "instances": kept,
        "skipped_seeds": len(rows) - kept,
        "results": [summarise(rows, a) for a in cfg["alphas"]],
        "per_seed": rows,
        "date": utc_minute(),
        "torch": torch.__version__,
        "wall_time_s": round(time.perf_counter() - start, 1),
    }


if __name__ == "__main__":  # the command line moved above the registry, to claims.tools (the engine imports no tool)
    import sys

    tool = __spec__.name.replace("claims.engine.", "claims.tools.")
    print(f"python -m {__spec__.name} has moved: run python -m {tool} (the same options)", file=sys.stderr)
    sys.exit(64)
