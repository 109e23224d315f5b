"""The registry: the claim families installed in this environment, found through entry points.

A family is an installed module exposing ``CLAIMS`` (its records in paper order, every id ``<name>.…``),
registered under its name in the entry-point group :data:`FAMILIES`; its report sections, if it has any, are
a module exposing ``SECTIONS`` registered under the same name in :data:`SECTIONS`. This project's eight
families are registered in its own ``pyproject.toml`` exactly as a third-party project registers its own::

    [project.entry-points."nn_opt_claims.families"]
    du2018a = "claims.catalogue.du2018a"

Order (of ``claims list``, the report, the tests): by the family module's ``ORDER`` (an int, default
:data:`DEFAULT_ORDER`; this project's families declare 10, 20, …, 80, the catalogue's paper order), then by
name. A family is imported only when it is needed
(``get("du2018a.thm3.1")`` imports du2018a alone); one whose import raises, or whose ``CLAIMS`` is not a
sequence of records under its name, is reported once on stderr, by name, and skipped: it never breaks the
others. The registry imports no family by name, and no module of the engine: families import the engine.
"""

from __future__ import annotations

import difflib
import importlib
import sys
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from types import ModuleType
from typing import TYPE_CHECKING, Any

from models.errors import InvalidInputError

if TYPE_CHECKING:
    from claims.spec import Claim

FAMILIES = "nn_opt_claims.families"
SECTIONS = "nn_opt_claims.sections"
PROJECT = "nn-opt-claims"  # the distribution whose registration wins a name registered twice
DEFAULT_ORDER = 1000  # a family that declares no ORDER comes after this project's
REINSTALL = "pip install --no-deps -e ."


@dataclass(frozen=True)
class Entry:
    """One registered module: its entry-point ``name`` (the family), ``module`` path and ``dist`` (distribution)."""

    name: str
    module: str
    dist: str


def _normal(dist_name: str) -> str:
    return dist_name.lower().replace("_", "-").replace(".", "-")


def entries(group: str) -> tuple[Entry, ...]:
    """The group's entry points (this project's first, then by distribution); a name registered twice is
    reported and its later registration skipped. Reads metadata only: nothing is imported."""
    found = []
    for index, ep in enumerate(metadata.entry_points(group=group)):
        dist = ep.dist.name if ep.dist is not None else "?"
        found.append((_normal(dist) != PROJECT, _normal(dist), index, Entry(ep.name, ep.value, dist)))
    out: dict[str, Entry] = {}
    for *_, entry in sorted(found, key=lambda row: row[:3]):
        if entry.name in out:
            _tell(f"{group} entry {entry.name!r} of {entry.dist} is skipped: {out[entry.name].dist} registers it too")
            continue
        out[entry.name] = entry
    return tuple(out.values())


@cache
def family_entries() -> tuple[Entry, ...]:
    """The registered families (metadata only); this project's own must be among them (else its metadata is
    stale)."""
    found = entries(FAMILIES)
    if not any(_normal(e.dist) == PROJECT for e in found):
        raise RuntimeError(
            f"no claim family of {PROJECT} is registered in the entry-point group {FAMILIES!r}: the installed "
            f"metadata predates the plugin registry; reinstall from the project's root: {REINSTALL}"
        )
    return found


def family_names() -> tuple[str, ...]:
    """The registered families' names (metadata only: nothing imported; not in the registry's order)."""
    return tuple(e.name for e in family_entries())


@cache
def ordered_families() -> tuple[str, ...]:
    """The names of the families that load, in the registry's order (imports every family)."""
    loaded = [(name, m) for name in family_names() if (m := family(name)) is not None]
    return tuple(name for name, m in sorted(loaded, key=lambda nm: (getattr(nm[1], "ORDER", DEFAULT_ORDER), nm[0])))


def loaded_modules() -> tuple[str, ...]:
    """The registered family and section modules imported so far in this process (for a worker pool to
    preload: a broken one, never imported, is left out); empty when the metadata is stale."""
    try:
        registered = (*family_entries(), *entries(SECTIONS))
    except RuntimeError:
        return ()
    return tuple(e.module for e in registered if e.module in sys.modules)


