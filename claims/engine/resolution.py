"""Resolution: how small a false perturbation of a claim's constant the suite refutes.

For each constant of a statement (a :class:`claims.spec.Param` with ``stronger`` set) the statement is
perturbed in the stronger direction — multiplied (or divided) by a factor f > 1, or, for the exponent of a
scaling claim, shifted by s > 0 — and checked at one instance and seed. A bisection on f (geometric) or s
(arithmetic) between "not refuted" and "refuted" brackets the claim's *resolution*: the largest perturbation
not refuted and the smallest refuted. Between them the verdicts are SUPPORTED (the perturbed statement still
holds: the theorem's constant is conservative there) or INCONCLUSIVE (the design cannot tell).

The bisection assumes that the verdict is monotone in the perturbation (a stronger statement is refuted
whenever a weaker one is); each probe is an independent check at the run's full α, so the bracket is a
measurement, not a test with a joint error rate.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import torch

from claims.engine import registry
from claims.engine.runner import run
from claims.spec import Claim, Param, Verdict
from models.checks import InvalidInputError

#: the moderate perturbations the suite aims to refute: a factor 1.5 on a constant, 0.15 on an exponent
MODERATE_FACTOR = 1.5
MODERATE_SHIFT = 0.15
#: the largest perturbation a bisection tries: beyond it a constant is "not refuted up to" this
MAX_FACTOR = 16.0
MAX_SHIFT = 2.0


def constants(claim: Claim) -> tuple[Param, ...]:
    """The statement's constants: the parameters with a stronger direction."""
    return tuple(p for p in claim.params if p.stronger and p.default is not None)


def is_additive(claim: Claim, param: Param) -> bool:
    """An exponent (the scaling claim's exponent parameter, or a constant whose default is ≤ 0) is shifted."""
    return param.name == claim.exponent_param or (isinstance(param.default, int | float) and param.default <= 0)


def perturbed_value(claim: Claim, param: Param, amount: float, base: Any = None) -> Any:
    """The constant moved by ``amount`` (a factor ≥ 1, or a shift ≥ 0) in its stronger direction."""
    value = param.default if base is None else base
    sign = 1 if param.stronger == "up" else -1
    if is_additive(claim, param):
        out = value + sign * amount
    elif sign > 0:
        out = value * amount
    else:
        out = value / amount
    if param.type is int:
        out = max(int(math.ceil(out) if sign > 0 else math.floor(out)), 1)
    return param.validate(out)


@dataclass(frozen=True)
class Probe:
    amount: float
    value: Any
    verdict: Verdict


@dataclass
class Resolution:
    """The bracket of one constant: the largest amount not refuted and the smallest refuted."""

    claim: str
    param: str
    additive: bool
    default: Any
    probes: list[Probe] = field(default_factory=list)
    domain_edge: bool = False  # the next stronger value left the parameter's domain: nothing stronger to try

    @property
    def refuted_at(self) -> float | None:
        hits = [p.amount for p in self.probes if p.verdict is Verdict.REFUTED]
        return min(hits) if hits else None

    @property
    def not_refuted_at(self) -> float | None:
        below = [p.amount for p in self.probes if p.verdict is not Verdict.REFUTED]
        cap = self.refuted_at
        below = [a for a in below if cap is None or a < cap]
        return max(below) if below else None

    def meets_aim(self) -> bool:
        aim = MODERATE_SHIFT if self.additive else MODERATE_FACTOR
        return self.refuted_at is not None and self.refuted_at <= aim + 1e-12

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "param": self.param,
            "additive": self.additive,
            "default": self.default,
            "refuted_at": self.refuted_at,
            "not_refuted_at": self.not_refuted_at,
            "meets_aim": self.meets_aim(),
            "probes": [{"amount": p.amount, "value": p.value, "verdict": p.verdict.value} for p in self.probes],
            "domain_edge": self.domain_edge,
        }


def _midpoint(lo: float, hi: float, additive: bool) -> float:
    return (lo + hi) / 2 if additive else math.sqrt(lo * hi)


def bisect_resolution(
    claim: Claim,
    param: Param,
    *,
    params: Mapping[str, Any] | None = None,
    seed: int = 0,
    steps: int = 4,
    device: str = "cpu",
    dtype: str = "float64",
    alpha: float = 0.01,
) -> Resolution:
    """Probe the moderate perturbation; if it is not refuted, move outward (square the factor, double the
    shift) until refuted or the cap MAX_FACTOR / MAX_SHIFT; then bisect between the last amount not refuted
    (initially "no change") and the first refuted, in at most ``steps`` probes."""
    additive = is_additive(claim, param)
    base = claim.resolve(params).get(param.name)
    out = Resolution(claim.id, param.name, additive, base)
    top = MAX_SHIFT if additive else MAX_FACTOR
    unit = 0.0 if additive else 1.0

    def probe(amount: float) -> Verdict | None:
        try:
            value = perturbed_value(claim, param, amount, base)
        except InvalidInputError:  # beyond the parameter's domain (e.g. a ratio below 1): no stronger statement
            return None
        if out.probes and value == out.probes[-1].value:  # an integer constant that rounding did not move
            return out.probes[-1].verdict
        r = run(claim, params={**(params or {}), param.name: value}, seed=seed, device=device, dtype=dtype, alpha=alpha)
        out.probes.append(Probe(round(amount, 6), value, r.verdict))
        return r.verdict

    amount = MODERATE_SHIFT if additive else MODERATE_FACTOR
    lo, hi = unit, None
    while True:  # outward: moderate, then doubling the distance from "no change", until refuted or the cap
        verdict = probe(amount)
        if verdict is None:
            out.domain_edge = True
            return out
        if verdict is Verdict.REFUTED:
            hi = amount
            break
        lo = amount
        if amount >= top:
            return out
        amount = min(top, unit + 2 * (amount - unit)) if additive else min(top, amount**2)
    for _ in range(steps):  # inward: bisect (lo, hi)
        mid = _midpoint(lo, hi, additive)  # lo starts at "no change", where the claim itself holds
        if abs(mid - hi) < 1e-9 or abs(mid - lo) < 1e-9:
            break
        if probe(mid) in (Verdict.REFUTED, None):
            hi = mid
        else:
            lo = mid
    return out


