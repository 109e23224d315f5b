"""Where the report's figures go (:class:`Figures`), and the figures of the per-claim sections: margin histograms
and the measurements of scaling claims."""

from __future__ import annotations

import textwrap
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
    #: put before every figure's name: a section rendered twice in one report (a run at scale) keeps its own files
    prefix: str = ""

    def save(self, fig, name: str, caption: str = "") -> str:
        """Save a matplotlib figure as ``name``.png, close it, and return the markdown image link."""
        fig.tight_layout()
        fig.savefig(self.folder / f"{self.prefix}{name}.png", dpi=110)
        plt.close(fig)
        return self.link(name, caption or name)

    def link(self, name: str, caption: str) -> str:
        return f"![{caption}]({self.link_prefix}/{self.prefix}{name}.png)"


#: a spread below this share of the values' size is no spread a reader can see: the margins coincide
COINCIDE = 1e-6


def coincide(lo: float, hi: float) -> bool:
    """Whether values in [lo, hi] coincide at any precision a figure can show (1 − 5e-9 and 1 do)."""
    return hi - lo <= COINCIDE * max(1.0, abs(lo), abs(hi))


def bin_edges(m: np.ndarray, bins: int = 30) -> np.ndarray:
    """Strictly increasing edges over [min, max]; one narrow bin (2 % of the value's size) round their middle
    when the margins coincide (:func:`coincide`), so that neither a block nor an invisible sliver is drawn."""
    lo, hi = float(m.min()), float(m.max())
    if coincide(lo, hi):
        mid = (lo + hi) / 2
        half = 0.01 * max(1.0, abs(mid))
        return np.array([mid - half, mid + half])
    return np.unique(np.linspace(lo, hi, bins + 1))


#: how far outside the quartiles a margin may lie, in interquartile ranges, before it is clipped to the axis
FENCE_IQR = 3.0
#: the largest share of the values beyond a fence that is clipped as outliers (more is a tail, drawn in full)
OUTLIER_SHARE = 0.02


@dataclass(frozen=True)
class Clip:
    """The range a histogram draws and how many values lie beyond it on each side (drawn at its edges)."""

    lo: float
    hi: float
    below: int
    above: int
    smallest: float
    largest: float


def clip_outliers(samples: list[np.ndarray], fence: float = FENCE_IQR, share: float = OUTLIER_SHARE) -> Clip:
    """The drawn range of several samples pooled: Tukey's far fences (quartiles ∓ ``fence`` IQR, narrowed to the
    samples within them), so that a few far values (a −69 among margins in [0, 1]) are marked at the axis instead
    of squeezing the others into one bin. A side is clipped only where at most ``share`` of the values (at least
    one) lie beyond its fence (more is a tail, drawn in full) and the farthest lies more than the kept range away
    from it; every value is drawn when the samples have no spread."""
    pooled = np.concatenate([np.asarray(x, float).ravel() for x in samples] or [np.zeros(0)])
    pooled = pooled[np.isfinite(pooled)]
    if not pooled.size:
        return Clip(0.0, 0.0, 0, 0, 0.0, 0.0)
    q1, q3 = np.quantile(pooled, [0.25, 0.75])
    lo_fence, hi_fence = q1 - fence * (q3 - q1), q3 + fence * (q3 - q1)
    few = max(1, int(share * pooled.size))
    if q3 <= q1 or (pooled < lo_fence).sum() > few:  # no spread, or a tail rather than outliers: draw it all
        lo_fence = -np.inf
    if q3 <= q1 or (pooled > hi_fence).sum() > few:
        hi_fence = np.inf
    inside = pooled[(pooled >= lo_fence) & (pooled <= hi_fence)]
    lo, hi = float(inside.min()), float(inside.max())
    smallest, largest = float(pooled.min()), float(pooled.max())
    # clip a side only where that saves more of the axis than the values kept take: outliers are far ones
    lo = lo if lo - smallest > hi - lo else smallest
    hi = hi if largest - hi > hi - lo else largest
    return Clip(lo, hi, int((pooled < lo).sum()), int((pooled > hi).sum()), smallest, largest)


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


def _zero_line(ax, clip: Clip) -> str:
    """The line of violation, margin 0, or where it lies more than two data widths away, the words that say so
    (for the axis label), so that margins far from violation are not squeezed into slivers beside an empty axis."""
    span = max(clip.hi - clip.lo, abs(clip.hi) * 1e-3, 1e-12)
    if clip.lo > 2 * span:
        return "\n0 lies off the axis, to the left"
    if clip.hi < -2 * span:
        return "\n0 lies off the axis, to the right"
    ax.axvline(0, color="k", lw=1)
    return ""


def _wrap(label: str, width: int = 64) -> str:
    """A legend entry on lines of at most ``width`` characters, whole (a cut label would hide a parameter)."""
    return textwrap.fill(label, width, break_on_hyphens=False)


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
            ax.hist(shown, bins=bin_edges(np.array([clip.lo, clip.hi])), alpha=0.6, label=_wrap(label))
    where_zero = _zero_line(ax, clip)
    _mark_clipped(ax, clip)
    if coincide(clip.lo, clip.hi):  # no offset text ('1e−9 + 9.99e−1') over the label: say the value instead
        mid = (clip.lo + clip.hi) / 2
        ax.set_xlim(mid - 0.1 * max(1.0, abs(mid)), mid + 0.1 * max(1.0, abs(mid)))  # the bar, not a block
        ax.ticklabel_format(axis="x", useOffset=False)
        where_zero += f"\nevery margin drawn is {(clip.lo + clip.hi) / 2:.6g} (spread {clip.hi - clip.lo:.1g})"
    ax.set_xlabel(f"margin: normalised distance from violation (< 0 fails){where_zero}")
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
            label=_wrap(f"{label}: b = {ex['exponent']:.2f}{interval}"),
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
