"""How the report's executors scale on this machine (``tox -e scaling``, or ``python -m claims.report.scaling``).

Two measurements, written as one pytest-benchmark-shaped JSON file into ``benchmarks/`` so that the report's
benchmark section shows them (its "ratio to ours" column is then the speed-up over the row marked ours):

* a width sweep (the practical regime of Lemma 3.1: ``claims.engine.sweep``'s trials at each width of a
  geometric grid, one unit per width) on a Dask LocalCluster of 1 and of 2 workers;
* ``python -m claims report`` in-process against ``--workers 2`` (each a fresh process, results beside the
  JSON's temporary folder; skip with ``--no-report``).

Timings depend on what else runs: the file records the load average before and after each measurement.
Run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from claims import registry
from claims.engine.machine import cpu_description
from claims.engine.sweep import geometric_widths, map_largest_first, width_unit
from claims.report.atomic import write_atomically
from claims.report.execute import open_backend
from claims.report.runs import command_line
from claims.report.units import Dispatcher, Progress, Unit
from claims.spec import PROFILES, derive_seed

SWEEP_CLAIM = "du2018a.lemma3.1"
SEED = 2018


def time_sweep(workers: int, params: dict[str, Any], widths: tuple[int, ...], alpha: float) -> dict[str, Any]:
    """Wall time of the sweep's units (claims.engine.sweep.width_unit, widest first, as the report hands them out)
    on a Dask LocalCluster of ``workers`` (cluster start-up excluded)."""
    share, claim = alpha / len(widths), registry.get(SWEEP_CLAIM)
    items = [
        {"claim": claim, "params": params, "m": m, "seed": derive_seed(SEED, f"m{m}"), "alpha": share} for m in widths
    ]
    with open_backend(workers=workers, scheduler="local") as backend:
        dispatcher = Dispatcher(backend, Progress(lambda line: print(line, file=sys.stderr)))

        def map_(fn, batch, prefix="sweep"):
            return dispatcher.map([Unit(f"{prefix}/m{item['m']}/{i}", fn, (item,)) for i, item in enumerate(batch)])

        warm = [{**items[0], "seed": i, "trials": 1} for i in range(2 * workers)]
        map_(width_unit, warm, "warm")  # the workers' imports and first calls before the clock starts
        start = time.perf_counter()
        points = map_largest_first(map_, items)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "executor": backend.describe(), "points": points}


def time_report(args: list[str], folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "claims", "report", *args, "--out", str(folder / "REPORT.md")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def _row(name: str, group: str, seconds: float, ours: bool, **extra) -> dict[str, Any]:
    extra = {"group_key": group, "ours": ours, "scale": 1, "full_size_seconds": seconds, **extra}
    return {"name": name, "stats": {"mean": seconds, "median": seconds, "min": seconds}, "extra_info": extra}


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m claims.report.scaling", description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=40, help="Lemma 3.1's n (and d) in the sweep")
    p.add_argument("--widths", default="64:32768", metavar="LO:HI", help="geometric grid of widths, factor 2")
    p.add_argument("--alpha", type=float, default=0.01)
    p.add_argument("--profile", default="quick", choices=PROFILES, help="profile of the timed reports")
    p.add_argument("--no-report", action="store_true", help="time the width sweep only")
    p.add_argument("--no-sweep", action="store_true", help="time the reports only")
    p.add_argument(
        "--reports",
        default="in-process,workers",
        help="which report runs to time, comma-separated: in-process, workers (--workers 2)",
    )
    p.add_argument("--out", default="benchmarks/scaling-cpu.json")
    args = p.parse_args(argv)
    try:  # every input is checked before the first measurement, which would overwrite --out
        lo, hi = (int(x) for x in args.widths.split(":"))
    except ValueError:
        p.error(f"--widths must be LO:HI, two integers, got {args.widths!r}")
    if not 1 <= lo <= hi or args.n < 1 or not 0 < args.alpha < 1:
        p.error(f"need 1 <= LO <= HI, --n >= 1 and 0 < --alpha < 1, got {args.widths}, {args.n}, {args.alpha}")
    params, widths = {"n": args.n, "d": args.n}, geometric_widths(lo, hi)
    rows: list[dict[str, Any]] = []
    out = {
        "machine_info": {"cpu": {"brand_raw": cpu_description()}},
        "datetime": dt.datetime.now(dt.timezone.utc).isoformat(),
        "command": command_line("claims.report.scaling", argv),
        "benchmarks": rows,
    }

    def save():  # after every measurement: an interrupted run keeps what it measured, never half a file
        write_atomically(Path(args.out), json.dumps(out, indent=1))

    runs = {"in-process": ("in-process", []), "workers": ("--workers 2", ["--workers", "2"])}  # name, flags
    chosen = [r.strip() for r in args.reports.split(",") if r.strip()]
    if not chosen or any(r not in runs for r in chosen):
        p.error(f"--reports must name some of {', '.join(runs)}, got {args.reports!r}")
    if args.no_sweep and args.no_report:
        p.error("--no-sweep with --no-report leaves nothing to time")
    for workers in () if args.no_sweep else (1, 2):
        before = _load()
        sweep = time_sweep(workers, params, widths, args.alpha)
        rows.append(
            _row(f"width sweep, Dask LocalCluster of {workers}", "width_sweep", sweep["seconds"], workers == 2,
                 workers=workers, widths=len(widths), n=args.n, load_before=before, load_after=_load())
        )  # fmt: skip
        save()
    if not args.no_report:
        with tempfile.TemporaryDirectory() as tmp:
            for name, flags in (runs[r] for r in chosen):
                before = _load()
                seconds = time_report(["--profile", args.profile, *flags], Path(tmp))
                rows.append(
                    _row(f"report --profile {args.profile}, {name}", f"report_{args.profile}", seconds, bool(flags),
                         load_before=before, load_after=_load())
                )  # fmt: skip
                save()
    for r in rows:
        print(f"{r['name']}: {r['stats']['mean']:.1f} s (load {r['extra_info']['load_before']})")
    return 0


if __name__ == "__main__":  # the units' functions from the package module, not from __main__
    from claims.report.scaling import main as package_main

    sys.exit(package_main())
