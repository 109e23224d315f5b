"""What a claim is: the names a claim author needs (``from claims.spec import Claim, Param, …``)."""

from claims.spec.claim import Claim, Kind, Mutant, Param, Relation, Role, Source, Trial, Verdict, loose
from claims.spec.experiment import ExperimentContext, item_generator, item_where
from claims.spec.outcome import (
    Infeasible,
    Outcome,
    compare_at_least,
    compare_at_most,
    in_chunks,
    require_positive_lambda0,
)
from claims.spec.profiles import PROFILES, ByProfile, check_profile
from claims.spec.seeding import Instance, derive_seed, seeded_generator

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
    "require_positive_lambda0",
    "seeded_generator",
]
