"""Family du2018a: two-layer ReLU net, first layer trained (Du, Zhai, Póczos, Singh 2018a, arXiv:1810.02054)."""

from claims.catalogue.du2018a import claims as _records

CLAIMS = tuple(c for c in _records.CLAIMS if c.id.startswith("du2018a."))
