"""A theorem-checking suite for the optimisation theory of neural networks.

Public API: :func:`all_claims`, :func:`get`, :func:`check`; the claim author's names live in
:mod:`claims.spec` (Claim, Param, Mutant, Outcome, …) and are re-exported here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: name → the module that defines it; each loads on first use (PEP 562), so that ``python -m claims report
#: --from-results`` renders without importing torch, the engine or the catalogue
_HOME = {
    "all_claims": "claims.registry",
    "get": "claims.registry",
    "ResourceLimitError": "claims.engine.resources",
    "Result": "claims.engine.result",
    "Claim": "claims.spec",
    "Kind": "claims.spec",
    "Mutant": "claims.spec",
    "Outcome": "claims.spec",
    "Param": "claims.spec",
    "Source": "claims.spec",
    "Verdict": "claims.spec",
    "InvalidInputError": "models.errors",
}

__all__ = [
    "Claim",
    "InvalidInputError",
    "Kind",
    "Mutant",
    "Outcome",
    "Param",
    "ResourceLimitError",
    "Result",
    "Source",
    "Verdict",
    "all_claims",
    "check",
    "get",
]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        value = getattr(importlib.import_module(_HOME[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claims' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


if TYPE_CHECKING:  # pragma: no cover
    from claims.engine.resources import ResourceLimitError
    from claims.engine.result import Result
    from claims.registry import all_claims, get
    from claims.spec import Claim, Kind, Mutant, Outcome, Param, Source, Verdict
    from models.errors import InvalidInputError


def check(
    claim_id: str,
    params: dict[str, Any] | None = None,
    *,
    mutant: str | None = None,
    trials: int | None = None,
    seed: int = 0,
    device: str = "cpu",
    dtype: str = "float64",
    alpha: float = 0.01,
    max_memory: int | str | None = None,
    max_work: float | str | None = None,
) -> dict[str, Any]:
    """Check one claim; returns the fields of ``python -m claims check --json`` (README, "Checking one claim").

    Every input is validated before the first trial: a bad one raises :class:`InvalidInputError` naming it and
    its value (``params`` must be a mapping of parameter name to value; NumPy scalars are accepted), and a run
    whose estimated peak memory exceeds ``max_memory`` (bytes or '4G'; default half the device's memory), or
    whose estimated work exceeds ``max_work`` (flops or '1e17'; default 1e16 or $CLAIMS_MAX_WORK), raises its
    subclass ``ResourceLimitError`` with the estimate and the limit.
    """
    from claims.engine.runner import run
    from claims.registry import get

    return run(
        get(claim_id),
        params=params,
        mutant=mutant,
        trials=trials,
        seed=seed,
        device=device,
        dtype=dtype,
        alpha=alpha,
        max_memory=max_memory,
        max_work=max_work,
    ).to_json()
