"""Every claim fuzzed through the CLI, cheaply: one to three ``--set`` items at a time, drawn from the claim's own
parameters at the edges of their domains (and from text a user might type), must end in a verdict (exit 0, 1, 2)
or one clear line naming the input (exit 64), never a traceback, in float64 and in float32.

tests/cli/test_bad_inputs.py fuzzes three claims at length; tests/slow/test_edge_values.py (``-m slow``) takes
every numeric parameter of every claim to its edges one at a time, with room to run. This module covers what
neither does in the default run: combinations of edge values, on all claims. It stays cheap because every run
is refused before its first trial where its estimate exceeds ``--max-work 1e9`` flop-equivalents (about a
second on a 2-core CPU); an estimate far below a run's true cost shows here as a run that outlasts ALARM_S.
"""

from __future__ import annotations

import contextlib
import io
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import registry
from tests.helpers import TooLong, main, wall_clock_limit

CHEAP = ("--trials", "2", "--max-memory", "32M", "--max-work", "1e9", "--json")
#: float32 too: a value finite in float64 but past float32's range, or an overflow only float32 reaches, raised
#: inside trials that float64 runs cleanly (eta = 1e300, a Gram at scale 1e19, a lift of 1e300)
DTYPES = ("float64", "float32")
#: a run the estimate admits at --max-work 1e9 takes about a second; one past this is an estimate off by ~100×
ALARM_S = 120

INT_EDGES = (-1, 0, 1, 2, 3, 10, 1000, 10**6, 10**12)
FLOAT_EDGES = (-1.0, 0.0, 1e-300, 1e-12, 0.5, 1.0, 2.0, 10.0, 1e9, 1e300, math.inf, math.nan)
TEXT = st.sampled_from(["", "abc", "none", "true", "1e400", "-inf", "0x10", " 3 ", "٣"])


def _value_texts(param) -> st.SearchStrategy[str]:
    """Text for one parameter: its choices, its edges (its own minimum and maximum among them), or junk."""
    if param.choices:
        own = st.sampled_from([str(c) for c in param.choices])
    elif param.type is int:
        edges = {*INT_EDGES, *(int(b) for b in (param.minimum, param.maximum) if b is not None)}
        own = st.one_of(st.sampled_from(sorted(edges)), st.integers(-(10**3), 10**7)).map(str)
    elif param.type is float:
        edges = [*FLOAT_EDGES, *(float(b) for b in (param.minimum, param.maximum) if b is not None)]
        own = st.one_of(st.sampled_from(edges), st.floats(allow_nan=False, allow_infinity=False)).map(repr)
    else:
        own = st.sampled_from(["true", "false", "0", "1"])
    return st.one_of(own, own, TEXT)  # a parameter's own values twice as often as junk


def _set_items(claim) -> st.SearchStrategy[list[str]]:
    """One to three distinct parameters (a set twice is a separate, tested error), now and then a name that is
    not a parameter."""
    params = {p.name: p for p in claim.params}
    names = st.lists(st.sampled_from(sorted(params)), min_size=1, max_size=min(3, len(params)), unique=True)

    @st.composite
    def items(draw):
        chosen = draw(names)
        out = [f"{name}={draw(_value_texts(params[name]))}" for name in chosen]
        if draw(st.integers(0, 9)) == 0:
            out.append(f"{draw(st.text(max_size=4))}=1")
        return out

    return items()


@pytest.mark.parametrize("claim_id", [c.id for c in registry.all_claims()])
@settings(suppress_health_check=[HealthCheck.too_slow])  # examples: the --profile (quick: 6, derandomized)
@given(data=st.data())
def test_edge_values_in_combination_end_in_a_verdict_or_a_clean_64(claim_id, data):
    items = data.draw(_set_items(registry.get(claim_id)), label="--set items")
    dtype = data.draw(st.sampled_from(DTYPES), label="--dtype")
    args = ["check", claim_id, *[a for item in items for a in ("--set", item)], "--dtype", dtype, *CHEAP]
    out, err = io.StringIO(), io.StringIO()
    try:
        with wall_clock_limit(ALARM_S), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(*args)
    except TooLong:
        pytest.fail(f"{args} ran past {ALARM_S} s: its estimate admitted it under --max-work 1e9")
    said = err.getvalue()
    assert code in (0, 1, 2, 64), (args, said)
    assert "Traceback" not in said and "internal error" not in said, (args, said)
    if code == 64:
        assert said.count("\n") == 1 and out.getvalue() == "", (args, said)
    else:
        assert json.loads(out.getvalue())["verdict"] in ("SUPPORTED", "REFUTED", "INCONCLUSIVE", "VACUOUS"), args
