"""Results in, REPORT.md out (the only package that imports matplotlib).

The names below load on first use, so that a worker process that runs report units
(:mod:`claims.report.jobs`, :mod:`claims.report.execute`) never imports the renderer or matplotlib.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["compute", "publish", "rerender", "write_report"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("claims.report.writer"), name)
    raise AttributeError(f"module 'claims.report' has no attribute {name!r}")
