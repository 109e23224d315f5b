"""A theorem-checking suite for the optimisation theory of neural networks.

Public API: :func:`all_claims`, :func:`get`, :func:`check`; the records in :mod:`claims.core`.
"""

from __future__ import annotations

from typing import Any

from claims.core import Claim, Kind, Outcome, Result, Verdict
from claims.registry import all_claims, get
from models.checks import InvalidInputError

__all__ = ["Claim", "InvalidInputError", "Kind", "Outcome", "Result", "Verdict", "all_claims", "check", "get"]


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
) -> dict[str, Any]:
    """Check one claim; returns the fields of ``python -m claims check --json`` (see DESIGN.md)."""
    from claims.runner import run

    return run(
        get(claim_id), params=params, mutant=mutant, trials=trials, seed=seed, device=device, dtype=dtype, alpha=alpha
    ).to_json()
