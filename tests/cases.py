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


#: Known failures (SciPy style: named, with the reason), left open by the verdict-soundness work of issue 8:
#: the test id → what was seen. They run and are reported (xfail / xpass), never hidden; each is a finding or a
#: design still to fix, listed in the closing note. Keys: a claim id (its claim test), "ID:mutant" (a mutant).
KNOWN_FAILURES: dict[str, str] = {}


def _marks(claim, key: str | None = None, known: bool = True) -> tuple:
    marks = [pytest.mark.slow] if claim.slow else []
    key = key or claim.id
    if known and key in KNOWN_FAILURES:
        marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[key], strict=False))
    return tuple(marks)


def claim_cases(known_failures: bool = True):
    """One param per claim; ``known_failures`` applies KNOWN_FAILURES (for verdict tests, not record checks)."""
    for claim in all_claims():
        yield pytest.param(claim, id=claim.id, marks=_marks(claim, known=known_failures))


def mutant_cases(known_failures: bool = True):
    """One param per mutant; ``known_failures`` applies KNOWN_FAILURES (they are findings of the Hypothesis-drawn
    tests: the tests at the defaults and on devices take them without the mark, and stay gating)."""
    for claim in all_claims():
        for mutant in claim.mutants:
            key = f"{claim.id}:{mutant.name}"
            yield pytest.param(claim, mutant.name, id=key, marks=_marks(claim, key, known=known_failures))
