"""The du2018a report section on the flow's error estimate: the experiment runs Theorem 3.2's own trials against
much finer RK4 runs and counts where the estimate (models.numerics.flow_error) falls short; it must see a
shortfall where there is one (a bare tolerance as the estimate, and the estimate before 2026-12), and its render
function writes one row per size."""

import json

import pytest
import torch

from claims.catalogue.du2018a import flow_accuracy
from claims.report.figures import Figures
from claims.report.sections import du2018a
from claims.spec import ByProfile
from models import dynamics
from tests.helpers import experiment_context, pickled_map

SECTION = next(s for s in du2018a.SECTIONS if s.key == "flow_accuracy")


def _run(monkeypatch, seed: int) -> dict:
    monkeypatch.setattr(flow_accuracy, "SIZES", ByProfile(quick=((10, 10, 4),), standard=(), full=()))
    ctx = experiment_context(*SECTION.claims, seed=seed, mapper=pickled_map)
    return json.loads(json.dumps(SECTION.load()(ctx)))


def test_the_estimate_covers_finer_runs_where_one_change_alone_falls_short(monkeypatch, tmp_path):
    data = _run(monkeypatch, seed=2)
    (row,) = data["rows"]
    assert row["trials"] == flow_accuracy.BATCH == data["total"]["trials"]
    assert row["passed"] + row["failed"] + row["undecided"] == row["trials"]
    assert row["missed"] == 0 and row["worst_ratio"] < 1 and row["contradicted"] == 0
    assert row["short_before"] > 0 and row["worst_ratio_before"] > 1  # the case tells the two estimates apart
    assert row["missed_ci"][0] == 0 and 0 < row["missed_ci"][1] < 1
    markdown = SECTION.render(data, Figures(tmp_path, "figures"))
    assert markdown.count("\n| 10 | 10 | 4 |") == 1
    assert f"fell short in 0 of {row['trials']} trials" in markdown


def test_a_bare_tolerance_as_the_estimate_is_seen_to_fall_short(monkeypatch):
    def floor_only(change, before=None, floor=0.0):
        return torch.zeros_like(change) + torch.as_tensor(floor, dtype=change.dtype)

    monkeypatch.setattr(dynamics, "flow_error", floor_only)
    (row,) = _run(monkeypatch, seed=2)["rows"]
    assert row["missed"] > 0 and row["worst_ratio"] > 1


@pytest.mark.parametrize("profile", ["quick", "standard", "full"])
def test_every_profile_names_sizes_and_instances(profile):
    assert flow_accuracy.SIZES[profile] and flow_accuracy.INSTANCES[profile] >= 1


def _unit_item(seed: int, batch: int = 3) -> dict:
    from claims import get

    params = get(flow_accuracy.CLAIM).resolve({"n": 6, "d": 10, "m": 4, "horizon": 2.0})
    return {"seed": seed, "device": "cpu", "dtype": "float64", "params": params, "batch": batch}


def _claims_run(item: dict):
    """The claim's own draws and flow for ``item``, as flow_accuracy_unit makes them."""
    from claims.catalogue.du2018a.params import train_setup
    from claims.catalogue.du2018a.trials_flow import flow_from
    from claims.spec import Instance, item_generator

    p = item["params"]
    X, y, W0, a0, lam0 = train_setup(
        Instance(p, item["seed"]), item_generator(item), "cpu", torch.float64, item["batch"]
    )
    traj = flow_from(p, X, y, W0, a0, lam0)[0]
    return (X, y, W0, a0), traj, p["horizon"] / lam0, p["grid"]


def test_the_steps_are_the_accepted_runs_and_the_reference_is_finer_by_its_factor():
    """'steps' is the step count of the run the claim accepted (after its halvings, not its first run): RK4 at
    that many steps reproduces the claim's curve bit for bit; the reference runs FINER[1] times as many."""
    item = _unit_item(seed=3)
    out = flow_accuracy.flow_accuracy_unit(item)
    draws, traj, T, grid = _claims_run(item)
    assert len(traj.refinement) > 1 and out["steps"] % grid == 0
    again = dynamics.rk4_flow(*draws, T=T, grid=grid, substeps=out["steps"] // grid)
    assert torch.equal(again.residual_sq, traj.residual_sq)
    assert out["reference_steps"] == flow_accuracy.FINER[1] * out["steps"]


def test_the_measured_columns_are_their_definitions_on_the_claims_own_run():
    """Per trial, from the claim's run r (step h, error estimate e) and RK4 at 16 and 32 times its steps: the
    run's error is at least |r − r_32| − 2·|r_32 − r_16| (the reference's own error, estimated and taken off);
    short_ratio is its worst ratio to e, short_ratio_before its worst ratio to the estimate before 2026-12,
    2·|r_h − r_2h|, and error_over_scale its worst ratio to the bound e^{−λ0 t}‖u(0) − y‖², all over t > 0."""
    item = _unit_item(seed=1, batch=2)
    out = flow_accuracy.flow_accuracy_unit(item)
    draws, traj, T, grid = _claims_run(item)
    s = out["steps"] // grid

    def rk4(substeps):
        return dynamics.rk4_flow(*draws, T=T, grid=grid, substeps=substeps).residual_sq[..., 1:]

    r, r16, r32 = traj.residual_sq[..., 1:], rk4(16 * s), rk4(32 * s)
    error = (r - r32).abs() - 2 * (r32 - r16).abs()
    lam0 = item["params"]["horizon"] / T
    bound = torch.exp(-item["params"]["rate_factor"] * lam0 * traj.times[1:]) * traj.residual_sq[..., :1]
    expected = {
        "short_ratio": error / traj.error[..., 1:],
        "short_ratio_before": error / (2 * (r - rk4(s // 2)).abs()),
        "error_over_scale": error / bound,
    }
    for key, ratio in expected.items():
        torch.testing.assert_close(torch.tensor(out[key], dtype=torch.float64), ratio.amax(-1), rtol=1e-12, atol=0)


@pytest.mark.parametrize("claim_says", ["failed", "passed"])
def test_a_decision_the_reference_reverses_is_counted_either_way(monkeypatch, claim_says):
    """A trial is contradicted where the claim's decision and the reference's are opposite, either way round:
    the claim's flow_from is made to fail (pass) every trial at rate 0.5 (rate 3), which the reference passes
    (fails) for most trials, and those are counted."""
    real = flow_accuracy.flow_from

    def decided(*args, **kwargs):
        traj, lam0, (holds, _, margin), details = real(*args, **kwargs)
        verdict = torch.full_like(holds, claim_says == "passed")
        return traj, lam0, (verdict, ~verdict, margin), details

    monkeypatch.setattr(flow_accuracy, "flow_from", decided)
    item = _unit_item(seed=2, batch=6)
    item["params"] = {**item["params"], "rate_factor": 0.5 if claim_says == "failed" else 3.0}
    out = flow_accuracy.flow_accuracy_unit(item)
    assert out["failed" if claim_says == "failed" else "passed"] == [True] * 6
    assert sum(out["contradicted"]) >= 3
