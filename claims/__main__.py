"""Command line: ``python -m claims list | check | report``.

Exit status: 0 SUPPORTED, 1 REFUTED, 2 INCONCLUSIVE or VACUOUS, 64 bad usage or bad input (one line on
stderr naming the input and its value, no traceback), 70 internal error (a bug: with its traceback),
130 interrupted (Ctrl-C), 141 output pipe closed, 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import signal
import sys
import textwrap
import threading
import traceback
from pathlib import Path

from claims.spec import Verdict
from claims.tools import EXIT_USAGE, UsageParser  # argparse's own exit status, 2, means INCONCLUSIVE here
from models.errors import InvalidInputError

#: the project's own benchmark results (found from the package, not the current folder)
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
#: where a user's report goes: apart from the shipped REPORT.md and report/, and ignored by git
DEFAULT_REPORT = "claims-report/REPORT.md"
EXIT = {Verdict.SUPPORTED: 0, Verdict.REFUTED: 1, Verdict.INCONCLUSIVE: 2, Verdict.VACUOUS: 2}
EXIT_INTERNAL = 70
EXIT_IOERR = 74  # sysexits EX_IOERR: the disk filled
EXIT_INTERRUPTED = 130
EXIT_PIPE = 141
EXIT_TERMINATED = 143

EXIT_CODES = """\
exit status:
  0    SUPPORTED (check) or success (list, report)
  1    REFUTED
  2    INCONCLUSIVE or VACUOUS
  64   bad usage or bad input: one line on stderr naming the input and its value; nothing is run or written
  70   internal error (a bug; its traceback is printed)
  74   the disk filled while writing (one line naming the path; the previous report is unchanged)
  130  interrupted (Ctrl-C); 141 output pipe closed; 143 terminated (SIGTERM)"""

MEMORY_HELP = (
    "refuse, before the first trial, a run whose estimated peak memory exceeds this many bytes (suffixes "
    "K, M, G, T: binary units; default: half the device's memory, or $CLAIMS_MAX_MEMORY)"
)


WORK_HELP = (
    "refuse, before the first trial, a run whose estimated work exceeds this many flops (e.g. 1e16 or 10P; "
    "suffixes k, M, G, T, P: decimal units; at most 1e25; default: 1e16, or $CLAIMS_MAX_WORK)"
)


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every ``finally`` runs (no half-written report). A
    BaseException, as KeyboardInterrupt is: no ``except Exception`` (a unit's retry, a section's attempt) may
    take it for a failed unit and carry on to publish a report."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _sub(sub, name: str, help_: str, description: str) -> argparse.ArgumentParser:
    return sub.add_parser(
        name, help=help_, description=textwrap.fill(description, 100), epilog=EXIT_CODES, formatter_class=_Formatter
    )


def _check_parser(sub) -> None:
    ck = _sub(sub, "check", "check one claim on one instance", "Check one claim on one instance and print its verdict.")
    ck.add_argument("id", help="claim id, e.g. du2018a.lemma3.1 (python -m claims list shows them)")
    ck.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one parameter (repeatable, once per name; default: the claim's defaults, which "
        "`python -m claims list` shows)",
    )
    ck.add_argument("--mutant", help="check this named mutant of the claim instead (default: none, the claim)")
    ck.add_argument(
        "--trials", type=int, help="one look at this many trials (default: the sequential design's count and looks)"
    )
    ck.add_argument("--seed", type=int, default=0, help="seed of every random draw, in [0, 2**64) (default: 0)")
    ck.add_argument("--device", default="cpu", help="auto, cpu or cuda[:k] (default: cpu)")
    ck.add_argument("--dtype", default="float64", help="float64 or float32 (default: float64)")
    ck.add_argument(
        "--alpha",
        type=float,
        default=0.01,
        help="false-fail (and false-pass) budget of this check, in [1e-10, 1) (default: 0.01)",
    )
    ck.add_argument("--max-memory", metavar="BYTES", help=MEMORY_HELP)
    ck.add_argument("--max-work", metavar="FLOPS", help=WORK_HELP)
    ck.add_argument("--json", action="store_true", help="print the result as JSON (default: text)")


def _report_parser(sub) -> None:
    rp = _sub(
        sub,
        "report",
        "run every claim and write REPORT.md, results.json and figures",
        "Run every claim's report instances and experiments, then write the report: its figures and results.json "
        "go to a fresh folder report/<run-id>/ beside it, and REPORT.md is switched to them in one atomic rename.",
    )
    rp.add_argument("--profile", choices=("quick", "standard", "full"), default="quick", help="sizes (default: quick)")
    rp.add_argument("--device", default="cpu", help="auto, cpu or cuda[:k] (default: cpu)")
    rp.add_argument("--dtype", default="float64", help="float64 or float32 (default: float64)")
    rp.add_argument(
        "--out",
        default=DEFAULT_REPORT,
        help=f"the report's path, ending in .md (default: {DEFAULT_REPORT}, untracked, so a run in a clone leaves "
        "its tracked files untouched; the shipped REPORT.md is regenerated with --out REPORT.md)",
    )
    rp.add_argument(
        "--bench-dir",
        default=str(BENCHMARKS),
        help="pytest-benchmark JSON files shown in the report (default: the project's own benchmarks/, wherever "
        "the report is run from; /dev/null: none)",
    )
    rp.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="ID",
        help="only this claim's instances (repeatable; default: every claim, or none with --section only)",
    )
    rp.add_argument(
        "--section",
        action="append",
        default=[],
        metavar="NAME",
        help="run this family's experiments (e.g. du2018a) or one experiment (family.key) (repeatable; default: "
        "every experiment, or none with --only)",
    )
    rp.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="run a part of the --section experiment: e.g. du2018a.widths takes claim=thm4_1, regime='fixed d = 10', "
        "n=320 (repeatable, a key's values add up; each section lists the keys it accepts in its error; default: "
        "all of it)",
    )
    rp.add_argument(
        "--from-results",
        metavar="PATH",
        help="re-render from an existing results.json, running no claim; benchmarks, resolution and calibration "
        "are read afresh from --bench-dir (default: run)",
    )
    rp.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="run the units in N local processes, and draw the figures in N (also with --from-results; default: "
        "in-process)",
    )
    rp.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the units on a Dask distributed scheduler (tcp://host:8786), or 'local' for a LocalCluster "
        "of --workers processes (needs pip install -e '.[distributed]'; default: none)",
    )
    rp.add_argument(
        "--resume", action="store_true", help="continue an interrupted run from its finished units (default: off)"
    )
    rp.add_argument("--max-memory", metavar="BYTES", help=MEMORY_HELP)
    rp.add_argument("--max-work", metavar="FLOPS", help=WORK_HELP)


def build_parser() -> argparse.ArgumentParser:
    """The CLI's argument parser (public so that its help can be checked)."""
    p = UsageParser(
        prog="python -m claims",
        description="Claims of the optimisation theory of neural networks, checked as statistical tests.",
        epilog=EXIT_CODES,
        formatter_class=_Formatter,
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=UsageParser, metavar="{list,check,report,cite}")
    ls = _sub(sub, "list", "every claim with its parameters and mutants", "List every claim: parameters, mutants.")
    ls.add_argument(
        "--json",
        action="store_true",
        help="a JSON list of objects (id, title, source, kind, parameters, mutants) (default: text)",
    )
    ls.add_argument(
        "--markdown", action="store_true", help="the catalogue as the project ships it (docs/CLAIMS.md) (default: text)"
    )
    _check_parser(sub)
    _report_parser(sub)
    ct = _sub(
        sub,
        "cite",
        "a claim's references as BibTeX",
        "Print the works a claim cites (papers, then the lecture notes it started from) as BibTeX entries.",
    )
    ct.add_argument("id", help="claim id (see list)")
    return p


