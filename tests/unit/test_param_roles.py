"""A parameter declares its role (claims.spec.Role), and the engine reads the roles, never the names: the memory
and work estimate (claims.engine.resources), the design's trial count and the resolution's exponents."""

import dataclasses

import pytest
import torch
from hypothesis import strategies as st

from claims.engine.design import design_for
from claims.engine.resolution import constants, is_additive, perturbed_value
from claims.engine.resources import STEP_FLOPS, estimate, iteration_counts, size_parameters
from claims.engine.runner import prepare
from claims.spec import ByProfile, Claim, Kind, Outcome, Param, Role, Source, loose
from models.checks import InvalidInputError


def _trial(instance, generator, device, dtype, batch):  # pragma: no cover - never run here
    return Outcome(torch.ones(batch, dtype=torch.bool), torch.ones(batch), torch.ones(batch, dtype=torch.bool))


def _claim(*params: Param, kind=Kind.FORALL, **kw) -> Claim:
    return Claim(
        id="synthetic.roles",
        title="a synthetic claim",
        source=Source("nobody", "Theorem 0", "-", ""),
        statement="x ≤ 1",
        kind=kind,
        params=params,
        trial=_trial,
        strategy=lambda profile: st.just({}),
        mutants=(),
        report_instances=ByProfile(quick=({},), standard=({},), full=({},)),
        **kw,
    )


# names chosen so that no rule keyed on names could find them
POINTS = Param("points", 300, "data points", int, role=Role.SIZE, cost_exponent=2)
WIDE = Param("wide", 40, "width", int, role=Role.SIZE)
LAYERS = Param("layers", "4,3,3", "widths", str, role=Role.SIZE)
ROUNDS = Param("rounds", 50, "GD steps", int, role=Role.ITERATIONS)
DRAWS = Param("draws", 7, "measurements", int, role=Role.TRIALS)
CAP = Param("cap", 10**9, "a cap on a search", int)
RATE = Param("rate", 2.0, "a rate factor", float, stronger="up")
POWER = Param("power", -0.5, "an exponent", float, stronger="down", exponent=True)


def test_the_estimate_reads_the_roles():
    claim = _claim(POINTS, WIDE, LAYERS, ROUNDS, CAP, RATE)
    values = claim.defaults()
    assert size_parameters(claim, values) == {"points": 300, "wide": 40, "layers[0]": 4, "layers[1]": 3, "layers[2]": 3}
    assert iteration_counts(claim, values) == {"rounds": 50}
    design = design_for(claim, values, alpha=0.01, beta=0.01, epsilon=None, trials=None)
    est = estimate(claim, values, design, torch.float64, 2**40)
    # the cost exponent, not a name; each of the 3 layers of "4,3,3" holds its tensors and does its work
    assert est.elements_per_trial == 300**2 * 3 and est.basis == "points² = 300² × 3 layers"
    assert est.steps == 3 * 50 and est.batches == design.looks * est.trials // design.max_trials
    assert est.flops == 300**2 * 300 * 3 * 50 * est.trials + est.batches * est.steps * STEP_FLOPS
    without = dataclasses.replace(claim, params=(dataclasses.replace(POINTS, cost_exponent=1), WIDE, ROUNDS))
    assert estimate(without, values, design, torch.float64, 2**40).basis == "points·wide = 300·40"


def test_the_design_counts_the_trials_that_the_record_declares():
    claim = _claim(DRAWS, POWER, kind=Kind.SCALING, exponent_param="power")
    design = design_for(claim, claim.defaults(), alpha=0.01, beta=0.01, epsilon=None, trials=None)
    assert design.schedule[0] == 7  # its first look; a scaling claim looks again at 2× and 4× while undecided


def test_the_resolution_shifts_a_declared_exponent_and_scales_any_other_constant():
    claim = _claim(RATE, POWER, CAP, kind=Kind.SCALING, exponent_param="power")
    assert constants(claim) == (RATE, POWER)
    assert not is_additive(claim, RATE) and perturbed_value(claim, RATE, 2.0) == 4.0
    assert is_additive(claim, POWER) and perturbed_value(claim, POWER, 0.5) == -1.0


def test_a_weaker_move_goes_the_other_way_and_a_two_sided_constant_has_none():
    claim = _claim(RATE, POWER, kind=Kind.SCALING, exponent_param="power")
    assert perturbed_value(claim, RATE, 2.0, weaker=True) == 1.0
    assert perturbed_value(claim, POWER, 0.5, weaker=True) == 0.0
    exact = dataclasses.replace(RATE, two_sided=True)
    assert perturbed_value(claim, exact, 2.0) == 4.0  # the resolution tool still moves it its declared way
    with pytest.raises(ValueError, match="two-sided"):
        perturbed_value(claim, exact, 2.0, weaker=True)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"role": Role.SIZE, "stronger": "up"}, "is a constant"),
        ({"exponent": True}, "only a constant"),
        ({"loose": "why"}, "only a constant"),
        ({"two_sided": True}, "only a constant"),
        ({"role": Role.ITERATIONS, "cost_exponent": 2}, "only a size"),
    ],
)
def test_a_role_that_does_not_fit_is_refused(kw, message):
    with pytest.raises(ValueError, match=message):
        Param("x", 1, "x", int, **kw)


def test_a_scaling_exponent_must_declare_itself():
    with pytest.raises(ValueError, match="declare exponent=True"):
        _claim(dataclasses.replace(POWER, exponent=False), kind=Kind.SCALING, exponent_param="power")


def test_loose_marks_the_named_constants_with_their_reason():
    marked = loose((RATE, POWER, CAP), rate="holds at twice the rate (measured)")
    assert [p.loose for p in marked] == ["holds at twice the rate (measured)", "", ""]
    with pytest.raises(ValueError, match="no parameter nosuch"):
        loose((RATE,), nosuch="x")


MODE = Param("mode", "plain", "plain or noisy", str, choices=("plain", "noisy"))
NOISE = Param("noise", 0.1, "noisy: noise scale", float, read_with=("mode", ("noisy",)))


def test_a_parameter_read_only_in_one_mode_is_refused_in_another():
    """Param.read_with: a value away from the default under another mode would change nothing (the runner
    refuses it before any trial); the default, or the parameter's own mode, is accepted."""
    claim = _claim(MODE, NOISE)
    assert claim.unread(claim.resolve({"noise": 0.5})) == [
        "parameter noise is read only with mode=noisy, got mode='plain': add --set mode=noisy"
    ]
    assert claim.unread(claim.resolve()) == []
    assert claim.unread(claim.resolve({"mode": "noisy", "noise": 0.5})) == []
    with pytest.raises(InvalidInputError, match="parameter noise is read only with mode=noisy"):
        prepare(claim, params={"noise": 0.5})


def test_read_with_names_a_parameter_and_values_it_can_take():
    with pytest.raises(InvalidInputError, match="has no parameter 'kind'"):
        _claim(MODE, dataclasses.replace(NOISE, read_with=("kind", ("noisy",))))
    with pytest.raises(InvalidInputError, match="parameter mode must be one of plain, noisy; got 'loud'"):
        _claim(MODE, dataclasses.replace(NOISE, read_with=("mode", ("loud",))))
