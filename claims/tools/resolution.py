"""``python -m claims.tools.resolution`` (``tox -e resolution``): the resolution measurement
(:mod:`claims.engine.resolution`) over every constant of the installed families' claims: probes in the
report's pool, a probe cache for ``--resume``, and the table written as probes finish.

Every probe is an independent check (its own claim instance and seed), so probes of all constants run side by
side; a constant's next probes are asked for as soon as its previous ones are back. Each finished probe is
appended to ``<out>.probes.jsonl`` (its key: the code version, claim, constant, instance, profile, value, seed,
α, device, dtype) and found there again by ``--resume``. The table is rewritten after each probe through the
report's atomic writer: an interrupted run leaves the rows so far, whole, with ``complete`` false.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, wait
from pathlib import Path
from typing import Any

from claims import registry
from claims.engine.resolution import (
    MAX_FACTOR,
    MAX_SHIFT,
    MODERATE_FACTOR,
    MODERATE_SHIFT,
    Measurement,
    Probe,
    constants,
)
from claims.engine.runner import run
from claims.engine.stamp import utc_minute
from claims.engine.version import code_version
from claims.report.atomic import write_atomically
from claims.report.execute import open_backend
from claims.report.runs import command_line
from claims.spec import Claim
from claims.tools import UsageParser, one_line_on_bad_input

VERSION = code_version()  # a probe of other code is never read back


def probe(claim: Claim, param: str, instance: Mapping, value: Any, seed: int, kw: Mapping) -> dict:
    """One check of the perturbed statement (a module-level function, so a process pool can run it; the pool
    sets torch's threads to the worker's share of the cores)."""
    start = time.perf_counter()
    try:
        r = run(claim, params={**instance, param: value}, seed=seed, **kw)
        out = {"verdict": r.verdict.value, "worst_margin": r.worst_margin, "reason": r.reason[:400]}
    except Exception as exc:  # one probe's failure is recorded in its row, never the end of the table
        out = {"verdict": "ERROR", "worst_margin": None, "reason": f"{type(exc).__name__}: {exc}"[:400]}
    return {**out, "wall_s": round(time.perf_counter() - start, 2)}


class ProbeCache:
    """Finished probes by key, appended to a JSON-lines file as they finish (read back by ``--resume``)."""

    def __init__(self, path: Path | None, resume: bool):
        self.path, self.known = path, {}
        if path is None:
            return
        if resume and path.is_file():
            for line in path.read_text().splitlines():
                try:
                    entry = json.loads(line)
                    self.known[entry["key"]] = entry["result"]
                except (ValueError, KeyError, TypeError):  # a line cut by an interruption: probe it again
                    continue
        elif path.exists():
            path.unlink()

    @staticmethod
    def key(m: Measurement, value: Any, seed: int, kw: Mapping) -> str:
        fields = [VERSION, m.claim.id, m.param.name, m.instance, m.profile, value, seed, sorted(kw.items())]
        return json.dumps(fields, default=str)

    def add(self, key: str, result: dict) -> None:
        self.known[key] = result
        if self.path is not None:
            with self.path.open("a") as f:
                f.write(json.dumps({"key": key, "result": result}, default=str) + "\n")


def plan(claims, *, profile: str, profile_of: Mapping[str, str] | None = None, **design: Any) -> list[Measurement]:
    """One measurement per constant of each claim, at the claim's first report instance of ``profile``
    (``profile_of`` names another profile for a claim whose standard probes cost hours)."""
    out = []
    for claim in claims:
        at = (profile_of or {}).get(claim.id, profile)
        instance = dict(claim.report_instances[at][0]) if claim.report_instances[at] else {}
        out += [Measurement(claim, p, instance, at, **design) for p in constants(claim)]
    return out


def measure(
    measurements: list[Measurement],
    *,
    workers: int = 1,
    cache: ProbeCache | None = None,
    on_change: Callable[[list[Measurement]], None] | None = None,
    log: Callable[[str], None] | None = None,
    **kw: Any,
) -> list[Measurement]:
    """Run every measurement to its end; ``kw`` (device, dtype, alpha) goes to each probe's check."""
    cache = cache or ProbeCache(None, False)
    pending: dict[Any, tuple[Measurement, float, Any, int, str, str]] = {}
    count = {"done": 0}

    def finish(m, amount, value, seed, stage, result) -> None:
        m.record(Probe(amount, value, seed, stage=stage, **result))
        count["done"] += 1
        if log:
            log(
                f"{m.claim.id}.{m.param.name} {stage} {'+' if m.additive else '×'}{amount:g} seed {seed}: "
                f"{result['verdict']} "
                f"({result['wall_s']:.0f} s; {count['done']} probes done, {len(pending)} running)"
            )
        if on_change:
            on_change(measurements)

    def asked() -> list:
        """Every probe the measurements ask for now; those in the cache are answered at once."""
        out, again = [], True
        while again:
            again = False
            for m in measurements:
                for amount, value, seed, stage in m.requests():
                    key = cache.key(m, value, seed, kw)
                    if key in cache.known:
                        finish(m, amount, value, seed, stage, cache.known[key])
                        again = True
                    else:
                        out.append((m, amount, value, seed, stage, key))
        return out

    # the report's backend: in this process for one worker, else its local pool, whose workers an exception
    # here (Ctrl-C, SIGTERM raised by main) stops at once: a probe may run for half an hour
    with open_backend(workers if workers > 1 else None) as backend:
        while True:
            for task in asked():
                m, _, value, seed, _, _ = task
                pending[backend.submit(probe, (m.claim, m.param.name, m.instance, value, seed, kw))] = task
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for f in [f for f in pending if f in done]:  # in the order asked: one worker's table is reproducible
                m, amount, value, seed, stage, key = pending.pop(f)
                result, _ = f.result()
                cache.add(key, result)
                finish(m, amount, value, seed, stage, result)
    return measurements


