"""The catalogue as data: every family package of claims.catalogue contributes its CLAIMS tuple here."""

from __future__ import annotations

import difflib
import importlib
from functools import cache

from claims.catalogue import FAMILIES
from claims.spec import Claim
from models.checks import InvalidInputError


def family(name: str):
    """The catalogue package of one family (its CLAIMS, in paper order)."""
    return importlib.import_module(f"claims.catalogue.{name}")


@cache
def all_claims() -> tuple[Claim, ...]:
    claims = tuple(c for name in FAMILIES for c in family(name).CLAIMS)
    ids = [c.id for c in claims]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"duplicate claim ids in the registry: {sorted(i for i in ids if ids.count(i) > 1)}")
    return claims


def get(claim_id: str) -> Claim:
    """The claim with this id; an unknown id names the nearest known ones."""
    if not isinstance(claim_id, str):
        raise InvalidInputError(f"claim id must be a string, got {claim_id!r}")
    for c in all_claims():
        if c.id == claim_id:
            return c
    ids = [c.id for c in all_claims()]
    near = difflib.get_close_matches(claim_id, ids, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(near)}?" if near else f"; known ids: {', '.join(ids)}"
    raise InvalidInputError(f"unknown claim id {claim_id!r}{hint}")
