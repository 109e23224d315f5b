"""Measured runs, and the README's figures rendered from them, so that a release cannot ship stale numbers.

``python -m claims.report.runs record NAME -- COMMAND...`` runs COMMAND, times it and writes an entry NAME into
``benchmarks/runs.json``: wall time, the load average before and after, the machine, the commit, the command
and, for a pytest run, its outcome counts. Run it on a quiet machine; the load average says how quiet it was.

``python -m claims.report.runs readme [--check]`` rewrites every figure span of README.md from that file (and
the shipped report's header): a span is ``<!-- fig:KEY -->text<!-- /fig -->``, and KEY names where the text
comes from (:func:`figure`). ``--check`` changes nothing and exits 1 when a span differs from its source; the
test suite runs the same check.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claims.engine.machine import cpu_description
from claims.engine.stamp import utc_minute
from claims.report.atomic import write_atomically

ROOT = Path(__file__).resolve().parents[2]
RUNS = ROOT / "benchmarks" / "runs.json"
README = ROOT / "README.md"
SHIPPED_RESULTS = ROOT / "report"  # the shipped REPORT.md's run folders (report/<run-id>/results.json)
SPAN = re.compile(r"<!-- fig:(?P<key>[\w.:-]+) -->(?P<text>.*?)<!-- /fig -->", re.S)
#: pytest's last line, e.g. "1043 passed, 222 skipped, 3 xfailed in 395.20s (0:06:35)"
_OUTCOME = re.compile(r"(\d+) (passed|failed|skipped|xfailed|xpassed|errors?|deselected|warnings?)")


class FigureError(ValueError):
    """A README span whose source is missing or unknown."""


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, e.g. "0.41 0.30 0.22" ("n/a" where the platform has none)."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def git_commit() -> str:
    """The commit of the project's own checkout (found from the package, not the current folder), with
    "+changes" when tracked files differ from it; "unknown" without git. Read when a run starts: the code
    that ran."""
    git = ["git", "-C", str(ROOT)]
    try:
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5)
        dirty = subprocess.run([*git, "status", "--porcelain", "-uno"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = head.stdout.strip()
    return (commit + ("+changes" if dirty.stdout.strip() else "")) if commit else "unknown"


def command_line(module: str, argv: Sequence[str] | None = None) -> str:
    """How a tool was run, for the table it writes: ``python -m MODULE`` and its arguments (``sys.argv``'s when
    ``argv`` is None), quoted for a POSIX shell. An absolute path inside the current folder (an argument, or
    the value of ``--name=value``) is written relative to it: a run from a clone's root then names the
    repository's own paths (benchmarks/x.json), not the scratch folder it happened to run in. A path outside
    the folder stays as given: it is what ran."""
    cwd = Path.cwd()

    def relative(arg: str) -> str:
        prefix, value = ("", arg) if not arg.startswith("--") or "=" not in arg else arg.split("=", 1)
        prefix += "=" if prefix else ""
        path = Path(value)
        if path.is_absolute() and path.is_relative_to(cwd) and path != cwd:
            value = str(path.relative_to(cwd))
        return prefix + value

    args = sys.argv[1:] if argv is None else argv
    return shlex.join(["python", "-m", module, *(relative(a) for a in args)])


def record(name: str, command: list[str], runs: Path = RUNS) -> dict[str, Any]:
    """Run ``command`` (its output passes through), time it, and store the entry ``name`` in ``runs``; a command
    that exits non-zero is not stored (the previous entry, and the README figure drawn from it, stay)."""
    if not re.fullmatch(r"[\w.-]+", name or ""):
        raise ValueError(f"name must be letters, digits, '.', '_' or '-', got {name!r}")
    if not command:
        raise ValueError("command must not be empty")
    load_before, start = load_average(), time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:  # a failed run is no figure: the entry stays as it was
        print(f"not recorded: {' '.join(command)} exited {proc.returncode}; {runs} is unchanged", file=sys.stderr)
        return {"exit_code": proc.returncode}
    tail = (proc.stdout.strip().splitlines() or [""])[-1]
    entry = {
        "command": " ".join(command),
        "exit_code": proc.returncode,
        "wall_s": round(wall, 1),
        "load_before": load_before,
        "load_after": load_average(),
        "machine": cpu_description(),
        "python": platform.python_version(),
        "commit": git_commit(),
        "date": utc_minute(),
        "outcomes": {
            kind.rstrip("s") if kind.startswith("error") else kind: int(n) for n, kind in _OUTCOME.findall(tail)
        },
    }
    data = json.loads(runs.read_text()) if runs.exists() else {}
    data[name] = entry
    write_atomically(runs, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    return entry


def _shipped_header() -> dict[str, Any]:
    folders = sorted(p for p in SHIPPED_RESULTS.glob("*/results.json"))
    if not folders:
        raise FigureError(f"no shipped results.json under {SHIPPED_RESULTS}")
    return json.loads(folders[-1].read_text())["header"]


def _minutes(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min ({seconds:.0f} s)"


def figure(key: str, runs: dict[str, Any]) -> str:
    """The text of the span KEY. ``run:NAME`` a recorded run's time, load and outcomes; ``run:NAME.wall`` its
    time alone; ``shipped`` the shipped report's command, time and executor."""
    if key == "shipped":
        h = _shipped_header()
        load = f", load average {h['load_average']} at the start" if h.get("load_average") else ""
        return (
            f"`{h['command']}` took {_minutes(h['wall_time_s'])} on {h['device']} ({h['executor']}{load}; "
            f"commit {h.get('commit', 'unknown')}, {h['date']})"
        )
    kind, _, name = key.partition(":")
    field = ""
    if "." in name:
        name, field = name.split(".", 1)
    if kind != "run":
        raise FigureError(f"unknown figure kind {kind!r} in fig:{key}")
    if name not in runs:
        raise FigureError(f"fig:{key}: no run {name!r} in {RUNS.name} (record it: python -m claims.report.runs record)")
    r = runs[name]
    if field == "wall":
        return _minutes(r["wall_s"])
    if field:
        raise FigureError(f"unknown field {field!r} in fig:{key}")
    counts = ", ".join(f"{n} {k}" for k, n in r["outcomes"].items() if not k.startswith("warning"))
    return (
        f"{_minutes(r['wall_s'])} on {r['machine']}, load average {r['load_before'].split()[0]} at the start"
        + (f": {counts}" if counts else "")
        + f" (commit {r['commit']}, {r['date']})"
    )


def render_readme(text: str, runs: dict[str, Any]) -> str:
    """``text`` with every figure span's content replaced from its source."""
    return SPAN.sub(lambda m: f"<!-- fig:{m['key']} -->{figure(m['key'], runs)}<!-- /fig -->", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claims.report.runs", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    rec = sub.add_parser("record", help="run and time a command into benchmarks/runs.json")
    rec.add_argument("name")
    rec.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND...")
    rd = sub.add_parser("readme", help="rewrite README.md's figure spans from benchmarks/runs.json")
    rd.add_argument("--check", action="store_true", help="change nothing; exit 1 if a span is stale")
    args = parser.parse_args(argv)
    if args.what == "record":
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        try:
            return record(args.name, command)["exit_code"]
        except ValueError as exc:  # a bad name or no command: one line, nothing run
            print(f"error: {exc}", file=sys.stderr)
            return 64
    runs = json.loads(RUNS.read_text()) if RUNS.exists() else {}
    text = README.read_text()
    try:
        new = render_readme(text, runs)
    except FigureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.check:
        if new != text:
            print("README.md's figures differ from benchmarks/runs.json: run python -m claims.report.runs readme")
            return 1
        return 0
    if new != text:
        write_atomically(README, new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
