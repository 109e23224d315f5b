"""The two conclusions shared by the training claims of du2018a (Sections 3 and 4), decided three ways.

* a decay rate: ‖u(t) − y‖² ≤ e^{−c·t}‖u(0) − y‖² at every recorded t > 0 (t the flow's time, or the GD step k
  with c = −ln(1 − rate_factor·ηλ0)); its margin is in log-rate units, (measured decay exponent / claimed) − 1,
  the measured exponent at t being −ln(‖u(t) − y‖²/‖u(0) − y‖²)/t, the worst over t;
* a radius: max_k max_r ‖w_r(k) − w_r(0)‖ ≤ R′; margin 1 − distance/R′.

A comparison is *violated* only beyond its rounding tolerance and the computation's own error estimate (the
flow's integration error), *holds* only when the estimate cannot overturn it, and is undecided in between
(claims.spec.compare_at_most with the two added: within them of the boundary nothing is decided).
"""

from __future__ import annotations

import math

import torch

from claims.spec import compare_at_most
from models.numerics import norm_tolerance, undecided_unless


def decay(res, times, exponent, *, err=0.0, rel=0.0, ab=0.0, valid=None):
    """(holds, violated, margin) of res[..., t] ≤ e^{−exponent·times[t]}·res[..., 0] for every t > 0.

    ``res`` (B, T), ``times`` (T,), ``exponent`` broadcasting against (B, 1) (inf: the bound is 0); ``err``
    (B, T) or a float: the absolute error of res (inf: unknown); rel·bound + ab is the rounding of the
    comparison. Holds at t iff res + err + tol ≤ bound, violated iff res − err − tol > bound, else undecided.
    A NaN residual is undecided, not a violation: a flow's loss never grows, so NaN there is its integrator
    failing (the stiff flow of large labels with a trained), and GD that diverges shows finite residuals above the
    bound, or +inf, before any NaN. ``valid`` (B, T) bool, if given: where False, res[..., t] is not known to be
    the run's (a reduced run's certificate had failed by t), and t decides nothing, nor enters the margin.
    """
    res, later = torch.as_tensor(res), slice(1, None)
    bound = torch.exp(-exponent * times) * res[..., :1]
    holds, near = compare_at_most(res, bound, err + bound * rel + ab)
    holds, near = undecided_unless(~torch.isnan(res) if valid is None else ~torch.isnan(res) & valid, holds, near)
    violated = ~holds & ~near
    measured = -torch.log(res[..., later] / res[..., :1]) / times[later]
    margin = torch.where(torch.isnan(res[..., later]), -math.inf, measured / exponent - 1)
    margin = torch.nan_to_num(margin, nan=0.0)  # 0/0 and inf/inf: a residual of exactly 0 against a zero bound
    if valid is not None:  # a time that decides nothing shows nothing of the margin either
        margin = torch.where(valid[..., later], margin, math.inf)
    return holds[..., later].all(-1), violated[..., later].any(-1), margin.amin(-1)


def radius(distance, bound, dtype):
    """(holds, violated, margin, slack) of distance ≤ bound, three-way within the relative rounding of the norms
    (models.numerics.norm_tolerance) of the boundary. ``slack`` = distance/bound (the report's column)."""
    holds, near = compare_at_most(distance, bound, bound * norm_tolerance(dtype))
    return holds, ~holds & ~near, 1 - distance / bound, distance / bound
