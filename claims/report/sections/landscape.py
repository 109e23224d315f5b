"""Report sections of the landscape family: render the data of claims/catalogue/landscape/experiments.py."""

from __future__ import annotations

import math
import statistics

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from claims.report.figures import Figures
from claims.report.section import Section
from claims.spec import Relation

#: the module of this family's experiments, imported only when one runs (rendering needs none)
_EXPERIMENTS = "claims.catalogue.landscape.experiments"


def render_strict_saddle_escape(data: dict, figures: Figures) -> str:
    fig, ax = plt.subplots(figsize=(5, 3.5))
    for run in data["runs"]:
        proj = np.asarray(run["projection"])
        t = np.arange(len(proj))
        ax.semilogy(t, proj, label=f"d = {run['d']}")
        ax.semilogy(t, proj[0] * data["growth"] ** t, "k:", lw=0.6)
    ax.set_xlabel("GD step t")
    ax.set_ylabel("|vᵀx_t|, v the bottom eigenvector (log scale)")
    ax.set_title("dotted: the linearised growth |1 − ηλ_min|^t |vᵀx_0|", fontsize=9)
    ax.legend()
    link = figures.save(fig, "landscape_strict_saddle_escape", "escape along the bottom eigenvector")
    rows = "\n".join(f"| {r['d']} | {r['escape_step']} |" for r in data["runs"])
    steps = math.log(data["threshold"] / 1e-6) / math.log(data["growth"])
    return (
        f"{link}\n\nη = {data['eta']:g}, λ_min = {data['lambda_min']:g}, |vᵀx_0| ≈ 1e-6: steps until |vᵀx_t| ≥ "
        f"{data['threshold']:g} (independent of d, log(1e4)/log({data['growth']:g}) ≈ {steps:.0f}):\n\n"
        f"| d | escape step |\n|---|---|\n{rows}\n"
    )


def render_spurious_share(data: dict, figures: Figures) -> str:
    rows = data["rows"]
    share = [r["verified"] / r["starts"] for r in rows]
    yerr = [
        [s - r["interval"][0] for s, r in zip(share, rows, strict=True)],
        [r["interval"][1] - s for s, r in zip(share, rows, strict=True)],
    ]
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.errorbar([r["k"] for r in rows], share, yerr=yerr, fmt="o-")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # k is a count: no 6.25
    ax.set_xlabel("k, neurons of the teacher and of the student")
    ax.set_ylabel("share of starts in a spurious minimum (of 1)")
    ax.set_title(f"bars: exact intervals, level {data['level']:.6g}", fontsize=9)
    link = figures.save(fig, "landscape_spurious_minima_share", "share of spurious minima against k")
    table = "\n".join(
        f"| {r['k']} | {r['verified']}/{r['starts']} | {s:.3f} | [{r['interval'][0]:.3f}, {r['interval'][1]:.3f}] |"
        for r, s in zip(rows, share, strict=True)
    )
    wtable = "\n".join(f"| {k} | {f:.5f} | {lam:.3e} |" for r in rows for k, f, lam in r["witnesses"])
    return (
        f"{link}\n\nGD ({data['steps']} steps, η = {data['eta_k']:g}/k) from {data['starts']} starts per k, teacher "
        f"V = I_k; an end point counts when an independent check verifies ‖∇F‖ ≤ {data['grad_tol']:g} (+ rounding), "
        f"∇²F ≽ −eig_tol and F > {data['loss_gap']:g}. Intervals: exact, level {data['level']:g}.\n\n"
        f"| k | verified/starts | share | interval |\n|---|---|---|---|\n{table}\n\n"
        f"Verified witnesses (up to 3 per k and chunk):\n\n| k | F | λ_min(∇²F) |\n|---|---|---|\n{wtable}\n"
    )


def _interval(fit: dict) -> str:
    return f"{fit['slope']:.3f} (interval [{fit['lo']:.3f}, {fit['hi']:.3f}])"


def _censored(data: dict) -> str:
    """The runs cut at max_steps before an ε-SOSP: left out of the fits (they have no escape time), and said so,
    since leaving out the slowest runs bends a fit down."""
    k = data.get("censored")
    if not k:
        return ""
    return f" (and {k} more cut at max_steps = {data['max_steps']} before an ε-SOSP, left out of the fits)"


