"""The report's sections read from benchmarks/: pytest-benchmark files, the resolution table and the
calibration summary, each rendered from a small file of the shape its producer writes."""

import json

from claims.report.benchmarks import (
    benchmark_data,
    calibration_data,
    render_benchmarks,
    render_calibration,
    render_resolution,
    resolution_data,
)

_RATE = {
    "runs": 200,
    "count": 3,
    "rate": 0.015,
    "ci95": [0.0031, 0.0432],
    "bound": 0.1,
    "within_bound": True,
    "verdicts": {"SUPPORTED": 32, "INCONCLUSIVE": 165, "REFUTED": 3},
    "mean_trials": 181.7,
    "median_p_over_delta": 0.87,
}
CALIBRATION = {
    "claim": "du2018a.lemma3.1",
    "params": {"n": 4},
    "knob": {"name": "m", "grid": [100, 200]},
    "config": {"delta": 0.2, "sweep_trials": 150, "pilot_trials": 2000, "gamma": 0.001},
    "instances": 200,
    "skipped_seeds": 3,
    "results": [{"alpha": 0.1, "beta": 0.1, "false_fail": _RATE, "false_pass": {**_RATE, "within_bound": False}}],
    "per_seed": [{"seed": 1}],
    "date": "2026-11-22",
    "torch": "2.13.0+cpu",
    "wall_time_s": 721.0,
    "command": "python -m claims.tools.calibration --claim du2018a.lemma3.1",
}


def test_each_file_goes_to_its_own_section(tmp_path):
    (tmp_path / "calibration.json").write_text(json.dumps(CALIBRATION))
    (tmp_path / "bench-cpu.json").write_text(json.dumps({"machine_info": {}, "benchmarks": []}))
    bench = benchmark_data(tmp_path)
    assert list(bench["files"]) == ["bench-cpu.json"]  # calibration.json is not a benchmark file
    cal = calibration_data(tmp_path)
    assert "per_seed" not in cal and cal["claim"] == "du2018a.lemma3.1"
    assert resolution_data(tmp_path) == {}


def test_calibration_table_names_rates_intervals_and_misses():
    text = render_calibration(CALIBRATION)
    assert "| false fail | 3 of 200 | 0.015 | [0.0031, 0.0432] | 0.1 | yes |" in text
    assert "| false pass | 3 of 200 | 0.015 | [0.0031, 0.0432] | 0.1 | **no** |" in text
    assert CALIBRATION["command"] in text


def test_missing_results_say_which_command_makes_them(tmp_path):
    assert "tox -e calibration" in render_calibration(calibration_data(tmp_path))
    assert "tox -e resolution" in render_resolution(resolution_data(tmp_path))
    assert "tox -e bench" in render_benchmarks(benchmark_data(tmp_path))


def _bench_file(rows):
    machine = {"cpu": {"brand_raw": "GPU host"}}
    return json.dumps({"machine_info": machine, "datetime": "2026-12-03", "benchmarks": rows})


def test_cuda_benchmarks_are_said_not_measured_until_gpu_bench_writes_them(tmp_path):
    (tmp_path / "bench-cpu.json").write_text(_bench_file([]))
    assert "**bench-cuda.json**: not measured" in render_benchmarks(benchmark_data(tmp_path))
    assert "not measured" in render_benchmarks(benchmark_data(tmp_path / "absent"))
    check = {
        "name": "test_lemma3_1_literal_width[cuda-50]",
        "stats": {"mean": 42.0, "median": 42.0},
        "extra_info": {
            "group_key": "lemma3_1_literal_n50",
            "ours": True,
            "scale": 1,
            "full_size_seconds": 42.0,
            "verdict": "SUPPORTED",
            "trials": 160,
            "m": 3289827.0,
            "params": "{'n': 50, 'd': 100}",
        },
    }
    (tmp_path / "bench-cuda.json").write_text(_bench_file([check]))
    text = render_benchmarks(benchmark_data(tmp_path))
    assert "not measured" not in text and "**bench-cuda.json**: GPU host, 2026-12-03" in text
    assert "test_lemma3_1_literal_width[cuda-50]: SUPPORTED after 160 trials at m = 3.29e+06" in text


def test_the_designs_comparison_runs_both_designs_on_a_report_instance_and_renders(tmp_path):
    """benchmarks/compare_designs.py on one whp instance, written where the report reads it, then rendered:
    today's design reproduces the report's trial count, the Bonferroni design (6 looks at α/6) draws more."""
    from benchmarks import compare_designs
    from claims import registry
    from claims.engine.runner import run
    from claims.report.benchmarks import DESIGNS_FILE, designs_data, render_designs

    assert "No `designs-standard.json`" in render_designs(designs_data(tmp_path))
    claim = registry.get("du2018a.lemma3.2")
    overrides, seed, alpha = {"n": 4, "d": 8}, 3, 1e-3
    mine = run(claim, params=overrides, seed=seed, alpha=alpha)
    record = {**mine.to_json(full=True), "overrides": overrides}
    source = {"results": {claim.id: [record]}, "header": {"profile": "quick", "commit": "x"}}
    results = tmp_path / "results.json"
    results.write_text(json.dumps(source))
    assert compare_designs.main([str(results), "--out", str(tmp_path / DESIGNS_FILE)]) == 0
    data = designs_data(tmp_path)
    assert data["instances"] == 1 and data["today_as_in_report"]
    assert data["total"]["today"]["trials"] == mine.trials < data["total"]["bonferroni"]["trials"]
    text = render_designs(data)
    assert "| du2018a.lemma3.2 | 1 |" in text and "reproduced the report's own trial counts" in text
