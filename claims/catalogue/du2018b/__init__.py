"""Family du2018b: deep fully-connected nets with smooth activations, every layer trained (Du, Lee, Li, Wang,
Zhai 2018b, arXiv:1811.03804 v4)."""

from claims.catalogue.du2018b.claims import CLAIMS
from claims.catalogue.du2018b.experiments import EXPERIMENTS

__all__ = ["CLAIMS", "EXPERIMENTS"]