def _growth_in_d(fit: dict) -> str:
    """What the fitted T ∝ d^a' says of growth in d, read from its interval (not assumed)."""
    if fit["lo"] > 0:
        return (
            "The growth is real (the interval of a' lies above 0): the perturbation's component along the escape "
            "direction is of order r/√d."
        )
    if fit["hi"] < 0:
        return "The count falls with d here (the interval of a' lies below 0)."
    return "The interval of a' holds 0: no growth in d is resolved at these sizes."


def _pgd_against_gd(gd: dict, pgd: dict) -> str:
    """Perturbed GD's growth per dimension against GD's, read from the two intervals."""
    if pgd["hi"] < gd["lo"]:
        return (
            "its interval lies below GD's, so GD's count exceeds perturbed GD's by a factor that grows "
            "exponentially in d"
        )
    return "its interval meets or exceeds GD's: no faster escape of perturbed GD is resolved here"


def render_pgd_escape(data: dict, figures: Figures) -> str:
    d, T = np.asarray(data["d"], float), np.asarray(data["iterations"], float)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.semilogx(d, T, "o", alpha=0.4, label="runs")
    grid = np.geomspace(data["d_min"], data["d_max"], 50)
    f = data["fit_polylog"]
    fitted = math.exp(f["intercept"]) * np.log(grid) ** f["slope"]
    ax.semilogx(grid, fitted, "k-", label=f"fit ∝ (log d)^{f['slope']:.2f}")
    ax.set_xlabel("dimension d (log scale)")
    ax.set_ylabel("iterations to an ε-SOSP (linear scale)")
    ax.legend()
    link = figures.save(fig, "landscape_perturbed_gd_escape", "perturbed GD escape iterations against d")
    symbol = Relation(data["relation"]).symbol
    return (
        f"{link}\n\n{len(d)} runs{_censored(data)} from the saddle of ½Σλ_i x_i² + ¼‖x‖⁴ (λ_1 = −1), d log-uniform in "
        f"[{data['d_min']}, {data['d_max']}]. Jin et al. 2017: T ≤ C(log d)^{data['polylog_power']:g}, tested as "
        f"T/(log d)^{data['polylog_power']:g} ∝ d^a with a {symbol} {data['excess_power']:g}: fitted a = "
        f"{_interval(data['fit_excess'])}. For comparison, T ∝ d^a' gives a' = {_interval(data['fit_polynomial'])} and "
        f"T ∝ (log d)^b' gives b' = {_interval(data['fit_polylog'])}. {_growth_in_d(data['fit_polynomial'])}\n"
    )


def render_arora_trajectories(data: dict, figures: Figures) -> str:
    fig, ax = plt.subplots(figsize=(5, 3.5))
    for kind, color in (("random", "C3"), ("linear", "C0")):
        curve = data["curves"][kind]
        ax.plot(curve["gd"], color=color, label=f"{kind} labels: GD")
        ax.plot(curve["prediction"], color=color, ls="--", lw=0.8, label=f"{kind} labels: prediction")
    ax.set_xlabel("GD step k")
    ax.set_ylabel("residual ‖y − u(k)‖₂ (Euclidean norm)")
    ax.legend(fontsize=7)
    link = figures.save(fig, "landscape_arora_trajectory", "residual against GD step, measured and predicted")
    table = "\n".join(f"| {k} | {c:.3g} | {a:.3g} | {e:.3g} |" for k, c, a, e in data["rows"])
    n, lam0 = data["n"], data["lambda0"]
    return (
        f"{link}\n\nn = {n} points on S^{data['d'] - 1}, m = {data['m']} (antisymmetric init, u(0) = 0), "
        f"η = 1/λ_max(H∞), λ0 = {lam0:.3g}. Dashed: Arora et al. 2019, Theorem 4.1, ‖(I − ηH∞)^k y‖. Both label "
        f"vectors have ‖y‖ = √n. The claim's tolerance ε/‖y‖ = ½·n/(λ0√m) = {0.5 * n / (lam0 * data['m'] ** 0.5):.3g} "
        "here (a trial whose 2ε exceeds the predicted drop is undecided).\n\n"
        "| labels | yᵀ(H∞)⁻¹y / n | area (η/n)Σ_k‖y − u(k)‖² | max_k deviation / ‖y‖ |\n|---|---|---|---|\n"
        f"{table}\n"
    )


