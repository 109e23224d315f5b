"""The ``du2018a.widths`` section: data of claims.catalogue.du2018a.widths → tables and figures (no torch)."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from claims.report.figures import Figures
from claims.report.text import resumed_text
from claims.stats import lack_of_fit_f_test, least_squares_t_intervals, two_stage_t_intervals

LABELS = {"lemma3_1": "Lemma 3.1", "thm4_1": "Theorem 4.1 (GD)", "thm3_2": "Theorem 3.2 (flow)"}
#: the theories' exponents on the table's rows, by key, as the fits' table names them
ROW_EXPONENTS = {
    "lemma3_1": (("bernstein", "m_B (Bernstein)"), ("m1", "m₁ (Hoeffding)")),
    "thm4_1": (
        ("du2018a", "Du et al. 2018a"),
        ("song_yang2019", "Song & Yang 2019"),
        ("oymak_soltanolkotabi2020", "Oymak & Soltanolkotabi 2020"),
        ("parameter_count", "m·d = n"),
    ),
    "thm3_2": (("du2018a_flow", "Du et al. 2018a (flow)"),),
}


def _g(x: float) -> str:
    return f"{x:.3g}"


def _m_star(sweep: dict | None) -> str:
    if not sweep:
        return "not run"
    if sweep.get("not_run"):  # the design cannot decide there (the catalogue's widths.unreachable)
        return f"cannot decide: K∞ = {sweep['steps_at_h_infinity']:,} > {sweep['max_steps']:,} steps"
    if sweep["m_star"] is None:
        return f"> {max(p['m'] for p in sweep['points'])}"
    lo, hi = sweep["bracket"]
    return f"{sweep['m_star']} ({lo:.0f}, {hi:.0f}]"


def _vs(width: float, sweep: dict | None) -> str:
    """'width (ratio×)' against the measured m*."""
    if not sweep or not sweep["m_star"]:
        return f"{_g(width)} (–)"
    return f"{_g(width)} ({width / sweep['m_star']:.3g}×)"


def _n(row: dict, draws: bool) -> str:
    """The row's n, and which of the X drawn at that n it is (1, 2, …) where the table has several."""
    return f"{row['n']} | {row.get('draw', 0) + 1}" if draws else str(row["n"])


def _n_head(draws: bool) -> tuple[str, str]:
    return ("n | X", "|---|---") if draws else ("n", "|---")


def _lemma_table(rows: list[dict]) -> list[str]:
    many = any(r.get("draw", 0) for r in rows if r.get("lemma3_1"))
    head, rule = _n_head(many)
    out = [
        f"| {head} | d | λ0 | m*(n) (bracket] | m_B, Bernstein (ratio) | m₁, Hoeffding (ratio) |",
        f"{rule}|---|---|---|---|---|",
    ]
    for r in rows:
        s = r.get("lemma3_1")
        if s:
            out.append(
                f"| {_n(r, many)} | {r['d']} | {r['lambda0']:.3f} | {_m_star(s)} | {_vs(r['bernstein'], s)} | "
                f"{_vs(r['m1'], s)} |"
            )
    return out


def _training_table(rows: list[dict], theories: list[dict]) -> list[str]:
    heads = " | ".join(f"{t['label']} (ratio)" for t in theories)
    many = any(r.get("draw", 0) for r in rows if r.get("thm4_1") or r.get("thm3_2"))
    head, rule = _n_head(many)
    out = [
        f"| {head} | d | λ0 | GD m*(n) (bracket] | {heads} | flow m*(n) (bracket] | Du et al. 2018a, flow (ratio) |",
        f"{rule}|---|---|---|" + "---|" * len(theories) + "---|---|",
    ]
    for r in rows:
        gd, flow = r.get("thm4_1"), r.get("thm3_2")
        if not gd and not flow:
            continue
        cells = " | ".join(_vs(r["theories"][t["key"]], gd) for t in theories)
        flow_cells = f"{_m_star(flow)} | {_vs(r['flow_width'], flow)}" if flow else "not run | –"
        out.append(f"| {_n(r, many)} | {r['d']} | {r['lambda0']:.3f} | {_m_star(gd)} | {cells} | {flow_cells} |")
    return out


