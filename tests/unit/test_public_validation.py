"""Every public function of claims.stats and models validates its arguments (issue 21, item 6): a bad value
raises the project's one error type, InvalidInputError, naming the argument (never a raw ZeroDivisionError,
a scipy or torch error, or a nan returned as if it were an answer)."""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil

import pytest
import torch

import models
from claims import stats
from models import (
    coefficient_gd,
    deep_linear,
    deep_smooth,
    dynamics,
    landscapes,
    octopus,
    preactivations,
    shallow_residual,
    shallow_residual_dynamics,
    sigmoid_net,
    teacher_student,
    two_layer,
)
from models import two_layer_bounds as bounds
from models.errors import InvalidInputError

NAN = float("nan")
G = torch.Generator().manual_seed(0)
F64 = torch.float64
DESIGN = stats.SequentialDesign.for_failure_rate(0.1, 0.05, 0.01, 0.01)


def _unit(n, d):
    X = torch.randn(n, d, generator=torch.Generator().manual_seed(1), dtype=F64)
    return X / X.norm(dim=-1, keepdim=True)


X, Y1 = _unit(4, 3), torch.ones(4, dtype=F64)
W0, A0 = torch.ones(6, 3, dtype=F64), torch.ones(6, dtype=F64)
WS = deep_linear.init((2, 3, 2), batch=1, scale=1.0, generator=torch.Generator().manual_seed(2))
XD, YD = deep_linear.gaussian_data(4, (2, 3, 2), batch=1, generator=torch.Generator().manual_seed(3))

