"""Family du2018b: deep fully-connected nets with smooth activations, every layer trained (Du, Lee, Li, Wang,
Zhai 2018b, arXiv:1811.03804 v4)."""

from claims.catalogue.du2018b.claims import CLAIMS
from claims.catalogue.du2018b.experiments import EXPERIMENTS

ORDER = 70  # the registry's order of families (claims.registry)

__all__ = ["CLAIMS", "EXPERIMENTS", "ORDER"]
