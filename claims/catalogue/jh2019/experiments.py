"""Report experiments of the jh2019 family (data only; rendered by claims/report/sections/jh2019.py).

* ``fig1``: Section IV's experiment, batched over trials: success rate against n for GD and AM from identity
  and random initialisation (Fig. 1a), and training/test loss against epoch at the largest n (Fig. 1b);
* ``rates``: Theorem 1's factors ρ_GD, ρ_AM (with Lemma 2's ρ₃ at the instance) and κ next to the one-step
  ratios they bound and the measured flip error, at the claims' default and the experiment's size, and the
  shares of draws with a pattern flip and with ρ_AM < 1 against γ/√d;
* ``sample_sweep``: the empirical n*(d) at which AM and GD recover in ≥ 90 % of trials, with its fitted
  exponent in d against the theory's d·k² = d³.
"""

from __future__ import annotations

import math
import time

import numpy as np
import torch

from claims.catalogue.jh2019.claims import PAPER_GAMMA_REL
from claims.catalogue.jh2019.trials import lemma2_rho3
from claims.spec import ByProfile, item_generator, item_where
from claims.stats import failure_rate_interval_by_clopper_pearson, fit_power_law_exponent
from models import shallow_residual as sr
from models import shallow_residual_dynamics as dyn

#: Fig. 1(a), read from the ISIT 2019 paper as rendered (page 5; markers at n = 200, 700, 1200, 1700):
#: every curve is 0 at n = 200 and 1 at n = 1200 and 1700; at n = 700 AM from the identity is 0.6, the other
#: three 0. Fig. 1(b) at n = 1700: AM reaches log L ≈ −19 (identity) and −14.5 (random) by epoch 10, GD about
#: −7.5 at epoch 10 and −9 at epoch 100; the text: AM needs "about 10 epochs" for GD's loss "in 1000 epochs".
PAPER_FIG1A = {
    "n": [200, 700, 1200, 1700],
    "am/identity": [0.0, 0.6, 1.0, 1.0],
    "am/random": [0.0, 0.0, 1.0, 1.0],
    "gd/identity": [0.0, 0.0, 1.0, 1.0],
    "gd/random": [0.0, 0.0, 1.0, 1.0],
}
PAPER_N_FACTORS = (0.5, 1.75, 3.0, 4.25)  # the paper's n = 200, 700, 1200, 1700 over d² = 400
FIG1_D = ByProfile(quick=8, standard=20, full=20)
GD_EPOCHS, AM_EPOCHS, GD_STEP, THRESHOLD = 1000, 50, 0.9, 0.01
THM1_ITERATIONS = 12  # the Theorem 1 claims' default horizon: Lemma 2's union bound is split over it


def teachers_and_inits(trials, d, gamma, generator, device, dtype):
    """``trials`` teachers, each twice: first with W⁰ = 0, then with vec W⁰ ~ N(0, I)/d."""
    W_star, v = sr.teacher(trials, d, gamma, generator=generator, dtype=dtype, device=device)
    W0 = torch.cat(
        [torch.zeros_like(W_star), sr.random_init(trials, d, generator=generator, dtype=dtype, device=device)]
    )
    return W_star.repeat(2, 1, 1), v.repeat(2, 1), W0


def reproduce_fig1(
    d,
    sizes,
    trials,
    *,
    generator,
    device="cpu",
    dtype=torch.float64,
    gamma_rel=PAPER_GAMMA_REL,
    gd_epochs=GD_EPOCHS,
    am_epochs=AM_EPOCHS,
    gd_step=GD_STEP,
    threshold=THRESHOLD,
):
    """Fig. 1(a): for each n, ``trials`` teachers and training sets, each trained by AM and GD from the identity
    and from a random start (all trials of one n in one batch). Returns, per "method/init", lists over n of
    successes, verified failures (AM cycles) and undecided runs, and the median epochs of the successes."""
    out = {
        f"{m}/{i}": {"success": [], "failed": [], "undecided": [], "epochs": []}
        for m in ("am", "gd")
        for i in ("identity", "random")
    }
    for n in sizes:
        W_star, v, W0 = teachers_and_inits(trials, d, gamma_rel * math.sqrt(d), generator, device, dtype)
        stream = dyn.DataStream(W_star, v, n, 1.0, "fixed", generator)
        am = dyn.am_until_cycle(stream, W0, am_epochs, threshold)
        eta = dyn.fixed_theory_step(stream, W0, gd_step)
        gd = dyn.run(stream, W0, "gd", gd_epochs, eta=eta, stop_rel=threshold, halve_on_increase=True)
        gd_status = torch.where(gd["stopped"] <= gd_epochs, 1, 0)
        for method, status, steps in (("am", am["status"], am["steps"]), ("gd", gd_status, gd["stopped"])):
            for half, init in enumerate(("identity", "random")):
                s, k = status[half * trials : (half + 1) * trials], steps[half * trials : (half + 1) * trials]
                row = out[f"{method}/{init}"]
                row["success"].append(int((s == 1).sum()))
                row["failed"].append(int((s == -1).sum()))
                row["undecided"].append(int((s == 0).sum()))
                row["epochs"].append(float(k[s == 1].double().median()) if bool((s == 1).any()) else None)
    return out


