"""The report's sections read from benchmarks/: pytest-benchmark files, the resolution table and the
calibration summary, each rendered from a small file of the shape its producer writes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.report.benchmarks import (
    benchmark_data,
    calibration_data,
    memory_data,
    render_benchmarks,
    render_calibration,
    render_memory,
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


def test_a_benchmark_file_shows_the_load_average_its_run_started_at(tmp_path):
    """tests/bench/conftest.py puts the load averages into pytest-benchmark's machine_info; the report shows
    the one at the start beside the file (a file without it, from before, shows none)."""
    machine = {"cpu": {"brand_raw": "cpu host"}, "load_average_at_start": [0.02, 0.61, 1.0]}
    (tmp_path / "bench-cpu.json").write_text(json.dumps({"machine_info": machine, "benchmarks": []}))
    (tmp_path / "bench-old.json").write_text(_bench_file([]))
    text = render_benchmarks(benchmark_data(tmp_path))
    assert "**bench-cpu.json**: cpu host, , load average 0.02, 0.61, 1.00 at the start" in text
    assert "**bench-old.json**: GPU host, 2026-12-03\n" in text


def test_a_benchmark_file_names_the_cpu_vector_extension_it_ran_with(tmp_path):
    """int8 against float32 flips with the CPU's vector extension (models.preactivations.int8_counts_faster), so
    the file's machine says which one torch used."""
    machine = {"cpu": {"brand_raw": "AMD EPYC"}, "cpu_capability": "AVX2"}
    (tmp_path / "bench-cpu.json").write_text(json.dumps({"machine_info": machine, "benchmarks": []}))
    assert "**bench-cpu.json**: AMD EPYC, AVX2, " in render_benchmarks(benchmark_data(tmp_path))
    older = {"cpu": {"brand_raw": "AMD EPYC", "flags": ["avx2", "avx512_vnni", "avx512f"]}}  # read from the flags
    (tmp_path / "bench-old.json").write_text(json.dumps({"machine_info": older, "benchmarks": []}))
    assert "**bench-old.json**: AMD EPYC, AVX512, " in render_benchmarks(benchmark_data(tmp_path))


def test_a_cuda_benchmark_file_names_its_gpu_before_the_host(tmp_path):
    """tests/bench/conftest.py records the GPU, CUDA's and torch's versions where CUDA is available."""
    machine = {"cpu": {"brand_raw": "Xeon"}, "gpu": "NVIDIA H200", "cuda": "13.0", "torch": "2.11.0+cu130"}
    (tmp_path / "bench-cuda.json").write_text(json.dumps({"machine_info": machine, "benchmarks": []}))
    text = render_benchmarks(benchmark_data(tmp_path))
    assert "**bench-cuda.json**: NVIDIA H200 (CUDA 13.0, torch 2.11.0+cu130), host Xeon" in text


def _bench_file(rows):
    machine = {"cpu": {"brand_raw": "GPU host"}}
    return json.dumps({"machine_info": machine, "datetime": "2026-12-03", "benchmarks": rows})


def test_a_benchmark_row_gives_its_full_size_time_its_ratio_to_ours_and_its_floor(tmp_path):
    """The ratio is the row's full-size time over its group's own kernel's; a baseline timed on a slice is marked
    extrapolated; a row with no full-size time of its own gives its median; no kernel of ours in the group: –."""

    def row(name, mean, median, **extra):
        return {"name": name, "stats": {"mean": mean, "median": median}, "extra_info": extra}

    rows = [
        row("ours_k", 1.0, 0.9, group_key="g", ours=True, scale=1, full_size_seconds=2.0, floor_ratio=1.5,
            peak_gflops=80.0),
        row("plain_k", 0.5, 0.5, group_key="g", ours=False, scale=10, full_size_seconds=6.0),
        row("alone", 0.25, 0.2, group_key="h", ours=False),
    ]  # fmt: skip
    (tmp_path / "bench-cpu.json").write_text(_bench_file(rows))
    text = render_benchmarks(benchmark_data(tmp_path))
    assert "| ours_k | 1 | 2 | 1× | 1.50× (peak 80 GFLOP/s) |" in text
    assert "| plain_k | 0.5 | 6 (extrapolated) | 3× | – |" in text
    assert "| alone | 0.25 | 0.2 | – | – |" in text


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


def test_the_design_switch_runs_a_test_under_both_designs_and_renders(tmp_path):
    """benchmarks/design_switch.py as a pytest plugin on two tests, once per design: a run through the engine
    draws more trials under the Bonferroni design, and a test that asserts today's design fails under it;
    the summary lists that test apart and the report renders both runs."""
    from benchmarks import design_switch
    from claims.report.benchmarks import DESIGNS_TESTS_FILE, designs_data, render_designs

    nodes = [
        "tests/unit/test_stats.py::test_runner_counts_undecided_and_says_why[whp]",
        "tests/unit/test_stats.py::test_fewer_expected_trials_than_the_bonferroni_design[0.2-0.1]",
    ]
    root = Path(__file__).resolve().parents[2]
    logs = {}
    for design in design_switch.DESIGNS:
        logs[design] = tmp_path / f"{design}.json"
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "benchmarks.design_switch", "--whp-design", design,
               "--design-log", str(logs[design]), *nodes]  # fmt: skip
        subprocess.run(cmd, cwd=root, capture_output=True, check=False, env=os.environ | {"PYTHONPATH": str(root)})
    summary = tmp_path / DESIGNS_TESTS_FILE
    assert design_switch.main([str(logs["today"]), str(logs["bonferroni"]), "--out", str(summary)]) == 0
    out = json.loads(summary.read_text())
    today, old = out["runs"]["today"], out["runs"]["bonferroni"]
    assert today["all"]["outcomes"] == {"passed": 2} and old["all"]["outcomes"] == {"passed": 1, "failed": 1}
    assert out["fail_only_under_bonferroni"] == nodes[1:] and today["whp"]["tests"] == 2
    assert 0 < today["all"]["trials"] < old["all"]["trials"]
    text = render_designs(designs_data(tmp_path))
    assert "No `designs-standard.json`" in text and "| Bonferroni | 2 |" in text
    assert "1 tests pass under today's design and fail under the Bonferroni design" in text
    with pytest.raises(ValueError, match="designs"):
        design_switch.summarise(json.loads(logs["bonferroni"].read_text()), json.loads(logs["today"].read_text()))


