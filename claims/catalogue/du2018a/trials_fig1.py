"""Trial of du2018a.fig1: the findings of the paper's Figure 1 (Section 6; seed 001) as one statement."""

from __future__ import annotations

import torch

from claims.spec import Instance, Outcome
from models import data, dynamics

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
    recorded (Figure 1c: about −½). The quantities are exact counts and norms, compared without tolerance:
    a tie fails the strict comparisons, which only makes the claim harder to support.
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
    return Outcome.all_passed(
        {
            "speed": ((k_star[..., 1:] <= k_bound).all(-1), (1 - k_star[..., 1:] / k_bound).amin(-1)),
            "patterns": _trend(sign, pat),
            "distance": _trend(sign, dist),
        },
        details={
            "steps_to_drop_largest_m": k_star[..., -1],
            "pattern_change_largest_m": pat[..., -1],
            "distance_slope": (torch.log(dist) * logm).sum(-1) / (logm**2).sum(),
        },
    )


def _trend(sign: int, values: torch.Tensor):
    """(passed, margin) of a strictly falling (sign 1) or rising (sign −1) sequence over the widths."""
    margin = (sign * (1 - values[..., 1:] / values[..., :-1])).amin(-1)
    return margin > 0, margin
