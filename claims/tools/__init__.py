"""The measurement tools: command lines that run many checks and write a table to benchmarks/ for the report.

* ``python -m claims.tools.resolution`` (``tox -e resolution``): per constant of each statement, the threshold
  where the strengthened statement starts to be refuted (the measurement: :mod:`claims.engine.resolution`);
* ``python -m claims.tools.calibration`` (``tox -e calibration``): false-fail and false-pass rates of whp checks
  at instances whose failure rate sits next to δ (:mod:`claims.engine.calibration`);
* ``python -m claims.tools.calibration_streams``: every decision rule on simulated streams next to its bounds
  (:mod:`claims.engine.calibration_streams`).

Their layer is the top: they find claims through :mod:`claims.registry` (among the installed families), run
them in the report's pool (:func:`claims.report.execute.open_backend`) and write through its atomic writer
(:func:`claims.report.atomic.write_atomically`); the engine below takes claims as arguments and imports none
of this. The report reads their tables (:mod:`claims.report.benchmarks`) and never imports a tool.

Bad input to any of them (a usage error, an unknown id, a value outside its domain) is one line on stderr and
exit 64, before anything is written: :class:`UsageParser` and :func:`one_line_on_bad_input` below.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable

from models.errors import InvalidInputError

#: sysexits EX_USAGE, as the main CLI (python -m claims) says bad input
EXIT_USAGE = 64


class UsageParser(argparse.ArgumentParser):
    """argparse with its usage errors said as the tools' other bad input is: one line, exit 64 (argparse's own 2
    is INCONCLUSIVE in the main CLI's exit codes)."""

    def error(self, message):
        print(f"{self.prog}: error: {message}".replace("\n", " "), file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def one_line_on_bad_input(main: Callable[[list[str] | None], int]) -> Callable[[list[str] | None], int]:
    """A tool's ``main``: bad input (an unknown claim id, a parameter value outside its domain) ends it with one
    line on stderr naming the input and its value, exit 64, before anything is written; a bug still raises."""

    @functools.wraps(main)
    def wrapped(argv: list[str] | None = None) -> int:
        try:
            return main(argv)
        except InvalidInputError as exc:
            print(f"error: {exc}".replace("\n", " "), file=sys.stderr)
            return EXIT_USAGE

    return wrapped