def test_the_designs_table_sums_each_claims_trials_and_counts_the_verdicts_that_differ(tmp_path):
    from claims.report.benchmarks import DESIGNS_FILE, designs_data, render_designs

    def row(claim, today, old, verdicts=("SUPPORTED", "SUPPORTED")):
        return {
            "claim": claim,
            "today": {"trials": today, "verdict": verdicts[0]},
            "bonferroni": {"trials": old, "verdict": verdicts[1]},
        }

    rows = [row("a", 10, 40), row("a", 30, 40, ("SUPPORTED", "INCONCLUSIVE")), row("b", 5, 5)]
    meta = {
        "command": "python -m benchmarks.compare_designs r.json", "date": "2026-12-06", "commit": "c", "machine": "m",
        "threads": 1, "load_average_start": [0.5, 0.5, 0.5], "wall_s": 10.0,
        "source": {"profile": "standard", "commit": "s"},
    }  # fmt: skip
    total = {"today": {"trials": 45, "seconds": 1.0}, "bonferroni": {"trials": 85, "seconds": 2.0}}
    raw = {
        "meta": meta, "total": total, "rows": rows, "instances": 3, "today_as_in_report": True,
        "inconclusive": {"today": 0, "bonferroni": 1}, "trials_ratio": 45 / 85, "seconds_ratio": 0.5,
        "verdicts_differ": 1,
    }  # fmt: skip
    (tmp_path / DESIGNS_FILE).write_text(json.dumps(raw))
    data = designs_data(tmp_path)
    assert data["by_claim"] == {
        "a": {"instances": 2, "today": 40, "bonferroni": 80, "differ": 1},
        "b": {"instances": 1, "today": 5, "bonferroni": 5, "differ": 0},
    }
    text = render_designs(data)
    assert "| a | 2 | 40 | 80 | 0.50 | 1 |" in text and "| b | 1 | 5 | 5 | 1.00 | 0 |" in text
    assert "| ratio | 0.53 | 0.50 | |" in text


def test_the_benchmarks_folder_is_recorded_relative_to_the_checkout(tmp_path):
    from claims.report.benchmarks import ROOT

    assert benchmark_data(ROOT / "benchmarks")["dir"] == "benchmarks"  # not this clone's absolute path
    assert benchmark_data(tmp_path)["dir"] == str(tmp_path)  # outside the checkout: as given


def _memory_file(rows, above=()):
    head = {"command": "python -m benchmarks.memory_estimates", "date": "2026-12-08 00:39 UTC", "commit": "abc1234"}
    head |= {"machine": "x86_64, 2 cores, AVX512", "load_average": "0.50 0.40 0.30", "wall_s": 1.0}
    return head | {"above_estimate": list(above), "rows": rows}


def _row(claim, peak_mib, estimate_mib, **params):
    peak, estimate = int(peak_mib * 2**20), estimate_mib * 2**20
    return {"claim": claim, "params": params, "peak_bytes": peak, "estimate_bytes": estimate}


def test_the_memory_section_counts_the_instances_above_their_estimate_and_the_smallest_ratio(tmp_path):
    """benchmarks.memory_estimates' files: the instances, those above their estimate, the smallest ratio of
    estimate to peak (with its claim) and the median, peaks under 1 MiB left out of the ratios; the literal file's
    rows listed whole."""
    rows = [_row("a.one", 10, 30), _row("a.two", 4, 2), _row("a.tiny", 0.1, 5), _row("a.three", 1, 8)]
    (tmp_path / "memory-estimates-cpu.json").write_text(json.dumps(_memory_file(rows, above=["a.two {}"])))
    literal = [_row("du2018a.thm4.1", 116, 732, n=2, d=4, m=None)]
    (tmp_path / "memory-estimates-literal-cpu.json").write_text(json.dumps(_memory_file(literal)))
    text = render_memory(memory_data(tmp_path))
    assert "| memory-estimates-cpu.json |" in text and "| 4 | 1 | 0.5 (a.two) | 3.0 |" in text
    assert "| du2018a.thm4.1 | n = 2, d = 4, m = None | 116 MiB | 732 MiB |" in text
    assert "commit abc1234" in text and "load 0.50 0.40 0.30" in text


def test_without_a_memory_file_the_section_says_which_command_writes_it(tmp_path):
    assert "python -m benchmarks.memory_estimates" in render_memory(memory_data(tmp_path))