def _interval(fit: dict, k: int) -> str:
    c, (lo, hi) = fit["coefficients"][k], fit["intervals"][k]
    return f"{c:.2f} [{lo:.2f}, {hi:.2f}] (±{(hi - lo) / 2:.2f})"


def _scatter(data: dict, key: str, regimes: list[str], k: int, sign: float = 1.0) -> str:
    """Coefficient k's classical t interval (claims.stats.least_squares_t_intervals) in the fit's own least
    squares: log √(lo·hi) on log n (and log λ0), over the rows the fit used (those with a bracket), from the
    brackets results.json keeps. Unlike the fit's bootstrap, which holds each row's X as drawn, it comes from
    the rows' scatter about the line: the draw of X, curvature, grid and trials. "–" where there is no
    residual degree of freedom or the rows lie on the line exactly (ties: no scatter to measure)."""
    rows = _bracketed(data, key, regimes)
    names = ("n",) if len(regimes) == 1 else ("n", "lambda0")
    x = np.log([[float(r[c]) for c in names] for r in rows]).reshape(len(rows), len(names))
    y = _log_midpoints(rows, key)
    stage = _two_stage(data, key, regimes)
    if stage and rows:  # Stein's interval: the scale from the pilot rows alone (see _two_stage_text)
        got = two_stage_t_intervals(x, y, np.array([r["draw"] < stage["pilot"] for r in rows]))
    else:
        got = least_squares_t_intervals(x, y) if rows else None
    if got is None:
        return "–"
    lo, hi = sorted(sign * x for x in got[k])
    return f"[{lo:.2f}, {hi:.2f}] (±{(hi - lo) / 2:.2f}){' ²' if stage else ''}"


def _bracketed(data: dict, key: str, regimes: list[str]) -> list[dict]:
    """The rows of ``regimes`` whose sweep under ``key`` has an m* bracket: the rows every fit uses."""
    return [r for r in data["rows"] if r["regime"] in regimes and r.get(key) and r[key].get("bracket")]


def _log_midpoints(rows: list[dict], key: str) -> np.ndarray:
    """log √(lo·hi), each row's bracket's geometric midpoint in log: the fits' response. The catalogue's second
    stage computes the same (widths._log_midpoints), written here again because rendering must not import the
    catalogue (tests/report/test_render_without_torch.py)."""
    return np.log([math.sqrt(r[key]["bracket"][0] * r[key]["bracket"][1]) for r in rows])


def _two_stage(data: dict, key: str, regimes: list[str]) -> dict | None:
    """The two-stage record of ``key``'s fit in a single regime, None elsewhere (and in results before it)."""
    if len(regimes) != 1:
        return None
    return data["plans"][key].get("two_stage", {}).get(regimes[0])


def _two_stage_text(data: dict) -> str:
    """What the second stage measured and drew, per claim and regime that has one ("" where none has)."""
    said = []
    for key, plan in data["plans"].items():
        for regime, st in plan.get("two_stage", {}).items():
            if not _planned(data, key, [regime]):  # results of a --select before the experiment skipped these
                continue
            if st["scale"] is None:
                said.append(f"{LABELS[key]} at {regime}: the pilot gave no scale, so no second stage")
                continue
            more = st["draws"] - st["pilot"]
            goal = "meets" if st["met"] else "misses, at the most the plan allows,"
            said.append(
                f"{LABELS[key]} at {regime}: pilot {st['pilot']} X per n, s₁ = {st['scale']:.3f} on ν₁ = {st['dof']}, "
                f"{more} more X per n drawn (at most {st['most'] - st['pilot']}), planned half-width "
                f"{st['planned_half_width']:.3f}, which {goal} the goal ±{st['goal']:g}"
            )
    if not said:
        return ""
    return (
        " ² Two stages (Stein 1945): the first X per n are a pilot, whose rows' own least squares give the scale s₁ "
        "on ν₁ degrees of freedom; a second stage draws the fewest more X per n whose planned half-width "
        "t_ν₁·s₁·√[(DᵀD)⁻¹]_aa meets the goal, D the rows to be fitted (n once more per X to come). The interval "
        "shown is Stein's: coefficients from every row, scale and t from the pilot alone, so its coverage stays "
        "exact although the pilot chose how many rows followed (under the same Gaussian scatter); its "
        "half-width can differ from the planned one where a sweep of the second stage ends without a bracket. "
        + "; ".join(said)
        + "."
    )


