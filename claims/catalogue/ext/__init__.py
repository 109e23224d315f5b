"""Family ext: statements that extend a paper's theorem (derived here, checked numerically)."""

from claims.catalogue.du2018a import claims as _records

CLAIMS = tuple(c for c in _records.CLAIMS if c.id.startswith("ext."))