def loss_curves(
    d,
    n,
    *,
    generator,
    device="cpu",
    dtype=torch.float64,
    gamma_rel=PAPER_GAMMA_REL,
    gd_epochs=GD_EPOCHS,
    am_epochs=20,
    n_test=500,
    every=5,
):
    """Fig. 1(b): one teacher and training set, training and test loss (n_test fresh samples) per epoch of AM
    and GD from the identity and from a random start. GD's records are kept every ``every`` epochs."""
    W_star, v, W0 = teachers_and_inits(1, d, gamma_rel * math.sqrt(d), generator, device, dtype)
    stream = dyn.DataStream(W_star, v, n, 1.0, "fixed", generator)
    X_test = sr.inputs(2, n_test, d, scale=1.0, generator=generator, dtype=dtype, device=device)
    X_test[1] = X_test[0]  # one test set for both starts
    curves = {}
    for method, epochs, keep in (("am", am_epochs, 1), ("gd", gd_epochs, every)):
        eta = dyn.fixed_theory_step(stream, W0, GD_STEP) if method == "gd" else None
        rec = dyn.run(stream, W0, method, epochs, eta=eta, X_test=X_test, halve_on_increase=True)
        for half, init in enumerate(("identity", "random")):
            curves[f"{method}/{init}"] = {
                "epoch": list(range(0, epochs, keep)),
                "train": [float(x) for x in rec["loss"][:epochs:keep, half]],
                "test": [float(x) for x in rec["test_loss"][:epochs:keep, half]],
            }
    gd_last = curves["gd/identity"]["train"][-1]  # GD's training loss after its last recorded epoch
    below = np.flatnonzero(np.array(curves["am/identity"]["train"]) <= gd_last)
    return {
        "n": n,
        "curves": curves,
        "gd_last": {"epoch": curves["gd/identity"]["epoch"][-1], "loss": gd_last},
        "am_epoch_matching_gd_last": int(below[0]) if below.size else None,
    }


def fig1a_unit(item: dict) -> dict:
    """Fig. 1(a) at one n (:func:`reproduce_fig1`), with the unit's wall and CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    rates = reproduce_fig1(item["d"], [item["n"]], item["trials"], generator=item_generator(item), **item_where(item))
    return {"rates": rates, "wall_s": time.perf_counter() - start, "cpu_s": time.process_time() - cpu}


def fig1b_unit(item: dict) -> dict:
    """Fig. 1(b) at one n (:func:`loss_curves`), with the unit's wall seconds."""
    start = time.perf_counter()
    curves = loss_curves(item["d"], item["n"], generator=item_generator(item), **item_where(item))
    return {"curves": curves, "wall_s": time.perf_counter() - start}