def refit(row: Mapping[str, Any]) -> dict:
    """A row of resolution.json fitted again from its probes with this code's fit and findings (rows of runs
    made at different times can then be merged into one table without running a probe again)."""
    claim = registry.get(row["claim"])
    param = next(p for p in claim.params if p.name == row["param"])
    m = Measurement(
        claim, param, row["instance"], row["profile"], bracket_seed=row["bracket_seed"], seeds=tuple(row["seeds"])
    )
    m.probes = [Probe(**p) for p in row["probes"]]
    m.stage, m.domain_edge = ("grid" if row["finding"] == "running" else "done"), row["domain_edge"]
    return m.as_dict()


def merge(tables: list[dict]) -> dict:
    """Several resolution.json tables as one: rows refitted (:func:`refit`) in the order given, meta from the
    first with every run's command, their wall times added and ``complete`` only if every run completed. A
    constant measured by several runs keeps the last run's row, in the place of its first (a re-measurement
    after its claim changed replaces the old row; ``replaced`` in the meta names it)."""
    meta = dict(tables[0]["meta"])
    meta["command"] = " ; ".join(t["meta"]["command"] for t in tables)
    meta["wall_time_s"] = round(sum(t["meta"]["wall_time_s"] for t in tables), 1)
    meta["complete"] = all(t["meta"].get("complete") for t in tables)
    meta["profile_of"] = {k: v for t in tables for k, v in t["meta"].get("profile_of", {}).items()}
    meta["merged_runs"] = [{k: t["meta"].get(k) for k in ("date", "wall_time_s", "workers", "machine")} for t in tables]
    rows: dict[tuple[str, str], dict] = {}
    replaced = []
    for t in tables:
        for r in t["rows"]:
            key = (r["claim"], r["param"])
            if key in rows:
                replaced.append(f"{key[0]}.{key[1]}")
            rows[key] = r
    meta["replaced"] = replaced
    return {"meta": meta, "rows": [refit(r) for r in rows.values()]}


