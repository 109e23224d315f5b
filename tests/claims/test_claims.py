"""One property-based test per registered claim, generated from the registry (SciPy distcont style).

Hypothesis draws the instance (sizes, data geometry, seed); each example is one statistical test at its
share of the run's α budget (claims × examples, and the runner splits it over looks). A true claim must come
out SUPPORTED: REFUTED is a counterexample, INCONCLUSIVE or VACUOUS a design that cannot decide. A claim whose
statement is false as its source gives it (``Claim.false_as_stated``, a finding) must come out REFUTED.
"""

import pytest
import torch
from hypothesis import given

from claims.engine.runner import run
from tests.cases import claim_cases, examples, hypothesis_settings, seeds

CLAIMS = list(claim_cases())


@pytest.mark.parametrize("claim", CLAIMS)
def test_claim_is_supported(claim, device, dtype, profile, alpha_budget):
    if dtype == torch.float32 and claim.float32_skip:
        pytest.skip(claim.float32_skip)
    budget = alpha_budget.split("claims", len(CLAIMS)).split("examples", examples(claim, profile))

    @hypothesis_settings(claim, profile)
    @given(overrides=claim.strategy(profile), seed=seeds)
    def example(overrides, seed):
        result = run(claim, params=overrides, seed=seed, device=device, dtype=dtype, alpha=budget.share)
        assert result.verdict is claim.expected, result.to_json()  # REFUTED for a claim false as stated

    example()
