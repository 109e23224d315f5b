"""The clc2018 report section on the Richardson bracket of exp_rate: the experiment runs the claim's own trials
against a bracket 32 times finer and counts where the bracket misses the flow; it must see misses where there are
some (a bracket with no margin), and its render function writes one row per instance."""

import json

import pytest

from claims.catalogue.clc2018 import flow, rate_accuracy
from claims.report.figures import Figures
from claims.report.sections import clc2018
from claims.spec import ByProfile
from tests.helpers import experiment_context, pickled_map

SECTION = next(s for s in clc2018.SECTIONS if s.key == "rate_accuracy")


def _run(monkeypatch) -> dict:
    sizes = (("4,3,2", {}), ("mutant", {"rate_factor": 3.0, "dims": "4,3,2"}))
    monkeypatch.setattr(rate_accuracy, "SIZES", ByProfile(quick=sizes, standard=(), full=()))
    ctx = experiment_context(*SECTION.claims, seed=3, mapper=pickled_map)
    return json.loads(json.dumps(SECTION.load()(ctx)))


def test_the_bracket_holds_the_finer_flow_and_no_decision_is_contradicted(monkeypatch, tmp_path):
    data = _run(monkeypatch)
    claim, mutant = data["rows"]
    for row in (claim, mutant):
        assert row["drawn"] == rate_accuracy.INSTANCES["quick"] * rate_accuracy.BATCH
        assert 0 < row["trials"] <= row["drawn"]
        assert row["passed"] + row["failed"] + row["undecided"] == row["trials"]
        assert row["missed"] == 0 and row["worst_ratio"] < 1 and row["contradicted"] == 0
    assert claim["failed"] == 0 and mutant["failed"] > 0  # decisions both ways: a contradiction could be seen
    markdown = SECTION.render(data, Figures(tmp_path, "figures"))
    assert markdown.count("\n| mutant | 4,3,2 | 3 |") == 1
    assert f"missed the flow in 0 of {data['total']['trials']} trials" in markdown


def test_a_bracket_without_its_margin_is_seen_to_miss(monkeypatch):
    monkeypatch.setattr(flow, "RICHARDSON_FACTOR", 0)  # the bracket shrinks to the h/2 run's loss alone
    rows = _run(monkeypatch)["rows"]
    assert sum(r["missed"] for r in rows) > 0 and max(r["worst_ratio"] for r in rows) > 1


@pytest.mark.parametrize("profile", ["quick", "standard", "full"])
def test_every_profile_names_instances(profile):
    assert rate_accuracy.SIZES[profile] and rate_accuracy.INSTANCES[profile] >= 1


def test_a_bracket_that_is_not_finite_is_counted_apart_never_as_a_miss():
    """An overflowed Euler run (its bracket NaN) is undecided in the claim: the row counts it as not finite and
    takes the worst ratio and width over the finite brackets only."""
    unit = {
        "steps": 400, "wall_s": 1.0, "premise": [True, True, True], "on_span": [False, True, False],
        "finite": [True, False, True],
        "miss": [False, False, False], "miss_ratio": [0.5, 0.25], "width_over_loss": [1e-3, 2e-3],
        "passed": [True, False, True], "failed": [False, False, False], "contradicted": [False, False, False],
    }  # fmt: skip
    row = rate_accuracy._summary("x", {"dims": "4,3,2", "rate_factor": 2.0}, [unit])
    assert (row["not_finite"], row["missed"], row["undecided"], row["on_span"]) == (1, 0, 1, 1)
    assert (row["worst_ratio"], row["worst_width"]) == (0.5, 2e-3)
