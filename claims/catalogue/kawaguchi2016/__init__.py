"""Family kawaguchi2016: deep linear nets have no bad local minima (Kawaguchi 2016, arXiv:1605.07110)."""

from claims.catalogue.clc2018 import claims as _records

CLAIMS = tuple(c for c in _records.CLAIMS if c.id.startswith("kawaguchi2016."))
