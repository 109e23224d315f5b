"""python -m claims.tools.screen: every report instance of a profile at a few trials, flagging those that cannot
decide (a run refused, no trial drawn, undecided trials) before a run of hours does."""

from __future__ import annotations

import pytest

import claims
from claims.spec import Kind
from claims.tools import EXIT_USAGE, screen


def test_instances_that_decide_are_not_flagged(capsys):
    assert screen.main(["--profile", "quick", "--only", "yuchen1995.core", "--trials", "2"]) == 0
    out = capsys.readouterr().out
    assert "yuchen1995.core[0]" in out and "yuchen1995.core[1]" in out and "; 0 flagged" in out


def test_a_horizon_beyond_max_steps_and_undecided_trials_are_flagged(capsys):
    """Theorem 4.1's quick instances held at 10 GD steps: one asks for more and is not run (no trial), the other
    runs but cannot reach every trial's horizon (undecided); --set reaches only the claims that have the name."""
    args = ["--profile", "quick", "--only", "du2018a.thm4.1", "--only", "yuchen1995.core", "--trials", "2"]
    assert screen.main([*args, "--set", "max_steps=10"]) == 1
    out = capsys.readouterr().out
    assert "no trial drawn: " in out and "not run rather than cut short" in out
    assert "undecided (a SUPPORTED counts them as failures)" in out and "; 2 flagged" in out
    assert "yuchen1995.core[0] {}: 2 trials" in out  # it has no max_steps: left as it is


def test_trials_whose_premise_never_held_are_drawn_not_missing(capsys):
    """A conditional instance whose premise no draw meets (no angle reaches 1.6 > π/2) drew its trials: the line
    counts them drawn and held apart, and the flag says the premise held in none, not that none was drawn."""
    args = ["--profile", "quick", "--only", "du2018b.lambda0_positive", "--trials", "2", "--set", "min_angle=1.6"]
    assert screen.main(args) == 1
    out = capsys.readouterr().out
    assert "{'min_angle': 1.6}: 8 trials, 0 with the premise" in out
    assert ": the premise held in none of 8 trials: the theorem's premise held in 0 of 8" in out
    assert "no trial drawn" not in out


@pytest.mark.parametrize(
    "kind, drawn, held, undecided, flag",
    [
        (Kind.WHP, 0, 0, 0, "no trial drawn: why"),
        (Kind.FORALL, 5, 0, 0, "the premise held in none of 5 trials: why"),
        (Kind.WHP, 8, 8, 0, None),
        (Kind.WHP, 8, 6, 0, "the premise failed in 2 of 8 trials (a SUPPORTED counts them as failures)"),
        (Kind.CONDITIONAL, 8, 6, 0, None),  # drawn again: a miss costs time, not the verdict
        (Kind.CONDITIONAL, 8, 6, 1, "1 of 6 trials undecided (a SUPPORTED counts them as failures)"),
        (
            Kind.WHP,
            8,
            7,
            2,
            "the premise failed in 1 of 8 trials; 2 of 7 trials undecided (a SUPPORTED counts them as failures)",
        ),
    ],
)
def test_a_whp_premise_miss_is_flagged_as_an_undecided_trial_is(kind, drawn, held, undecided, flag):
    """A whp design counts a trial outside the premise against SUPPORTED (claims.engine.runner._whp_reason);
    forall and conditional designs draw it again."""
    assert screen.why_flagged(kind, drawn, held, undecided, "why") == flag


def test_an_instance_is_screened_at_the_seed_the_report_gives_it(monkeypatch):
    from claims.report.jobs import claim_unit
    from claims.report.writer import REPORT_SEED

    seen = {}

    def fake_run(claim, params, seed, trials, device):
        seen["seed"] = seed
        raise screen.InvalidInputError("stop here")

    monkeypatch.setattr(screen, "run", fake_run)
    claim = screen.get("yuchen1995.core")
    assert screen.screen_one(claim.id, 1, {}, 2, "cpu")["flag"] == "refused: stop here"
    unit = claim_unit(claim, 1, {}, seed=REPORT_SEED, device="cpu", dtype="float64", alpha=0.01)
    assert seen["seed"] == unit.args[2]
    assert claim_unit(claim, 0, {}, seed=REPORT_SEED, device="cpu", dtype="float64", alpha=0.01).args[2] != seen["seed"]


def test_new_screens_only_what_the_smaller_profile_does_not_run():
    claim = screen.get("du2018a.lemma3.3")  # two of its four full instances are standard ones, none a quick one
    full = [o for _, _, o in screen.instances("full", True, [claim.id])]
    assert len(full) == 2 and len(claim.report_instances["full"]) == 4
    assert full == [o for o in claim.report_instances["full"] if o not in claim.report_instances["standard"]]
    assert screen.instances("quick", True, [claim.id]) == screen.instances("quick", False, [claim.id])


@pytest.mark.parametrize(
    "args, said",
    [
        (["--only", "bogus"], "unknown claim id 'bogus'"),
        (["--trials", "0"], "trials must be >= 1, got 0"),
        (["--profile", "quick", "--only", "yuchen1995.core", "--set", "m=abc"], "parameter m must be of type int"),
    ],
)
def test_bad_input_is_one_line_naming_it(args, said, capsys):
    assert screen.main(args) == EXIT_USAGE
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "params, hint",
    [({"max_steps": 10}, True), ({"max_steps": 10, "eta_scale": 1.0}, False), ({"max_steps": 10, "eta": 0.01}, False)],
)
def test_a_horizon_beyond_max_steps_says_what_runs_it(params, hint):
    """A GD instance not run for its horizon names the way to run it: max_steps always, and the practical step
    eta_scale only where the literal step ¼λ0/n² is the one taken (never where the user chose a step)."""
    result = claims.check("du2018a.thm4.1", params=params, trials=2)
    assert result["verdict"] == "INCONCLUSIVE" and "not run rather than cut short (raise max_steps" in result["reason"]
    assert ("set eta_scale = 1 for the practical step" in result["reason"]) == hint


def test_the_deep_nets_literal_step_says_what_runs_it():
    result = claims.check("du2018b.thm5.1", params={"eta_scale": None}, trials=2)
    assert result["verdict"] == "INCONCLUSIVE"
    assert "> max_steps = 5000 (raise max_steps, or set eta_scale for the practical step" in result["reason"]
