"""What the report reads from ``benchmarks/``, as report data and markdown: the timings of ``tox -e bench``
(pytest-benchmark JSON files), the resolution table of ``tox -e resolution`` and the error-rate calibration of
``tox -e calibration``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def benchmark_data(bench_dir: Path) -> dict[str, Any]:
    """Each pytest-benchmark file's machine, date and rows (mean time, full-size time, group, ours)."""
    files = sorted(bench_dir.glob("*.json")) if bench_dir.is_dir() else []
    out: dict[str, Any] = {"dir": str(bench_dir), "files": {}}
    for f in files:
        raw = json.loads(f.read_text())
        if not isinstance(raw, dict) or "benchmarks" not in raw:  # resolution.json, calibration.json
            continue
        machine = raw.get("machine_info", {})
        rows = []
        for b in raw.get("benchmarks", []):
            extra = b.get("extra_info", {})
            rows.append(
                {
                    "name": b["name"],
                    "mean_s": b["stats"]["mean"],
                    "full_size_s": extra.get("full_size_seconds", b["stats"]["mean"]),
                    "group": extra.get("group_key"),
                    "ours": bool(extra.get("ours")),
                    "extrapolated": extra.get("scale", 1) != 1,
                    "extra": {k: v for k, v in extra.items() if isinstance(v, int | float | str)},
                }
            )
        cpu = machine.get("cpu", {}).get("brand_raw", machine.get("processor", "?"))
        out["files"][f.name] = {"machine": cpu, "date": raw.get("datetime", "")[:10], "rows": rows}
    return out


def render_benchmarks(data: dict[str, Any]) -> str:
    if not data.get("files"):
        return f"No benchmark results in `{data.get('dir', 'benchmarks')}/`: run `tox -e bench`."
    lines = [
        "Measured by `tox -e bench` (pytest-benchmark); each file is one machine's run. Ratios are the "
        "plain way's time over ours; a baseline marked *extrapolated* was timed on a slice and scaled as "
        "its test states. *time / floor*: a kernel's best time over the FLOPs of the plain way at the fp64 "
        "matmul peak measured in the same run (below 1: less work than the plain way).",
        "",
    ]
    for name, f in data["files"].items():
        lines += [
            f"**{name}**: {f['machine']}, {f['date']}",
            "",
            "| benchmark | mean time (s) | full-size time from the median (s) | ratio to ours | time / floor |",
            "|---|---|---|---|---|",
        ]
        ours = {r["group"]: r for r in f["rows"] if r["ours"]}
        for r in f["rows"]:
            base = ours.get(r["group"])
            ratio = f"{r['full_size_s'] / base['full_size_s']:.3g}×" if base else "–"
            note = " (extrapolated)" if r["extrapolated"] else ""
            floor = r["extra"].get("floor_ratio")  # time over the plain way's FLOPs at the measured matmul peak
            floor = f"{floor:.2f}× (peak {r['extra']['peak_gflops']:.0f} GFLOP/s)" if floor else "–"
            lines.append(f"| {r['name']} | {r['mean_s']:.4g} | {r['full_size_s']:.4g}{note} | {ratio} | {floor} |")
        lines.append("")
    return "\n".join(lines)


def resolution_data(bench_dir: Path) -> dict[str, Any]:
    """The table of ``tox -e resolution`` (claims.engine.resolution), if it has been run."""
    path = bench_dir / "resolution.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def _amount(x, additive: bool) -> str:
    if x is None:
        return "–"
    return f"+{x:.3g}" if additive else f"{x:.3g}×"


