"""A part of du2018a.widths (report --select), the joint fit only over both sphere regimes, and the lack-of-fit
test and local exponents the widths section shows (issue 23)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from claims.catalogue.du2018a import widths as experiment
from claims.report.atomic import results_path
from claims.report.sections.du2018a_widths import render_widths
from claims.spec import ByProfile
from claims.stats import failure_rate_interval_by_clopper_pearson, lack_of_fit_f_test
from models.errors import InvalidInputError
from tests.helpers import main, run_widths

FIXED = "fixed d = 10"


def _plans(profile: str = "full") -> dict:
    return {key: experiment.PLANS[key][profile] for key in experiment.CLAIMS}


def test_a_selection_cuts_the_plans_to_its_claims_regimes_and_n():
    cut = experiment.select_plans(_plans(), {"claim": ("thm4_1",), "regime": (FIXED,), "n": ("160", "320")})
    assert cut["thm4_1"].ns == {FIXED: (160, 320)}
    assert cut["lemma3_1"].ns == {} and cut["thm3_2"].ns == {}
    whole = _plans()["thm4_1"]  # the rest of the plan is kept: the grid, the draws and the goal
    assert (cut["thm4_1"].top, cut["thm4_1"].draws, cut["thm4_1"].goal) == (whole.top, whole.draws, whole.goal)
    by_id = experiment.select_plans(_plans(), {"claim": ("du2018a.thm4.1",), "regime": (FIXED,)})
    assert by_id["thm4_1"].ns == {FIXED: whole.ns[FIXED]}
    assert experiment.select_plans(_plans(), {}) == _plans()  # nothing selected: the whole experiment


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        ({"claim": ("thm9",)}, "select claim must be one of lemma3_1, thm4_1, thm3_2 (or its claim id), got 'thm9'"),
        ({"regime": ("d = 3n",)}, "select regime must be one of 'd = 2n', 'fixed d = 10', 'digits, d = 64', got"),
        ({"n": ("ten",)}, "select n must be an integer, got 'ten'"),
        ({"n": ("640",)}, "select n must be one of the selected plans' n [10, 14, 20, 28, 40, 80, 160, 320], got"),
        ({"size": ("1",)}, "select key 'size' is not one of claim, regime, n"),
        ({"claim": ("thm3_2",), "regime": ("digits, d = 64",), "n": ("80",)}, "select n must be one of"),
        ({"claim": ("thm4_1",), "regime": (FIXED,), "draw": ("1",)}, "select draw cannot cut a regime with a second"),
        ({"claim": ("thm3_2",), "regime": (FIXED,), "draw": ("3",)}, "select draw must be one of the selected plans'"),
        ({"claim": ("thm3_2",), "regime": (FIXED,), "draw": ("one",)}, "select draw must be an integer, got 'one'"),
        ({"claim": ("thm3_2",), "regime": ("d = 2n",), "draw": ("1",)}, "X [0] (0-based), got '1'"),
    ],
)
def test_a_selection_that_names_nothing_is_refused(selection, message):
    with pytest.raises(InvalidInputError) as raised:
        experiment.select_plans(_plans(), selection)
    assert message in str(raised.value)


def test_the_command_line_runs_a_part_and_says_so(tmp_path, capsys):
    out = str(tmp_path / "REPORT.md")
    args = ("--section", "du2018a.widths", "--select", "claim=thm4_1", "--select", f"regime={FIXED}")
    assert main("report", *args, "--select", "n=10", "--out", out, "--bench-dir", str(tmp_path)) == 0
    results = json.loads(results_path(out).read_text())
    (section,) = results["sections"]
    data = section["data"]
    assert data["selection"] == {"claim": ["thm4_1"], "regime": [FIXED], "n": ["10"]}
    assert [(r["regime"], r["n"]) for r in data["rows"]] == [(FIXED, 10)]
    assert data["rows"][0]["thm4_1"]["points"] and "lemma3_1" not in data["rows"][0]
    assert data["fits"]["thm4_1"]["joint"] is None  # one regime: λ0 moves with n, a and b are not told apart
    assert "--select claim=thm4_1 --select 'regime=fixed d = 10' --select n=10" in results["header"]["command"]
    assert "**A part of the experiment** (`--select`)" in (tmp_path / "REPORT.md").read_text()
    capsys.readouterr()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--select", "claim=thm4_1"), "select needs --section (the experiment it selects from)"),
        (("--section", "du2018a.fig1", "--select", "n=10"), "section du2018a.fig1 always runs whole"),
        (("--section", "du2018a.widths", "--select", "n=11"), "select n must be one of the selected plans' n"),
        (("--section", "du2018a.widths", "--select", "n"), "--select expects KEY=VALUE, got 'n'"),
        (("--section", "du2018a.widths", "--select", "n="), "--select expects KEY=VALUE, got 'n='"),
        (("--section", "du2018a.widths", "--select", "n=10", "--select", "n=10"), "--select n=10 is given twice"),
        (("--from-results", "x.json", "--select", "n=10"), "--from-results runs nothing"),
    ],
)
def test_a_bad_selection_is_one_line_and_exit_64_before_any_trial(tmp_path, capsys, args, message):
    assert main("report", *args, "--out", str(tmp_path / "REPORT.md")) == 64
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []  # nothing written, no cache left behind


def test_a_key_selected_twice_keeps_both_values_in_the_order_given():
    from claims.__main__ import parse_selection

    assert parse_selection(["n=20", "claim=thm4_1", " n = 10 "]) == {"n": ("20", "10"), "claim": ("thm4_1",)}


def test_the_lack_of_fit_test_holds_its_level_on_a_line_and_rejects_a_bend():
    rng = np.random.default_rng(23)
    x = np.repeat(np.log([10.0, 20, 40, 80, 160, 320]), 6)
    p_line = np.array([lack_of_fit_f_test(x, 0.5 * x + rng.normal(0, 0.2, x.size)).p_value for _ in range(2000)])
    lo, hi = failure_rate_interval_by_clopper_pearson(int(np.sum(p_line < 0.05)), p_line.size, 1 - 1e-3)
    assert lo <= 0.05 <= hi  # a size-0.05 test rejects a true line at rate 0.05 (exact interval at α = 10⁻³)
    bend = np.where(x > np.log(80), 1.25 * (x - np.log(80)), 0.0)  # flat, then n^1.25: the GD rows' shape
    p_bend = [lack_of_fit_f_test(x, bend + rng.normal(0, 0.2, x.size)).p_value for _ in range(200)]
    assert np.mean(np.array(p_bend) < 0.05) > 0.95


def test_the_lack_of_fit_test_needs_three_levels_replicates_and_scatter():
    x = np.log([10.0, 10, 20, 20, 40, 40])
    assert lack_of_fit_f_test(x[:4], np.arange(4.0)) is None  # two levels: a line fits any two means
    assert lack_of_fit_f_test(np.log([10.0, 20, 40]), np.arange(3.0)) is None  # no replicate
    assert lack_of_fit_f_test(x, np.repeat([1.0, 2.0, 5.0], 2)) is None  # no scatter within the levels (ties)
    with pytest.raises(InvalidInputError, match="x and y must be finite and 1-d of one length"):
        lack_of_fit_f_test(x, np.arange(5.0))


def test_the_section_shows_the_shape_test_and_no_joint_fit_from_one_regime(tmp_path):
    from claims.report.figures import Figures

    plans = {
        "lemma3_1": ByProfile.same(experiment.Plan({})),
        "thm4_1": ByProfile.same(experiment.Plan({FIXED: (3, 4, 6)}, top=64, start=4, draws={FIXED: 3})),
        "thm3_2": ByProfile.same(experiment.Plan({})),
    }
    data = run_widths(plans, seed=7)
    assert data["fits"]["thm4_1"]["joint"] is None
    text = render_widths(data, Figures(tmp_path, "run"))
    assert "needs rows of both sphere regimes (this run has 1)" in text
    assert "Lemma 3.1 |" not in text  # a claim with no plan has no rows in the fits' tables
    rows = [r for r in data["rows"] if r.get("thm4_1", {}).get("bracket")]
    x = np.log([r["n"] for r in rows])
    y = np.log([np.sqrt(np.prod(r["thm4_1"]["bracket"])) for r in rows])
    test = lack_of_fit_f_test(x, y)
    assert test is not None and test.dof == (1, len(rows) - 3)
    assert "Is one power law enough?" in text and "3→4: " in text and "4→6: " in text
    assert f"F = {test.f:.3g} on (1, {len(rows) - 3}), p = {test.p_value:.2g}" in text


def test_a_regime_left_out_has_no_second_stage_and_the_section_says_none(tmp_path):
    from claims.report.figures import Figures

    # the plan keeps fixed d's goal after a selection of d = 2n alone (select_plans keeps goals and draws)
    gd = experiment.Plan({"d = 2n": (3, 4, 5)}, top=64, start=4, draws={FIXED: 3}, goal={FIXED: 0.15})
    plans = {"lemma3_1": ByProfile.same(experiment.Plan({})), "thm4_1": ByProfile.same(gd)}
    plans["thm3_2"] = plans["lemma3_1"]
    data = run_widths(plans, seed=3)
    assert data["plans"]["thm4_1"]["two_stage"] == {}
    assert "pilot gave no scale" not in render_widths(data, Figures(tmp_path, "run"))
    # results written before the experiment skipped it hold such a record: the section does not show it
    data["plans"]["thm4_1"]["two_stage"] = {FIXED: {"scale": None}}
    assert "pilot gave no scale" not in render_widths(data, Figures(tmp_path, "run"))


def test_a_selection_the_profile_plans_nothing_of_is_refused():
    with pytest.raises(InvalidInputError, match=r"this profile plans none of \['thm3_2'\] in \['fixed d = 10'\]"):
        experiment.select_plans(_plans("quick"), {"claim": ("thm3_2",), "regime": (FIXED,)})


def test_a_part_of_some_x_draws_the_whole_runs_x_and_merges_back(tmp_path):
    """``--select draw``: a part sweeping X 1 alone has the whole run's row for it (the same seed and λ0) and no
    other; merged with the part of X 0, the rows are the whole run's. The part's figures name its rows in their
    legends although it has no X 0 (matplotlib warned of a legend without entries)."""
    import dataclasses
    import warnings

    from claims.report.figures import Figures
    from tests.helpers import experiment_context

    plan = experiment.Plan({FIXED: (4, 6)}, steps=2, draws={FIXED: 2})
    plans = {
        "lemma3_1": ByProfile.same(plan),
        "thm4_1": ByProfile.same(experiment.Plan({})),
        "thm3_2": ByProfile.same(experiment.Plan({})),
    }

    def run(selection):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(experiment, "PLANS", plans)
            mp.setattr(experiment, "REPLICATES", ByProfile.same(100))
            ctx = experiment_context(*experiment.CLAIMS.values(), seed=11)
            return experiment.widths(dataclasses.replace(ctx, selection=selection))

    whole, first, second = run({}), run({"draw": ("0",)}), run({"draw": ("1",)})
    assert [(r["n"], r["draw"]) for r in second["rows"]] == [(4, 1), (6, 1)]
    key = {(r["n"], r["draw"]): (r["seed"], r["lambda0"]) for r in whole["rows"]}
    assert all(key[r["n"], r["draw"]] == (r["seed"], r["lambda0"]) for r in first["rows"] + second["rows"])
    merged = experiment.merge_parts([first, second], profile="quick", seed=11)
    assert [(r["n"], r["draw"], r["seed"]) for r in merged["rows"]] == [
        (r["n"], r["draw"], r["seed"]) for r in whole["rows"]
    ]
    assert all(r["lemma3_1"]["points"] for r in merged["rows"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_widths(second, Figures(tmp_path, "fig"))


def test_a_draw_selection_keeps_every_regime_that_has_one_of_the_x_it_names():
    """The full flow plan draws 3 X per n at fixed d and one elsewhere: ``draw=0 draw=2`` keeps every regime (X 0
    is drawn in each), ``draw=2`` alone only fixed d, and the cut plans sweep just the X named."""
    whole = _plans()["thm3_2"]
    both = experiment.select_plans(_plans(), {"claim": ("thm3_2",), "draw": ("0", "2")})["thm3_2"]
    assert both.ns == whole.ns and both.chosen_draws == (0, 2)
    assert [d for d in range(3) if both.sweeps_draw(d)] == [0, 2]
    third = experiment.select_plans(_plans(), {"claim": ("thm3_2",), "draw": ("2",)})["thm3_2"]
    assert third.ns == {FIXED: whole.ns[FIXED]} and third.chosen_draws == (2,)
