"""``python -m claims.tools.calibration`` (``tox -e calibration``): the false-fail and false-pass rates of a whp
claim's checks at instances whose failure rate sits next to δ (the measurement: :mod:`claims.engine.calibration`),
the claim found among the installed families, written to benchmarks/calibration.json by the report's atomic
writer."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from claims import registry
from claims.engine import calibration
from claims.report.atomic import write_atomically
from claims.report.runs import command_line
from claims.tools import UsageParser, one_line_on_bad_input


@one_line_on_bad_input
def main(argv: list[str] | None = None) -> int:
    p = UsageParser(prog="python -m claims.tools.calibration", description=calibration.__doc__.splitlines()[0])
    p.add_argument("--claim", required=True, help="a whp claim id")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME=VALUE", help="fixed parameters")
    p.add_argument("--knob", required=True, help="the parameter swept to bring the failure rate to δ")
    p.add_argument("--grid", required=True, help="comma-separated values of the knob")
    p.add_argument("--delta", type=float, default=0.2, help="target failure rate (default: 0.2)")
    p.add_argument("--alpha", type=float, action="append", help="α = β of the checks (repeatable; default: 0.1)")
    p.add_argument("--seeds", type=int, default=200, help="instances kept (default: 200)")
    p.add_argument("--first-seed", type=int, default=1000, help="first seed (default: 1000)")
    p.add_argument("--sweep-trials", type=int, default=200, help="trials per grid value (default: 200)")
    p.add_argument("--pilot-trials", type=int, default=2000, help="pilot trials at the kept value (default: 2000)")
    p.add_argument("--gamma", type=float, default=1e-3, help="level of the pilot's bounds (default: 1e-3)")
    p.add_argument("--out", default="benchmarks/calibration.json", help="(default: benchmarks/calibration.json)")
    a = p.parse_args(argv)
    claim = registry.get(a.claim)
    params = {k: claim.param(k).parse(v) for k, _, v in (s.partition("=") for s in a.sets)}
    grid = [claim.param(a.knob).parse(v) for v in a.grid.split(",")]
    keys = ("delta", "seeds", "first_seed", "sweep_trials", "pilot_trials", "gamma")
    cfg = {k: getattr(a, k) for k in keys if k != "seeds"} | {"alphas": a.alpha or [0.1]}
    data = calibration.calibrate(
        claim, params, a.knob, grid, a.seeds, cfg, log=lambda s: print(s, file=sys.stderr, flush=True)
    )
    data["command"] = command_line("claims.tools.calibration", argv)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    write_atomically(Path(a.out), json.dumps(data, indent=1) + "\n")
    for r in data["results"]:
        for label in ("false_fail", "false_pass"):
            s = r[label]
            print(
                f"α = β = {r['alpha']:g}: {label.replace('_', '-')} {s['count']}/{s['runs']} = {s['rate']:.3f}, "
                f"95% CI [{s['ci95'][0]:.3f}, {s['ci95'][1]:.3f}] (bound {s['bound']:g}); verdicts {s['verdicts']}"
            )
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
