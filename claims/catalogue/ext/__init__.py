"""Family ext: statements that extend a paper's theorem (derived here, checked numerically)."""

from claims.catalogue.ext.claims import CLAIMS

EXPERIMENTS: dict = {}

ORDER = 20  # the registry's order of families (claims.registry)

__all__ = ["CLAIMS", "EXPERIMENTS", "ORDER"]
