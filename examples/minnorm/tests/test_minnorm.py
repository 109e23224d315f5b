"""The claim tests and mutant tests of this family's records, from nn-opt-claims' pytest plugin and
claims.testing: run with ``pytest`` (options --device, --dtype, --profile, --alpha)."""

from minnorm_claims import CLAIMS

from claims.testing import ClaimTests


class TestMinNorm(ClaimTests):
    claims = CLAIMS
