"""The context of a report experiment: what an experiment function may read (it computes data, no figures)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import torch

from claims.spec.seeding import seeded_generator


@dataclass(frozen=True)
class ExperimentContext:
    """profile: quick | standard | full. alpha: the α share of the experiment's own statistical tests.
    seed: the experiment's seed (derived from the report's seed and the experiment's key, never from the order
    of execution). claims: id → Claim, the records the experiment may run."""

    profile: str
    device: torch.device
    dtype: torch.dtype
    alpha: float
    seed: int
    claims: Mapping[str, Any] = field(default_factory=dict)

    def generator(self, purpose: str) -> torch.Generator:
        return seeded_generator(self.seed, purpose, self.device)
