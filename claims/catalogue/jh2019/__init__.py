"""Family jh2019: shallow residual ReLU nets, GD against alternating minimisation (Jagatap & Hegde, ISIT 2019)."""

from claims.catalogue.jh2019 import experiments as _experiments
from claims.catalogue.jh2019.claims import CLAIMS

EXPERIMENTS = _experiments.EXPERIMENTS

ORDER = 60  # the registry's order of families (claims.registry)

__all__ = ["CLAIMS", "EXPERIMENTS", "ORDER"]
