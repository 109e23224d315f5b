"""Every mutant of every claim is REFUTED (a claim whose mutants survive is a test that cannot fail), from the
CLI defaults and from Hypothesis' draws, and Hypothesis shrinks a refuted mutant to a small instance. An exists
claim is never refuted: its mutants must end INCONCLUSIVE, no witness surviving verification
(claims.spec.Mutant.expected)."""

import pytest
from hypothesis import find, given, settings

from claims import Verdict, all_claims, get
from claims.engine.runner import run
from tests.cases import examples, hypothesis_settings, mutant_cases, seeds

MUTANTS = list(mutant_cases())
AT_DEFAULTS = list(mutant_cases(known_failures=False))  # a known failure is a Hypothesis draw's, not the defaults'


def test_every_claim_has_a_mutant():
    """A claim false as stated (Claim.false_as_stated) is itself the false statement its test must refute."""
    lacking = [c.id for c in all_claims() if not c.mutants and not c.false_as_stated]
    assert not lacking, lacking


@pytest.mark.parametrize(("claim", "mutant"), AT_DEFAULTS)
def test_mutant_is_refuted_from_the_defaults(claim, mutant, alpha_budget):
    """What `python -m claims check ID --mutant M` does, at the CLI's seed 0."""
    budget = alpha_budget.split("mutants at defaults", len(MUTANTS))
    result = run(claim, mutant=mutant, seed=0, alpha=budget.share)
    assert result.verdict is claim.mutant(mutant).expected, result.to_json()


@pytest.mark.parametrize(("claim", "mutant"), MUTANTS)
def test_mutant_is_refuted(claim, mutant, device, dtype, profile, alpha_budget):
    budget = alpha_budget.split("mutants", len(MUTANTS)).split("examples", examples(claim, profile))

    @hypothesis_settings(claim, profile)
    @given(overrides=claim.strategy(profile), seed=seeds)
    def example(overrides, seed):
        result = run(claim, params=overrides, mutant=mutant, seed=seed, device=device, dtype=dtype, alpha=budget.share)
        assert result.verdict is claim.mutant(mutant).expected, result.to_json()

    example()


def test_refuted_mutant_shrinks_to_smallest_instance():
    """Starting from Hypothesis' random draws (up to n = d = 64), shrinking finds n = d = 2 on the sphere."""
    claim = get("du2018a.thm3.1")

    def refuted(overrides):
        return run(claim, params=overrides, mutant="duplicated_row", seed=0).verdict is Verdict.REFUTED

    smallest = find(
        claim.strategy("full"), refuted, settings=settings(database=None, derandomize=True, max_examples=50)
    )
    assert (smallest["n"], smallest["d"], smallest["geometry"]) == (2, 2, "sphere")
