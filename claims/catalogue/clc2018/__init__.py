"""Family clc2018: deep linear networks (Chitour, Liao, Couillet 2018, arXiv:1811.03568). Records in claims.py,
trials in flow.py and critical.py, report experiments in experiments.py."""

from claims.catalogue.clc2018.claims import CLAIMS
from claims.catalogue.clc2018.experiments import EXPERIMENTS

ORDER = 30  # the registry's order of families (claims.registry)

__all__ = ["CLAIMS", "EXPERIMENTS", "ORDER"]
