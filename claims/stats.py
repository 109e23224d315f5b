"""The suite's statistics under their public import path (the implementation is claims.engine.stats)."""

from claims.engine.stats import *  # noqa: F403
from claims.engine.stats import __all__  # noqa: F401
