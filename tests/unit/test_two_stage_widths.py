"""Stein's two-stage sizing of the width exponents' t intervals (du2018a.widths at fixed d): the rule that sizes
the second stage from the pilot, the interval's coverage when the pilot chose the rows that followed, and the
experiment drawing a second stage at a tiny plan."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claims.catalogue.du2018a import widths as experiment
from claims.report.sections.du2018a_widths import render_widths
from claims.spec import ByProfile
from claims.stats import (
    least_squares_t_intervals,
    refutes_failure_rate_at_most,
    residual_scale,
    t_half_widths,
    two_stage_t_intervals,
)
from tests.helpers import run_widths

NS = (10, 14, 20, 28)
SLOPE = 2.0


def _rows(draws: range, sigma: float, rng) -> list[dict]:
    """Rows of one regime, X number ``draw`` at each n of NS, whose bracket midpoint is 100·n^2·e^(σZ)."""
    out = []
    for draw in draws:
        for n in NS:
            mid = 100 * n**SLOPE * math.exp(sigma * rng.standard_normal())
            out.append({"n": n, "draw": draw, "lemma3_1": {"bracket": [mid / 1.1, mid * 1.1]}})
    return out


def _xy(rows):
    x = np.log([r["n"] for r in rows])
    y = np.log([math.sqrt(r["lemma3_1"]["bracket"][0] * r["lemma3_1"]["bracket"][1]) for r in rows])
    return x, y


def test_the_second_stage_draws_the_fewest_x_that_meet_the_goal():
    rng = np.random.default_rng(1)
    pilot = _rows(range(3), 0.3, rng)
    x, y = _xy(pilot)
    s1, dof = residual_scale(x, y)
    assert dof == len(pilot) - 2
    st = experiment.second_stage(pilot, "lemma3_1", NS, draws=3, most=12, goal=0.2)
    assert st["scale"] == pytest.approx(s1) and st["dof"] == dof and st["met"]

    def planned(total):
        return t_half_widths(np.concatenate([x, np.tile(np.log(NS), total - 3)]), s1, dof)[0]

    assert planned(st["draws"]) == pytest.approx(st["planned_half_width"]) and st["planned_half_width"] <= 0.2
    assert st["draws"] == 3 or planned(st["draws"] - 1) > 0.2  # the fewest
    # a goal the pilot meets: no second stage; one no count up to the most meets: the most, said unmet
    assert experiment.second_stage(pilot, "lemma3_1", NS, 3, 12, goal=10.0)["draws"] == 3
    unmet = experiment.second_stage(pilot, "lemma3_1", NS, 3, 6, goal=1e-3)
    assert (unmet["draws"], unmet["met"]) == (6, False) and unmet["planned_half_width"] > 1e-3
    # tied rows (no scatter) give no scale: no second stage, said so
    tied = [{"n": n, "draw": 0, "lemma3_1": {"bracket": [8, 16]}} for n in NS]
    assert experiment.second_stage(tied, "lemma3_1", NS, 1, 2, goal=0.1) == {
        "pilot": 1,
        "most": 2,
        "goal": 0.1,
        "confidence": 0.95,
        "draws": 1,
        "scale": None,
        "dof": None,
        "planned_half_width": None,
        "met": False,
    }


def test_steins_interval_covers_although_the_pilot_sized_the_rest():
    """Over 600 synthetic tables (pilot 2 X at 4 n, σ = 0.3, goal ±0.25, at most 8 X), Stein's interval covers
    the true exponent at its nominal 95% (refuted only if the exact binomial test rejects a miss rate ≤ 5% at
    α = 10⁻³), its half-width meets the goal wherever the plan allowed enough X, and it is the classical
    interval where no second stage was drawn."""
    rng = np.random.default_rng(7)
    misses, reps, seconds = 0, 600, 0
    for _ in range(reps):
        pilot = _rows(range(2), 0.3, rng)
        st = experiment.second_stage(pilot, "lemma3_1", NS, draws=2, most=8, goal=0.25)
        rows = pilot + _rows(range(2, st["draws"]), 0.3, rng)
        x, y = _xy(rows)
        ((lo, hi),) = two_stage_t_intervals(x, y, np.array([r["draw"] < 2 for r in rows]))
        misses += not lo <= SLOPE <= hi
        seconds += st["draws"] > 2
        if st["met"]:
            assert (hi - lo) / 2 == pytest.approx(st["planned_half_width"]) and (hi - lo) / 2 <= 0.25 + 1e-12
        if st["draws"] == 2:
            assert (lo, hi) == pytest.approx(least_squares_t_intervals(x, y)[0])
    assert not refutes_failure_rate_at_most(misses, reps, 0.05, 1e-3)
    assert 0 < seconds < reps  # the pilot decided both ways


TINY = {
    "lemma3_1": ByProfile.same(
        experiment.Plan({"fixed d = 10": (4, 6, 8)}, steps=3, draws={"fixed d = 10": 2}, goal={"fixed d = 10": 1e-3})
    ),
    "thm4_1": ByProfile.same(experiment.Plan({})),
    "thm3_2": ByProfile.same(experiment.Plan({})),
}


@pytest.fixture(scope="module")
def data():
    return run_widths(TINY, seed=3)


def test_the_experiment_draws_a_second_stage_within_its_alpha(data):
    st = data["plans"]["lemma3_1"]["two_stage"]["fixed d = 10"]
    assert st["pilot"] == 2 and st["most"] == 2 * experiment.SECOND_STAGE_FACTOR
    assert st["scale"] is not None and st["draws"] == st["most"] and not st["met"]  # a goal out of reach
    assert data["plans"]["lemma3_1"]["draws"]["fixed d = 10"] == st["draws"]
    fixed = [r for r in data["rows"] if r["regime"] == "fixed d = 10"]
    assert sorted((r["n"], r["draw"]) for r in fixed) == [(n, k) for n in (4, 6, 8) for k in range(st["draws"])]
    assert len({r["seed"] for r in fixed}) == len(fixed)  # every X its own draw
    assert all(r["lemma3_1"]["points"] for r in fixed)
    # the α share was fixed before the first trial for the most the plan could draw, the second stage included
    plan = TINY["lemma3_1"]["quick"]
    most = len(fixed) * experiment._most_points_unseen("lemma3_1", plan, experiment.ROUNDS["quick"])
    assert all(len(r["lemma3_1"]["points"]) <= most / len(fixed) for r in fixed)
    assert data["alpha_share"] * most == pytest.approx(0.01)
    assert data["fits"]["lemma3_1"]["fixed d = 10"]["rows"] == sum(bool(r["lemma3_1"]["bracket"]) for r in fixed)


def test_the_fits_table_shows_steins_interval_and_says_what_the_pilot_measured(data, tmp_path):
    from claims.report.figures import Figures

    text = render_widths(data, Figures(tmp_path, "fig"))
    assert "Two stages (Stein 1945)" in text and "Lemma 3.1 at fixed d = 10: pilot 2 X per n" in text
    assert "which misses, at the most the plan allows, the goal ±0.001" in text
    rows = [r for r in data["rows"] if r["regime"] == "fixed d = 10" and r["lemma3_1"]["bracket"]]
    x, y = _xy(rows)
    ((lo, hi),) = two_stage_t_intervals(x, y, np.array([r["draw"] < 2 for r in rows]))
    assert f"[{lo:.2f}, {hi:.2f}] (±{(hi - lo) / 2:.2f}) ²" in text


def test_the_text_says_how_many_more_x_the_second_stage_drew(data, tmp_path):
    from claims.report.figures import Figures

    st = data["plans"]["lemma3_1"]["two_stage"]["fixed d = 10"]
    more, most = st["draws"] - st["pilot"], st["most"] - st["pilot"]
    assert more == 2  # the pilot's 2 X per n and 2 more: the plan's most
    text = render_widths(data, Figures(tmp_path, "fig"))
    said = f"s₁ = {st['scale']:.3f} on ν₁ = {st['dof']}, {more} more X per n drawn (at most {most})"
    assert f"pilot 2 X per n, {said}" in text


def test_the_pilots_scale_is_the_scatter_of_the_brackets_geometric_midpoints():
    """Brackets of different widths around midpoints that scatter about the line: s₁ is the residual scale of log
    √(lo·hi), the fits' response, not of either end (whose distance from the midpoint moves from row to row)."""
    rng = np.random.default_rng(5)
    rows = []
    for draw in range(2):
        for n, ratio in zip(NS, (1.05, 1.5, 1.2, 2.0), strict=True):
            mid = 100 * n**SLOPE * math.exp(0.1 * rng.standard_normal())
            rows.append({"n": n, "draw": draw, "lemma3_1": {"bracket": [mid / ratio, mid * ratio]}})
    st = experiment.second_stage(rows, "lemma3_1", NS, draws=2, most=4, goal=0.01)
    s1, dof = residual_scale(*_xy(rows))
    assert st["scale"] == pytest.approx(s1, rel=1e-12) and st["dof"] == dof
