"""How good the Richardson bracket of the deep linear flow is: the report experiment ``rate_accuracy`` of clc2018.

clc2018.exp_rate integrates the gradient flow by Euler steps h and h/2 and brackets the flow's loss at 8
checkpoints by L_{h/2} ∓ 2·|L_h − L_{h/2}| (claims.catalogue.clc2018.flow: Euler is first order, so on a smooth
flow the h/2 run's error is about |L_h − L_{h/2}|, and the factor 2 is the margin). That is an asymptotic
estimate, not a bound; its passes and its verified failures (the mutant's REFUTED) rest on it. This experiment
measures how often the bracket misses the flow, and whether that ever changes a trial's decision.

Each trial is one of exp_rate's own: its instance (defaults, at the dims below, and its mutant), its draws and
its refined Euler count K as the claim makes them (flow.rate_run). The reference is the same bracket at 32
times finer steps (h/32 and h/64), over the same span (T, or the s < T of a stiff trial, flow.rate_span): the
bracket *misses* where the reference's interval lies wholly outside it at some checkpoint. Miss ratio: the
largest distance between the two runs' fine losses, less the reference's own half-width, over the claim's
half-width.
"""

from __future__ import annotations

import time

import torch

from claims.catalogue.clc2018 import flow
from claims.engine.accuracy import concatenated, decisions, totals
from claims.spec import ByProfile, item_generator, item_where

CLAIM = "clc2018.exp_rate"
#: (label, overrides) of the study: the report's instances of exp_rate, and its mutant's (where decisions fail)
_MUTANT = ("mutant rate_1.5x", {"rate_factor": 3.0, "dims": "4,3,2"})
SIZES = ByProfile(
    quick=(("4,3,2", {}), _MUTANT),
    standard=(("4,3,2", {}), ("4,3,3,2", {"dims": "4,3,3,2"}), ("6,5,4,3,2", {"dims": "6,5,4,3,2"}), _MUTANT),
    full=(
        ("4,3,2", {}),
        ("4,3,3,2", {"dims": "4,3,3,2"}),
        ("6,5,4,3,2", {"dims": "6,5,4,3,2"}),
        ("8,8,6,6,4,4,2", {"dims": "8,8,6,6,4,4,2"}),
        _MUTANT,
    ),
)
#: instances per size, and trials per instance
INSTANCES = ByProfile(quick=2, standard=8, full=16)
BATCH = 8
#: the reference's steps, in multiples of the claim's final K
FINER = 32


def rate_accuracy_unit(item: dict) -> dict:
    """One batch of exp_rate trials at item['params']: the claim's bracket, the reference bracket, and per trial
    (premise held only) whether the bracket missed, by how much, and the claim's decision against the
    reference's."""
    w = item_where(item)
    p = item["params"]
    start = time.perf_counter()
    run = flow.rate_run(p, item_generator(item), w["device"], w["dtype"], item["batch"])
    Ws, X, Y = run["Ws"], run["X"], run["Y"]
    chunk = run["steps"] // flow.RATE_CHECKPOINTS
    h = run["span"] / (chunk * flow.RATE_CHECKPOINTS)
    lo, hi = run["bracket"]
    ref_lo, ref_hi = flow.flow_bracket(Ws, X, Y, h / FINER, chunk * FINER, flow.RATE_CHECKPOINTS)
    # a bracket that is not finite (the Euler runs overflowed) leaves the trial undecided in the claim: it is
    # counted apart, never as a miss, and kept out of the worst ratio and width
    finite = (lo.isfinite() & hi.isfinite()).all(0)
    miss = ((ref_hi < lo) | (ref_lo > hi)).any(0)
    half, ref_half = (hi - lo) / 2, (ref_hi - ref_lo) / 2
    distance = ((ref_hi + ref_lo) / 2 - (hi + lo) / 2).abs() - ref_half
    ratio = (distance / half.clamp_min(torch.finfo(half.dtype).tiny)).amax(0)
    ref_holds, ref_violated = flow.decide_rate(ref_lo, ref_hi, *run["bound"])
    passed, failed, held = run["passed"], run["failed"], run["premise"]
    contradicted = (passed & ref_violated) | (failed & ref_holds)
    return {
        "steps": run["steps"],
        "wall_s": time.perf_counter() - start,
        "premise": held.tolist(),
        "on_span": (run["span"] < run["T"])[held].tolist(),
        "miss": (miss & held).tolist(),
        "finite": finite[held].tolist(),
        "miss_ratio": ratio[held & finite].tolist(),
        "width_over_loss": run["width"][held & finite].tolist(),
        "passed": (passed & held).tolist(),
        "failed": (failed & held).tolist(),
        "contradicted": (contradicted & held).tolist(),
    }


def _summary(label: str, params: dict, units: list[dict]) -> dict:
    trials = sum(concatenated(units, "premise"))
    return {
        "label": label,
        "dims": params["dims"],
        "rate_factor": params["rate_factor"],
        "drawn": len(concatenated(units, "premise")),
        "trials": trials,
        "not_finite": trials - sum(concatenated(units, "finite")),
        "on_span": sum(concatenated(units, "on_span")),
        "steps": [min(u["steps"] for u in units), max(u["steps"] for u in units)],
        "worst_ratio": max(concatenated(units, "miss_ratio"), default=None),
        "worst_width": max(concatenated(units, "width_over_loss"), default=None),
        **decisions(units, trials, sum(concatenated(units, "miss"))),
    }


def rate_accuracy(ctx) -> dict:
    """Per size of :data:`SIZES`: :data:`INSTANCES` units of :func:`rate_accuracy_unit`, summed."""
    claim = ctx.claims[CLAIM]
    rows = []
    for label, overrides in SIZES[ctx.profile]:
        params = claim.resolve(overrides)
        items = [
            ctx.item(f"rate_accuracy/{label}/{k}", params=params, batch=BATCH) for k in range(INSTANCES[ctx.profile])
        ]
        rows.append(_summary(label, params, ctx.map(rate_accuracy_unit, items)))
    defaults = claim.defaults()
    return {
        "claim": CLAIM,
        "settings": {k: defaults[k] for k in ("horizon", "steps", "max_steps")},
        "checkpoints": flow.RATE_CHECKPOINTS,
        "richardson": flow.RICHARDSON_FACTOR,
        "finer": FINER,
        "batch": BATCH,
        "rows": rows,
        "total": totals(rows),
        "dtype": str(ctx.dtype).removeprefix("torch."),
        "device": str(ctx.device),
    }