def _fits_table(data: dict) -> list[str]:
    out = [
        "| claim | regime | rows | fitted a in m* ∝ n^a (95% interval) | t interval from the rows' scatter "
        "| the theories' exponents in n, same rows |",
        "|---|---|---|---|---|---|",
    ]
    for key, by in data["fits"].items():
        for regime in data["regimes"]:
            if not _planned(data, key, [regime]):
                continue
            fit = by.get(regime)
            mine = [r for r in data["rows"] if r["regime"] == regime and r.get(key) and r[key]["m_star"]]
            theirs = ", ".join(
                f"{label} {slope:.2f}"
                for k, label in ROW_EXPONENTS[key]
                if (slope := _slope([r["n"] for r in mine], [_theory_width(r, k) for r in mine])) is not None
            )
            fitted = _interval(fit, 0) if fit else f"{len(mine)} rows with an m*: too few to fit"
            rows = fit["rows"] if fit else "–"
            scatter = _scatter(data, key, [regime], 0) if fit else "–"
            out.append(f"| {LABELS[key]} | {regime} | {rows} | {fitted} | {scatter} | {theirs} |")
    return out


def _shape_table(data: dict) -> list[str]:
    """Per claim and regime with replicate rows: whether one power law fits (the lack-of-fit F test of log m* on
    log n, claims.stats.lack_of_fit_f_test) and the local exponent between successive n (the least-squares slope
    over the rows at the two n, with its classical t interval from their scatter; each interval 95 % on its
    own, not jointly)."""
    out = []
    for key in data["fits"]:
        for regime in data["regimes"]:
            rows = _bracketed(data, key, [regime])
            x, y = np.log([float(r["n"]) for r in rows]), _log_midpoints(rows, key)
            test = lack_of_fit_f_test(x, y) if len(rows) else None
            if test is None:
                continue
            ns = sorted({r["n"] for r in rows})
            local = []
            for a, b in itertools.pairwise(ns):
                pair = [i for i, r in enumerate(rows) if r["n"] in (a, b)]
                got = least_squares_t_intervals(x[pair], y[pair])
                at = {k: y[[i for i in pair if rows[i]["n"] == k]].mean() for k in (a, b)}
                slope = (at[b] - at[a]) / math.log(b / a)
                cell = f"{slope:.2f} [{got[0][0]:.2f}, {got[0][1]:.2f}]" if got else f"{slope:.2f} (–)"
                local.append(f"{a}→{b}: {cell}")
            verdict = "no" if test.p_value < 0.05 else "not rejected"
            out.append(
                f"| {LABELS[key]} | {regime} | F = {test.f:.3g} on ({test.dof[0]}, {test.dof[1]}), "
                f"p = {test.p_value:.2g}: {verdict} | {'; '.join(local)} |"
            )
    if not out:
        return []
    return [
        "",
        "Is one power law enough? Where a regime has several X per n, the rows' scatter at each n (pure error) "
        "tests the straight line in log–log (lack-of-fit F test, Draper & Smith §2.1): a small p says m*(n) bends, "
        "and the fitted a above is then an average over the range, not a growth rate. The local exponent between "
        "successive n is the slope over the rows at those two n (their means' difference over log n₂/n₁), with its "
        "t interval from their scatter (95 % each, not jointly).",
        "",
        "| claim | regime | one power law? (lack-of-fit F test) "
        "| local exponent between successive n (95 % t interval) |",
        "|---|---|---|---|",
        *out,
    ]


def _planned(data: dict, key: str, regimes: list[str]) -> bool:
    """Whether ``key``'s plan swept any n in one of ``regimes`` (a profile, or a ``--select``, may leave it out)."""
    plan = data.get("plans", {}).get(key)
    return plan is None or any(plan["ns"].get(r) for r in regimes)  # data without plans: as if all were


def _theory_width(row: dict, key: str) -> float:
    own = {"m1": row["m1"], "bernstein": row["bernstein"], "du2018a_flow": row["flow_width"]}
    return own[key] if key in own else row["theories"][key]


def _slope(ns: list[int], widths: list[float]) -> float | None:
    """The least-squares slope of log width on log n (the exponent a width has on these rows), None with
    fewer than 2 distinct n or a width that is not positive."""
    if len(set(ns)) < 2 or any(w <= 0 for w in widths):
        return None
    return float(np.polyfit(np.log(ns), np.log(widths), 1)[0])