@cache
def family(name: str) -> ModuleType | None:
    """The family module registered as ``name``, imported on first use; None (reported once) if it is broken."""
    entry = next((e for e in family_entries() if e.name == name), None)
    if entry is None:
        raise InvalidInputError(f"unknown claim family {name!r}; registered: {', '.join(family_names())}")
    module = _load(FAMILIES, entry)
    if module is None:
        return None
    problem = _problem(name, module)
    if problem:
        _tell(f"claim family {name!r} ({entry.module}, from {entry.dist}) is skipped: {problem}")
        return None
    return module


def _problem(name: str, module: ModuleType) -> str | None:
    claims = getattr(module, "CLAIMS", None)
    order = getattr(module, "ORDER", DEFAULT_ORDER)
    if not isinstance(order, int) or isinstance(order, bool):
        return f"its ORDER must be an int, got {order!r}"
    if not isinstance(claims, tuple | list):
        return f"its CLAIMS must be a tuple of claims.spec.Claim records, got {type(claims).__name__}"
    for c in claims:
        from claims.spec.claim import Claim  # a family's records: torch is loaded with the family anyway

        if not isinstance(c, Claim):
            return f"its CLAIMS holds {c!r}, not a claims.spec.Claim"
        if not c.id.startswith(f"{name}."):
            return f"claim id {c.id!r} does not start with the family's name {name + '.'!r}"
    return None


@cache
def all_claims() -> tuple[Claim, ...]:
    """Every registered family's claims, in the registry's order (a broken family skipped)."""
    claims = tuple(c for name in ordered_families() for c in family(name).CLAIMS)
    ids = [c.id for c in claims]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"duplicate claim ids in the registry: {sorted(i for i in ids if ids.count(i) > 1)}")
    return claims


def get(claim_id: str) -> Claim:
    """The claim with this id (importing its family alone); an unknown id names the nearest known ones."""
    if not isinstance(claim_id, str):
        raise InvalidInputError(f"claim id must be a string, got {claim_id!r}")
    prefix = claim_id.split(".")[0]
    if prefix in family_names() and (module := family(prefix)) is not None:
        for c in module.CLAIMS:
            if c.id == claim_id:
                return c
    for c in all_claims():
        if c.id == claim_id:
            return c
    ids = [c.id for c in all_claims()]
    near = difflib.get_close_matches(claim_id, ids, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(near)}?" if near else f"; known ids: {', '.join(ids)}"
    raise InvalidInputError(f"unknown claim id {claim_id!r}{hint}")


@cache
def section_entries() -> tuple[Entry, ...]:
    """The registered section modules, in their families' order (imports every family); one naming no registered
    family, or a broken one, is skipped."""
    order = {name: i for i, name in enumerate(ordered_families())}
    found = entries(SECTIONS)
    for e in found:
        if e.name not in family_names():
            _tell(f"{SECTIONS} entry {e.name!r} ({e.module}, from {e.dist}) is skipped: no family {e.name!r}")
    return tuple(sorted((e for e in found if e.name in order), key=lambda e: order[e.name]))


@cache
def sections(only: tuple[str, ...] | None = None) -> tuple[Any, ...]:
    """Every registered family's report sections (each module's ``SECTIONS``), in the families' order; or, with
    ``only``, those of the families named there, in that order, importing their section modules alone (no
    family: re-rendering a results.json needs only the renderers). The sections of a broken family, or a broken
    sections module, are skipped (reported once)."""
    if only is None:
        chosen = section_entries()
    else:
        by_name = {e.name: e for e in entries(SECTIONS)}
        chosen = tuple(by_name[name] for name in only if name in by_name)
    out: list[Any] = []
    for entry in chosen:
        module = _load(SECTIONS, entry)
        found = getattr(module, "SECTIONS", None)
        if module is not None and not isinstance(found, tuple | list):
            _tell(f"report sections of {entry.name!r} ({entry.module}) are skipped: the module has no SECTIONS tuple")
        elif module is not None:
            out.extend(found)
    return tuple(out)


def _load(group: str, entry: Entry) -> ModuleType | None:
    try:
        return importlib.import_module(entry.module)
    except Exception as exc:  # a broken plugin is reported and skipped, never the end of the run
        kind = "claim family" if group == FAMILIES else "report sections of"
        _tell(f"{kind} {entry.name!r} ({entry.module}, from {entry.dist}) failed to import and is skipped: "
              f"{type(exc).__name__}: {exc}")  # fmt: skip
        return None


def _tell(line: str) -> None:
    print(f"claims: {line}", file=sys.stderr, flush=True)
