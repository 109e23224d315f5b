"""claims.testing.pinned: a derandomized profile's draws depend on the claim (or mutant) and the profile, never
on the test function's source."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.testing import pinned

DERANDOMIZED = settings(derandomize=True, max_examples=8, database=None, suppress_health_check=list(HealthCheck))


def _draws(key: str, profile: str, variant: int) -> list[int]:
    seen: list[int] = []
    decorate, profile_settings = pinned(key, profile, derandomize=True), DERANDOMIZED
    if variant == 0:

        @decorate
        @profile_settings
        @given(st.integers(0, 2**32 - 1))
        def example(x):
            seen.append(x)

    else:  # another body, hence another source digest

        @decorate
        @profile_settings
        @given(st.integers(0, 2**32 - 1))
        def example(x):
            # a comment and a different statement
            seen.extend([x])

    example()
    return seen


def test_draws_follow_the_key_and_profile_not_the_source():
    first = _draws("du2018a.lemma3.1", "quick", 0)
    assert first == _draws("du2018a.lemma3.1", "quick", 1)
    assert first != _draws("du2018a.lemma3.3", "quick", 0)
    assert first != _draws("du2018a.lemma3.1", "standard", 0)
    assert first != _draws("du2018a.lemma3.1:mutant", "quick", 0)


def test_a_random_profile_is_left_random():
    assert pinned("du2018a.lemma3.1", "full", derandomize=False)(len) is len
