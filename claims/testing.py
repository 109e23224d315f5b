"""Claim tests and mutant tests for any family's records: this repository's tests/claims and tests/mutants, and
a researcher's own test file (with the pytest plugin, claims.pytest_plugin, for the fixtures), which is::

    from claims.testing import ClaimTests
    from my_family import CLAIMS

    class TestMyClaims(ClaimTests):
        claims = CLAIMS

Each Hypothesis example is one statistical test at its share of the run's α budget (``--alpha``: claims ×
examples, and the runner splits it over looks). A true claim must come out SUPPORTED (REFUTED is a
counterexample, INCONCLUSIVE or VACUOUS a design that cannot decide; outside the theorem's premise each is an
xfail that names it, :func:`check_claim`); a claim false as its source states it
(``Claim.false_as_stated``) must come out REFUTED; every mutant must come out as its ``expected`` verdict
(REFUTED; INCONCLUSIVE for an exists claim's), from the CLI's defaults and from Hypothesis' draws.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence

import pytest
import torch
from hypothesis import Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from claims.engine.devices import resolve_dtype
from claims.engine.runner import run
from claims.spec import Claim, Verdict

#: seeds for the explicit torch.Generator of a run (Hypothesis manages random/NumPy, never torch)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def examples(claim: Claim, profile: str) -> int:
    """Hypothesis examples for ``claim``: the profile's count, capped by the claim's own ``max_examples``."""
    return claim.examples(profile, settings().max_examples)


def hypothesis_settings(claim: Claim, profile: str) -> settings:
    """The profile's settings with the record's caps: examples, and no shrinking where ``max_shrinks`` is 0."""
    phases = tuple(p for p in settings().phases if not (claim.max_shrinks == 0 and p is Phase.shrink))
    return settings(max_examples=examples(claim, profile), phases=phases)


def pinned(key: str, profile: str, derandomize: bool | None = None):
    """Hypothesis' seed for the test of ``key`` (a claim id, or "ID:mutant") under ``profile``, where the profile
    is derandomized (quick, standard): a digest of the key and the profile. Derandomized Hypothesis would
    otherwise seed from a digest of the test function's source, the same for every claim (so claims whose
    strategies draw alike drew the same instances) and changed by any edit of that function, a comment
    included. A profile that draws at random (full) is left to draw at random. ``derandomize``: None reads the
    loaded profile's setting."""
    if not (settings().derandomize if derandomize is None else derandomize):
        return lambda test: test
    return hypothesis_seed(int.from_bytes(hashlib.sha256(f"{key}|{profile}".encode()).digest()[:8], "big"))


def _marks(claim: Claim, key: str, known_failures: Mapping[str, str]) -> tuple:
    marks = [pytest.mark.slow] if claim.slow else []
    if key in known_failures:
        marks.append(pytest.mark.xfail(reason=known_failures[key], strict=False))
    return tuple(marks)


def claim_cases(claims: Sequence[Claim], known_failures: Mapping[str, str] | None = None) -> Iterator:
    """One ``pytest.param(claim, id=claim.id)`` per claim, marked slow where the record says so, and xfail
    (not strict, with the reason) where ``known_failures`` names its id."""
    for claim in claims:
        yield pytest.param(claim, id=claim.id, marks=_marks(claim, claim.id, known_failures or {}))


def mutant_cases(claims: Sequence[Claim], known_failures: Mapping[str, str] | None = None) -> Iterator:
    """One ``pytest.param(claim, mutant_name, id="ID:mutant")`` per mutant of every claim (marks as
    :func:`claim_cases`, keyed "ID:mutant")."""
    for claim in claims:
        for mutant in claim.mutants:
            key = f"{claim.id}:{mutant.name}"
            yield pytest.param(claim, mutant.name, id=key, marks=_marks(claim, key, known_failures or {}))


#: the xfail of a float32 test whose draw float32 leaves INCONCLUSIVE and float64 decides (:func:`_float32_undecided`)
FLOAT32_UNDECIDED = "float32 cannot resolve this draw (float64 decides it)"