def _cite(claim_id: str) -> int:
    from claims.registry import get
    from claims.spec.references import references_of

    print("\n\n".join(r.bibtex() for r in references_of(get(claim_id))))
    return 0


def _list(as_json: bool, as_markdown: bool = False) -> int:
    from claims.registry import all_claims

    if as_markdown:
        from claims.report.listing import catalogue_markdown

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


def parse_selection(items: list[str]) -> dict[str, tuple[str, ...]]:
    """``--select KEY=VALUE`` items → {key: values}, values in the order given; a repeated value is refused."""
    out: dict[str, tuple[str, ...]] = {}
    for item in items:
        key, eq, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not eq or not key or not value:
            raise InvalidInputError(f"--select expects KEY=VALUE, got {item!r}")
        if value in out.get(key, ()):
            raise InvalidInputError(f"--select {key}={value} is given twice")
        out[key] = (*out.get(key, ()), value)
    return out


def parse_sets(claim, sets: list[str]) -> dict:
    """``--set NAME=VALUE`` items → {name: value}, each parsed and validated; a name set twice is refused."""
    out, given = {}, {}
    for item in sets:
        name, eq, value = item.partition("=")
        name = name.strip()
        if not eq or not name:
            raise InvalidInputError(f"--set expects NAME=VALUE, got {item!r}")
        if name in given:
            raise InvalidInputError(f"parameter {name} is set twice: --set {given[name]} and --set {item}")
        given[name] = item
        out[name] = claim.param(name).parse(value)
    return out


