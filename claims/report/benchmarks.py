"""The benchmarks of ``tox -e bench`` (pytest-benchmark JSON files) as report data and markdown."""

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
        "its test states.",
        "",
    ]
    for name, f in data["files"].items():
        lines += [
            f"**{name}**: {f['machine']}, {f['date']}",
            "",
            "| benchmark | mean time (s) | full-size time from the median (s) | ratio to ours |",
            "|---|---|---|---|",
        ]
        ours = {r["group"]: r for r in f["rows"] if r["ours"]}
        for r in f["rows"]:
            base = ours.get(r["group"])
            ratio = f"{r['full_size_s'] / base['full_size_s']:.3g}×" if base else "–"
            note = " (extrapolated)" if r["extrapolated"] else ""
            lines.append(f"| {r['name']} | {r['mean_s']:.4g} | {r['full_size_s']:.4g}{note} | {ratio} |")
        lines.append("")
    return "\n".join(lines)
