"""The ``du2018a.widths`` experiment: the empirical width m*(n) of Lemma 3.1, Theorem 4.1 (GD, practical step)
and Theorem 3.2 (flow) in two regimes of data, beside the widths the theories ask for.

Regimes: sphere data with ``d = 2n`` (λ0 flat in n) and with ``fixed d = 10`` (λ0 shrinks as n grows, so the
theories' n- and λ0-dependence bites), and real data, ``digits, d = 64``: n rows of scikit-learn's digits drawn by
the seed (models.datasets; their λ0 falls faster still), trained on their own ±1 parity labels. For each (claim,
regime, n):

1. a coarse grid: for Lemma 3.1 anchored at the Bernstein width m_B (models.width_theories, sound w.p. ≥ 1 − δ),
   m_B·2^(−j), j = 0..J; for the training claims 2, 4, …, start;
2. while the largest width is not SUPPORTED, two more doublings (up to the plan's top: 4·m_B for Lemma 3.1);
   once m* is reached, bisection in log m between the last width not SUPPORTED and m*
   (claims.engine.width_fit.next_width) until hi/lo ≤ the profile's resolution; one round per ``ctx.map``
   over every sweep still open;
3. each point is the claim's sequential design truncated at its count (claims.engine.sweep) at an equal share
   of the experiment's α, the shares fixed before the first trial (every sweep's largest possible count of
   points: its coarse grid, every doubling to its top and the bisection rounds, a second stage's sweeps at
   their most included).

A GD sweep whose row cannot decide is not run (:func:`unreachable`): where the practical step's horizon at H∞,
K∞ = ⌈horizon·λ_max(H∞)/(eta_scale·λ0)⌉, is above the claim's ``max_steps``, the trials at wide widths (where H(0)
is near H∞) are undecided, and SUPPORTED, which counts them as failures, cannot be reached there; the row's record
says so (``not_run``) instead of hours of INCONCLUSIVE points.

Where a plan sets a goal on the half-width of a regime's exponent (``Plan.goal``: fixed d), its X per n are a
pilot, and a second stage (:func:`second_stage`, Stein 1945) draws as many more X per n as the pilot rows'
scatter says the goal needs; the report gives Stein's interval there (claims.stats.two_stage_t_intervals).

The growth of m* is fitted per regime in n, and jointly over the two sphere regimes as m* ∝ n^a·λ0^(−b), each
coefficient with a bootstrap interval that redraws the trial noise and m*'s position in its grid cell
(claims.engine.width_fit.fit_widths). The theories' widths (models.width_theories.THEORIES) are given per row;
the exponent each has on a fit's own rows is derived from them where the section is rendered.

The large run (n up to 320) is the full profile: ``tox -e widths`` (python -m claims report --profile full
--section du2018a.widths).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import torch

from claims.catalogue.du2018a.params import draw_x
from claims.engine.sweep import geometric_widths, map_largest_first, sweep_record
from claims.engine.width_fit import bracket, fit_widths, next_width
from claims.spec import ByProfile, Instance, derive_seed
from claims.stats import residual_scale, t_half_widths
from models import symeig, two_layer
from models import two_layer_bounds as bounds
from models import width_theories as theories
from models.checks import InvalidInputError


@dataclass(frozen=True)
class Regime:
    """A data regime of the table: d as a function of n, the claims' data parameters (the geometry), and
    whether its rows enter the joint fit over (n, λ0): the sphere regimes do; real data, whose spread at a
    given λ0 differs, are fitted on their own."""

    d: Callable[[int], int]
    data: dict = field(default_factory=dict)
    joint: bool = True


#: the data regimes, by name (the results' key: the data's shape)
REGIMES = {
    "d = 2n": Regime(lambda n: 2 * n),
    "fixed d = 10": Regime(lambda n: 10),
    "digits, d = 64": Regime(lambda n: 64, {"geometry": "digits"}, joint=False),
}
DIGITS = "digits, d = 64"

#: the claims of the table, by key (the results' key for each claim's sweeps)
CLAIMS = {"lemma3_1": "du2018a.lemma3.1", "thm4_1": "du2018a.thm4.1", "thm3_2": "du2018a.thm3.2"}
EXTRA = {"lemma3_1": {}, "thm4_1": {"eta_scale": 1.0}, "thm3_2": {}}


@dataclass(frozen=True)
class Plan:
    """One claim's sweeps in one profile: n per regime, and the coarse grid (``steps`` halvings below m_B for
    Lemma 3.1; 2..``start`` by doubling for the training claims, doubled further up to ``top`` while the
    largest width is not SUPPORTED)."""

    ns: dict
    top: int | None = None
    steps: int | None = None
    start: int | None = None
    rounds: int | None = None  # bisection rounds; None: the profile's ROUNDS
    #: X draws per (regime, n), by regime (default 1): each draw is a row of its own, so the fit's rows at one n
    #: scatter as the data drawn do (at fixed d, λ0 and with it m* move from one X to the next)
    draws: dict = field(default_factory=dict)
    #: by regime, the goal on the half-width of the exponent's t interval. There the ``draws`` X per n are a pilot:
    #: a second stage draws as many more X per n as the pilot rows' scatter says the goal needs, at most
    #: SECOND_STAGE_FACTOR − 1 times as many again, and the interval is Stein's two-stage one (docs/widths.md)
    goal: dict = field(default_factory=dict)
    #: the X (``draw`` 0, 1, …) a part of the run sweeps (``--select draw=…``); None: every X the plan draws
    chosen_draws: tuple[int, ...] | None = None

    def draws_of(self, regime: str) -> int:
        return self.draws.get(regime, 1)

    def sweeps_draw(self, draw: int) -> bool:
        return self.chosen_draws is None or draw in self.chosen_draws

    def most_draws(self, regime: str) -> int:
        """The most X per n the plan may draw in ``regime``: its pilot, times SECOND_STAGE_FACTOR under a goal."""
        return self.draws_of(regime) * (SECOND_STAGE_FACTOR if regime in self.goal else 1)


#: a second stage draws at most this many times the pilot's X per n in all
SECOND_STAGE_FACTOR = 2
#: the confidence of the exponents' t intervals (the fits' own, claims.engine.width_fit, are 95 % too)
CONFIDENCE = 0.95


_FULL_NS = (10, 20, 40, 80, 160, 320)
PLANS = {
    "lemma3_1": ByProfile(
        quick=Plan({"d = 2n": (5, 10, 20), "fixed d = 10": (10, 14, 20)}, steps=4),
        # fixed d at √2 steps in n (the fit's rows), a pilot of six X per n: with one X per n the rows' scatter
        # about the line (σ ≈ 0.26 in log m*, run at 9264f7e) gave a t interval of ±0.49 on the exponent; six
        # draws at that σ give about ±0.15; the second stage sizes the rest from the pilot's own scatter
        # (docs/widths.md). m_B is largest on the digits, whose λ0 is smallest
        standard=Plan(
            {"d = 2n": (10, 20, 40, 80), "fixed d = 10": (10, 14, 20, 28, 40, 57), DIGITS: (10, 14)},
            steps=5,
            draws={"fixed d = 10": 6},
            goal={"fixed d = 10": 0.15},
        ),
        full=Plan(
            {"d = 2n": _FULL_NS, "fixed d = 10": _FULL_NS, DIGITS: (10, 14, 20, 28, 40)},
            steps=6,
            draws={"fixed d = 10": 3},
            goal={"fixed d = 10": 0.15},
        ),
    ),
    "thm4_1": ByProfile(
        quick=Plan({"d = 2n": (5, 10), "fixed d = 10": (10, 14, 20)}, top=128, start=64),
        # three X per n at fixed d: one X per n left two residual degrees of freedom (t interval ±0.31)
        standard=Plan(
            {"d = 2n": (10, 20, 40, 80), "fixed d = 10": (10, 20, 40, 80), DIGITS: (10, 20, 40)},
            top=2**12,
            start=64,
            draws={"fixed d = 10": 3},
            goal={"fixed d = 10": 0.15},
        ),
        full=Plan(
            {"d = 2n": _FULL_NS, "fixed d = 10": _FULL_NS, DIGITS: _FULL_NS},
            top=2**15,
            start=64,
            draws={"fixed d = 10": 3},
            goal={"fixed d = 10": 0.15},
        ),
    ),
    "thm3_2": ByProfile(
        quick=Plan({"d = 2n": (5, 10)}, top=64, start=32, rounds=1),
        # the flow on the digits is the slowest point (λ_max(H∞)/λ0 is large: many refined RK4 steps), so n ≤ 20
        standard=Plan({"d = 2n": (10, 20, 40), "fixed d = 10": (10, 20, 40), DIGITS: (10, 20)}, top=512, start=64),
        # fixed d to n = 320 as for the other two claims (issue 23): there λ0 shrinks and the flow's horizon
        # grows with 1/λ0; n = 320 is estimated at 3.5e15 flops a point, work for a GPU. Three X per n there, as
        # GD's plan has: with one X per n, m* (13, 17, 14, 29, 166 for n = 10 … 160, run at 3fa4ea8) bent with
        # no pure error to test the bend against or to tell it from the draw of X (the lack-of-fit F test)
        full=Plan(
            {"d = 2n": (10, 20, 40, 80), "fixed d = 10": _FULL_NS, DIGITS: (10, 20, 40)},
            top=4096,
            start=64,
            draws={"fixed d = 10": 3},
        ),
    ),
}
#: bisection: stop when hi/lo ≤ RESOLUTION; at most ROUNDS rounds (from a doubling grid, k rounds reach 2^(2^−k))
RESOLUTION = ByProfile(quick=2**0.25, standard=2**0.25, full=2**0.125)
ROUNDS = ByProfile(quick=2, standard=2, full=3)
#: the work limit (flops per point, at its largest count of trials) that ``tox -e widths`` passes to the full
#: profile: GD at n = 320, d = 2n, m = 2^15 is estimated at 3.9e17 there, above the default 1e16 (hours on a
#: GPU at float64; the quick and standard profiles stay under the default)
FULL_MAX_WORK = 1e18
#: bootstrap replicates of the fits
REPLICATES = ByProfile(quick=400, standard=2000, full=4000)
#: the theories' (a, b) in m ∝ n^a·λ0^(−b), logarithms left out (δ and d fixed within a regime)
THEORY_EXPONENTS = {
    "du2018a": (6, 4),
    "song_yang2019": (4, 4),
    "oymak_soltanolkotabi2020": (2, 0),
    "parameter_count": (1, 0),
    "lemma3_1_hoeffding": (2, 2),
}


def _data_seed(seed: int, regime: str, n: int, draw: int = 0) -> int:
    """The seed of X number ``draw`` at (regime, n), shared by the claims' sweeps there (draw 0's key is the one
    a single X per (regime, n) had, so those rows replicate)."""
    key = f"widths/n={n}" if regime == "d = 2n" else f"widths/{regime}/n={n}"
    return derive_seed(seed, key if draw == 0 else f"{key}/draw={draw}")


def _x(claim, n: int, d: int, seed: int, device, dtype, data: dict | None = None) -> torch.Tensor:
    """The X that ``claim``'s instance at (n, d, the regime's ``data`` parameters) and ``seed`` draws (its "data"
    stream) on ``device``: the same X its trials see there (a generator's stream differs between devices)."""
    p = claim.resolve({"n": n, "d": d, **(data or {})})
    return draw_x(p, generator=Instance(p, seed).generator("data", device), batch=(), dtype=dtype, device=device)


def _coarse(key: str, plan: Plan, m_b: int) -> tuple[tuple[int, ...], int]:
    """The coarse grid and the top of the doublings."""
    if key == "lemma3_1":
        return tuple(sorted({max(1, round(m_b / 2**j)) for j in range(plan.steps + 1)})), 4 * m_b
    return geometric_widths(2, plan.start, 2.0), plan.top


def _next(points: list[dict], top: int, resolution: float) -> list[int]:
    """The widths of a sweep's next round: two doublings while its largest width is not SUPPORTED (up to
    ``top``), else the bisection's next width (none when the bracket is resolved)."""
    largest = points[-1]["m"]
    if points[-1]["verdict"] != "SUPPORTED":
        return sorted({min(top, largest * 2), min(top, largest * 4)} - {largest}) if largest < top else []
    m = next_width(points, resolution)
    return [] if m is None else [m]


def _most_points(grid: tuple[int, ...], top: int, rounds: int) -> int:
    """A sweep's largest possible count of points: its grid, every doubling up to ``top``, ``rounds`` bisections."""
    return len(grid) + max(0, math.ceil(math.log2(top / grid[-1]))) + rounds


def _most_points_unseen(key: str, plan: Plan, rounds: int) -> int:
    """:func:`_most_points` of a sweep whose X is not drawn yet (a second stage's): Lemma 3.1's coarse grid has at
    most ``steps`` + 1 widths (m_B halved up to ``steps`` times) and two doublings reach 4·m_B, whatever m_B is."""
    if key == "lemma3_1":
        return plan.steps + 1 + 2 + rounds
    grid, top = _coarse(key, plan, 0)
    return _most_points(grid, top, rounds)


def second_stage(pilot: list[dict], key: str, ns, draws: int, most: int, goal: float) -> dict:
    """How many X per n a sweep's regime draws in all (``draws`` the pilot's, at most ``most``): the fewest whose
    planned t interval on the exponent has half-width ≤ ``goal`` at the pilot rows' scale s₁ and degrees of
    freedom ν₁ (Stein 1945): t_{ν₁}·s₁·√[(DᵀD)⁻¹]_aa, D the pilot rows' log n with each n once more per X to
    come (claims.stats.t_half_widths). ``most`` where no count up to it meets the goal, ``draws`` where the pilot
    gives no scale. The record says which, with s₁, ν₁ and the planned half-width."""
    rows = [r for r in pilot if r[key].get("bracket")]
    x, y = _log_midpoints(rows, key)
    record = {"pilot": draws, "most": most, "goal": goal, "confidence": CONFIDENCE}
    scale = residual_scale(x, y) if len(rows) else None
    if scale is None:
        return record | {"draws": draws, "scale": None, "dof": None, "planned_half_width": None, "met": False}
    s1, dof = scale
    for total in range(draws, most + 1):
        planned = np.concatenate([x, np.tile(np.log(np.asarray(ns, float)), total - draws)])
        (half,) = t_half_widths(planned, s1, dof, CONFIDENCE)
        if half <= goal:
            break
    return record | {"draws": total, "scale": s1, "dof": dof, "planned_half_width": half, "met": half <= goal}


def _log_midpoints(rows: list[dict], key: str) -> tuple[np.ndarray, np.ndarray]:
    """log n and log √(lo·hi), the bracket's geometric midpoint, of rows with a bracket under ``key``: the t
    interval's least squares (the report's widths section computes the same, without importing the catalogue)."""
    x = np.log([float(r["n"]) for r in rows])
    y = np.log([math.sqrt(r[key]["bracket"][0] * r[key]["bracket"][1]) for r in rows])
    return x, y


#: the keys of ``report --section du2018a.widths --select KEY=VALUE``
SELECTABLE = ("claim", "regime", "n", "draw")


def select_plans(plans: dict[str, Plan], selection) -> dict[str, Plan]:
    """The profile's ``plans`` cut to a part (``report --select``): ``claim`` (a key of CLAIMS or its claim id),
    ``regime`` (a name of REGIMES), ``n`` (one of the plans' n) and ``draw`` (which X at each n, 0, 1, … as
    results.json numbers them), each repeatable, each absent key meaning all. A cut plan keeps its grid, draws and
    goal; a claim left out keeps no n. ``draw`` is refused where a selected regime has a second stage (its size
    comes from the whole pilot's scatter). Its rows' X are those of the whole
    run (their seeds come from (regime, n, draw)); its α share is its own (fewer sweeps share the section's α).
    A value that names nothing of the profile's plans is refused with the ones it offers."""
    unknown = set(selection) - set(SELECTABLE)
    if unknown:
        raise InvalidInputError(f"select key {sorted(unknown)[0]!r} is not one of {', '.join(SELECTABLE)}")
    ids = {cid: key for key, cid in CLAIMS.items()}
    keys = [ids.get(v, v) for v in selection.get("claim", ())] or list(plans)
    for v, key in zip(selection.get("claim", ()), keys, strict=False):
        if key not in plans:
            raise InvalidInputError(f"select claim must be one of {', '.join(CLAIMS)} (or its claim id), got {v!r}")
    regimes = list(selection.get("regime", ())) or list(REGIMES)
    for v in regimes:
        if v not in REGIMES:
            raise InvalidInputError(f"select regime must be one of {', '.join(map(repr, REGIMES))}, got {v!r}")
    offered = sorted({n for k in keys for r in regimes for n in plans[k].ns.get(r, ())})
    if not offered:
        raise InvalidInputError(
            f"select {dict(selection)} leaves no sweep to run: this profile plans none of {keys} in {regimes}"
        )
    ns = _select_ints("n", selection.get("n", ()), offered, "n")
    cut = {}
    for key, plan in plans.items():
        chosen = {
            r: tuple(n for n in got if not ns or n in ns) for r, got in plan.ns.items() if key in keys and r in regimes
        }
        cut[key] = replace(plan, ns={r: got for r, got in chosen.items() if got})
    if not any(p.ns for p in cut.values()):
        raise InvalidInputError(f"select {dict(selection)} leaves no sweep of the {list(plans)} plans to run")
    if "draw" in selection:
        cut = _select_draws(cut, selection["draw"])
    return cut


def _select_draws(plans: dict[str, Plan], values) -> dict[str, Plan]:
    """``plans`` (already cut to claims, regimes and n) sweeping only the X ``values`` name (0-based)."""
    two_stage = sorted(f"{key} in {r!r}" for key, p in plans.items() for r in p.ns if r in p.goal)
    if two_stage:
        raise InvalidInputError(
            f"select draw cannot cut a regime with a second stage ({two_stage[0]}): the second stage is sized from "
            "the whole pilot's scatter; select that claim or regime without draw"
        )
    offered = sorted({d for p in plans.values() for r in p.ns for d in range(p.draws_of(r))})
    draws = _select_ints("draw", values, offered, "X", " (0-based)")
    # every value is some selected plan's X, so each keeps a regime: no cut is left empty
    return {
        key: replace(
            plan,
            ns={r: got for r, got in plan.ns.items() if any(d < plan.draws_of(r) for d in draws)},
            chosen_draws=tuple(sorted(set(draws))),
        )
        for key, plan in plans.items()
    }


def _select_ints(key: str, values, offered: list[int], what: str, note: str = "") -> list[int]:
    """``--select key=…`` values as integers, each one of ``offered`` (the selected plans' ``what``, ``note``
    after the list in a refusal)."""
    chosen = []
    for v in values:
        try:
            chosen.append(int(v))
        except ValueError:
            raise InvalidInputError(f"select {key} must be an integer, got {v!r}") from None
        if chosen[-1] not in offered:
            raise InvalidInputError(
                f"select {key} must be one of the selected plans' {what} {offered}{note}, got {v!r}"
            )
    return chosen


def check_selection(profile: str, selection) -> None:
    """The report's check of ``--select`` for this experiment (claims.report.section.Section.select): refuses what
    :func:`select_plans` refuses, before any trial."""
    select_plans({key: PLANS[key][profile] for key in CLAIMS}, selection)


def widths(ctx) -> dict:
    """The regimes' rows (n, d, λ0, the theories' widths, each claim's sweep and m* bracket), the fits per
    claim and regime and the joint fit per claim; see the module's docstring. ``ctx.selection`` runs a part of
    it (:func:`select_plans`)."""
    plans = select_plans({key: PLANS[key][ctx.profile] for key in CLAIMS}, ctx.selection)
    claims = {key: ctx.claims[cid] for key, cid in CLAIMS.items()}
    delta = {key: c.defaults()["delta"] for key, c in claims.items()}
    resolution, rounds = RESOLUTION[ctx.profile], ROUNDS[ctx.profile]
    where = {"device": str(ctx.device), "dtype": str(ctx.dtype).removeprefix("torch.")}

    rows: dict[tuple[str, int, int], dict] = {}  # by (regime, n, draw)

    def row(regime: str, n: int, draw: int) -> dict:
        if (regime, n, draw) not in rows:
            rows[regime, n, draw] = _row(ctx, claims["lemma3_1"], delta, regime, n, draw)
        return rows[regime, n, draw]

    for regime in REGIMES:
        for n in sorted({n for p in plans.values() for n in p.ns.get(regime, ())}):
            mine = [p for p in plans.values() if n in p.ns.get(regime, ())]
            for draw in range(max(p.draws_of(regime) for p in mine)):
                if any(p.sweeps_draw(draw) for p in mine):
                    row(regime, n, draw)

    def bisections(plan: Plan) -> int:
        return rounds if plan.rounds is None else plan.rounds

    def sweep(key: str, regime: str, n: int, draw: int) -> tuple:  # (key, row, coarse grid, top, bisections)
        plan, r = plans[key], row(regime, n, draw)
        return (key, r, *_coarse(key, plan, r["bernstein"]), bisections(plan))

    def runnable(key: str, regime: str, n: int, draw: int) -> bool:
        """False (and the row's record says why) where the sweep cannot decide (:func:`unreachable`)."""
        r = row(regime, n, draw)
        reason = unreachable(key, r, claims[key].defaults())
        if reason is not None:
            r[key] = {"params": {"n": n, "d": r["d"]}, "m_star": None, "points": [], "bracket": None} | reason
        return reason is None

    pilot = [
        sweep(key, regime, n, draw)
        for key, plan in plans.items()
        for regime, ns in plan.ns.items()
        for n in ns
        for draw in range(plan.draws_of(regime))
        if plan.sweeps_draw(draw) and runnable(key, regime, n, draw)
    ]
    unseen = sum(  # the second stages' sweeps at their most
        (plan.most_draws(regime) - plan.draws_of(regime)) * len(ns) * _most_points_unseen(key, plan, bisections(plan))
        for key, plan in plans.items()
        for regime, ns in plan.ns.items()
    )
    most = sum(_most_points(s[2], s[3], s[4]) for s in pilot) + unseen
    share = ctx.alpha / most if most else ctx.alpha  # fixed before any trial (no point to run: α unspent)

    def item(key, row, m):
        params = {"n": row["n"], "d": row["d"], **REGIMES[row["regime"]].data, **EXTRA[key]}
        return {"claim": claims[key], "params": params, "m": int(m), "seed": row["seed"], "alpha": share, **where}

    _run(ctx, pilot, item, share, resolution)
    second, stages = [], {key: {} for key in plans}
    for key, plan in plans.items():
        for regime, goal in plan.goal.items():
            ns = plan.ns.get(regime, ())
            if not ns:  # a regime the profile or a --select leaves out: no pilot, no second stage
                continue
            mine = [r for r in rows.values() if r["regime"] == regime and r.get(key)]
            stage = second_stage(mine, key, ns, plan.draws_of(regime), plan.most_draws(regime), goal)
            stages[key][regime] = stage
            second += [
                sweep(key, regime, n, draw)
                for n in ns
                for draw in range(plan.draws_of(regime), stage["draws"])
                if runnable(key, regime, n, draw)
            ]
    _run(ctx, second, item, share, resolution)

    ordered = [rows[k] for k in sorted(rows, key=_row_order)]
    fits = _fits(ordered, delta, ctx.profile, ctx.seed)  # in the table's order: a merge of parts gives them back
    return {
        "selection": {k: list(v) for k, v in ctx.selection.items()},
        "delta": delta,
        "resolution": resolution,
        "rounds": rounds,
        "alpha_share": share,
        "plans": {
            key: {
                "ns": p.ns,
                "top": p.top,
                "steps": p.steps,
                "start": p.start,
                "rounds": p.rounds or rounds,
                "draws": {regime: stages[key].get(regime, {}).get("draws", p.draws_of(regime)) for regime in p.ns},
                "two_stage": stages[key],
            }
            for key, p in plans.items()
        },
        "regimes": list(REGIMES),
        "joint_regimes": [name for name, shape in REGIMES.items() if shape.joint],
        "theories": [
            {"key": t.key, "label": t.label, "source": t.source, "order": t.order, "constant": t.constant}
            for t in theories.THEORIES
        ],
        "nominal_exponents": THEORY_EXPONENTS,
        "rows": ordered,
        "fits": fits,
    }


def _run(ctx, sweeps: list[tuple], item, share: float, resolution: float) -> None:
    """Run ``sweeps`` (key, row, coarse grid, top, bisection rounds) to their m* brackets, one round per
    ``ctx.map``: the coarse grids, then doublings or bisections of the sweeps still open; each sweep's record
    goes to its row under its key."""
    points: dict[int, list[dict]] = {i: [] for i in range(len(sweeps))}
    bisections = [0] * len(sweeps)
    todo = [(i, m) for i, (_, _, grid, _, _) in enumerate(sweeps) for m in grid]
    while todo:
        items = [item(sweeps[i][0], sweeps[i][1], m) for i, m in todo]
        for (i, _), point in zip(todo, map_largest_first(ctx.map, items), strict=True):
            points[i].append({**point, "level": share})
            points[i].sort(key=lambda p: p["m"])
        todo = []
        for i, (_, _, _, top, limit) in enumerate(sweeps):
            widths_ = _next(points[i], top, resolution)
            if widths_ and points[i][-1]["verdict"] == "SUPPORTED":  # a bisection
                if bisections[i] >= limit:
                    continue
                bisections[i] += 1
            todo += [(i, m) for m in widths_]
    for i, (key, row, _, _, _) in enumerate(sweeps):
        record = sweep_record({"n": row["n"], "d": row["d"]}, points[i])
        b = bracket(points[i])
        record["bracket"] = list(b) if b else None
        row[key] = record


def _row(ctx, lemma, delta: dict, regime: str, n: int, draw: int) -> dict:
    """Row (regime, n, draw) of the table: its X (the trials' X, its maths in float64), λ0 and the theories'
    widths; the claims' sweeps are added to it."""
    shape = REGIMES[regime]
    d, seed = shape.d(n), _data_seed(ctx.seed, regime, n, draw)
    X = _x(lemma, n, d, seed, ctx.device, ctx.dtype, shape.data).to("cpu", torch.float64)
    X = X / torch.linalg.vector_norm(X, dim=-1, keepdim=True)
    spectrum = symeig.eigvalsh(two_layer.h_infinity(X))
    lam0, lam_max = float(spectrum[0]), float(spectrum[-1])
    bern = theories.bernstein_parameters(X)
    return {
        "regime": regime,
        "n": n,
        "d": d,
        "draw": draw,
        "seed": seed,
        "lambda0": lam0,
        "lambda_max": lam_max,
        "bernstein": theories.bernstein_width_lemma3_1(bern, lam0, delta["lemma3_1"]),
        "bernstein_variance": bern.variance,
        "m1": bounds.literal_width_lemma3_1(n, lam0, delta["lemma3_1"]),
        "theories": theories.theory_widths(n, d, lam0, delta["thm4_1"]),
        "flow_width": theories.du2018a_thm3_2(n, d, lam0, delta["thm3_2"]),
    }


def unreachable(key: str, row: dict, defaults: dict) -> dict | None:
    """Why ``key``'s sweep on ``row`` cannot decide, or None. Theorem 4.1 at the practical step
    η = eta_scale/λ_max(H(0)) runs K = ⌈horizon/(ηλ0)⌉ steps and leaves a trial undecided where K > max_steps
    (trials_gd.horizon). As m grows H(0) → H∞ and K tends to K∞ = ⌈horizon·λ_max(H∞)/(eta_scale·λ0)⌉ (and
    E λ_max(H(0)) ≥ λ_max(H∞), λ_max being convex). Where K∞ > max_steps, the share of undecided trials at wide
    widths does not fall below δ, SUPPORTED (which counts them as failures) is out of reach there and m* cannot
    be located: the sweep is not run. A planning rule on the row's data, not a verdict on the claim."""
    p = defaults | EXTRA.get(key, {})
    if key != "thm4_1" or "lambda_max" not in row or p.get("eta_scale") is None:  # the practical step's rule
        return None
    k_inf = math.ceil(p["horizon"] * row["lambda_max"] / (p["eta_scale"] * row["lambda0"]))
    if k_inf <= p["max_steps"]:
        return None
    return {
        "not_run": (
            f"the practical step's horizon at H∞ asks for K∞ = ⌈{p['horizon']:g}·λ_max(H∞)/({p['eta_scale']:g}·λ0)⌉ = "
            f"{k_inf} GD steps "
            f"(λ_max(H∞) = {row['lambda_max']:.4g}, λ0 = {row['lambda0']:.4g}) > max_steps = {p['max_steps']}: at "
            "wide widths the trials would be undecided and none could be SUPPORTED, so m* cannot be located here"
        ),
        "steps_at_h_infinity": k_inf,
        "max_steps": p["max_steps"],
    }


def _row_order(key: tuple[str, int, int]) -> tuple[int, int, int]:
    """The table's order of rows (regime, n, draw): the regimes as REGIMES lists them, then n, then draw."""
    return list(REGIMES).index(key[0]), key[1], key[2]


def _fits(rows: list[dict], delta: dict, profile: str, seed: int) -> dict[str, dict]:
    """Per claim, the fit of m* ∝ n^a in each regime and, over both sphere regimes, of m* ∝ n^a·λ0^(−b); each
    bootstrap seeded from ``seed`` and the fit's name, so the same rows give the same fits."""
    fits: dict[str, dict] = {}
    for key in CLAIMS:
        fits[key] = {}
        for regime in REGIMES:
            mine = [r for r in rows if r["regime"] == regime and r.get(key)]
            fits[key][regime] = _fit(mine, key, ("n",), delta[key], profile, seed, f"{key}/{regime}")
        mine = [r for r in rows if r.get(key) and REGIMES[r["regime"]].joint]
        # within one regime λ0 moves with n (fixed d) or hardly at all (d = 2n): only both together tell a from b
        both = len({r["regime"] for r in mine}) > 1
        joint = _fit(mine, key, ("n", "lambda0"), delta[key], profile, seed, f"{key}/joint") if both else None
        fits[key]["joint"] = joint
    return fits


def _fit(rows, key, covariates, delta, profile, seed, purpose) -> dict | None:
    data = [{"n": r["n"], "lambda0": r["lambda0"], "points": r[key]["points"]} for r in rows]
    replicates = REPLICATES[profile]
    fit = fit_widths(data, covariates, delta=delta, replicates=replicates, seed=derive_seed(seed, purpose))
    return fit.as_dict() if fit else None


#: what every part of a merge must share (one profile of one suite): the rest may differ from part to part
MERGE_SAME = ("delta", "resolution", "rounds", "regimes", "joint_regimes", "theories", "nominal_exponents")


def _part_record(part: dict) -> dict:
    """What a merge says of one of its parts: its selection, α share a point and rows (and its run's header,
    where the caller gave it one)."""
    record = {"selection": part.get("selection", {}), "alpha_share": part["alpha_share"], "rows": len(part["rows"])}
    return record | ({"header": part["header"]} if "header" in part else {})


def merge_parts(parts: list[dict], *, profile: str, seed: int) -> dict:
    """One table from parts of the experiment run separately (``report --select``, on different machines or
    days): ``parts`` are du2018a.widths data. Their rows are united by (regime, n, draw); where two parts hold the
    same row (one X: the same seed and λ0), each brings its own claims' sweeps, and a sweep found twice is
    refused. The fits are made again over every row with ``seed`` (the section's seed: a whole run split into
    parts and merged gives back its fits). Each point keeps the α share it was decided at (its ``level``), so the
    union's error rate is at most the sum of the parts' α; ``parts`` in the result records each part's
    selection, share and rows (a merge merged again lists its own parts). Stein's two-stage interval is not
    given: each part's second stage was sized from its own pilot, and their union is no one pilot's design."""
    if len(parts) < 2:
        raise InvalidInputError(f"parts must hold at least 2 widths tables to merge, got {len(parts)}")
    first = parts[0]
    for i, part in enumerate(parts[1:], 2):
        for name in MERGE_SAME:
            if part[name] != first[name]:
                raise InvalidInputError(
                    f"part {i}'s {name} must equal part 1's (parts of one profile of this suite), "
                    f"got {part[name]!r} against {first[name]!r}"
                )
    rows: dict[tuple, dict] = {}
    for i, part in enumerate(parts, 1):
        for r in part["rows"]:
            k = (r["regime"], r["n"], r["draw"])
            if k not in rows:
                rows[k] = dict(r)
                continue
            have = rows[k]
            if have["seed"] != r["seed"] or not math.isclose(have["lambda0"], r["lambda0"], rel_tol=1e-9):
                raise InvalidInputError(
                    f"row {k} of part {i} holds another X than an earlier part's (seed {r['seed']} against "
                    f"{have['seed']}, λ0 {r['lambda0']!r} against {have['lambda0']!r}: another --seed or device)"
                )
            twice = sorted(key for key in CLAIMS if have.get(key) and r.get(key))
            if twice:
                raise InvalidInputError(f"row {k} has {twice[0]}'s sweep in part {i} and in an earlier part")
            have.update({key: r[key] for key in CLAIMS if r.get(key)})
    ordered = [rows[k] for k in sorted(rows, key=_row_order)]
    plans: dict[str, dict] = {}
    for key in CLAIMS:
        mine = [r for r in ordered if r.get(key)]
        given = next((p["plans"][key] for p in parts if key in p["plans"]), None)
        if given is None:
            continue
        ns = {regime: sorted({r["n"] for r in mine if r["regime"] == regime}) for regime in first["regimes"]}
        draws = {
            regime: max(sum(r["regime"] == regime and r["n"] == n for r in mine) for n in got)
            for regime, got in ns.items()
            if got
        }
        plans[key] = {**given, "ns": {r: got for r, got in ns.items() if got}, "draws": draws, "two_stage": {}}
    return {
        **{name: first[name] for name in MERGE_SAME},
        "selection": {},
        "alpha_share": None,
        "parts": [record for p in parts for record in p.get("parts") or [_part_record(p)]],
        "plans": plans,
        "rows": ordered,
        "fits": _fits(ordered, first["delta"], profile, seed),
    }
