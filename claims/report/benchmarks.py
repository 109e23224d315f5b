"""What the report reads from ``benchmarks/``, as report data and markdown: the timings of ``tox -e bench``
(pytest-benchmark JSON files), the resolution table of ``tox -e resolution``, the error-rate calibration of
``tox -e calibration`` and the whp design against the Bonferroni one on a report's instances
(``python -m benchmarks.compare_designs``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claims.report.runs import ROOT
from claims.report.text import num
from models.errors import InvalidInputError


def _vector_extension_from_flags(flags: list[str] | None) -> str | None:
    """torch's name for the CPU vector extension (claims.engine.machine) read from py-cpuinfo's flags, for files
    written before tests/bench/conftest.py recorded it."""
    flags = set(flags or ())
    if any(f.startswith("avx512") for f in flags):
        return "AVX512"
    return "AVX2" if "avx2" in flags else None


def shown_dir(bench_dir: Path) -> str:
    """``bench_dir`` as results.json records it: relative to the checkout where it lies inside it (the clone's
    absolute path is this machine's, not the data's), else as given."""
    try:
        return str(Path(bench_dir).resolve().relative_to(ROOT))
    except ValueError:
        return str(bench_dir)


def benchmark_data(bench_dir: Path) -> dict[str, Any]:
    """Each pytest-benchmark file's machine, date and rows (mean time, full-size time, group, ours)."""
    files = sorted(bench_dir.glob("*.json")) if bench_dir.is_dir() else []
    out: dict[str, Any] = {"dir": shown_dir(bench_dir), "files": {}}
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
                    # the column says "from the median": a file without a full-size time gives its median
                    "full_size_s": extra.get("full_size_seconds", b["stats"].get("median", b["stats"]["mean"])),
                    "group": extra.get("group_key"),
                    "ours": bool(extra.get("ours")),
                    "extrapolated": extra.get("scale", 1) != 1,
                    "extra": {k: v for k, v in extra.items() if isinstance(v, int | float | str)},
                }
            )
        cpu = machine.get("cpu", {}).get("brand_raw", machine.get("processor", "?"))
        extension = machine.get("cpu_capability") or _vector_extension_from_flags(machine.get("cpu", {}).get("flags"))
        if extension and extension not in cpu:
            cpu = f"{cpu}, {extension}"
        if machine.get("gpu"):  # tests/bench/conftest.py records the accelerator of a CUDA run
            cpu = f"{machine['gpu']} (CUDA {machine.get('cuda', '?')}, torch {machine.get('torch', '?')}), host {cpu}"
        load = machine.get("load_average_at_start")
        out["files"][f.name] = {"machine": cpu, "date": raw.get("datetime", "")[:10], "rows": rows, "load": load}
    return out


#: the file of ``tox -e gpu-bench`` (the benchmarks and the literal Lemma 3.1 at n = 50 on a CUDA device)
CUDA_FILE = "bench-cuda.json"


def _cuda_line(data: dict[str, Any]) -> str:
    if CUDA_FILE in data.get("files", {}):
        return ""
    return f"**{CUDA_FILE}**: not measured (no CUDA device has run `tox -e gpu-bench` for this report)."