def render_resolution(data: dict[str, Any]) -> str:
    if not data.get("rows"):
        return "No resolution table: run `tox -e resolution` (python -m claims.engine.resolution)."
    meta = data["meta"]
    lines = [
        f"Measured by `{meta['command'].strip()}` ({meta['date']}, profile {meta['profile']}, "
        f"{meta['wall_time_s']:.0f} s). Each constant of a statement is moved in the direction that makes the "
        "statement stronger — multiplied by a factor, or an exponent shifted — and checked at the claim's first "
        "report instance of that profile; a bisection brackets the smallest perturbation the suite REFUTES. "
        f"The aim is a factor ≤ {meta['moderate_factor']}× (±{meta['moderate_shift']} in an exponent). Below "
        "the bracket the perturbed statement is SUPPORTED (still true: the theorem's constant is conservative "
        "there) or INCONCLUSIVE (the design cannot tell)."
        + (
            f" Probed at another profile's instance, named beside them: {', '.join(sorted(meta['profile_of']))} "
            "(at the standard instance a probe near the boundary runs the design's largest trial count at full "
            "size, too long for this machine)."
            if meta.get("profile_of")
            else ""
        ),
        "",
        "| claim | constant | value | largest not refuted | smallest refuted | verdicts below | aim met |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in data["rows"]:
        below = sorted({p["verdict"] for p in r["probes"] if r["refuted_at"] is None or p["amount"] < r["refuted_at"]})
        at = f" (at {r['profile']})" if r.get("profile", meta["profile"]) != meta["profile"] else ""
        if r.get("error"):
            below = [f"not measured: {r['error']}"]
        elif r.get("domain_edge"):
            below.append("(no stronger value in the parameter's domain)")
        lines.append(
            f"| {r['claim']}{at} | {r['param']} | {r['default']} | {_amount(r['not_refuted_at'], r['additive'])} | "
            f"{_amount(r['refuted_at'], r['additive'])} | {', '.join(below) or '–'} | "
            f"{'yes' if r['meets_aim'] else '**no**'} |"
        )
    if not meta.get("complete", True):
        why = meta.get("note") or f"the run was interrupted after {len(data['rows'])} constants."
        lines += ["", f"**Partial table**: {why}"]
    missed = [r for r in data["rows"] if not r["meets_aim"]]
    if missed:
        lines += [
            "",
            f"{len(missed)} of {len(data['rows'])} constants miss the aim. Where the verdicts below the bracket "
            "are SUPPORTED, the perturbed statement is still true at this instance (the theorem's constant is "
            "loose by at least the factor shown), so no design could refute it there; where they are "
            "INCONCLUSIVE, the design's trials or tolerances cannot resolve a smaller perturbation.",
        ]
    return "\n".join(lines)


def calibration_data(bench_dir: Path) -> dict[str, Any]:
    """The summary of ``tox -e calibration`` (claims.engine.calibration), without its per-seed rows."""
    path = bench_dir / "calibration.json"
    if not path.is_file():
        return {}
    raw = json.loads(path.read_text())
    return {k: v for k, v in raw.items() if k != "per_seed"}


def _rate_row(kind: str, r: dict[str, Any]) -> str:
    lo, hi = r["ci95"]
    verdicts = ", ".join(f"{v} {n}" for v, n in sorted(r["verdicts"].items()))
    return (
        f"| {kind} | {r['count']} of {r['runs']} | {r['rate']:.3g} | [{lo:.3g}, {hi:.3g}] | {r['bound']:g} | "
        f"{'yes' if r['within_bound'] else '**no**'} | {r['median_p_over_delta']:.3g} | {r['mean_trials']:.0f} | "
        f"{verdicts} |"
    )


def render_calibration(data: dict[str, Any]) -> str:
    if not data.get("results"):
        return "No calibration results: run `tox -e calibration` (python -m claims.engine.calibration)."
    c = data["config"]
    knob = data["knob"]
    lines = [
        f"Measured by `{data['command'].strip()}` ({data['date']}, torch {data['torch']}, "
        f"{data['wall_time_s']:.0f} s). The whp check of {data['claim']} ({data['params']}) is run where its "
        f"true failure rate p sits next to δ = {c['delta']}: for each of {data['instances']} seeds a pilot "
        f"sweep over {knob['name']} ∈ {knob['grid']} ({c['sweep_trials']} trials each) picks the instance, and "
        f"{c['pilot_trials']} further trials estimate its p. The check is then run twice per seed, with δ set so "
        "that the statement is true (p below δ: a REFUTED is a false fail) and so that it is false (p above δ: a "
        "SUPPORTED is a false pass). Intervals are exact (Clopper–Pearson, 95 %); the bound is α for false "
        f"fails and β for false passes. {data['skipped_seeds']} seeds whose p̂ fell outside [δ/2, 2δ] were left out; "
        f"δ is placed at the pilot's one-sided exact bounds at level γ = {c['gamma']:g}.",
        "",
        "| error | count | rate | 95 % interval | bound | within | median p/δ | mean trials | verdicts |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in data["results"]:
        lines.append(f"| **α = β = {r['alpha']:g}** | | | | | | | | |")
        lines.append(_rate_row("false fail", r["false_fail"]))
        lines.append(_rate_row("false pass", r["false_pass"]))
    return "\n".join(lines)
