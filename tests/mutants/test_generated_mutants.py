"""Generated mutants: every constant of every statement, moved in its stronger direction by a moderate amount
(claims.engine.resolution), is REFUTED from the CLI defaults — not only the hand-written mutants.

A constant whose theorem is conservative at the default instance (the statement moved by that amount is still
true there, so no design could refute it) carries the measured reason on its record (``Param.loose``) and is
skipped with it; ``tox -e resolution`` measures how far each such constant can move before it is refuted.
"""

import pytest

from claims import Verdict, all_claims
from claims.engine.resolution import constants, is_additive, perturbed_value
from claims.engine.runner import run

#: the generated perturbation: a factor 2 on a constant, a shift of 0.5 on an exponent
FACTOR, SHIFT = 2.0, 0.5

#: generated mutants still being measured (issue 8 in progress): run and reported (xfail / xpass), not gating.
#: A family name covers all its constants; "ID:param" one constant. Seen not refuted in the full run on main.
MEASURING: dict[str, str] = {}


def _marks(claim, param) -> tuple:
    marks = [pytest.mark.slow] if claim.slow else []
    reason = MEASURING.get(claim.id.split(".")[0]) or MEASURING.get(f"{claim.id}:{param.name}")
    if reason:
        marks.append(pytest.mark.xfail(reason=reason, strict=False))
    return tuple(marks)


CASES = [pytest.param(c, p, id=f"{c.id}:{p.name}", marks=_marks(c, p)) for c in all_claims() for p in constants(c)]


def test_every_claim_with_a_constant_names_its_direction():
    """A claim whose statement has a rate, width, radius, bound or exponent says which way is stronger."""
    assert CASES, "no claim declares a constant"


@pytest.mark.parametrize(("claim", "param"), CASES)
def test_generated_mutant_is_refuted(claim, param, alpha_budget):
    if param.loose:
        pytest.skip(param.loose)
    value = perturbed_value(claim, param, SHIFT if is_additive(claim, param) else FACTOR)
    budget = alpha_budget.split("generated mutants", len(CASES))
    result = run(claim, params={param.name: value}, seed=0, alpha=budget.share)
    expected = Verdict.INCONCLUSIVE if claim.kind.value == "exists" else Verdict.REFUTED
    assert result.verdict is expected, result.to_json()
