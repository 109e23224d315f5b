"""Adapter for report sections still written in one piece (compute and draw together).

TEMPORARY: each such section is being split into an experiment (catalogue/<family>/experiments.py) and a
render function (report/sections/<family>.py). Until then the adapter runs the old function during the
experiment phase, keeps its markdown and data, and carries its PNG figures in the data (base64), so that
``--from-results`` can still re-render them.
"""

from __future__ import annotations

import base64
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from claims.report.section import Figures, Section
from claims.spec import ExperimentContext

_LINK = "@@FIGURES@@"


@dataclass
class ReportContext:
    """The old context of a one-piece section: figure(name) → a PNG path; link(path, caption) → markdown."""

    profile: str
    device: torch.device
    dtype: torch.dtype
    alpha: float
    seed: int
    figures_dir: Path
    figures_link: str
    results: dict[str, Any] = field(default_factory=dict)

    def figure(self, name: str) -> Path:
        return self.figures_dir / f"{name}.png"

    def link(self, path: Path, caption: str) -> str:
        return f"![{caption}]({self.figures_link}/{path.name})"


@dataclass
class ReportSection:
    title: str
    markdown: str
    data: dict[str, Any] = field(default_factory=dict)


def legacy_section(family: str, fn: Callable[[ReportContext], ReportSection], title: str) -> Section:
    def experiment(ctx: ExperimentContext) -> dict[str, Any]:
        with tempfile.TemporaryDirectory() as tmp:
            old = ReportContext(ctx.profile, ctx.device, ctx.dtype, ctx.alpha, ctx.seed, Path(tmp), _LINK)
            out = fn(old)
            figures = {p.stem: base64.b64encode(p.read_bytes()).decode() for p in sorted(Path(tmp).glob("*.png"))}
        return {"markdown": out.markdown, "data": out.data, "png": figures}

    def render(data: dict[str, Any], figures: Figures) -> str:
        for name, blob in data.get("png", {}).items():
            (figures.folder / f"{name}.png").write_bytes(base64.b64decode(blob))
        return data["markdown"].replace(_LINK, figures.link_prefix)

    return Section(family, fn.__name__.strip("_"), title, experiment, render)
