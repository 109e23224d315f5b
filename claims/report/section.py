"""The report's data seam: an experiment computes data (JSON), a render function turns data into markdown.

A family's report sections are ``SECTIONS`` in ``claims/report/sections/<family>.py``: each pairs an
experiment of ``claims/catalogue/<family>/experiments.py`` (``experiment(ctx: ExperimentContext) -> dict``),
named by reference and imported only when it runs, with a render function there (``render(data, figures:
claims.report.figures.Figures) -> str``). ``python -m claims report --from-results PATH`` calls only the render
functions, on the data of an earlier run: it imports neither the experiments nor torch.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from claims.report.figures import Figures
    from claims.spec import ExperimentContext

Experiment = Callable[["ExperimentContext"], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    """One report section: ``experiment`` computes its data, ``render`` writes it (under the family's heading).

    ``experiment``: the function, or a reference ``"module:function"`` to it (imported by :meth:`load` when the
    section runs, so that rendering imports no experiment). ``claims``: the ids whose records the experiment
    runs (handed to it in ``ctx.claims``). ``select``: where the experiment can run a part of itself (``report
    --select KEY=VALUE``, read from ``ctx.selection``), a reference ``"module:function"`` to its check,
    ``function(profile, selection)``, which raises InvalidInputError naming a key or value it does not accept
    (called before the first trial); None: it always runs whole."""

    family: str
    key: str
    title: str
    experiment: Experiment | str
    render: Callable[[dict[str, Any], Figures], str]
    claims: tuple[str, ...] = ()
    select: str | None = None

    def load(self) -> Experiment:
        """The experiment function (imported from its module where ``experiment`` is a reference)."""
        if callable(self.experiment):
            return self.experiment
        return _resolve(self.experiment)

    def check_selection(self, profile: str, selection: dict[str, tuple[str, ...]]) -> None:
        """Refuse (InvalidInputError) a selection this section's experiment cannot run, before any trial."""
        if self.select is None:
            raise InvalidInputError(
                f"select: section {self.family}.{self.key} always runs whole and accepts no --select, got "
                f"{sorted(selection)}"
            )
        _resolve(self.select)(profile, selection)


def _resolve(reference: str) -> Callable:
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)
