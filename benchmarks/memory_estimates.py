"""Every check's memory estimate against the memory its trials hold (CPU, Linux).

Before its first trial a check estimates its peak memory (``claims.engine.resources``: the generic rule, or the
record's cost hook) and refuses a run above ``--max-memory``. This runs each check in a fresh process: the same
run once first (so that the code, libraries and caches it loads are resident; du2018a's literal runs warm up on
one trial at m = 50), then the plan (inputs validated, the design, the estimate), a reset of the kernel's peak
resident set (``/proc/self/clear_refs``), the trials (``claims.engine.runner.execute``), and the peak less the
resident memory at the reset, set beside the estimate. glibc is told to map blocks of 16 KiB and more on their
own and to return them when freed, so that the resident set follows what is live::

    python -m benchmarks.memory_estimates                  # every claim's quick report instances (~5 minutes)
    python -m benchmarks.memory_estimates --literal        # du2018a's literal flow and GD at n = 2, d = 4
    python -m benchmarks.memory_estimates --literal --large   # and GD at n = 3, d = 10, m = 2.1·10⁹ (~4 min)

into benchmarks/memory-estimates-cpu.json (-standard-cpu.json at that profile, -literal-cpu.json with
``--literal``; ``--out``), with the machine and its load. A row whose peak is above its estimate is one the
estimate does not bound; the command lists them and exits 1. The report's instances run at the report's seeds
and the default α = 0.01 (a check's design, not the report's shares).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from claims.engine.machine import cpu_description
from claims.engine.stamp import utc_minute
from claims.report.atomic import write_atomically
from claims.report.runs import git_commit

#: (claim, its parameters): the README's literal instances, and GD at n = 3, d = 10 with --large (their warm-up
#: at m = 50, not at the literal width)
LITERAL = (
    ("du2018a.lemma3.4", {"n": 2, "d": 4, "m": None}),
    ("du2018a.thm4.1", {"n": 2, "d": 4, "m": None, "delta": 0.2}),
)
LARGE = (("du2018a.thm4.1", {"n": 3, "d": 10, "m": None, "delta": 0.2}),)


def warm_up(params: dict) -> dict | None:
    """A literal width's warm-up: one trial at m = 50 (None: the run itself, once)."""
    return {**params, "m": 50} if "m" in params and params["m"] is None else None


#: run in the child: the plan, then the trials between a reset of the peak and its reading
_CHILD = """
import json, re, sys
from claims import registry
from claims.engine.runner import execute, prepare

def status(key):
    return int(re.search(key + r":\\s+(\\d+)", open("/proc/self/status").read()).group(1)) * 1024

spec = json.loads(sys.argv[1])
claim, limits = registry.get(spec["claim"]), {"max_memory": "1T", "max_work": 1e25}
# the run once first, at the warm-up's parameters: the code, libraries and caches it loads are resident before
# the reset (a search's first run kept 67 MB of them, its later runs nothing more)
execute(prepare(claim, params=spec["warm"], seed=spec["seed"], trials=spec["warm_trials"], **limits))
plan = prepare(claim, params=spec["params"], seed=spec["seed"], trials=spec["trials"], **limits)
open("/proc/self/clear_refs", "w").write("5")  # VmHWM := VmRSS
before = status("VmRSS")
result = execute(plan)
print(json.dumps({"before": before, "peak": status("VmHWM"), "estimate": plan.estimate.to_json(),
                  "trials": result.trials, "verdict": result.verdict.name, "extras": result.extras}))
"""


