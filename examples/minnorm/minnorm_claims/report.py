"""The family's report section (registered as nn_opt_claims.sections: minnorm): the data of
minnorm_claims.experiments → markdown and a figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from claims.report.figures import Figures
from claims.report.section import Section


def render_error_curves(data: dict, figures: Figures) -> str:
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    for i, row in enumerate(data["rows"]):
        ks = range(len(row["zero"]))
        line = ax.semilogy(ks, row["zero"], label=f"draw {i + 1}, κ = {row['kappa']:.1f}: from 0")[0]
        ax.semilogy(ks, row["random"], color=line.get_color(), ls=":")
        ax.semilogy(ks, [row["rho"] ** k for k in ks], color=line.get_color(), ls="--", lw=0.8)
    ax.set_xlabel("GD step k (dotted: from a random w₀; dashed: the bound (1 − ηλ⁺)^k)")
    ax.set_ylabel("‖w_k − X⁺y‖ / ‖X⁺y‖")
    ax.legend(fontsize=7)
    link = figures.save(fig, "minnorm_error_curves", "GD's distance to the minimum-norm solution")
    table = "\n".join(
        f"| {i + 1} | {r['kappa']:.1f} | {r['steps']} | {r['zero'][-1]:.3g} | {r['rho'] ** r['steps']:.3g} "
        f"| {r['random'][-1]:.3g} |"
        for i, r in enumerate(data["rows"])
    )
    return (
        f"{link}\n\nn = {data['n']}, d = {data['d']}, η = {data['step']}/λ_max. From zero the distance to X⁺y stays "
        "under the bound and vanishes; from a random start it stalls at the start's null-space part.\n\n"
        "| draw | κ | steps | from 0 | bound | from random w₀ |\n|---|---|---|---|---|---|\n"
        f"{table}\n"
    )


SECTIONS = (
    Section(
        "minnorm",
        "error_curves",
        "GD from zero reaches the minimum-norm interpolant",
        "minnorm_claims.experiments:error_curves",  # a reference: re-rendering imports no experiment (no torch)
        render_error_curves,
        ("minnorm.gd_zero_init",),
    ),
)
