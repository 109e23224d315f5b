"""The literal-width trials' memory estimate against their peak resident memory (CPU).

du2018a's flow and GD at their literal widths (``m=None``) hold the near neurons of a draw of 10⁸-10⁹ neurons;
their cost hook (``claims.catalogue.du2018a.trials_flow.literal_cost``) counts every copy a trial holds and the
engine takes that count as it is (``claims.engine.resources.Held``). This measures each instance's peak resident
memory in a fresh process (the kernel's VmHWM after one trial, less VmHWM before it, with torch and the catalogue
imported and the same check run once at m = 50, so that the baseline holds what every check holds) beside the
engine's estimate, and writes both with the machine and its load::

    python -m benchmarks.literal_memory                      # n = 2, d = 4: seconds
    python -m benchmarks.literal_memory --large              # and GD at n = 3, d = 10: about 2 minutes

into benchmarks/literal-memory-cpu.json (``--out``). Linux only (it reads /proc/self/status).
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

#: (claim, its --set arguments): the README's literal instances, and GD at n = 3, d = 10 with --large
INSTANCES = (
    ("du2018a.lemma3.4", ("n=2", "d=4", "m=None")),
    ("du2018a.thm4.1", ("n=2", "d=4", "m=None", "delta=0.2")),
)
LARGE = (("du2018a.thm4.1", ("n=3", "d=10", "m=None", "delta=0.2")),)

#: run in the child: one trial of the check, VmHWM around it
_CHILD = """
import json, re, sys
def hwm():
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) * 1024
from claims.__main__ import main
from contextlib import redirect_stdout
import io
warm = [a if a != "m=None" else "m=50" for a in sys.argv[1:]]
with redirect_stdout(io.StringIO()):
    main(warm)  # the same check at m = 50: every module it imports, its data and λ0, before the baseline
before = hwm()
out = io.StringIO()
with redirect_stdout(out):
    main(sys.argv[1:])
after = hwm()
result = json.loads(out.getvalue())
print(json.dumps({"before": before, "after": after, "estimate": result["design"]["estimate"],
                  "extras": result["extras"], "elapsed_s": result["elapsed_s"]}))
"""


def measure(claim: str, sets: tuple[str, ...]) -> dict:
    """One trial of ``claim`` at ``sets`` in a fresh single-threaded process: its peak memory and estimate."""
    args = ["check", claim, *(a for s in sets for a in ("--set", s)), "--trials", "1", "--json"]
    args += ["--max-memory", "64G"]  # measured, not refused: the estimate is what is compared
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, env=env)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"{claim} {' '.join(sets)} failed: {done.stderr.strip()[-2000:]}")
    child = json.loads(done.stdout.strip().splitlines()[-1])
    peak = child["after"] - child["before"]
    estimate = child["estimate"]["peak_bytes"]
    return {
        "claim": claim,
        "params": list(sets),
        "near_neurons": child["extras"].get("near_neurons"),
        "stepped_neurons": child["extras"].get("stepped_neurons"),
        "width": child["extras"].get("width"),
        "peak_bytes": peak,
        "estimate_bytes": estimate,
        "estimate_over_peak": estimate / peak if peak > 0 else None,
        "basis": child["estimate"]["basis"],
        "elapsed_s": child["elapsed_s"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.literal_memory", description=__doc__.split("\n")[0])
    parser.add_argument("--large", action="store_true", help="also GD at n = 3, d = 10 (about 2 minutes)")
    parser.add_argument("--out", default="benchmarks/literal-memory-cpu.json", help="the JSON written")
    args = parser.parse_args(argv)
    if not Path("/proc/self/status").exists():
        parser.error("needs Linux's /proc/self/status (VmHWM)")
    load, start = os.getloadavg(), time.perf_counter()
    rows = [measure(c, s) for c, s in (*INSTANCES, *(LARGE if args.large else ()))]
    record = {
        "what": "du2018a literal-width trials: the engine's memory estimate against the peak resident memory of "
        "one trial (VmHWM after it less before it, after the same check at m = 50; float64, one thread)",
        "command": "python -m benchmarks.literal_memory" + (" --large" if args.large else ""),
        "date": utc_minute(),
        "commit": git_commit(),
        "machine": cpu_description(),
        "load_average": " ".join(f"{x:.2f}" for x in load),
        "wall_s": round(time.perf_counter() - start, 1),
        "rows": rows,
    }
    write_atomically(Path(args.out), json.dumps(record, indent=2) + "\n")
    for r in rows:
        print(
            f"{r['claim']} {' '.join(r['params'])}: peak {r['peak_bytes'] / 2**20:.0f} MiB, estimate "
            f"{r['estimate_bytes'] / 2**20:.0f} MiB ({r['estimate_over_peak']:.1f}×)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
