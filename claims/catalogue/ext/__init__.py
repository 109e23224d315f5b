"""Family ext: statements that extend a paper's theorem (derived here, checked numerically)."""

from claims.catalogue.ext.claims import CLAIMS

EXPERIMENTS: dict = {}

__all__ = ["CLAIMS", "EXPERIMENTS"]