def medians_by_dimension(dims: list[int], steps: list[float]) -> list[list[float]]:
    """[[d, median of the steps of the runs at d]] by increasing d: the conventional median, the mean of the two
    middle values for an even count. (The experiment stored the lower middle value until 2026-12, in a
    ``medians`` field that results.json written then still holds and that rendering ignores.)"""
    return [[d, statistics.median(t for x, t in zip(dims, steps, strict=True) if x == d)] for d in sorted(set(dims))]


def render_exponential_escape(data: dict, figures: Figures) -> str:
    fig, ax = plt.subplots(figsize=(5, 3.5))
    for a, label in (("gd", "GD"), ("pgd", "perturbed GD")):
        ax.semilogy(data["algorithms"][a]["d"], data["algorithms"][a]["steps"], "o", alpha=0.4, label=label)
    medians = {a: medians_by_dimension(r["d"], r["steps"]) for a, r in data["algorithms"].items()}
    (d0, t0), *_ = medians["gd"]
    grid = np.arange(2, data["d_max"] + 1)
    ax.semilogy(grid, t0 * np.exp(data["log_base"] * (grid - d0)), "k--", label="((L+γ)/γ)^d")
    ax.semilogy(grid, t0 * np.exp(data["log_kappa"] * (grid - d0)), "k:", label="κ^d")
    symbol = Relation(data["relation"]).symbol
    ax.set_title(f"T ∝ ((L+γ)/γ)^(b·d); theory b {symbol} {data['theory_exponent']:g}", fontsize=9)
    ax.set_xlabel("dimension d (saddles in the chain)")
    ax.set_ylabel("steps T(d) to the local minimum (log scale)")
    ax.legend()
    link = figures.save(
        fig, "landscape_exponential_escape", "GD and perturbed GD steps to the octopus minimum against d"
    )
    gd, pgd = data["algorithms"]["gd"], data["algorithms"]["pgd"]
    pgd_med = dict((k, t) for k, t in medians["pgd"])
    table = "\n".join(f"| {k} | {t:.3g} | {pgd_med.get(k, float('nan')):.3g} |" for k, t in medians["gd"])
    fg, fp, lb = gd["fit"], pgd["fit"], data["log_base"]
    return (
        f"{link}\n\n{data['runs']} starts uniform in [−1, 1]^d, d uniform in [2, {data['d_max']}], octopus with "
        f"L = {data['L']:.3g}, γ = {data['gamma']:g}, τ = {data['tau']:.3g}, η = {data['eta_L']:g}/L; GD step counts "
        "exact (the linear stretches on each saddle taken in one jump, the same iterates as single steps), "
        f"perturbed GD (r = {data['radius']:g}, g_thres = "
        f"{data['g_thres']:g}, t_thres = {data['t_thres']}) run step by step. Growth per dimension, fitted "
        f"log T = a + c·d: GD c = {_interval(fg)}, i.e. b = c/log((L+γ)/γ) = {fg['slope'] / lb:.3f} against the "
        f"claim's "
        f"b {symbol} {data['theory_exponent']:g} (log((L+γ)/γ) = {lb:.3f}, Du et al. 2017's chain; log κ = "
        f"{data['log_kappa']:.3f}, κ = 1 + log(1/(1−2ηL))/log(1+2ηγ), the discrete-step factor); perturbed GD "
        f"c = {_interval(fp)}: {_pgd_against_gd(fg, fp)}.\n\n"
        f"| d | GD steps (median) | perturbed GD steps (median) |\n|---|---|---|\n{table}\n"
    )


_SECTIONS = (
    ("strict_saddle_escape", "Escape from a strict saddle", render_strict_saddle_escape, ()),
    (
        "spurious_share",
        "Spurious local minima of teacher–student ReLU nets",
        render_spurious_share,
        ("landscape.spurious_minima_relu",),
    ),
    (
        "pgd_escape",
        "Perturbed GD: escape iterations against dimension",
        render_pgd_escape,
        ("landscape.perturbed_gd_escape",),
    ),
    (
        "arora_trajectories",
        "Arora et al. 2019: residual trajectories, random against structured labels",
        render_arora_trajectories,
        (),
    ),
    (
        "exponential_escape",
        "Exponential escape: GD against perturbed GD on the octopus",
        render_exponential_escape,
        ("landscape.exponential_escape",),
    ),
)

SECTIONS = tuple(
    Section("landscape", key, title, f"{_EXPERIMENTS}:{key}", render, claims)
    for key, title, render, claims in _SECTIONS
)
