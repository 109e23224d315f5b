"""``python -m claims report``: run every claim's report instances and every experiment, then write REPORT.md.

Two phases with a data seam between them: :func:`compute` runs everything and returns the results data (what
results.json holds); :func:`publish` renders that data into REPORT.md and its figures and swaps them in
atomically. ``--from-results`` calls :func:`publish` alone on an earlier run's results.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import torch

from claims.engine import registry
from claims.engine.devices import dtype_name, resolve_device, resolve_dtype
from claims.engine.runner import run
from claims.engine.stats import AlphaBudget
from claims.report.atomic import check_out, publish_atomically
from claims.report.benchmarks import benchmark_data
from claims.report.render import claim_record, render
from claims.report.section import Figures
from claims.report.sections import all_sections
from claims.spec import ExperimentContext, check_profile
from models.checks import InvalidInputError

SUITE_ALPHA = 0.01
REPORT_SEED = 2018
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return f"cpu ({platform.processor() or platform.machine()}, {os.cpu_count()} cores)"


def _git_commit() -> str:
    """The commit of the project's own checkout (found from the package, not the current folder)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def compute(
    *,
    profile: str = "quick",
    device: str = "cpu",
    dtype: str = "float64",
    bench_dir: str | Path = "benchmarks",
    alpha: float = SUITE_ALPHA,
    only: Iterable[str] = (),
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the report's claims and experiments; return the results data (JSON-serialisable)."""
    check_profile(profile)
    dev, dt_ = resolve_device(device), resolve_dtype(dtype)
    only = tuple(only)
    claims = tuple(registry.get(i) for i in only) if only else registry.all_claims()
    ids = {c.id for c in claims}
    sections = [s for s in all_sections() if not only or s.family in {i.split(".")[0] for i in ids}]
    units = sum(len(c.report_instances[profile]) for c in claims) + len(sections)
    budget = AlphaBudget(alpha).split("claim instances and report sections", max(units, 1))
    tell = log or (lambda _: None)
    start = time.perf_counter()
    data: dict[str, Any] = {"claims": {}, "results": {}, "sections": []}
    for k, claim in enumerate(claims, 1):
        t0 = time.perf_counter()
        data["claims"][claim.id] = claim_record(claim)
        data["results"][claim.id] = [
            {
                **run(claim, params=inst, seed=REPORT_SEED + i, device=dev, dtype=dt_, alpha=budget.share).to_json(
                    full=True
                ),
                "overrides": dict(inst),
            }
            for i, inst in enumerate(claim.report_instances[profile])
        ]
        tell(f"[{k}/{len(claims)}] {claim.id}: {time.perf_counter() - t0:.1f} s")
    every = {c.id: c for c in registry.all_claims()}
    for s in sections:
        t0 = time.perf_counter()
        ctx = ExperimentContext(profile, dev, dt_, budget.share, REPORT_SEED, {i: every[i] for i in s.claims})
        data["sections"].append({"family": s.family, "key": s.key, "title": s.title, "data": s.experiment(ctx)})
        tell(f"section {s.family}.{s.key}: {time.perf_counter() - t0:.1f} s")
    data["benchmarks"] = benchmark_data(Path(bench_dir))
    data["header"] = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "device": _device_name(dev),
        "dtype": dtype_name(dt_),
        "torch": torch.__version__,
        "profile": profile,
        "alpha": budget.describe(),
        "alpha_share": budget.share,
        "wall_time_s": round(time.perf_counter() - start, 1),
        "commit": _git_commit(),
        "command": f"python -m claims report --profile {profile} --device {device} --dtype {dtype}"
        + "".join(f" --only {i}" for i in only),
    }
    return data


def publish(data: dict[str, Any], out: str | Path) -> Path:
    """Render ``data`` into ``out`` (REPORT.md), its figures and results.json, written into a fresh run folder
    first and switched to by one atomic rename (:mod:`claims.report.atomic`); an interrupted run leaves the
    previous report whole."""
    sections = {(s.family, s.key): s for s in all_sections()}

    def write(folder: Path, link: str) -> str:
        markdown = render(data, sections, Figures(folder, link))
        (folder / "results.json").write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str))
        return markdown

    return publish_atomically(out, write)


def write_report(
    *,
    profile: str = "quick",
    device: str = "cpu",
    dtype: str = "float64",
    out: str | Path = "REPORT.md",
    bench_dir: str | Path = "benchmarks",
    alpha: float = SUITE_ALPHA,
    only: Iterable[str] = (),
    log: Callable[[str], None] | None = None,
) -> Path:
    """Run everything (:func:`compute`) and write the report (:func:`publish`)."""
    check_out(out)
    data = compute(profile=profile, device=device, dtype=dtype, bench_dir=bench_dir, alpha=alpha, only=only, log=log)
    return publish(data, out)


def rerender(results: str | Path, out: str | Path) -> Path:
    """Re-render REPORT.md and its figures from an existing results.json, running nothing."""
    path = Path(results)
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"from-results {str(path)!r} is not a readable results.json: {exc}") from None
    if not {"claims", "results", "sections", "header"} <= set(data):
        raise InvalidInputError(f"from-results {str(path)!r} is not a results.json of this suite")
    return publish(data, out)
