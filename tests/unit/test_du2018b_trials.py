"""du2018b.thm5.1's decision on a trajectory (claims.catalogue.du2018b.trials.rate_check), on residuals built to sit
on, within and beyond the bound ‖u(k) − y‖² ≤ base^k‖u(0) − y‖²: within the rounding allowance nothing is
violated, a horizon past the steps run leaves a trial that held undecided, and a violation in the steps run is
verified whatever the horizon."""

import torch

from claims.catalogue.du2018b.trials import rate_check

F64 = torch.float64
REL, AB = 1e-10, 1e-30  # an allowance as rate_tolerance gives, larger than the residuals' rounding here


def _check(last: float, horizon: float):
    res = torch.tensor([[1.0, 0.5, last]], dtype=F64)  # base ½: the bound at k = 2 is ¼
    passed, _margin, undecided = rate_check(
        res, torch.tensor([0.5], dtype=F64), torch.tensor([horizon], dtype=F64), REL, AB
    )
    return bool(passed[0]), bool(undecided[0])


def test_on_the_bound_and_within_the_allowance_is_not_violated():
    assert _check(0.25, 2) == (True, False)
    assert _check(0.25 * (1 + REL / 2), 2) == (True, False)  # above the bound by half the allowance


def test_beyond_the_allowance_is_a_verified_violation_at_any_horizon():
    assert _check(0.25 * (1 + 2 * REL), 2) == (False, False)
    assert _check(0.3, 10) == (False, False)  # seen in the steps run, though the horizon lies beyond them


def test_a_horizon_past_the_steps_run_is_undecided():
    """K = 10 steps asked, 2 run: the bound held on what was run, which proves nothing about k = 3..10."""
    assert _check(0.2, 10) == (True, True)
