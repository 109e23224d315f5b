"""Report sections, one module per family (``SECTIONS``), plus the benchmarks of ``tox -e bench``."""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from claims.report.section import Section


def family_sections(families: Iterable[str]) -> tuple[Section, ...]:
    """The sections of ``families``, in that order (a family may have none). Imports only the renderers'
    modules (no experiment, no torch): what re-rendering a results.json needs."""
    out: list[Section] = []
    for name in families:
        try:
            module = importlib.import_module(f"claims.report.sections.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"claims.report.sections.{name}":
                raise
            continue
        out.extend(module.SECTIONS)
    return tuple(out)


def all_sections() -> tuple[Section, ...]:
    """Every family's sections, in the catalogue's family order."""
    from claims.catalogue import FAMILIES

    return family_sections(FAMILIES)
