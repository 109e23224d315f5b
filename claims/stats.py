"""The suite's statistics: their one public import path (``from claims.stats import AlphaBudget``).

The implementation is :mod:`claims.engine.stats`, which only the engine's own modules import; everything else
(the report, the catalogue, tests, a researcher's code) imports from here (a test checks it).
"""

from claims.engine.stats import *  # noqa: F403
from claims.engine.stats import __all__  # noqa: F401
