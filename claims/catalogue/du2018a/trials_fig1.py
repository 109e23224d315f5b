"""Trial of du2018a.fig1: the findings of the paper's Figure 1 (Section 6; Zhang's slides on the paper (2023)) as one
statement."""

from __future__ import annotations

import math

import torch

from claims.engine.resources import Cost
from claims.spec import Instance, Outcome, compare_at_least, compare_at_most
from models import data, dynamics
from models.numerics import all_three_way, norm_tolerance

#: widths of the report's figure, m0·2^j (the paper's {500, …, 8000} = 500·2^j)
FIG1_MULTIPLES = (1, 2, 4, 8, 16)
#: widths of the claim: every other one of the doubling list, so one comparison is not lost in the noise of a
#: single initialisation
FIG1_CLAIM_MULTIPLES = (1, 4, 16)


def fig1_cost(params) -> Cost:
    """(claims.engine.resources) A trial runs GD at the widths m0·(1, 4, 16) in turn, so it holds the widest:
    W(0), W and the gradient (3·16·m0·d), its pre-activations and the patterns at W(0) and at W (3·16·m0·n,
    counted whole although models.dynamics forms the pre-activations in chunks). Each of the ``steps`` steps costs
    about 4·n·d·m flops a width (models.dynamics.gradient_descent), and λ_max(H∞) an n³ eigensolve. The generic
    rule read m0 as the width: at n = d = 100, m0 = 200 it estimated a fifth of what the trials held
    (benchmarks.memory_estimates)."""
    n, d, m0, steps = params["n"], params["d"], params["m0"], params["steps"]
    widest = m0 * max(FIG1_CLAIM_MULTIPLES)
    flops = steps * sum(4.0 * n * d * m0 * k for k in FIG1_CLAIM_MULTIPLES) + 2.0 * n * n * d + 10.0 * float(n) ** 3
    return Cost(widest * 3 * (d + n), flops, steps * len(FIG1_CLAIM_MULTIPLES), every_copy=True)


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
    Two comparisons read nothing and are undecided: a k* censored at K + 1 (the loss never fell below
    loss_drop·‖u_0 − y‖² within the K steps: k* ≥ K + 1 only) where the bound cannot be decided from that
    (:func:`_speed`), and a pattern pair with no pattern changed at either width (0 against 0: no trend to
    read, as with a step too small to move the weights). Each had been read as a pass or as a failure.
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
    logm = torch.log(torch.tensor(widths, dtype=dtype, device=device))
    logm = logm - logm.mean()
    speed_passed, speed_margin, speed_open = _speed(k_star, p["slack"], p["steps"])
    pat_passed, pat_margin, pat_open = _trend(sign, pat)
    dist_passed, dist_margin, dist_open = _trend(sign, dist, norm_tolerance(dtype))
    # a verified violation of any finding fails the trial whatever the others read; otherwise an open one leaves
    # it undecided
    _, undecided = all_three_way((speed_passed, speed_open), (pat_passed, pat_open), (dist_passed, dist_open))
    return Outcome.all_passed(
        {
            "speed": (speed_passed, speed_margin),
            "patterns": (pat_passed, pat_margin),
            "distance": (dist_passed, dist_margin),
        },
        undecided=undecided,
        details={
            "steps_to_drop_largest_m": k_star[..., -1],
            "pattern_change_largest_m": pat[..., -1],
            "distance_slope": (torch.log(dist) * logm).sum(-1) / (logm**2).sum(),
        },
    )


def _speed(k_star: torch.Tensor, slack: float, steps: int):
    """(passed, margin, undecided) of k*(m′) ≤ (1 + slack)·k*(m) + 1 for consecutive widths, where k* = K + 1
    means censored (k* ≥ K + 1). A censored k*(m) makes the bound at least (1 + slack)(K + 1) + 1 > K, so an
    uncensored k*(m′) passes; a censored k*(m′) fails only where the bound from an uncensored k*(m) is below
    K + 1, and is undecided otherwise (neither run reached the drop, or the bound lies past the horizon)."""
    earlier, later = k_star[..., :-1], k_star[..., 1:]
    bound = (1 + slack) * earlier + 1
    early_cut, late_cut = earlier > steps, later > steps
    passed = ~late_cut & (early_cut | (later <= bound))
    failed = ~early_cut & ((~late_cut & (later > bound)) | (late_cut & (bound < steps + 1)))
    margin = (1 - later / bound).amin(-1)
    return passed.all(-1), margin, ~passed.all(-1) & ~failed.any(-1)


def _trend(sign: int, values: torch.Tensor, rel: float | None = None):
    """(passed, margin, undecided) of a strictly falling (sign 1) or rising (sign −1) sequence over the widths.
    ``rel`` None: exact counts, two-way (a tie fails), except a pair of zeros (nothing counted at either width),
    which is undecided. Otherwise each value is known to within the relative
    error ``rel``: each consecutive pair is decided by claims.spec.compare_at_most/at_least with tolerance
    rel·(the smaller width's value); passed iff every pair is, undecided iff none is reversed beyond it."""
    later, earlier = values[..., 1:], values[..., :-1]
    if rel is None:
        zeros = (later == 0) & (earlier == 0)
        safe = torch.where(zeros, torch.ones_like(earlier), earlier)  # 0/0 is no ratio; x/0 (x > 0) is +inf
        ratio = torch.where(zeros, torch.ones_like(later), later / safe)
        pair = sign * (1 - ratio)
        ordered = pair > 0
        failed = (~ordered & ~zeros).any(-1)
        margin = torch.where(zeros, torch.full_like(pair, math.inf), pair).amin(-1)
        margin = torch.where(torch.isinf(margin), torch.zeros_like(margin), margin)
        return ordered.all(-1), margin, ~ordered.all(-1) & ~failed
    margin = (sign * (1 - later / earlier)).amin(-1)
    compare = compare_at_most if sign == 1 else compare_at_least
    ordered, near = compare(later, earlier, rel * earlier)
    passed = ordered.all(-1)
    return passed, margin, ~passed & (ordered | near).all(-1)