#: (call, the argument it must name), one bad value each
STATS = [
    (lambda: stats.failure_rate_lower_bound_by_clopper_pearson(5, 3, 0.05), "failures"),
    (lambda: stats.failure_rate_lower_bound_by_clopper_pearson(1, 3, 1.5), "false_fail_rate"),
    (lambda: stats.failure_rate_upper_bound_by_clopper_pearson(1, 0, 0.05), "trials"),
    (lambda: stats.failure_rate_upper_bound_by_clopper_pearson(1, 3, NAN), "false_pass_rate"),
    (lambda: stats.failure_rate_interval_by_clopper_pearson(5, 3), "failures"),
    (lambda: stats.failure_rate_interval_by_clopper_pearson(1, 3, 0), "confidence"),
    (lambda: stats.refutes_failure_rate_at_most(5, 3, 0.1, 0.05), "failures"),  # was a silent True
    (lambda: stats.refutes_failure_rate_at_most(1, 3, 2.0, 0.05), "delta"),
    (lambda: stats.refutes_failure_rate_at_most(1, 3, NAN, 0.05), "delta"),
    (lambda: stats.refutes_failure_rate_at_most(1, 3, 0.1, 0.0), "level"),
    (lambda: stats.refutes_failure_rate_at_most(0, 0, 0.1, 0.05), "trials"),
    (lambda: stats.supports_failure_rate_at_most(5, 3, 0.1, 0.05), "failures"),  # was a silent False
    (lambda: stats.supports_failure_rate_at_most(1, 3, 0.1, NAN), "level"),
    (lambda: stats.supports_failure_rate_at_most(1.5, 3, 0.1, 0.05), "failures"),
    (lambda: stats.min_num_trials_for_failure_rate_test(0.05, 0.5, 0.01, 0.01), "epsilon"),  # ε > δ: 125 trials
    (lambda: stats.min_num_trials_for_failure_rate_test(0.1, 0.05, NAN, 0.01), "false_fail_rate"),  # not ε
    (lambda: stats.min_num_trials_for_failure_rate_test(0.1, 0.05, 0.01, 2), "false_pass_rate"),
    (lambda: stats.min_num_trials_for_failure_rate_test(0, 0.05, 0.01, 0.01), "delta"),
    (lambda: stats.min_num_trials_for_forall_test(0.0, 0.01), "epsilon"),
    (lambda: stats.min_num_trials_for_forall_test(0.1, 1.0), "false_pass_rate"),
    (lambda: stats.geometric_schedule(0, 3), "n_max"),
    (lambda: stats.geometric_schedule(10, -1), "looks"),
    (lambda: stats.AlphaBudget(NAN), "alpha"),
    (lambda: stats.AlphaBudget(0.01).split("claims", 0), "parts"),
    (lambda: stats.AlphaBudget(0.01).split("claims", 1.5), "parts"),
    (lambda: stats.AlphaBudget(0.01).split("claims", "2"), "parts"),  # was a raw TypeError
    (lambda: stats.AlphaBudget(0.01).split(5, 2), "over"),
    (lambda: stats.fit_power_law_exponent([1, 2, 3], [1, 2, 3], 2), "confidence"),
    (lambda: stats.least_squares_t_intervals([1, 2, 3], [1, 2, 3], 1.0), "confidence"),
    (lambda: stats.least_squares_t_intervals("abc", [1, 2, 3]), "covariates"),
    (lambda: stats.least_squares_t_intervals([1, 2, 3], [1, 2]), "covariates"),
    (lambda: stats.least_squares_t_intervals([1, 2, NAN], [1, 2, 3]), "finite"),
    (lambda: stats.residual_scale([1, 2, 3], [1, 2]), "covariates"),
    (lambda: stats.lack_of_fit_f_test([1, 1, 2, 2, 3], [1, 2, 3]), "x and y"),
    (lambda: stats.lack_of_fit_f_test([1, 1, 2, 2, NAN], [1, 2, 3, 4, 5]), "finite"),
    (lambda: stats.lack_of_fit_f_test("abc", [1, 2, 3]), "x"),
    (lambda: stats.t_half_widths([1, 2, 3], NAN, 3), "scale"),
    (lambda: stats.t_half_widths([1, 2, 3], 0.3, 0), "dof"),
    (lambda: stats.t_half_widths([1, 1, 1], 0.3, 3), "full column rank"),
    (lambda: stats.t_half_widths([1, 2, 3], 0.3, 3, 0.0), "confidence"),
    (lambda: stats.two_stage_t_intervals([1, 2, 3, 4], [1, 2, 3, 5], [1, 1, 1, 0]), "boolean mask"),
    (lambda: stats.two_stage_t_intervals([1, 2, 3, 4], [1, 2, 3, 5], [True, False]), "one entry per row"),
    (lambda: stats.fit_power_law_exponent([1, 2, 3], "abc", 0.9), "value"),  # was a raw ValueError
    (lambda: stats.fit_power_law_exponent("abc", [1, 2, 3], 0.9), "size"),
    (lambda: stats.fit_power_law_exponent([1, 2, 3], [1, 2], 0.9), "size and value"),
    (lambda: stats.SequentialDesign.for_failure_rate(2, 0.5, 0.01, 0.01), "delta"),
    (lambda: stats.SequentialDesign.for_failure_rate(0.1, 0.05, 0.01, 0.01, trials=0), "trials"),
    (lambda: stats.SequentialDesign.for_failure_rate(0.1, 0.05, 0.01, 0.01, max_trials=-1), "max_trials"),
    (lambda: stats.SequentialDesign.bonferroni(0.1, 0.05, 0.01, 0.01, looks=0), "looks"),
    (lambda: stats.SequentialDesign.for_forall(0.0, 0.01), "epsilon"),
    (lambda: DESIGN.decide_codes(1, DESIGN.schedule[0], 99), "look"),  # was a raw IndexError
    (lambda: DESIGN.decide_codes(1, 10, 0), "look 0 of this design"),
    (lambda: DESIGN.decide_codes(-1, DESIGN.schedule[0], 0), "failures"),
    (lambda: DESIGN.decide_codes(1, DESIGN.schedule[0], 0, undecided=-5), "undecided"),
    (lambda: DESIGN.decide_codes(DESIGN.schedule[0], DESIGN.schedule[0], 0, undecided=1), "failures + undecided"),
    (lambda: DESIGN.operating_characteristic(2.0), "p"),  # was nan
    (lambda: DESIGN.operating_characteristic(NAN), "p"),
    (lambda: DESIGN.stop_reason(0, 0, 99), "look"),
    (lambda: DESIGN.stop_reason(-1, 0, 0), "failures"),
    (lambda: DESIGN.stop_reason(0, 1, 0, outside=2), "outside"),  # more outside the premise than counted
    (lambda: DESIGN.undecided_decided(0, 0, 99), "look"),
    (lambda: DESIGN.undecided_decided(0, -1, 0), "undecided"),
]

