"""``python -m claims.tools.screen [--profile full] [--new] [--trials 8] [--only ID] [--set NAME=VALUE]``: every
report instance of a profile run briefly, one look at a few trials at the seed the report gives it, to find the
instances that cannot decide before a run of hours does.

A verdict from so few trials means little (mostly INCONCLUSIVE: too few trials); what the screen reads is whether
the trials could decide. An instance is flagged where its run was refused (a bad value, a work or memory limit),
where no trial was drawn (e.g. a horizon beyond ``max_steps``: not run rather than cut short), where none met the
theorem's premise, or where some trial was undecided or (whp claims) outside the premise: a SUPPORTED counts
such trials as failures, so a share of them above the design's ε keeps the full run from it. Prints one line
per instance, then the flagged ones; exit 0 when none is flagged, 1 when some is, 64 on bad input.
"""

from __future__ import annotations

import argparse
import sys
import time

from claims.engine.resources import ResourceLimitError
from claims.engine.runner import run
from claims.registry import all_claims, get
from claims.report.jobs import instance_key
from claims.report.writer import REPORT_SEED
from claims.spec import Kind, derive_seed
from claims.tools import UsageParser, one_line_on_bad_input
from models.errors import InvalidInputError

PROFILES = ("quick", "standard", "full")


def instances(profile: str, new: bool, only: list[str]) -> list[tuple[str, int, dict]]:
    """(claim id, index, overrides) of every report instance of ``profile``: with ``new``, only those the next
    smaller profile does not run; with ``only``, only those claims."""
    smaller = PROFILES[PROFILES.index(profile) - 1] if new and profile != "quick" else None
    claims = [get(c) for c in only] if only else list(all_claims())
    out = []
    for claim in claims:
        before = list(claim.report_instances[smaller]) if smaller else []
        out += [(claim.id, i, dict(o)) for i, o in enumerate(claim.report_instances[profile]) if dict(o) not in before]
    return out


def screen_one(claim_id: str, index: int, overrides: dict, trials: int, device: str) -> dict:
    """One instance at ``trials`` trials (one look), at the report's seed for it: what was drawn and decided, and
    why it is flagged (None: not flagged)."""
    seed = derive_seed(REPORT_SEED, instance_key(claim_id, index))
    start = time.perf_counter()
    try:
        r = run(get(claim_id), params=overrides, seed=seed, trials=trials, device=device)
    except (InvalidInputError, ResourceLimitError) as exc:
        return {"id": claim_id, "index": index, "overrides": overrides, "flag": f"refused: {exc}"}
    drawn = int(r.design["trials_drawn"])
    return {
        "id": claim_id,
        "index": index,
        "overrides": overrides,
        "verdict": r.verdict.value,
        "trials": drawn,
        "held": r.premise_held,
        "undecided": r.undecided,
        "seconds": time.perf_counter() - start,
        "flag": why_flagged(r.kind, drawn, r.premise_held, r.undecided, r.reason),
    }


def why_flagged(kind: Kind, drawn: int, held: int, undecided: int, reason: str) -> str | None:
    """Why an instance whose trials ran at the screen's count cannot decide at the report's (None: it can).
    A whp design counts a trial outside the premise against SUPPORTED, as it counts an undecided one; a forall
    or conditional design draws such a trial again, so a miss there costs time only, until none holds."""
    if drawn == 0:
        return f"no trial drawn: {reason}"
    if held == 0:
        return f"the premise held in none of {drawn} trials: {reason}"
    said = []
    if kind is Kind.WHP and drawn > held:
        said.append(f"the premise failed in {drawn - held} of {drawn} trials")
    if undecided:
        said.append(f"{undecided} of {held} trials undecided")
    return f"{'; '.join(said)} (a SUPPORTED counts them as failures)" if said else None


def _line(row: dict) -> str:
    where = f"{row['id']}[{row['index']}] {row['overrides'] or '{}'}"
    if "verdict" not in row:
        return f"{where}: {row['flag']}"
    return (
        f"{where}: {row['trials']} trials, {row['held']} with the premise, {row['undecided']} undecided, "
        f"{row['verdict']} at this count, {row['seconds']:.1f} s"
    )


def _override(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"--set takes NAME=VALUE, got {text!r}")
    return name, value


@one_line_on_bad_input
def main(argv: list[str] | None = None) -> int:
    p = UsageParser(prog="python -m claims.tools.screen", description=__doc__.splitlines()[0])
    p.add_argument("--profile", choices=PROFILES, default="full", help="the report instances of this profile")
    p.add_argument("--new", action="store_true", help="only the instances the next smaller profile does not run")
    p.add_argument("--trials", type=int, default=8, help="trials per instance, one look (default: 8)")
    p.add_argument("--only", action="append", default=[], metavar="ID", help="only this claim (repeatable)")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        type=_override,
        metavar="NAME=VALUE",
        help="override a parameter of the claims that have it (repeatable)",
    )
    p.add_argument("--device", default="cpu", help="auto, cpu or cuda[:k] (default: cpu)")
    a = p.parse_args(argv)
    if a.trials < 1:
        raise InvalidInputError(f"trials must be >= 1, got {a.trials}")
    todo = instances(a.profile, a.new, a.only)
    flagged = []
    for claim_id, index, overrides in todo:
        claim = get(claim_id)
        names = {q.name for q in claim.params}
        # an override applies to the claims that have the parameter, parsed as the claim's CLI parses it
        sets = {name: claim.param(name).parse(value) for name, value in a.set if name in names}
        row = screen_one(claim_id, index, {**overrides, **sets}, a.trials, a.device)
        print(_line(row), flush=True)
        if row["flag"]:
            flagged.append(row)
    print(f"\n{len(todo)} instances screened at {a.trials} trials each; {len(flagged)} flagged")
    for row in flagged:
        print(f"  {row['id']}[{row['index']}] {row['overrides'] or '{}'}: {row['flag']}")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