def fig1(ctx) -> dict:
    """Both panels at d = 20 and the paper's n (standard) or at d = 8 with the same n/d² (quick), 10 trials;
    one unit per n of panel (a) and one for panel (b)."""
    d, trials = FIG1_D[ctx.profile], 10
    sizes = [math.ceil(f * d * d) for f in PAPER_N_FACTORS]
    units = ctx.map(fig1a_unit, [ctx.item(f"fig1a/n={n}", d=d, n=n, trials=trials) for n in sizes])
    (panel_b,) = ctx.map(fig1b_unit, [ctx.item("fig1b", d=d, n=sizes[-1])])
    rates = {
        key: {k: [x for u in units for x in u["rates"][key][k]] for k in row} for key, row in units[0]["rates"].items()
    }
    for row in rates.values():
        row["ci"] = [failure_rate_interval_by_clopper_pearson(s, trials, 0.95) for s in row["success"]]
    return {
        "d": d,
        "n": sizes,
        "trials": trials,
        "gamma": PAPER_GAMMA_REL * math.sqrt(d),
        "rates": rates,
        "paper": PAPER_FIG1A,
        "loss": panel_b["curves"],
        "wall_s": {"fig1a": sum(u["wall_s"] for u in units), "fig1b": panel_b["wall_s"]},
        "cpu_s": {"fig1a": sum(u["cpu_s"] for u in units)},
        "protocol": {"gd_epochs": GD_EPOCHS, "am_epochs": AM_EPOCHS, "gd_step": GD_STEP, "threshold": THRESHOLD},
        "device": str(ctx.device),
    }


def _quantiles(x: torch.Tensor) -> list[float]:
    x = x[torch.isfinite(x)].double().cpu()
    return (
        [float(q) for q in torch.quantile(x, torch.tensor([0.1, 0.5, 0.9], dtype=torch.float64))] if x.numel() else []
    )


def _lemma2_rho3(W_star: torch.Tensor, n: int) -> torch.Tensor:
    """Lemma 2's ρ₃ at the instance, as the Theorem 1 claims take it at their default horizon (W⁰ = 0)."""
    p = {"d": W_star.shape[-1], "iterations": THM1_ITERATIONS, "rho3_factor": 1.0, "scale": 1.0}
    return lemma2_rho3(p, torch.zeros_like(W_star), W_star, n)


def _first_step(d, n, gamma_rel, regime, trials, steps, generator, device, dtype) -> dict:
    W_star, v = sr.teacher(trials, d, gamma_rel * math.sqrt(d), generator=generator, dtype=dtype, device=device)
    stream = dyn.DataStream(W_star, v, n, 1.0, regime, generator)
    rho3 = _lemma2_rho3(W_star, n)
    return {**dyn.compare_steps(stream, torch.zeros_like(W_star), steps, rho3), "rho3": rho3}


def _rate_row(label, d, n, gamma_rel, regime, trials, steps, generator, device, dtype) -> dict:
    """Theorem 1's factors (Lemma 2's ρ₃) at the first ``steps`` GD iterates next to the measured one-step
    ratios, the measured Σ_q ‖E_q‖/‖W⁰ − W*‖ and the share of trials with a pattern flip at W⁰."""
    cmp = _first_step(d, n, gamma_rel, regime, trials, steps, generator, device, dtype)
    keys = ("kappa", "rho3_measured", "s_min", "s_max", "rho_gd", "r_gd", "rho_am", "r_am")
    row = {"label": label, "d": d, "n": n, "gamma_rel": gamma_rel, "regime": regime, "trials": trials}
    row.update({k: _quantiles(cmp[k][0]) for k in keys})  # at W⁰ = 0, the binding iterate
    row["rho3"] = _quantiles(cmp["rho3"])
    row["share_flipped"] = float((cmp["flips"][0] > 0).double().mean())
    row["share_rho_am_below_1"] = float((cmp["rho_am"][0] < 1).double().mean())
    row["share_r_am_below_r_gd"] = float((cmp["r_am"] < cmp["r_gd"]).all(0).double().mean())
    return row


def rates(ctx) -> dict:
    """Theorem 1 factors with Lemma 2's ρ₃ at the claims' default, at the former default and at the
    experiment's size; the shares of flips and of ρ_AM < 1 against γ (one unit of the report's executor)."""
    return ctx.offload(_rates)


