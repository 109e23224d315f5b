"""The clc2018 report section on the Richardson bracket of exp_rate: the experiment runs the claim's own trials
against a bracket 32 times finer and counts where the bracket misses the flow; it must see misses where there are
some (a bracket with no margin), and its render function writes one row per instance."""

import json
import math

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


def test_a_decision_the_finer_bracket_reverses_is_counted_as_contradicted(monkeypatch):
    """The claim's decisions swapped (passed ↔ failed) after its own run, the reference bracket deciding as
    before: every decided trial is then contradicted, in either direction (a pass where the finer bracket
    violates the bound, a failure where it holds). The mutant's instance has decisions both ways."""
    real = flow.rate_run

    def swapped(*args, **kwargs):
        run = real(*args, **kwargs)
        return {**run, "passed": run["failed"], "failed": run["passed"]}

    monkeypatch.setattr(flow, "rate_run", swapped)
    sizes = (("mutant", {"rate_factor": 3.0, "steps": 16, "max_steps": 64}),)
    monkeypatch.setattr(rate_accuracy, "SIZES", ByProfile(quick=sizes, standard=(), full=()))
    (row,) = SECTION.load()(experiment_context(*SECTION.claims, seed=3))["rows"]
    assert row["passed"] > 0 and row["failed"] > 0
    assert row["contradicted"] == row["passed"] + row["failed"]


def test_a_bracket_that_misses_the_flow_at_one_checkpoint_is_a_miss(monkeypatch):
    """The claim's bracket moved above the flow at the fourth of its eight checkpoints only (by more than its
    width and the loss itself): every trial's bracket then misses the finer one there, each is counted as a
    miss, and the worst miss ratio exceeds 1."""
    real = flow.rate_run

    def moved(*args, **kwargs):
        run = real(*args, **kwargs)
        lo, hi = (b.clone() for b in run["bracket"])
        shift = 1 + 10 * (hi[3].abs() + (hi[3] - lo[3]))
        lo[3], hi[3] = lo[3] + shift, hi[3] + shift
        return {**run, "bracket": (lo, hi)}

    monkeypatch.setattr(flow, "rate_run", moved)
    sizes = (("4,3,2", {"steps": 16, "max_steps": 64}),)
    monkeypatch.setattr(rate_accuracy, "SIZES", ByProfile(quick=sizes, standard=(), full=()))
    (row,) = SECTION.load()(experiment_context(*SECTION.claims, seed=3))["rows"]
    assert row["trials"] > 0 and row["missed"] == row["trials"] and row["worst_ratio"] > 1


def test_a_bracket_equal_to_the_reference_lies_inside_it_by_its_half_width(monkeypatch):
    """The miss ratio is (distance of the midpoints − the reference's half-width)/the claim's half-width: a claim
    bracket replaced by the reference itself (the finer run over the same span: h/32, 32·chunk steps) gives −1
    exactly at every checkpoint and no miss. The instance (dims 4,3,3,2, K = 16 Euler steps at most) has stiff
    trials, whose span ends before T: the reference covers the span, not the horizon."""
    real = flow.rate_run

    def reference(*args, **kwargs):
        run = real(*args, **kwargs)
        chunk = run["steps"] // flow.RATE_CHECKPOINTS
        h = run["span"] / (chunk * flow.RATE_CHECKPOINTS)
        finer = rate_accuracy.FINER
        bracket = flow.flow_bracket(run["Ws"], run["X"], run["Y"], h / finer, chunk * finer, flow.RATE_CHECKPOINTS)
        return {**run, "bracket": bracket}

    monkeypatch.setattr(flow, "rate_run", reference)
    sizes = (("stiff", {"dims": "4,3,3,2", "steps": 8, "max_steps": 16}),)
    monkeypatch.setattr(rate_accuracy, "SIZES", ByProfile(quick=sizes, standard=(), full=()))
    (row,) = SECTION.load()(experiment_context(*SECTION.claims, seed=3))["rows"]
    assert row["on_span"] > 0 and row["missed"] == 0 and row["worst_ratio"] == -1


def test_a_trial_whose_euler_runs_overflow_is_kept_out_of_the_ratios():
    """At dims 6,5,4,3,2 and K = 32 Euler steps some trials' runs overflow (a NaN bracket): their miss ratio and
    width are left out of the unit's lists, which hold one finite value per finite bracket, and none is a miss."""
    ctx = experiment_context(*SECTION.claims, seed=3)
    params = ctx.claims[rate_accuracy.CLAIM].resolve({"dims": "6,5,4,3,2", "steps": 8, "max_steps": 32})
    unit = rate_accuracy.rate_accuracy_unit(ctx.item("overflow", params=params, batch=8))
    finite = unit["finite"]
    assert 0 < sum(finite) < len(finite)
    assert len(unit["miss_ratio"]) == len(unit["width_over_loss"]) == sum(finite)
    assert all(math.isfinite(v) for v in unit["miss_ratio"] + unit["width_over_loss"])
    assert not any(m for m, f in zip(unit["miss"], finite, strict=True) if not f)
