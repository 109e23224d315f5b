"""Verdicts agree across devices and dtypes for the same seed (DESIGN.md, "Devices and dtypes")."""

import pytest

from claims import all_claims
from claims.engine.runner import run

CLAIMS = [pytest.param(c, id=c.id) for c in all_claims()]

#: claims whose tolerances are not yet derived for float32, with the reason (SciPy-style named skip list)
FLOAT32_SKIPS: dict[str, str] = {}


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
    if claim.id in FLOAT32_SKIPS:
        pytest.skip(FLOAT32_SKIPS[claim.id])
    f32 = run(claim, params=_first_instance(claim), seed=12, dtype="float32")
    f64 = run(claim, params=_first_instance(claim), seed=12, dtype="float64")
    assert f32.verdict is f64.verdict, (f32.to_json(), f64.to_json())
