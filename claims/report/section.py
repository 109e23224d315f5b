"""The report's data seam: an experiment computes data (JSON), a render function turns data into markdown.

A family's report sections are ``SECTIONS`` in ``claims/report/sections/<family>.py``: each pairs an
experiment of ``claims/catalogue/<family>/experiments.py`` (``experiment(ctx: ExperimentContext) -> dict``) with
a render function here (``render(data, figures: Figures) -> str``). ``python -m claims report
--from-results PATH`` calls only the render functions, on the data of an earlier run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from claims.spec import ExperimentContext

Experiment = Callable[[ExperimentContext], dict[str, Any]]


@dataclass(frozen=True)
class Figures:
    """Where a render function saves its figures (PNG beside the report) and how markdown links them."""

    folder: Path
    link_prefix: str

    def save(self, fig, name: str, caption: str = "") -> str:
        """Save a matplotlib figure as ``name``.png, close it, and return the markdown image link."""
        fig.tight_layout()
        fig.savefig(self.folder / f"{name}.png", dpi=110)
        plt.close(fig)
        return self.link(name, caption or name)

    def link(self, name: str, caption: str) -> str:
        return f"![{caption}]({self.link_prefix}/{name}.png)"


@dataclass(frozen=True)
class Section:
    """One report section: ``experiment`` computes its data, ``render`` writes it (under the family's heading).

    ``claims``: the ids whose records the experiment runs (handed to it in ``ctx.claims``)."""

    family: str
    key: str
    title: str
    experiment: Experiment
    render: Callable[[dict[str, Any], Figures], str]
    claims: tuple[str, ...] = ()
