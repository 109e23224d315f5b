"""Hypothesis strategies of deep-linear instances (``dims`` strings "d0,d1,…,d_(H+1)"), and the parameters of a
claimed global value, shared by the clc2018 and kawaguchi2016 families."""

from __future__ import annotations

from hypothesis import strategies as st

from claims.spec import Param
from models.deep_linear import dims_text


def global_value_params() -> tuple[Param, ...]:
    """gap_rel, the pass tolerance of "L is the claimed global value L*" (below 1, so that the threshold stays
    under the next critical value), and rank_offset, the mutant's L* with more singular values fitted."""
    return (
        Param(
            "gap_rel",
            1e-2,
            "L − L* ≤ gap_rel·½(σ_r² − σ_{r+1}²) (< 1: at 1 a run stuck at the next critical value passes)",
            float,
            open_unit=True,
        ),
        Param("rank_offset", 0, "mutant: global value with r + offset singular values", int, minimum=0),
    )


def dims_strategy(depth_max: int, width_max: int, equal: bool = False):
    """H ∈ [1, depth_max] hidden layers, widths in [1, width_max] (all equal, ≥ 2, with ``equal``)."""
    if equal:
        return st.tuples(st.integers(1, depth_max), st.integers(2, width_max)).map(
            lambda hd: dims_text((hd[1],) * (hd[0] + 2))
        )
    return st.integers(1, depth_max).flatmap(
        lambda h: st.lists(st.integers(1, width_max), min_size=h + 2, max_size=h + 2).map(dims_text)
    )


def bottleneck_dims(depth_max: int):
    """d0, d_y ∈ [2, 4], hidden widths ≥ r with one of them r < min(d0, d_y)."""
    return st.tuples(st.integers(2, 4), st.integers(2, 4), st.integers(1, depth_max), st.integers(0, 2)).map(
        lambda t: dims_text((t[0], *([min(t[0], t[1]) - 1] + [min(t[0], t[1]) - 1 + t[3]] * (t[2] - 1)), t[1]))
    )


def decreasing_dims(width_max: int):
    """One hidden layer, d0 ≥ d1 ≥ d2, widths in [1, width_max]."""
    return st.lists(st.integers(1, width_max), min_size=3, max_size=3).map(
        lambda ds: {"dims": dims_text(sorted(ds, reverse=True))}
    )


def critical_dims(depth_max: int):
    """d_y ∈ [1, 3], d0 ∈ [d_y, d_y + 2], hidden widths d_y + 1 (every width ≥ d_y)."""
    return st.tuples(st.integers(1, 3), st.integers(1, depth_max), st.integers(0, 2)).map(
        lambda t: {"dims": dims_text((t[0] + t[2],) + (t[0] + 1,) * t[1] + (t[0],))}
    )
