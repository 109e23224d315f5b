"""Every numeric parameter of every claim at the edges of its domain, through the CLI: ``pytest -m slow``.

The default run fuzzes three claims (tests/cli/test_bad_inputs.py). This sweep takes each numeric parameter of
every claim, one at a time, to values a user or a referee might set (0, 1, 10⁶, 1e-12, 1e9, its minimum) at two
trials: each must end in a verdict (exit 0, 1, 2) or one clear line naming the input (exit 64), and within
TIME_LIMIT_S, since a run is refused before its first trial where its estimate exceeds --max-work. Its first
run found a premise hook raising into the CLI, n^p overflowing, a loop that never ended outside the octopus,
LAPACK's error on a diverged run and a 2 TB allocation no estimate refused.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from claims import registry
from tests.helpers import TooLong, main, wall_clock_limit

pytestmark = pytest.mark.slow

INT_VALUES = (0, 1, 2, 3, 10, 100, 1000, 10**6)
FLOAT_VALUES = (0.0, 1e-12, 1e-9, 0.5, 1.0, 2.0, 3.0, 10.0, 1e3, 1e9)
CHEAP = ("--trials", "2", "--max-memory", "64MiB", "--max-work", "3e10")
#: wall-clock limit of one case: a run its estimate admits (≤ 3e10 flop-equivalents: 3·10⁵ sequential steps of a
#: small flow, ~60 s on the 2-core CPU) ends well within it
TIME_LIMIT_S = 180


def _values(param) -> list:
    values = set(INT_VALUES if param.type is int else FLOAT_VALUES)
    if getattr(param, "minimum", None) is not None:
        values.add(param.minimum)
    return sorted(values)


@pytest.mark.parametrize("claim_id", [c.id for c in registry.all_claims()])
def test_every_numeric_parameter_at_its_edges_ends_cleanly(claim_id):
    claim = registry.get(claim_id)
    faults = []
    for param in claim.params:
        if param.type not in (int, float):
            continue
        for value in _values(param):
            args = ("check", claim_id, "--set", f"{param.name}={value}", *CHEAP)
            out, err = io.StringIO(), io.StringIO()
            try:
                with wall_clock_limit(TIME_LIMIT_S), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    code = main(*args)
            except TooLong:
                code = f"over {TIME_LIMIT_S} s"
            said = err.getvalue()
            clean = code in (0, 1, 2) or (code == 64 and said.count("\n") == 1)
            if not clean or "Traceback" in said or "internal error" in said:
                faults.append((param.name, value, code, said.strip().splitlines()[-2:]))
    assert not faults, faults
