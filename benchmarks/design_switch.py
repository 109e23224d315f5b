"""The default test run under both whp designs (issue 24, item 1), measured the same way twice.

As a pytest plugin it logs one run::

    python -m pytest -p benchmarks.design_switch --whp-design today --design-log /tmp/today.json
    python -m pytest -p benchmarks.design_switch --whp-design bonferroni --design-log /tmp/bonferroni.json

``--whp-design bonferroni`` makes every untruncated whp design the Bonferroni design that today's replaced
(:meth:`claims.engine.stats.SequentialDesign.bonferroni`: 6 looks at α/6 and β/6): the design of every whp
``check`` and report instance, and of the calibration tool's "new" side. Designs that are truncated at a count
(the width sweeps' points) or fixed at one look (``--trials``) keep today's form: the Bonferroni design never
had either; nor do runs in a report's worker processes (tests that pass ``--workers 2``), which do not
load the plugin. The log holds, per test, its outcome, its seconds (setup, call and teardown), the trials
its runs drew (every ``claims.engine.runner.execute`` in this process) and whether it planned a design the
switch replaces; and the run's wall time, load average and commit.

As a module it sets the two logs side by side::

    python -m benchmarks.design_switch /tmp/today.json /tmp/bonferroni.json --out benchmarks/designs-tests.json

Tests that assert today's design (its trial counts, its looks) fail under the Bonferroni design by
construction; the summary lists them apart, so that a failure there is read as what it is.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from claims.engine import runner
from claims.engine.sequential import SequentialDesign
from claims.report.atomic import write_atomically
from claims.report.runs import git_commit

DESIGNS = ("today", "bonferroni")
_state: dict[str, Any] = {"planned": False, "tests": {}}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("design_switch", "whp design switch (benchmarks/design_switch.py)")
    group.addoption("--whp-design", choices=DESIGNS, default="today", help="the whp design of this run")
    group.addoption("--design-log", default=None, help="write the run's per-test log (JSON) here")


def pytest_configure(config: pytest.Config) -> None:
    _state.update(design=config.getoption("--whp-design"), start=time.perf_counter(), load=os.getloadavg())
    original = SequentialDesign.for_failure_rate.__func__
    bonferroni = config.getoption("--whp-design") == "bonferroni"

    def for_failure_rate(cls, delta, epsilon, alpha, beta, trials=None, max_trials=None):
        if trials is None and max_trials is None:  # the form the switch replaces
            _state["planned"] = True
            if bonferroni:
                return cls.bonferroni(delta, epsilon, alpha, beta)
        return original(cls, delta, epsilon, alpha, beta, trials, max_trials)

    execute = runner.execute

    def counted(plan, *args, **kwargs):  # the trials each test draws, through every run of this process
        result = execute(plan, *args, **kwargs)
        _state["trials"] += result.trials
        return result

    SequentialDesign.for_failure_rate = classmethod(for_failure_rate)
    runner.execute = counted
    config.add_cleanup(lambda: setattr(SequentialDesign, "for_failure_rate", classmethod(original)))
    config.add_cleanup(lambda: setattr(runner, "execute", execute))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    _state.update(planned=False, trials=0)
    yield
    _state["tests"].setdefault(item.nodeid, {}).update(whp=_state["planned"], trials=_state["trials"])


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    entry = _state["tests"].setdefault(report.nodeid, {"outcome": "passed", "seconds": 0.0})
    entry["seconds"] = entry.get("seconds", 0.0) + report.duration
    if report.failed:
        entry["outcome"] = "failed" if report.when == "call" else "error"
    elif report.skipped and entry["outcome"] == "passed":
        entry["outcome"] = "skipped"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = session.config.getoption("--design-log")
    if not path:
        return
    log = {
        "design": _state["design"],
        "exit_code": int(exitstatus),
        "wall_s": time.perf_counter() - _state["start"],
        "load_average_start": list(_state["load"]),
        "load_average_end": list(os.getloadavg()),
        "commit": git_commit(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "tests": _state["tests"],
    }
    write_atomically(Path(path), json.dumps(log, indent=1) + "\n")


def _counts(tests: dict[str, dict], names: set[str]) -> dict[str, Any]:
    outcomes: dict[str, int] = {}
    for name in names:
        outcomes[tests[name]["outcome"]] = outcomes.get(tests[name]["outcome"], 0) + 1
    total = {k: sum(tests[n][k] for n in names) for k in ("seconds", "trials")}
    return {"tests": len(names), **total, "outcomes": outcomes}


def summarise(today: dict[str, Any], bonferroni: dict[str, Any]) -> dict[str, Any]:
    """The two runs side by side: the whole run, and the tests that planned an untruncated whp design under either."""
    if (today.get("design"), bonferroni.get("design")) != DESIGNS:
        raise ValueError(
            f"the logs must be of designs {DESIGNS}, in that order; got {today.get('design')!r}, "
            f"{bonferroni.get('design')!r}"
        )
    a, b = today["tests"], bonferroni["tests"]
    common = set(a) & set(b)
    whp = {n for n in common if a[n].get("whp") or b[n].get("whp")}
    runs = {}
    for key, log in zip(DESIGNS, (today, bonferroni), strict=True):
        meta = {k: v for k, v in log.items() if k != "tests"}
        runs[key] = meta | {"all": _counts(log["tests"], common), "whp": _counts(log["tests"], whp)}
    only = sorted(n for n in whp if a[n]["outcome"] == "passed" and b[n]["outcome"] != "passed")
    return {
        "runs": runs,
        "ratio": {
            k: {
                q: runs["today"][k][q] / runs["bonferroni"][k][q] if runs["bonferroni"][k][q] else None
                for q in ("seconds", "trials")
            }
            for k in ("all", "whp")
        },
        "wall_ratio": today["wall_s"] / bonferroni["wall_s"],
        "tests_not_in_both": len(set(a) ^ set(b)),
        # a test that passes under today's design and not under Bonferroni's: it asserts today's design
        "fail_only_under_bonferroni": only,
        "fail_only_under_today": sorted(
            n for n in common if b[n]["outcome"] == "passed" and a[n]["outcome"] != "passed"
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the default test run under both whp designs, side by side")
    parser.add_argument("today", help="the log of the run with --whp-design today")
    parser.add_argument("bonferroni", help="the log of the run with --whp-design bonferroni")
    parser.add_argument("--out", required=True, help="the JSON file to write")
    args = parser.parse_args(argv)
    logs = [json.loads(Path(p).read_text()) for p in (args.today, args.bonferroni)]
    out = summarise(*logs)
    out["command"] = "python -m benchmarks.design_switch TODAY BONFERRONI --out " + args.out
    write_atomically(Path(args.out), json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
