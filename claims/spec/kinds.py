"""The kinds of claim, the verdicts and the relation of a scaling claim: plain enums, importable without torch
(the report renders results.json with them alone)."""

from __future__ import annotations

import enum


class Kind(str, enum.Enum):
    """How a verdict is reached (CLAIMS.md, "Kinds of claim")."""

    FORALL = "forall"
    WHP = "whp"
    CONDITIONAL = "conditional"
    SCALING = "scaling"
    EXISTS = "exists"


class Verdict(str, enum.Enum):
    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    INCONCLUSIVE = "INCONCLUSIVE"
    VACUOUS = "VACUOUS"


class Relation(str, enum.Enum):
    """How a scaling claim's fitted exponent must sit against the theory's b (used by the judge and the report).

    equal: Θ(size^b), the interval holds b and excludes 0; at_most: O(size^b), an upper bound on the growth (the
    interval must lie at or below b); at_least: Ω(size^b), a lower bound (the interval must lie at or above b).
    """

    EQUAL = "equal"
    AT_MOST = "at_most"
    AT_LEAST = "at_least"

    @property
    def symbol(self) -> str:
        return {"equal": "=", "at_most": "≤", "at_least": "≥"}[self.value]