@one_line_on_bad_input
def main(argv: list[str] | None = None) -> int:
    """``python -m claims.tools.resolution [--profile P] [--only ID]... [--workers N] [--resume] [--out PATH]``
    (``tox -e resolution``): measures every constant's threshold and transition, writing the table as JSON as
    probes finish; ``python -m claims report`` shows it in its Resolution section."""
    parser = _parser()
    args = parser.parse_args(argv)
    for name in ("workers", "seeds", "grid"):
        if getattr(args, name) < (2 if name == "grid" else 1):
            parser.error(f"--{name} must be >= {2 if name == 'grid' else 1}, got {getattr(args, name)}")
    if args.steps < 0 or args.rounds < 0 or args.seed < 0:
        parser.error("--steps, --rounds and --seed must be >= 0")
    if args.merge:
        tables = [json.loads(Path(p).read_text()) for p in args.merge]
        write_atomically(Path(args.out), json.dumps(merge(tables), indent=1, default=str))
        print(f"wrote {args.out}")
        return 0
    claims = [registry.get(i) for i in args.only] if args.only else list(registry.all_claims())
    profile_of = {}
    for spec in args.profile_of:
        cid, _, prof = spec.partition("=")
        if prof not in ("quick", "standard", "full"):
            parser.error(f"--profile-of must be ID=quick|standard|full, got {spec!r}")
        profile_of[registry.get(cid).id] = prof
    start = time.perf_counter()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    seeds = tuple(range(args.seed + 1, args.seed + 1 + args.seeds))
    command = command_line("claims.tools.resolution", argv)
    machine = {"cores": os.cpu_count(), "processor": platform.processor() or platform.machine()}
    machine["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]

    def write(measurements: list[Measurement], complete: bool) -> None:
        meta = {
            "date": utc_minute(),
            "design": "threshold",
            "profile": args.profile,
            "profile_of": profile_of,
            "wall_time_s": round(time.perf_counter() - start, 1),
            "moderate_factor": MODERATE_FACTOR,
            "moderate_shift": MODERATE_SHIFT,
            "max_factor": MAX_FACTOR,
            "max_shift": MAX_SHIFT,
            "bracket_seed": args.seed,
            "seeds": list(seeds),
            "grid": args.grid,
            "steps": args.steps,
            "rounds": args.rounds,
            "alpha": 0.01,
            "workers": args.workers,
            "machine": machine,
            "command": command,
            "complete": complete,  # False while running, or after an interruption: the rows so far
        }
        write_atomically(
            out, json.dumps({"meta": meta, "rows": [m.as_dict() for m in measurements]}, indent=1, default=str)
        )

    def terminated(signum, frame):  # SIGTERM as an exception, so that the pool's workers are stopped too
        raise SystemExit(128 + signum)

    measurements = plan(
        claims, profile=args.profile, profile_of=profile_of, bracket_seed=args.seed, seeds=seeds,
        grid=args.grid, steps=args.steps, rounds=args.rounds,
    )  # fmt: skip
    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        measure(
            measurements,
            workers=args.workers,
            cache=ProbeCache(out.with_suffix(".probes.jsonl"), args.resume),
            on_change=lambda ms: write(ms, False),
            log=lambda s: print(s, file=sys.stderr, flush=True),
            alpha=0.01,
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    write(measurements, True)
    print(f"wrote {out}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = UsageParser(prog="python -m claims.tools.resolution", description=main.__doc__)
    parser.add_argument("--profile", default="standard", choices=("quick", "standard", "full"))
    parser.add_argument("--only", action="append", default=[], metavar="ID")
    parser.add_argument("--seed", type=int, default=0, help="the bracket's seed; grid seeds follow it (default 0)")
    parser.add_argument("--seeds", type=int, default=4, help="independent seeds at each grid amount (default 4)")
    parser.add_argument("--grid", type=int, default=5, help="amounts in the first grid (default 5)")
    parser.add_argument("--steps", type=int, default=2, help="bisection probes of the bracket (default 2)")
    parser.add_argument("--rounds", type=int, default=2, help="grid extensions at most (default 2)")
    parser.add_argument("--out", default="benchmarks/resolution.json")
    parser.add_argument("--workers", type=int, default=1, help="processes running probes at once (default 1)")
    parser.add_argument("--resume", action="store_true", help="reuse the probes of an interrupted run (--out's)")
    parser.add_argument(
        "--merge",
        nargs="+",
        metavar="PATH",
        help="write the tables of these runs as one to --out, each row fitted again from its probes (runs none)",
    )
    parser.add_argument(
        "--profile-of",
        action="append",
        default=[],
        metavar="ID=PROFILE",
        help="probe this claim at another profile's first report instance (repeatable)",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
