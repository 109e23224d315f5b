"""The shared summary of the report's integration-accuracy experiments (du2018a.flow_accuracy,
clc2018.rate_accuracy): each unit returns per-trial lists, and a row sums them."""

from __future__ import annotations

from typing import Any

from claims.engine.stats import failure_rate_interval_by_clopper_pearson


def concatenated(units: list[dict[str, Any]], key: str) -> list[Any]:
    """The per-trial values under ``key`` of every unit, in the units' order."""
    return [v for u in units for v in u[key]]


def decisions(units: list[dict[str, Any]], trials: int, estimate_missed: int) -> dict[str, Any]:
    """The row's trials decided by the claim (passed, failed, undecided), those the reference contradicts, how
    often the error estimate missed (with its exact 95 % interval) and the units' summed wall time."""
    passed, failed = sum(concatenated(units, "passed")), sum(concatenated(units, "failed"))
    return {
        "missed": estimate_missed,
        "missed_ci": list(failure_rate_interval_by_clopper_pearson(estimate_missed, trials)),
        "passed": passed,
        "failed": failed,
        "undecided": trials - passed - failed,
        "contradicted": sum(concatenated(units, "contradicted")),
        "wall_s": sum(u["wall_s"] for u in units),
    }


def totals(rows: list[dict[str, Any]], *extra: str) -> dict[str, Any]:
    """The rows' summed trials, misses, contradictions and ``extra`` counts, with the misses' exact 95 % interval."""
    total = {k: sum(r[k] for r in rows) for k in ("trials", "missed", "contradicted", *extra)}
    return {**total, "missed_ci": list(failure_rate_interval_by_clopper_pearson(total["missed"], total["trials"]))}