def render_benchmarks(data: dict[str, Any]) -> str:
    if not data.get("files"):
        return f"No benchmark results in `{data.get('dir', 'benchmarks')}/`: run `tox -e bench`.\n\n{_cuda_line(data)}"
    lines = [
        "Measured by `tox -e bench` (pytest-benchmark); each file is one machine's run. Ratios are the "
        "plain way's time over ours; a baseline marked *extrapolated* was timed on a slice and scaled as "
        "its test states. *time / floor*: a kernel's best time over the FLOPs of the plain way at the fp64 "
        "matmul peak measured in the same run (below 1: less work than the plain way).",
        "",
    ]
    for name, f in data["files"].items():
        lines += [
            f"**{name}**: {f['machine']}, {f['date']}"
            + (f", load average {', '.join(f'{x:.2f}' for x in f['load'])} at the start" if f.get("load") else ""),
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
        for r in f["rows"]:  # a whole check timed (tests/bench/test_bench_lemma3_1.py): what it found
            if "verdict" in r["extra"]:
                x = r["extra"]
                found = f"{x['verdict']} after {x['trials']} trials at m = {x['m']:.3g}"
                lines += [f"{r['name']}: {found} ({x['params']}).", ""]
    cuda = _cuda_line(data)
    return "\n".join(lines + ([cuda] if cuda else []))


#: runs of one report section at sizes beyond the standard profile, kept as data (``runs at scale``)
SCALE_RUNS = "scale-*.json"


def scale_runs_data(bench_dir: Path) -> list[dict[str, Any]]:
    """The runs at scale in ``bench_dir`` (files scale-*.json, by name): each the header and sections of a
    ``report --section … [--select …]`` run's results.json (on a GPU, a cluster: sizes the report's own profile
    leaves out), with its file name. The report renders each section again beside its header."""
    runs = []
    for path in sorted(bench_dir.glob(SCALE_RUNS)):
        data = read_run(path)
        runs.append({"file": path.name, "header": data["header"], "sections": data["sections"]})
    return runs


def read_run(path: Path) -> dict[str, Any]:
    """A results.json, or a run at scale (its header and sections), from ``path``: refused, naming the file,
    where it is no JSON or lacks either."""
    try:
        data = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInputError(f"{path} cannot be read as JSON: {exc}") from None
    if not isinstance(data, dict) or not {"header", "sections"} <= set(data):
        keys = list(data) if isinstance(data, dict) else type(data).__name__
        raise InvalidInputError(f"{path} must hold a results.json's header and sections, got keys {keys}")
    return data


def resolution_data(bench_dir: Path) -> dict[str, Any]:
    """The table of ``tox -e resolution`` (claims.tools.resolution), if it has been run."""
    path = bench_dir / "resolution.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def _amount(x, additive: bool) -> str:
    if x is None:
        return "–"
    return f"+{x:.3g}" if additive else f"{x:.3g}×"


def _interval(ci, additive: bool) -> str:
    lo, hi = ci
    return f"[{_amount(lo, additive)}, {_amount(hi, additive)}]"


def _probe_summary(r: dict[str, Any], at_cap: bool) -> str:
    """What the probes at the cap (or all probes) said, for a constant without a fitted threshold."""
    probes = [
        p
        for p in r["probes"]
        if not at_cap or p["stage"] == "cap" or p["amount"] >= max(q["amount"] for q in r["probes"])
    ]
    verdicts = sorted({p["verdict"] for p in probes})
    margins = [p["worst_margin"] for p in probes if p.get("worst_margin") is not None]
    said = f"{', '.join(verdicts)} on seeds {sorted({p['seed'] for p in probes})}"
    if margins:
        said += f"; worst margin there {min(margins):.2g}"
    reasons = {p["reason"] for p in probes if p["verdict"] == "INCONCLUSIVE" and p.get("reason")}
    if reasons:
        said += f"; {sorted(reasons)[0][:160]}"
    return said


def _finding(r: dict[str, Any], meta: dict[str, Any]) -> str:
    cap = _amount(meta["max_shift"] if r["additive"] else meta["max_factor"], r["additive"])
    finding = r["finding"]
    if finding == "loose":
        return f"never refuted up to {cap}: the statement that strong still holds here ({_probe_summary(r, True)})"
    if finding == "blind":
        return f"never refuted up to {cap}, not decided there: a blind spot of the design ({_probe_summary(r, True)})"
    if finding == "tight":
        low = min(p["amount"] for p in r["probes"] if p["stage"] == "grid")
        return (
            f"refuted at every grid amount down to {_amount(low, r['additive'])}: the constant is attained at this "
            "instance (its threshold lies below the smallest amount probed)"
        )
    if finding == "running":
        return "not finished in this run"
    if finding == "domain_edge":
        return "no stronger value in the parameter's domain"
    if finding == "beyond_probes":
        return f"the probes did not straddle the threshold ({_probe_summary(r, False)})"
    return finding


AIM = {"shown": "yes", "point": "point estimate only", "missed": "**no**"}


def render_resolution(data: dict[str, Any]) -> str:
    if not data.get("rows"):
        return "No resolution table: run `tox -e resolution` (python -m claims.tools.resolution)."
    meta = data["meta"]
    if meta.get("design") != "threshold":
        return (
            f"The resolution table in benchmarks/ ({meta.get('date', 'undated')}) is a single-seed bisection, whose "
            "brackets do not reproduce on other seeds near the boundary; it is not shown. Run `tox -e resolution` "
            "for the measurement over independent seeds."
        )
    runs = meta.get("merged_runs") or [meta]
    how = "; ".join(
        f"{r['wall_time_s']:.0f} s with {r['workers']} worker process{'es' if r['workers'] > 1 else ''} on "
        f"{r['machine'].get('cores')} cores, load average {r['machine'].get('load_average_at_start')} at the start"
        for r in runs
    )
    lines = [
        f"Measured by `{meta['command'].strip()}` ({meta['date']}, profile {meta['profile']}; "
        f"{len(runs)} run{'s' if len(runs) > 1 else ''}: {how}). Each constant of a statement is "
        "moved in the direction that makes the statement stronger (multiplied by a factor, or an exponent "
        "shifted) and checked at the claim's first report instance of that profile. A single seed's verdict near "
        "the boundary is a coin flip, so the threshold is measured as a detection threshold is: after a bracket on "
        f"seed {meta['bracket_seed']}, a grid of {meta['grid']} amounts around it is checked on each of the "
        f"independent seeds {meta['seeds']} (refined at most {meta['rounds']} times where the probes do not bound "
        "it), and the probability of REFUTED is fitted by a cumulative normal in the log factor (or the shift). "
        "**Threshold**: the amount refuted half of the time — the theorem's slack at that instance as the suite "
        "sees it. **Transition**: from 10 % to 90 % refuted — the suite's resolution, aimed at ≤ "
        f"{meta['moderate_factor']}× (±{meta['moderate_shift']} in an exponent). Intervals: 95 % profile "
        "likelihood; – marks an end the probes do not bound. The aim is *shown* (yes) when even the transition's "
        "upper end is within it, met by the *point estimate only*, or **not met**.",
        "",
        "| claim | constant | value | threshold [95 %] | transition 10→90 % [95 %] | resolves the aim | "
        "refuted / probes |",
        "|---|---|---|---|---|---|---|",
    ]
    others = []
    for r in data["rows"]:
        at = f" (at {r['profile']})" if r["profile"] != meta["profile"] else ""
        fit = r.get("fit") or {}
        if r["finding"] != "measured":
            others.append(f"- {r['claim']}{at}, {r['param']} = {num(r['default'])}: {_finding(r, meta)}.")
            continue
        add = r["additive"]
        lines.append(
            f"| {r['claim']}{at} | {r['param']} | {num(r['default'])} | {_amount(fit['threshold'], add)} "
            f"{_interval(fit['threshold_ci'], add)} | {_amount(fit['transition'], add)} "
            f"{_interval(fit['transition_ci'], add)} | {AIM[r.get('aim_status', 'missed')]} | "
            f"{fit['refuted']} / {fit['probes']} |"
        )
    if others:
        lines += ["", "Constants without a fitted threshold:", "", *others]
    if not meta.get("complete", True) or meta.get("missing"):
        why = meta.get("note") or f"the run was interrupted after {len(data['rows'])} constants."
        lines += ["", f"**Partial table**: {why}"]
    elif meta.get("note"):
        lines += ["", f"How it was run: {meta['note']}."]
    return "\n".join(lines)


def calibration_data(bench_dir: Path) -> dict[str, Any]:
    """The summary of ``tox -e calibration`` (claims.tools.calibration), without its per-seed rows."""
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
        return "No calibration results: run `tox -e calibration` (python -m claims.tools.calibration)."
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


#: the file of ``python -m benchmarks.compare_designs`` on the standard report's instances
DESIGNS_FILE = "designs-standard.json"
#: the file of ``python -m benchmarks.design_switch``: the default test run under both designs
DESIGNS_TESTS_FILE = "designs-tests.json"


def designs_data(bench_dir: Path) -> dict[str, Any]:
    """The summary of benchmarks/designs-standard.json and its per-claim sums (not its per-instance rows)."""
    tests = bench_dir / DESIGNS_TESTS_FILE
    extra = {"tests": json.loads(tests.read_text())} if tests.is_file() else {}
    path = bench_dir / DESIGNS_FILE
    if not path.is_file():
        return extra
    raw = json.loads(path.read_text())
    by_claim: dict[str, dict[str, int]] = {}
    for r in raw["rows"]:
        c = by_claim.setdefault(r["claim"], {"instances": 0, "today": 0, "bonferroni": 0, "differ": 0})
        c["instances"] += 1
        c["today"] += r["today"]["trials"]
        c["bonferroni"] += r["bonferroni"]["trials"]
        c["differ"] += r["today"]["verdict"] != r["bonferroni"]["verdict"]
    return {k: v for k, v in raw.items() if k != "rows"} | {"by_claim": by_claim} | extra


def render_designs(data: dict[str, Any]) -> str:
    tests = render_designs_tests(data.get("tests"))
    if "meta" not in data:
        return (
            f"No `{DESIGNS_FILE}`: run `python -m benchmarks.compare_designs report/<run>/results.json "
            f"--out benchmarks/{DESIGNS_FILE}`.\n\n{tests}"
        )
    meta, total = data["meta"], data["total"]
    load = ", ".join(f"{x:.2f}" for x in meta["load_average_start"])
    same = "reproduced" if data["today_as_in_report"] else "**not** reproduced"
    lines = [
        f"Measured by `{meta['command']}` ({meta['date']}, commit {meta['commit']}, {meta['machine']}, "
        f"{meta['threads']} torch thread(s), load average {load} at the start, {meta['wall_s']:.0f} s): every whp "
        f"instance of a {meta['source']['profile']} report (its results.json at commit "
        f"{meta['source']['commit']}) run twice back to back, with the whp design as of commit {meta['commit']} "
        '("today\'s" below: exact error spending with a futility stop; the refute-only looks before the first '
        "look that can support came later: they stop runs that fail often far sooner and move other runs' trials "
        "a little) and with the Bonferroni design it "
        f"replaced (6 looks at α/6 and β/6 each), at the instance's own α share. {data['instances']} instances; "
        f"today's design {same} the report's own trial counts.",
        "",
        "| | trials | wall time (s) | INCONCLUSIVE |",
        "|---|---|---|---|",
        f"| today's design | {total['today']['trials']} | {total['today']['seconds']:.0f} | "
        f"{data['inconclusive']['today']} |",
        f"| Bonferroni | {total['bonferroni']['trials']} | {total['bonferroni']['seconds']:.0f} | "
        f"{data['inconclusive']['bonferroni']} |",
        f"| ratio | {data['trials_ratio']:.2f} | {data['seconds_ratio']:.2f} | |",
        "",
        f"Verdicts that differ between the designs: {data['verdicts_differ']} of {data['instances']}. Per claim "
        "(trials, today's / Bonferroni's):",
        "",
        "| claim | instances | today | Bonferroni | ratio | verdicts differ |",
        "|---|---|---|---|---|---|",
    ]
    for cid, c in data["by_claim"].items():
        lines.append(
            f"| {cid} | {c['instances']} | {c['today']} | {c['bonferroni']} | {c['today'] / c['bonferroni']:.2f} | "
            f"{c['differ']} |"
        )
    lines += ["", tests]
    return "\n".join(lines)


def render_designs_tests(data: dict[str, Any] | None) -> str:
    """The default test run under both designs (benchmarks/designs-tests.json), or how to measure it."""
    if not data:
        return (
            f"The default test run under both designs: no `{DESIGNS_TESTS_FILE}`; see "
            "`benchmarks/design_switch.py` for its two commands."
        )
    today, old = data["runs"]["today"], data["runs"]["bonferroni"]
    load = "; ".join(", ".join(f"{x:.2f}" for x in r["load_average_start"]) for r in (today, old))
    lines = [
        f"The default test run (`pytest`) under both designs, back to back (`python -m pytest -p "
        f"benchmarks.design_switch --whp-design today|bonferroni`; {today['date']}, commit {today['commit']}, "
        f'{today["machine"]}, load average at the starts {load}; "today\'s" is the whp design as of that commit). '
        "Runs in a report's worker processes keep today's design in both.",
        "",
        "| | tests | trials | seconds | whp tests | their trials | their seconds | failed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in (("today's design", today), ("Bonferroni", old)):
        failed = r["all"]["outcomes"].get("failed", 0) + r["all"]["outcomes"].get("error", 0)
        lines.append(
            f"| {name} | {r['all']['tests']} | {r['all']['trials']} | {r['all']['seconds']:.0f} | "
            f"{r['whp']['tests']} | {r['whp']['trials']} | {r['whp']['seconds']:.0f} | {failed} |"
        )
    ratio = data["ratio"]
    lines.append(
        f"| ratio | | {_ratio(ratio['all']['trials'])} | {_ratio(ratio['all']['seconds'])} | | "
        f"{_ratio(ratio['whp']['trials'])} | {_ratio(ratio['whp']['seconds'])} | |"
    )
    only = data["fail_only_under_bonferroni"]
    lines += [
        "",
        f"whp tests: those that planned an untruncated whp design. {len(only)} tests pass under today's design "
        "and fail under the Bonferroni design: they assert today's design (its error rates at the boundary, its "
        f"trial counts), as expected; {len(data['fail_only_under_today'])} fail only under today's.",
    ]
    return "\n".join(lines)


def _ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


#: the files of ``python -m benchmarks.memory_estimates``: every quick report instance, the standard ones (of the
#: claims it names), and the literal runs (last: its rows are listed)
MEMORY_FILES = ("memory-estimates-cpu.json", "memory-estimates-standard-cpu.json", "memory-estimates-literal-cpu.json")


def memory_data(bench_dir: Path) -> dict[str, Any]:
    """Each memory-estimates file's header and rows (claim, parameters, peak and estimate bytes)."""
    out: dict[str, Any] = {}
    for name in MEMORY_FILES:
        path = bench_dir / name
        if path.is_file():
            raw = json.loads(path.read_text())
            keep = ("claim", "params", "peak_bytes", "estimate_bytes")
            out[name] = {k: v for k, v in raw.items() if k != "rows"} | {
                "rows": [{k: r[k] for k in keep} for r in raw["rows"]]
            }
    return out


def render_memory(data: dict[str, Any]) -> str:
    """What each check's trials held against the memory estimate it printed, from benchmarks/memory-estimates*."""
    if not data:
        return (
            f"No `{MEMORY_FILES[0]}`: run `python -m benchmarks.memory_estimates` (and `--literal --large`) on Linux."
        )
    lines = [
        "Before its first trial a check estimates its peak memory and refuses a run above `--max-memory`. "
        "`python -m benchmarks.memory_estimates` runs each check in a fresh process, once to load its code and "
        "once measured, and reads the kernel's peak resident set over the measured trials (glibc returning freed "
        "blocks): the estimate must be above it. Ratios are estimate over peak; peaks under 1 MiB (a run whose "
        "allocations the first run's freed memory served) are left out of the ratios.",
        "",
        "| file | measured | instances | above their estimate | estimate / peak: smallest | median |",
        "|---|---|---|---|---|---|",
    ]
    for name, f in data.items():
        rows = f["rows"]
        ratios = sorted(
            ((r["estimate_bytes"] / r["peak_bytes"], r) for r in rows if r["peak_bytes"] >= 2**20), key=lambda t: t[0]
        )
        above = len(f.get("above_estimate", []))
        low = f"{ratios[0][0]:.1f} ({ratios[0][1]['claim']})" if ratios else "–"
        median = f"{ratios[len(ratios) // 2][0]:.1f}" if ratios else "–"
        when = f"`{f['command'].strip()}`, {f['date']}, commit {f['commit']}, {f['machine']}, load {f['load_average']}"
        lines.append(f"| {name} | {when} | {len(rows)} | {above} | {low} | {median} |")
    literal = data.get(MEMORY_FILES[-1])
    if literal:
        lines += ["", "The literal-width runs (one trial each):", "", "| claim | parameters | peak | estimate |"]
        lines.append("|---|---|---|---|")
        for r in literal["rows"]:
            params = ", ".join(f"{k} = {v}" for k, v in r["params"].items())
            lines.append(
                f"| {r['claim']} | {params} | {r['peak_bytes'] / 2**20:.0f} MiB | "
                f"{r['estimate_bytes'] / 2**20:.0f} MiB |"
            )
    return "\n".join(lines)
