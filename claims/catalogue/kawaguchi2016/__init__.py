"""Family kawaguchi2016: deep linear nets have no bad local minima (Kawaguchi 2016, arXiv:1605.07110). Records in
claims.py, trials in trials.py; the family has no report experiments of its own."""

from claims.catalogue.kawaguchi2016.claims import CLAIMS

EXPERIMENTS: dict = {}

ORDER = 40  # the registry's order of families (claims.registry)

__all__ = ["CLAIMS", "EXPERIMENTS", "ORDER"]
