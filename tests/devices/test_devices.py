"""Verdicts agree across devices and dtypes for the same seed (README, "Devices and dtypes")."""

import pytest

from claims.engine.runner import run
from tests.cases import claim_cases

CLAIMS = list(claim_cases(known_failures=False))  # the known failures are Hypothesis draws, not devices


def _first_instance(claim):
    return claim.report_instances["quick"][0]


#: the float32 comparison at the practical step where the first quick instance takes the literal one
#: (η = ¼λ0/n²: about 10⁴ GD steps a trial, 35 s a dtype on 2 cores); the literal instance runs under -m slow
PRACTICAL = {
    "du2018a.thm4.1": {"n": 5, "d": 10, "eta_scale": 1.0},
    "du2018a.cor4.1": {"n": 5, "d": 10, "eta_scale": 1.0},
}


@pytest.mark.parametrize("claim", CLAIMS)
def test_verdict_on_device_agrees_with_cpu(claim, device):
    if device == "cpu":
        pytest.skip("the reference device itself")
    here = run(claim, params=_first_instance(claim), seed=11, device=device)
    ref = run(claim, params=_first_instance(claim), seed=11, device="cpu")
    assert here.verdict is ref.verdict, (here.to_json(), ref.to_json())


def _float32_agrees(claim, params):
    if claim.float32_skip:  # the record says why its float32 tolerances are not derived
        pytest.skip(claim.float32_skip)
    f32 = run(claim, params=params, seed=12, dtype="float32")
    f64 = run(claim, params=params, seed=12, dtype="float64")
    assert f32.verdict is f64.verdict, (f32.to_json(), f64.to_json())


@pytest.mark.parametrize("claim", CLAIMS)
def test_float32_verdict_agrees_with_float64(claim):
    _float32_agrees(claim, PRACTICAL.get(claim.id, _first_instance(claim)))


@pytest.mark.slow
@pytest.mark.parametrize("claim", [c for c in CLAIMS if c.values[0].id in PRACTICAL])
def test_float32_verdict_agrees_with_float64_at_the_literal_step(claim):
    _float32_agrees(claim, _first_instance(claim))
