"""Family clc2018: deep linear networks (Chitour, Liao, Couillet 2018, arXiv:1811.03568)."""

from claims.catalogue.clc2018 import claims as _records

CLAIMS = tuple(c for c in _records.CLAIMS if c.id.startswith("clc2018."))