def _joint_table(data: dict) -> list[str]:
    nominal = data["nominal_exponents"]
    theirs = "; ".join(
        f"{t['label']} ({nominal[t['key']][0]}, {nominal[t['key']][1]})"
        for t in data["theories"]
        if t["key"] in nominal
    )
    out = []
    joint = data.get("joint_regimes", data["regimes"])
    for key, by in data["fits"].items():
        if not _planned(data, key, joint):
            continue
        fit = by.get("joint")
        swept = {r["regime"] for r in data["rows"] if r["regime"] in joint and r.get(key)}
        if len(swept) < 2:  # results written before the experiment skipped such a fit hold one: not shown
            said = f"needs rows of both sphere regimes (this run has {len(swept)})"
            out.append(f"| {LABELS[key]} | – | {said} | – | – | – |")
            continue
        if not fit:
            out.append(f"| {LABELS[key]} | – | too few m* or collinear | – | – | – |")
            continue
        # log m* = c + a·log n + c_λ·log λ0, and m* ∝ λ0^(−b): b = −c_λ
        c, (lo, hi) = fit["coefficients"][1], fit["intervals"][1]
        b = f"{-c:.2f} [{-hi:.2f}, {-lo:.2f}] (±{(hi - lo) / 2:.2f})"
        scatter = f"{_scatter(data, key, joint, 0)} | {_scatter(data, key, joint, 1, -1.0)}"
        out.append(f"| {LABELS[key]} | {fit['rows']} | {_interval(fit, 0)} | {b} | {scatter} |")
    if out:  # a part on the digits alone swept no sphere regime: no joint table
        columns = "a (95% interval) | b (95% interval) | a, t interval from the rows' scatter | b, the same"
        out = [f"| claim | rows | {columns} |", "|---|---|---|---|---|---|", *out]
    lemma = nominal.get("lemma3_1_hoeffding")
    out += [
        "",
        f"The theories' nominal (a, b), logarithms left out: {theirs}; Lemma 3.1's m₁ ({lemma[0]}, {lemma[1]}).",
    ]
    return out


#: (line style, marker) per regime, in the order of the data's regimes
STYLES = (("-", "o"), ("--", "s"), (":", "^"))


def _style(data: dict, regime: str) -> tuple[str, str]:
    return STYLES[data["regimes"].index(regime) % len(STYLES)]


def _rate(p: dict) -> float:
    return p["failures"] / p["trials"]


def _colours(rows: list[dict]) -> dict[tuple[str, int], str]:
    """One colour per (regime, n), the same in every panel of both figures."""
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    keys = sorted({(r["regime"], r["n"]) for r in rows}, key=lambda k: (k[0] != rows[0]["regime"], k[1]))
    return {k: cycle[i % len(cycle)] for i, k in enumerate(keys)}


def _label(row: dict, rows: list[dict]) -> str | None:
    """The legend's entry: one per (regime, n), on the first of its X in ``rows`` (the others share its colour;
    a part run with ``--select draw`` may lack X 0)."""
    first = min(r.get("draw", 0) for r in rows if (r["regime"], r["n"]) == (row["regime"], row["n"]))
    return None if row.get("draw", 0) != first else f"{row['regime']}, n = {row['n']}"


def _log_x(ax, lo: float, hi: float) -> None:
    """A log x axis whose labels do not collide: under three decades, ticks at powers of 2 written out
    (2, 4, …, 64; 0.125, …, 4; at most 8, so every other power on a wider range); above, matplotlib's powers
    of 10; no labels on minor ticks either way."""
    ax.set_xscale("log")
    if hi / lo < 1000:
        ax.xaxis.set_major_locator(LogLocator(base=2, numticks=8))  # at most 8 labels: every other power past that
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.3g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())


