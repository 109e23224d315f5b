"""What a claim is: the names a claim author needs (``from claims.spec import Claim, Param, …``).

Each name loads its module on first use (PEP 562), so that ``from claims.spec import Verdict`` (the report's
rendering, which runs without torch) imports the enums of :mod:`claims.spec.kinds` alone.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: name → the module of claims.spec that defines it
_HOME = {
    "Kind": "kinds",
    "Relation": "kinds",
    "Verdict": "kinds",
    "Claim": "claim",
    "Mutant": "claim",
    "Param": "claim",
    "Role": "claim",
    "Source": "claim",
    "Trial": "claim",
    "loose": "claim",
    "refusal": "claim",
    "require": "claim",
    "ExperimentContext": "experiment",
    "item_generator": "experiment",
    "item_where": "experiment",
    "Infeasible": "outcome",
    "Outcome": "outcome",
    "compare_at_least": "outcome",
    "compare_at_most": "outcome",
    "in_chunks": "outcome",
    "nan_as_worst": "outcome",
    "require_positive_lambda0": "outcome",
    "PROFILES": "profiles",
    "ByProfile": "profiles",
    "check_profile": "profiles",
    "Instance": "seeding",
    "derive_seed": "seeding",
    "seeded_generator": "seeding",
}

__all__ = [
    "PROFILES",
    "ByProfile",
    "Claim",
    "ExperimentContext",
    "Infeasible",
    "Instance",
    "Kind",
    "Mutant",
    "Outcome",
    "Param",
    "Relation",
    "Role",
    "Source",
    "Trial",
    "Verdict",
    "check_profile",
    "compare_at_least",
    "compare_at_most",
    "derive_seed",
    "in_chunks",
    "item_generator",
    "item_where",
    "loose",
    "nan_as_worst",
    "refusal",
    "require",
    "require_positive_lambda0",
    "seeded_generator",
]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        value = getattr(importlib.import_module(f"claims.spec.{_HOME[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claims.spec' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})


if TYPE_CHECKING:  # pragma: no cover
    from claims.spec.claim import Claim, Mutant, Param, Role, Source, Trial, loose, refusal, require
    from claims.spec.experiment import ExperimentContext, item_generator, item_where
    from claims.spec.kinds import Kind, Relation, Verdict
    from claims.spec.outcome import (
        Infeasible,
        Outcome,
        compare_at_least,
        compare_at_most,
        in_chunks,
        nan_as_worst,
        require_positive_lambda0,
    )
    from claims.spec.profiles import PROFILES, ByProfile, check_profile
    from claims.spec.seeding import Instance, derive_seed, seeded_generator