def _row(claim_id: str, param_name: str, instance: dict, profile: str, seed: int, steps: int, threads, kw) -> dict:
    """One constant's bisection (a module-level function, so a process pool can run it)."""
    if threads is not None:
        torch.set_num_threads(threads)
    claim = registry.get(claim_id)
    param = next(p for p in claim.params if p.name == param_name)
    start = time.perf_counter()
    try:
        row = bisect_resolution(claim, param, params=instance, seed=seed, steps=steps, **kw).as_dict()
    except Exception as exc:  # one constant's failure is reported in its row, never the end of the table
        row = {**Resolution(claim.id, param.name, is_additive(claim, param), param.default).as_dict()}
        row["error"] = f"{type(exc).__name__}: {exc}"
    return {**row, "instance": instance, "profile": profile, "wall_s": round(time.perf_counter() - start, 1)}


def resolution_table(
    claims,
    *,
    profile: str,
    seed: int = 0,
    steps: int = 4,
    log=None,
    workers: int = 1,
    profile_of: Mapping[str, str] | None = None,
    on_rows=None,
    **kw,
) -> list[dict]:
    """Every constant of every claim, at the claim's first report instance of ``profile`` (``profile_of``
    names another profile for a claim, e.g. where a standard probe costs hours); with ``workers`` > 1 the
    constants are bisected in that many processes, each with its share of the cores as torch threads (the
    rows, and each row's verdicts, do not depend on it: every probe is seeded by its own instance and seed).
    ``on_rows(rows)`` is called with the rows finished so far, in the planned order, after each one."""
    tasks = []
    for claim in claims:
        at = (profile_of or {}).get(claim.id, profile)
        instance = dict(claim.report_instances[at][0]) if claim.report_instances[at] else {}
        # bisect_resolution perturbs the instance's own value where it sets one
        tasks += [(claim.id, param.name, instance, at, seed, steps) for param in constants(claim)]
    finished: dict[int, dict] = {}

    def done(index: int, row: dict) -> None:
        finished[index] = row
        if log:
            log(
                f"{row['claim']}.{row['param']}: refuted at {row['refuted_at']}, not at {row['not_refuted_at']} "
                f"({row['wall_s']:.0f} s, {len(finished)} of {len(tasks)})"
            )
        if on_rows:
            on_rows([finished[i] for i in sorted(finished)])

    if workers <= 1:
        for i, t in enumerate(tasks):
            done(i, _row(*t, None, kw))
    else:
        threads = max(1, len(os.sched_getaffinity(0)) // workers)
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {pool.submit(_row, *t, threads, kw): i for i, t in enumerate(tasks)}
            try:
                for f in as_completed(futures):
                    done(futures[f], f.result())
            except BaseException:  # Ctrl-C, SIGTERM (main's handler) or a failed row: no worker outlives us
                pool.shutdown(wait=False, cancel_futures=True)
                for child in multiprocessing.active_children():  # a probe may run for half an hour
                    child.terminate()
                raise
    return [finished[i] for i in range(len(tasks))]  # in the planned order, whatever finished first


def main(argv: list[str] | None = None) -> int:
    """``python -m claims.engine.resolution [--profile P] [--only ID]... [--out PATH]`` (``tox -e resolution``):
    writes the table as JSON, which ``python -m claims report`` shows in its Resolution section."""
    import argparse
    import datetime as dt
    import json
    import signal
    import sys
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m claims.engine.resolution", description=main.__doc__)
    parser.add_argument("--profile", default="standard", choices=("quick", "standard", "full"))
    parser.add_argument("--only", action="append", default=[], metavar="ID")
    parser.add_argument("--steps", type=int, default=4, help="bisection probes after the bracket (default 4)")
    parser.add_argument("--out", default="benchmarks/resolution.json")
    parser.add_argument("--workers", type=int, default=1, help="processes bisecting constants at once (default 1)")
    parser.add_argument(
        "--profile-of",
        action="append",
        default=[],
        metavar="ID=PROFILE",
        help="probe this claim at another profile's first report instance (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error(f"--workers must be >= 1, got {args.workers}")
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
    command = "python -m claims.engine.resolution " + " ".join(argv if argv is not None else sys.argv[1:])

    def write(rows: list[dict], complete: bool) -> None:
        meta = {
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "profile": args.profile,
            "profile_of": profile_of,
            "wall_time_s": round(time.perf_counter() - start, 1),
            "moderate_factor": MODERATE_FACTOR,
            "moderate_shift": MODERATE_SHIFT,
            "command": command,
            "complete": complete,  # False while running, or after an interruption: the rows finished so far
        }
        tmp = out.with_suffix(".tmp")
        tmp.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1, default=str))
        tmp.replace(out)

    def terminated(signum, frame):  # SIGTERM as an exception, so that the pool's workers are stopped too
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        rows = resolution_table(
            claims,
            profile=args.profile,
            steps=args.steps,
            log=lambda s: print(s, file=sys.stderr, flush=True),
            workers=args.workers,
            profile_of=profile_of,
            on_rows=lambda rows: write(rows, False),
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    write(rows, True)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
