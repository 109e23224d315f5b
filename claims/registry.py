"""The catalogue as data: every family module contributes its CLAIMS tuple here, and nothing else changes."""

from __future__ import annotations

import difflib
from functools import cache

from claims import clc2018, du2018a, landscape
from claims.core import Claim
from models.checks import InvalidInputError

FAMILIES = (du2018a, clc2018, landscape)


@cache
def all_claims() -> tuple[Claim, ...]:
    claims = tuple(c for family in FAMILIES for c in family.CLAIMS)
    ids = [c.id for c in claims]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"duplicate claim ids in the registry: {sorted(i for i in ids if ids.count(i) > 1)}")
    return claims


def get(claim_id: str) -> Claim:
    """The claim with this id; an unknown id names the nearest known ones."""
    for c in all_claims():
        if c.id == claim_id:
            return c
    ids = [c.id for c in all_claims()]
    near = difflib.get_close_matches(str(claim_id), ids, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(near)}?" if near else f"; known ids: {', '.join(ids)}"
    raise InvalidInputError(f"unknown claim id {claim_id!r}{hint}")
