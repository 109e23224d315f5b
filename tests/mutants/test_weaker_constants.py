"""The converse of the generated mutants: every one-sided constant of every statement moved the *weaker* way is
never REFUTED from the CLI defaults.

A weaker constant (a smaller rate, a larger bound, a wider radius) states less than the default, which the
claim's own test finds SUPPORTED (tests/claims); a constant that changes the instance instead (a sample count,
a width, a ball) moves it towards the theorem's premise. So a REFUTED there is no finding: it is a trial that
reads an artefact as a violation, such as an iterate or a tolerance that overflowed float64 (two claims did, at
a step or a scale near 1e150, before they left such trials undecided). The extreme amount is there for those.

A two-sided constant (``Param.two_sided``: an identity's exact value, a Θ exponent, a constant that enters two
conclusions in opposite senses) has no weaker side and is left out; tests/records checks that every mutant
which moves a constant the weaker way finds it declared so. A claim false as its source states it is left out
too. Each run draws at most ``TRIALS`` trials (the whp design truncated there; a forall or conditional claim's
one look; a scaling claim keeps the measurements its fit needs): what this test is after fails in nearly every
trial, and a forall claim's single verified failure, or a whp failure rate well above δ, refutes at that count.
"""

import pytest

from claims import Kind, Verdict, all_claims
from claims.engine.resolution import constants, is_additive, perturbed_value
from claims.engine.resources import ResourceLimitError
from claims.engine.runner import execute, prepare
from models.checks import InvalidInputError

#: a factor on a constant and the shift on an exponent, as the generated mutants move them, then far out
AMOUNTS = ((2.0, 0.5), (1e6, 6.0))
TRIALS, MAX_WORK = 8, 1e12
#: the runner's option that caps a run at TRIALS, by kind (a scaling or exists claim keeps its own count)
COUNT = {Kind.WHP: {"max_trials": TRIALS}, Kind.FORALL: {"trials": TRIALS}, Kind.CONDITIONAL: {"trials": TRIALS}}


def _weakened(claim, param, amount):
    """The constant moved ``amount`` the weaker way, or to its bound on that side where it would pass it; None
    where no value of the domain lies there (an open interval's edge)."""
    try:
        return perturbed_value(claim, param, amount, weaker=True)
    except InvalidInputError:
        bound = param.minimum if param.stronger == "up" else param.maximum
        return None if bound is None or bound == param.default else param.validate(bound)


CASES = [
    pytest.param(c, p, a, id=f"{c.id}:{p.name}:{'x' if not p.exponent else '+'}{a[p.exponent]:g}")
    for c in all_claims()
    if not c.false_as_stated
    for p in constants(c)
    if not p.two_sided
    for a in AMOUNTS
]


@pytest.mark.parametrize(("claim", "param", "amounts"), CASES)
def test_a_weaker_constant_is_never_refuted(claim, param, amounts, alpha_budget):
    value = _weakened(claim, param, amounts[1] if is_additive(claim, param) else amounts[0])
    if value is None:
        pytest.skip(f"{param.name}: no weaker value in its domain")
    budget = alpha_budget.split("weaker constants", len(CASES))
    try:
        plan = prepare(
            claim,
            params={param.name: value},
            seed=0,
            alpha=budget.share,
            max_work=MAX_WORK,
            **COUNT.get(claim.kind, {}),
        )
    except ResourceLimitError as exc:
        pytest.skip(f"{param.name} = {value!r}: {exc}")
    result = execute(plan)
    assert result.verdict is not Verdict.REFUTED, result.to_json()
