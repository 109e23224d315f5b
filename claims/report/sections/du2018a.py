"""Report sections of the du2018a family: data of claims.catalogue.du2018a.experiments → markdown and figures."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from claims.report.figures import Figures
from claims.report.section import Section

#: the module of this family's experiments, imported only when one runs (rendering needs none)
_EXPERIMENTS = "claims.catalogue.du2018a.experiments"

_CLAIMS = ("du2018a.lemma3.1", "du2018a.thm4.1", "du2018a.thm3.2")


def _m_star(sweep: dict | None, top: int) -> str:
    if sweep is None:
        return "not run"
    return str(sweep["m_star"]) if sweep["m_star"] else f"> {top}"


def _ratio(width: float, sweep: dict | None) -> str:
    return f"{width / sweep['m_star']:.3g}" if sweep and sweep["m_star"] else "–"


def _exponent_text(label: str, fit: dict | None, theory: str) -> str:
    if fit is None:
        return f"{label}: too few m*(n) found to fit an exponent."
    lo, hi = fit["ci"]
    return f"{label}: fitted m*(n) ∝ n^b with b = {fit['b']:.2f} (95% interval [{lo:.2f}, {hi:.2f}]); {theory}."


def _lemma3_1_figure(data: dict, figures: Figures) -> str:
    """Failure rate against m per n, with the literal m₁(n) (dashed) and the empirical m*(n) (dotted)."""
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    for row in data["rows"]:
        sweep = row["lemma3_1"]
        if sweep is None:
            continue
        pts = sweep["points"]
        ms = [p["m"] for p in pts]
        rate = [p["failures"] / p["trials"] for p in pts]
        err = [
            [r - p["ci"][0] for r, p in zip(rate, pts, strict=True)],
            [p["ci"][1] - r for r, p in zip(rate, pts, strict=True)],
        ]
        line = ax.errorbar(ms, rate, yerr=err, marker="o", ms=3, capsize=2, label=f"n = {row['n']}")
        color = line[0].get_color()
        ax.axvline(row["m1"], color=color, ls="--", lw=1)
        if sweep["m_star"]:
            ax.axvline(sweep["m_star"], color=color, ls=":", lw=1.5)
    ax.axhline(data["delta"], color="k", lw=1, label=f"δ = {data['delta']:g}")
    ax.set_xscale("log")
    ax.set_xlabel("width m, log scale (dashed: literal m₁(n); dotted: empirical m*(n))")
    ax.set_ylabel("failure rate (share of draws of W(0))")
    ax.set_title("Lemma 3.1: P(‖H(0) − H∞‖₂ > λ0/4 or λ_min(H(0)) < ¾λ0)")
    ax.legend(fontsize=7)
    return figures.save(fig, "lemma3_1_width", "Lemma 3.1 failure rate against m")


def render_widths(data: dict, figures: Figures) -> str:
    """The theory-against-practice table (Theorems 3.2, 4.1) and Lemma 3.1's table and figure."""
    tops, ex = data["tops"], data["exponents"]
    rows = [r for r in data["rows"] if r["thm4_1"] or r["thm3_2"]]
    flow_ns = ", ".join(str(r["n"]) for r in data["rows"] if r["thm3_2"])
    gd_table = [
        f"| {r['n']} | {r['lambda0']:.3f} | {r['flow_width']:.3g} | {_m_star(r['thm3_2'], tops['thm3_2'])} | "
        f"{_ratio(r['flow_width'], r['thm3_2'])} | {r['gd_width']:.3g} | {_m_star(r['thm4_1'], tops['thm4_1'])} | "
        f"{_ratio(r['gd_width'], r['thm4_1'])} |"
        for r in rows
    ]
    lemma_rows = [r for r in data["rows"] if r["lemma3_1"]]
    lemma_table = [
        f"| {r['n']} | {r['d']} | {r['lambda0']:.3f} | {_m_star(r['lemma3_1'], tops['lemma3_1'])} | {r['m1']:.3g} | "
        f"{_ratio(r['m1'], r['lemma3_1'])} |"
        for r in lemma_rows
    ]
    trials = lemma_rows[0]["lemma3_1"]["points"][0]["trials"] if lemma_rows else 0
    theory6 = "the theory's n⁶ (Ω(n⁶/(λ0⁴δ³)))"
    return "\n".join(
        [
            "### Theory's widths against practice",
            "",
            "For each n (sphere data, d = 2n, E‖y − u(0)‖² = n(C²/3 + ½) with C = 1): the width each theorem asks "
            "for with explicit constants, and the empirical m*(n), the smallest grid width from which on the "
            "conclusion holds with probability ≥ 1 − δ (exact upper bound on the failure rate ≤ δ at every larger "
            "grid width). Theorem 3.2's width is max(m₁, the width of Lemma 3.4's premise R′ < R); Theorem 4.1's "
            "the same with Corollary 4.1's R′ (factor 4). "
            f"Theorem 3.2: ‖u(t) − y‖² ≤ e^{{−λ0 t}}‖u(0) − y‖² on t ≤ 4/λ0 under the refined RK4 flow of the "
            f"claim, δ = {data['delta_flow']}, widths 2, 4, …, {tops['thm3_2']} (n ∈ {{{flow_ns}}} in this profile). "
            f"Theorem 4.1: ‖u(k) − y‖² ≤ (1 − ηλ0/2)^k‖u(0) − y‖² under GD with the practical step "
            f"η = 1/λ_max(H(0)) over K = 6/(ηλ0) steps, δ = {data['delta']}, widths 2, 2√2, 4, …, {tops['thm4_1']}.",
            "",
            "| n | λ0 | Theorem 3.2 width | flow m*(n) | ratio | Theorem 4.1 width | GD m*(n) | ratio |",
            "|---|---|---|---|---|---|---|---|",
            *gd_table,
            "",
            _exponent_text("Theorem 3.2 (flow)", ex["thm3_2"], theory6),
            "",
            _exponent_text("Theorem 4.1 (GD)", ex["thm4_1"], theory6),
            "",
            "### Lemma 3.1 in practice",
            "",
            f"Practical regime of Lemma 3.1 (δ = {data['delta']}): for each n, sphere data with d = 2n, {trials} draws "
            "of W(0) per width on a grid of ratio √2, α shared equally over the sweeps and the widths. m* is the "
            "smallest grid width from which on the exact upper bound on the failure rate is ≤ δ.",
            "",
            "| n | d | λ0 | empirical m*(n) | literal m₁(n) | m₁ / m* |",
            "|---|---|---|---|---|---|",
            *lemma_table,
            "",
            _exponent_text("Lemma 3.1", ex["lemma3_1"], "the literal bound grows like n² ln n / λ0²"),
            "",
            _lemma3_1_figure(data, figures),
        ]
    )


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
            f"No two rows are parallel: the closest pair, rows {i} and {j}, is {data['min_angle']:.3g} rad apart, "
            f"so Theorem 3.1's hypothesis holds. λ0 of all {data['rows_total']} rows = {data['lambda0_all']:.3g} "
            f"(resolved from 0: rounding tolerance {data['tolerance_all']:.1e}; Lemma 3.1's literal m₁ there "
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


SECTIONS = (
    Section(
        "du2018a",
        "widths",
        "du2018a: the theory's widths against practice",
        f"{_EXPERIMENTS}:widths",
        render_widths,
        _CLAIMS,
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
)
