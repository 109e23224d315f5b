"""Results data in, REPORT.md out: render the data of a run (or of an earlier run's results.json) into REPORT.md,
its figures and results.json, swapped in atomically.

Needs only the results and the renderers: no torch, no engine run, no catalogue (``python -m claims report
--from-results PATH`` imports this module alone of the report's; a test runs it where torch cannot be imported).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claims.engine.stamp import utc_minute
from claims.report.atomic import publish_atomically
from claims.report.benchmarks import (
    benchmark_data,
    calibration_data,
    designs_data,
    memory_data,
    resolution_data,
    scale_runs_data,
)
from claims.report.figures import Figures
from claims.report.pool import check_workers, local_map
from claims.report.render import render
from claims.report.runs import git_commit
from claims.report.schema import validate_results
from claims.report.section import Section
from claims.report.sections import family_sections
from models.errors import InvalidInputError


def sections_of(data: Any) -> dict[tuple[str, str], Section]:
    """The renderers of the families that ``data`` holds sections of (its own and its runs at scale's), by
    (family, key) (entries that are not sections are left to the schema's check)."""
    if not isinstance(data, dict):
        return {}
    runs = [run for run in data.get("scale_runs") or () if isinstance(run, dict)]
    entries = [*(data.get("sections") or ()), *(s for run in runs for s in run.get("sections") or ())]
    names = [s.get("family") for s in entries if isinstance(s, dict)]
    families = dict.fromkeys(f for f in names if isinstance(f, str) and f.isidentifier())
    return {(s.family, s.key): s for s in family_sections(families)}


def publish(data: dict[str, Any], out: str | Path, workers: int | None = None) -> Path:
    """Render ``data`` into ``out`` (REPORT.md), its figures and results.json, written into a fresh run folder
    first and switched to by one atomic rename (:mod:`claims.report.atomic`); an interrupted run leaves the
    previous report whole. ``workers``: local processes that draw the figures (None: this process)."""
    check_workers(workers)
    sections = sections_of(data)

    def write(folder: Path, link: str) -> str:
        with local_map(workers) as mapper:
            markdown = render(data, sections, Figures(folder, link), mapper)
        (folder / "results.json").write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str))
        return markdown

    return publish_atomically(out, write)


def measurements(bench_dir: str | Path) -> dict[str, Any]:
    """The report's data from ``bench_dir`` as it is now: benchmarks, the resolution table, the calibration and
    the designs' comparison."""
    d = Path(bench_dir)
    return {
        "benchmarks": benchmark_data(d),
        "resolution": resolution_data(d),
        "calibration": calibration_data(d),
        "designs": designs_data(d),
        "memory": memory_data(d),
        "scale_runs": scale_runs_data(d),
    }


def rerender(
    results: str | Path, out: str | Path, bench_dir: str | Path | None = None, workers: int | None = None
) -> Path:
    """Re-render REPORT.md and its figures from an existing results.json, running no claim; with ``bench_dir``
    the measurement sections (benchmarks, resolution, calibration) are read afresh from it; ``workers`` local
    processes draw the figures."""
    path = Path(results)
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"from-results {str(path)!r} is not a readable results.json: {exc}") from None
    validate_results(data, set(sections_of(data)), f"from-results {str(path)!r}")
    if bench_dir is not None:
        data.update(measurements(bench_dir))
    # the header's date, load and command are the run's: say that this report was drawn again from its data
    data["header"]["rerendered"] = (
        "with --from-results from the run's results.json: no claim was run again; the verdicts and data are "
        "the run's, the figures" + (" and the measurement sections" if bench_dir is not None else "") + " drawn afresh"
        f" by the code at commit {git_commit()}, {utc_minute()}"
    )
    return publish(data, out, workers)
