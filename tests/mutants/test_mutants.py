"""Every mutant of every claim is REFUTED (a claim whose mutants survive is a test that cannot fail), from the
CLI defaults and from Hypothesis' draws, and Hypothesis shrinks a refuted mutant to a small instance. An exists
claim is never refuted: its mutants must end INCONCLUSIVE, no witness surviving verification
(claims.spec.Mutant.expected)."""

import pytest
from hypothesis import find, settings

from claims import Verdict, all_claims, get
from claims.engine.runner import run
from claims.testing import check_mutant, check_mutant_at_defaults, lacking_mutants
from tests.cases import mutant_cases

MUTANTS = list(mutant_cases())
AT_DEFAULTS = list(mutant_cases(known_failures=False))  # a known failure is a Hypothesis draw's, not the defaults'


def test_every_claim_has_a_mutant():
    """A claim false as stated (Claim.false_as_stated) is itself the false statement its test must refute."""
    lacking = lacking_mutants(all_claims())
    assert not lacking, lacking


@pytest.mark.parametrize(("claim", "mutant"), AT_DEFAULTS)
def test_mutant_is_refuted_from_the_defaults(claim, mutant, alpha_budget):
    """What `python -m claims check ID --mutant M` does, at the CLI's seed 0."""
    check_mutant_at_defaults(claim, mutant, alpha_budget, len(MUTANTS))


@pytest.mark.parametrize(("claim", "mutant"), MUTANTS)
def test_mutant_is_refuted(claim, mutant, device, dtype, profile, alpha_budget):
    check_mutant(claim, mutant, device, dtype, profile, alpha_budget, len(MUTANTS))


def test_refuted_mutant_shrinks_to_smallest_instance():
    """Starting from Hypothesis' random draws (up to n = d = 64), shrinking finds n = 2 at the smallest d of its
    geometry: d = 2 on a synthetic one, the pool's d = 64 on the digits (Hypothesis orders examples shortlex by
    their choices, and a digits draw has fewer: it may be the simplest)."""
    claim = get("du2018a.thm3.1")

    def refuted(overrides):
        return run(claim, params=overrides, mutant="duplicated_row", seed=0).verdict is Verdict.REFUTED

    smallest = find(
        claim.strategy("full"), refuted, settings=settings(database=None, derandomize=True, max_examples=50)
    )
    least = (2, 64, "digits") if smallest["geometry"] == "digits" else (2, 2, "sphere")
    assert (smallest["n"], smallest["d"], smallest["geometry"]) == least, smallest


@pytest.mark.parametrize(
    ("claim_id", "mutant", "params"),
    [
        ("kawaguchi2016.no_bad_minima", "wrong_global_value", {"gap_rel": 0.99}),
        ("clc2018.h1_global", "wrong_global_value", {"gap_rel": 0.99}),
        ("landscape.matrix_factorization", "wrong_tail", {"gap_rel": 0.99}),
        ("landscape.matrix_factorization", "wrong_tail", {"gap_rel": 0.99, "symmetric": True}),
        ("landscape.quadratic_activation", "too_narrow", {"tol_rel": 0.99}),
    ],
)
def test_mutant_is_refuted_at_the_loosest_pass_tolerance(claim_id, mutant, params):
    """A pass tolerance below 1 still separates the claimed value from every other critical value (the claimed
    value's own gap; quadratic activations: the lowest spurious value), so a referee who loosens it to 0.99 still
    sees the mutant refuted, and none of its trials passed; 1 and above are refused (tests/cli/test_bad_inputs.py)."""
    result = run(get(claim_id), params=params, mutant=mutant, seed=0)
    assert result.verdict is Verdict.REFUTED, result.reason
    assert result.failures + result.undecided == result.trials, (result.trials, result.failures, result.undecided)
