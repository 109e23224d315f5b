"""Hypothesis strategies shared by the claim and mutant tests."""

from hypothesis import settings
from hypothesis import strategies as st

#: seeds for the explicit torch.Generator of a run (Hypothesis manages random/NumPy, never torch)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def examples(claim, profile: str) -> int:
    """Hypothesis examples for ``claim``: the profile's count, capped by the claim's own ``max_examples``."""
    return claim.examples(profile, settings().max_examples)