def _rates_figure(data: dict, figures: Figures) -> str:
    """Failure rate against m per (regime, n), one panel per claim, the δ line and m* dotted."""
    keys = [k for k in LABELS if any(r.get(k) and r[k]["points"] for r in data["rows"])]
    if not keys:
        return "No sweep was run: no failure rates to draw."
    colour = _colours(data["rows"])
    fig, axes = plt.subplots(1, len(keys), figsize=(5.2 * len(keys), 3.6), squeeze=False)
    for ax, key in zip(axes[0], keys, strict=True):
        ms = []
        drawn = [r for r in data["rows"] if r.get(key) and r[key]["points"]]
        for r in data["rows"]:
            s = r.get(key)
            if not s or not s["points"]:  # a sweep not run: no points to draw
                continue
            ls, marker = _style(data, r["regime"])
            c = colour[r["regime"], r["n"]]
            ms += [p["m"] for p in s["points"]]
            ax.plot(
                [p["m"] for p in s["points"]], [_rate(p) for p in s["points"]], ls, marker=marker, ms=3, lw=1, color=c,
                label=_label(r, drawn),
            )  # fmt: skip
            if s["m_star"]:
                ax.axvline(s["m_star"], color=c, ls=":", lw=1)
        ax.axhline(data["delta"][key], color="k", lw=1)
        _log_x(ax, min(ms), max(ms))
        ax.set_xlabel("width m (dotted: m*(n))")
        ax.set_ylabel("failure rate (solid line: δ)")
        ax.set_title(LABELS[key], fontsize=10)
        ax.legend(fontsize=6)
    return figures.save(fig, "widths_rates", "Failure rate against m, per regime and n")


def _collapse_figure(data: dict, figures: Figures) -> str:
    """Item 3 of the design: the failure rate against m/m*(n) for every n on one figure per claim, to show
    whether the transitions collapse and how sharp they are."""
    keys = [k for k in LABELS if any(r.get(k) and r[k]["m_star"] for r in data["rows"])]
    if not keys:
        return "No m* was reached: nothing to collapse."
    colour = _colours(data["rows"])
    fig, axes = plt.subplots(1, len(keys), figsize=(5.2 * len(keys), 3.6), squeeze=False)
    for ax, key in zip(axes[0], keys, strict=True):
        xs = []
        drawn = [r for r in data["rows"] if r.get(key) and r[key]["m_star"]]
        for r in data["rows"]:
            s = r.get(key)
            if not s or not s["m_star"]:
                continue
            ls, marker = _style(data, r["regime"])
            xs += [p["m"] / s["m_star"] for p in s["points"]]
            ax.plot(
                [p["m"] / s["m_star"] for p in s["points"]], [_rate(p) for p in s["points"]], ls, marker=marker,
                ms=3, lw=0.8, color=colour[r["regime"], r["n"]], label=_label(r, drawn),
            )  # fmt: skip
        ax.axhline(data["delta"][key], color="k", lw=1)
        ax.axvline(1.0, color="k", ls=":", lw=1)
        _log_x(ax, min(xs), max(xs))
        ax.set_xlabel("m / m*(n)")
        ax.set_ylabel("failure rate (solid line: δ)")
        ax.set_title(LABELS[key], fontsize=10)
        ax.legend(fontsize=6)
    return figures.save(fig, "widths_collapse", "Failure rate against m/m*(n)")


def _lambda0_span(data: dict, regime: str) -> str:
    """λ0 at the smallest and the largest n of a regime (medians over its X), as measured: the regimes are chosen
    for how λ0 moves with n, and the table's rows show whether it did."""
    by_n: dict[int, list[float]] = {}
    for r in data["rows"]:
        if r["regime"] == regime:
            by_n.setdefault(r["n"], []).append(r["lambda0"])
    if len(by_n) < 2:
        return ""
    ends = sorted(by_n.items())
    (n0, first), (n1, last) = ends[0], ends[-1]
    return f"; measured here: median λ0 {np.median(first):.3g} at n = {n0}, {np.median(last):.3g} at n = {n1}"


#: what each regime of the table was chosen for (its λ0 span measured here is added to it)
REGIME_TEXT = {
    "d = 2n": "**d = 2n** (chosen for λ0 flat in n{span}; counting parameters already allows m = O(1))",
    "fixed d = 10": (
        "**fixed d = 10** (chosen for λ0 shrinking as n grows, so that the theories' n- and λ0-dependence bites{span})"
    ),
}