def _in_float32(dtype) -> bool:
    """Whether a test's ``dtype`` (a torch dtype or its name; None is the default, float64) is float32."""
    return dtype is not None and resolve_dtype(dtype) is torch.float32


def _skip_where_float32_cannot_decide(claim: Claim, dtype) -> None:
    """Skip a float32 test of a claim whose record says float32 cannot decide it (``Claim.float32_skip``), with
    the record's reason: its claim test and its mutants' alike."""
    if _in_float32(dtype) and claim.float32_skip:
        pytest.skip(claim.float32_skip)


def _float32_undecided(result, expected: Verdict, dtype, in_float64) -> bool:
    """Whether ``result`` is a float32 run left INCONCLUSIVE where float64 decides the same draw as expected: a
    quantity under float32's rounding is undecided there by design (README, "float32"), which the float32 test
    run reports (xfail) rather than fails. The same draw is rerun in float64 (``in_float64()``) to tell
    precision from a design that cannot decide at all; where float64 does not decide it as expected either,
    the caller's assertion fails as in any other dtype."""
    if not _in_float32(dtype) or result.verdict is not Verdict.INCONCLUSIVE:
        return False
    return expected is not Verdict.INCONCLUSIVE and in_float64().verdict is expected


def check_claim(claim: Claim, device, dtype, profile: str, alpha_budget, count: int) -> None:
    """The claim test: every Hypothesis draw of the claim's strategy gives the claim's expected verdict, each
    at its share of ``alpha_budget`` (split over ``count`` claims and the examples). A draw outside the
    theorem's premise (``Result.premises_unmet``: a practical width far below the stated one) tests the
    conclusion at that size, which the theorem does not promise: a REFUTED there is a finding about practice,
    an INCONCLUSIVE says that the conclusion's failure rate there sits within the design's resolution of its
    stated δ, a VACUOUS that a conditional claim's own condition rarely held at that width. Each ends the test
    as xfail naming the verdict and the premise (visible in every run's summary), neither a pass nor a
    failure. In float32, a draw left INCONCLUSIVE that float64 decides as expected is float32's rounding, not
    the claim's: an xfail that names it (:func:`_float32_undecided`). Any other verdict than the expected one at
    a draw whose premise held still fails it."""
    _skip_where_float32_cannot_decide(claim, dtype)
    budget = alpha_budget.split("claims", count).split("examples", examples(claim, profile))

    outside, undecided32 = [], []

    @pinned(claim.id, profile)
    @hypothesis_settings(claim, profile)
    @given(overrides=claim.strategy(profile), seed=seeds)
    def example(overrides, seed):
        call = dict(claim=claim, params=overrides, seed=seed, device=device, alpha=budget.share)
        result = run(**call, dtype=dtype)
        if result.premises_unmet and result.verdict is not Verdict.SUPPORTED and claim.expected is Verdict.SUPPORTED:
            outside.append(f"{result.verdict.value} at {overrides}, seed {seed}: {result.reason}")
            return
        if _float32_undecided(result, claim.expected, dtype, lambda: run(**call, dtype=torch.float64)):
            undecided32.append(f"INCONCLUSIVE at {overrides}, seed {seed}: {result.reason}")
            return
        assert result.verdict is claim.expected, result.to_json()  # REFUTED for a claim false as stated

    example()
    if outside:  # the conclusion at a practical width, outside the theorem's premise: a finding, not a failure
        pytest.xfail(f"outside the theorem's premise (the conclusion at a practical width): {outside[0]}")
    if undecided32:
        pytest.xfail(f"{FLOAT32_UNDECIDED}: {undecided32[0]}")


def check_mutant_at_defaults(claim: Claim, mutant: str, alpha_budget, count: int) -> None:
    """What ``python -m claims check ID --mutant M`` does, at the CLI's seed 0 (share: ``count`` mutants)."""
    budget = alpha_budget.split("mutants at defaults", count)
    result = run(claim, mutant=mutant, seed=0, alpha=budget.share)
    assert result.verdict is claim.mutant(mutant).expected, result.to_json()


