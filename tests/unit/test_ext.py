"""ext.lambda0_characterization's trial at the edges of its decision: more pairs than dimensions, and a λ̂0 within
its rounding tolerance of 0 where λ0 > 0 is predicted."""

import torch

from claims import get
from claims.spec import Instance
from models import two_layer
from models.numerics import eig_tolerance

F64 = torch.float64
CLAIM = get("ext.lambda0_characterization")


def _trial(params, batch=32, seed=0):
    return CLAIM.trial(Instance(CLAIM.resolve(params), 0), torch.Generator().manual_seed(seed), "cpu", F64, batch)


def test_more_pairs_than_dimensions_are_always_dependent():
    """p = 4 pair directions in R²: linearly dependent whatever was drawn, so λ0 = 0 is predicted for every trial
    and every trial passes. A trial that labelled half of them generic (as it does where p ≤ d) would predict
    λ0 > 0 for directions that cannot be independent."""
    out = _trial({"pairs": 4, "d": 2, "extra": 1})
    assert out.details["dependent"].all() and out.passed.all()
    assert (out.details["lambda0"] <= 1e-12).all()


def test_a_positive_prediction_within_rounding_of_zero_is_undecided(monkeypatch):
    """Where λ0 > 0 is predicted (generic directions) but λ̂0 lies within tol = 8n·eps·‖H∞‖_F of 0 (here λ_min
    replaced by tol/2), λ0 is not resolved from 0: undecided, never a failure; where λ0 = 0 is predicted the same
    λ̂0 is consistent with 0 and passes."""
    monkeypatch.setattr(two_layer, "lambda_min", lambda H: eig_tolerance(H) / 2)
    out = _trial({})
    dependent = out.details["dependent"]
    assert dependent.any() and (~dependent).any()
    assert out.passed[dependent].all() and out.undecided_mask()[~dependent].all()
    assert not (~out.passed & ~out.undecided_mask()).any()
