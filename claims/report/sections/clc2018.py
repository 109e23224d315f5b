"""Report sections of the clc2018 family: render the data of claims/catalogue/clc2018/experiments.py."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from claims.report.figures import Figures
from claims.report.section import Section

#: the module of this family's experiments, imported only when one runs (rendering needs none)
_EXPERIMENTS = "claims.catalogue.clc2018.experiments"


def render_invariant_drift(data: dict, figures: Figures) -> str:
    runs = data["runs"]
    fig, ax = plt.subplots(figsize=(5, 3.5))
    sizes = [r["eta"] for r in runs for _ in r["drift"]]
    ax.loglog(sizes, [v for r in runs for v in r["drift"]], "o", alpha=0.4, label="trials")
    medians = [float(np.median(r["drift"])) for r in runs]
    ax.loglog([r["eta"] for r in runs], medians, "-", label=f"median (slope {data['slope']:.2f})")
    etas = [r["eta"] for r in runs]
    ax.xaxis.set_major_locator(FixedLocator(etas))  # one tick per step run, none between: no labels collide
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel("step η (log scale)")
    ax.set_ylabel("max_j ‖C_j(T) − C_j(0)‖_F (log scale)")
    ax.legend(fontsize=8)
    link = figures.save(fig, "clc2018_invariant_drift", "invariant drift against step size")
    table = "\n".join(f"| {r['eta']:g} | {m:.3g} | {max(r['drift']):.3g} |" for r, m in zip(runs, medians, strict=True))
    lo, hi = data["interval"]
    return (
        f"{link}\n\n| η | median drift | max drift |\n|---|---|---|\n{table}\n\nFitted exponent {data['slope']:.3f} "
        f"(interval [{lo:.3f}, {hi:.3f}]) at T = {data['time']:g}; theory: 1 (drift = O(η)).\n"
    )


def _psd_said(clause: list[dict]) -> str:
    """What the saddles outside the clause's premise showed: how many have a PSD Hessian (read, not assumed)."""
    psd, outside = sum(r["rz_eq_r_psd"] for r in clause), sum(r["rz_eq_r"] for r in clause)
    if psd:
        return (
            f"and {psd} of the {outside} saddles there have a PSD Hessian (non-strict saddles, certified not to be "
            "minima by a loss decrease)"
        )
    return f"and none of the {outside} saddles there has a PSD Hessian in these draws"


def render_critical_values(data: dict, figures: Figures) -> str:
    fig, ax = plt.subplots(figsize=(5, 3.5))
    predicted = np.asarray(data["predicted"], float)
    losses = np.asarray(data["losses"], float)
    # each end point at its nearest predicted value: a histogram's bins would hide a pile at one value
    nearest = predicted[np.abs(losses[:, None] - predicted[None, :]).argmin(1)]
    values, counts = np.unique(nearest, return_counts=True)
    for v in predicted:
        ax.axvline(v, color="k", lw=0.6, ls="--")
    ax.vlines(values, 0, counts, lw=3, color="tab:blue")
    ax.plot(values, counts, "o", color="tab:blue")
    for v, c in zip(values, counts, strict=True):
        ax.annotate(str(c), (v, c), textcoords="offset points", xytext=(4, 2), fontsize=8)
    ax.set_xlabel("loss of the GD end point, at its nearest critical value")
    ax.set_ylabel("starts (count)")
    ax.set_title(
        f"dashed: the critical values ½Σ_(s∈I) s²; largest distance to one {data['max_distance']:.2g}", fontsize=8
    )
    link = figures.save(fig, "clc2018_critical_values", "GD end-point losses against the critical values")
    table = "\n".join(
        f"| {r['dims']} | {r['rz_gt_r']} | {r['max_eig_min_rz_gt_r']:.3g} | {r['rz_eq_r']} | {r['rz_eq_r_psd']} "
        f"| {r['all_passed']} |"
        for r in data["clause"]
    )
    dims = ",".join(map(str, data["dims"]))
    return (
        f"{link}\n\n{data['starts']} starts, dims {dims}, s = {data['s']}: largest distance of an end-point loss to "
        f"the predicted set {data['max_distance']:.3g}.\n\n"
        "Constructed non-global critical points (8 draws of s per dims; balanced and lifted points of every "
        "subset I), split by the premise of Proposition (iii), r_Z = rank W_H⋯W_2 > r = rank W_{H+1}⋯W_2. "
        "Where it holds the Hessian must have a negative eigenvalue; where it fails (H ≥ 2, balanced points) "
        f"the clause says nothing, {_psd_said(data['clause'])}:\n\n"
        "| dims | saddles with r_Z > r | largest λ_min(∇²L) there | saddles with r_Z = r | of which ∇²L ≽ 0 "
        "| all checks passed |\n|---|---|---|---|---|---|\n"
        f"{table}\n"
    )


