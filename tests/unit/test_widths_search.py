"""The du2018a.widths experiment's search on synthetic points: each claim's verdict a known step in m (SUPPORTED
from a threshold on), handed back by the context's map in place of the trials. The widths it asks for (coarse
grid, doublings up to the plan's top, bisection rounds), the m* bracket it records, the α share it fixes before
the first point and the items each point runs on are then known exactly, in well under a second."""

from __future__ import annotations

import math

import pytest

from claims.catalogue.du2018a import widths as experiment
from claims.spec import ByProfile
from tests.helpers import experiment_context

ALPHA = 0.01  # experiment_context's α
#: the width from which on each claim is SUPPORTED, by claim id (Lemma 3.1's, relative to the row's m_B)
THRESHOLD = {"du2018a.thm4.1": 20, "du2018a.thm3.2": 5}
LEMMA_FACTOR = 1.7
PLANS = {
    "lemma3_1": ByProfile.same(experiment.Plan({"d = 2n": (3,)}, steps=3)),
    "thm4_1": ByProfile.same(experiment.Plan({"fixed d = 10": (4,)}, top=48, start=8)),
    "thm3_2": ByProfile.same(experiment.Plan({experiment.DIGITS: (3,)}, top=32, start=4, rounds=1)),
}


@pytest.fixture(scope="module")
def searched():
    """The experiment's data and every item its map was handed."""
    items, m_b = [], {}

    def threshold(item):
        if item["claim"].id == "du2018a.lemma3.1":
            return LEMMA_FACTOR * m_b[item["seed"]]
        return THRESHOLD[item["claim"].id]

    def mapper(fn, batch):
        items.extend(batch)
        return [
            {"m": it["m"], "trials": 10, "failures": 0, "ci": [0.0, 0.3], "undecided": 0,
             "verdict": "SUPPORTED" if it["m"] >= threshold(it) else "REFUTED"}
            for it in batch
        ]  # fmt: skip

    real_row = experiment._row

    def row(*args):  # keep each row's m_B by its seed, for Lemma 3.1's threshold
        r = real_row(*args)
        m_b[r["seed"]] = r["bernstein"]
        return r

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(experiment, "PLANS", PLANS)
        mp.setattr(experiment, "REPLICATES", ByProfile.same(100))
        mp.setattr(experiment, "_row", row)
        data = experiment.widths(experiment_context(*experiment.CLAIMS.values(), seed=2, mapper=mapper))
    return data, items


def _sweep(data, key):
    (row,) = [r for r in data["rows"] if r.get(key)]
    return row, row[key]


def test_lemma_3_1_halves_m_b_then_doubles_to_4_m_b_then_bisects_its_rounds(searched):
    """Coarse grid m_B·2^−j, j = 0..steps; m_B not SUPPORTED, so two doublings, 2·m_B and 4·m_B (the top); m* =
    2·m_B reached, the bisection spends the profile's two rounds inside (m_B, 2·m_B]."""
    data, _ = searched
    row, sweep = _sweep(data, "lemma3_1")
    m_b = row["bernstein"]
    ms = [p["m"] for p in sweep["points"]]
    grid = sorted({round(m_b / 2**j) for j in range(4)})
    assert len(grid) == 4 and ms[:4] == grid
    assert ms[-2:] == [2 * m_b, 4 * m_b] and max(ms) == 4 * m_b
    inside = ms[4:-2]
    assert len(inside) == experiment.ROUNDS["quick"] and all(m_b < m < 2 * m_b for m in inside)
    assert sweep["m_star"] == 2 * m_b and sweep["bracket"] == [max(inside), 2 * m_b]
    assert all(m < LEMMA_FACTOR * m_b for m in inside)  # the bracket's lo, the largest width below m*, fails


def test_training_sweeps_double_from_their_coarse_grid_and_bisect_to_the_plans_rounds(searched):
    """GD: 2, 4, 8 fail; 16 and 32 (two doublings), 32 SUPPORTED; bisection √(16·32) → 23 (SUPPORTED), √(16·23)
    → 19 (fails): two rounds, bracket (19, 23]. The flow (one round): 2, 4 fail, 8 and 16 SUPPORTED, one
    bisection √(4·8) → 6, bracket (4, 6], though it is wider than the profile's resolution."""
    data, _ = searched
    _, gd = _sweep(data, "thm4_1")
    assert [p["m"] for p in gd["points"]] == [2, 4, 8, 16, 19, 23, 32]
    assert gd["m_star"] == 23 and gd["bracket"] == [19, 23]
    _, flow = _sweep(data, "thm3_2")
    assert [p["m"] for p in flow["points"]] == [2, 4, 6, 8, 16]
    assert flow["m_star"] == 6 and flow["bracket"] == [4, 6]


def test_the_alpha_share_is_fixed_for_the_most_points_every_sweep_could_take(searched):
    """Lemma 3.1: 4 grid widths + 2 doublings + 2 rounds; GD: 3 + ⌈log₂(48/8)⌉ = 3 doublings (16, 32, 48: the
    top need not be a power of two times the grid's) + 2; the flow: 2 + 3 + 1. α over their sum, the same at
    every point, each point deciding at it and recording it."""
    data, items = searched
    most = (4 + 2 + 2) + (3 + math.ceil(math.log2(48 / 8)) + 2) + (2 + 3 + 1)
    assert data["alpha_share"] == pytest.approx(ALPHA / most, rel=1e-15)
    assert all(it["alpha"] == data["alpha_share"] for it in items)
    assert all(p["level"] == data["alpha_share"] for r in data["rows"] for k in experiment.CLAIMS if r.get(k)
               for p in r[k]["points"])  # fmt: skip


def test_each_point_runs_on_its_rows_x_with_its_regimes_data_and_its_claims_step(searched):
    """An item's seed is its row's (so the trials see the row's X), its parameters the row's n and d, the
    regime's data (the digits' geometry) and the claim's own (GD's practical step η = 1/λ_max(H(0)))."""
    data, items = searched
    rows = {r["seed"]: r for r in data["rows"]}
    want = {
        "du2018a.lemma3.1": {"n": 3, "d": 6},
        "du2018a.thm4.1": {"n": 4, "d": 10, "eta_scale": 1.0},
        "du2018a.thm3.2": {"n": 3, "d": 64, "geometry": "digits"},
    }
    assert {it["claim"].id for it in items} == set(want)
    for it in items:
        assert it["params"] == want[it["claim"].id]
        row = rows[it["seed"]]
        assert (row["n"], row["d"]) == (it["params"]["n"], it["params"]["d"])
    assert sum(len(r[k]["points"]) for r in data["rows"] for k in experiment.CLAIMS if r.get(k)) == len(items)
