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


#: how far outside the quartiles a margin may lie, in interquartile ranges, before it is clipped to the axis
FENCE_IQR = 3.0


@dataclass(frozen=True)
class Clip:
    """The range a histogram draws and how many values lie beyond it on each side (drawn at its edges)."""

    lo: float
    hi: float
    below: int
    above: int
    smallest: float
    largest: float


def clip_outliers(samples: list[np.ndarray], fence: float = FENCE_IQR) -> Clip:
    """The drawn range of several samples pooled: Tukey's far fences (quartiles ∓ ``fence`` IQR, widened to the
    samples within them), so that one far value (a −69 among margins in [0, 1]) is marked at the axis instead of
    squeezing the others into one bin; every value drawn when the samples have no spread."""
    pooled = np.concatenate([np.asarray(x, float).ravel() for x in samples] or [np.zeros(0)])
    pooled = pooled[np.isfinite(pooled)]
    if not pooled.size:
        return Clip(0.0, 0.0, 0, 0, 0.0, 0.0)
    q1, q3 = np.quantile(pooled, [0.25, 0.75])
    lo_fence, hi_fence = q1 - fence * (q3 - q1), q3 + fence * (q3 - q1)
    if q3 <= q1:  # most values coincide: nothing is far from a spread that is not there
        lo_fence, hi_fence = -np.inf, np.inf
    inside = pooled[(pooled >= lo_fence) & (pooled <= hi_fence)]
    lo, hi = float(inside.min()), float(inside.max())
    return Clip(lo, hi, int((pooled < lo).sum()), int((pooled > hi).sum()), float(pooled.min()), float(pooled.max()))


def _mark_clipped(ax, clip: Clip) -> None:
    """A triangle at each clipped edge of the x axis, with how many values lie beyond it and the farthest."""
    for count, x, far, marker, align in (
        (clip.below, clip.lo, clip.smallest, "<", "left"),
        (clip.above, clip.hi, clip.largest, ">", "right"),
    ):
        if count:
            ax.plot([x], [1.0], marker=marker, color="crimson", ms=7, transform=ax.get_xaxis_transform(), clip_on=False)
            ax.annotate(
                f"{count} beyond, drawn at this edge ({'min' if marker == '<' else 'max'} {far:.3g})",
                (x, 0.97),
                xycoords=("data", "axes fraction"),
                ha=align,
                va="top",
                fontsize=7,
                color="crimson",
            )


def margin_figure(figures: Figures, claim_id: str, results: list[dict], labels: list[str]) -> str:
    fig, ax = plt.subplots(figsize=(6, 2.8))
    samples = []
    for r in results:
        m = np.asarray(r.get("margins", ()), dtype=float)
        samples.append(m[np.isfinite(m)])  # a diverged run's margin is −inf: counted in the table, not drawable
    clip = clip_outliers(samples)
    for m, label in zip(samples, labels, strict=True):
        if m.size:
            shown = np.clip(m, clip.lo, clip.hi)  # outliers land in the edge bins, marked below
            ax.hist(shown, bins=bin_edges(np.array([clip.lo, clip.hi])), alpha=0.6, label=label[:60])
    ax.axvline(0, color="k", lw=1)
    _mark_clipped(ax, clip)
    ax.set_xlabel("margin: normalised distance from violation (< 0 fails)")
    ax.set_ylabel("trials (count)")
    ax.legend(fontsize=6)
    return figures.save(fig, f"margins_{claim_id.replace('.', '_')}", f"margins of {claim_id}")


def scaling_axes(record: dict) -> tuple[str, str]:
    """The quantities a scaling claim's fit relates (its record's ``axes``; generic words for a results.json
    written before the records named them)."""
    axes = record.get("axes")
    return tuple(axes) if axes else ("the claim's size variable (log scale)", "the measured quantity (log scale)")


def scaling_figure(figures: Figures, claim_id: str, results: list[dict], labels: list[str], record: dict) -> str:
    """log-log scatter of a scaling claim's measurements with each instance's fitted line and interval."""
    fig, ax = plt.subplots(figsize=(6, 3.4))
    for r, label in zip(results, labels, strict=True):
        pts = np.asarray(r["extras"].get("points", []), dtype=float).reshape(-1, 2)
        if not len(pts):
            continue
        dots = ax.scatter(pts[:, 0], pts[:, 1], s=6, alpha=0.5)
        xs = np.geomspace(pts[:, 0].min(), pts[:, 0].max(), 20)
        ex = r["extras"]
        ci = ex.get("exponent_ci")
        interval = f" [{ci[0]:.2f}, {ci[1]:.2f}]" if ci else ""
        ax.plot(
            xs,
            np.exp(ex["intercept"]) * xs ** ex["exponent"],
            color=dots.get_facecolor()[0][:3],
            label=f"{label[:48]}: b = {ex['exponent']:.2f}{interval}",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    x_name, y_name = scaling_axes(record)
    ax.set_xlabel(x_name, fontsize=8)
    ax.set_ylabel(y_name, fontsize=8)
    extras = results[0]["extras"]
    relation = Relation(extras.get("relation", "equal"))
    theory = extras.get("theory_exponent")
    theory = f"{theory:.4g}" if isinstance(theory, float) else str(theory)
    ax.set_title(f"fit: y ∝ x^b (interval in brackets); theory: b {relation.symbol} {theory}", fontsize=9)
    ax.legend(fontsize=6)
    return figures.save(fig, f"scaling_{claim_id.replace('.', '_')}", f"measurements of {claim_id}")