def _steps(span: list[int]) -> str:
    """K over a row's units: one value, or its range."""
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def render_rate_accuracy(data: dict, figures: Figures) -> str:
    """The Richardson bracket of exp_rate against a run 32 times finer: per instance, how often it missed the
    flow, by how much, and whether a miss changed a trial's decision."""
    s = data["settings"]

    def number(v, unit=""):  # None: no finite bracket; NaN: a run from before not_finite was counted apart
        return "–" if v is None or math.isnan(v) else f"{v:.2g}{unit}"

    def trials(r):
        apart = f", {r['not_finite']} not finite" if r.get("not_finite") else ""
        span = f", {r['on_span']} on a span s < T" if r.get("on_span") else ""
        return f"{r['trials']} of {r['drawn']}{apart}{span}"

    rows = [
        f"| {r['label']} | {r['dims']} | {r['rate_factor']:g} | {trials(r)} | "
        f"{_steps(r['steps'])} | {r['missed']} [{r['missed_ci'][0]:.2g}, {r['missed_ci'][1]:.2g}] | "
        f"{number(r['worst_ratio'], '×')} | {number(r['worst_width'])} | "
        f"{r['passed']} / {r['failed']} / {r['undecided']} | {r['contradicted']} | {r['wall_s']:.0f} |"
        for r in data["rows"]
    ]
    t = data["total"]
    return "\n".join(
        [
            f"{data['claim']} integrates the flow by Euler steps h and h/2 and brackets its loss at "
            f"{data['checkpoints']} checkpoints by L_(h/2) ∓ {data['richardson']}·|L_h − L_(h/2)| (Richardson: "
            "Euler is first order). That is an asymptotic estimate, not a bound. Here it is measured on the claim's "
            f"own trials ({data['device']}, {data['dtype']}; horizon {s['horizon']:g}/α, K from {s['steps']} "
            f"steps refined up to {s['max_steps']} as the claim refines it; {data['batch']} trials per instance) "
            f"against the same bracket at {data['finer']} times finer steps. Where K ≥ T·S would exceed "
            f"{s['max_steps']} (deep nets: α, hence 1/T, is tiny), the bracket covers a span s < T, where a pilot "
            "run found the loss below half the bound at T, and the rest of [0, T] passes by the flow's "
            "non-increasing loss if L_hi(s) is below the bound at T (*on a span*; the reference covers the same s). "
            "The bracket *misses* where the "
            "reference's interval lies wholly outside it at some checkpoint; miss ratio: the largest distance "
            "between the two fine losses, less the reference's half-width, over the bracket's half-width. Width: "
            "the bracket's final width over L(0). Trials: those whose premise (every α_j > 0) held, of those "
            "drawn. Decisions: passed / failed / undecided; *contradicted*: passed where the reference violates "
            "the bound, or failed where it holds. A bracket that is not finite (the Euler runs overflowed) leaves "
            "its trial undecided in the claim; such trials are counted apart (*not finite*), never as misses, and "
            "kept out of the ratio and the width; a dash: no finite bracket (or, in a run from before they were "
            "counted apart, one of them).",
            "",
            "| instance | dims | c | trials | K | misses (95 % CI) | miss ratio | width | passed / failed / "
            "undecided | contradicted | time s |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"In all: the bracket missed the flow in {t['missed']} of {t['trials']} trials (exact 95 % interval of "
            f"the rate [{t['missed_ci'][0]:.2g}, {t['missed_ci'][1]:.2g}]); {t['contradicted']} "
            f"decision{'s' if t['contradicted'] != 1 else ''} contradicted by the reference.",
        ]
    )


SECTIONS = (
    Section(
        "clc2018",
        "invariant_drift",
        "Deep linear nets: drift of the invariants C_j under GD",
        f"{_EXPERIMENTS}:invariant_drift",
        render_invariant_drift,
        ("clc2018.invariants",),
    ),
    Section(
        "clc2018",
        "critical_values",
        "Deep linear nets: GD end points sit at predicted critical values",
        f"{_EXPERIMENTS}:critical_values",
        render_critical_values,
        ("clc2018.critical_values",),
    ),
    Section(
        "clc2018",
        "rate_accuracy",
        "Deep linear nets: how good the flow's Richardson bracket is",
        f"{_EXPERIMENTS}:rate_accuracy",
        render_rate_accuracy,
        ("clc2018.exp_rate",),
    ),
)
