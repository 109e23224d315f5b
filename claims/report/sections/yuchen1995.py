"""Report sections of the yuchen1995 family: the theorem refuted (a verified counterexample), what a random search
sees (not the theorem), the true core."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt

from claims.report.figures import Figures
from claims.report.section import Section

#: the module of this family's experiments, imported only when one runs (rendering needs none)
_EXPERIMENTS = "claims.catalogue.yuchen1995.experiments"

FORM_NAMES = {"slide": "notes' form (m σ units)", "paper": "Yu & Chen's form (m − 1 σ units + constant unit)"}


def _eig_summary(eig: list[float], flat: int) -> str:
    """The ``flat`` eigenvalues nearest 0 (the proven null space) and the smallest of the others, signed: a
    near-zero eigenvalue of either sign is one of the flat ones, never a reason to skip a curved one."""
    by_size = sorted(eig, key=abs)
    tiny, others = by_size[:flat], by_size[flat:]
    return (
        f"{flat} eigenvalues with |λ| ≤ {max(map(abs, tiny), default=0.0):.1e}, "
        f"smallest other {min(others, default=math.nan):.3g}"
    )


def _fmt(values) -> str:
    if isinstance(values[0], list):
        return "[" + "; ".join(_fmt(v) for v in values) + "]"
    return "[" + ", ".join(f"{v:.6g}" for v in values) + "]"


def render_counterexample(data: dict, figures: Figures) -> str:
    ok = {f: d["uniform"]["verified"] for f, d in data.items()}
    lines = []
    if all(ok.values()):
        lines.append(
            "**Yu & Chen's theorem is refuted**, in Golikov's notes' form (every local minimum has L = 0) and in the "
            "paper's (every suboptimal equilibrium is Lyapunov-unstable): yuchen1995.thm is REFUTED by the "
            "witness that yuchen1995.counterexample verifies. At the theorem's width, with distinct columns of X "
            "and the logistic sigmoid, the points below are verified local minima with L > 0, and "
            "Levenberg–Marquardt from random starts on the same net and data reaches a lower L, so they are not "
            "global (a local minimum of the real-analytic L is a Lyapunov-stable equilibrium of the gradient flow: "
            "Absil & Kurdyka 2006). They are not isolated: a "
            "one-unit net's strict minimum, split into identical copies with positive output-weight shares (Fukumizu "
            "& Amari 2000), is a Morse–Bott set of minima — flat along the shares (exactly: L does not change when "
            "output weight moves between identical copies, so those eigenvalues near 0 are a proven null space, not "
            "an undecided sign), curved upward across them. The 1995 proof's step (yuchen1995.core) needs the hidden "
            "matrix nonsingular, and at these points it is singular (identical rows)."
        )
    else:
        failed = ", ".join(f for f, v in ok.items() if not v)
        lines.append(
            f"The counterexample did **not** verify here for: {failed}. That is no evidence for the theorem: "
            "no verdict on the statement from this form."
        )
    lines += ["", "| form | m | σ units | L at the witness | lowest L from 8 LM starts | Hessian | verified |"]
    lines.append("|---|---|---|---|---|---|---|")
    for form, d in data.items():
        u = d["uniform"]
        lines.append(
            f"| {FORM_NAMES[form]} | {u['m']} | {u['hidden']} | {u['loss']:.4g} | {u['best_lower']:.2e} | "
            f"{_eig_summary(u['eigenvalues'], u['flat_dimension'])} | {'yes' if u['verified'] else 'no'} |"
        )
    lines.append("")
    for form, d in data.items():
        u = d["uniform"]
        k = u["hidden"]
        w1, w2 = (
            u["theta"][: len(u["theta"]) - k - int(u["constant_unit"])],
            u["theta"][-(k + int(u["constant_unit"])) :],
        )
        lines.append(
            f"- {FORM_NAMES[form]}: X = {_fmt(u['X'])}, Y = {_fmt(u['Y'])}, W₁ (rows) = {_fmt(w1)}, "
            f"W₂ = {_fmt(w2)}{' (last entry: the constant unit)' if u['constant_unit'] else ''}"
        )
    fig, axes = plt.subplots(2, len(data), figsize=(5.2 * len(data), 6.4), squeeze=False)
    for col, (form, d) in enumerate(data.items()):
        for row, names in enumerate((("flat", "split"), ("random",))):
            ax = axes[row][col]
            for split, style in (("uniform", "-"), ("signed", ":")):
                ln = d[split]["lines"]
                for name in names:
                    color = {"flat": "tab:green", "split": "tab:red", "random": "tab:blue"}[name]
                    label = f"{name} ({'every α > 0' if split == 'uniform' else 'one α < 0'})"
                    ax.plot(ln["t"], ln[name], style, color=color, label=label)
            ax.axhline(0, color="k", lw=0.5)
            ax.set_title(f"{FORM_NAMES[form]}: {' and '.join(names)}", fontsize=8)
            ax.set_xlabel("t (step along a unit direction)")
            ax.set_ylabel("L(θ + t·u) − L(θ)")
            ax.legend(fontsize=6)
    lines += [
        "",
        figures.save(fig, "yuchen1995_counterexample", "Loss along lines through the witness"),
        "",
        "Solid: the witness (equal shares): flat along the shares (green), up across the split (red, top row: "
        "its curvature is small, ∝ α₁α₂ and the inner Hessian G₀) and in a random direction (bottom row). "
        "Dotted: the same split with one negative share, a saddle (red goes down) — the mutant signed_split, "
        "which the suite must not verify. The witness's data (X, Y) and weights are in results.json.",
    ]
    return "\n".join(lines)


def render_census(data: dict, figures: Figures) -> str:
    classes = list(next(iter(data["rows"].values())))
    head = "| configuration | " + " | ".join(classes) + " |"
    rows = [head, "|---|" + "---|" * len(classes)]
    labels = data.get("labels", {})  # rows are keyed by a stable key; older data were keyed by the label itself
    for key, counts in data["rows"].items():
        rows.append(f"| {labels.get(key, key)} | " + " | ".join(str(counts[c]) for c in classes) + " |")
    not_minima = ", ".join(data.get("not_minima", ("plateau", "not_critical", "saddle", "descent")))
    # older runs (results.json before descent was made undecided) counted a descent as not a minimum
    descent = ", and so is a descent along a flat direction" if "descent" in data["undecided"] else ""
    # older runs counted an end point certified not a minimum as a pass
    outside = (
        "outside the premise: such a trial tests nothing"
        if data.get("not_minima_outside_premise")
        else "a trial passes and tests nothing"
    )
    return "\n".join(
        [
            f"End points of {data['trials']} runs of yuchen1995.search_no_bad_min's search (one data set and one "
            "start each), by the class the claim's classification gives. Proven local minima with L > 0 (a trial "
            f"fails): {', '.join(data['verified_bad'])}; undecided: {', '.join(data['undecided'])}; not minima "
            f"({outside}): {not_minima}.",
            "",
            *rows,
            "",
            "This measures a search, not the theorem: a SUPPORTED of yuchen1995.search_no_bad_min says that "
            "Levenberg–Marquardt and Newton steps from random starts do not end at proven bad minima (a positive "
            "definite Hessian, or a dead relu region; a numerically Morse–Bott end point is evidence only, "
            f"undecided{descent}). What it cannot see: the split minima of yuchen1995.counterexample (random starts "
            "practically never produce identical units), minima inside saturated regions (plateaus are never "
            "counted as minima), and any minimum the search does not reach. Whether 'every local minimum has "
            "L = 0' holds is decided by yuchen1995.counterexample's witness (its section above), not here.",
        ]
    )


def render_core(data: dict, figures: Figures) -> str:
    fig, ax = plt.subplots(figsize=(5.2, 3.6))
    tight = [t > 0.5 for t in data["tight"]]
    for flag, color, label in ((False, "tab:blue", "random W₂"), (True, "tab:red", "R along H's σ_min direction")):
        xs = [k for k, t in zip(data["kappa"], tight, strict=True) if t == flag]
        ys = [r for r, t in zip(data["ratio"], tight, strict=True) if t == flag]
        ax.scatter(xs, ys, s=6, color=color, label=label)
    ax.axhline(1.0, color="k", lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("κ(H), condition number (log scale)")
    ax.set_ylabel("L·4σ_min(H)² / ‖∇_{W₂}L‖² (ratio, log scale)")
    ax.legend(fontsize=7)
    return "\n".join(
        [
            "The step of the 1995 argument that is true (yuchen1995.core, derived): with H square, "
            "‖RHᵀ‖_F ≥ σ_min(H)‖R‖_F, so L ≤ ‖∇_{W₂}L‖²/(4σ_min(H)²) and ∇_{W₂}L = 0 with H nonsingular forces "
            f"L = 0. {data['passed']} of {data['trials']} trials passed ({data['undecided']} undecided); the "
            "bound is attained (ratio 1) when the residual lies along H's smallest singular direction.",
            "",
            figures.save(fig, "yuchen1995_core", "The core bound against the conditioning of H"),
        ]
    )


SECTIONS = (
    Section(
        "yuchen1995",
        "counterexample",
        "Yu & Chen 1995 refuted: a verified bad local minimum at the theorem's width",
        f"{_EXPERIMENTS}:counterexample_profile",
        render_counterexample,
        claims=("yuchen1995.counterexample",),
    ),
    Section(
        "yuchen1995",
        "census",
        "Yu & Chen 1995: what a random search sees (not the theorem)",
        f"{_EXPERIMENTS}:search_census",
        render_census,
        claims=("yuchen1995.search_no_bad_min",),
    ),
    Section(
        "yuchen1995",
        "core",
        "Yu & Chen 1995: the true core of the argument",
        f"{_EXPERIMENTS}:core_tightness",
        render_core,
        claims=("yuchen1995.core",),
    ),
)