def _rates(ctx) -> dict:
    g = ctx.generator("rates")
    big = 20 if ctx.profile != "quick" else 10
    cases = [
        ("claims' default", 2, 16000, 1e-3, "fresh", 200),
        ("claims' d = 3", 3, 54000, 5e-4, "fresh", 50 if ctx.profile == "quick" else 200),
        ("former default, n = 16·d³", 2, 128, 5e-4, "fresh", 200),
        (f"experiment's γ/√d, d = {big}, n = 4.25·d²", big, math.ceil(4.25 * big * big), PAPER_GAMMA_REL, "fixed", 10),
    ]
    rows = [_rate_row(*c[:5], c[5], 2, g, ctx.device, ctx.dtype) for c in cases]
    sweep, draws = [], 100 if ctx.profile == "quick" else 400
    for gamma_rel in (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, PAPER_GAMMA_REL):
        cmp = _first_step(2, 16000, gamma_rel, "fresh", draws, 1, g, ctx.device, ctx.dtype)
        sweep.append(
            {
                "gamma_rel": gamma_rel,
                "share_flipped": float((cmp["flips"][0] > 0).double().mean()),
                "share_rho_am_below_1": float((cmp["rho_am"][0] < 1).double().mean()),
                "share_rho_gd_below_1": float((cmp["rho_gd"][0] < 1).double().mean()),
                "share_r_am_below_1": float((cmp["r_am"][0] < 1).double().mean()),
                "share_r_gd_below_1": float((cmp["r_gd"][0] < 1).double().mean()),
                "median_rho_am": float(cmp["rho_am"][0].median()),
            }
        )
    return {"rows": rows, "gamma_sweep": {"d": 2, "n": 16000, "trials": draws, "rows": sweep}}


SWEEP_D = ByProfile(quick=(3, 4, 5), standard=(3, 4, 5, 6, 8, 10), full=(3, 4, 5, 6, 8, 10, 12, 14))
SWEEP_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0)


def _success_share(method, d, n, trials, generator, device, dtype) -> float:
    W_star, v, W0 = teachers_and_inits(trials, d, PAPER_GAMMA_REL * math.sqrt(d), generator, device, dtype)
    W_star, v, W0 = W_star[:trials], v[:trials], W0[:trials]  # identity initialisation
    stream = dyn.DataStream(W_star, v, n, 1.0, "fixed", generator)
    if method == "am":
        return float((dyn.am_until_cycle(stream, W0, AM_EPOCHS, THRESHOLD)["status"] == 1).double().mean())
    eta = dyn.fixed_theory_step(stream, W0, GD_STEP)
    rec = dyn.run(stream, W0, "gd", GD_EPOCHS, eta=eta, stop_rel=THRESHOLD, halve_on_increase=True)
    return float((rec["stopped"] <= GD_EPOCHS).double().mean())


def sweep_unit(item: dict) -> int | None:
    """n*(d) of one method at one d: the smallest n = ⌈f·d²⌉ over SWEEP_FACTORS (in increasing order, stopping
    at the first) whose success share over ``trials`` runs is ≥ 0.9; None when no factor reaches it."""
    method, d, g, w = item["method"], item["d"], item_generator(item), item_where(item)
    for f in SWEEP_FACTORS:
        n = math.ceil(f * d * d)
        if _success_share(method, d, n, item["trials"], g, w["device"], w["dtype"]) >= 0.9:
            return n
    return None


def sample_sweep(ctx) -> dict:
    """n*(d): the smallest n = ⌈f·d²⌉ on the grid SWEEP_FACTORS with success share ≥ 0.9 (20 trials, identity
    init, γ/√d as in the paper), one unit per method and d; fitted exponent of n* in d (least squares on
    log-log, 95 % interval)."""
    trials, out, ds = 20, {}, SWEEP_D[ctx.profile]
    items = [
        ctx.item(f"sweep/{method}/d={d}", method=method, d=d, trials=trials) for method in ("am", "gd") for d in ds
    ]
    found = ctx.map(sweep_unit, items)
    for i, method in enumerate(("am", "gd")):
        points = [[d, n] for d, n in zip(ds, found[i * len(ds) : (i + 1) * len(ds)], strict=True) if n is not None]
        fit = (
            fit_power_law_exponent(
                np.array([p[0] for p in points], float), np.array([p[1] for p in points], float), 0.95
            )
            if len(points) >= 3
            else None
        )
        out[method] = {
            "points": points,
            "exponent": None if fit is None else fit.slope,
            "ci": None if fit is None else [fit.lo, fit.hi],
        }
    return {"trials": trials, "threshold_share": 0.9, "factors": list(SWEEP_FACTORS), "theory_exponent": 3, **out}


EXPERIMENTS = (fig1, rates, sample_sweep)
