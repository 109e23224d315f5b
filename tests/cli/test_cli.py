"""The public API of DESIGN.md: ``python -m claims list/check/report`` and ``claims.check``."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch

import claims
from claims import registry
from claims.engine.result import Result
from claims.report import atomic, figures, publishing
from claims.report import writer as report
from tests.helpers import main


def test_list_json_has_every_claim_and_its_fields(capsys):
    assert main("list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [c.id for c in claims.all_claims()]
    assert {"id", "title", "source", "kind", "parameters", "mutants"} <= set(rows[0])
    assert rows[0]["parameters"]["n"]["default"] == 10


def test_check_exit_codes_and_json(capsys):
    assert main("check", "du2018a.thm3.1", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert set(Result.PUBLIC_KEYS) <= set(out) and out["verdict"] == "SUPPORTED"
    assert main("check", "du2018a.thm3.1", "--mutant", "duplicated_row") == 1
    assert "counterexample" in capsys.readouterr().out


def test_check_says_what_is_tested_then_the_plan_then_the_verdict_with_its_bound(capsys):
    """In a user's order: the statement with its instance and premises, the plan, the verdict with the bound
    named, the reason, a counterexample as a table with the seed that reruns it."""
    assert main("check", "du2018a.thm3.1", "--mutant", "duplicated_row", "--set", "n=4") == 1
    out = capsys.readouterr().out
    order = [
        "duplicated_row: ",
        "  source: Du, Zhai",
        "  instance: n = 4; seed 0",
        "  premises: ",
        " looks (",
        ": REFUTED",
    ]
    assert [out.index(s) for s in order] == sorted(out.index(s) for s in order)
    assert "exact two-sided Clopper–Pearson interval, confidence 0.99" in out
    assert "parallel inputs" in out  # the premise this mutant leaves unmet, said before the trials
    assert "(rerun: --seed 0)" in out and "\n    passed" in out and "  no\n" in out
    # too few trials to decide at δ = 0.05: INCONCLUSIVE, exit 2
    assert main("check", "du2018a.lemma3.1", "--set", "n=3", "--set", "d=6", "--trials", "5") == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "du2018a.lema3.1"), "did you mean du2018a.lemma3.1"),
        (("check", "du2018a.thm3.1", "--set", "nn=3"), "its parameters are: n, d,"),
        (("check", "du2018a.thm3.1", "--set", "n=0"), "parameter n must be >= 2, got 0"),
        (("check", "du2018a.thm3.1", "--set", "n=abc"), "parameter n must be of type int"),
        (("check", "du2018a.thm3.1", "--set", "n"), "NAME=VALUE"),
        (("check", "du2018a.lemma3.1", "--set", "delta=1.5"), "delta must be in (0, 1), got 1.5"),
        (("check", "du2018a.thm3.1", "--mutant", "nope"), "its mutants are: duplicated_row"),
        (("check", "du2018a.thm3.1", "--dtype", "float16"), "dtype must be one of"),
        (("check", "du2018a.thm3.1", "--trials", "0"), "trials must be an integer >= 1"),
        (("check", "du2018a.thm3.1", "--alpha", "2"), "alpha must be a number in (0, 1)"),
        (("check",), "error: the following arguments are required: id"),
        (("report", "--profile", "huge"), "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_64(capsys, args, message):
    assert main(*args) == 64
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present")
def test_cuda_without_a_gpu_is_a_usage_error(capsys):
    assert main("check", "du2018a.thm3.1", "--device", "cuda") == 64
    assert "torch.cuda.is_available() is False" in capsys.readouterr().err


@pytest.mark.parametrize("alpha", ["0", "2", "-0.1", "nan"])
def test_a_bad_pytest_alpha_is_a_usage_error_before_any_test(alpha):
    """--alpha is read only by the tests that spend it, so a run that selects none of them had accepted
    --alpha 2 silently, and one that selected them had errored in every such test's fixture."""
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--co", "tests/unit/test_datasets.py",
         "--alpha", alpha],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 4 and f"--alpha must be a number in (0, 1), got {float(alpha)!r}" in out.stderr


