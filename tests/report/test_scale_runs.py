"""Runs at scale (benchmarks/scale-*.json): one section's run beyond the report's profile, drawn again in the
report beside its header (issue 23)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claims.report import publishing
from claims.report.benchmarks import scale_runs_data
from claims.report.schema import SCHEMA_VERSION, validate_results
from models.errors import InvalidInputError

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SHIPPED = sorted(BENCHMARKS.glob("scale-*.json"))
#: a shipped run of one section with nothing said beside it (the drawing tests need one of each)
PLAIN = next(
    p for p in SHIPPED if len((r := json.loads(p.read_text()))["sections"]) == 1 and "beside" not in r["header"]
)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_each_shipped_run_at_scale_is_a_results_fragment_this_suite_renders(path):
    run = json.loads(path.read_text())
    whole = {"schema_version": SCHEMA_VERSION, "claims": {}, "results": {}, **run}
    validate_results(whole, set(publishing.sections_of(whole)), str(path))
    assert run["sections"] and all(s.get("data") for s in run["sections"])


def test_a_run_at_scale_is_drawn_under_its_own_heading_with_its_own_figures(tmp_path):
    (bench := tmp_path / "bench").mkdir()
    shutil.copy(PLAIN, bench / "scale-a.json")
    run = json.loads(PLAIN.read_text())
    data = {"schema_version": SCHEMA_VERSION, "claims": {}, "results": {}, "sections": [], "header": run["header"]}
    data.update(publishing.measurements(bench))
    assert [r["file"] for r in data["scale_runs"]] == ["scale-a.json"]
    out = publishing.publish(data, tmp_path / "REPORT.md")
    text = out.read_text()
    (section,) = run["sections"]
    assert "## Runs at scale" in text and f"### scale-a.json: {section['title']}" in text
    assert f"Run by `{run['header']['command']}` on {run['header']['device']}" in text
    folder = next((tmp_path / "report").iterdir())
    drawn = sorted(p.name for p in folder.glob("*.png"))
    assert drawn and all(name.startswith("scale0_") for name in drawn)  # the report's own widths figures stay
    assert all(f"{folder.name}/{name}" in text for name in drawn)


def test_no_run_at_scale_no_heading(tmp_path):
    data = {"schema_version": SCHEMA_VERSION, "claims": {}, "results": {}, "sections": []}
    data["header"] = json.loads(SHIPPED[0].read_text())["header"]
    data.update(publishing.measurements(tmp_path))
    assert data["scale_runs"] == []
    assert "Runs at scale" not in publishing.publish(data, tmp_path / "REPORT.md").read_text()


def test_a_file_that_is_not_a_run_is_refused_naming_it(tmp_path):
    (tmp_path / "scale-bad.json").write_text(json.dumps({"sections": []}))
    with pytest.raises(InvalidInputError, match=r"scale-bad.json must hold a results.json's header and sections"):
        scale_runs_data(tmp_path)


def test_what_shared_the_machine_is_said_beside_the_run():
    from claims.report.render import _scale_run_line

    header = json.loads(PLAIN.read_text())["header"]
    assert "Beside it" not in _scale_run_line(header)
    said = _scale_run_line({**header, "beside": "the cuda test set"})
    assert said.endswith("at the start. Beside it: the cuda test set.")


def test_a_section_a_later_run_replaces_is_said_left_out():
    from claims.report.render import _scale_run_line

    header = json.loads(PLAIN.read_text())["header"]
    assert "Left out" not in _scale_run_line(header)
    said = _scale_run_line({**header, "beside": "nothing", "left_out": "its second section, run again later"})
    assert said.endswith("Beside it: nothing. Left out here: its second section, run again later.")
