"""Where the report's figures go (:class:`Figures`), and the figures of the per-claim sections: margin histograms
and the measurements of scaling claims."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from claims.spec import Relation


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


def bin_edges(m: np.ndarray, bins: int = 30) -> np.ndarray:
    """Strictly increasing edges over [min, max]; one unit-wide bin when the margins (nearly) coincide."""
    lo, hi = float(m.min()), float(m.max())
    edges = np.unique(np.linspace(lo, hi, bins + 1)) if hi > lo else np.zeros(0)
    return edges if edges.size >= 2 else np.array([lo - 0.5, lo + 0.5])


def margin_figure(figures: Figures, claim_id: str, results: list[dict], labels: list[str]) -> str:
    fig, ax = plt.subplots(figsize=(6, 2.6))
    for r, label in zip(results, labels, strict=True):
        m = np.asarray(r.get("margins", ()), dtype=float)
        m = m[np.isfinite(m)]  # a diverged run's margin is −inf: counted in the table, not drawable
        if m.size:
            ax.hist(m, bins=bin_edges(m), alpha=0.6, label=label[:48])
    ax.axvline(0, color="k", lw=1)
    ax.set_xlabel("margin (distance from violation; < 0 fails)")
    ax.set_ylabel("trials")
    ax.legend(fontsize=6)
    return figures.save(fig, f"margins_{claim_id.replace('.', '_')}", f"margins of {claim_id}")


def scaling_figure(figures: Figures, claim_id: str, results: list[dict], labels: list[str]) -> str:
    """log-log scatter of a scaling claim's measurements (size, value) with each instance's fitted line."""
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for r, label in zip(results, labels, strict=True):
        pts = np.asarray(r["extras"].get("points", []), dtype=float).reshape(-1, 2)
        if not len(pts):
            continue
        dots = ax.scatter(pts[:, 0], pts[:, 1], s=6, alpha=0.5)
        xs = np.geomspace(pts[:, 0].min(), pts[:, 0].max(), 20)
        ax.plot(
            xs,
            np.exp(r["extras"]["intercept"]) * xs ** r["extras"]["exponent"],
            color=dots.get_facecolor()[0][:3],
            label=f"{label[:40]}: b = {r['extras']['exponent']:.2f}",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("size")
    ax.set_ylabel("value")
    extras = results[0]["extras"]
    relation = Relation(extras.get("relation", "equal"))
    ax.set_title(f"fitted value ∝ size^b; theory b {relation.symbol} {extras.get('theory_exponent')}", fontsize=9)
    ax.legend(fontsize=6)
    return figures.save(fig, f"scaling_{claim_id.replace('.', '_')}", f"measurements of {claim_id}")
