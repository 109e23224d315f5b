"""Trial of du2018a.fig1: the findings of the paper's Figure 1 (Section 6; Zhang's slides on the paper (2023)) as one
statement."""

from __future__ import annotations

import torch

from claims.spec import Instance, Outcome, compare_at_least, compare_at_most
from models import data, dynamics
from models.numerics import norm_tolerance

#: widths of the report's figure, m0·2^j (the paper's {500, …, 8000} = 500·2^j)
FIG1_MULTIPLES = (1, 2, 4, 8, 16)
#: widths of the claim: every other one of the doubling list, so one comparison is not lost in the noise of a
#: single initialisation
FIG1_CLAIM_MULTIPLES = (1, 4, 16)


def fig1(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: the experiment of Section 6 at the instance's size (X uniform on the sphere, y ~ N(0, I),
    fixed by the data stream; a fresh initialisation per width), ``steps`` GD steps of η = eta_scale/λ_max(H∞)
    at widths m0·(1, 4, 16) (models.dynamics.gd_over_widths). With k*(m) the number of steps at which
    ‖u_k − y‖² > loss_drop·‖u_0 − y‖², pass iff for consecutive widths m < m′ the three findings hold:

        k*(m′) ≤ (1 + slack)·k*(m) + 1                                   (larger m converges at least as fast)
        changed-pattern fraction at K (m′) < (m),  max_r ‖w_r(K) − w_r(0)‖ (m′) < (m)

    (the last two reversed for the mutant's ``trend`` = "rising"). The fitted slope of log distance on log m is
    recorded (Figure 1c: about −½). k* and the pattern counts are exact counts of the computed run, compared
    without tolerance (a tie fails the strict comparison); the distances are norms, decided three ways within
    their relative rounding (models.numerics.norm_tolerance): a pair within it of a tie is undecided.
    """
    p = instance.params
    g = instance.generator("data", device)
    X = data.sphere(p["n"], p["d"], generator=g, dtype=dtype, device=device)
    y = data.gaussian_labels(p["n"], generator=g, dtype=dtype, device=device)
    widths = [p["m0"] * k for k in FIG1_CLAIM_MULTIPLES]
    _, _, runs = dynamics.gd_over_widths(
        X, y, widths, generator=generator, steps=p["steps"], eta_scale=p["eta_scale"], batch=batch, every=0
    )
    res = torch.stack([r.residual_sq for r in runs], -2)  # (batch, widths, steps + 1)
    k_star = (res > p["loss_drop"] * res[..., :1]).sum(-1).to(dtype)
    pat = torch.stack([r.pattern_change[..., -1] for r in runs], -1)
    dist = torch.stack([r.distance[..., -1] for r in runs], -1)
    sign = 1 if p["trend"] == "falling" else -1
    k_bound = (1 + p["slack"]) * k_star[..., :-1] + 1
    logm = torch.log(torch.tensor(widths, dtype=dtype, device=device))
    logm = logm - logm.mean()
    dist_passed, dist_margin, dist_near = _trend(sign, dist, norm_tolerance(dtype))
    speed = (k_star[..., 1:] <= k_bound).all(-1)
    pat_passed, pat_margin, _ = _trend(sign, pat)
    return Outcome.all_passed(
        {
            "speed": (speed, (1 - k_star[..., 1:] / k_bound).amin(-1)),
            "patterns": (pat_passed, pat_margin),
            "distance": (dist_passed, dist_margin),
        },
        undecided=speed & pat_passed & dist_near,  # no verified violation, a distance pair within rounding
        details={
            "steps_to_drop_largest_m": k_star[..., -1],
            "pattern_change_largest_m": pat[..., -1],
            "distance_slope": (torch.log(dist) * logm).sum(-1) / (logm**2).sum(),
        },
    )


def _trend(sign: int, values: torch.Tensor, rel: float | None = None):
    """(passed, margin, undecided) of a strictly falling (sign 1) or rising (sign −1) sequence over the widths.
    ``rel`` None: exact counts, two-way (a tie fails). Otherwise each value is known to within the relative
    error ``rel``: each consecutive pair is decided by claims.spec.compare_at_most/at_least with tolerance
    rel·(the smaller width's value); passed iff every pair is, undecided iff none is reversed beyond it."""
    later, earlier = values[..., 1:], values[..., :-1]
    margin = (sign * (1 - later / earlier)).amin(-1)
    if rel is None:
        return margin > 0, margin, torch.zeros_like(margin, dtype=torch.bool)
    compare = compare_at_most if sign == 1 else compare_at_least
    ordered, near = compare(later, earlier, rel * earlier)
    passed = ordered.all(-1)
    return passed, margin, ~passed & (ordered | near).all(-1)
