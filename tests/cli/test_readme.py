"""The README as a user meets it: its figures come from benchmarks/runs.json, and its first command leaves a
clone's tracked files untouched."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from claims.engine.machine import vector_extension
from claims.report import runs

ROOT = Path(__file__).resolve().parents[2]
#: a time typed by hand: a number followed by a unit of time ("395 s", "23 min", "1.5 h")
HAND_TYPED_TIME = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s?(?:s|ms|min|h)\b")


def _readme() -> str:
    return (ROOT / "README.md").read_text()


def test_readme_figures_are_those_of_their_files():
    """Every span <!-- fig:KEY -->…<!-- /fig --> holds what benchmarks/runs.json (or the shipped report's
    header) says: a release whose numbers moved without the README fails here."""
    text = _readme()
    data = json.loads(runs.RUNS.read_text())
    assert runs.SPAN.search(text), "the README quotes no measured figure through a span"
    assert runs.render_readme(text, data) == text, "stale: run python -m claims.report.runs readme"


def test_readme_types_no_time_by_hand():
    outside = runs.SPAN.sub("", _readme())
    assert not HAND_TYPED_TIME.findall(outside), "a time outside a figure span: record it in benchmarks/runs.json"


def test_a_stale_figure_is_caught():
    text = "took <!-- fig:run:x.wall -->5 s<!-- /fig -->"
    assert runs.render_readme(text, {"x": {"wall_s": 7.0}}) != text
    with pytest.raises(runs.FigureError, match="no run 'y'"):
        runs.render_readme("<!-- fig:run:y -->?<!-- /fig -->", {})


def test_record_times_a_command_and_reads_pytest_outcomes(tmp_path):
    store = tmp_path / "runs.json"
    entry = runs.record("demo", [sys.executable, "-c", "print('3 passed, 1 skipped in 0.1s')"], runs=store)
    assert entry["outcomes"] == {"passed": 3, "skipped": 1} and entry["exit_code"] == 0
    assert entry["load_before"] and entry["machine"] and json.loads(store.read_text())["demo"] == entry
    assert entry["machine"].endswith(f"cores, {vector_extension()}")


def test_a_failed_command_is_not_recorded_and_bad_input_is_one_line(tmp_path, capsys):
    """A README figure comes from a run that passed: a failing command leaves the stored entry as it was (it had
    replaced it, exit code 1 and no outcomes); no command, or a bad name, is one line, exit 64, nothing run."""
    store = tmp_path / "runs.json"
    runs.record("demo", [sys.executable, "-c", "print('3 passed in 0.1s')"], runs=store)
    before = store.read_text()
    assert runs.record("demo", [sys.executable, "-c", "raise SystemExit(1)"], runs=store)["exit_code"] == 1
    assert store.read_text() == before and "not recorded" in capsys.readouterr().err
    assert runs.main(["record", "demo"]) == 64 and capsys.readouterr().err.count("\n") == 1


def test_the_scaling_timer_refuses_a_bad_profile_before_it_measures(tmp_path, capsys):
    from claims.report import scaling

    out = tmp_path / "scaling.json"
    for args in (["--profile", "huge"], ["--widths", "a:b"], ["--widths", "64:32"]):
        with pytest.raises(SystemExit):
            scaling.main([*args, "--out", str(out)])
    assert not out.exists()


def _first_command(readme: str) -> str:
    quickstart = readme.split("## Quickstart", 1)[1]
    return next(line.strip() for line in quickstart.splitlines() if line.startswith("    ") and line.strip())


def test_the_first_command_is_the_quick_report():
    command = _first_command(_readme())
    assert "python -m claims report" in command and "--profile" not in command and "--out" not in command


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_readme_first_command_leaves_a_clone_clean(tmp_path):
    """The README's first command, as written, in a fresh clone (its pip and python those of a virtual
    environment that sees this one's packages, so nothing here is reinstalled): the report is written and
    `git status` shows nothing, not even an untracked file."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    env = {**os.environ, "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}", "OMP_NUM_THREADS": "1"}
    env.pop("PYTHONPATH", None)
    command = _first_command((clone / "README.md").read_text())
    done = subprocess.run(command, shell=True, cwd=clone, env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (clone / "claims-report" / "REPORT.md").is_file()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True, check=True)
    assert status.stdout == "", status.stdout
