"""Family du2018a: two-layer ReLU net, first layer trained (Du, Zhai, Póczos, Singh 2018a, arXiv:1810.02054)."""

from claims.catalogue.du2018a.claims import CLAIMS
from claims.catalogue.du2018a.experiments import EXPERIMENTS

ORDER = 10  # the registry's order of families (claims.registry)

__all__ = ["CLAIMS", "EXPERIMENTS", "ORDER"]
