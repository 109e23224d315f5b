"""Family minnorm: gradient descent from zero on under-determined least squares converges, linearly, to the
minimum-norm interpolant (an example of a claim family outside nn-opt-claims; docs/writing-a-claim.md)."""

from minnorm_claims.claims import CLAIMS

__all__ = ["CLAIMS"]
