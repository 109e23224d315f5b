"""du2018a's trials on the boundary of their own conclusions: a quantity equal to its bound up to rounding is
undecided, never a verified failure, and a certificate that falls short of its bound never passes.

Each test places the boundary exactly where a first run measured the quantity (a trial's draws do not depend on
the bound, so a second run with the same seed measures the same value): ‖H(0) − H∞‖₂ for Lemma 3.1, the flow's
largest distance for Lemma 3.3's R′, and Lemma 3.2's certificate λ_max(B) against λ0/4 by bisection on the
radius. A comparison that ignored its rounding tolerance would call the first two violated; a certificate test
with slack would pass the third. The last test cuts Corollary 4.1's GD short of some trials' horizons.
"""

import math

import pytest
import torch

from claims import get
from claims.catalogue.du2018a import trials_gd
from claims.spec import Instance

F64 = torch.float64


def _trial(claim_id: str, params: dict, batch: int, seed: int = 0):
    claim = get(claim_id)
    return claim.trial(Instance(claim.resolve(params), 0), torch.Generator().manual_seed(seed), "cpu", F64, batch)


def _failed(out) -> torch.Tensor:
    return ~out.passed & ~out.undecided_mask()


def test_lemma3_1_deviation_equal_to_its_bound_is_undecided():
    params = {"n": 5, "d": 10, "m": 300}
    first = _trial("du2018a.lemma3.1", params, 2)
    dev, lam0 = first.details["deviation"], first.details["lambda0"]
    on = _trial("du2018a.lemma3.1", {**params, "bound_factor": float(dev[0] / lam0[0])}, 2)
    assert torch.equal(on.details["deviation"], dev)  # the same draws: the bound only moved
    assert bool(on.undecided_mask()[0]) and not bool(_failed(on)[0]) and not bool(on.passed[0])


def test_lemma3_3_distance_equal_to_r_prime_is_undecided():
    params = {"n": 4, "d": 8, "m": 60}
    first = _trial("du2018a.lemma3.3", params, 2)
    slack = float(first.details["slack"][0])  # largest distance / R′ of trial 0
    assert 0 < slack < 1 and bool(first.passed[0])
    on = _trial("du2018a.lemma3.3", {**params, "rprime_factor": 2.0 * slack}, 2)
    assert math.isclose(float(on.details["slack"][0]), 1.0, rel_tol=1e-12)
    assert bool(on.undecided_mask()[0]) and not bool(_failed(on)[0])


def test_lemma3_2_passes_only_where_its_certificate_proves_the_bound():
    """The radius is bisected until trial 0's certificate λ_max(B) lies just above λ0/4 (within 10 %): the lemma's
    first conclusion is then not proven there, and the trial must not pass (the adversaries verify no violation at
    this radius, so it is undecided). At the radius just below, the certificate is under λ0/4 and the trial passes,
    or is undecided where the Weyl part of the certificate does not prove λ_min(H) > λ0/2."""
    params = {"n": 5, "d": 10, "m": 400, "radius_power": 0.0}

    def ratio(c):  # λ_max(B)/(λ0/4) of trial 0 at radius_factor c, and the outcome
        out = _trial("du2018a.lemma3.2", {**params, "radius_factor": c}, 1)
        lam0 = out.details["R"][0] / out.details["R_over_lambda0"][0]
        return float(out.details["certificate"][0] / (lam0 / 4)), out

    lo, hi = 1e-6, 10.0
    above, out = ratio(hi)
    assert ratio(lo)[0] < 1 < above
    for _ in range(60):
        if above < 1.1:
            break
        mid = math.sqrt(lo * hi)
        at_mid = ratio(mid)
        if at_mid[0] < 1:
            lo = mid
        else:
            hi, (above, out) = mid, at_mid
    assert 1 <= above < 1.1  # the certificate falls short by under 10 %
    assert not bool(out.passed[0]) and bool(out.undecided_mask()[0])
    below, inside = ratio(lo)
    assert below < 1 and (bool(inside.passed[0]) or bool(inside.undecided_mask()[0]))  # Weyl's part may not prove


def test_cor4_1_is_undecided_where_its_horizon_was_not_reached():
    """Corollary 4.1 along GD to ηλ0K = horizon: at the practical step 1/λ_max(H(0)) each trial has its own K.
    With max_steps between the smallest and the largest K, the trials whose K exceeds it were cut short: their
    distance so far is no evidence for the whole run, so they are undecided, never passed."""
    claim = get("du2018a.cor4.1")
    params = {"eta_scale": 1.0, "max_steps": 11}  # K is 11 or 12 at seed 0 (measured)
    inst = Instance(claim.resolve(params), 0)
    *_, steps, reached = trials_gd.gd_setup(inst, torch.Generator().manual_seed(0), "cpu", F64, 8)
    assert steps == 11 and bool(reached.any()) and not bool(reached.all())
    out = claim.trial(inst, torch.Generator().manual_seed(0), "cpu", F64, 8)
    assert bool(out.undecided_mask()[~reached].all())


def test_thm3_2_residual_within_the_integration_error_of_its_bound_is_undecided():
    """The flow is run with one halving at a tolerance no run meets, so its trajectory and error estimate
    (2·|r_h − r_{h/2}|) do not depend on the rate; the rate is then set so that the bound e^{−rλ0 t}‖u(0) − y‖²
    lies half trial 0's error estimate below its residual at the time where that is tightest. The residual
    exceeds its bound by far more than rounding, but by less than the integration error: undecided, never a
    verified failure (a comparison without the error estimate would call it violated)."""
    from claims.catalogue.du2018a import trials_flow

    params = {"n": 4, "d": 8, "m": 60, "flow_tol": 1e-15, "max_refinements": 1}
    claim = get("du2018a.thm3.2")
    traj, lam0, _, _ = trials_flow.flow_run(
        Instance(claim.resolve(params), 0), torch.Generator().manual_seed(0), "cpu", F64, 2
    )
    res, err, t = traj.residual_sq[0, 1:], traj.error[0, 1:], traj.times[1:]
    assert bool((err > 1e-9 * res).all())  # far above the comparison's rounding
    exponent = float((-torch.log((res - err / 2) / traj.residual_sq[0, 0]) / t).amin())
    on = _trial("du2018a.thm3.2", {**params, "rate_factor": exponent / lam0}, 2)
    assert bool(on.undecided_mask()[0]) and not bool(_failed(on)[0]) and not bool(on.passed[0])


@pytest.mark.parametrize(
    ("claim_id", "false_constant"),
    [("du2018a.thm4.1", {"rate_factor": 3.0}), ("du2018a.cor4.1", {"rprime_factor": 0.01})],
)
def test_a_violation_before_an_unreached_horizon_is_verified(claim_id, false_constant):
    """Both conclusions hold at every step k, so a violation within the steps run refutes them even where the
    trial's own horizon lies beyond max_steps: such a trial fails. Where the same trial passes (the claim's own
    constants), it is short of its horizon and passes nothing: undecided."""
    params = {"eta_scale": 1.0, "max_steps": 11}  # K is 11 or 12 at seed 0 (measured)
    claim = get(claim_id)
    inst = Instance(claim.resolve(params), 0)
    *_, reached = trials_gd.gd_setup(inst, torch.Generator().manual_seed(0), "cpu", F64, 8)
    assert bool(reached.any()) and not bool(reached.all())
    held = _trial(claim_id, params, 8)
    assert bool(held.passed[reached].all()) and bool(held.undecided_mask()[~reached].all())
    violated = _trial(claim_id, params | false_constant, 8)
    assert bool(_failed(violated).all())  # the unreached trials' violations included
