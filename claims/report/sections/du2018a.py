"""Report sections of the du2018a family: data of claims.catalogue.du2018a.experiments → markdown and figures."""

from __future__ import annotations

import math

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
    for ax, title in zip(
        axes, ("log training loss", "fraction of changed patterns", "max_r ‖w_r(k) − w_r(0)‖"), strict=True
    ):
        ax.set_xlabel("GD step k")
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
)
