"""Family landscape: saddles and loss landscapes (Lee 2016, Jin 2017, Du 2017, Ge 2016, Soltanolkotabi 2017,
Safran & Shamir 2018, Zhang 2017, Arora 2019 and the lecture notes on the non-convex landscape). Records in claims.py,
trials by paper beside it,
report experiments in experiments.py."""

from claims.catalogue.landscape.claims import CLAIMS
from claims.catalogue.landscape.experiments import EXPERIMENTS

ORDER = 50  # the registry's order of families (claims.registry)

__all__ = ["CLAIMS", "EXPERIMENTS", "ORDER"]
