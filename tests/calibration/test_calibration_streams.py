"""The stream calibration's machinery on a few seeds (the run itself is part of `tox -e calibration`)."""

import json

import numpy as np
import torch

from claims.engine import calibration_streams as cs
from claims.engine.design import FORALL_LOOKS
from claims.engine.stats import SequentialDesign, geometric_schedule
from claims.spec import seeded_generator
from claims.tools import calibration_streams


def test_streams_give_rates_with_exact_intervals_for_every_rule(tmp_path):
    out = tmp_path / "streams.json"
    assert calibration_streams.main(["--seeds", "40", "--alpha", "0.1", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    (w,) = data["whp"]
    for group in ("hold", "fail"):
        for design in ("new", "bonferroni"):
            e = w["groups"][group][design]["error"]
            assert e["runs"] == 40 and 0 <= e["ci95"][0] <= e["rate"] <= e["ci95"][1] <= 1
    new, old = w["exact_error_rates_at_delta"]["new"], w["exact_error_rates_at_delta"]["bonferroni"]
    assert max(new) <= 0.1 and max(old) <= 0.1
    v = w["versus_bonferroni"]
    assert v["new"]["runs"] == v["bonferroni"]["runs"] == 120 and v["mean_trials_ratio"] > 0
    assert set(v["by_p_over_delta"]) == {"0.8-0.9", "0.9-1.0", "1.0-1.1", "1.1-1.2"}
    assert data["forall"][0]["exact_false_pass_at_epsilon"] <= 0.1
    assert set(data["scaling"][0]) >= {"equal", "at_most", "at_least"}


def test_the_same_seed_gives_the_same_file(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for path in (a, b):
        calibration_streams.main(["--seeds", "20", "--alpha", "0.1", "--out", str(path)])
    strip = ("date", "wall_time_s", "command")
    load = [{k: v for k, v in json.loads(p.read_text()).items() if k not in strip} for p in (a, b)]
    assert load[0] == load[1]


def test_run_design_stops_each_stream_where_decide_codes_says():
    """Each row is read up to a look, its verdict there from the failures among the first n trials, and a row
    that stopped is never read again: the same codes and trials as a plain loop over rows and looks."""

    design = SequentialDesign.for_failure_rate(0.2, 0.1, 0.1, 0.1)
    g = torch.Generator().manual_seed(5)
    failed = (torch.rand(300, design.max_trials, generator=g, dtype=torch.float64) < 0.2).double()
    codes, trials = cs.run_design(design, failed)
    for row in range(len(failed)):
        for look, n in enumerate(design.schedule):
            code = int(design.decide_codes(int(failed[row, :n].sum()), n, look))
            if code:
                break
        assert (codes[row], trials[row]) == (code, n), row
    assert len(set(codes.tolist())) == 3  # premise: all three verdicts occur


def test_an_error_rate_is_within_its_bound_unless_its_interval_lies_above_it():

    assert cs.rate(1, 3, 0.1)["within_bound"] and not cs.rate(20, 20, 0.1)["within_bound"]


def test_the_groups_hold_their_rates_and_count_their_own_errors(tmp_path):
    """p/δ in [0.8, 1] where the claim holds (REFUTED is the error), in [1, 1.2] where it fails (SUPPORTED is);
    a futile stop is an INCONCLUSIVE before the last look; the ratio is the design's mean trials over
    Bonferroni's."""

    w = cs.whp(0.2, 0.1, 60, 0)
    for group, error, bins in (
        ("hold", "REFUTED", {"0.8-0.9", "0.9-1.0"}),
        ("fail", "SUPPORTED", {"1.0-1.1", "1.1-1.2"}),
    ):
        for design in ("new", "bonferroni"):
            s = w["groups"][group][design]
            assert set(s["by_p_over_delta"]) == bins and s["error"]["count"] == s["verdicts"].get(error, 0)
            assert s["futile"] <= s["inconclusive"]
    v = w["versus_bonferroni"]
    assert v["mean_trials_ratio"] == v["new"]["mean_trials"] / v["bonferroni"]["mean_trials"]


def test_a_futile_stop_is_an_inconclusive_before_the_last_look():

    design = SequentialDesign.for_failure_rate(0.2, 0.1, 0.1, 0.1)
    codes, trials = np.array([3, 3, 1]), np.array([design.schedule[0], design.max_trials, design.schedule[1]])
    s = cs.summarise(codes, trials, np.array([0.9, 0.9, 0.9]), design, 1, 0.1, (0.8, 1.0))
    assert (s["inconclusive"], s["futile"]) == (2, 1)


def test_a_forall_stream_draws_up_to_the_first_look_that_holds_its_first_failure():
    """The trials drawn by a forall run: the first look at or after its first failure (1-based), or all N."""

    eps, beta, seeds = 0.05, 0.1, 200
    out = cs.forall(eps, beta, seeds, 3)
    n = SequentialDesign.for_forall(eps, beta).max_trials
    gen = seeded_generator(3, f"calibration-streams-forall-{eps}-{beta}", cs.CPU)  # the run's draws, again
    u = 1.0 + 0.2 * torch.rand(seeds, generator=gen, dtype=torch.float64)
    failed = (torch.rand(seeds, n, generator=gen, dtype=torch.float64) < (u * eps)[:, None]).numpy()
    looks = geometric_schedule(n, FORALL_LOOKS)
    drawn = []
    for row in failed:
        first = int(np.argmax(row)) + 1 if row.any() else n
        drawn.append(next(look for look in looks if look >= first))
    assert out["mean_trials_drawn"] == np.mean(drawn) and out["false_pass"]["count"] == int((~failed.any(1)).sum())
