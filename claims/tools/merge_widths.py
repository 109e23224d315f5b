"""``python -m claims.tools.merge_widths PART PART … --out FILE``: one width table from parts of the
du2018a.widths experiment run separately (``report --section du2018a.widths --select …``: on different machines,
or in device sessions too short for the whole), written as a run at scale (a header and the section, like
benchmarks/scale-*.json) that REPORT.md draws under "Runs at scale".

Each PART is a results.json or a run at scale holding that section. The rows are united and the fits made again
(:func:`claims.catalogue.du2018a.widths.merge_parts`, with the section's seed in the report); the header says
what was merged: the devices, commits and torch versions of the runs, their wall time together, and their α
summed over the runs that decided a point, the union's error rate being at most that sum. Parts of different
profiles or dtypes are refused, as are rows that two parts drew differently; one line on stderr, exit 64,
nothing written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from claims.catalogue.du2018a.widths import CLAIMS, merge_parts
from claims.engine.stamp import utc_minute
from claims.report import publishing
from claims.report.atomic import write_atomically
from claims.report.benchmarks import read_run
from claims.report.runs import command_line
from claims.report.schema import SCHEMA_VERSION, validate_results
from claims.report.writer import REPORT_SEED
from claims.spec import derive_seed
from claims.tools import UsageParser, one_line_on_bad_input
from models.errors import InvalidInputError

SECTION = ("du2018a", "widths")
#: claims.__main__'s code for bad input; written again because a tool sits below the command line
#: (tests/unit/test_import_graph.py)


def read_part(path: Path) -> tuple[dict, dict]:
    """The header and the du2018a.widths section of a results.json or a run at scale."""
    data = read_run(path)
    found = [s for s in data["sections"] if (s.get("family"), s.get("key")) == SECTION and s.get("data")]
    if not found:
        raise InvalidInputError(f"part {path} holds no {'.'.join(SECTION)} section with data")
    return data["header"], found[0]


def merged_header(headers: list[dict], command: str, ran: list[bool] | None = None) -> dict:
    """The header of the merge: what each run shares (profile, dtype) checked, what differs joined, α summed over
    the runs that decided a point (``ran``; all by default): a run whose every sweep was left out (e.g. a row where
    the design cannot decide, widths.unreachable) decided nothing and spent none of its share."""
    for name in ("profile", "dtype"):
        values = {h[name] for h in headers}
        if len(values) > 1:
            raise InvalidInputError(f"parts must share their {name}, got {sorted(values)}")

    def joined(name: str) -> str:
        return ", ".join(dict.fromkeys(str(h.get(name, "?")) for h in headers))

    ran = [True] * len(headers) if ran is None else ran
    shares = [h["alpha_share"] for h, spent in zip(headers, ran, strict=True) if spent]
    if sum(shares) >= 1:
        raise InvalidInputError(f"the parts' α shares must sum below 1, got {sum(shares):.3g}")
    idle = len(headers) - len(shares)
    alpha = f"α = {sum(shares):.3g}: the sum of the {len(shares)} runs' shares ({', '.join(map(str, shares))})"
    alpha += f"; {idle} run{'s' if idle > 1 else ''} decided no point and spent none" if idle else ""
    header = {
        "date": utc_minute(),
        "device": joined("device"),
        "dtype": headers[0]["dtype"],
        "torch": joined("torch"),
        "profile": headers[0]["profile"],
        "alpha": alpha,
        "alpha_share": sum(shares),
        "executor": f"none: {len(headers)} runs merged, no trial run",
        "wall_time_s": round(sum(_seconds(h) for h in headers), 1),
        "commit": joined("commit"),
        "command": command,
        "merged": sum(h.get("merged", 1) for h in headers),
    }
    resumed = [h["resumed"] for h in headers if h.get("resumed")]
    if resumed:  # the runs' wall times above include these seconds; the untimed units are not in them
        header["resumed"] = {k: sum(r[k] for r in resumed) for k in ("units", "seconds", "untimed")}
    return header


def _seconds(header: dict) -> float:
    """A run's time: its wall time, and for a resumed run what its resumed units took before (a merge's wall time
    holds its runs' already)."""
    earlier = 0.0 if header.get("merged") else header.get("resumed", {}).get("seconds", 0.0)
    return header.get("wall_time_s", 0.0) + earlier


def merge_files(paths: list[Path], command: str) -> dict:
    """The run at scale (header, sections, schema_version) that merges the parts in ``paths``, validated."""
    read = [read_part(p) for p in paths]
    headers = [h for h, _ in read]
    ran = [any((r.get(key) or {}).get("points") for r in part["data"]["rows"] for key in CLAIMS) for _, part in read]
    header = merged_header(headers, command, ran)
    seed = derive_seed(REPORT_SEED, f"section/{'.'.join(SECTION)}")  # the section's seed in every report run
    given = [s["data"] if s["data"].get("parts") else {**s["data"], "header": h} for h, s in read]
    data = merge_parts(given, profile=header["profile"], seed=seed)
    out = {"header": header, "sections": [{**read[0][1], "data": data}], "schema_version": SCHEMA_VERSION}
    whole = {"schema_version": SCHEMA_VERSION, "claims": {}, "results": {}, **out}
    validate_results(whole, set(publishing.sections_of(whole)), "the merge")
    return out


@one_line_on_bad_input
def main(argv: list[str] | None = None) -> int:
    p = UsageParser(prog="python -m claims.tools.merge_widths", description=__doc__.splitlines()[0])
    p.add_argument("parts", nargs="+", type=Path, help="results.json or scale-*.json files, each a part")
    p.add_argument("--out", required=True, type=Path, help="the merged run at scale, e.g. benchmarks/scale-….json")
    a = p.parse_args(argv)
    if a.out.resolve() in {q.resolve() for q in a.parts}:
        raise InvalidInputError(f"--out must not be one of the parts, got {a.out}")
    out = merge_files(a.parts, command_line("claims.tools.merge_widths", argv))
    a.out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(a.out, json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    rows = out["sections"][0]["data"]["rows"]
    print(f"wrote {a.out}: {len(rows)} rows from {len(a.parts)} parts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
