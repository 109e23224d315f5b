"""Results in, REPORT.md out (the only package that imports matplotlib).

The names below load on first use, so that a worker process that runs report units
(:mod:`claims.report.jobs`, :mod:`claims.report.execute`) never imports the renderer or matplotlib.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["compute", "publish", "rerender", "write_report"]

#: name → its module: rendering (publish, rerender) needs neither torch nor the catalogue; running does
_HOME = {
    "compute": "claims.report.writer",
    "write_report": "claims.report.writer",
    "publish": "claims.report.publishing",
    "rerender": "claims.report.publishing",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'claims.report' has no attribute {name!r}")
