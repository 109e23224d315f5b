"""results.json → REPORT.md: the summary, a section per claim and family, the experiments and the benchmarks.

Rendering reads only the results data (never the registry or a model), so ``--from-results`` re-renders a
report in seconds; the render functions of the experiments come from their Section records. Each claim's and
each experiment's part (its markdown and its figures) is one independent job: :func:`render` hands them to
``mapper`` (the builtin ``map``, or a local process pool's, as the report does with workers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

import numpy as np

from claims.report.benchmarks import (
    render_benchmarks,
    render_calibration,
    render_designs,
    render_memory,
    render_resolution,
)
from claims.report.figures import Figures, margin_figure, scaling_figure
from claims.report.section import Section
from claims.report.text import label, none_meaning, resumed_text
from claims.spec import Verdict
from claims.spec.references import notes_titles, references_of
from claims.stats import failure_rate_interval_by_clopper_pearson


def fmt(x, spec=".3g") -> str:
    return "–" if x is None else format(x, spec)


def aggregate(verdicts) -> Verdict:
    verdicts = {Verdict(v) for v in verdicts}
    for v in (Verdict.REFUTED, Verdict.INCONCLUSIVE, Verdict.VACUOUS):
        if v in verdicts:
            return v
    return Verdict.SUPPORTED


def claim_record(claim) -> dict[str, Any]:
    """What the renderer needs of a claim's record (stored in results.json)."""
    return {
        "title": claim.title,
        "source": str(claim.source),
        "theorem": claim.source.theorem,
        "seed": claim.source.seed,
        "arxiv": claim.source.arxiv,
        "notes_titles": notes_titles(claim),
        "references": [r.text() for r in references_of(claim)],
        "kind": claim.kind.value,
        "statement": claim.statement,
        "notes": claim.notes,
        "false_as_stated": claim.false_as_stated,
        "none_means": {p.name: m for p in claim.params if p.optional and (m := none_meaning(p.doc))},
        "axes": list(claim.scaling_axes) if claim.scaling_axes else None,
    }


def anchor(cid: str) -> str:
    """The id of a claim's section in REPORT.md (an explicit anchor: headings' own anchors differ by renderer)."""
    return "claim-" + cid.replace(".", "-").replace("_", "-")


def tally(data: dict[str, Any]) -> list[str]:
    """The report's first line of findings: claims by verdict (over their instances), with links to every
    claim that is not SUPPORTED, and the expected REFUTED of a claim false as stated said as such."""
    by: dict[Verdict, list[str]] = {v: [] for v in Verdict}
    for cid, rs in data["results"].items():
        if rs:
            by[aggregate(r["verdict"] for r in rs)].append(cid)
    counts = ", ".join(f"{len(by[v])} {v.value}" for v in Verdict)
    lines = [f"**{sum(len(v) for v in by.values())} claims: {counts}.**"]
    for v in (Verdict.REFUTED, Verdict.INCONCLUSIVE, Verdict.VACUOUS):
        if by[v]:
            links = []
            for cid in by[v]:
                known = " (false as stated: a finding)" if data["claims"][cid].get("false_as_stated") else ""
                links.append(f"[{cid}](#{anchor(cid)}){known}")
            lines.append(f"{v.value}: " + ", ".join(links) + ".")
    return [" ".join(lines), ""]


READING = (
    "How to read a verdict. Each claim is checked on random instances; a trial passes, fails (a verified "
    "violation of the conclusion, with the premise held) or is undecided (it could not decide: an estimate within "
    "its numerical tolerance of the boundary, a loose certificate, a horizon not reached). **SUPPORTED**: the "
    "exact one-sided upper bound on the rate of failed-or-undecided trials reaches the claim's δ (whp) or ε "
    "(forall), or a fitted exponent's interval sits where the theory says. **REFUTED**: verified failures only, "
    "beyond the false-fail budget α. **INCONCLUSIVE**: the design could not decide (its reason says why). "
    "**VACUOUS**: the premise held too rarely. Where an instance lies outside the theorem's premise (a width or "
    "step beyond the stated one, or an Ω(·) whose constant the paper leaves open), the verdict is about the "
    "conclusion at that size (marked ¹). Both error rates are held at α = β per instance, split over the report."
)


