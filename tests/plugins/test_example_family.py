"""examples/minnorm, a claim family outside the package, installed into a fresh virtual environment: its
claim and mutant tests run through the pytest plugin, and ``claims list``, ``check`` and ``report`` find it
(docs/writing-a-claim.md). The environment sees this checkout's code (PYTHONPATH), and torch, pip and setuptools
from the system site-packages (--without-pip: the venv's own old setuptools would shadow them); the family is
installed from a copy of the example (pip builds in the source folder)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "minnorm"

pytestmark = pytest.mark.slow  # a venv, a pip install, a pytest run and a report: a minute or two


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    base = tmp_path_factory.mktemp("example-family")
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(base / "venv")], check=True
    )
    python = base / "venv" / "bin" / "python"
    source = shutil.copytree(EXAMPLE, base / "minnorm", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    install = [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", str(source)]
    subprocess.run(install, check=True, env=_env())
    return python, source, base


def _env() -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    env.pop("PYTEST_XDIST_WORKER_COUNT", None)
    return env


def _run(args, cwd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=900, **kw)


def test_the_family_is_installed_and_listed(venv):
    python, _, base = venv
    out = _run([str(python), "-m", "claims", "list", "--json"], base)
    assert out.returncode == 0, out.stderr
    ids = [c["id"] for c in json.loads(out.stdout)]
    assert ids[-1] == "minnorm.gd_zero_init" and "du2018a.thm3.1" in ids  # after the built-ins (ORDER)
    check = _run([str(python), "-m", "claims", "check", "minnorm.gd_zero_init", "--mutant", "random_init"], base)
    assert check.returncode == 1, check.stdout + check.stderr  # REFUTED


def test_its_claim_and_mutant_tests_run_through_the_plugin(venv):
    python, source, _ = venv
    out = _run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"], source)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    assert "6 passed" in out.stdout, out.stdout[-3000:]  # claim + every-mutant + 2 at defaults + 2 drawn (cpu)


def test_a_report_shows_its_claim_and_section(venv):
    python, _, base = venv
    report = base / "report" / "REPORT.md"
    report.parent.mkdir()
    args = ["--profile", "quick", "--only", "minnorm.gd_zero_init", "--section", "minnorm", "--out", str(report)]
    out = _run([str(python), "-m", "claims", "report", *args], base)
    assert out.returncode == 0, out.stderr[-3000:]
    text = report.read_text()
    assert "minnorm.gd_zero_init" in text and "GD from zero reaches the minimum-norm interpolant" in text
    results = json.loads(next(report.parent.glob("report/*/results.json")).read_text())
    assert "minnorm.gd_zero_init" in json.dumps(results)


def test_the_resolution_tool_probes_its_constant(venv):
    python, _, base = venv
    out_json = base / "resolution.json"
    args = ["--profile", "quick", "--only", "minnorm.gd_zero_init", "--grid", "2", "--seeds", "1", "--steps", "0"]
    out = _run([str(python), "-m", "claims.tools.resolution", *args, "--rounds", "0", "--out", str(out_json)], base)
    assert out.returncode == 0, out.stderr[-3000:]
    (row,) = json.loads(out_json.read_text())["rows"]
    assert (row["claim"], row["param"]) == ("minnorm.gd_zero_init", "rate_factor")
    assert {p["verdict"] for p in row["probes"]} <= {"SUPPORTED", "REFUTED", "INCONCLUSIVE"}, row["probes"]
