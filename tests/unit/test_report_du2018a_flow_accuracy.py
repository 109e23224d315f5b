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
