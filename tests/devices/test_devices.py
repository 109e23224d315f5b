"""Verdicts agree across devices and dtypes for the same seed (README, "Devices and dtypes")."""

import pytest

from claims.engine.runner import run
from tests.cases import claim_cases

CLAIMS = list(claim_cases())


def _first_instance(claim):
    return claim.report_instances["quick"][0]


@pytest.mark.parametrize("claim", CLAIMS)
def test_verdict_on_device_agrees_with_cpu(claim, device):
    if device == "cpu":
        pytest.skip("the reference device itself")
    here = run(claim, params=_first_instance(claim), seed=11, device=device)
    ref = run(claim, params=_first_instance(claim), seed=11, device="cpu")
    assert here.verdict is ref.verdict, (here.to_json(), ref.to_json())


@pytest.mark.parametrize("claim", CLAIMS)
def test_float32_verdict_agrees_with_float64(claim):
    if claim.float32_skip:  # the record says why its float32 tolerances are not derived
        pytest.skip(claim.float32_skip)
    f32 = run(claim, params=_first_instance(claim), seed=12, dtype="float32")
    f64 = run(claim, params=_first_instance(claim), seed=12, dtype="float64")
    assert f32.verdict is f64.verdict, (f32.to_json(), f64.to_json())