MODELS = [
    (lambda: bounds.literal_step(0.0, 5), "lam0"),  # was 0: a step of nothing
    (lambda: bounds.literal_step(0.2, 0), "n"),  # was a raw ZeroDivisionError
    (lambda: bounds.radius_lemma3_2(bounds.RADIUS_CONST, 0.05, 0.2, 0), "n"),
    (lambda: bounds.radius_lemma3_2(bounds.RADIUS_CONST, NAN, 0.2, 5), "delta"),
    (lambda: bounds.rprime(4.0, 5, torch.ones(2), 100, 0.0), "lam0"),
    (lambda: bounds.rprime(4.0, 5, torch.ones(2), 0, 0.2), "m"),
    (lambda: bounds.expected_initial_residual_sq(5, NAN), "C"),
    (lambda: bounds.literal_width_lemma3_4(5, 0.0, 0.05, 4.0), "lam0"),  # was a raw ZeroDivisionError
    (lambda: bounds.literal_width_lemma3_4(5, 0.3, 0.0, 4.0), "delta"),
    (lambda: bounds.literal_width_lemma3_4(5, 0.3, 0.05, -1.0), "residual_sq"),
    (lambda: bounds.literal_width_cor4_1(-1, 0.3, 0.05, 4.0), "n"),
    (lambda: bounds.literal_width_thm3_2(5, 0.3, 0.05, NAN), "mean_residual_sq"),
    (lambda: bounds.literal_width_thm4_1(5, 0.3, 1.5, 4.0), "delta"),
    (lambda: two_layer.literal_width_lemma3_1(10, 0.0, 0.05), "lambda0"),  # was a raw ZeroDivisionError
    (lambda: two_layer.literal_width_lemma3_1(10, 0.15, 0.0), "delta"),
    (lambda: two_layer.init(0, 3, generator=G), "m"),
    (lambda: two_layer.init(4, 3, generator=None), "generator"),
    (lambda: two_layer.linear_prediction(torch.eye(3, dtype=F64), torch.ones(3, dtype=F64), 0.0, 5), "eta"),
    (lambda: two_layer.linear_prediction(torch.eye(3, dtype=F64), torch.ones(3, dtype=F64), 0.1, -1), "steps"),
    (lambda: deep_smooth.theorem_width(4, 2, 0.0, 0.05), "lambda0"),  # was a raw ZeroDivisionError
    (lambda: deep_smooth.theorem_width(4, 0, 0.1, 0.05), "depth"),
    (lambda: deep_smooth.geometric_sum(NAN, 3), "alpha"),
    (lambda: deep_smooth.proof_width(4, 2, "softplus", 0.0, 1.0), "lambda0"),
    (lambda: deep_smooth.proof_step(0, 2, "softplus", 0.1), "n"),
    (lambda: octopus.nu(0.0, 1.0, 1.0), "L"),
    (lambda: octopus.nu(1.0, 1.0, NAN), "tau"),
    (lambda: preactivations.choose_route(0, 3), "n"),
    (lambda: teacher_student.flat_population_loss(0, 3), "k"),
    (lambda: teacher_student.spurious_search(3, starts=2, steps=5, eta=0.0, generator=G), "eta"),
    (lambda: teacher_student.spurious_search(3, starts=0, steps=5, eta=0.1, generator=G), "starts"),
    (lambda: landscapes.sym_factorization_flat_loss(3, 0), "r"),
    (lambda: landscapes.random_orthogonal(2, 0, generator=G), "d"),
    (lambda: landscapes.quadratic_gd(torch.eye(2, dtype=F64), torch.ones(1, 2, dtype=F64), NAN, 3), "eta"),
    (lambda: landscapes.psd_tail(torch.ones(3, dtype=F64), -1), "r"),
    (lambda: deep_linear.init((2, 3), batch=0, scale=1.0, generator=G), "batch"),
    (lambda: deep_linear.init((2, 3), batch=1, scale=1.0, generator=5), "generator"),
    (lambda: deep_linear.gd(WS, XD, YD, eta=-0.1, steps=3), "eta"),
    (lambda: deep_linear.gd(WS, XD, YD, eta=torch.tensor([NAN], dtype=F64), steps=3), "eta"),
    (lambda: deep_linear.gd(WS, XD, YD, eta=0.1, steps=-1), "steps"),
    (lambda: deep_linear.step_size(WS, XD, YD, 0.0), "factor"),
    (lambda: deep_linear.gaussian_data(0, (2, 3), batch=1, generator=G), "n"),
    (lambda: deep_linear.with_singular_values(1, 2, 2, 2.0, 1.0, generator=G), "lo must be <= hi"),
    (lambda: deep_linear.gd_refreshed(WS, XD, YD, steps=3, every=0), "every"),
    (lambda: deep_linear.optimal_loss(XD, YD, -1), "rank"),
    (lambda: deep_linear.rate_init((2, 2), batch=0, generator=G), "batch"),
    (lambda: dynamics.gradient_descent(X, Y1, W0, A0, eta=0.0, steps=3), "eta"),
    (lambda: dynamics.gradient_descent(X, Y1, W0, A0, eta=0.1, steps=-3), "steps"),
    (lambda: dynamics.gd_max_distance(X, Y1, W0, A0, eta=NAN, steps=3), "eta"),
    (lambda: dynamics.flow(X, Y1, W0, A0, T=-1.0), "T"),
    (lambda: dynamics.flow(X, Y1, W0, A0, T=1.0, grid=0), "grid"),
    (lambda: dynamics.flow(X, Y1, W0, A0, T=1.0, max_refinements=-1), "max_refinements"),
    (lambda: dynamics.rk4_flow(X, Y1, W0, A0, T=1.0, grid=2, substeps=0), "substeps"),
    (lambda: dynamics.rk4_flow(X, Y1, W0, A0, T=0.0, grid=2, substeps=1), "T"),
    (lambda: dynamics.gd_over_widths(X, Y1, [4], generator=G, steps=3, eta_scale=0.0), "eta_scale"),
    (lambda: coefficient_gd.gradient_descent(X, Y1, W0, A0, eta=0.0, steps=3), "eta"),
    (lambda: shallow_residual.teacher(1, 0, 1.0, generator=G), "d"),
    (lambda: shallow_residual.random_init(1, 3, generator="seed"), "generator"),
    (lambda: shallow_residual.inputs(1, 4, 3, scale=0.0, generator=G), "scale"),
    (lambda: shallow_residual.spectrum(torch.eye(4, dtype=F64)[None], 0), "n"),
    (lambda: shallow_residual.flip_error_bound(torch.ones(1, dtype=F64), 10, 1.0), "confidence"),
    (lambda: shallow_residual_dynamics.iterations_to(torch.ones(1, 2, dtype=F64), 0.0), "threshold"),
    (lambda: sigmoid_net.newton_refine(None, None, None, None, steps=-1), "steps"),
    (lambda: sigmoid_net.levenberg_marquardt(None, None, None, None, steps=3, mu=0.0), "mu"),
]


