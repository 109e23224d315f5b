"""Report sections, one module per family (``SECTIONS``), plus the benchmarks of ``tox -e bench``."""

from __future__ import annotations

import importlib

from claims.catalogue import FAMILIES
from claims.report.section import Section


def all_sections() -> tuple[Section, ...]:
    """Every family's sections, in the catalogue's family order (a family may have none)."""
    out: list[Section] = []
    for name in FAMILIES:
        try:
            module = importlib.import_module(f"claims.report.sections.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"claims.report.sections.{name}":
                raise
            continue
        out.extend(module.SECTIONS)
    return tuple(out)