def test_values_that_state_a_mutant_are_run_and_labelled_as_that_mutant(capsys):
    """--set rate_factor=3 on du2018a.thm4.1 is mutant rate_3's statement: its REFUTED had read as the claim's."""
    assert main("check", "du2018a.thm4.1", "--set", "rate_factor=3", "--trials", "4", "--json") == 1
    out = json.loads(capsys.readouterr().out)
    assert out["mutant"] == "rate_3" and out["verdict"] == "REFUTED"
    assert claims.check("du2018a.thm4.1", params={"rate_factor": 2.0}, trials=4)["mutant"] is None


def test_module_entry_point_runs_as_a_process():
    out = subprocess.run([sys.executable, "-m", "claims", "check", "nope"], capture_output=True, text=True)
    assert out.returncode == 64 and out.stderr.startswith("error: unknown claim id")


def test_python_api_check_matches_cli_fields():
    r = claims.check("du2018a.thm3.1", params={"n": 4, "d": 3}, seed=1)
    assert r["verdict"] == "SUPPORTED" and r["params"]["n"] == 4 and r["seed"] == 1 and r["device"] == "cpu"
    again = claims.check("du2018a.thm3.1", params={"n": 4, "d": 3}, seed=1)
    assert r["worst_margin"] == again["worst_margin"]  # bit for bit on one device


@pytest.fixture
def small_registry(monkeypatch):
    """Only thm3.1 and no family sections: a report in a second."""
    thm = registry.get("du2018a.thm3.1")
    monkeypatch.setattr(registry, "all_claims", lambda: (thm,))
    monkeypatch.setattr(report, "all_sections", lambda: ())


def _run_folder(out):
    """The run folder report/<run-id>/ that ``out`` names (its last line's tag)."""
    run_id = atomic.current_run(out)
    assert run_id is not None
    return out.parent / atomic.FIGURES / run_id


def test_report_writes_markdown_results_and_figures(tmp_path, small_registry):
    path = report.write_report(out=tmp_path / "REPORT.md", bench_dir=tmp_path / "none")
    text = path.read_text()
    run = _run_folder(path)
    for needle in (
        "| id | source | kind | verdict |",
        "du2018a.thm3.1",
        "SUPPORTED",
        "α = 0.01 split over",
        "torch",
        "wall time",
        f"(report/{run.name}/margins_du2018a_thm3_1.png)",
    ):
        assert needle in text
    data = json.loads((run / "results.json").read_text())
    assert data["results"]["du2018a.thm3.1"][0]["verdict"] == "SUPPORTED"
    assert (run / "margins_du2018a_thm3_1.png").stat().st_size > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["REPORT.md", "report"]
    # the data seam: the same report re-rendered from results.json, running nothing, into a new run folder
    (tmp_path / "REPORT.md").unlink()
    shutil.copy(run / "results.json", tmp_path / "saved.json")
    # the measurements are read afresh from --bench-dir: an empty folder, as the run's had none
    (tmp_path / "none").mkdir()
    rerun = ("--from-results", str(tmp_path / "saved.json"), "--bench-dir", str(tmp_path / "none"))
    assert main("report", *rerun, "--out", str(tmp_path / "REPORT.md")) == 0
    again = (tmp_path / "REPORT.md").read_text()
    new_run = _run_folder(tmp_path / "REPORT.md")
    # the same report, but for one header row that says it was re-rendered (its date and load are the run's)
    said = [line for line in again.splitlines() if line.startswith("| rerendered | with --from-results")]
    assert len(said) == 1
    assert again.replace(new_run.name, run.name).replace(said[0] + "\n", "") == text
    assert (new_run / "margins_du2018a_thm3_1.png").exists()


def test_interrupted_report_leaves_the_old_one_intact(tmp_path, small_registry, monkeypatch):
    old = tmp_path / "REPORT.md"
    old.write_text("old report")

    def boom(*_, **__):
        raise KeyboardInterrupt

    monkeypatch.setattr(publishing, "render", boom)
    with pytest.raises(KeyboardInterrupt):
        report.write_report(out=old, bench_dir=tmp_path)
    assert old.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != report.CACHE) == ["REPORT.md"]


@pytest.mark.parametrize("margins", [[1e16, 1e16 + 2, 1e16 + 4], [0.5, 0.5], [-np.inf, 0.1, 0.2]])
def test_margin_histogram_bins_survive_degenerate_margins(margins):
    m = np.asarray(margins)
    edges = figures.bin_edges(m[np.isfinite(m)])
    assert np.all(np.diff(edges) > 0)
    np.histogram(m[np.isfinite(m)], bins=edges)
