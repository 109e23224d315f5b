"""Report sections: each family's ``SECTIONS`` (one module per family, registered in the entry-point group
``nn_opt_claims.sections`` under the family's name: claims.registry), plus the benchmarks of ``tox -e bench``."""

from __future__ import annotations

from collections.abc import Iterable

from claims import registry
from claims.report.section import Section


def family_sections(families: Iterable[str]) -> tuple[Section, ...]:
    """The sections of ``families`` (a family may have none), in the registry's order. Imports only their
    sections modules (renderers: no experiment, no torch): what re-rendering a results.json needs."""
    return registry.sections(only=tuple(families))


def all_sections() -> tuple[Section, ...]:
    """Every registered family's sections, in the registry's family order (a family may have none)."""
    return registry.sections()
