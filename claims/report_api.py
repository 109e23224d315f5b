"""What a family module gives the report beyond its claims' tables: sections with figures.

A family module may define ``REPORT_SECTIONS``, a tuple of functions ``section(ctx: ReportContext) ->
ReportSection``. The report calls each once per run, after every claim has been checked, and writes the
returned markdown under the family's heading, figures beside REPORT.md and ``data`` into results.json.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from claims.core import Result


@dataclass
class ReportContext:
    """profile: quick | standard | full. alpha: the α share of each section's own statistical tests.
    results: claim id → the Results of the report's runs of that claim. figure(name) → the path to save a
    figure to (PNG, via matplotlib's Agg backend); link it in markdown with ctx.link(path)."""

    profile: str
    device: torch.device
    dtype: torch.dtype
    alpha: float
    seed: int
    figures_dir: Path
    figures_link: str
    results: dict[str, list[Result]] = field(default_factory=dict)

    def figure(self, name: str) -> Path:
        return self.figures_dir / f"{name}.png"

    def link(self, path: Path, caption: str) -> str:
        return f"![{caption}]({self.figures_link}/{path.name})"


@dataclass
class ReportSection:
    title: str
    markdown: str
    data: dict[str, Any] = field(default_factory=dict)


Section = Callable[[ReportContext], ReportSection]