def mutant_draw(claim: Claim, mutant: str, overrides: Mapping) -> dict:
    """A strategy's draw less the parameters that ``mutant`` sets: the draw picks sizes and geometry, never the
    constant the mutant changes (``Claim.resolve`` lets overrides win, so a draw of that parameter would
    silently test the unchanged statement)."""
    changed = claim.mutant(mutant).overrides
    return {k: v for k, v in overrides.items() if k not in changed}


def check_mutant(claim: Claim, mutant: str, device, dtype, profile: str, alpha_budget, count: int) -> None:
    """The mutant test: every Hypothesis draw (less the mutant's own parameters, :func:`mutant_draw`) gives the
    mutant's expected verdict (share: ``count`` mutants). In float32, a claim whose record says float32 cannot
    decide it (``Claim.float32_skip``) is skipped for its mutants too, and a draw left INCONCLUSIVE that float64
    decides as expected is an xfail that names it (:func:`_float32_undecided`), as in :func:`check_claim`."""
    _skip_where_float32_cannot_decide(claim, dtype)
    budget = alpha_budget.split("mutants", count).split("examples", examples(claim, profile))
    expected = claim.mutant(mutant).expected
    undecided32 = []

    @pinned(f"{claim.id}:{mutant}", profile)
    @hypothesis_settings(claim, profile)
    @given(overrides=claim.strategy(profile), seed=seeds)
    def example(overrides, seed):
        params = mutant_draw(claim, mutant, overrides)
        call = dict(claim=claim, params=params, mutant=mutant, seed=seed, device=device, alpha=budget.share)
        result = run(**call, dtype=dtype)
        if _float32_undecided(result, expected, dtype, lambda: run(**call, dtype=torch.float64)):
            undecided32.append(f"INCONCLUSIVE at {params}, seed {seed}: {result.reason}")
            return
        assert result.verdict is expected, result.to_json()

    example()
    if undecided32:
        pytest.xfail(f"{FLOAT32_UNDECIDED}: {undecided32[0]}")


def lacking_mutants(claims: Sequence[Claim]) -> list[str]:
    """The ids of the claims that have no mutant (a claim false as stated is itself the false statement its
    test must refute): a claim whose mutants survive, or that has none, is a test that cannot fail."""
    return [c.id for c in claims if not c.mutants and not c.false_as_stated]


class ClaimTests:
    """Subclass as ``Test…`` with ``claims`` (the records) and, optionally, ``known_failures`` (test id →
    reason: "ID" for a claim test, "ID:mutant" for a mutant's Hypothesis test; run as non-strict xfail) to get
    the claim tests and the mutant tests of those records; the fixtures come from claims.pytest_plugin."""

    claims: Sequence[Claim] = ()
    known_failures: Mapping[str, str] = {}

    def pytest_generate_tests(self, metafunc):
        from claims.pytest_plugin import uses_claims

        if not uses_claims(metafunc.config):
            raise pytest.UsageError(
                "claims.testing.ClaimTests runs under the claims profiles of claims.pytest_plugin: set "
                'claims_profile = "quick" in the project\'s pytest ini options, or pass --profile'
            )
        if "claim" not in metafunc.fixturenames:
            return
        if "mutant" in metafunc.fixturenames:
            known = {} if metafunc.function.__name__.endswith("_from_the_defaults") else self.known_failures
            metafunc.parametrize(("claim", "mutant"), list(mutant_cases(self.claims, known)))
        else:
            metafunc.parametrize("claim", list(claim_cases(self.claims, self.known_failures)))

    def test_claim_is_supported(self, claim, device, dtype, profile, alpha_budget):
        check_claim(claim, device, dtype, profile, alpha_budget, len(self.claims))

    def test_every_claim_has_a_mutant(self):
        assert not lacking_mutants(self.claims), lacking_mutants(self.claims)

    def test_mutant_is_refuted_from_the_defaults(self, claim, mutant, alpha_budget):
        check_mutant_at_defaults(claim, mutant, alpha_budget, sum(len(c.mutants) for c in self.claims))

    def test_mutant_is_refuted(self, claim, mutant, device, dtype, profile, alpha_budget):
        check_mutant(claim, mutant, device, dtype, profile, alpha_budget, sum(len(c.mutants) for c in self.claims))
