"""Report sections of the du2018a family: data of claims.catalogue.du2018a.experiments → markdown and figures."""

from __future__ import annotations

import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from claims.report.figures import Figures
from claims.report.section import Section
from claims.report.sections.du2018a_widths import render_widths

#: the module of this family's experiments, imported only when one runs (rendering needs none)
_EXPERIMENTS = "claims.catalogue.du2018a.experiments"

_CLAIMS = ("du2018a.lemma3.1", "du2018a.thm4.1", "du2018a.thm3.2")


def render_fig1(data: dict, figures: Figures) -> str:
    """The three panels of Figure 1, the table of the final values, and the distance's exponent in m."""
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.4))
    for r in data["runs"]:
        recorded = [k * data["every"] for k in range(len(r["pattern_change"]))]
        axes[0].plot(range(len(r["loss"])), [math.log(v) for v in r["loss"]], label=f"m = {r['m']}")
        axes[1].plot(recorded, r["pattern_change"], label=f"m = {r['m']}")
        axes[2].plot(recorded, r["distance"], label=f"m = {r['m']}")
    panels = (
        ("log training loss", "ln ½‖u(k) − y‖²"),
        ("fraction of changed patterns", "sign changes of w_rᵀx_i: share of (i, r)"),
        ("max_r ‖w_r(k) − w_r(0)‖", "max_r ‖w_r(k) − w_r(0)‖₂, Euclidean"),
    )
    for ax, (title, ylabel) in zip(axes, panels, strict=True):
        ax.set_xlabel("GD step k")
        ax.set_ylabel(ylabel, fontsize=8)
        ax.set_title(title, fontsize=10)
    axes[0].legend(fontsize=7)
    fig.suptitle(
        f"Figure 1 of Du et al. 2018a: n = {data['n']}, d = {data['d']}, y ~ N(0, 1), "
        f"η = 1/λ_max(H∞) = {data['eta']:.3g}",
        fontsize=10,
    )
    link = figures.save(fig, "fig1", "Figure 1")
    b, lo, hi = data["distance_exponent"]
    return "\n".join(
        [
            f"The paper's experiment (Section 6; Zhang's slides' widths) on {data['device']}, {data['dtype']}: one "
            f"initialisation per width, {data['steps']} GD steps of η = 1/λ_max(H∞) (λ_max = {data['lambda_max']:.3g}) "
            f"on the loss ½‖u − y‖². Wall time of the five runs: {data['wall_time_s']:.1f} s. Distances are measured "
            "from the initialisation (Zhang's slides on the paper (2023) measured them from zero).",
            "",
            f"| m | loss at k = {data['steps']} | changed patterns | max_r ‖w_r − w_r(0)‖ |",
            "|---|---|---|---|",
            *(f"| {m} | {loss:.3g} | {pat:.3g} | {dist:.3g} |" for m, loss, pat, dist in data["final"]),
            "",
            f"max_r ‖w_r({data['steps']}) − w_r(0)‖ ∝ m^b with b = {b:.2f} (95% interval [{lo:.2f}, {hi:.2f}]; "
            "the analysis gives −½).",
            "",
            link,
        ]
    )


def _q(q: list[float]) -> str:
    """Median and quartiles, [q25, q75]."""
    return f"{q[1]:.3g} [{q[0]:.3g}, {q[2]:.3g}]"


#: the smallest angle arccos resolves from 0 in float64: 1 − cos θ ≈ θ²/2 is lost below eps, at θ ≈ √(2·eps)
ANGLE_RESOLUTION = math.sqrt(2 * sys.float_info.epsilon)


def _parallel(angle: float, i: int, j: int) -> str:
    """Theorem 3.1's hypothesis (no two inputs parallel) as the closest pair's angle shows it."""
    if angle > ANGLE_RESOLUTION:
        return (
            f"No two rows are parallel: the closest pair, rows {i} and {j}, is {angle:.3g} rad apart, so Theorem "
            "3.1's hypothesis holds."
        )
    return (
        f"Rows {i} and {j} are parallel as far as float64 resolves ({angle:.3g} rad apart): Theorem 3.1's "
        "hypothesis fails on every subset that holds both."
    )


def _resolved(lam0: float, tolerance: float) -> str:
    if lam0 > tolerance:
        return f"resolved from 0: rounding tolerance {tolerance:.1e}"
    return f"**not** resolved from 0: at or below its rounding tolerance {tolerance:.1e}"


