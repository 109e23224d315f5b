"""Report sections of the du2018b family: λ0 against depth, and the width needed against depth beside the
theory's (data from claims/catalogue/du2018b/experiments.py)."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from claims.report.figures import Figures
from claims.report.section import Section

#: the module of this family's experiments, imported only when one runs (rendering needs none)
_EXPERIMENTS = "claims.catalogue.du2018b.experiments"


def _direction(rows: list[dict]) -> str:
    """How the medians move with H in these data: falls, rises, or neither (no claim beyond the table); none is
    read where a median is not above its float64 resolution τ (its value there is rounding, not λ0)."""
    if any(r["median"] <= r["tau_max"] for r in rows):
        return "is not resolved at every H (a median at or below its τ), so no direction is read"
    med = [r["median"] for r in rows]
    steps = [b - a for a, b in itertools.pairwise(med)]
    if all(s < 0 for s in steps):
        return "falls with H"
    if all(s > 0 for s in steps):
        return "rises with H"
    return "is not monotone in H"


def render_lambda0_by_depth(data: dict, figures: Figures) -> str:
    depths, acts = data["depths"], data["activations"]
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for name, rows in acts.items():
        med = [max(r["median"], 1e-300) for r in rows]
        lo = [max(r["q25"], 1e-300) for r in rows]
        hi = [max(r["q75"], 1e-300) for r in rows]
        line = ax.plot(depths, med, marker="o", label=name)[0]
        ax.fill_between(depths, lo, hi, color=line.get_color(), alpha=0.2)
        ax.plot(depths, [r["tau_max"] for r in rows], ls=":", color=line.get_color(), lw=1)
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("depth H")
    ax.set_ylabel("λ0 = λ_min(K^(H)) (log scale)")
    ax.set_title("median and quartiles over input draws; dotted: float64 resolution τ", fontsize=8)
    ax.legend(fontsize=7)
    link = figures.save(fig, "du2018b_lambda0_by_depth", "λ0 against depth")
    moves = "; ".join(f"for {a} it {_direction(rows)}" for a, rows in acts.items())
    head = "| H | " + " | ".join(f"{a} median λ0 (τ)" for a in acts) + " |"
    lines = [head, "|---|" + "---|" * len(acts)]
    for i, h in enumerate(depths):
        cells = [f"{acts[a][i]['median']:.3g} ({acts[a][i]['tau_max']:.1g})" for a in acts]
        lines.append(f"| {h} | " + " | ".join(cells) + " |")
    return (
        f"λ0 of Definition 5.1's K^(H) (last expectation under the block of K^(H−1)) for {data['draws']} draws of "
        f"n = {data['n']} points uniform on S^{data['d'] - 1}. The paper asserts no direction in H (Proposition F.1 "
        f"says only λ0 > 0). Here the median λ0: {moves}. A median below its τ is not resolved in float64.\n\n"
        + "\n".join(lines)
        + "\n\n"
        + link
        + "\n"
    )


def _fmt(x) -> str:
    return "not reached" if x is None else f"{x:.3g}"


def _counts(sweep: dict | None) -> str:
    return ", ".join(f"{p['failures']}/{p['trials']}" for p in (sweep or {}).get("points", []))


def render_width_by_depth(data: dict, figures: Figures) -> str:
    rows, fit = data["rows"], data["fit"]
    p = data["params"]
    lines = [
        "| H | λ0 | failures/trials at m = " + ", ".join(map(str, data["widths"])) + " | empirical m* | "
        "theorem's width (constants 1, 2^H) | proof's width (Lemma B.5, c = 1) | proof's step (Lemma B.6, c = 1) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['depth']} | {r['lambda0']:.3g} | {_counts(r.get('sweep'))} | {_fmt(r['m_star'])} | "
            f"{r['theorem_width']:.3g} | {r['proof_width']:.3g} | {r['proof_step']:.3g} |"
        )
    fig, ax = plt.subplots(figsize=(6, 3.2))
    hs = [r["depth"] for r in rows]
    got = [(r["depth"], r["m_star"]) for r in rows if r["m_star"] is not None]
    if got:
        ax.plot(*zip(*got, strict=True), marker="o", label="empirical m*")
    ax.plot(hs, [r["theorem_width"] for r in rows], marker="s", label="theorem (constants 1, 2^H)")
    ax.plot(hs, [r["proof_width"] for r in rows], marker="^", label="proof, Lemma B.5 (c = 1)")
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("depth H")
    ax.set_ylabel("width m (log scale)")
    ax.legend(fontsize=7)
    link = figures.save(fig, "du2018b_width_by_depth", "width needed against depth")
    bits = data["proof_growth_bits_per_layer"]
    growth = (
        f"fitted m* ∝ 2^(bH): b = {fit['b']:.2f} bits per layer over {fit['points']} depths"
        if fit
        else "too few depths reached m* on the grid to fit its growth"
    )
    return (
        f"Theorem 5.1 at n = {p['n']}, d = {p['d']}, σ = {p['activation']}, δ = {p['delta']}, practical step "
        f"η = {p['eta_scale']}/λ_max(G(0)), rate (1 − ηλ0/2)^k checked for k ≤ ⌈{p['horizon']}/(ηλ0)⌉ (at most "
        f"{p['max_steps']} steps; a capped run is undecided). m* is the smallest width of the grid "
        f"{data['widths']} from which every larger one is SUPPORTED. {growth}; the theory's 2^(O(H)) leaves the "
        f"constant open, the proof's explicit width grows like c_x^(4H) = 2^({bits:.1f}H) "
        "(c_x = max(2√c_σ·L·c_w0, 1) with c_w0 = 2, the large-m norm of a Gaussian matrix). Derived here: "
        "c_x0 = 2 and the unspecified small constants c = 1 (so the proof asks for at least this width and at "
        "most this step), a_20 = 1, ‖y − u(0)‖ at its expectation √(‖y‖² + n).\n\n"
        + "\n".join(lines)
        + "\n\n"
        + link
        + "\n"
    )


SECTIONS = (
    Section(
        "du2018b",
        "lambda0_by_depth",
        "du2018b: λ0 against depth",
        f"{_EXPERIMENTS}:lambda0_by_depth",
        render_lambda0_by_depth,
    ),
    Section(
        "du2018b",
        "width_by_depth",
        "du2018b: the width needed against depth, beside the theory's",
        f"{_EXPERIMENTS}:width_by_depth",
        render_width_by_depth,
        claims=("du2018b.thm5.1",),
    ),
)