def _regimes_text(data: dict) -> str:
    """The data regimes the rows hold, each with what it was chosen for: a run or part that swept one sphere
    regime (a scale run, a ``--select``) describes that one only."""
    held = {r["regime"] for r in data["rows"]}
    sphere = [REGIME_TEXT[name].format(span=_lambda0_span(data, name)) for name in REGIME_TEXT if name in held]
    said = []
    if len(sphere) == 2:
        said.append(f"Sphere data in two regimes: {sphere[0]} and {sphere[1]}.")
    elif sphere:
        said.append(f"Sphere data in one regime: {sphere[0]}.")
    if "digits, d = 64" in held:
        said.append(
            "Real data: **digits, d = 64**, n rows of scikit-learn's digits drawn by the seed, each scaled to unit "
            f"norm{_lambda0_span(data, 'digits, d = 64')}, the training claims fitting the digits' own ±1 parity "
            "labels."
        )
    return " ".join(said)


def _draws_text(data: dict) -> str:
    """How many X the rows hold per (claim, regime, n): "one X per regime and n" or the regimes with more (and
    the n with fewer than the most, where a part left some out)."""
    more = set()
    for key in data["plans"]:
        for regime in data["regimes"]:
            counts = Counter(r["n"] for r in data["rows"] if r["regime"] == regime and r.get(key))
            most = max(counts.values(), default=1)
            if most > 1:
                fewer = ", ".join(f"{c} at n = {n}" for n, c in sorted(counts.items()) if c < most)
                more.add(f"{LABELS[key]} at {regime}, {most} X per n" + (f" ({fewer})" if fewer else ""))
    more = sorted(more)
    if not more:
        return "one X per regime and n"
    return "one X per regime and n, except: " + "; ".join(more) + "; each X a row of the fit"


def _joint_text(data: dict) -> str:
    joint = data.get("joint_regimes", data["regimes"])
    return "both sphere regimes" if len(joint) == 2 else ", ".join(joint)


def _chosen(selection: dict) -> str:
    return "; ".join(f"{k} {', '.join(map(str, v))}" for k, v in selection.items()) or "the whole experiment"


def _share_text(data: dict) -> str:
    if data.get("parts"):
        shares = ", ".join(f"{p['alpha_share']:.3g}" for p in data["parts"])
        return f"Every point runs at its part's share of its run's α ({shares}), fixed before that run's first trial."
    share = data["alpha_share"]
    return f"Every point runs at an equal share {share:.3g} of the experiment's α, fixed before the first trial."


def _merged_text(parts: list[dict]) -> str:
    """What a merged table (claims.tools.merge_widths) was made of, part by part."""
    said = []
    for i, p in enumerate(parts, 1):
        rows = f"{p['rows']} row" + ("" if p["rows"] == 1 else "s")
        line = f"part {i}: {_chosen(p['selection'])} ({rows}, α share {p['alpha_share']:.3g} a point)"
        if p.get("header"):
            h = p["header"]
            line += (
                f", run by `{h['command']}` on {h['device']}, commit {h.get('commit', '?')}, {h['date']}, "
                f"{h.get('wall_time_s', '?')} s{resumed_text(h)}"
            )
            if h.get("beside"):
                line += f"; beside it: {h['beside']}"
        said.append(line)
    return (
        f"**Merged from {len(parts)} parts** (`python -m claims.tools.merge_widths`): " + "; ".join(said) + ". "
        "A row's sweeps may come from different parts where they share its X (the same seed and λ0); the fits are "
        "made again over every row, with the section's seed. The parts' error rates add up: the union's is at most "
        "the sum of their α. Stein's two-stage interval is not given: each part's second stage was sized from its "
        "own pilot."
    )