def render_digits(data: dict, figures: Figures) -> str:
    """λ0 of scikit-learn's digits: the whole set, subsets against sphere data, and the label complexities."""
    table = [
        f"| {r['n']} | {_q(r['lambda0'])} | {_q(r['lambda0_sphere'])} | {r['tolerance']:.1e} | {r['m1']:.3g} | "
        f"{_q(r['complexity_ratio'])} |"
        for r in data["rows"]
    ]
    i, j = data["closest_pair"]
    return "\n".join(
        [
            f"Real data: {data['source']} ({data['rows_total']} images, d = {data['d']} pixels, each row scaled to "
            "unit norm; `--set geometry=digits --set d=64` runs any two-layer claim of this family on it, with "
            "the digits' labels y = ±1 by parity). "
            f"{_parallel(data['min_angle'], i, j)} λ0 of all {data['rows_total']} rows = {data['lambda0_all']:.3g} "
            f"({_resolved(data['lambda0_all'], data['tolerance_all'])}; Lemma 3.1's literal m₁ there "
            f"{data['m1_all']:.3g} at δ = {data['delta']}).",
            "",
            f"Per n, {data['draws']} subsets of n rows drawn without replacement by the report's seed "
            f"({data['dtype']}): median [quartiles] of λ0 on digits and on uniform sphere points of the same d; the "
            "largest rounding tolerance of λ0 on digits (8·n·eps·‖H∞‖_F); Lemma 3.1's literal m₁ = "
            "⌈8n² ln(2n²/δ)/λ0²⌉ at the median λ0; and c_random/c_true, the label complexity yᵀ(H∞)⁻¹y of "
            "uniform random ±1 labels over that of the digits' own labels on the same rows (Arora et al. 2019, §4: "
            "GD fits labels of larger complexity more slowly).",
            "",
            "| n | λ0, digits | λ0, sphere (d = 64) | tolerance | m₁ at the median λ0 | c_random / c_true |",
            "|---|---|---|---|---|---|",
            *table,
        ]
    )


def _range(v: list[float], fmt: str = ".3g") -> str:
    lo, hi = v
    return f"{lo:{fmt}}" if lo == hi else f"{lo:{fmt}}–{hi:{fmt}}"


def render_flow_accuracy(data: dict, figures: Figures) -> str:
    """The flow's error estimate against much finer runs: per size, how often it fell short, by how much, and
    whether a shortfall changed a trial's decision."""
    s, (f1, f2) = data["settings"], data["finer"]
    rows = [
        f"| {r['n']} | {r['d']} | {r['m']} | {r['trials']} | {_range(r['lambda0'])} | {_range(r['steps'], 'd')} | "
        f"{r['missed']} [{r['missed_ci'][0]:.2g}, {r['missed_ci'][1]:.2g}] | {r['worst_ratio']:.2g}× | "
        f"{r['short_before']} | {r['worst_ratio_before']:.2g}× | {r['worst_error_over_scale']:.2g} | "
        f"{r['passed']} / {r['failed']} / {r['undecided']} | {r['contradicted']} | {r['wall_s']:.0f} |"
        for r in data["rows"]
    ]
    t = data["total"]
    lo, hi = t["missed_ci"]
    return "\n".join(
        [
            f"Theorems 3.2, 3.3 and Lemmas 3.3, 3.4 integrate the flow by RK4 with step halving and allow, in each "
            "comparison, the estimate max(2·|r_h − r_{h/2}|, 2·|r_{2h} − r_h|, tol·scale) of its error "
            "(models.numerics.flow_error; r = ‖u − y‖²). At the ReLU's kinks RK4 is first order and erratic, so "
            f"this is an estimate, not a bound. Here it is measured on {data['claim']}'s own trials ({data['device']}, "
            f"{data['dtype']}; horizon {s['horizon']:g}/λ0, {s['grid']} recorded times, tol = {s['flow_tol']:g}, at "
            f"most {s['max_refinements']} halvings, {s.get('geometry', 'sphere')} data; {data['batch']} "
            "initialisations per instance, each instance its own X, y) against the same RK4 at "
            f"{f1} and {f2} times the accepted run's steps. The run's error is taken as at least "
            f"|r − r_{f2}| − 2·|r_{f2} − r_{f1}| (the reference's own error estimated and taken off); the estimate "
            "*falls short* where that exceeds it at some recorded time. Shortfall: the largest ratio of that error to "
            "the estimate. Before 2026-12 the estimate was twice one halving's change alone; its shortfalls are "
            "beside. Error/bound: the largest such error over the comparison's right-hand side "
            "e^{−λ0 t}‖u(0) − y‖². Decisions: the claim's passed / failed / undecided trials; *contradicted*: a "
            f"trial passed where the reference, with its own error, violates the bound, or failed where it holds.",
            "",
            "| n | d | m | trials | λ0 | steps | estimate short (95 % CI) | shortfall | twice one change short | "
            "shortfall | error / bound | passed / failed / undecided | contradicted | time s |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"In all: the estimate fell short in {t['missed']} of {t['trials']} trials (exact 95 % interval of the "
            f"rate [{lo:.2g}, {hi:.2g}]); twice one change alone in {t['short_before']}; "
            f"{t['contradicted']} decision{'s' if t['contradicted'] != 1 else ''} contradicted by the reference.",
        ]
    )


SECTIONS = (
    Section(
        "du2018a",
        "widths",
        "du2018a: the theory's widths against practice",
        f"{_EXPERIMENTS}:widths",
        render_widths,
        _CLAIMS,
        select="claims.catalogue.du2018a.widths:check_selection",
    ),
    Section(
        "du2018a",
        "fig1",
        "du2018a: the experiment of Figure 1",
        f"{_EXPERIMENTS}:fig1",
        render_fig1,
    ),
    Section(
        "du2018a",
        "digits",
        "du2018a: λ0 on real data (scikit-learn's digits)",
        f"{_EXPERIMENTS}:digits",
        render_digits,
        ("du2018a.lemma3.1",),
    ),
    Section(
        "du2018a",
        "flow_accuracy",
        "du2018a: how good the flow's error estimate is",
        f"{_EXPERIMENTS}:flow_accuracy",
        render_flow_accuracy,
        ("du2018a.thm3.2",),
    ),
)
