"""``python -m claims.tools.calibration_streams``: every decision rule's error rates and trials on simulated
streams next to its bounds, against the Bonferroni design (the simulation: :mod:`claims.engine.calibration_streams`),
written to benchmarks/calibration-streams.json by the report's atomic writer."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import torch

from claims.engine import calibration_streams as streams
from claims.engine.stamp import utc_minute
from claims.report.atomic import write_atomically
from claims.report.runs import command_line
from claims.tools import UsageParser, one_line_on_bad_input


@one_line_on_bad_input
def main(argv: list[str] | None = None) -> int:
    p = UsageParser(prog="python -m claims.tools.calibration_streams", description=streams.__doc__.splitlines()[0])
    p.add_argument("--alpha", type=float, action="append", help="α = β (repeatable; default: 0.1 and 0.01)")
    p.add_argument("--delta", type=float, action="append", help="δ of the whp streams (repeatable; default: 0.2)")
    p.add_argument("--seeds", type=int, default=2000, help="streams per group (default: 2000)")
    p.add_argument("--seed", type=int, default=0, help="seed of the generator (default: 0)")
    p.add_argument("--out", default="benchmarks/calibration-streams.json")
    a = p.parse_args(argv)
    alphas, deltas, start = a.alpha or [0.1, 0.01], a.delta or [0.2], time.perf_counter()
    data = {
        "what": "error rates and trials of the decision rules on simulated streams next to their bounds",
        "seeds": a.seeds,
        "whp": [streams.whp(d, al, a.seeds, a.seed) for d in deltas for al in alphas],
        "forall": [streams.forall(0.05, al, a.seeds, a.seed) for al in alphas],
        "scaling": [streams.scaling(al, a.seeds, a.seed) for al in alphas],
        "date": utc_minute(),
        "torch": torch.__version__,
        "wall_time_s": None,
        "command": command_line("claims.tools.calibration_streams", argv),
    }
    data["wall_time_s"] = round(time.perf_counter() - start, 1)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    write_atomically(Path(a.out), json.dumps(data, indent=1) + "\n")
    for w in data["whp"]:
        for group, row in w["groups"].items():
            for name, s in row.items():
                for label, t in ({"error": s} if "error" in s else s).items():
                    e = t["error"]
                    print(
                        f"whp δ={w['delta']:g} α=β={w['alpha']:g} {group:8s} {name:10s} {label:10s} "
                        f"errors {e['count']}/{e['runs']} [{e['ci95'][0]:.4f}, {e['ci95'][1]:.4f}] "
                        f"mean trials {t['mean_trials']:.1f} inconclusive {t['inconclusive']}"
                    )
    for w in data["whp"]:
        v = w["versus_bonferroni"]
        print(
            f"whp δ={w['delta']:g} α=β={w['alpha']:g} p/δ in [0.8, 1.2]: mean trials {v['new']['mean_trials']:.1f} "
            f"against {v['bonferroni']['mean_trials']:.1f} (ratio {v['mean_trials_ratio']:.3f}), INCONCLUSIVE "
            f"{v['new']['inconclusive_share']:.3f} against {v['bonferroni']['inconclusive_share']:.3f}"
        )
        for key, b in v["by_p_over_delta"].items():
            print(
                f"  p/δ {key}: mean trials ratio {b['mean_trials_ratio']:.3f}, INCONCLUSIVE "
                f"{b['inconclusive_share']['new']:.3f} against {b['inconclusive_share']['bonferroni']:.3f}"
            )
    for f in data["forall"]:
        e = f["false_pass"]
        print(f"forall ε={f['epsilon']:g} β={f['beta']:g}: false pass {e['count']}/{e['runs']} {e['ci95']}")
    for s in data["scaling"]:
        for rel in ("equal", "at_most", "at_least"):
            e = s[rel]["false_fail"]
            print(f"scaling α={s['alpha']:g} {rel}: false fail {e['count']}/{e['runs']} {e['ci95']}")
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
