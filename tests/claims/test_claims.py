"""One property-based test per registered claim, generated from the registry (SciPy distcont style).

Hypothesis draws the instance (sizes, data geometry, seed); each example is one statistical test at its
share of the run's α budget (claims × examples, and the runner splits it over looks). A true claim must come
out SUPPORTED: REFUTED is a counterexample, INCONCLUSIVE or VACUOUS a design that cannot decide. A claim whose
statement is false as its source gives it (``Claim.false_as_stated``, a finding) must come out REFUTED. The
test is claims.testing's, which any family's own test file gets too.
"""

import pytest

from claims.testing import check_claim
from tests.cases import claim_cases

CLAIMS = list(claim_cases())


@pytest.mark.parametrize("claim", CLAIMS)
def test_claim_is_supported(claim, device, dtype, profile, alpha_budget):
    check_claim(claim, device, dtype, profile, alpha_budget, len(CLAIMS))