def _plan_line(plan) -> str:
    d, alpha = plan.design, plan.alpha
    zone = f", δ = {d.delta:g} ± ε = {d.epsilon:g}" if d.delta else ""
    return (
        f"{plan.claim.id}: at most {d.max_trials} trials in {d.looks} looks (false-fail {alpha:g}, "
        f"false-pass {d.beta:g}{zone}); {plan.estimate.describe()}"
    )


class _Progress:
    """Trials drawn so far and a bound on the time left, on stderr: first after a few seconds, then every few."""

    FIRST_S, EVERY_S = 3.0, 5.0

    def __init__(self):
        import time

        self._clock = time.perf_counter
        self._start = self._last = self._clock()

    def __call__(self, done: int, most: int) -> None:
        now = self._clock()
        elapsed = now - self._start
        if elapsed < self.FIRST_S or now - self._last < self.EVERY_S or done >= most:
            return
        self._last = now
        left = elapsed / done * (most - done)
        print(
            f"  … {done} of at most {most} trials in {elapsed:.0f} s; at most about {left:.0f} s more "
            "(the design may stop sooner)",
            file=sys.stderr,
            flush=True,
        )


def _statement_lines(plan, overrides: dict) -> str:
    """What is tested: the statement, its source, the instance and whether the theorem's premises hold there."""
    from claims.engine.runner import unmet_premises
    from claims.spec import Instance

    claim = plan.claim
    mutant = f" [mutant {plan.mutant}: {claim.mutant(plan.mutant).doc}]" if plan.mutant else ""
    given = ", ".join(f"{k} = {v}" for k, v in overrides.items()) or "the defaults"
    unmet = unmet_premises(claim, Instance(plan.values, plan.seed), plan.device, plan.dtype)
    premises = (
        "premises: " + "; ".join(unmet) + " (the statement tested is the conclusion at this size)"
        if unmet
        else ("premises: hold at this instance" if claim.premises else "premises: none beyond the parameters' domains")
    )
    return "\n".join(
        (
            f"{claim.id}{mutant}: {claim.statement}",
            f"  source: {claim.source}",
            f"  instance: {given}; seed {plan.seed}",
            f"  {premises}",
        )
    )


def _result_lines(result, alpha: float) -> str:
    """The verdict with its bound named, the reason, a counterexample as a table, the time."""
    lo, hi = result.failure_rate_ci
    margin = "–" if result.worst_margin is None else f"{result.worst_margin:.3g}"
    head = f"{result.id}{' [mutant ' + result.mutant + ']' if result.mutant else ''}: {result.verdict.value}"
    if result.kind.value == "scaling":  # decided by a fitted exponent, not by counting failures
        lines = [head, f"  {result.trials} measurements ({result.undecided} could not be made); no failure count: "
                 "the fitted exponent decides"]  # fmt: skip
    else:
        lines = [
            head,
            f"  trials {result.trials}, failures {result.failures}, undecided {result.undecided}; failure rate in "
            f"[{lo:.3g}, {hi:.3g}] (exact two-sided Clopper–Pearson interval, confidence {1 - alpha:.4g}); "
            f"worst margin {margin}",
        ]
    if result.reason:
        lines.append(f"  {result.reason}")
    if result.counterexample:
        cx = dict(result.counterexample)
        lines.append(
            f"  counterexample: trial {int(cx.pop('trial', -1))} of seed {result.seed} (rerun: --seed {result.seed})"
        )
        width = max(map(len, cx), default=0)
        lines += [f"    {k:<{width}}  {_number(k, v)}" for k, v in cx.items()]
    lines.append(f"  {result.elapsed_s:.2f}s on {result.device}, {result.dtype}")
    return "\n".join(lines)