def _claim_section(cid: str, rec: dict, results: list[dict], labels: list[str], figures: Figures) -> str:
    arxiv = f", arXiv:{rec['arxiv']}" if rec["arxiv"] else ""
    notes = rec.get("notes_titles") or f"lecture notes {rec['seed']}"  # results.json before the references
    lines = [
        f'<a id="{anchor(cid)}"></a>',
        "",
        f"### {cid}: {rec['title']}",
        "",
        f"*{rec['source']}*{arxiv}; in the lecture notes {notes}. Kind **{rec['kind']}**. "
        f"Statement: {rec['statement']}",
        "",
    ]
    if rec["notes"]:
        lines += [rec["notes"], ""]
    lines += [
        "| instance | verdict | trials | failures | undecided | failure-rate CI | margin min / median / max | design "
        "| time | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r, lab in zip(results, labels, strict=True):
        m = np.asarray(r.get("margins", ()), dtype=float)
        spread = " / ".join(fmt(v) for v in (m.min(), np.median(m), m.max())) if m.size else "–"
        lo, hi = r["failure_rate_ci"]
        fails, ci = (r["failures"], f"[{lo:.3g}, {hi:.3g}]") if rec["kind"] != "scaling" else ("– (fit)", "–")
        lines.append(
            f"| {lab} | {r['verdict']} | {r['trials']} | {fails} | {r.get('undecided', 0)} | "
            f"{ci} | {spread} | ≤ {r['design'].get('max_trials')} in {r['design'].get('looks')} "
            f"looks | {r['elapsed_s']:.1f}s | {r['reason']} |"
        )
    if rec["kind"] == "scaling" and any(r["extras"].get("points") for r in results):
        lines += ["", scaling_figure(figures, cid, results, labels, rec)]  # margins are all 0: the fit says it
    elif any(r.get("margins") for r in results):
        lines += ["", margin_figure(figures, cid, results, labels)]
    return "\n".join(lines)


def _summary(data: dict[str, Any]) -> list[str]:
    lines = [
        "| id | source | kind | verdict | trials | failures | undecided | failure-rate CI | δ | worst margin | time |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    alpha = data["header"]["alpha_share"]
    for cid, rec in data["claims"].items():
        rs = data["results"].get(cid, [])
        theorem = rec.get("theorem") or rec["source"].rsplit(", ", 1)[-1]  # results.json before "theorem"
        if not rs:
            lines.append(f"| {cid} | {theorem} | {rec['kind']} | not run in this profile | | | | | | | |")
            continue
        trials, fails = sum(r["trials"] for r in rs), sum(r["failures"] for r in rs)
        undecided = sum(r.get("undecided", 0) for r in rs)
        margins = [r["worst_margin"] for r in rs if r["worst_margin"] is not None]
        lo, hi = failure_rate_interval_by_clopper_pearson(fails, trials, 1 - alpha)
        ci = f"[{lo:.3g}, {hi:.3g}]" if rec["kind"] != "scaling" else "– (fit)"
        fails = fails if rec["kind"] != "scaling" else "–"
        outside = " ¹" if any(r.get("premises_unmet") for r in rs) else ""
        outside += " (false as stated: a finding)" if rec.get("false_as_stated") else ""
        lines.append(
            f"| {cid} | {theorem} | {rec['kind']} | **{aggregate(r['verdict'] for r in rs).value}**{outside} | "
            f"{trials} | {fails} | {undecided} | {ci} | {fmt(rs[0]['delta'], 'g')} | "
            f"{fmt(min(margins) if margins else None)} | {sum(r['elapsed_s'] for r in rs):.1f}s |"
        )
    if any(r.get("premises_unmet") for rs in data["results"].values() for r in rs):
        lines += [
            "",
            "¹ At least one instance lies outside a premise of the theorem (a width or step beyond the stated one, "
            "or an Ω(·)/O(·) whose constant the paper leaves open): there the verdict is about the conclusion at "
            "that size, and the instance's note names the premise. A REFUTED there does not contradict the theorem.",
        ]
    return lines


def _call(job: tuple[Callable[..., str], tuple]) -> str:
    fn, args = job
    return fn(*args)


def render(
    data: dict[str, Any],
    sections: dict[tuple[str, str], Section],
    figures: Figures,
    mapper: Callable[[Callable[[Any], str], Iterable[Any]], Iterator[str]] = map,
) -> str:
    """The report's markdown; its figures are saved under ``figures`` by the jobs (one per claim with results
    and one per experiment), which ``mapper`` runs in any order and returns in order."""
    header = data["header"]
    lines = [
        "# Claim report",
        "",
        "Generated by `" + header["command"] + "`; do not edit by hand. Verdicts: SUPPORTED, REFUTED, "
        "INCONCLUSIVE, VACUOUS (rules in the README). A trial is passed, failed (a verified violation) or "
        "undecided; REFUTED counts only failures, SUPPORTED counts undecided trials as failures.",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {k.replace('_', ' ')} | {v} |" for k, v in header.items() if k not in ("command", "alpha_share")]
    lines += ["", "## Summary", "", *tally(data), READING, "", *_summary(data), ""]
    lines += [
        "Failure-rate intervals are exact (Clopper–Pearson) at confidence 1 − the per-instance α share, "
        "pooled over a claim's instances in this table and per instance below.",
        "",
    ]
    families: dict[str, list[str]] = {}
    for cid in data["claims"]:
        families.setdefault(cid.split(".")[0], []).append(cid)
    for s in data["sections"]:
        families.setdefault(s["family"], [])
    layout: list[list[str] | int] = []  # lines as they are, or the index of a job whose markdown goes there
    jobs: list[tuple[Callable[..., str], tuple]] = []

    def job(fn: Callable[..., str], *args) -> None:
        layout.append(len(jobs))
        jobs.append((fn, args))

    for family, ids in families.items():
        layout.append([f"## Family {family}", ""])
        for cid in ids:
            if data["results"].get(cid):
                said = data["claims"][cid].get("none_means")
                labels = [label(r["overrides"], said, r.get("extras")) for r in data["results"][cid]]
                job(_claim_section, cid, data["claims"][cid], data["results"][cid], labels, figures)
                layout.append([""])
        for s in data["sections"]:
            if s["family"] == family and s.get("error"):  # a unit failed on every attempt: say so
                layout.append([f"### {s['title']}", "", f"**Not computed in this run**: {s['error']}", ""])
            elif s["family"] == family:
                layout.append([f"### {s['title']}", ""])
                job(sections[(s["family"], s["key"])].render, s["data"], figures)
                layout.append([""])
    if data.get("scale_runs"):
        layout.append(["## Runs at scale", "", SCALE_RUNS_TEXT, ""])
    for k, run in enumerate(data.get("scale_runs", ())):
        for s in run["sections"]:
            if s.get("error") or (s["family"], s["key"]) not in sections:
                continue
            layout.append([f"### {run['file']}: {s['title']}", "", _scale_run_line(run["header"]), ""])
            job(sections[(s["family"], s["key"])].render, s["data"], replace(figures, prefix=f"scale{k}_"))
            layout.append([""])
    parts = list(mapper(_call, jobs))
    for entry in layout:
        lines += [parts[entry]] if isinstance(entry, int) else entry
    lines += [
        "## Resolution: how far each constant can be strengthened before the suite refutes it",
        "",
        render_resolution(data.get("resolution", {})),
    ]
    lines += ["", "## Calibration: the error rates next to δ", "", render_calibration(data.get("calibration", {}))]
    lines += ["", "### The whp design against the Bonferroni design", "", render_designs(data.get("designs", {}))]
    lines += ["", "## Benchmarks", "", render_benchmarks(data["benchmarks"]), ""]
    lines += ["### Memory estimates against what the trials held", "", render_memory(data.get("memory", {})), ""]
    lines += ["## References", "", *_references(data), ""]
    return "\n".join(lines)


SCALE_RUNS_TEXT = (
    "Runs of one section at sizes beyond this report's profile (on a GPU, a cluster, or this CPU where the sizes "
    "are cheap), kept as data in "
    "benchmarks/scale-*.json (the header and sections of the run's results.json) and drawn again here: their "
    "verdicts and data are the run's, their machine, commit and command are beside each."
)


def _scale_run_line(header: dict[str, Any]) -> str:
    """Who ran a run at scale, where and how: its command, machine, executor, commit, date, time and load (a
    merge of runs, claims.tools.merge_widths: who merged them; its section names each run)."""
    if header.get("merged"):
        return (
            f"Merged by `{header['command']}` from {header['merged']} runs on {header['device']} ({header['dtype']}, "
            f"torch {header['torch']}), commits {header.get('commit', '?')}, {header['date']}; the runs took "
            f"{header.get('wall_time_s', '?')} s together{_untimed(header)}. {header['alpha']}."
        )
    return (
        f"Run by `{header['command']}` on {header['device']} ({header['dtype']}, torch {header['torch']}), "
        f"{header['executor']}, commit {header.get('commit', '?')}, {header['date']}, "
        f"{header.get('wall_time_s', '?')} s{resumed_text(header)}, load average {header.get('load_average', '?')} at "
        "the start."
        + (f" Beside it: {header['beside']}." if header.get("beside") else "")
        + (f" Left out here: {header['left_out']}." if header.get("left_out") else "")
    )


def _untimed(header: dict[str, Any]) -> str:
    """A merge whose runs resumed units of unrecorded time: its total leaves them out, and says so."""
    n = (header.get("resumed") or {}).get("untimed", 0)
    return f" (less the time of {n} unit{'s' if n > 1 else ''} resumed from caches that kept none)" if n else ""


def _references(data: dict[str, Any]) -> list[str]:
    """Every work the report's claims cite, once, in order of first citation (`claims cite ID`: BibTeX)."""
    seen: dict[str, None] = {}
    for rec in data["claims"].values():
        seen.update(dict.fromkeys(rec.get("references", ())))
    return [f"{i}. {text}" for i, text in enumerate(seen, 1)] or ["(none recorded in this results.json)"]
