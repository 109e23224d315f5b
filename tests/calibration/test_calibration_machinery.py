"""The calibration run's machinery on two seeds (the run itself is `tox -e calibration`, minutes long)."""

import dataclasses
import json

import pytest

from claims.engine import calibration
from claims.registry import get
from claims.tools import calibration as calibration_tool
from models.checks import InvalidInputError

CFG = {"delta": 0.2, "first_seed": 7, "sweep_trials": 50, "pilot_trials": 300, "gamma": 1e-3, "alphas": [0.1]}


def test_two_seeds_give_rates_with_exact_intervals(tmp_path):
    out = tmp_path / "calibration.json"
    args = ["--claim", "du2018a.lemma3.1", "--set", "n=4", "--set", "d=8", "--knob", "m", "--grid", "100,200,400"]
    args += ["--seeds", "2", "--sweep-trials", "50", "--pilot-trials", "300", "--first-seed", "7", "--out", str(out)]
    assert calibration_tool.main(args) == 0
    data = json.loads(out.read_text())
    (result,) = data["results"]
    for label in ("false_fail", "false_pass"):
        s = result[label]
        assert s["runs"] == data["instances"] == 2 and 0 <= s["ci95"][0] <= s["ci95"][1] <= 1 and s["bound"] == 0.1
    for row in data["per_seed"]:
        if not row.get("skipped"):  # δ_fail ≤ p̂ ≤ δ_hold, both near the instance's failure rate
            assert row["delta_fail"] <= row["p_hat"] <= row["delta_hold"] and row["m"] in (100, 200, 400)


def test_a_delta_that_enters_the_trial_is_refused():
    claim = get("du2018a.lemma3.1")

    def trial(instance, generator, device, dtype, batch):  # δ moves the outcome: shifting δ to p is invalid
        out = claim.trial(instance, generator, device, dtype, batch)
        return dataclasses.replace(out, passed=out.passed | (instance["delta"] < 0.2))

    with pytest.raises(InvalidInputError, match="changes the trials"):
        calibration.check_delta_enters_the_design_only(
            dataclasses.replace(claim, trial=trial), claim.resolve({"n": 4, "d": 4, "m": 100}), 0
        )


def test_only_whp_claims_are_calibrated():
    with pytest.raises(InvalidInputError, match="calibration runs whp claims"):
        calibration.calibrate(get("du2018a.thm3.1"), {}, "n", [4], 1, CFG)
