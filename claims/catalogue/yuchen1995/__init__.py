"""Family yuchen1995: one hidden sigmoid layer as wide as the data (Yu & Chen 1995, Golikov's lecture notes (MIPT
2019)), its true core,
and a verified counterexample from the literature that disputes it."""

from claims.catalogue.yuchen1995 import claims as _records

CLAIMS = _records.CLAIMS

ORDER = 80  # the registry's order of families (claims.registry)
