"""Seeding: every random draw of a run comes from an explicit torch.Generator seeded from (seed, purpose)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from models.errors import InvalidInputError


def check_seed(seed) -> int:
    """``seed`` as an int if it is an integer in [0, 2**64) (two 32-bit words of the SeedSequence), else raise."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0 or seed >= 2**64:
        raise InvalidInputError(f"seed must be an integer in [0, 2**64), got {seed!r}")
    return int(seed)


def derive_seed(seed: int, purpose: str) -> int:
    """A 63-bit seed derived from (seed, purpose) by NumPy's SeedSequence (well mixed, reproducible)."""
    seed = check_seed(seed)
    words = [int(seed) & 0xFFFFFFFF, int(seed) >> 32, *purpose.encode()]
    return int(np.random.SeedSequence(words).generate_state(1, np.uint64)[0] >> np.uint64(1))


def seeded_generator(seed: int, purpose: str, device: str | torch.device) -> torch.Generator:
    return torch.Generator(device=torch.device(device)).manual_seed(derive_seed(seed, purpose))


@dataclass(frozen=True)
class Instance:
    """Resolved parameters plus the seed from which every random draw of the instance derives."""

    params: Mapping[str, Any]
    seed: int

    def generator(self, purpose: str, device: str | torch.device) -> torch.Generator:
        """A fresh generator on ``device`` seeded from (seed, purpose): independent streams per purpose."""
        return seeded_generator(self.seed, purpose, device)

    def __getitem__(self, name: str) -> Any:
        return self.params[name]
