"""Test cases generated from the registry (SciPy's distcont style), and the Hypothesis pieces they share.

``claim_cases()`` yields one ``pytest.param(claim, id=claim.id, marks=…)`` per claim, with the marks that are
data on the record: ``slow`` (a slow mark), ``float32_skip`` (applied by the float32 tests). ``hypothesis_settings``
applies the record's cap on examples and on the shrink phase.
"""

import pytest
from hypothesis import Phase, settings
from hypothesis import strategies as st

from claims import all_claims

#: seeds for the explicit torch.Generator of a run (Hypothesis manages random/NumPy, never torch)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def examples(claim, profile: str) -> int:
    """Hypothesis examples for ``claim``: the profile's count, capped by the claim's own ``max_examples``."""
    return claim.examples(profile, settings().max_examples)


def hypothesis_settings(claim, profile: str) -> settings:
    """The profile's settings with the record's caps: examples, and no shrinking where ``max_shrinks`` is 0."""
    phases = tuple(p for p in settings().phases if not (claim.max_shrinks == 0 and p is Phase.shrink))
    return settings(max_examples=examples(claim, profile), phases=phases)


def _marks(claim) -> tuple:
    return (pytest.mark.slow,) if claim.slow else ()


def claim_cases():
    for claim in all_claims():
        yield pytest.param(claim, id=claim.id, marks=_marks(claim))


def mutant_cases():
    for claim in all_claims():
        for mutant in claim.mutants:
            yield pytest.param(claim, mutant.name, id=f"{claim.id}:{mutant.name}", marks=_marks(claim))