@pytest.mark.parametrize(("call", "name"), STATS + MODELS)
def test_a_bad_argument_raises_invalid_input_naming_it(call, name):
    with pytest.raises(InvalidInputError) as info:
        call()
    assert name in str(info.value), str(info.value)


def test_every_public_statistic_has_a_row():
    """Each name in claims.stats.__all__ that is a function or a class with public methods is called above."""
    import claims.engine.sequential as seq

    covered = "\n".join(inspect.getsource(call) for call, _ in STATS)
    for name in stats.__all__:
        obj = getattr(stats, name)
        if inspect.isfunction(obj) or name in ("AlphaBudget", "SequentialDesign"):
            assert f"stats.{name}" in covered, name
    methods = [m for m, v in vars(seq.SequentialDesign).items() if not m.startswith("_") and callable(v)]
    for method in set(methods) - {"describe", "error_rates", "futility_rule"}:  # no argument to validate
        assert f".{method}(" in covered, method


def _scalar_only():
    """Public functions of models whose required arguments are all annotated int or float."""
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"models.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__ or name.startswith("check_"):
                continue
            required = [
                p
                for p in inspect.signature(fn).parameters.values()
                if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
            ]
            kinds = [str(p.annotation) for p in required]
            if required and all(k in ("int", "float") for k in kinds):
                yield pytest.param(
                    fn, {p.name: (4 if k == "int" else 0.3) for p, k in zip(required, kinds, strict=True)}, id=name
                )


@pytest.mark.parametrize(("fn", "good"), list(_scalar_only()))
@pytest.mark.parametrize("bad", [0, -1, NAN, math.inf])
def test_a_scalar_function_refuses_or_answers_finitely(fn, good, bad):
    """Every argument of a scalar function at 0, −1, nan and inf: InvalidInputError naming it, or a finite
    answer (never a raw ZeroDivisionError or a nan, inf or negative width passed on as a result)."""
    fn(**good)
    for name in good:
        try:
            value = fn(**{**good, name: bad})
        except InvalidInputError as exc:
            assert name in str(exc), (fn.__name__, name, str(exc))
            continue
        if isinstance(value, int | float):
            assert math.isfinite(value), (fn.__name__, name, bad, value)
