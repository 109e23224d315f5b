"""``python -m claims report --from-results`` renders in an environment where torch, the catalogue, the engine's
registry and runner and every model cannot be imported (issue 20, item 4): rendering needs only the results
and the renderers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claims import registry
from claims.report import atomic, publishing, writer

ROOT = Path(__file__).resolve().parents[2]

#: a prelude that makes these modules unimportable (a meta-path finder that raises), then runs the CLI
BLOCKED_RUN = textwrap.dedent(
    """
    import importlib.abc, runpy, sys

    # the registry stays: it finds the sections of every installed family through entry points, importing
    # only their renderers' modules (a family's records, and torch, stay unloaded)
    BLOCKED = ("torch", "claims.catalogue", "claims.engine.runner", "claims.spec.claim")
    MODELS_ALLOWED = ("models", "models.errors")  # the error class and the scalar checks: plain Python

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            blocked = any(name == b or name.startswith(b + ".") for b in BLOCKED)
            if blocked or (name.split(".")[0] == "models" and name not in MODELS_ALLOWED):
                raise ImportError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, Blocker())
    sys.argv = ["claims", *sys.argv[1:]]
    try:
        runpy.run_module("claims", run_name="__main__", alter_sys=True)
    finally:
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "models", "claims"))
        print("LOADED " + " ".join(loaded), file=sys.stderr)
    """
)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    """A small real results.json: two fast claims, and a family section that was not computed."""
    mp = pytest.MonkeyPatch()
    try:
        chosen = tuple(registry.get(i) for i in ("du2018a.thm3.1", "ext.lambda0_characterization"))
        mp.setattr(registry, "all_claims", lambda: chosen)
        mp.setattr(writer, "all_sections", lambda: ())
        data = writer.compute(bench_dir=os.devnull)
    finally:
        mp.undo()
    data["sections"].append(
        {
            "family": "du2018a",
            "key": "fig1",
            "title": "du2018a: the experiment of Figure 1",
            "data": None,
            "error": "not computed in this test",
        }
    )
    path = tmp_path_factory.mktemp("results") / "results.json"
    path.write_text(json.dumps(data, default=str))
    return path


def _minute_free(text: str) -> str:
    """The report with the rerendered line's minute (claims.report.publishing.rerender) left out."""
    return re.sub(r"(drawn afresh by the code at commit \S+), \d{4}-\d\d-\d\d \d\d:\d\d UTC", r"\1", text)


def test_from_results_renders_without_torch_or_the_catalogue(results, tmp_path):
    out = tmp_path / "blocked" / "REPORT.md"
    out.parent.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    empty = tmp_path / "no-measurements"
    empty.mkdir()
    args = ["report", "--from-results", str(results), "--out", str(out), "--bench-dir", str(empty)]
    proc = subprocess.run(
        [sys.executable, "-c", BLOCKED_RUN, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    loaded = proc.stderr.rsplit("LOADED ", 1)[1].split()
    assert not [m for m in loaded if m.startswith(("torch", "claims.catalogue"))]
    # the same report as rendered where torch is loaded, up to the run folder's name
    (tmp_path / "here").mkdir()
    here = publishing.rerender(results, tmp_path / "here" / "REPORT.md", bench_dir=empty)
    there_run, here_run = atomic.current_run(out), atomic.current_run(here)
    # the rerendered line states the minute each render ran in: two renders can straddle a minute
    assert _minute_free(out.read_text().replace(there_run, here_run)) == _minute_free(here.read_text())
    assert "**Not computed in this run**: not computed in this test" in out.read_text()
    assert "| rerendered | with --from-results from the run's results.json: no claim was run again" in out.read_text()
    assert " drawn afresh by the code at commit " in out.read_text()  # the sections' text is that code's
