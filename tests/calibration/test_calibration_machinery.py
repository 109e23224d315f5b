"""The calibration run's machinery on two seeds (the run itself is `tox -e calibration`, minutes long)."""

import dataclasses
import json

import pytest
import torch

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


def _row(seed, hold, fail, trials=100, skipped=False):
    return {
        "seed": seed,
        "p_hat": 0.2,
        "delta_hold": 0.25,
        "delta_fail": 0.16,
        "skipped": skipped,
        "hold@0.1": {"verdict": hold, "trials": trials},
        "fail@0.1": {"verdict": fail, "trials": trials},
    }


def test_summary_counts_a_refuted_hold_and_a_supported_fail_against_alpha_from_the_lower_end():
    """REFUTED where the claim holds (δ_hold) is a false fail, SUPPORTED where it fails (δ_fail) a false pass; a
    skipped seed is not counted; the rate is within its bound unless its exact 95 % interval lies above α."""
    from scipy import stats

    rows = [_row(0, "REFUTED", "SUPPORTED"), _row(1, "SUPPORTED", "REFUTED"), _row(2, "INCONCLUSIVE", "INCONCLUSIVE")]
    rows += [_row(3, "REFUTED", "SUPPORTED", skipped=True)]
    out = calibration.summarise(rows, 0.1)
    for label, count in (("false_fail", 1), ("false_pass", 1)):
        s = out[label]
        assert (s["runs"], s["count"], s["rate"]) == (3, count, 1 / 3)
        lo, hi = stats.beta.ppf(0.025, 1, 3), stats.beta.ppf(0.975, 2, 2)  # Clopper–Pearson, 1 of 3
        assert s["ci95"] == pytest.approx([lo, hi], rel=1e-9)
        assert s["within_bound"] is True and lo <= 0.1  # 1 of 3 at α = 0.1: not significantly above it
    many = calibration.summarise([_row(k, "REFUTED", "SUPPORTED") for k in range(20)], 0.1)
    assert many["false_fail"]["within_bound"] is False and many["false_pass"]["within_bound"] is False


def test_a_seed_whose_pilot_rate_is_far_from_delta_is_skipped_without_a_check(monkeypatch):
    """p̂ outside [δ/2, 2δ]: the sweep found no rate near δ, so the seed is left out (and counted), and no check
    runs; p̂ inside: both checks run at each α. The sweep keeps the grid value whose rate is nearest δ, and the
    pilot runs on a stream of its own."""
    rates = {100: 0.9, 200: 0.25, 400: 0.0}  # per knob value; the pilot reads the chosen value's rate

    streams = []

    def failures_of(claim, values, seed, purpose, trials):
        streams.append((seed, purpose))
        return round(rates[values["m"]] * trials)

    ran = []
    monkeypatch.setattr(calibration, "failures_of", failures_of)
    monkeypatch.setattr(
        calibration,
        "run",
        lambda claim, params, seed, alpha: (
            ran.append(params) or type("R", (), {"verdict": type("V", (), {"value": "SUPPORTED"}), "trials": 10})()
        ),
    )
    claim = get("du2018a.lemma3.1")
    row = calibration.one_seed(claim, claim.resolve({}), "m", [100, 200, 400], 0, CFG)
    assert row["m"] == 200 and not row.get("skipped") and len(ran) == 2
    # the pilot draws fresh trials: the sweep's were selected for being near δ, and would bias p̂ towards it
    assert len(set(streams)) == len(streams) == 4
    rates[200] = 0.45  # nearest δ = 0.2 still, but above 2δ
    row = calibration.one_seed(claim, claim.resolve({}), "m", [100, 200, 400], 0, CFG)
    assert row["skipped"] and len(ran) == 2


def test_seeds_are_drawn_until_enough_instances_are_kept(monkeypatch):
    """Every other seed skipped: 3 instances wanted take 5 seeds (the third kept is the fifth), no more."""
    seen = []

    def one_seed(claim, values, knob, grid, seed, cfg):
        seen.append(seed)
        return _row(seed, "SUPPORTED", "REFUTED", skipped=seed % 2 == 1)

    monkeypatch.setattr(calibration, "one_seed", one_seed)
    monkeypatch.setattr(calibration, "check_delta_enters_the_design_only", lambda *a: None)
    out = calibration.calibrate(get("du2018a.lemma3.1"), {}, "m", [100], 3, {**CFG, "first_seed": 0})
    assert seen == [0, 1, 2, 3, 4] and out["instances"] == 3 and out["skipped_seeds"] == 2


@pytest.mark.parametrize("field", ["undecided", "premise_held"])
def test_a_trial_that_does_not_decide_is_refused(field):
    """The pilot's failure rate counts verified failures among trials that all decide with their premise held;
    an undecided trial, or one outside the premise, would hide in it."""
    claim = get("du2018a.lemma3.1")

    def trial(instance, generator, device, dtype, batch):
        out = claim.trial(instance, generator, device, dtype, batch)
        if field == "undecided":
            return dataclasses.replace(out, undecided=out.passed & False | (torch.arange(batch) == 0))
        return dataclasses.replace(out, premise_held=torch.arange(batch) != 0)

    with pytest.raises(InvalidInputError, match="calibration needs trials that all decide with their premise held"):
        calibration.failures_of(
            dataclasses.replace(claim, trial=trial), claim.resolve({"n": 4, "d": 4, "m": 100}), 0, "pilot", 8
        )
