"""The stream calibration's machinery on a few seeds (the run itself is part of `tox -e calibration`)."""

import json

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