def render_widths(data: dict, figures: Figures) -> str:
    """The regimes' width tables (each theory's width and its ratio to the measured m*), the fitted
    exponents with their intervals beside the theories', the joint fit, and the failure-rate figures."""
    if "regimes" not in data:  # a results.json of the design before the two regimes (one grid, no brackets)
        return "These width data come from an earlier design of this section (one √2 grid, d = 2n only); rerun it."
    res = data["resolution"]
    rounds = ", ".join(f"{LABELS[k]} {p['rounds']}" for k, p in data["plans"].items())
    theories = data["theories"]
    notes = "; ".join(f"{t['label']}: {t['order']}, {t['source']}, constant {t['constant']}" for t in theories)
    parts = [  # the section's own heading is the report's (du2018a: the theory's widths against practice)
        f"{_regimes_text(data)} For each claim, "
        "regime and n, m*(n) is the smallest tested width from which on the claim is SUPPORTED at every larger "
        "tested width (the exact upper bound on the failure rate ≤ δ, by its sequential design truncated at its "
        f"count); its bracket (lo, hi] has lo the largest tested width below it. The widths tested: a coarse grid "
        "(Lemma 3.1: the Bernstein width m_B halved repeatedly; Theorems 4.1 and 3.2: 2, 4, 8, …), then bisection "
        f"in log m between lo and hi until hi/lo ≤ {res:.3g} or its rounds are spent ({rounds}); where the "
        "largest width is not SUPPORTED, two more doublings a round up to the plan's top (Lemma 3.1: 4·m_B). "
        f"{_share_text(data)} "
        f"δ: Lemma 3.1 {data['delta']['lemma3_1']}, Theorem 4.1 {data['delta']['thm4_1']} (η = 1/λ_max(H(0)), "
        f"K = 6/(ηλ0) steps), Theorem 3.2 {data['delta']['thm3_2']} (refined RK4 flow to t = 4/λ0).",
        "",
        "Each theory's width is shown with its ratio to the measured m* (×). m_B is Lemma 3.1's width by matrix "
        "Bernstein with an exact variance proxy, derived here (docs/widths.md); m₁ the Hoeffding and union-bound "
        f"width. Theories: {notes}. Where a constant is set to 1 the column compares orders only: read its growth "
        "with n, not its level.",
    ]
    if any(s.get("not_run") for r in data["rows"] for s in (r.get(k) for k in LABELS) if s):
        parts += [
            "",
            "A cell *cannot decide: K∞ = … > … steps* is a GD sweep not run. The practical step η = 1/λ_max(H(0)) "
            "runs K = ⌈6λ_max(H(0))/λ0⌉ steps and a trial is undecided where K > max_steps; as m grows K tends to "
            "K∞ = ⌈6λ_max(H∞)/λ0⌉, so where K∞ > max_steps the wide widths' trials are undecided, SUPPORTED (which "
            "counts them as failures) is out of reach and m* cannot be located. This is known from the row's data "
            "before any trial; it says the design cannot decide there, not that the claim fails.",
        ]
    if data.get("selection"):
        parts += [
            "",
            f"**A part of the experiment** (`--select`): {_chosen(data['selection'])}. Its rows' X are those the "
            "whole run draws; its α share is its own, and its fits use only these rows.",
        ]
    if data.get("parts"):
        parts += ["", _merged_text(data["parts"])]
    for regime in data["regimes"]:
        rows = [r for r in data["rows"] if r["regime"] == regime]
        if not rows:
            continue
        parts += ["", f"#### {regime}"]
        if any(r.get("lemma3_1") for r in rows):
            parts += ["", "Lemma 3.1:", "", *_lemma_table(rows)]
        if any(r.get("thm4_1") or r.get("thm3_2") for r in rows):
            parts += ["", "Training (GD and flow):", "", *_training_table(rows, theories)]
    method = next((f["method"] for by in data["fits"].values() for f in by.values() if f), None)
    parts += [
        "",
        "#### Growth of m*",
        "",
        f"Per regime, m* ∝ n^a; jointly over {_joint_text(data)}, m* ∝ n^a·λ0^(−b). Beside each fit: the exponent each "
        "theory's width has on the same rows (its λ0 moves with n at fixed d, so this is not its nominal order).",
        "",
        *_fits_table(data),
        *_shape_table(data),
        "",
        *_joint_table(data),
    ]
    if method:
        parts += [
            "",
            f"Fit: {method}. The bootstrap holds each row's X as drawn ({_draws_text(data)}). The t interval "
            "(least squares' classical interval, Student t on the residual degrees of freedom) comes from the rows' "
            "scatter about the line instead, and so takes in whatever moves m* from row to row: the draw of X (its "
            "λ0 above all), a curvature of log m* in log n, the grid and the trial noise. Where it is much wider, "
            "the exponent is limited by the data drawn, not by the grid's precision; it assumes that scatter "
            "independent and Gaussian in log m*. A – in its column: no residual degree of freedom, or rows that lie "
            "on the line exactly (m* tied on the grid), whose scatter of zero would give a zero-width interval that "
            "says nothing." + _two_stage_text(data),
        ]
    parts += ["", _rates_figure(data, figures), "", _collapse_figure(data, figures)]
    return "\n".join(parts)
