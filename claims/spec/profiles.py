"""The three profiles of the suite and a value per profile.

quick: the default test run and a first look (small sizes); standard: the committed report (the papers'
sizes where they fit a 2-core CPU); full: larger sizes for a long run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from models.errors import InvalidInputError

PROFILES = ("quick", "standard", "full")

T = TypeVar("T")


def check_profile(profile: str) -> str:
    if profile not in PROFILES:
        raise InvalidInputError(f"profile must be one of {', '.join(PROFILES)}, got {profile!r}")
    return profile


@dataclass(frozen=True)
class ByProfile(Generic[T]):
    """One value per profile, all three required: ``ByProfile(quick=…, standard=…, full=…)[profile]``."""

    quick: T
    standard: T
    full: T

    def __getitem__(self, profile: str) -> T:
        return getattr(self, check_profile(profile))

    def get(self, profile: str, default: Any = None) -> T:
        return getattr(self, profile, default)

    @classmethod
    def same(cls, value: T) -> ByProfile[T]:
        return cls(value, value, value)

    def items(self):
        return ((p, self[p]) for p in PROFILES)

    def map(self, fn) -> ByProfile:
        return ByProfile(*(fn(self[p]) for p in PROFILES))
