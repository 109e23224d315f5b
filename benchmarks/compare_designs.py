"""The whp design against the Bonferroni design it replaced, on a report's own instances (issue 24, item 1):
``python -m benchmarks.compare_designs report/<run>/results.json --out benchmarks/designs-standard.json``.

Each whp instance of the report (its claim, overrides, seed, α share, device and dtype, as results.json
records them) is run twice, back to back in this one process: with the design the engine plans today
(``claims.engine.stats.SequentialDesign.for_failure_rate``: exact error spending with a futility stop) and
with ``SequentialDesign.bonferroni`` (K = 6 looks on a doubling schedule, each at α/K and β/K, the last with
power 1 − β at δ ± δ/2), each from the instance's seed (its trials in batches up to each look: where the
designs' looks differ a trial can draw its numbers from a different place of the stream, so the two runs
see trials of the same law, not always the same trials). Recorded per instance:
each design's verdict, trials and wall seconds (and the report's own verdict and trials, which today's
design must reproduce); overall: the sums, the ratio of trials and of seconds, and
how many verdicts differ. Back-to-back runs share the machine's load, so the per-instance ratios hold up
on a busy machine better than the sums do; the load average at the start and at the end is written beside
them. Forall, conditional, scaling and exists designs are not compared: none had a Bonferroni form.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
import time
from pathlib import Path

import torch

from claims import registry
from claims.engine import runner
from claims.engine.stats import SequentialDesign
from claims.report.atomic import write_atomically
from claims.report.runs import command_line, git_commit


def _bonferroni(plan: runner.Plan) -> runner.Plan:
    d = plan.design
    design = SequentialDesign.bonferroni(d.delta, d.epsilon, d.alpha, d.beta)
    limit, work = plan.estimate.limit_bytes, plan.estimate.limit_flops
    est = runner.require_fits(runner.estimate(plan.claim, plan.values, design, plan.dtype, limit, work))
    return dataclasses.replace(plan, design=design, estimate=est)


def _one(plan: runner.Plan) -> dict:
    start = time.perf_counter()
    result = runner.execute(plan)
    return {"verdict": result.verdict.value, "trials": result.trials, "seconds": time.perf_counter() - start}


def compare(results: dict, only: set[str] | None = None) -> dict:
    rows = []
    for claim_id, instances in results["results"].items():
        if only and claim_id not in only:
            continue
        for i, record in enumerate(instances):
            if record["kind"] != "whp" or record.get("failed"):
                continue
            claim = registry.get(claim_id)
            plan = runner.prepare(
                claim,
                params=record["overrides"],
                seed=record["seed"],
                device=record["device"],
                dtype=record["dtype"],
                alpha=record["alpha"],
            )
            # alternate which design runs first, so that warming up (first calls of a code path) and a
            # drifting load do not always favour the same one
            if len(rows) % 2 == 0:
                today, old = _one(plan), _one(_bonferroni(plan))
            else:
                old, today = _one(_bonferroni(plan)), _one(plan)
            report = {"verdict": record["verdict"], "trials": record["trials"]}
            rows.append({"claim": claim_id, "instance": i, "overrides": record["overrides"], "today": today,
                         "bonferroni": old, "report": report})  # fmt: skip
            print(
                f"{claim_id}[{i}]: today {today['verdict']} in {today['trials']} trials, {today['seconds']:.1f} s; "
                f"Bonferroni {old['verdict']} in {old['trials']} trials, {old['seconds']:.1f} s",
                flush=True,
            )
    total = {k: {q: sum(r[k][q] for r in rows) for q in ("trials", "seconds")} for k in ("today", "bonferroni")}
    inconclusive = {k: sum(r[k]["verdict"] == "INCONCLUSIVE" for r in rows) for k in ("today", "bonferroni")}
    return {
        "instances": len(rows),
        "total": total,
        "trials_ratio": total["today"]["trials"] / total["bonferroni"]["trials"] if rows else None,
        "seconds_ratio": total["today"]["seconds"] / total["bonferroni"]["seconds"] if rows else None,
        "inconclusive": inconclusive,
        "verdicts_differ": sum(r["today"]["verdict"] != r["bonferroni"]["verdict"] for r in rows),
        # today's design rerun here against the report's own run of it (bit for bit on one device)
        "today_as_in_report": all(r["today"]["trials"] == r["report"]["trials"] for r in rows),
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="a report's results.json (its whp instances are rerun)")
    parser.add_argument("--out", required=True, help="the JSON file to write")
    parser.add_argument("--only", action="append", help="only this claim's instances (repeatable)")
    args = parser.parse_args(argv)
    source = json.loads(Path(args.results).read_text())
    load_start = os.getloadavg()
    start = time.perf_counter()
    out = compare(source, set(args.only) if args.only else None)
    out["meta"] = {
        "command": command_line("benchmarks.compare_designs", argv),
        "source": {"profile": source["header"]["profile"], "commit": source["header"].get("commit")},
        "commit": git_commit(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "wall_s": time.perf_counter() - start,
        "load_average_start": load_start,
        "load_average_end": os.getloadavg(),
    }
    write_atomically(Path(args.out), json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
