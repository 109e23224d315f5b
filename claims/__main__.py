"""Command line: ``python -m claims list | check | report`` (DESIGN.md, public API).

Exit status of ``check``: 0 SUPPORTED, 1 REFUTED, 2 INCONCLUSIVE or VACUOUS, 64 bad usage or bad input
(one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys

from claims.engine.registry import all_claims, get
from claims.spec import Verdict
from models.checks import InvalidInputError

EXIT = {Verdict.SUPPORTED: 0, Verdict.REFUTED: 1, Verdict.INCONCLUSIVE: 2, Verdict.VACUOUS: 2}
EXIT_USAGE = 64


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own exit status is 2, which means INCONCLUSIVE here
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m claims", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ls = sub.add_parser("list", help="every claim with its parameters and mutants")
    ls.add_argument(
        "--json", action="store_true", help="a list of objects (id, title, source, kind, parameters, mutants)"
    )
    ls.add_argument("--markdown", action="store_true", help="the catalogue as the project ships it (docs/CLAIMS.md)")
    ck = sub.add_parser("check", help="check one claim on one instance")
    ck.add_argument("id")
    ck.add_argument("--set", dest="sets", action="append", default=[], metavar="NAME=VALUE")
    ck.add_argument("--mutant")
    ck.add_argument("--trials", type=int)
    ck.add_argument("--seed", type=int, default=0)
    ck.add_argument("--device", default="cpu")
    ck.add_argument("--dtype", default="float64")
    ck.add_argument("--alpha", type=float, default=0.01, help="false-fail (and false-pass) budget of this check")
    ck.add_argument("--json", action="store_true")
    rp = sub.add_parser("report", help="run every claim and write REPORT.md, results.json and figures")
    rp.add_argument("--profile", choices=("quick", "standard", "full"), default="quick")
    rp.add_argument("--device", default="cpu")
    rp.add_argument("--dtype", default="float64")
    rp.add_argument("--out", default="REPORT.md")
    rp.add_argument("--bench-dir", default="benchmarks", help="pytest-benchmark JSON files shown in the report")
    rp.add_argument("--only", action="append", default=[], metavar="ID", help="only this claim (repeatable)")
    rp.add_argument("--from-results", metavar="PATH", help="re-render from an existing results.json, run nothing")
    return p


def _list(as_json: bool, as_markdown: bool = False) -> int:
    if as_markdown:
        from claims.engine.listing import catalogue_markdown

        print(catalogue_markdown(all_claims()), end="")
        return 0
    rows = [c.describe() for c in all_claims()]
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        print(f"{r['id']}  [{r['kind']}]  {r['title']}  ({r['source']['paper']}, {r['source']['theorem']})")
        for name, spec in r["parameters"].items():
            print(f"    {name} = {spec['default']!r}: {spec['doc']}")
        print(f"    mutants: {', '.join(r['mutants']) or '(none)'}")
    return 0


def _parse_sets(claim, sets: list[str]) -> dict:
    out = {}
    for item in sets:
        name, eq, value = item.partition("=")
        if not eq or not name:
            raise InvalidInputError(f"--set expects NAME=VALUE, got {item!r}")
        out[name] = claim.param(name).parse(value)
    return out


def _check(args) -> int:
    from claims.engine.design import design_for
    from claims.engine.runner import run

    claim = get(args.id)
    params = _parse_sets(claim, args.sets)
    if not args.json:  # the plan is fixed before the first trial: say it first
        design = design_for(
            claim,
            claim.resolve(params, args.mutant),
            alpha=args.alpha,
            beta=args.alpha,
            epsilon=None,
            trials=args.trials,
        )
        print(
            f"{claim.id}: at most {design.max_trials} trials in {design.looks} looks "
            f"(false-fail {args.alpha:g}, false-pass {args.alpha:g}"
            f"{f', δ = {design.delta:g} ± ε = {design.epsilon:g}' if design.delta else ''})",
            flush=True,
        )
    result = run(
        claim,
        params=params,
        mutant=args.mutant,
        trials=args.trials,
        seed=args.seed,
        device=args.device,
        dtype=args.dtype,
        alpha=args.alpha,
    )
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return EXIT[result.verdict]
    lo, hi = result.failure_rate_ci
    margin = "–" if result.worst_margin is None else f"{result.worst_margin:.3g}"
    print(f"{result.id}{' [mutant ' + result.mutant + ']' if result.mutant else ''}: {result.verdict.value}")
    print(
        f"  trials {result.trials}, failures {result.failures}, failure-rate interval [{lo:.3g}, {hi:.3g}], "
        f"worst margin {margin}"
    )
    if result.reason:
        print(f"  {result.reason}")
    if result.counterexample:
        print(f"  counterexample (seed {result.seed}): {result.counterexample}")
    print(f"  {result.elapsed_s:.2f}s on {result.device}, {result.dtype}")
    return EXIT[result.verdict]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            return _list(args.json, args.markdown)
        if args.command == "check":
            return _check(args)
        from claims.report import rerender, write_report

        if args.from_results:
            path = rerender(args.from_results, args.out)
        else:
            path = write_report(
                profile=args.profile,
                device=args.device,
                dtype=args.dtype,
                out=args.out,
                bench_dir=args.bench_dir,
                only=args.only,
                log=lambda line: print(line, file=sys.stderr, flush=True),
            )
        print(f"wrote {path}")
        return 0
    except InvalidInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
