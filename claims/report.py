"""``python -m claims report``: run every claim on its report instances and write REPORT.md atomically.

REPORT.md, results.json and the figures are written into a fresh folder first; the figures folder and
results.json are swapped in, and REPORT.md is replaced last by one ``os.replace``, so an interrupted run
leaves the previous REPORT.md intact.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import torch

from claims import registry
from claims.core import Kind, Result, Verdict
from claims.report_api import ReportContext, ReportSection
from claims.runner import resolve_device, resolve_dtype, run
from claims.stats import AlphaBudget, failure_rate_interval_by_clopper_pearson
from models.checks import InvalidInputError

PROFILES = ("quick", "standard", "full")
SUITE_ALPHA = 0.01
REPORT_SEED = 2018
FIGURES = "report"  # folder beside REPORT.md: figures and results.json


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return f"cpu ({platform.processor() or platform.machine()}, {os.cpu_count()} cores)"


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _aggregate(results: list[Result]) -> Verdict:
    verdicts = {r.verdict for r in results}
    for v in (Verdict.REFUTED, Verdict.INCONCLUSIVE, Verdict.VACUOUS):
        if v in verdicts:
            return v
    return Verdict.SUPPORTED


def _fmt(x, spec=".3g") -> str:
    return "–" if x is None else format(x, spec)


def _label(overrides) -> str:
    return ", ".join(f"{k}={v}" for k, v in overrides.items()) or "defaults"


def _bin_edges(m: np.ndarray, bins: int = 30) -> np.ndarray:
    """Strictly increasing edges over [min, max]; one unit-wide bin when the margins (nearly) coincide."""
    lo, hi = float(m.min()), float(m.max())
    edges = np.unique(np.linspace(lo, hi, bins + 1)) if hi > lo else np.zeros(0)
    return edges if edges.size >= 2 else np.array([lo - 0.5, lo + 0.5])


def _margin_figure(ctx: ReportContext, claim, results: list[Result], labels: list[str]) -> str:
    path = ctx.figure(f"margins_{claim.id.replace('.', '_')}")
    fig, ax = plt.subplots(figsize=(6, 2.6))
    for r, label in zip(results, labels, strict=True):
        m = np.asarray(r.margins)
        m = m[np.isfinite(m)]  # a diverged run's margin is −inf: counted in the table, not drawable
        if m.size:
            ax.hist(m, bins=_bin_edges(m), alpha=0.6, label=label[:48])
    ax.axvline(0, color="k", lw=1)
    ax.set_xlabel("margin (distance from violation; < 0 fails)")
    ax.set_ylabel("trials")
    ax.legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return ctx.link(path, f"margins of {claim.id}")


def _scaling_figure(ctx: ReportContext, claim, results: list[Result], labels: list[str]) -> str:
    """log-log scatter of a scaling claim's measurements (size, value) with each instance's fitted line."""
    path = ctx.figure(f"scaling_{claim.id.replace('.', '_')}")
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for r, label in zip(results, labels, strict=True):
        pts = np.asarray(r.extras.get("points", []), dtype=float).reshape(-1, 2)
        if not len(pts):
            continue
        dots = ax.scatter(pts[:, 0], pts[:, 1], s=6, alpha=0.5)
        xs = np.geomspace(pts[:, 0].min(), pts[:, 0].max(), 20)
        ax.plot(
            xs,
            np.exp(r.extras["intercept"]) * xs ** r.extras["exponent"],
            color=dots.get_facecolor()[0][:3],
            label=f"{label[:40]}: b = {r.extras['exponent']:.2f}",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("size")
    ax.set_ylabel("value")
    ax.set_title(
        f"fitted value ∝ size^b; theory b {'≤ ' if claim.exponent_relation == 'at_most' else '= '}"
        f"{results[0].extras.get('theory_exponent')}",
        fontsize=9,
    )
    ax.legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return ctx.link(path, f"measurements of {claim.id}")


def _claim_section(ctx: ReportContext, claim, results: list[Result]) -> str:
    lines = [
        f"### {claim.id}: {claim.title}",
        "",
        f"*{claim.source}* (seed {claim.source.seed}{', arXiv:' + claim.source.arxiv if claim.source.arxiv else ''})."
        f" Kind **{claim.kind.value}**. Statement: {claim.statement}",
        "",
    ]
    if claim.notes:
        lines += [claim.notes, ""]
    lines += [
        "| instance | verdict | trials | failures | failure-rate CI | margin min / median / max | design | time "
        "| note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    labels = [_label(inst) for inst in claim.report_instances[ctx.profile]]
    for r, label in zip(results, labels, strict=True):
        m = np.asarray(r.margins)
        spread = " / ".join(_fmt(v) for v in (m.min(), np.median(m), m.max())) if m.size else "–"
        lo, hi = r.failure_rate_ci
        lines.append(
            f"| {label} | {r.verdict.value} | {r.trials} | {r.failures} | "
            f"[{lo:.3g}, {hi:.3g}] | {spread} | ≤ {r.design.get('max_trials')} in {r.design.get('looks')} "
            f"looks | {r.elapsed_s:.1f}s | {r.reason} |"
        )
    if claim.kind is Kind.SCALING and any(r.extras.get("points") for r in results):
        lines += ["", _scaling_figure(ctx, claim, results, labels)]  # margins are all 0: the fit says it
    elif any(r.margins for r in results):
        lines += ["", _margin_figure(ctx, claim, results, labels)]
    return "\n".join(lines)


def _benchmark_section(bench_dir: Path) -> ReportSection:
    files = sorted(bench_dir.glob("*.json")) if bench_dir.is_dir() else []
    if not files:
        return ReportSection("Benchmarks", f"No benchmark results in `{bench_dir}/`: run `tox -e bench`.")
    lines = [
        "Measured by `tox -e bench` (pytest-benchmark); each file is one machine's run. Ratios are the "
        "plain way's time over ours; a baseline marked *extrapolated* was timed on a slice and scaled as "
        "its test states.",
        "",
    ]
    data = {}
    for f in files:
        raw = json.loads(f.read_text())
        machine = raw.get("machine_info", {})
        rows = {b["name"]: b for b in raw.get("benchmarks", [])}
        lines += [
            f"**{f.name}**: {machine.get('cpu', {}).get('brand_raw', machine.get('processor', '?'))}, "
            f"{raw.get('datetime', '')[:10]}",
            "",
            "| benchmark | mean time (s) | full-size time from the median (s) | ratio to ours |",
            "|---|---|---|---|",
        ]
        ours = {b["extra_info"].get("group_key"): b for b in rows.values() if b["extra_info"].get("ours")}
        for name, b in rows.items():
            extra = b.get("extra_info", {})
            full = extra.get("full_size_seconds", b["stats"]["mean"])
            base = ours.get(extra.get("group_key"))
            base_full = base and base["extra_info"].get("full_size_seconds", base["stats"]["mean"])
            ratio = f"{full / base_full:.3g}×" if base_full else "–"
            note = " (extrapolated)" if extra.get("scale", 1) != 1 else ""
            lines.append(f"| {name} | {b['stats']['mean']:.4g} | {full:.4g}{note} | {ratio} |")
            data[f"{f.stem}:{name}"] = {"mean_s": b["stats"]["mean"], "full_size_s": full}
        lines.append("")
    return ReportSection("Benchmarks", "\n".join(lines), data)


def write_report(
    *,
    profile: str = "quick",
    device: str = "cpu",
    dtype: str = "float64",
    out: str | Path = "REPORT.md",
    bench_dir: str | Path = "benchmarks",
    alpha: float = SUITE_ALPHA,
    log: Callable[[str], None] | None = None,
) -> Path:
    """Run every claim's report instances and every family's report sections, then write ``out`` and its
    figures folder atomically. ``log`` (e.g. print to stderr) hears one line per claim and section with its
    wall time, for runs that take minutes."""
    if profile not in PROFILES:
        raise InvalidInputError(f"profile must be one of {', '.join(PROFILES)}, got {profile!r}")
    dev, dt_ = resolve_device(device), resolve_dtype(dtype)
    out = Path(out).resolve()
    if out.suffix.lower() != ".md":
        raise InvalidInputError(f"out must be a .md path, got {str(out)!r}")
    if not out.parent.is_dir():
        raise InvalidInputError(f"out's folder does not exist: {str(out.parent)!r}")
    start = time.perf_counter()
    claims = registry.all_claims()
    sections_fns = [(fam, fn) for fam in registry.FAMILIES for fn in getattr(fam, "REPORT_SECTIONS", ())]
    units = sum(len(c.report_instances.get(profile, ())) for c in claims) + len(sections_fns)
    budget = AlphaBudget(alpha).split("claim instances and report sections", max(units, 1))

    tmp = Path(tempfile.mkdtemp(prefix=".report-tmp-", dir=out.parent))
    try:
        figures = tmp / FIGURES
        figures.mkdir()
        ctx = ReportContext(profile, dev, dt_, budget.share, REPORT_SEED, figures, FIGURES)
        tell = log or (lambda _: None)
        for k, claim in enumerate(claims, 1):
            t0 = time.perf_counter()
            ctx.results[claim.id] = [
                run(claim, params=inst, seed=REPORT_SEED + i, device=dev, dtype=dt_, alpha=budget.share)
                for i, inst in enumerate(claim.report_instances.get(profile, ()))
            ]
            tell(f"[{k}/{len(claims)}] {claim.id}: {time.perf_counter() - t0:.1f} s")
        extra: dict[str, list[ReportSection]] = {}
        for fam, fn in sections_fns:
            t0 = time.perf_counter()
            extra.setdefault(fam.__name__, []).append(fn(ctx))
            tell(f"section {fam.__name__}.{fn.__name__}: {time.perf_counter() - t0:.1f} s")
        bench = _benchmark_section(Path(bench_dir))
        wall = time.perf_counter() - start
        header = {
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "device": _device_name(dev),
            "dtype": str(dt_).removeprefix("torch."),
            "torch": torch.__version__,
            "profile": profile,
            "alpha": budget.describe(),
            "wall_time_s": round(wall, 1),
            "commit": _git_commit(),
            "command": f"python -m claims report --profile {profile} --device {device} --dtype {dtype}",
        }
        markdown = _render(header, claims, ctx, extra, bench)
        (tmp / "REPORT.md").write_text(markdown)
        (figures / "results.json").write_text(
            json.dumps(
                {
                    "header": header,
                    "results": {cid: [r.to_json() for r in rs] for cid, rs in ctx.results.items()},
                    "sections": {fam: {s.title: s.data for s in secs} for fam, secs in extra.items()},
                    "benchmarks": bench.data,
                },
                indent=1,
                ensure_ascii=False,
                default=str,
            )
        )
        _swap_in(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _swap_in(tmp: Path, out: Path) -> None:
    target, old = out.parent / FIGURES, out.parent / f"{FIGURES}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    (tmp / FIGURES).rename(target)
    os.replace(tmp / "REPORT.md", out)
    shutil.rmtree(old, ignore_errors=True)


def _render(header, claims, ctx: ReportContext, extra: dict[str, list[ReportSection]], bench: ReportSection) -> str:
    lines = [
        "# Claim report",
        "",
        "Generated by `" + header["command"] + "`; do not edit by hand. Verdicts: SUPPORTED, REFUTED, "
        "INCONCLUSIVE, VACUOUS (rules in the README).",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {k.replace('_', ' ')} | {v} |" for k, v in header.items() if k != "command"]
    lines += [
        "",
        "## Summary",
        "",
        "| id | source | kind | verdict | trials | failures | failure-rate CI | δ | worst margin | time |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for c in claims:
        rs = ctx.results[c.id]
        if not rs:
            lines.append(f"| {c.id} | {c.source.theorem} | {c.kind.value} | not run in this profile | | | | | | |")
            continue
        trials, fails = sum(r.trials for r in rs), sum(r.failures for r in rs)
        margins = [r.worst_margin for r in rs if r.worst_margin is not None]
        lo, hi = failure_rate_interval_by_clopper_pearson(fails, trials, 1 - ctx.alpha)
        lines.append(
            f"| {c.id} | {c.source.theorem} | {c.kind.value} | **{_aggregate(rs).value}** | {trials} | "
            f"{fails} | [{lo:.3g}, {hi:.3g}] | {_fmt(rs[0].delta, 'g')} | "
            f"{_fmt(min(margins) if margins else None)} | {sum(r.elapsed_s for r in rs):.1f}s |"
        )
    lines += [
        "",
        "Failure-rate intervals are exact (Clopper–Pearson) at confidence 1 − the per-instance α share, "
        "pooled over a claim's instances in this table and per instance below.",
        "",
    ]
    by_family = {}
    for c in claims:
        by_family.setdefault(c.id.split(".")[0], []).append(c)
    for family, cs in by_family.items():
        lines += [f"## Family {family}", ""]
        for c in cs:
            if ctx.results[c.id]:
                lines += [_claim_section(ctx, c, ctx.results[c.id]), ""]
    for secs in extra.values():
        for s in secs:
            lines += [f"## {s.title}", "", s.markdown, ""]
    lines += ["## " + bench.title, "", bench.markdown, ""]
    return "\n".join(lines)