def measure(claim: str, params: dict, *, seed: int = 0, trials: int | None = None, warm: dict | None = None) -> dict:
    """``claim`` at ``params`` (its default design, or one look at ``trials``) in a fresh single-threaded process,
    after the same run once (or one trial at ``warm``): the peak memory its trials held beside its estimate."""
    spec = {"claim": claim, "params": params, "seed": seed, "trials": trials}
    spec = json.dumps({**spec, "warm": warm or params, "warm_trials": 1 if warm else trials})
    # glibc: blocks of 16 KiB and more mapped on their own and returned when freed, so that the resident set follows
    # what is live (from the heap, a second run reuses what the first freed and shows no growth at all)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MALLOC_MMAP_THRESHOLD_": "16384", "MALLOC_TRIM_THRESHOLD_": "0"}
    done = subprocess.run([sys.executable, "-c", _CHILD, spec], capture_output=True, text=True, env=env)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"{claim} {params} failed: {done.stderr.strip()[-2000:]}")
    child = json.loads(done.stdout.strip().splitlines()[-1])
    peak, estimate = child["peak"] - child["before"], child["estimate"]["peak_bytes"]
    return {
        "claim": claim,
        "params": params,
        "seed": seed,
        "trials": child["trials"],
        "verdict": child["verdict"],
        "peak_bytes": peak,
        "estimate_bytes": estimate,
        "estimate_over_peak": estimate / peak if peak > 0 else None,
        "basis": child["estimate"]["basis"],
        "batch": child["estimate"]["batch"],
        "near_neurons": child["extras"].get("near_neurons"),
    }


def report_instances(profile: str):
    """(claim, parameters, seed) of every claim's report instances at ``profile``, at the report's seeds."""
    from claims import registry
    from claims.report.jobs import instance_key
    from claims.report.writer import REPORT_SEED
    from claims.spec import derive_seed

    for claim in registry.all_claims():
        for i, overrides in enumerate(claim.report_instances[profile]):
            yield claim.id, dict(overrides), derive_seed(REPORT_SEED, instance_key(claim.id, i))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory_estimates", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--profile", default="quick", choices=("quick", "standard", "full"), help="the report instances measured"
    )
    parser.add_argument("--literal", action="store_true", help="du2018a's literal flow and GD at n = 2 (one trial)")
    parser.add_argument("--large", action="store_true", help="with --literal: GD at n = 3, d = 10 too (~2 min)")
    parser.add_argument("--only", action="append", metavar="ID", help="this claim's instances only (repeatable)")
    parser.add_argument(
        "--out",
        help="the JSON written (default: benchmarks/memory-estimates-cpu.json; -standard-cpu.json, -full-cpu.json "
        "for those profiles, -literal-cpu.json with --literal)",
    )
    args = parser.parse_args(argv)
    kind = "-literal" if args.literal else ("" if args.profile == "quick" else f"-{args.profile}")
    out = args.out or f"benchmarks/memory-estimates{kind}-cpu.json"
    if not Path("/proc/self/clear_refs").exists():
        parser.error("needs Linux's /proc/self/clear_refs and VmHWM")
    load, start = os.getloadavg(), time.perf_counter()
    if args.literal:
        runs = [(c, p, 0, 1) for c, p in (*LITERAL, *(LARGE if args.large else ()))]
        what = "literal instances, one trial each"
    else:
        runs = [(c, p, s, None) for c, p, s in report_instances(args.profile) if not args.only or c in args.only]
        what = f"every claim's {args.profile} report instances, at the report's seeds, each check's default design"
    rows = []
    for claim, params, seed, trials in runs:
        rows.append(measure(claim, params, seed=seed, trials=trials, warm=warm_up(params)))
        r = rows[-1]
        print(
            f"{claim} {params}: peak {r['peak_bytes'] / 2**20:.1f} MiB, estimate {r['estimate_bytes'] / 2**20:.1f} "
            f"MiB" + (f" ({r['estimate_over_peak']:.1f}×)" if r["estimate_over_peak"] else ""),
            flush=True,
        )
    over = [r for r in rows if r["peak_bytes"] > r["estimate_bytes"]]
    record = {
        "what": f"the memory estimate against the peak resident memory of the trials ({what}; the peak reset "
        "after the plan, less the resident memory then; float64, one thread, in a fresh process each)",
        "command": " ".join(["python -m benchmarks.memory_estimates", *(argv if argv is not None else sys.argv[1:])]),
        "date": utc_minute(),
        "commit": git_commit(),
        "machine": cpu_description(),
        "load_average": " ".join(f"{x:.2f}" for x in load),
        "wall_s": round(time.perf_counter() - start, 1),
        "above_estimate": [f"{r['claim']} {r['params']}" for r in over],
        "rows": rows,
    }
    write_atomically(Path(out), json.dumps(record, indent=2) + "\n")
    for r in over:
        print(f"above its estimate: {r['claim']} {r['params']}", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