def _number(name: str, v) -> str:
    if name in ("passed", "premise_held", "undecided"):  # the trial's flags, stored as 0/1 in the table
        return "yes" if v else "no"
    return f"{v:.6g}" if isinstance(v, float) else str(v)


def _check(args) -> int:
    from claims.engine.runner import execute, prepare
    from claims.registry import get

    claim = get(args.id)
    plan = prepare(
        claim,
        params=parse_sets(claim, args.sets),
        mutant=args.mutant,
        trials=args.trials,
        seed=args.seed,
        device=args.device,
        dtype=args.dtype,
        alpha=args.alpha,
        max_memory=args.max_memory,
        max_work=args.max_work,
    )
    if not args.json:  # the plan is fixed (and every input validated) before the first trial: say it first
        print(_statement_lines(plan, parse_sets(claim, args.sets)), flush=True)
        print(_plan_line(plan), flush=True)
    result = execute(plan, progress=None if args.json else _Progress())
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return EXIT[result.verdict]
    print(_result_lines(result, plan.alpha))
    return EXIT[result.verdict]


def _report(args) -> int:
    if args.out == DEFAULT_REPORT:  # the default's folder is made on first use; a named --out's must exist
        Path(DEFAULT_REPORT).parent.mkdir(exist_ok=True)
    selection = parse_selection(args.select)
    # a named folder that is not there would end in a report silently without its measurements (the default
    # may be absent: an installed, not editable, package has no benchmarks/ beside it; /dev/null asks for none)
    if args.bench_dir not in (str(BENCHMARKS), os.devnull) and not Path(args.bench_dir).is_dir():
        raise InvalidInputError(f"bench-dir is not a folder: {args.bench_dir!r}")
    if args.from_results:  # rendering alone: imports neither torch nor the engine nor the catalogue
        from claims.report.publishing import rerender

        if selection:
            raise InvalidInputError(
                f"select chooses what a run computes; --from-results runs nothing, got {args.select}"
            )

        path = rerender(args.from_results, args.out, bench_dir=args.bench_dir, workers=args.workers)
    else:
        from claims.engine import resources
        from claims.report.writer import write_report

        if args.max_memory is not None:  # the limit of every run of the report (the runner's default)
            os.environ[resources.ENV_MAX_MEMORY] = str(resources.check_max_memory(args.max_memory))
        if args.max_work is not None:  # likewise the work limit
            os.environ[resources.ENV_MAX_WORK] = repr(resources.check_max_work(args.max_work))
        path = write_report(
            profile=args.profile,
            device=args.device,
            dtype=args.dtype,
            out=args.out,
            bench_dir=args.bench_dir,
            only=args.only,
            sections=args.section,
            select=selection,
            log=lambda line: print(line, file=sys.stderr, flush=True),
            workers=args.workers,
            scheduler=args.scheduler,
            resume=args.resume,
        )
    print(f"wrote {path}")
    return 0


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush does not raise a second BrokenPipeError."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # stdout is not a file (captured in a test)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _on_sigterm(signum, frame):
    raise _Terminated


def _dispatch(args) -> int:
    if args.command == "list":
        return _list(args.json, args.markdown)
    if args.command == "cite":
        return _cite(args.id)
    if args.command == "check":
        return _check(args)
    return _report(args)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
            return _dispatch(args)
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            return _dispatch(args)
        finally:
            signal.signal(signal.SIGTERM, previous)
    except InvalidInputError as exc:
        print(f"error: {exc}".replace("\n", " "), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Terminated:
        print("terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:  # `python -m claims list | head -1`: the reader left; leave quietly
        _silence_stdout()
        return EXIT_PIPE
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            return _internal_error()
        where = exc.filename or "the output"
        print(f"error: no space left on the device writing {where}; the previous report is unchanged", file=sys.stderr)
        return EXIT_IOERR
    except Exception:  # a bug, not an input: never exit 1 (REFUTED) with a traceback
        return _internal_error()


def _internal_error() -> int:
    traceback.print_exc()
    print("error: internal error (the traceback above is a bug of the suite)", file=sys.stderr)
    return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
